(* Recursive values: cyclic lists and records built by let rec, which
   ocamlc compiles with caml_alloc_dummy and caml_update_dummy, and
   recursive closures mixed with data. *)
open Prelude

let rec ones = 1 :: ones
let rec abc = 'a' :: 'b' :: 'c' :: abc

(* two lists pointing at each other *)
let rec evens = 0 :: odds
and odds = 1 :: evens

type node = { value : int; mutable next : node }

(* a cyclic record *)
let rec loop = { value = 7; next = loop }

let rec three = { value = 1; next = { value = 2; next = { value = 3; next = three } } }

let rec take n l = if n = 0 then [] else match l with [] -> [] | x :: r -> x :: take (n - 1) r

let rec print_ints = function
  | [] -> print_newline ()
  | x :: l -> print_int x; print_string " "; print_ints l

let rec print_chars = function
  | [] -> print_newline ()
  | c :: l -> print_char c; print_chars l

let rec walk n node = if n = 0 then [] else node.value :: walk (n - 1) node.next

(* a record holding a function that refers to the record itself *)
type counter = { name : string; step : int -> int }

let rec counter = { name = "self"; step = (fun n -> if n <= 0 then 0 else 1 + counter.step (n - 2)) }

(* a recursive function and a value defined together *)
let rec fact n = if n <= 1 then 1 else n * fact (n - 1)
and pair = (fact, [5; 6])

let () =
  print_ints (take 5 ones);
  print_chars (take 10 abc);
  print_ints (take 7 evens);
  print_ints (take 7 odds);
  print_bool (ones == (match ones with _ :: r -> r | [] -> [])); print_newline ();
  print_bool (evens == (match odds with _ :: r -> r | [] -> [])); print_newline ();
  print_ints (walk 4 loop);
  print_bool (loop.next == loop); print_newline ();
  print_ints (walk 8 three);
  three.next.next.next <- loop;
  print_ints (walk 6 three);
  print_string counter.name; print_string " ";
  print_int (counter.step 9); print_newline ();
  (match pair with
   | f, [x; y] -> print_ints [f x; f y]
   | _, _ -> print_endline "unexpected");
  (* a local recursive value, allocated at run time *)
  let make_cycle a b = let rec c = a :: b :: c in c in
  print_ints (take 5 (make_cycle 8 9));
  print_ints (take 5 (make_cycle 3 4))
