(* let rec ... and ...: mutually recursive functions at top level and
   locally, mutually recursive closures sharing captured variables, and
   mutual recursion over a mutually recursive data type. *)
open Prelude

let show name v = print_string name; print_string " = "; print_int v;
  print_newline ()

(* Hofstadter female and male sequences *)
let rec female n = if n = 0 then 1 else n - male (female (n - 1))
and male n = if n = 0 then 0 else n - female (male (n - 1))

(* three functions in a cycle *)
let rec a n = if n <= 0 then 0 else 1 + b (n - 1)
and b n = if n <= 0 then 0 else 10 + c (n - 1)
and c n = if n <= 0 then 0 else 100 + a (n - 1)

(* A local let rec whose functions capture the same free variables:
   [step] and [log] are shared by the three functions. *)
let collatz_report start step =
  let log = ref [] in
  let rec go n = log := n :: !log; if n = 1 then () else if n mod 2 = 0 then down n else up n
  and down n = go (n / 2)
  and up n = go (step * n + 1) in
  go start;
  let rec length = function [] -> 0 | _ :: l -> 1 + length l in
  (length !log, !log)

(* A mutually recursive data type: expressions and statement lists. *)
type expr = Num of int | Block of stmt list | Add of expr * expr
and stmt = Print of expr | Let of string * expr

let rec eval_expr = function
  | Num n -> n
  | Add (x, y) -> eval_expr x + eval_expr y
  | Block stmts -> eval_stmts 0 stmts
and eval_stmts last = function
  | [] -> last
  | Print e :: rest ->
    let v = eval_expr e in
    print_string "print "; print_int v; print_newline ();
    eval_stmts v rest
  | Let (name, e) :: rest ->
    let v = eval_expr e in
    print_string "let "; print_string name; print_string " = ";
    print_int v; print_newline ();
    eval_stmts v rest

(* closures returned from a let rec: the counters share [total] *)
let make_pair () =
  let total = ref 0 in
  let rec ping n = total := !total + 1; if n > 0 then pong (n - 1) else !total
  and pong n = total := !total + 100; if n > 0 then ping (n - 1) else !total in
  (ping, pong, total)

(* functions of one recursive set returning each other as values *)
type step = Step of string * (unit -> step)

let rec red () = Step ("red", green)
and green () = Step ("green", yellow)
and yellow () = Step ("yellow", red)

let rec blink () = Step ("on", off)
and off () = Step ("off", blink)

let rec walk n f =
  if n > 0 then begin
    let (Step (name, next)) = f () in
    print_string name; print_string " "; walk (n - 1) next
  end

let rec print_list = function
  | [] -> print_newline ()
  | x :: l -> print_int x; print_string " "; print_list l

let () =
  let rec fs i = if i > 15 then [] else female i :: fs (i + 1) in
  print_string "F: "; print_list (fs 0);
  let rec ms i = if i > 15 then [] else male i :: ms (i + 1) in
  print_string "M: "; print_list (ms 0);
  show "a 7" (a 7);
  show "b 7" (b 7);
  show "c 8" (c 8);
  let len, path = collatz_report 27 3 in
  show "collatz 27 steps" len;
  let rec take k l = if k = 0 then [] else match l with [] -> [] | x :: r -> x :: take (k - 1) r in
  print_string "last values: "; print_list (take 8 path);
  let len97, path97 = collatz_report 97 3 in
  show "collatz 97 steps" len97;
  print_string "last values: "; print_list (take 12 path97);
  show "block"
    (eval_expr (Block [Let ("x", Num 4); Print (Add (Num 1, Block [Print (Num 2)]));
                       Let ("y", Add (Num 10, Num 20))]));
  let ping, pong, total = make_pair () in
  show "ping 3" (ping 3);
  show "pong 2" (pong 2);
  show "total" !total;
  walk 7 red; print_newline ();
  walk 5 blink; print_newline ()
