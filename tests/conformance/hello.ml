(* The smallest complete program: open stdout, write, flush.
   Self-contained: declares its own primitives. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"

let stdout = open_descriptor_out 1

let print_string s = output stdout s 0 (string_length s)

let () =
  print_string "Hello, world!\n";
  (* a slice of a string *)
  output stdout "<<partial>>" 2 7;
  output_char stdout '\n';
  (* an empty write is allowed *)
  output stdout "" 0 0;
  print_string "bye";
  output_char stdout '\n';
  flush stdout
