(* caml_sys_exit exits at once with the given status, WITHOUT flushing
   the channels (Stdlib.exit flushes them first; the raw primitive does
   not): the second line below is lost under ocamlrun.  Self-contained. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external sys_exit : int -> 'a = "caml_sys_exit"

let stdout = open_descriptor_out 1
let stderr = open_descriptor_out 2
let print oc s = output oc s 0 (string_length s)

let () =
  print stdout "this line is flushed\n";
  flush stdout;
  print stderr "so is this one, on stderr\n";
  flush stderr;
  print stdout "this line is still in the buffer when the program exits\n";
  print stderr "and so is this one\n";
  sys_exit 3

let () = print stdout "never reached\n"; flush stdout
