(* Closures and partial application: every iteration builds closures
   (CLOSURE, CLOSUREREC), partial applications of known and unknown
   functions (GRAB/RESTART), over-application (APPLY of a function that
   returns a function), composition and higher-order iteration.
   Also the program of the CLOSUREDYN experiment: run pinned
   (`zvm run closures.zbc`) and collectable (loaded by cdyn_host.zbc).
   Argument: iterations (default 1500000). Prints a checksum. *)

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
external ( land ) : int -> int -> int = "%andint"
external ( lxor ) : int -> int -> int = "%xorint"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let line s n = print s; print (format_int "%d" n); output_char stdout '\n'
let size default =
  let a = argv in
  if array_length a > 1 then int_of_string (array_get a 1) else default

let compose f g x = f (g x)
let add a b = a + b
let mul a b = a * b
let twice f x = f (f x)
let rec iterate n f x = if n = 0 then x else iterate (n - 1) f (f x)
let make_adder k = fun x -> x + k
let curry3 a b c = a * 3 + b * 2 + c
(* Over-application: two arguments to a function of one parameter. *)
let pick b = if b then fun x y -> x - y else fun x y -> x + y
(* A let rec closure with free variables, built on every call. *)
let even_odd k =
  let rec even n = if n = 0 then k else odd (n - 1)
  and odd n = if n = 0 then k + 1 else even (n - 1) in
  even
let fold3 f acc a b c = f (f (f acc a) b) c

let step i acc =
  let f = compose (add i) (mul 3) in       (* partial applications, composed *)
  let g = make_adder (i land 255) in      (* a closure with an environment *)
  let h = curry3 i in                      (* partial application ... *)
  let h2 = h 1 in                          (* ... of a partial application *)
  let e = even_odd i in
  let r =
    f 7 + g 2 + twice g i + h2 5
    + iterate 3 (fun x -> x + i) 1         (* a fresh closure per iteration *)
    + pick (i land 1 = 0) i 3
    + e (i land 7)
    + fold3 (fun a x -> a * 2 + x) 0 i (i + 1) (i + 2)
  in
  (acc lxor r) + (r land 1023)

let rec loop i n acc = if i = n then acc else loop (i + 1) n (step i acc)

let () =
  let n = size 1500000 in
  line "iterations: " n;
  line "checksum: " (loop 0 n 0);
  flush stdout
