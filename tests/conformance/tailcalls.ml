(* Tail calls in loops of 10 million iterations: direct self-recursion,
   recursion through a closure, mutual recursion, tail calls with more
   arguments than the caller has, and tail calls from match branches.
   None of them may grow the stack. *)
open Prelude

let n = 10_000_000

let show name v = print_string name; print_string ": "; print_int v;
  print_newline ()

(* self tail call, accumulator *)
let rec sum i acc = if i > n then acc else sum (i + 1) (acc + i)

(* mutual tail recursion *)
let rec even k = if k = 0 then true else odd (k - 1)
and odd k = if k = 0 then false else even (k - 1)

(* tail call to a function with more parameters (APPTERM with 4 args) *)
let rec grow a = if a >= n then a else spread a 1 2 3
and spread a b c d = grow (a + b + c + d - 5)

(* tail calls to a closure passed as an argument *)
let rec loop_with f i acc = if i = 0 then acc else loop_with f (i - 1) (f acc)

(* tail calls from the branches of a match on a variant *)
type state = Start | Count of int | Done of int

let rec machine s =
  match s with
  | Start -> machine (Count 0)
  | Count k when k >= n -> machine (Done k)
  | Count k -> machine (Count (k + 1))
  | Done k -> k

(* a local recursive closure with free variables, tail-calling itself *)
let count_multiples m =
  let rec go i acc =
    if i > n then acc else go (i + 1) (if i mod m = 0 then acc + 1 else acc)
  in
  go 1 0

(* tail call through a partial application *)
let rec countdown step i = if i <= 0 then i else (countdown step) (i - step)

(* while and for loops of the same length, for comparison *)
let while_sum () =
  let i = ref 0 and acc = ref 0 in
  while !i < n do incr i; acc := !acc + (!i land 7) done;
  !acc

let () =
  show "sum 1..10^7" (sum 1 0);
  show "even 10^7" (if even n then 1 else 0);
  show "odd 10^7 + 1" (if odd (n + 1) then 1 else 0);
  show "grow" (grow 0);
  show "loop_with (+3)" (loop_with (fun x -> x + 3) n 0);
  show "loop_with (xor)" (loop_with (fun x -> (x * 31 + 7) land 0xFFFF) n 1);
  show "machine" (machine Start);
  show "multiples of 7" (count_multiples 7);
  show "countdown" (countdown 3 n);
  show "while_sum" (while_sum ())
