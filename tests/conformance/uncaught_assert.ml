(* An uncaught Assert_failure: ocamlrun prints the location tuple,
   "Fatal error: exception Assert_failure(\"uncaught_assert.ml\", L, C)". *)
open Prelude

let check_sorted l =
  let rec go = function
    | a :: (b :: _ as rest) -> assert (a <= b); go rest
    | _ -> ()
  in
  go l

let () =
  check_sorted [1; 2; 3];
  print_endline "first list sorted";
  check_sorted [1; 3; 2];
  print_endline "second list sorted"
