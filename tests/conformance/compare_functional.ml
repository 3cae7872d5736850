(* Comparing functional values raises Invalid_argument "compare:
   functional value", even inside data structures; but physical equality
   on closures works, comparison stops before reaching a closure when an
   earlier field decides it, and [compare] (a total order) accepts a
   closure compared with itself while [=] does not. *)
open Prelude

let f x = x + 1
let g x = x * 2

let attempt name thunk =
  print_string name; print_string ": ";
  (match thunk () with
   | r -> print_string "returned "; print_string r
   | exception Invalid_argument msg -> print_string "Invalid_argument \"";
     print_string msg; print_string "\"");
  print_newline ()

let b2s = string_of_bool

let () =
  attempt "f = g" (fun () -> b2s (f = g));
  attempt "f = f" (fun () -> b2s (f = f));
  attempt "compare f g" (fun () -> string_of_int (compare f g));
  attempt "compare f f" (fun () -> string_of_int (compare f f));
  attempt "compare (f, 1) (f, 2)" (fun () -> string_of_int (compare (f, 1) (f, 2)));
  attempt "(f, 1) = (f, 2)" (fun () -> b2s ((f, 1) = (f, 2)));
  attempt "f < g" (fun () -> b2s (f < g));
  attempt "f <> g" (fun () -> b2s (f <> g));
  attempt "(1, f) = (1, f)" (fun () -> b2s ((1, f) = (1, f)));
  attempt "(1, f) = (2, f)" (fun () -> b2s ((1, f) = (2, f)));
  attempt "compare (1, f) (2, g)" (fun () -> string_of_int (compare (1, f) (2, g)));
  attempt "[f] = []" (fun () -> b2s ([f] = []));
  attempt "Some f = None" (fun () -> b2s (Some f = None));
  attempt "Some f = Some f" (fun () -> b2s (Some f = Some f));
  (* a partial application is a closure too *)
  let add a b = a + b in
  attempt "add 1 = add 1" (fun () -> b2s (add 1 = add 1));
  (* physical equality never looks inside *)
  attempt "f == f" (fun () -> b2s (f == f));
  attempt "f == g" (fun () -> b2s (f == g));
  attempt "f != g" (fun () -> b2s (f != g));
  let h = f in
  attempt "h == f" (fun () -> b2s (h == f));
  (* a record with a closure field *)
  let r = (fun x -> x, 3) in
  attempt "r = r" (fun () -> b2s (r = r))
