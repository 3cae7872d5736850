(* Tuples (construction, destructuring, nesting, as arguments and
   results) and options (Some/None, nested options, option-returning
   functions). *)
open Prelude

let swap (a, b) = (b, a)
let rotate (a, b, c) = (b, c, a)
let divmod a b = (a / b, a mod b)

let safe_div a b = if b = 0 then None else Some (a / b)

let map_opt f = function None -> None | Some x -> Some (f x)
let bind o f = match o with None -> None | Some x -> f x
let default d = function None -> d | Some x -> x

let rec find p = function
  | [] -> None
  | x :: l -> if p x then Some x else find p l

let rec assoc_opt k = function
  | [] -> None
  | (k', v) :: l -> if k = k' then Some v else assoc_opt k l

let show_opt = function
  | None -> print_string "None"
  | Some n -> print_string "Some "; print_int n

let show_opt_opt = function
  | None -> print_string "None"
  | Some None -> print_string "Some None"
  | Some (Some n) -> print_string "Some (Some "; print_int n; print_string ")"

let () =
  let (a, b) = swap (1, 2) in
  print_int a; print_string " "; print_int b; print_newline ();
  let (x, y, z) = rotate (rotate (10, 20, 30)) in
  print_int x; print_string " "; print_int y; print_string " "; print_int z;
  print_newline ();
  let q, r = divmod 17 5 in
  print_int q; print_string " "; print_int r; print_newline ();
  (* nested tuples *)
  let ((p, (s, t)), u) = ((1, ("two", 3.0)), [4]) in
  print_int p; print_string " "; print_string s; print_string " ";
  print_float t; print_string " ";
  (match u with [n] -> print_int n | _ -> ());
  print_newline ();
  (* tuple fields by position *)
  let pair = ("left", "right") in
  print_string (fst pair); print_string "/"; print_string (snd pair); print_newline ();
  (* options *)
  show_opt (safe_div 10 3); print_string "; ";
  show_opt (safe_div 10 0); print_string "; ";
  show_opt (map_opt (fun n -> n * 100) (safe_div 9 3)); print_string "; ";
  show_opt (bind (safe_div 100 5) (fun n -> safe_div n 0)); print_string "; ";
  show_opt (bind (safe_div 100 5) (fun n -> safe_div n 4)); print_newline ();
  print_int (default (-1) (find (fun n -> n > 10) [3; 8; 12; 20])); print_string " ";
  print_int (default (-1) (find (fun n -> n > 100) [3; 8; 12; 20])); print_newline ();
  let table = [("one", 1); ("two", 2); ("three", 3)] in
  show_opt (assoc_opt "two" table); print_string " ";
  show_opt (assoc_opt "four" table); print_newline ();
  show_opt_opt None; print_string " "; show_opt_opt (Some None); print_string " ";
  show_opt_opt (Some (Some 5)); print_newline ();
  (* None is the integer 0 and Some is a block: check they compare right *)
  print_bool (None < Some 0); print_string " ";
  print_bool (Some 1 < Some 2); print_string " ";
  print_bool (compare (Some (1, "a")) (Some (1, "b")) < 0); print_newline ()
