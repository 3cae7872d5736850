(* Records (mutable, float), arrays, strings and bytes, refs. *)
external ( + ) : int -> int -> int = "%addint"
external ( +. ) : float -> float -> float = "%addfloat"
external length : 'a array -> int = "%array_length"
external get : 'a array -> int -> 'a = "%array_unsafe_get"
external set : 'a array -> int -> 'a -> unit = "%array_unsafe_set"
external sget : string -> int -> char = "%string_unsafe_get"
external bget : bytes -> int -> char = "%bytes_unsafe_get"
external bset : bytes -> int -> char -> unit = "%bytes_unsafe_set"
external make : int -> 'a -> 'a array = "caml_make_vect"
type 'a ref = { mutable contents : 'a }
external ref : 'a -> 'a ref = "%makemutable"
external ( ! ) : 'a ref -> 'a = "%field0"
external ( := ) : 'a ref -> 'a -> unit = "%setfield0"
external incr : int ref -> unit = "%incr"
type point = { x : int; y : int; mutable z : int }
type fpoint = { fx : float; mutable fy : float }
type big = { a : int; b : int; c : int; d : int; e : int; f : int }
let p = { x = 1; y = 2; z = 3 }
let getx q = q.x + q.y + q.z
let setz q v = q.z <- v
let fp a = { fx = a; fy = a +. 1.0 }
let getfy q = q.fy
let setfy q v = q.fy <- v
let mk a = { a; b = a; c = a; d = a; e = a; f = a }
let getf r = r.f + r.e
let arr = [| 1; 2; 3 |]
let farr a b = [| a; b; a +. b |]
let sum a = get a 0 + get a 1 + length a
let upd a = set a 0 5
let ch s = sget s 0
let bch b = bget b 1
let bupd b = bset b 0 'z'
let counter = ref 0
let bump () = incr counter; counter := !counter + 2; !counter
let m = make 3 0
let empty = [||]
