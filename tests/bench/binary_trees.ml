(* Binary trees (the benchmarks game): allocate and walk many short-lived
   complete binary trees while one long-lived tree stays alive; allocation
   and collector bound. Argument: maximum depth (default 16). *)

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
external ( - ) : int -> int -> int = "%subint"
external ( = ) : int -> int -> bool = "%equal"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( lsl ) : int -> int -> int = "%lslint"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let print_int n = print (format_int "%d" n)
let size default =
  let a = argv in
  if array_length a > 1 then int_of_string (array_get a 1) else default

type tree = Empty | Node of tree * tree

let rec make d = if d = 0 then Node (Empty, Empty) else Node (make (d - 1), make (d - 1))

let rec check = function Empty -> 0 | Node (l, r) -> 1 + check l + check r

let min_depth = 4

let () =
  let max_depth = let n = size 16 in if min_depth + 2 > n then min_depth + 2 else n in
  let stretch = max_depth + 1 in
  print "stretch tree of depth "; print_int stretch; print "\t check: ";
  print_int (check (make stretch)); output_char stdout '\n';
  let long_lived = make max_depth in
  let rec depths d =
    if d > max_depth then ()
    else begin
      let iterations = 1 lsl (max_depth - d + min_depth) in
      let rec run i c = if i = 0 then c else run (i - 1) (c + check (make d)) in
      print_int iterations; print "\t trees of depth "; print_int d;
      print "\t check: "; print_int (run iterations 0); output_char stdout '\n';
      depths (d + 2)
    end
  in
  depths min_depth;
  print "long lived tree of depth "; print_int max_depth; print "\t check: ";
  print_int (check long_lived); output_char stdout '\n';
  flush stdout
