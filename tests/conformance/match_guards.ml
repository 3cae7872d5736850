(* Pattern matching: guards (when), or-patterns, aliases (as), nested
   tuples and lists, function, constants and ranges, and the order in
   which guards are tried. *)
open Prelude

let sign = function
  | 0 -> "zero"
  | n when n < 0 -> "negative"
  | _ -> "positive"

let fizzbuzz n =
  match n mod 3, n mod 5 with
  | 0, 0 -> "FizzBuzz"
  | 0, _ -> "Fizz"
  | _, 0 -> "Buzz"
  | _ -> string_of_int n

(* patterns on lists: lengths, prefixes, aliases *)
let rec compress = function
  | a :: (b :: _ as rest) when a = b -> compress rest
  | a :: rest -> a :: compress rest
  | [] -> []

let shape_of_list = function
  | [] -> "empty"
  | [_] -> "singleton"
  | [x; y] when x = y -> "pair of equals"
  | [_; _] -> "pair"
  | 0 :: _ -> "starts with zero"
  | _ :: _ :: _ :: [] -> "triple"
  | _ -> "long"

(* nested tuples with or-patterns binding the same variables *)
let pick = function
  | (x, 0) | (0, x) -> x
  | (a, b) when a > b -> a - b
  | (a, b) -> b - a

(* guards with side effects run in order, until one succeeds *)
let trace = ref []
let check name result = trace := name :: !trace; result

let guarded n =
  match n with
  | x when check "first" (x > 100) -> "huge"
  | x when check "second" (x > 10) -> "big"
  | 5 | 6 | 7 -> "mid"
  | x when check "third" (x < 0) -> "negative"
  | _ -> "small"

(* integer ranges compile to comparisons, not a table *)
let bucket = function
  | 0 -> 0
  | 1 | 2 | 3 -> 1
  | 4 | 5 | 6 | 7 | 8 | 9 -> 2
  | 100 -> 3
  | 1000 | 1001 -> 4
  | _ -> 5

let rec map_bucket = function [] -> [] | x :: l -> bucket x :: map_bucket l
let rec iter f = function [] -> () | x :: l -> f x; iter f l
let rec rev acc = function [] -> acc | x :: l -> rev (x :: acc) l

let print_ints l =
  iter (fun x -> print_int x; print_string " ") l; print_newline ()

let () =
  iter (fun n -> print_string (sign n); print_string " ") [-5; 0; 7; min_int; max_int];
  print_newline ();
  let rec upto i n = if i > n then [] else i :: upto (i + 1) n in
  iter (fun n -> print_string (fizzbuzz n); print_string " ") (upto 1 20);
  print_newline ();
  print_ints (compress [1; 1; 2; 3; 3; 3; 1; 4; 4; 5; 5; 5; 5]);
  iter (fun l -> print_endline (shape_of_list l))
    [[]; [3]; [2; 2]; [1; 2]; [0; 5; 6; 7]; [1; 2; 3]; [1; 2; 3; 4]];
  print_ints [pick (5, 0); pick (0, 9); pick (8, 3); pick (3, 8); pick (0, 0)];
  iter (fun n ->
      trace := [];
      let r = guarded n in
      print_string r; print_string " [";
      iter (fun g -> print_string g; print_string " ") (rev [] !trace);
      print_endline "]")
    [500; 50; 6; -3; 2];
  print_ints (map_bucket [0; 1; 3; 4; 9; 10; 99; 100; 101; 1000; 1001; -1])
