(* Not_found raised deep inside a recursion and never caught, with
   output pending in both channels: everything written is flushed before
   "Fatal error: exception Not_found". *)
open Prelude

let rec lookup key = function
  | [] -> raise Not_found
  | (k, v) :: rest -> if k = key then v else lookup key rest

let rec deep n key table = if n = 0 then lookup key table else 1 + deep (n - 1) key table

let () =
  let table = [("one", 1); ("two", 2)] in
  print_int (deep 1000 "two" table); print_newline ();
  print_string "about to fail...";
  prerr_string "pending stderr text ";
  print_int (deep 1000 "three" table)
