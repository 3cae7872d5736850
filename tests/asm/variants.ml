(* Variants, switches, exceptions, try/with, match on ints and chars. *)
external ( + ) : int -> int -> int = "%addint"
external ( < ) : int -> int -> bool = "%lessthan"
external ( >= ) : int -> int -> bool = "%greaterequal"
external raise : exn -> 'a = "%raise"
external ( && ) : bool -> bool -> bool = "%sequand"
external ( || ) : bool -> bool -> bool = "%sequor"
external not : bool -> bool = "%boolnot"
external raise_notrace : exn -> 'a = "%raise_notrace"

type t = A | B | C of int | D of string | E of int * int | F
exception Oops of int
exception Plain
let f = function A -> 0 | B -> 1 | C n -> n | D _ -> 3 | E (x, y) -> x + y | F -> 5
let g x = match x with 0 -> 10 | 1 -> 20 | 2 -> 30 | 3 -> 40 | 4 -> 50 | 5 -> 60 | 6 -> 70 | _ -> 0
let classify c = match c with 'a' .. 'z' -> 1 | 'A' .. 'Z' -> 2 | '0' .. '9' -> 3 | _ -> 0
let h x = try if x < 0 then raise (Oops x) else x with Oops y -> y + 1
let k x = try if x >= 10 then raise Plain else x with Plain -> 0 | Not_found -> 1
let nt x = if x < 0 then raise_notrace Plain else x
let opt = function None -> 0 | Some x -> x
let lst = function [] -> 0 | [x] -> x | x :: y :: _ -> x + y
let poly = function `Red -> 1 | `Green -> 2 | `Rgb (r, _, _) -> r
let fail () = raise Not_found
let both a b = a && b
let either a b = a || b
let neg a = not a
