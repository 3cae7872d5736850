(* Spectral norm (the benchmarks game): float arrays (caml_make_vect of a
   float, unboxed float array reads and writes), integer and float
   arithmetic in tight loops. Argument: n (default 300). Prints the norm. *)

type out_channel
external open_out : int -> out_channel = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external format_float : string -> float -> string = "caml_format_float"
external int_of_string : string -> int = "caml_int_of_string"
external argv : string array = "%sys_argv"
external array_length : 'a array -> int = "%array_length"
external array_get : 'a array -> int -> 'a = "%array_safe_get"
external ( + ) : int -> int -> int = "%addint"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( / ) : int -> int -> int = "%divint"
external ( = ) : int -> int -> bool = "%equal"
external ( +. ) : float -> float -> float = "%addfloat"
external ( *. ) : float -> float -> float = "%mulfloat"
external ( /. ) : float -> float -> float = "%divfloat"
external float_of_int : int -> float = "%floatofint"
external sqrt : float -> float = "caml_sqrt_float" "sqrt" [@@unboxed] [@@noalloc]
external make_float : int -> float -> float array = "caml_make_vect"
external fget : float array -> int -> float = "%array_safe_get"
external fset : float array -> int -> float -> unit = "%array_safe_set"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let line s n = print s; print (format_int "%d" n); output_char stdout '\n'
let linef s f = print s; print (format_float "%.9f" f); output_char stdout '\n'
let size default =
  let a = argv in
  if array_length a > 1 then int_of_string (array_get a 1) else default

let eval_a i j = 1.0 /. float_of_int ((i + j) * (i + j + 1) / 2 + i + 1)

let eval_a_times_u u v =
  let n = array_length v in
  let rec rows i =
    if i = n then ()
    else begin
      let rec cols j acc = if j = n then acc else cols (j + 1) (acc +. eval_a i j *. fget u j) in
      fset v i (cols 0 0.0);
      rows (i + 1)
    end
  in
  rows 0

let eval_at_times_u u v =
  let n = array_length v in
  let rec rows i =
    if i = n then ()
    else begin
      let rec cols j acc = if j = n then acc else cols (j + 1) (acc +. eval_a j i *. fget u j) in
      fset v i (cols 0 0.0);
      rows (i + 1)
    end
  in
  rows 0

let eval_ata_times_u u v =
  let w = make_float (array_length u) 0.0 in
  eval_a_times_u u w;
  eval_at_times_u w v

let () =
  let n = size 300 in
  line "n: " n;
  let u = make_float n 1.0 and v = make_float n 0.0 in
  let rec iter k =
    if k = 0 then () else (eval_ata_times_u u v; eval_ata_times_u v u; iter (k - 1)) in
  iter 10;
  let rec sums i vbv vv =
    if i = n then (vbv, vv)
    else
      let vi = fget v i in
      sums (i + 1) (vbv +. fget u i *. vi) (vv +. vi *. vi)
  in
  let (vbv, vv) = sums 0 0.0 0.0 in
  linef "spectral norm: " (sqrt (vbv /. vv));
  flush stdout
