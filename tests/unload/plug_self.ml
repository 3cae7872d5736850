(* A plugin function that has the host drop the last reference to its
   module and collect, then goes on running: it must finish correctly
   with its literals and its sibling functions. *)
external ( + ) : int -> int -> int = "%addint"
external ( * ) : int -> int -> int = "%mulint"
external string_length : string -> int = "%string_length"
external int_of_float : float -> int = "%intoffloat"
external ( *. ) : float -> float -> float = "%mulfloat"
let words = [ "unloading"; "is"; "just"; "unreachability" ]
let weight = 2.5
let rec total = function [] -> 0 | w :: l -> string_length w + total l
let run drop =
  drop ();
  total words * 10 + int_of_float (weight *. 4.0)
