(* Closures: free variables captured by value, closures that share a
   mutable cell, closures built in loops, nested closures. *)
open Prelude

let make_adder n = fun x -> x + n

let make_counter () =
  let count = ref 0 in
  let next () = incr count; !count in
  let reset () = count := 0 in
  (next, reset)

(* Two closures over the same reference see each other's updates. *)
let make_account balance =
  let b = ref balance in
  let deposit x = b := !b + x; !b in
  let withdraw x =
    if x > !b then failwith "insufficient funds" else (b := !b - x; !b)
  in
  (deposit, withdraw)

(* Nested closures reach variables of every enclosing function. *)
let outer a =
  let middle b =
    let inner c = a * 100 + b * 10 + c in
    inner
  in
  middle

let rec build_list f i n = if i >= n then [] else f i :: build_list f (i + 1) n

let rec apply_all fs x =
  match fs with
  | [] -> []
  | f :: rest -> f x :: apply_all rest x

let rec print_ints = function
  | [] -> print_newline ()
  | [x] -> print_int x; print_newline ()
  | x :: rest -> print_int x; print_string " "; print_ints rest

let () =
  let add5 = make_adder 5 and add10 = make_adder 10 in
  print_ints [add5 1; add10 1; add5 (add10 100)];
  let next1, reset1 = make_counter () in
  let next2, _ = make_counter () in
  let a = next1 () in
  let b = next1 () in
  let c = next2 () in
  let d = next1 () in
  print_ints [a; b; c; d];
  reset1 ();
  print_ints [next1 (); next2 ()];
  let deposit, withdraw = make_account 100 in
  print_ints [deposit 50; withdraw 30; deposit 1];
  (try ignore (withdraw 1000) with Failure msg -> print_endline msg);
  print_ints [withdraw 121];
  print_ints [outer 1 2 3; (outer 4) 5 6; (let m = outer 7 in m 8 9)];
  (* closures created in a loop each capture their own i *)
  let adders = build_list (fun i -> fun x -> x * i) 0 6 in
  print_ints (apply_all adders 7);
  (* a for-loop variable is captured by value too *)
  let cells = ref [] in
  for i = 1 to 5 do
    cells := (fun () -> i * i) :: !cells
  done;
  print_ints (apply_all !cells ());
  (* a closure stored in a data structure and called later *)
  let table = [| make_adder 1; outer 0 0; (fun x -> x * x) |] in
  print_ints [table.(0) 41; table.(1) 7; table.(2) 12]
