(* N queens: count every solution by backtracking over lists of placed
   queens (list traversal, short-circuit booleans, allocation of small
   lists). Argument: n (default 10). Prints the number of solutions. *)

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
external ( <> ) : int -> int -> bool = "%notequal"
external ( * ) : int -> int -> int = "%mulint"
external ( && ) : bool -> bool -> bool = "%sequand"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let line s n = print s; print (format_int "%d" n); output_char stdout '\n'
let size default =
  let a = argv in
  if array_length a > 1 then int_of_string (array_get a 1) else default

(* Column q, on the row just below the queens in [placed] (nearest first),
   is attacked by none of them. *)
let rec safe q d = function
  | [] -> true
  | q' :: rest -> q <> q' && q <> q' + d && q <> q' - d && safe q (d + 1) rest

let rec count n row placed =
  if row = n then 1
  else
    let rec columns c acc =
      if c = n then acc
      else columns (c + 1) (if safe c 1 placed then acc + count n (row + 1) (c :: placed) else acc)
    in
    columns 0 0

(* A checksum over the first solution found, in lexicographic order. *)
let rec first n row placed =
  if row = n then Some placed
  else
    let rec columns c =
      if c = n then None
      else if safe c 1 placed then
        match first n (row + 1) (c :: placed) with Some s -> Some s | None -> columns (c + 1)
      else columns (c + 1)
    in
    columns 0

let rec digits acc = function [] -> acc | q :: rest -> digits (acc * 10 + q) rest

let () =
  let n = size 10 in
  line "n: " n;
  line "solutions: " (count n 0 []);
  (match first n 0 [] with
   | Some s -> line "first solution (last row first): " (digits 0 s)
   | None -> print "no solution\n");
  flush stdout
