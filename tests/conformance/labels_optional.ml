(* Labelled and optional arguments: defaults, explicit Some/None with ?,
   labels in any order, partial application by label, optional arguments
   erased by a following positional argument, and functions passed
   labelled arguments through higher-order code. *)
open Prelude

let greet ?(greeting = "Hello") ?punct ~name () =
  let p = match punct with None -> "." | Some c -> c in
  greeting ^ ", " ^ name ^ p

let range ?(step = 1) ~from ~until () =
  let rec go i = if i > until then [] else i :: go (i + step) in
  go from

let rec print_list = function
  | [] -> print_newline ()
  | x :: l -> print_int x; print_string " "; print_list l

let div ~num ~den = num / den

let apply_twice ~f x = f (f x)

let make_counter ?(start = 0) ?(by = 1) () =
  let c = ref start in
  fun () -> let v = !c in c := !c + by; v

let () =
  print_endline (greet ~name:"Ada" ());
  print_endline (greet ~greeting:"Hi" ~name:"Alan" ());
  print_endline (greet ~name:"Grace" ~punct:"!" ());
  print_endline (greet ?greeting:None ?punct:(Some "?") ~name:"Barbara" ());
  print_endline (greet ?greeting:(Some "Bonjour") ~name:"Marie" ());
  print_list (range ~from:1 ~until:10 ());
  print_list (range ~until:10 ~from:0 ~step:3 ());
  print_list (range ~step:5 ~from:(-10) ~until:10 ());
  print_int (div ~den:4 ~num:100); print_string " "; print_int (div ~num:100 ~den:4);
  print_newline ();
  let by_ten = div ~den:10 in
  print_int (by_ten ~num:1234); print_newline ();
  let from5 = range ~from:5 in
  print_list (from5 ~until:8 ());
  print_int (apply_twice ~f:(fun x -> x * 3) 7); print_newline ();
  let c1 = make_counter () in
  let c2 = make_counter ~start:100 ~by:(-10) () in
  let a = c1 () in let b = c1 () in let x = c2 () in let y = c2 () in let z = c2 () in
  print_list [a; b; x; y; z];
  (* optional arguments given through a variable *)
  let step = if a = 0 then Some 4 else None in
  print_list (range ?step ~from:0 ~until:12 ())
