(* For `zvm run --heap-dot`: a program that keeps a closure of a plugin in
   a global, so that the plugin is still alive when it ends. *)
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

let kept = (loadfile_private "plugin.zbc").run
