(* An uncaught Match_failure from a non-exhaustive match. *)
[@@@warning "-8"]
open Prelude

type token = Int of int | Plus | Times | Lparen

let value = function Int n -> n | Plus -> -1 | Times -> -2

let () =
  print_int (value (Int 4)); print_newline ();
  print_int (value Plus); print_newline ();
  print_int (value Lparen); print_newline ()
