(* A program that writes to stderr and then exits explicitly with status
   0, chosen by a computation (a wrong VM would exit with 1). *)
open Prelude

let rec collatz_steps n = if n = 1 then 0 else 1 + collatz_steps (if n mod 2 = 0 then n / 2 else 3 * n + 1)

let () =
  let steps = collatz_steps 27 in
  print_string "collatz 27: "; print_int steps; print_newline ();
  prerr_endline "a warning on stderr";
  if steps = 111 then exit 0 else exit 1
