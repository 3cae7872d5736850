(* Load a plugin, use it, drop it, and watch its code segment go.
   Run it with `zvm run --trace=load,unload host.zbc` to see the events. *)

external ( + ) : int -> int -> int = "%addint"
external live_segments : unit -> int = "zvm_gc_live_segments"
external full_major : unit -> unit = "caml_gc_full_major"
type out_channel
external open_out : int -> out_channel = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"

(* The plugin's module, seen as a record of its values in declaration
   order (the exception constructor comes first). *)
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
let print_int n = print (format_int "%d" n)
let line s n = print s; print_int n; output_char stdout '\n'; flush stdout

(* Everything taken from the plugin stays inside this function: once it
   returns, nothing references the plugin any more. *)
let use_plugin file =
  let p = loadfile_private file in
  print "loaded \""; print p.name; print "\", run 10 = "; print_int (p.run 10);
  print ", describe 2 = "; print (p.describe 2); output_char stdout '\n';
  line "segments live while in use: " (live_segments ());
  p.run

let () =
  line "segments live at start: " (live_segments ());
  let kept = use_plugin "plugin.zbc" in
  full_major ();
  line "segments live, one closure kept: " (live_segments ());
  line "the kept closure still runs: kept 4 = " (kept 4)

let () =
  full_major ();
  line "segments live after dropping it: " (live_segments ())
