(* Higher-order functions: compose, flip, curry/uncurry, fold-based
   definitions of other functions, functions stored in data structures,
   Church numerals, continuation-passing style, and memoisation with a
   closure over a table. *)
open Prelude

let compose f g x = f (g x)
let flip f a b = f b a
let curry f a b = f (a, b)
let uncurry f (a, b) = f a b
let rec fold_left f acc = function [] -> acc | x :: l -> fold_left f (f acc x) l
let rec fold_right f l acc = match l with [] -> acc | x :: r -> f x (fold_right f r acc)

(* other list functions as folds *)
let map f l = fold_right (fun x acc -> f x :: acc) l []
let filter p l = fold_right (fun x acc -> if p x then x :: acc else acc) l []
let length l = fold_left (fun n _ -> n + 1) 0 l
let rev l = fold_left (flip (fun x acc -> x :: acc)) [] l
let exists p l = fold_left (fun b x -> b || p x) false l
let for_all p l = fold_left (fun b x -> b && p x) true l

let rec iter f = function [] -> () | x :: l -> f x; iter f l
let print_list l = iter (fun x -> print_int x; print_string " ") l; print_newline ()

(* Church numerals *)
let zero _f x = x
let succ_c n f x = f (n f x)
let add_c m n f x = m f (n f x)
let mul_c m n f = m (n f)
let to_int n = n (fun k -> k + 1) 0

(* continuation-passing factorial and fibonacci *)
let rec fact_k n k = if n <= 1 then k 1 else fact_k (n - 1) (fun r -> k (n * r))
let rec fib_k n k =
  if n < 2 then k n else fib_k (n - 1) (fun a -> fib_k (n - 2) (fun b -> k (a + b)))

(* memoisation: the table lives in the closure *)
let memo f =
  let table = ref [] in
  let rec lookup k = function
    | [] -> None
    | (k', v) :: rest -> if k = k' then Some v else lookup k rest
  in
  fun x ->
    match lookup x !table with
    | Some v -> v
    | None -> let v = f x in table := (x, v) :: !table; v

let calls = ref 0
let slow_square x = incr calls; x * x

let () =
  let inc x = x + 1 and dbl x = x * 2 in
  print_int (compose inc dbl 5); print_string " "; print_int (compose dbl inc 5);
  print_string " "; print_int (flip ( - ) 1 10); print_string " ";
  print_int (curry (fun (a, b) -> a * b) 6 7); print_string " ";
  print_int (uncurry ( + ) (20, 22)); print_newline ();
  let l = [5; 3; 8; 1; 9; 2] in
  print_list (map dbl l);
  print_list (filter (fun x -> x > 4) l);
  print_list (rev l);
  print_int (length l); print_string " "; print_bool (exists (fun x -> x = 8) l);
  print_string " "; print_bool (for_all (fun x -> x > 0) l); print_newline ();
  (* a pipeline of functions from a list *)
  let pipeline = [inc; dbl; dbl; inc; (fun x -> x * x)] in
  print_int (fold_left (fun acc f -> f acc) 1 pipeline); print_newline ();
  print_int ((fold_right compose pipeline (fun x -> x)) 1); print_newline ();
  let three = succ_c (succ_c (succ_c zero)) in
  let four = succ_c three in
  print_int (to_int (add_c three four)); print_string " ";
  print_int (to_int (mul_c three four)); print_string " ";
  print_int (to_int (mul_c four (mul_c four four))); print_newline ();
  print_int (fact_k 10 (fun r -> r)); print_string " ";
  print_int (fib_k 20 (fun r -> r)); print_newline ();
  let fast = memo slow_square in
  let total = fold_left (fun acc x -> acc + fast x) 0 [3; 4; 3; 3; 4; 5; 5] in
  print_int total; print_string " computed with "; print_int !calls;
  print_string " calls"; print_newline ();
  (* @@ and |> *)
  print_int (inc @@ dbl @@ 10); print_string " ";
  print_int (10 |> dbl |> inc); print_newline ()
