(* A plugin with a literal, a two-argument function (for partial
   application), a one-argument one, and a let rec ... and ... pair (whose
   second closure is an infix pointer into a shared block). *)
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( = ) : int -> int -> bool = "%equal"

let greeting = "hello from plug_simple"
let add x y = x + y
let double x = x * 2
let rec even n = if n = 0 then true else odd (n - 1)
and odd n = if n = 0 then false else even (n - 1)
