(* A plugin that keeps other code's closures in its own data. *)
type 'a ref = { mutable contents : 'a }
external ( + ) : int -> int -> int = "%addint"
let table : (int -> int) list ref = { contents = [] }
let put f = table.contents <- f :: table.contents
let clear () = table.contents <- []
let rec sum x = function [] -> 0 | f :: l -> f x + sum x l
let call_all x = sum x table.contents
