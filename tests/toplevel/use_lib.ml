(* Loaded by modules.ml with #use. *)
let greet name = "hello, " ^ name;;
let shout s = s ^ "!";;
