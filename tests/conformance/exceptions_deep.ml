(* Exceptions crossing many frames (raised 100000 calls deep, caught at
   the top, with and without intermediate handlers), a million
   try/with blocks entered and left in a loop (the trap stack must stay
   balanced), raise_notrace, handlers that see the state at raise time,
   and recursion that continues normally after a deep raise. *)
open Prelude

exception Found of int
exception Deep of int

(* raise at the bottom of a non-tail recursion *)
let rec dive n = if n = 0 then raise (Deep 0) else 1 + dive (n - 1)

(* every level installs a handler that adds to the payload and re-raises *)
let rec dive_rethrow n =
  if n = 0 then raise (Deep 0)
  else try 1 + dive_rethrow (n - 1) with Deep k -> raise (Deep (k + 1))

(* handlers at every level that do not match *)
let rec dive_nomatch n =
  if n = 0 then raise (Found 99)
  else try 1 + dive_nomatch (n - 1) with Deep _ -> -1 | Not_found -> -2

(* a search in a tree that uses an exception to return early *)
type tree = Leaf | Node of tree * int * tree

let rec build lo hi = if lo > hi then Leaf
  else let mid = (lo + hi) / 2 in Node (build lo (mid - 1), mid, build (mid + 1) hi)

let find_first p t =
  let rec walk = function
    | Leaf -> ()
    | Node (l, x, r) -> walk l; if p x then raise_notrace (Found x); walk r
  in
  match walk t with
  | () -> None
  | exception Found x -> Some x

let () =
  (match dive 100000 with
   | n -> print_int n
   | exception Deep k -> print_string "Deep "; print_int k);
  print_newline ();
  (match dive_rethrow 10000 with
   | n -> print_int n
   | exception Deep k -> print_string "Deep "; print_int k);
  print_newline ();
  (match dive_nomatch 50000 with
   | n -> print_int n
   | exception Found k -> print_string "Found "; print_int k);
  print_newline ();
  (* a million handlers pushed and popped; half of them catch something *)
  let caught = ref 0 and total = ref 0 in
  for i = 1 to 1_000_000 do
    try
      if i land 1 = 0 then raise (Found i);
      total := !total + 1
    with Found k -> caught := !caught + (k land 3)
  done;
  print_int !caught; print_string " "; print_int !total; print_newline ();
  (* raise_notrace behaves like raise *)
  let t = build 1 1000 in
  (match find_first (fun x -> x mod 97 = 0) t with
   | Some x -> print_int x | None -> print_string "none");
  print_string " ";
  (match find_first (fun x -> x > 5000) t with
   | Some x -> print_int x | None -> print_string "none");
  print_newline ();
  (try raise_notrace (Failure "quiet") with Failure m -> print_endline m);
  (* state mutated before the raise is visible in the handler *)
  let r = ref 0 in
  (try r := 1; r := 2; raise Not_found; with Not_found -> r := !r * 10);
  print_int !r; print_newline ();
  (* deep recursion still works after all that *)
  let rec sum n = if n = 0 then 0 else n + sum (n - 1) in
  print_int (sum 100000); print_newline ()
