(* An uncaught Failure ends the program: ocamlrun flushes the open
   channels (including the unflushed text written below, on stdout and
   stderr), prints "Fatal error: exception Failure(\"boom\")" on stderr
   and exits with status 2.  Self-contained. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external raise : exn -> 'a = "%raise"

let stdout = open_descriptor_out 1
let stderr = open_descriptor_out 2
let print oc s = output oc s 0 (string_length s)

let () =
  print stdout "flushed line\n";
  flush stdout;
  print stdout "unflushed line, no newline";
  print stderr "unflushed text on stderr\n";
  raise (Failure "boom")

let () = print stdout "never printed\n"; flush stdout
