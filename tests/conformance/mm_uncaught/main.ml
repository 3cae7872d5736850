(* Main: tokenizes expressions with Lexer, printing the tokens; the first
   bad input is caught and reported, the second escapes: ocamlrun prints
   "Fatal error: exception Lexer.Error(\"unexpected character\", 7)",
   qualified by the defining module, after flushing pending output. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"

let stdout = open_descriptor_out 1
let print_string s = output stdout s 0 (string_length s)

let show_token = function
  | Lexer.Num n -> print_string (format_int "%d" n)
  | Lexer.Op c -> output_char stdout c
  | Lexer.Lparen -> print_string "("
  | Lexer.Rparen -> print_string ")"

let rec iter f = function [] -> () | x :: rest -> f x; iter f rest

let show input =
  print_string input; print_string " -> ";
  iter (fun t -> show_token t; print_string " ") (Lexer.tokenize input);
  print_string "\n"; flush stdout

let () =
  show "1 + 2";
  show "(12 * 34) - 5/6";
  (try show "7 % 3" with Lexer.Error (msg, pos) ->
     print_string "\ncaught: "; print_string msg; print_string " at ";
     print_string (format_int "%d" pos); print_string "\n");
  print_string "this line is pending when the exception escapes\n";
  show "2 * (3 # 4)"
