(* Modules inside one file: nested structures, functors applied at run
   time (their bodies allocate and run), functors producing different
   instances from the same code, include, local opens, module-level side
   effects in order, and first-class modules. *)
open Prelude

let () = print_endline "module initialisation starts"

module type ORDERED = sig
  type t
  val compare : t -> t -> int
  val show : t -> string
end

module MakeSet (O : ORDERED) = struct
  let () = print_endline "  (MakeSet body runs)"
  type t = Leaf | Node of t * O.t * t
  let empty = Leaf
  let rec add x = function
    | Leaf -> Node (Leaf, x, Leaf)
    | Node (l, y, r) as t ->
      let c = O.compare x y in
      if c < 0 then Node (add x l, y, r) else if c > 0 then Node (l, y, add x r) else t
  let rec mem x = function
    | Leaf -> false
    | Node (l, y, r) -> let c = O.compare x y in c = 0 || mem x (if c < 0 then l else r)
  let rec elements acc = function
    | Leaf -> acc
    | Node (l, x, r) -> elements (x :: elements acc r) l
  let to_string s =
    let rec go = function [] -> "" | [x] -> O.show x | x :: r -> O.show x ^ " " ^ go r in
    "{" ^ go (elements [] s) ^ "}"
  let of_list l = let rec go acc = function [] -> acc | x :: r -> go (add x acc) r in go empty l
end

module Int_ord = struct
  type t = int
  let compare (a : int) b = compare a b
  let show = string_of_int
end

module Rev_string_ord = struct
  type t = string
  let compare (a : string) b = compare b a
  let show s = "\"" ^ s ^ "\""
end

module IntSet = MakeSet (Int_ord)
module StrSet = MakeSet (Rev_string_ord)

(* a functor applied to an anonymous structure, and include *)
module Counter () = struct
  let count = ref 0
  let next () = incr count; !count
end

module C1 = Counter ()
module C2 = Counter ()

module Extended = struct
  include IntSet
  let size s = let rec len = function [] -> 0 | _ :: r -> 1 + len r in len (elements [] s)
end

module Nested = struct
  module Inner = struct
    let value = 42
    module Deepest = struct let value = value * 2 end
  end
  let total = Inner.value + Inner.Deepest.value
end

(* first-class modules: pick an implementation at run time *)
module type SHAPE = sig val name : string val area : int -> int end
module Square = struct let name = "square" let area n = n * n end
module Triangle = struct let name = "triangle" let area n = n * n / 2 end

let shapes : (module SHAPE) list = [(module Square); (module Triangle)]

let () =
  print_endline "main starts";
  let s = IntSet.of_list [5; 3; 9; 1; 3; 7; 5] in
  print_endline (IntSet.to_string s);
  print_bool (IntSet.mem 7 s); print_string " "; print_bool (IntSet.mem 4 s); print_newline ();
  let t = StrSet.of_list ["pear"; "apple"; "fig"; "apple"] in
  print_endline (StrSet.to_string t);
  print_int (C1.next ()); print_int (C1.next ()); print_int (C2.next ());
  print_int (C1.next ()); print_newline ();
  print_int (Extended.size (Extended.add 100 s)); print_newline ();
  print_int Nested.total; print_newline ();
  (* a local open *)
  print_endline IntSet.(to_string (add 0 (add 10 empty)));
  (* a locally defined and applied functor *)
  let module Pairs = MakeSet (struct
      type t = int * int
      let compare (a : t) b = compare a b
      let show (x, y) = "(" ^ string_of_int x ^ "," ^ string_of_int y ^ ")"
    end) in
  print_endline (Pairs.to_string (Pairs.of_list [(2, 1); (1, 2); (1, 1); (2, 1)]));
  let rec iter = function
    | [] -> ()
    | m :: rest ->
      let module S = (val m : SHAPE) in
      print_string S.name; print_string " "; print_int (S.area 10); print_newline ();
      iter rest
  in
  iter shapes
