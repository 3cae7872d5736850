(* The 2003 experiment, bettered: load the plugin N times (default
   1,000,000) with loadfile_private, call one of its functions each time,
   drop it. Memory stays flat: each load's code, literals and global slots
   are freed by the collector. Prints loads per second and the segments
   still alive after a final collection (only this program's own).

     zvm run --stats churn.zbc [N] [PLUGIN]                              *)

external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( = ) : int -> int -> bool = "%equal"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( >. ) : float -> float -> bool = "%greaterthan"
external ( /. ) : float -> float -> float = "%divfloat"
external ( -. ) : float -> float -> float = "%subfloat"
external float_of_int : int -> float = "%floatofint"
external int_of_float : float -> int = "%intoffloat"
external argv : string array = "%sys_argv"
external array_length : 'a array -> int = "%array_length"
external array_get : 'a array -> int -> 'a = "%array_safe_get"
external int_of_string : string -> int = "caml_int_of_string"
external time : unit -> float = "caml_sys_time"
external live_segments : unit -> int = "zvm_gc_live_segments"
external full_major : unit -> unit = "caml_gc_full_major"
type out_channel
external open_out : int -> out_channel = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"

type plugin = {
  negative : exn;
  name : string;
  scale : float;
  table : (int * string) list;
  even : int -> bool;
  odd : int -> bool;
  lookup : int -> (int * string) list -> string;
  run : int -> int;
  describe : int -> string;
}

external loadfile_private : string -> plugin = "zvm_dynlink_loadfile_private"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let line s n = print s; print (format_int "%d" n); output_char stdout '\n'; flush stdout

let args = argv
let n = if array_length args > 1 then int_of_string (array_get args 1) else 1000000
let file = if array_length args > 2 then array_get args 2 else "plugin.zbc"

(* One load: the plugin and everything from it is garbage on return. *)
external ( land ) : int -> int -> int = "%andint"
let once i = (loadfile_private file).run (i land 15)

let rec loop i acc = if i = n then acc else loop (i + 1) (acc + once i)

let () =
  let t0 = time () in
  let total = loop 0 0 in
  let t1 = time () in
  full_major ();
  line "loads: " n;
  line "checksum: " total;
  line "segments live after a full collection: " (live_segments ());
  if t1 -. t0 >. 0.0 then
    line "loads per second: " (int_of_float (float_of_int n /. (t1 -. t0)))
