(* A plugin: toplevel functions, a `let rec ... and ...`, literals of every
   kind (a string, a float, a structured constant) and an exception. The
   host loads it, uses it, drops it, and watches its code go away. *)

external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( = ) : int -> int -> bool = "%equal"
external ( < ) : int -> int -> bool = "%lessthan"
external raise : exn -> 'a = "%raise"
external float_of_int : int -> float = "%floatofint"
external int_of_float : float -> int = "%intoffloat"
external ( *. ) : float -> float -> float = "%mulfloat"

exception Negative of int

let name = "plugin v1"
let scale = 2.5
let table = [ (1, "one"); (2, "two"); (3, "three") ]

let rec even n = if n = 0 then true else odd (n - 1)
and odd n = if n = 0 then false else even (n - 1)

let rec lookup k = function
  | [] -> "?"
  | (k', v) :: rest -> if k = k' then v else lookup k rest

(* The function the host calls: uses every literal above. *)
let run x =
  if x < 0 then raise (Negative x);
  let y = if even x then x * 2 else x * 3 in
  y + int_of_float (scale *. float_of_int x)

let describe k = lookup k table
