(* Arrays: make, literals, get/set, out-of-bounds access caught as
   Invalid_argument "index out of bounds", length, blit (overlapping
   too), sub, append, concat, arrays of arrays, and errors from the
   array primitives. *)
open Prelude

external make : int -> 'a -> 'a array = "caml_make_vect"
external length : 'a array -> int = "%array_length"
external unsafe_sub : 'a array -> int -> int -> 'a array = "caml_array_sub"
external append : 'a array -> 'a array -> 'a array = "caml_array_append"
external concat : 'a array list -> 'a array = "caml_array_concat"
external unsafe_blit : 'a array -> int -> 'a array -> int -> int -> unit
  = "caml_array_blit"
external unsafe_get : 'a array -> int -> 'a = "%array_unsafe_get"
external unsafe_set : 'a array -> int -> 'a -> unit = "%array_unsafe_set"

(* The primitives trust their arguments: check them, as the Stdlib does. *)
let sub a ofs len =
  if ofs < 0 || len < 0 || ofs > length a - len then invalid_arg "Array.sub"
  else unsafe_sub a ofs len

let blit a1 ofs1 a2 ofs2 len =
  if len < 0 || ofs1 < 0 || ofs1 > length a1 - len
     || ofs2 < 0 || ofs2 > length a2 - len
  then invalid_arg "Array.blit"
  else unsafe_blit a1 ofs1 a2 ofs2 len

let print_array a =
  print_string "[|";
  for i = 0 to length a - 1 do
    if i > 0 then print_string "; ";
    print_int a.(i)
  done;
  print_string "|]"; print_newline ()

let init n f =
  if n = 0 then [||]
  else begin
    let a = make n (f 0) in
    for i = 1 to n - 1 do a.(i) <- f i done;
    a
  end

let try_get a i =
  match a.(i) with
  | v -> print_string "a.("; print_int i; print_string ") = "; print_int v;
    print_newline ()
  | exception Invalid_argument msg ->
    print_string "a.("; print_int i; print_string "): Invalid_argument ";
    print_endline msg

let attempt name f =
  match f () with
  | () -> print_string name; print_endline ": ok"
  | exception Invalid_argument msg ->
    print_string name; print_string ": Invalid_argument "; print_endline msg

let () =
  let a = make 5 0 in
  print_array a;
  for i = 0 to 4 do a.(i) <- i * 11 done;
  print_array a;
  let lit = [| 3; 1; 4; 1; 5; 9; 2; 6 |] in
  print_array lit;
  print_int (length lit); print_string " "; print_int (length [||]); print_newline ();
  try_get lit 0; try_get lit 7; try_get lit 8; try_get lit (-1); try_get lit max_int;
  attempt "set 8" (fun () -> lit.(8) <- 0);
  attempt "set -1" (fun () -> lit.(-1) <- 0);
  print_array (sub lit 2 3);
  print_array (sub lit 0 0);
  attempt "sub 6 5" (fun () -> ignore (sub lit 6 5));
  attempt "sub -1 2" (fun () -> ignore (sub lit (-1) 2));
  print_array (append a lit);
  print_array (append [||] [| 7 |]);
  print_array (concat [[| 1; 2 |]; [||]; [| 3 |]; [| 4; 5; 6 |]]);
  (* blit between arrays and within one array, overlapping both ways *)
  let b = init 10 (fun i -> i) in
  blit lit 0 b 2 3; print_array b;
  let c = init 10 (fun i -> i) in
  blit c 0 c 3 7; print_array c;
  let d = init 10 (fun i -> i) in
  blit d 3 d 0 7; print_array d;
  attempt "blit too long" (fun () -> blit a 0 b 8 5);
  attempt "make -1" (fun () -> ignore (make (-1) 0));
  (* arrays share their elements: a matrix built right and wrong *)
  let row = make 3 0 in
  let wrong = make 3 row in
  wrong.(0).(0) <- 9;
  print_array wrong.(2);
  let right = init 3 (fun i -> make 3 i) in
  right.(0).(0) <- 9;
  print_array right.(0); print_array right.(2);
  (* strings in arrays *)
  let names = [| "zero"; "one"; "two" |] in
  names.(1) <- names.(1) ^ "!";
  for i = 0 to length names - 1 do print_string names.(i); print_string " " done;
  print_newline ();
  print_int (unsafe_get lit 5); print_string " ";
  unsafe_set names 2 "TWO";
  print_string (unsafe_get names 2); print_newline ();
  (* a big array: sum of 1..1e6 *)
  let big = init 1_000_000 (fun i -> i + 1) in
  let s = ref 0 in
  for i = 0 to length big - 1 do s := !s + big.(i) done;
  print_int !s; print_newline ()
