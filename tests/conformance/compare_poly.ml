(* Polymorphic comparison (caml_compare, caml_equal, caml_lessthan, ...):
   on ints, strings, lists, tuples, records, variants (constant
   constructors are below non-constant ones), options, arrays (shorter
   first), nested structures, and the specialised int/string/float
   versions the compiler picks when the type is known. *)
open Prelude

type color = Red | Green | Blue | Custom of int | Named of string
type rcd = { a : int; b : string; c : float list }

let sign n = if n < 0 then -1 else if n > 0 then 1 else 0

let rec iter f = function [] -> () | x :: l -> f x; iter f l

(* print compare, =, <, <=, >, >= of two values *)
let row label x y =
  print_string label; print_string ": compare=";
  print_int (sign (compare x y));
  print_string (if x = y then " =" else "");
  print_string (if x <> y then " <>" else "");
  print_string (if x < y then " <" else "");
  print_string (if x <= y then " <=" else "");
  print_string (if x > y then " >" else "");
  print_string (if x >= y then " >=" else "");
  print_newline ()

(* insertion sort with the polymorphic compare *)
let rec insert x = function
  | [] -> [x]
  | y :: l as all -> if compare x y <= 0 then x :: all else y :: insert x l
let sort l = let rec go acc = function [] -> acc | x :: r -> go (insert x acc) r in go [] l

let name = function
  | Red -> "Red" | Green -> "Green" | Blue -> "Blue"
  | Custom n -> "Custom " ^ string_of_int n
  | Named s -> "Named " ^ s

let () =
  row "1 2" 1 2;
  row "max_int min_int" max_int min_int;
  row "\"abc\" \"abd\"" "abc" "abd";
  row "\"ab\" \"abc\"" "ab" "abc";
  row "\"\" \"\"" "" "";
  row "[1;2;3] [1;2]" [1; 2; 3] [1; 2];
  row "[] [0]" [] [0];
  row "[2] [1;5]" [2] [1; 5];
  row "(1,\"b\") (1,\"a\")" (1, "b") (1, "a");
  row "(1,2,3) (1,2,3)" (1, 2, 3) (1, 2, 3);
  row "Red Green" Red Green;
  row "Blue Custom 0" Blue (Custom 0);
  row "Custom 5 Custom 3" (Custom 5) (Custom 3);
  row "Custom 5 Named a" (Custom 5) (Named "a");
  row "None Some 0" None (Some 0);
  row "Some [1] Some []" (Some [1]) (Some []);
  row "[|1;2|] [|1;2;0|]" [| 1; 2 |] [| 1; 2; 0 |];
  row "[|5|] [|1;2|]" [| 5 |] [| 1; 2 |];
  let r1 = { a = 1; b = "x"; c = [1.5] } and r2 = { a = 1; b = "x"; c = [1.5; 0.0] } in
  row "records" r1 r2;
  row "records equal" r1 { a = 1; b = "x"; c = [1.5] };
  row "nested" [Some (1, [Red]); None] [Some (1, [Green])];
  row "true false" true false;
  row "() ()" () ();
  row "'a' 'b'" 'a' 'b';
  row "1L -1L" 1L (-1L);
  row "2.0 10.0" 2.0 10.0;
  (* sorting mixed constructors: constants first, then blocks by tag *)
  let sorted = sort [Named "z"; Custom 3; Blue; Red; Named "a"; Custom (-1); Green] in
  iter (fun c -> print_string (name c); print_string "; ") sorted;
  print_newline ();
  let words = sort ["pear"; "apple"; "fig"; "apple pie"; "Zebra"; ""; "banana"] in
  iter (fun w -> print_string "\""; print_string w; print_string "\" ") words;
  print_newline ();
  let pairs = sort [(2, "b"); (1, "z"); (2, "a"); (1, "a"); (0, "q")] in
  iter (fun (n, s) -> print_int n; print_string s; print_string " ") pairs;
  print_newline ();
  (* at known types the compiler calls specialised primitives instead *)
  let ci (a : int) b = compare a b and cs (a : string) b = compare a b
  and cf (a : float) b = compare a b in
  print_int (ci 3 5); print_string " "; print_int (cs "b" "a"); print_string " ";
  print_int (cf 1.5 1.5); print_string " ";
  print_bool ((("abc" : string) < "abd") && (("b" : string) > "a") && ((2.5 : float) >= 2.5));
  print_newline ();
  (* deep structures: long lists compare element by element *)
  let rec upto i n = if i > n then [] else i :: upto (i + 1) n in
  let l1 = upto 1 100000 and l2 = upto 1 100000 in
  print_bool (l1 = l2); print_string " ";
  print_int (compare l1 (upto 1 99999)); print_string " ";
  print_bool (l1 == l2); print_newline ()
