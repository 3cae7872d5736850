(* caml_hash, the primitive behind Hashtbl.hash: values of ints, strings,
   floats (incl. 0.0 = -0.0 and nan), lists, tuples, records, variants,
   and the meaningful/total limits; then a hash table implemented by hand
   on top of it (separate chaining, resizing), used as a word counter. *)
open Prelude

external seeded_hash_param : int -> int -> int -> 'a -> int = "caml_hash"
external make : int -> 'a -> 'a array = "caml_make_vect"
external length : 'a array -> int = "%array_length"

let hash x = seeded_hash_param 10 100 0 x

type point = { x : int; y : int }
type shape = Dot | Circle of int | Poly of point list

let rec ( @ ) a b = match a with [] -> b | x :: r -> x :: (r @ b)
let rec iter f = function [] -> () | x :: l -> f x; iter f l
let sub s ofs len =
  let b = bytes_create len in
  string_blit s ofs b 0 len;
  bytes_unsafe_to_string b

let show name h = print_string name; print_string " -> "; print_int h; print_newline ()

(* ---- a hash table with chaining --------------------------------------- *)

type ('k, 'v) table = { mutable buckets : ('k * 'v) list array; mutable size : int }

let create n = { buckets = make n []; size = 0 }
let index t k = hash k land (length t.buckets - 1)

let resize t =
  let old = t.buckets in
  t.buckets <- make (2 * length old) [];
  for i = 0 to length old - 1 do
    let rec reinsert = function
      | [] -> ()
      | (k, v) :: rest -> let j = index t k in t.buckets.(j) <- (k, v) :: t.buckets.(j);
        reinsert rest
    in
    reinsert old.(i)
  done

let rec find_in k = function [] -> None | (k', v) :: rest -> if k = k' then Some v else find_in k rest
let find t k = find_in k t.buckets.(index t k)

let replace t k v =
  let i = index t k in
  let rec remove = function [] -> [] | (k', _) as p :: rest -> if k = k' then rest else p :: remove rest in
  (match find_in k t.buckets.(i) with None -> t.size <- t.size + 1 | Some _ -> ());
  t.buckets.(i) <- (k, v) :: remove t.buckets.(i);
  if t.size > 2 * length t.buckets then resize t

let () =
  show "0" (hash 0);
  show "1" (hash 1);
  show "-1" (hash (-1));
  show "max_int" (hash max_int);
  show "'a'" (hash 'a');
  show "true" (hash true);
  show "\"\"" (hash "");
  show "\"hello\"" (hash "hello");
  show "\"hello world, a longer string\"" (hash "hello world, a longer string");
  show "0.0" (hash 0.0);
  show "-0.0" (hash (-0.0));
  show "1.5" (hash 1.5);
  show "nan" (hash nan);
  show "-nan" (hash (-. nan));
  show "infinity" (hash infinity);
  show "[1;2;3]" (hash [1; 2; 3]);
  show "(1, \"a\", 2.5)" (hash (1, "a", 2.5));
  show "{x=1;y=2}" (hash { x = 1; y = 2 });
  show "(1,2) same as record" (hash (1, 2));
  show "Dot" (hash Dot);
  show "Circle 3" (hash (Circle 3));
  show "Poly" (hash (Poly [{ x = 0; y = 0 }; { x = 3; y = 4 }]));
  show "Some None" (hash (Some None));
  show "[|1.0; 2.0|]" (hash [| 1.0; 2.0 |]);
  show "1L" (hash 1L);
  show "`Tag" (hash `Tag);
  (* only the first elements of a long list count (meaningful = 10) *)
  let rec upto i n = if i > n then [] else i :: upto (i + 1) n in
  show "upto 1 100" (hash (upto 1 100));
  show "upto 1 100, seeded 42" (seeded_hash_param 10 100 42 (upto 1 100));
  show "upto 1 100, meaningful 1000" (seeded_hash_param 1000 1000 0 (upto 1 100));
  print_bool (hash (upto 1 20 @ [0]) = hash (upto 1 20 @ [1])); print_newline ();
  (* the hash table in use: count words *)
  let t = create 4 in
  let text = "the cat and the dog and the bird saw the other cat and a fish" in
  let start = ref 0 in
  for i = 0 to string_length text do
    if i = string_length text || text.[i] = ' ' then begin
      let w = sub text !start (i - !start) in
      let n = match find t w with None -> 0 | Some n -> n in
      replace t w (n + 1);
      start := i + 1
    end
  done;
  print_string "distinct words: "; print_int t.size;
  print_string ", buckets: "; print_int (length t.buckets); print_newline ();
  iter (fun w ->
      print_string w; print_string "=";
      print_int (match find t w with None -> 0 | Some n -> n); print_string " ")
    ["the"; "and"; "cat"; "fish"; "cow"];
  print_newline ();
  (* many integer keys *)
  let t2 = create 1 in
  for i = 1 to 10000 do replace t2 (i * 7) (i * i) done;
  print_int t2.size; print_string " ";
  print_int (length t2.buckets); print_string " ";
  print_int (match find t2 70000 with Some v -> v | None -> -1); print_string " ";
  print_int (match find t2 70001 with Some v -> v | None -> -1); print_newline ()
