(* Over-application: a function of arity n returning a function is applied
   to more than n arguments at once, in tail and non-tail position. *)
open Prelude

let show name v = print_string name; print_string " = "; print_int v;
  print_newline ()

(* arity 1, returns a function of arity 2 *)
let choose op = if op = 0 then (fun a b -> a + b) else (fun a b -> a * b)

(* arity 2, returns a closure of arity 1 that returns a closure of arity 2 *)
let curry_chain a b = fun c -> let ab = a + b + c in fun d e -> ab * d - e

let id x = x
let apply f x = f x
let twice f = fun x -> f (f x)

(* over-application in tail position (APPTERM with extra arguments) *)
let tail_over op x y = choose op x y
let tail_over_deep a b c d e = curry_chain a b c d e

(* the result of over-application is itself a function *)
let adder_maker a = fun b -> fun c -> a + b + c

let () =
  show "choose 0 3 4" (choose 0 3 4);
  show "choose 1 3 4" (choose 1 3 4);
  show "curry_chain 1 2 3 4 5" (curry_chain 1 2 3 4 5);
  show "tail_over 0 10 20" (tail_over 0 10 20);
  show "tail_over 1 10 20" (tail_over 1 10 20);
  show "tail_over_deep 1 1 1 10 3" (tail_over_deep 1 1 1 10 3);
  (* identity and apply over-applied *)
  show "id choose 1 6 7" (id choose 1 6 7);
  show "apply choose 0 6 7" (apply choose 0 6 7);
  show "id id id id 42" (id id id id 42);
  show "twice (fun x -> x * 3) 5" (twice (fun x -> x * 3) 5);
  show "twice twice (+1) 0" (twice twice (fun x -> x + 1) 0);
  show "twice twice twice (+1) 0" (twice twice twice (fun x -> x + 1) 0);
  (* partial, then over-applied *)
  let c12 = curry_chain 1 2 in
  show "c12 3 4 5" (c12 3 4 5);
  let c123 = c12 3 in
  show "c123 4 5" (c123 4 5);
  let m = adder_maker 100 20 in
  show "adder_maker 100 20 | 3" (m 3);
  show "adder_maker 1 2 3" (adder_maker 1 2 3);
  (* over-application whose intermediate closure has an environment *)
  let offset = 1000 in
  let make k = fun x -> fun y -> offset + k * x + y in
  show "make 2 10 5" (make 2 10 5);
  (* a list of functions of different arities, all used with 2 args *)
  let fs = [ (fun a b -> a - b); choose 1; (fun a -> let a2 = a * a in fun b -> a2 + b) ] in
  let rec go = function
    | [] -> ()
    | f :: rest -> show "f 7 3" (f 7 3); go rest
  in
  go fs
