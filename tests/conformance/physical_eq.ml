(* Physical equality (==, !=) versus structural equality (=, <>): on
   immediate values, constant constructors, fresh and shared blocks,
   strings, mutable records (identity matters), and floats. *)
open Prelude

type cell = { mutable v : int }

let row name phys struc =
  print_string name; print_string ": == "; print_bool phys;
  print_string ", = "; print_bool struc; print_newline ()

let tl = function [] -> [] | _ :: l -> l

(* builds a fresh list each time *)
let rec upto i n = if i > n then [] else i :: upto (i + 1) n

let () =
  row "1 1" (1 == 1) (1 = 1);
  row "'a' 'a'" ('a' == 'a') ('a' = 'a');
  row "[] []" ([] == []) ([] = []);
  row "None None" (None == None) (None = None);
  row "true true" (true == true) (true = true);
  let l = upto 1 3 in
  let l' = l in
  let fresh = upto 1 3 in
  row "l l'" (l == l') (l = l');
  row "l fresh" (l == fresh) (l = fresh);
  row "tl l, tl l'" (tl l == tl l') (tl l = tl l');
  row "tl l, tl fresh" (tl l == tl fresh) (tl l = tl fresh);
  (* every evaluation of a constructor application allocates *)
  let mk x = Some x in
  row "mk 1, mk 1" (mk 1 == mk 1) (mk 1 = mk 1);
  let s = "hello" in
  let s2 = s in
  row "s s2" (s == s2) (s = s2);
  row "s (s ^ \"\")" (s == s ^ "") (s = s ^ "");
  (* mutable records: identity is what matters for updates *)
  let c1 = { v = 1 } in
  let c2 = { v = 1 } in
  let c3 = c1 in
  row "c1 c2" (c1 == c2) (c1 = c2);
  row "c1 c3" (c1 == c3) (c1 = c3);
  c3.v <- 5;
  print_int c1.v; print_string " "; print_int c2.v; print_newline ();
  row "c1 c2 after" (c1 == c2) (c1 = c2);
  (* floats are boxed: a computed float is a fresh block *)
  let x = 1.5 in
  let y = x +. 0.0 in
  row "x x" (x == x) (x = x);
  row "x (x + 0)" (x == y) (x = y);
  row "nan nan" (nan == nan) (nan = nan);
  (* != is the negation of == *)
  print_bool (c1 != c2); print_string " "; print_bool (c1 != c3); print_string " ";
  print_bool (l != fresh); print_newline ();
  (* a shared sub-structure detected with == *)
  let shared = [7; 8] in
  let a = 1 :: shared and b = 2 :: shared in
  print_bool (tl a == tl b); print_string " "; print_bool (a = b); print_newline ()
