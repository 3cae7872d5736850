(* Float arrays are stored flat (Double_array_tag): literals, make with a
   float, create_float, get/set through known and polymorphic types,
   sub/append/concat/blit on them, records of floats in arrays, and
   structural equality and comparison on float arrays. *)
open Prelude

external make : int -> 'a -> 'a array = "caml_make_vect"
external create_float : int -> float array = "caml_make_float_vect"
external length : 'a array -> int = "%array_length"
external unsafe_sub : 'a array -> int -> int -> 'a array = "caml_array_sub"
external append : 'a array -> 'a array -> 'a array = "caml_array_append"
external concat : 'a array list -> 'a array = "caml_array_concat"
external unsafe_blit : 'a array -> int -> 'a array -> int -> int -> unit
  = "caml_array_blit"

let print_farray (a : float array) =
  print_string "[|";
  for i = 0 to length a - 1 do
    if i > 0 then print_string "; ";
    print_float a.(i)
  done;
  print_string "|]"; print_newline ()

(* Polymorphic: the compiler does not know these are float arrays. *)
let poly_get a i = a.(i)
let poly_set a i v = a.(i) <- v
let poly_swap a i j = let t = a.(i) in a.(i) <- a.(j); a.(j) <- t
let poly_make n x = make n x

let rev_in_place a =
  let n = length a in
  for i = 0 to n / 2 - 1 do poly_swap a i (n - 1 - i) done

let () =
  let a = [| 1.5; -2.25; 3.0; 1e10; 0.1 |] in
  print_farray a;
  let m = make 4 2.5 in
  m.(1) <- 0.5;
  print_farray m;
  let c = create_float 3 in
  for i = 0 to 2 do c.(i) <- float_of_int (i * i) /. 4.0 done;
  print_farray c;
  print_float (poly_get a 1); print_newline ();
  poly_set a 0 100.0;
  print_farray a;
  rev_in_place a;
  print_farray a;
  let p = poly_make 3 7.25 in
  print_farray p;
  (match a.(5) with
   | _ -> print_endline "no error?"
   | exception Invalid_argument msg -> print_endline msg);
  (match poly_get a (-1) with
   | _ -> print_endline "no error?"
   | exception Invalid_argument msg -> print_endline msg);
  print_farray (unsafe_sub a 1 3);
  print_farray (append a c);
  print_farray (append [||] c);
  print_farray (concat [c; [| 9.5 |]; m]);
  let b = [| 0.0; 0.0; 0.0; 0.0; 0.0; 0.0 |] in
  unsafe_blit a 0 b 1 4;
  print_farray b;
  unsafe_blit b 1 b 0 5;
  print_farray b;
  (* sum with a float accumulator *)
  let total = ref 0.0 in
  for i = 0 to length b - 1 do total := !total +. b.(i) done;
  print_float !total; print_newline ();
  (* equality and comparison of float arrays *)
  print_bool ([| 1.0; 2.0 |] = [| 1.0; 2.0 |]); print_string " ";
  print_bool ([| 1.0; 2.0 |] = [| 1.0; 2.5 |]); print_string " ";
  print_int (compare [| 1.0; 3.0 |] [| 1.0; 2.0 |]); print_string " ";
  print_int (compare [| 1.0 |] [| 1.0; 0.0 |]); print_newline ();
  (* an array of float pairs is NOT flat: its elements are blocks *)
  let pairs = [| (1.0, 2.0); (3.0, 4.0) |] in
  let (x, y) = pairs.(1) in
  print_float (x +. y); print_newline ()
