(* Allocation-heavy: the binary-trees benchmark (many short-lived trees
   and one long-lived tree), plus a large long-lived list and repeated
   string allocation, so the garbage collector must run many times and
   keep exactly the live data. *)
open Prelude

type tree = Empty | Node of tree * tree

let rec make d = if d = 0 then Node (Empty, Empty) else Node (make (d - 1), make (d - 1))

let rec check = function Empty -> 0 | Node (l, r) -> 1 + check l + check r

let min_depth = 4
let max_depth = 14

let () =
  let stretch = max_depth + 1 in
  print_string "stretch tree of depth "; print_int stretch; print_string "\t check: ";
  print_int (check (make stretch)); print_newline ();
  let long_lived = make max_depth in
  let d = ref min_depth in
  while !d <= max_depth do
    let iterations = 1 lsl (max_depth - !d + min_depth) in
    let c = ref 0 in
    for _ = 1 to iterations do c := !c + check (make !d) done;
    print_int iterations; print_string "\t trees of depth "; print_int !d;
    print_string "\t check: "; print_int !c; print_newline ();
    d := !d + 2
  done;
  print_string "long lived tree of depth "; print_int max_depth; print_string "\t check: ";
  print_int (check long_lived); print_newline ();
  (* a long-lived list survives while garbage strings are allocated *)
  let rec build n acc = if n = 0 then acc else build (n - 1) (string_of_int n :: acc) in
  let keep = build 200000 [] in
  let junk = ref 0 in
  for i = 1 to 300000 do
    let s = string_of_int i ^ "-" ^ string_of_int (i * i) in
    junk := !junk + string_length s
  done;
  let rec total n = function [] -> n | s :: r -> total (n + string_length s) r in
  print_int !junk; print_string " "; print_int (total 0 keep); print_newline ();
  (* mutation of old blocks to point to young ones (write barrier) *)
  let cells = Array.make 1000 [] in
  for round = 1 to 200 do
    for i = 0 to 999 do cells.(i) <- [round; i] done
  done;
  let s = ref 0 in
  for i = 0 to 999 do
    match cells.(i) with [a; b] -> s := !s + a + b | _ -> ()
  done;
  print_int !s; print_newline ()
