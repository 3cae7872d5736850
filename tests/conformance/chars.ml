(* Characters: codes, conversions (with char_of_int's range check), case
   mapping by arithmetic, comparisons, escapes for printing, and a
   frequency count over a string.  Self-contained. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external string_get : string -> int -> char = "%string_safe_get"
external format_int : string -> int -> string = "caml_format_int"
external code : char -> int = "%identity"
external unsafe_chr : int -> char = "%identity"
external raise : exn -> 'a = "%raise"
external make : int -> 'a -> 'a array = "caml_make_vect"
external array_get : 'a array -> int -> 'a = "%array_safe_get"
external array_set : 'a array -> int -> 'a -> unit = "%array_safe_set"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( < ) : char -> char -> bool = "%lessthan"
external ( <= ) : char -> char -> bool = "%lessequal"
external ( >= ) : char -> char -> bool = "%greaterequal"
external ( = ) : char -> char -> bool = "%equal"
external int_lt : int -> int -> bool = "%lessthan"
external int_gt : int -> int -> bool = "%greaterthan"
external compare : char -> char -> int = "%compare"
external ( || ) : bool -> bool -> bool = "%sequor"
external ( && ) : bool -> bool -> bool = "%sequand"

let stdout = open_descriptor_out 1
let print_char c = output_char stdout c
let print_string s = output stdout s 0 (string_length s)
let print_int n = print_string (format_int "%d" n)
let nl () = print_char '\n'

let chr n =
  if int_lt n 0 || int_gt n 255 then raise (Invalid_argument "Char.chr")
  else unsafe_chr n

let uppercase c = if c >= 'a' && c <= 'z' then unsafe_chr (code c - 32) else c
let lowercase c = if c >= 'A' && c <= 'Z' then unsafe_chr (code c + 32) else c

(* as Char.escaped, printing instead of building a string *)
let print_escaped c =
  match c with
  | '\'' -> print_string "\\'"
  | '\\' -> print_string "\\\\"
  | '\n' -> print_string "\\n"
  | '\t' -> print_string "\\t"
  | '\r' -> print_string "\\r"
  | '\b' -> print_string "\\b"
  | ' ' .. '~' -> print_char c
  | _ -> print_char '\\'; print_string (format_int "%03d" (code c))

let print_chars s f =
  for i = 0 to string_length s - 1 do f (string_get s i) done;
  nl ()

let () =
  print_int (code 'A'); print_char ' '; print_int (code '\000'); print_char ' ';
  print_int (code '\255'); print_char ' '; print_int (code '\n'); nl ();
  print_char (chr 72); print_char (chr 105); nl ();
  (match chr 256 with
   | _ -> print_string "no error?"; nl ()
   | exception Invalid_argument m -> print_string m; nl ());
  (match chr (-1) with
   | _ -> print_string "no error?"; nl ()
   | exception Invalid_argument m -> print_string m; nl ());
  print_chars "Hello, World! 123 xyz" (fun c -> print_char (uppercase c));
  print_chars "Hello, World! 123 XYZ" (fun c -> print_char (lowercase c));
  print_chars "tab\t nl\n quote' bs\\ bell\007 del\127 hi\200 cr\r bs\b"
    print_escaped;
  (* all the printable ASCII characters, in order *)
  for i = 32 to 126 do print_char (chr i) done; nl ();
  (* comparisons are by code *)
  print_int (compare 'a' 'b'); print_char ' '; print_int (compare 'z' 'a');
  print_char ' '; print_int (compare 'q' 'q'); print_char ' ';
  print_int (compare '\255' '\000'); nl ();
  (* letter frequencies *)
  let counts = make 26 0 in
  let text = "the quick brown fox jumps over the lazy dog and then some" in
  for i = 0 to string_length text - 1 do
    let c = string_get text i in
    if c >= 'a' && c <= 'z' then begin
      let k = code c - code 'a' in
      array_set counts k (array_get counts k + 1)
    end
  done;
  for k = 0 to 25 do
    let n = array_get counts k in
    if int_gt n 1 then begin
      print_char (chr (k + code 'a')); print_char '='; print_int n; print_char ' '
    end
  done;
  nl ();
  flush stdout
