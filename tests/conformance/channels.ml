(* Output channels: several channels on the same descriptor have separate
   buffers, so the order of flushes decides the order of output;
   caml_ml_output_bytes, caml_ml_output_char and partial writes; a
   72 KB write through one channel (larger than the channel buffer);
   stdout and stderr written alternately.  Self-contained. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_bytes : out_channel -> bytes -> int -> int -> unit
  = "caml_ml_output_bytes"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external bytes_create : int -> bytes = "caml_create_bytes"
external bytes_set : bytes -> int -> char -> unit = "%bytes_safe_set"
external bytes_length : bytes -> int = "%bytes_length"
external fill_bytes : bytes -> int -> int -> char -> unit = "caml_fill_bytes"
external format_int : string -> int -> string = "caml_format_int"
external blit_string : string -> int -> bytes -> int -> int -> unit = "caml_blit_string"
external bytes_to_string : bytes -> string = "%bytes_to_string"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( mod ) : int -> int -> int = "%modint"
external chr : int -> char = "%identity"

let out1 = open_descriptor_out 1
let out2 = open_descriptor_out 1
let err = open_descriptor_out 2

let print oc s = output oc s 0 (string_length s)

let ( ^ ) a b =
  let la = string_length a and lb = string_length b in
  let r = bytes_create (la + lb) in
  blit_string a 0 r 0 la;
  blit_string b 0 r la lb;
  bytes_to_string r

let () =
  (* written first through out1, but flushed second *)
  print out1 "written first (out1), flushed second\n";
  print out2 "written second (out2), flushed first\n";
  flush out2;
  flush out1;
  (* bytes, characters and a slice *)
  let b = bytes_create 10 in
  for i = 0 to 9 do bytes_set b i (chr (48 + i)) done;
  output_bytes out1 b 0 10;
  output_char out1 '\n';
  output_bytes out1 b 3 4;
  output_char out1 '|';
  output out1 "abcdefgh" 5 3;
  output_char out1 '\n';
  flush out1;
  (* a big write: 72000 bytes in lines of 60 *)
  let line = bytes_create 60 in
  fill_bytes line 0 59 '=';
  bytes_set line 59 '\n';
  for i = 0 to 1199 do
    bytes_set line 0 (chr (65 + i mod 26));
    output_bytes out1 line 0 (bytes_length line)
  done;
  print out1 "after the big write\n";
  flush out1;
  (* stderr and stdout alternately, each flushed at once *)
  for i = 1 to 3 do
    print out1 ("stdout " ^ format_int "%d" i ^ "\n"); flush out1;
    print err ("stderr " ^ format_int "%d" i ^ "\n"); flush err
  done
