(* Io: the output primitives of this multi-module test (it does not use
   the suite's Prelude). *)

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
let print_int n = print_string (format_int "%d" n)
let print_newline () = output_char stdout '\n'; flush stdout
