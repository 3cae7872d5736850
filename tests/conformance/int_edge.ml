(* Integer edge cases on 63-bit ints: max_int, min_int, wrap-around on
   overflow, division and modulo of negative numbers (truncation toward
   zero), division by zero raising Division_by_zero, shifts (lsl, lsr,
   asr, including by 0 and 62), bitwise operators, and the tagged
   representation's limits.  Self-contained. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( / ) : int -> int -> int = "%divint"
external ( mod ) : int -> int -> int = "%modint"
external ( ~- ) : int -> int = "%negint"
external ( land ) : int -> int -> int = "%andint"
external ( lor ) : int -> int -> int = "%orint"
external ( lxor ) : int -> int -> int = "%xorint"
external ( lsl ) : int -> int -> int = "%lslint"
external ( lsr ) : int -> int -> int = "%lsrint"
external ( asr ) : int -> int -> int = "%asrint"
external ( = ) : int -> int -> bool = "%equal"
external ( < ) : int -> int -> bool = "%lessthan"
external ( > ) : int -> int -> bool = "%greaterthan"
external compare : int -> int -> int = "%compare"
external succ : int -> int = "%succint"
external pred : int -> int = "%predint"

let stdout = open_descriptor_out 1
let print_string s = output stdout s 0 (string_length s)
let show name v =
  print_string name; print_string " = "; print_string (format_int "%d" v);
  print_string " (0x"; print_string (format_int "%x" v); print_string ")\n"

let max_int = (-1) lsr 1
let min_int = max_int + 1

let safe_div a b =
  match a / b with
  | q -> print_string (format_int "%d" q)
  | exception Division_by_zero -> print_string "Division_by_zero"

let safe_mod a b =
  match a mod b with
  | r -> print_string (format_int "%d" r)
  | exception Division_by_zero -> print_string "Division_by_zero"

let () =
  show "max_int" max_int;
  show "min_int" min_int;
  show "max_int + 1" (max_int + 1);
  show "min_int - 1" (min_int - 1);
  show "max_int * 2" (max_int * 2);
  show "min_int * -1" (min_int * (-1));
  show "-min_int" (- min_int);
  show "succ max_int" (succ max_int);
  show "pred min_int" (pred min_int);
  show "3037000500 squared" (3037000500 * 3037000500);
  show "1 lsl 62" (1 lsl 62);
  show "1 lsl 63" (1 lsl 63);
  show "1 lsl 0" (1 lsl 0);
  show "-1 lsr 1" ((-1) lsr 1);
  show "-1 lsr 62" ((-1) lsr 62);
  show "-1 asr 62" ((-1) asr 62);
  show "-16 asr 2" ((-16) asr 2);
  show "-16 lsr 2" ((-16) lsr 2);
  show "min_int asr 62" (min_int asr 62);
  show "0xFF land 0x0F" (0xFF land 0x0F);
  show "0xF0 lor 0x0F" (0xF0 lor 0x0F);
  show "0xFF lxor 0x0F" (0xFF lxor 0x0F);
  show "lnot 0" (0 lxor (-1));
  show "min_int land max_int" (min_int land max_int);
  (* division truncates toward zero; the remainder has the dividend's sign *)
  let pairs = [(7, 2); (-7, 2); (7, -2); (-7, -2); (0, 5); (5, 7); (-5, 7);
               (min_int, -1); (min_int, 1); (max_int, -1); (min_int, 2);
               (7, 0); (0, 0); (min_int, 0)] in
  let rec go = function
    | [] -> ()
    | (a, b) :: rest ->
      print_string (format_int "%d" a); print_string " / ";
      print_string (format_int "%d" b); print_string " = "; safe_div a b;
      print_string ", mod = "; safe_mod a b; print_string "\n";
      go rest
  in
  go pairs;
  (* comparisons at the extremes *)
  show "compare min_int max_int" (compare min_int max_int);
  show "compare max_int min_int" (compare max_int min_int);
  show "min_int < max_int" (if min_int < max_int then 1 else 0);
  show "max_int + 1 > max_int" (if max_int + 1 > max_int then 1 else 0);
  show "min_int = -min_int" (if min_int = - min_int then 1 else 0);
  (* a multiplicative hash that relies on wrap-around *)
  let rec hash h i = if i > 1000 then h else hash (h * 1000003 + i) (i + 1) in
  show "hash" (hash 0 1);
  flush stdout
