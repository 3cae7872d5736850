(* An uncaught user exception: the default printer shows the qualified
   constructor name and its arguments (ints and strings literally, other
   values as _).  Exits with status 2. *)
open Prelude

exception Config_error of string * int * float

let load name line =
  print_string "loading "; print_string name; print_newline ();
  if line > 3 then raise (Config_error (name, line, 0.5)) else line

let () =
  print_int (load "a.cfg" 1); print_newline ();
  print_int (load "b.cfg" 7); print_newline ()
