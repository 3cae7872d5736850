(* Lists: build, map, filter, reverse, append, fold, an insertion into a
   sorted list and a merge sort; allocation heavy, mostly short-lived.
   Argument: rounds (default 400). Prints a checksum. *)

type out_channel
external open_out : int -> out_channel = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external int_of_string : string -> int = "caml_int_of_string"
external argv : string array = "%sys_argv"
external array_length : 'a array -> int = "%array_length"
external array_get : 'a array -> int -> 'a = "%array_safe_get"
external ( + ) : int -> int -> int = "%addint"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( = ) : int -> int -> bool = "%equal"
external ( <= ) : int -> int -> bool = "%lessequal"
external ( < ) : int -> int -> bool = "%lessthan"
external ( land ) : int -> int -> int = "%andint"
external ( lxor ) : int -> int -> int = "%xorint"
external ( mod ) : int -> int -> int = "%modint"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let line s n = print s; print (format_int "%d" n); output_char stdout '\n'
let size default =
  let a = argv in
  if array_length a > 1 then int_of_string (array_get a 1) else default

let rec range acc a b = if b < a then acc else range (b :: acc) a (b - 1)

let rec map f = function [] -> [] | x :: l -> let y = f x in y :: map f l
let rec filter p = function [] -> [] | x :: l -> if p x then x :: filter p l else filter p l
let rec rev_append l acc = match l with [] -> acc | x :: l -> rev_append l (x :: acc)
let rev l = rev_append l []
let rec append l1 l2 = match l1 with [] -> l2 | x :: l -> x :: append l l2
let rec fold_left f acc = function [] -> acc | x :: l -> fold_left f (f acc x) l
let rec length acc = function [] -> acc | _ :: l -> length (acc + 1) l

(* Merge sort, as the Stdlib's List.sort (split, merge of reversed runs). *)
let rec split l a b = match l with
  | [] -> (a, b)
  | [x] -> (x :: a, b)
  | x :: y :: rest -> split rest (x :: a) (y :: b)
let rec merge l1 l2 = match l1, l2 with
  | [], l | l, [] -> l
  | x :: r1, y :: r2 -> if x <= y then x :: merge r1 l2 else y :: merge l1 r2
let rec sort = function
  | ([] | [_]) as l -> l
  | l -> let (a, b) = split l [] [] in merge (sort a) (sort b)

let round k =
  let l = range [] 1 3000 in
  let m = map (fun x -> (x * 7919 + k) mod 10007) l in
  let f = filter (fun x -> x land 1 = 0) m in
  let r = rev (append f m) in
  let s = sort r in
  let sum = fold_left (fun a x -> a + x) 0 s in
  let first = match s with x :: _ -> x | [] -> 0 in
  sum + length 0 r * 3 + first

let () =
  let n = size 400 in
  line "rounds: " n;
  let rec loop k acc = if k = n then acc else loop (k + 1) (acc lxor (round k + k)) in
  line "checksum: " (loop 0 0);
  flush stdout
