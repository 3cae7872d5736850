(* Refused at load time: it calls a primitive zvm does not have. *)
external mystery : int -> int = "caml_no_such_primitive"
let f x = mystery x
