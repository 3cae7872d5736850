(* C calls (1..5 arguments and C_CALLN), many-argument applications
   (push_retaddr), partial application (grab/restart), offsetref. *)
external ( + ) : int -> int -> int = "%addint"
external c1 : int -> int = "zvm_c1"
external c2 : int -> int -> int = "zvm_c2"
external c3 : int -> int -> int -> int = "zvm_c3"
external c4 : int -> int -> int -> int -> int = "zvm_c4"
external c5 : int -> int -> int -> int -> int -> int = "zvm_c5"
external c6 : int -> int -> int -> int -> int -> int -> int = "zvm_c6_bc" "zvm_c6"
external c7 : int -> int -> int -> int -> int -> int -> int -> int = "zvm_c7_bc" "zvm_c7"
type 'a ref = { mutable contents : 'a }
external ref : 'a -> 'a ref = "%makemutable"
external incr : int ref -> unit = "%incr"
external decr : int ref -> unit = "%decr"
let all x = c1 x + c2 x x + c3 x x x + c4 x x x x + c5 x x x x x + c6 x x x x x x + c7 x x x x x x x
let f4 a b c d = a + b + c + d
let f6 a b c d e f = a + b + c + d + e + f
let g () = f4 1 2 3 4 + f6 1 2 3 4 5 6
let h x = let p = f6 x x in p 1 2 3 4
let cnt = ref 0
let bump () = incr cnt; decr cnt; incr cnt
let tail4 a = f4 a a a a
