(* An uncaught Invalid_argument("index out of bounds") raised by the
   array bounds check in a loop that goes one step too far; output
   written so far is flushed, then the fatal error. *)
open Prelude

let () =
  let a = [| 10; 20; 30 |] in
  for i = 0 to 3 do
    print_int a.(i); print_string " "
  done;
  print_newline ()
