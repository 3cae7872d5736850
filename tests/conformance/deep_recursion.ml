(* Deep non-tail recursion, 100000 to 200000 frames: a naive sum, a naive
   map and append over long lists, a deeply nested structure built and
   traversed recursively, and mutual non-tail recursion.  All of this
   fits in ocamlrun's default stack (1M words). *)
open Prelude

let rec sum n = if n = 0 then 0 else n + sum (n - 1)

let rec upto i n = if i > n then [] else i :: upto (i + 1) n
let rec map f = function [] -> [] | x :: l -> let y = f x in y :: map f l
let rec append a b = match a with [] -> b | x :: r -> x :: append r b
let rec length = function [] -> 0 | _ :: l -> 1 + length l
let rec fold_right f l acc = match l with [] -> acc | x :: r -> f x (fold_right f r acc)

type nest = Bottom | Wrap of nest * int

let rec build n = if n = 0 then Bottom else Wrap (build (n - 1), n)
let rec depth = function Bottom -> 0 | Wrap (inner, _) -> 1 + depth inner
let rec total = function Bottom -> 0 | Wrap (inner, k) -> k + total inner

let rec ping n = if n = 0 then 0 else 1 + pong (n - 1)
and pong n = if n = 0 then 0 else 2 + ping (n - 1)

let () =
  print_int (sum 100000); print_newline ();
  print_int (sum 150000); print_newline ();
  let l = upto 1 100000 in
  print_int (length l); print_newline ();
  let doubled = map (fun x -> 2 * x) l in
  print_int (fold_right ( + ) doubled 0); print_newline ();
  print_int (length (append l l)); print_newline ();
  let n = build 100000 in
  print_int (depth n); print_string " "; print_int (total n); print_newline ();
  print_int (ping 100001); print_newline ();
  (* a recursion that goes deep, returns, and goes deep again *)
  let rec again k acc =
    if k = 0 then acc else again (k - 1) ((acc * 31 + sum (50000 + k)) mod 1000003) in
  print_int (again 10 0); print_newline ()
