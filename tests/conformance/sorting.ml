(* Sorting: quicksort and insertion sort on arrays, merge sort on lists,
   heap sort, on data from a deterministic pseudo-random generator;
   checks that every result is sorted and a permutation of the input,
   and that merge sort is stable. *)
open Prelude

external make : int -> 'a -> 'a array = "caml_make_vect"
external length : 'a array -> int = "%array_length"

(* a linear congruential generator, 30-bit results *)
let seed = ref 12345
let random bound =
  seed := (!seed * 1103515245 + 12345) land 0x3FFFFFFF;
  (!seed lsr 4) mod bound

let swap a i j = let t = a.(i) in a.(i) <- a.(j); a.(j) <- t

let rec quicksort cmp a lo hi =
  if lo < hi then begin
    let pivot = a.((lo + hi) / 2) in
    let i = ref lo and j = ref hi in
    while !i <= !j do
      while cmp a.(!i) pivot < 0 do incr i done;
      while cmp a.(!j) pivot > 0 do decr j done;
      if !i <= !j then begin swap a !i !j; incr i; decr j end
    done;
    quicksort cmp a lo !j;
    quicksort cmp a !i hi
  end

let insertion_sort cmp a =
  for i = 1 to length a - 1 do
    let x = a.(i) in
    let j = ref (i - 1) in
    while !j >= 0 && cmp a.(!j) x > 0 do a.(!j + 1) <- a.(!j); decr j done;
    a.(!j + 1) <- x
  done

let heap_sort cmp a =
  let n = length a in
  let rec sift i size =
    let l = 2 * i + 1 in
    if l < size then begin
      let c = if l + 1 < size && cmp a.(l + 1) a.(l) > 0 then l + 1 else l in
      if cmp a.(c) a.(i) > 0 then begin swap a i c; sift c size end
    end
  in
  for i = n / 2 - 1 downto 0 do sift i n done;
  for last = n - 1 downto 1 do swap a 0 last; sift 0 last done

let rec merge cmp l1 l2 =
  match l1, l2 with
  | [], l | l, [] -> l
  | x :: r1, y :: r2 ->
    if cmp x y <= 0 then x :: merge cmp r1 l2 else y :: merge cmp l1 r2

(* split after the first n elements: keeps equal keys in order *)
let rec split_at n l =
  if n = 0 then ([], l)
  else match l with
    | [] -> ([], [])
    | x :: rest -> let (a, b) = split_at (n - 1) rest in (x :: a, b)

let rec list_length = function [] -> 0 | _ :: l -> 1 + list_length l

let rec merge_sort cmp = function
  | ([] | [_]) as l -> l
  | l ->
    let (a, b) = split_at (list_length l / 2) l in
    merge cmp (merge_sort cmp a) (merge_sort cmp b)

let rec list_of_array a i = if i >= length a then [] else a.(i) :: list_of_array a (i + 1)
let array_copy a = let b = make (length a) a.(0) in for i = 0 to length a - 1 do b.(i) <- a.(i) done; b

let is_sorted cmp a =
  let ok = ref true in
  for i = 1 to length a - 1 do if cmp a.(i - 1) a.(i) > 0 then ok := false done;
  !ok

(* permutation check: same multiset, by counting values below 1000 *)
let signature a =
  let counts = make 1000 0 in
  for i = 0 to length a - 1 do counts.(a.(i)) <- counts.(a.(i)) + 1 done;
  counts

let int_cmp (a : int) b = compare a b

let print_prefix a k =
  for i = 0 to k - 1 do print_int a.(i); print_string " " done; print_newline ()

let () =
  let n = 20000 in
  let data = make n 0 in
  for i = 0 to n - 1 do data.(i) <- random 1000 done;
  print_prefix data 10;
  let q = array_copy data in
  quicksort int_cmp q 0 (n - 1);
  print_prefix q 10;
  print_bool (is_sorted int_cmp q); print_string " "; print_bool (signature q = signature data);
  print_newline ();
  let h = array_copy data in
  heap_sort int_cmp h;
  print_bool (h = q); print_newline ();
  let small = make 500 0 in
  for i = 0 to 499 do small.(i) <- data.(i) done;
  insertion_sort int_cmp small;
  print_bool (is_sorted int_cmp small); print_string " "; print_int small.(0);
  print_string " "; print_int small.(499); print_newline ();
  let m = merge_sort int_cmp (list_of_array data 0) in
  print_bool (m = list_of_array q 0); print_newline ();
  (* descending order through a different comparison *)
  let d = array_copy data in
  quicksort (fun a b -> int_cmp b a) d 0 (n - 1);
  print_prefix d 10;
  (* stability: sort pairs by key only; equal keys keep input order *)
  let pairs = list_of_array (let p = make 30 (0, 0) in
                             for i = 0 to 29 do p.(i) <- (random 5, i) done; p) 0 in
  let sorted = merge_sort (fun (k1, _) (k2, _) -> int_cmp k1 k2) pairs in
  let rec show = function
    | [] -> print_newline ()
    | (k, i) :: rest -> print_int k; print_string ":"; print_int i; print_string " "; show rest
  in
  show sorted;
  (* strings *)
  let words = [| "pear"; "fig"; "apple"; "kiwi"; "banana"; "cherry"; "date" |] in
  quicksort compare words 0 (length words - 1);
  for i = 0 to length words - 1 do print_string words.(i); print_string " " done;
  print_newline ()
