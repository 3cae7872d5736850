(* Polymorphic variants: constant tags (hashed integers), tags with
   arguments (blocks holding the hash and the argument), open and closed
   types, nested matching, and mixing them in lists. *)
open Prelude

let name_of_color = function
  | `Red -> "red"
  | `Green -> "green"
  | `Blue -> "blue"
  | `Rgb (r, g, b) -> "rgb(" ^ string_of_int r ^ "," ^ string_of_int g ^ ","
                      ^ string_of_int b ^ ")"
  | `Gray n -> "gray" ^ string_of_int n

(* an open function: accepts any extension of its tags *)
let brightness c =
  match c with
  | `Rgb (r, g, b) -> (r + g + b) / 3
  | `Gray n -> n
  | `Red | `Green | `Blue -> 85
  | _ -> -1

type expr = [ `Num of int | `Add of expr * expr | `Mul of expr * expr | `Neg of expr ]

let rec eval : expr -> int = function
  | `Num n -> n
  | `Add (a, b) -> eval a + eval b
  | `Mul (a, b) -> eval a * eval b
  | `Neg a -> - (eval a)

let rec show : expr -> string = function
  | `Num n -> string_of_int n
  | `Add (a, b) -> "(" ^ show a ^ " + " ^ show b ^ ")"
  | `Mul (a, b) -> show a ^ " * " ^ show b
  | `Neg a -> "-" ^ show a

(* a subtype coerced into a bigger type *)
type small = [ `A | `B of int ]
type large = [ small | `C of string ]

let describe (x : large) =
  match x with
  | #small as s -> (match s with `A -> "A" | `B n -> "B" ^ string_of_int n)
  | `C s -> "C:" ^ s

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  iter (fun c -> print_string (name_of_color c); print_string " ")
    [`Red; `Green; `Blue; `Rgb (1, 2, 3); `Gray 128];
  print_newline ();
  iter (fun c -> print_int (brightness c); print_string " ")
    [`Red; `Rgb (10, 20, 30); `Gray 7; `Yellow; `Blue];
  print_newline ();
  let e : expr = `Add (`Num 2, `Mul (`Num 3, `Neg (`Add (`Num 4, `Num 1)))) in
  print_string (show e); print_string " = "; print_int (eval e); print_newline ();
  let smalls : small list = [`A; `B 5] in
  iter (fun x -> print_string (describe (x :> large)); print_string " ") smalls;
  print_string (describe (`C "see")); print_newline ();
  (* tags are compared by hash; equal tags are equal values *)
  print_bool (`Foo = `Foo); print_string " ";
  print_bool (`Foo 1 = `Foo 1); print_string " ";
  print_bool (`Foo 1 = `Foo 2); print_string " ";
  print_bool (`Foo = `Bar); print_newline ()
