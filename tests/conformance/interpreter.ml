(* A small interpreter for an expression language with integers,
   booleans, let, if, first-class functions (closures), recursive
   functions and errors, evaluated over environments held in association
   lists.  Runs factorial, fibonacci, higher-order programs and some
   programs that fail at run time. *)
open Prelude

type expr =
  | Int of int
  | Bool of bool
  | Var of string
  | Prim of string * expr * expr
  | If of expr * expr * expr
  | Let of string * expr * expr
  | Fun of string * expr
  | App of expr * expr
  | Letrec of string * string * expr * expr     (* let rec f x = e1 in e2 *)

type value =
  | VInt of int
  | VBool of bool
  | VClosure of string * expr * env ref
and env = (string * value) list

exception Runtime_error of string

let rec lookup x = function
  | [] -> raise (Runtime_error ("unbound variable " ^ x))
  | (y, v) :: rest -> if x = y then v else lookup x rest

let prim op a b =
  match op, a, b with
  | "+", VInt x, VInt y -> VInt (x + y)
  | "-", VInt x, VInt y -> VInt (x - y)
  | "*", VInt x, VInt y -> VInt (x * y)
  | "/", VInt _, VInt 0 -> raise (Runtime_error "division by zero")
  | "/", VInt x, VInt y -> VInt (x / y)
  | "<", VInt x, VInt y -> VBool (x < y)
  | "=", VInt x, VInt y -> VBool (x = y)
  | "&&", VBool x, VBool y -> VBool (x && y)
  | _ -> raise (Runtime_error ("bad operands for " ^ op))

let rec eval env = function
  | Int n -> VInt n
  | Bool b -> VBool b
  | Var x -> lookup x env
  | Prim (op, a, b) -> let va = eval env a in let vb = eval env b in prim op va vb
  | If (c, t, e) ->
    (match eval env c with
     | VBool true -> eval env t
     | VBool false -> eval env e
     | _ -> raise (Runtime_error "if: not a boolean"))
  | Let (x, e1, e2) -> eval ((x, eval env e1) :: env) e2
  | Fun (x, body) -> VClosure (x, body, ref env)
  | App (f, a) ->
    (match eval env f with
     | VClosure (x, body, cenv) -> let va = eval env a in eval ((x, va) :: !cenv) body
     | _ -> raise (Runtime_error "application of a non-function"))
  | Letrec (f, x, body, rest) ->
    let cenv = ref env in
    let clo = VClosure (x, body, cenv) in
    cenv := (f, clo) :: env;                     (* tie the knot *)
    eval ((f, clo) :: env) rest

let show = function
  | VInt n -> string_of_int n
  | VBool b -> string_of_bool b
  | VClosure (x, _, _) -> "<fun " ^ x ^ ">"

let run name e =
  print_string name; print_string " => ";
  (match eval [] e with
   | v -> print_string (show v)
   | exception Runtime_error msg -> print_string ("error: " ^ msg));
  print_newline ()

let ( +: ) a b = Prim ("+", a, b)
let ( -: ) a b = Prim ("-", a, b)
let ( *: ) a b = Prim ("*", a, b)
let ( <: ) a b = Prim ("<", a, b)
let app f args =
  let rec go acc = function [] -> acc | a :: rest -> go (App (acc, a)) rest in
  go f args

let fact =
  Letrec ("fact", "n", If (Var "n" <: Int 2, Int 1, Var "n" *: App (Var "fact", Var "n" -: Int 1)),
          App (Var "fact", Int 20))

let fib n =
  Letrec ("fib", "n",
          If (Var "n" <: Int 2, Var "n",
              App (Var "fib", Var "n" -: Int 1) +: App (Var "fib", Var "n" -: Int 2)),
          App (Var "fib", Int n))

(* higher order: compose and twice, curried *)
let hof =
  Let ("compose", Fun ("f", Fun ("g", Fun ("x", App (Var "f", App (Var "g", Var "x"))))),
  Let ("twice", Fun ("f", app (Var "compose") [Var "f"; Var "f"]),
  Let ("add3", Fun ("x", Var "x" +: Int 3),
  app (Var "twice") [App (Var "twice", Var "add3"); Int 10])))

(* closures capture their environment, not the caller's *)
let scoping =
  Let ("x", Int 1,
  Let ("f", Fun ("y", Var "x" +: Var "y"),
  Let ("x", Int 100, App (Var "f", Int 10))))

(* a sum loop written as tail recursion, 100000 iterations *)
let loop =
  Letrec ("go", "n",
          Fun ("acc", If (Var "n" <: Int 1, Var "acc",
                          app (Var "go") [Var "n" -: Int 1; Var "acc" +: Var "n"])),
          app (Var "go") [Int 100000; Int 0])

let () =
  run "arith" ((Int 2 +: Int 3) *: (Int 10 -: Int 4));
  run "fact 20" fact;
  run "fib 20" (fib 20);
  run "hof" hof;
  run "scoping" scoping;
  run "loop" loop;
  run "closure value" (Fun ("z", Var "z"));
  run "unbound" (Var "nope" +: Int 1);
  run "div by zero" (Prim ("/", Int 1, Int 0) +: Int 1);
  run "type error" (If (Int 1, Int 2, Int 3));
  run "bad app" (App (Int 3, Int 4));
  run "bad prim" (Prim ("&&", Bool true, Int 0))
