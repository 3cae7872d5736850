(* Partial application: 1, 2 and 3 missing arguments, partial application
   of partial applications, partial application of closures with free
   variables, and of functions with many parameters. *)
open Prelude

let f3 a b c = a * 100 + b * 10 + c
let f5 a b c d e = a + 2 * b + 3 * c + 4 * d + 5 * e
let f7 a b c d e f g = a - b + c - d + e - f + g

let show name v = print_string name; print_string " -> "; print_int v;
  print_newline ()

let rec map f = function [] -> [] | x :: l -> let y = f x in y :: map f l

let rec print_list = function
  | [] -> print_newline ()
  | x :: l -> print_int x; print_string ";"; print_list l

let () =
  (* missing 1, 2, 3 arguments *)
  let g = f3 1 2 in
  show "f3 1 2 | 3" (g 3);
  let h = f3 4 in
  show "f3 4 | 5 6" (h 5 6);
  show "f3 4 | 5 | 6" ((h 5) 6);
  let k = f5 1 2 in
  show "f5 1 2 | 3 4 5" (k 3 4 5);
  (* partial application of a partial application *)
  let k1 = k 3 in
  let k2 = k1 4 in
  show "((f5 1 2) 3) 4 | 5" (k2 5);
  show "same closure twice" (k2 5 + k2 6);
  let p = f7 1 in
  let q = p 2 3 in
  let r = q 4 in
  let s = r 5 6 in
  show "f7 1|2 3|4|5 6|7" (s 7);
  show "f7 all at once" (f7 1 2 3 4 5 6 7);
  (* closures with an environment, applied partially *)
  let base = 1000 in
  let add3 x y z = base + x + y + z in
  let a1 = add3 1 in
  let a2 = a1 20 in
  show "add3 1|20|300" (a2 300);
  (* partial applications passed to higher-order functions *)
  print_list (map (f3 9 8) [1; 2; 3]);
  print_list (map (add3 0 0) [1; 2; 3]);
  print_list (map (fun f -> f 0) (map (f3 1) [1; 2; 3]));
  (* operators are functions too *)
  let plus = ( + ) in
  let inc = plus 1 in
  print_list (map inc [10; 20; 30]);
  print_list (map (( * ) 3) [1; 2; 3]);
  (* a partial application evaluates its arguments once, at once *)
  let calls = ref 0 in
  let arg () = incr calls; !calls in
  let g = f3 (arg ()) (arg ()) in
  show "after building g, calls" !calls;
  show "g 0" (g 0);
  show "g 9" (g 9);
  show "calls" !calls
