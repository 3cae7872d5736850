(* The predefined exceptions as the runtime and the compiler raise them:
   Assert_failure and Match_failure (with file, line and column, from
   match, let, fun and function), Invalid_argument from primitives (index
   out of bounds, Array.make, Bytes.create), Failure from conversions,
   Division_by_zero, and Not_found / End_of_file raised by hand. *)
[@@@warning "-8"]   (* the non-exhaustive match below is deliberate *)
open Prelude

external make_vect : int -> 'a -> 'a array = "caml_make_vect"
external create_bytes : int -> bytes = "caml_create_bytes"

let describe = function
  | Assert_failure (file, line, col) ->
    "Assert_failure (" ^ file ^ ", " ^ string_of_int line ^ ", " ^ string_of_int col ^ ")"
  | Match_failure (file, line, col) ->
    "Match_failure (" ^ file ^ ", " ^ string_of_int line ^ ", " ^ string_of_int col ^ ")"
  | Not_found -> "Not_found"
  | Invalid_argument s -> "Invalid_argument \"" ^ s ^ "\""
  | Failure s -> "Failure \"" ^ s ^ "\""
  | Division_by_zero -> "Division_by_zero"
  | End_of_file -> "End_of_file"
  | _ -> "other"

let run name f =
  print_string name; print_string ": ";
  (match f () with
   | () -> print_string "no exception"
   | exception e -> print_string (describe e));
  print_newline ()

let only_small = function 0 -> "zero" | 1 -> "one"

type t = A | B | C
let partial = function A -> 1 | B -> 2

let positive n = assert (n > 0); n

let () =
  run "assert true" (fun () -> assert true);
  run "assert false" (fun () -> assert false);
  run "assert (n > 0)" (fun () -> ignore (positive (-1)));
  run "positive 5" (fun () -> ignore (positive 5));
  run "match 1" (fun () -> ignore (only_small 1));
  run "match 2" (fun () -> ignore (only_small 2));
  run "partial C" (fun () -> ignore (partial C));
  run "let pattern" (fun () -> let [x] = [1; 2] in ignore x);
  run "fun pattern" (fun () -> ignore ((fun (Some x) -> x) None));
  run "array get" (fun () -> ignore [| 1; 2 |].(2));
  run "array set" (fun () -> [| 1; 2 |].(-1) <- 0);
  run "string get" (fun () -> ignore "abc".[3]);
  run "make_vect -1" (fun () -> ignore (make_vect (-1) 0));
  run "create_bytes -1" (fun () -> ignore (create_bytes (-1)));
  run "char_of_int 300" (fun () -> ignore (char_of_int 300));
  run "int_of_string" (fun () -> ignore (int_of_string "12z"));
  run "float_of_string" (fun () -> ignore (float_of_string "x1"));
  run "division" (fun () -> ignore (1 / 0));
  run "modulo" (fun () -> ignore (1 mod 0));
  run "raise Not_found" (fun () -> raise Not_found);
  run "raise End_of_file" (fun () -> raise End_of_file);
  (* the exception payloads are ordinary values *)
  match (try assert false with e -> e) with
  | Assert_failure (f, l, c) ->
    print_string f; print_string " "; print_int (l + c); print_newline ()
  | _ -> ()
