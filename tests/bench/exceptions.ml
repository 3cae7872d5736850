(* Exceptions: raise and catch in a loop, at several depths of the stack,
   with and without arguments, re-raised through nested handlers, and
   raise_notrace; PUSHTRAP/POPTRAP on the path that does not raise too.
   Argument: iterations (default 1000000). Prints a checksum. *)

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
external ( = ) : int -> int -> bool = "%equal"
external ( land ) : int -> int -> int = "%andint"
external ( lxor ) : int -> int -> int = "%xorint"
external raise : exn -> 'a = "%raise"
external raise_notrace : exn -> 'a = "%raise_notrace"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let line s n = print s; print (format_int "%d" n); output_char stdout '\n'
let size default =
  let a = argv in
  if array_length a > 1 then int_of_string (array_get a 1) else default

exception Found of int
exception Skip
exception Wrapped of exn * int

(* Raise from [depth] frames down. *)
let rec dive depth x =
  if depth = 0 then
    (if x land 3 = 0 then raise (Found x) else if x land 3 = 1 then raise Skip else x)
  else 1 + dive (depth - 1) x

(* A handler that catches, wraps and re-raises. *)
let wrap depth x =
  try dive depth x with
  | Skip -> raise (Wrapped (Skip, depth))
  | Found k when k land 4 = 0 -> raise (Found (k + 1))

let rec assoc k = function
  | [] -> raise_notrace Not_found
  | (k', v) :: rest -> if k = k' then v else assoc k rest

let table = [ (1, 10); (2, 20); (3, 30); (5, 50); (8, 80) ]

let step i acc =
  let a =
    try wrap (i land 7) i with
    | Found k -> k
    | Wrapped (Skip, d) -> 100 + d
    | Wrapped (_, d) -> d
  in
  let b = try assoc (i land 7) table with Not_found -> 7 in
  let c = try (try raise (Failure "inner") with Not_found -> 1) with Failure _ -> 2 in
  (acc lxor (a + b + c)) + 1

let rec loop i n acc = if i = n then acc else loop (i + 1) n (step i acc)

let () =
  let n = size 1000000 in
  line "iterations: " n;
  line "checksum: " (loop 0 n 0);
  flush stdout
