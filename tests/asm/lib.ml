(* A library module, imported by user.ml. *)
external ( + ) : int -> int -> int = "%addint"
let twice x = x + x
let value = 21
exception Lib_error of int
