(* A plugin that imports another plugin (Plug_lib). *)
external ( + ) : int -> int -> int = "%addint"
let scale_plus_one x = Plug_lib.scale x + 1
