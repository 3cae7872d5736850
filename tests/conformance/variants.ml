(* Variants mixing constant and non-constant constructors: SWITCH on both
   the integer and the tag, constructors with several arguments, nested
   patterns, and a type with many constructors of each kind. *)
open Prelude

type shape =
  | Point
  | Circle of int
  | Rect of int * int
  | Empty
  | Triangle of int * int * int
  | Line of { x1 : int; y1 : int; x2 : int; y2 : int }
  | Origin

let describe = function
  | Point -> "point"
  | Empty -> "empty"
  | Origin -> "origin"
  | Circle r -> "circle r=" ^ string_of_int r
  | Rect (w, h) when w = h -> "square " ^ string_of_int w
  | Rect (w, h) -> "rect " ^ string_of_int w ^ "x" ^ string_of_int h
  | Triangle (a, b, c) ->
    "triangle " ^ string_of_int (a + b + c)
  | Line { x1; y1; x2; y2 } ->
    "line " ^ string_of_int (abs (x2 - x1) + abs (y2 - y1))

let area = function
  | Point | Empty | Origin | Line _ -> 0
  | Circle r -> 3 * r * r
  | Rect (w, h) -> w * h
  | Triangle (a, b, _) -> a * b / 2

(* twelve constant and twelve non-constant constructors *)
type big =
  | C0 | C1 | C2 | C3 | C4 | C5 | C6 | C7 | C8 | C9 | C10 | C11
  | B0 of int | B1 of int | B2 of int | B3 of int | B4 of int | B5 of int
  | B6 of int | B7 of int | B8 of int | B9 of int | B10 of int | B11 of string

let code = function
  | C0 -> 0 | C1 -> 1 | C2 -> 2 | C3 -> 3 | C4 -> 4 | C5 -> 5
  | C6 -> 6 | C7 -> 7 | C8 -> 8 | C9 -> 9 | C10 -> 10 | C11 -> 11
  | B0 n -> 100 + n | B1 n -> 200 + n | B2 n -> 300 + n | B3 n -> 400 + n
  | B4 n -> 500 + n | B5 n -> 600 + n | B6 n -> 700 + n | B7 n -> 800 + n
  | B8 n -> 900 + n | B9 n -> 1000 + n | B10 n -> 1100 + n
  | B11 s -> 1200 + string_length s

(* a sparse match: only some constructors, the rest fall through *)
let classify = function
  | C3 | C7 | B2 _ -> "special"
  | B5 n when n > 10 -> "big five"
  | C0 -> "zero"
  | _ -> "other"

(* nested variants: options of variants, variants of options *)
type tree = Leaf | Node of tree * int * tree

let rec insert x = function
  | Leaf -> Node (Leaf, x, Leaf)
  | Node (l, y, r) as t ->
    if x < y then Node (insert x l, y, r)
    else if x > y then Node (l, y, insert x r)
    else t

let rec to_list acc = function
  | Leaf -> acc
  | Node (l, x, r) -> to_list (x :: to_list acc r) l

let rec depth = function
  | Leaf -> 0
  | Node (l, _, r) -> 1 + max (depth l) (depth r)

let leftmost_pair = function
  | Node (Node (_, a, _), b, _) -> Some (a, b)
  | Node (Leaf, b, Node (_, c, _)) -> Some (b, c)
  | _ -> None

let rec print_ints = function
  | [] -> print_newline ()
  | x :: l -> print_int x; print_string " "; print_ints l

let rec iter f = function [] -> () | x :: l -> f x; iter f l
let rec map f = function [] -> [] | x :: l -> let y = f x in y :: map f l

let () =
  iter (fun s -> print_string (describe s); print_string ", area ";
         print_int (area s); print_newline ())
    [Point; Circle 3; Rect (4, 4); Rect (2, 5); Empty;
     Triangle (3, 4, 5); Line { x1 = 1; y1 = 2; x2 = -3; y2 = 7 }; Origin];
  let all = [C0; C1; C2; C3; C4; C5; C6; C7; C8; C9; C10; C11;
             B0 1; B1 2; B2 3; B3 4; B4 5; B5 60; B6 7; B7 8; B8 9; B9 10;
             B10 11; B11 "twelve"; B5 6] in
  print_ints (map code all);
  iter (fun b -> print_string (classify b); print_string " ") all;
  print_newline ();
  let t = ref Leaf in
  iter (fun x -> t := insert x !t) [50; 30; 70; 20; 40; 60; 80; 30; 35; 65];
  print_ints (to_list [] !t);
  print_string "depth "; print_int (depth !t); print_newline ();
  let show_pair = function
    | Some (a, b) -> print_int a; print_string ","; print_int b; print_newline ()
    | None -> print_endline "none"
  in
  show_pair (leftmost_pair !t);
  show_pair (leftmost_pair (Node (Leaf, 1, Node (Leaf, 2, Leaf))));
  show_pair (leftmost_pair (Node (Leaf, 1, Leaf)));
  show_pair (leftmost_pair Leaf)
