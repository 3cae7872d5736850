(* Lists with hand-written library functions: length, rev, map, filter,
   fold_left/fold_right, append, concat, nth (raising), assoc, mem,
   iter with index, split/combine, and a list of lists. *)
open Prelude

let rec length = function [] -> 0 | _ :: l -> 1 + length l
let rev l = let rec go acc = function [] -> acc | x :: r -> go (x :: acc) r in go [] l
let rec map f = function [] -> [] | x :: l -> let y = f x in y :: map f l
let rec filter p = function
  | [] -> []
  | x :: l -> if p x then x :: filter p l else filter p l
let rec fold_left f acc = function [] -> acc | x :: l -> fold_left f (f acc x) l
let rec fold_right f l acc = match l with [] -> acc | x :: r -> f x (fold_right f r acc)
let rec append a b = match a with [] -> b | x :: r -> x :: append r b
let concat ls = fold_right append ls []
let rec nth l n =
  match l with
  | [] -> failwith "nth"
  | x :: r -> if n < 0 then invalid_arg "List.nth" else if n = 0 then x else nth r (n - 1)
let rec mem x = function [] -> false | y :: l -> x = y || mem x l
let rec assoc k = function
  | [] -> raise Not_found
  | (a, b) :: l -> if a = k then b else assoc k l
let iteri f l =
  let rec go i = function [] -> () | x :: r -> f i x; go (i + 1) r in go 0 l
let rec split = function
  | [] -> ([], [])
  | (a, b) :: l -> let (la, lb) = split l in (a :: la, b :: lb)
let rec combine a b =
  match a, b with
  | [], [] -> []
  | x :: ra, y :: rb -> (x, y) :: combine ra rb
  | _ -> invalid_arg "combine"
let rec init i n f = if i >= n then [] else f i :: init (i + 1) n f

let print_list pr l =
  print_string "[";
  iteri (fun i x -> if i > 0 then print_string "; "; pr x) l;
  print_string "]"

let pi l = print_list print_int l; print_newline ()
let ps l =
  print_list (fun s -> print_string "\""; print_string s; print_string "\"") l;
  print_newline ()

let () =
  let l = init 0 10 (fun i -> i * i) in
  pi l;
  print_int (length l); print_newline ();
  pi (rev l);
  pi (map (fun x -> x mod 7) l);
  pi (filter (fun x -> x mod 2 = 0) l);
  print_int (fold_left ( + ) 0 l); print_newline ();
  print_int (fold_left (fun acc x -> acc * 10 + x) 0 [1; 2; 3; 4]); print_newline ();
  print_int (fold_right (fun x acc -> acc * 10 + x) [1; 2; 3; 4] 0); print_newline ();
  pi (append [1; 2; 3] [4; 5]);
  pi (concat [[1]; []; [2; 3]; [4; 5; 6]]);
  ps (map string_of_int (filter (fun x -> x > 20) l));
  print_int (nth l 3); print_newline ();
  (try ignore (nth l 10) with Failure m -> print_endline ("Failure " ^ m));
  (try ignore (nth l (-1)) with Invalid_argument m -> print_endline ("Invalid_argument " ^ m));
  print_bool (mem 49 l); print_string " "; print_bool (mem 50 l); print_newline ();
  let pairs = combine ["a"; "b"; "c"] [1; 2; 3] in
  print_int (assoc "b" pairs); print_newline ();
  (try ignore (assoc "z" pairs) with Not_found -> print_endline "Not_found");
  let (names, nums) = split pairs in
  ps names; pi nums;
  (try ignore (combine [1] []) with Invalid_argument m -> print_endline m);
  (* a long list: 100000 elements through rev, fold and map *)
  let big = init 0 100000 (fun i -> i) in
  print_int (fold_left ( + ) 0 (rev big)); print_newline ();
  print_int (length (filter (fun x -> x mod 3 = 0) big)); print_newline ();
  (* lists of lists, strings *)
  let words = [["the"; "quick"]; ["brown"]; []; ["fox"; "jumps"]] in
  ps (concat words);
  print_list (print_list print_int) [[1]; [2; 3]; []]; print_newline ()
