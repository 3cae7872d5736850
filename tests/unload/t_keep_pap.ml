(* A kept partial application (its field 2 is the plugin's closure) keeps the code alive. *)

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
let segments what =
  full_major ();
  print what; print ": "; print_int (live_segments ()); line " segments"

type plug_simple = {
  greeting : string;
  add : int -> int -> int;
  double : int -> int;
  even : int -> bool;
  odd : int -> bool;
}
external load_simple : string -> plug_simple = "zvm_dynlink_loadfile_private"

let kept = ref (fun (x : int) -> x)
let setup () = kept := (load_simple "plug_simple.zbc").add 40

let () =
  segments "at start";
  setup ();
  segments "a partial application kept";
  print "kept 2 = "; print_int (!kept 2); line "";
  kept := (fun x -> x);
  segments "partial application dropped"
