(* A pending handler of plugin code keeps the code alive after every other reference is dropped. *)

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

exception Boom_host
type plug_guard = {
  boom_exn : exn;
  boom : int -> unit;
  message : string;
  guarded : (unit -> int) -> int;
}
external load_guard : string -> plug_guard = "zvm_dynlink_loadfile_private"

let plugin = ref None
let setup () = plugin := Some (load_guard "plug_guard.zbc")

let () =
  segments "at start";
  setup ();
  segments "plugin loaded";
  let result =
    match !plugin with
    | None -> 0
    | Some p ->
        let boom = p.boom in
        p.guarded (fun () ->
            plugin := None;
            segments "inside the callback, every reference dropped";
            boom 12;
            0)
  in
  print "guarded returned "; print_int result; line "";
  segments "after the handler returned"
