(* Loads that fail -- a bad file, a missing file, a missing primitive, an
   interface CRC mismatch, code the verifier refuses -- raise a catchable
   Failure, and leave the counters and the live heap as they were. *)

(* Included (by gen.sh) at the top of every host: the primitives a host
   uses, without the Stdlib. *)
type out_channel
external open_out : int -> out_channel = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( = ) : 'a -> 'a -> bool = "%equal"
external raise : exn -> 'a = "%raise"
external full_major : unit -> unit = "caml_gc_full_major"
external live_segments : unit -> int = "zvm_gc_live_segments"
type 'a ref = { mutable contents : 'a }
external ref : 'a -> 'a ref = "%makemutable"
external ( ! ) : 'a ref -> 'a = "%field0"
external ( := ) : 'a ref -> 'a -> unit = "%setfield0"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s); flush stdout
let print_int n = print (format_int "%d" n)
let line s = print s; output_char stdout '\n'; flush stdout

(* Collect, then report how many code segments are alive (this host's own
   is always one of them). *)
external load : string -> unit = "zvm_dynlink_loadfile"
external counters : unit -> int array = "zvm_gc_counters"
external array_get : 'a array -> int -> 'a = "%array_safe_get"

(* Collect, then read the counters (the array is garbage right after). *)
let count i = full_major (); array_get (counters ()) i
let show what =
  let segments = count 0 in
  let slots = count 1 in
  let registered = count 2 in
  print what; print ": segments "; print_int segments; print ", global slots ";
  print_int slots; print ", modules registered "; print_int registered; line ""

let try_load file =
  print "loading "; line file;
  match load file with
  | () -> line "  loaded?!"
  | exception Failure msg -> print "  Failure \""; print msg; line "\""

let () =
  show "baseline";
  let heap = count 3 in
  try_load "plug_junk.zbc";
  try_load "plug_missing.zbc";
  try_load "plug_noprim.zbc";
  try_load "plug_crc_user.zbc";
  try_load "plug_badcode.zbc";
  show "after five failed loads";
  print "live heap words back to the baseline: ";
  line (if count 3 = heap then "yes" else "NO")
