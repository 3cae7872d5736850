(* Unbounded recursion with nothing to catch the Stack_overflow: ocamlrun
   flushes the channels, prints "Fatal error: exception Stack_overflow"
   and exits with status 2. *)
open Prelude

let rec count n = if n < 0 then 0 else 1 + count (n + 1)

let () =
  print_endline "recursing without bound";
  print_string "(unflushed) ";
  print_int (count 0);
  print_endline "not reached"
