(* Closures, let rec, mutual recursion, partial application, tail calls. *)
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( < ) : int -> int -> bool = "%lessthan"
external ( = ) : int -> int -> bool = "%equal"

let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)
let rec even n = if n = 0 then true else odd (n - 1)
and odd n = if n = 0 then false else even (n - 1)
let rec a1 n = if n = 0 then 1 else b1 (n - 1)
and b1 n = if n = 0 then 2 else c1 (n - 1)
and c1 n = if n = 0 then 3 else a1 (n - 1)
let add3 x y z = x + y + z
let add5 a b c d e = a + b + c + d + e
let partial = add3 1
let twice f x = f (f x)
let apply5 () = add5 1 2 3 4 5
let make_counter start =
  let k = start * 2 in
  let step = 7 in
  fun x -> x + k + step
let compose f g x = f (g x)
let big_env a b c d e f g h = fun x -> a + b + c + d + e + f + g + h + x
let rec loop acc n = if n = 0 then acc else loop (acc + n) (n - 1)
let r = twice (fun x -> x * 3) 5 + partial 2 3 + loop 0 10 + (make_counter 4) 1
