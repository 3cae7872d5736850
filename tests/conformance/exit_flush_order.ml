(* At the end of the program ocamlrun flushes every open output channel,
   oldest first (Stdlib.flush_all over caml_ml_out_channels_list): here
   three channels on stdout, opened in the order a, b, c but written in
   the order c, a, b and never flushed, come out as a, b, c.
   Self-contained. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external string_length : string -> int = "%string_length"

let a = open_descriptor_out 1
let b = open_descriptor_out 1
let c = open_descriptor_out 1

let print oc s = output oc s 0 (string_length s)

let () =
  print c "written first, through c (opened third)\n";
  print a "written second, through a (opened first)\n";
  print b "written third, through b (opened second)\n";
  print c "c again\n"
