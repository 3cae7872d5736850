(* Nativeint: boxed native-word (64-bit here) integers: arithmetic with
   wrap-around, division by zero, shifts, conversions and formatting
   (caml_nativeint_format, caml_nativeint_of_string), comparisons. *)
open Prelude

external add : nativeint -> nativeint -> nativeint = "%nativeint_add"
external sub : nativeint -> nativeint -> nativeint = "%nativeint_sub"
external mul : nativeint -> nativeint -> nativeint = "%nativeint_mul"
external div : nativeint -> nativeint -> nativeint = "%nativeint_div"
external rem : nativeint -> nativeint -> nativeint = "%nativeint_mod"
external neg : nativeint -> nativeint = "%nativeint_neg"
external logand : nativeint -> nativeint -> nativeint = "%nativeint_and"
external logor : nativeint -> nativeint -> nativeint = "%nativeint_or"
external logxor : nativeint -> nativeint -> nativeint = "%nativeint_xor"
external shift_left : nativeint -> int -> nativeint = "%nativeint_lsl"
external shift_right : nativeint -> int -> nativeint = "%nativeint_asr"
external shift_right_logical : nativeint -> int -> nativeint = "%nativeint_lsr"
external of_int : int -> nativeint = "%nativeint_of_int"
external to_int : nativeint -> int = "%nativeint_to_int"
external of_int32 : int32 -> nativeint = "%nativeint_of_int32"
external to_int32 : nativeint -> int32 = "%nativeint_to_int32"
external of_float : float -> nativeint = "caml_nativeint_of_float"
  "caml_nativeint_of_float_unboxed" [@@unboxed] [@@noalloc]
external to_float : nativeint -> float = "caml_nativeint_to_float"
  "caml_nativeint_to_float_unboxed" [@@unboxed] [@@noalloc]
external format : string -> nativeint -> string = "caml_nativeint_format"
external format32 : string -> int32 -> string = "caml_int32_format"
external of_string : string -> nativeint = "caml_nativeint_of_string"
external size : unit -> int = "%word_size"

let show name v =
  print_string name; print_string " = "; print_string (format "%d" v);
  print_string " ["; print_string (format "%x" v); print_string "]"; print_newline ()

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  print_string "word size "; print_int (size ()); print_newline ();
  let max_n = shift_right_logical (-1n) 1 in
  let min_n = add max_n 1n in
  show "max" max_n;
  show "min" min_n;
  show "max * 3" (mul max_n 3n);
  show "neg min" (neg min_n);
  show "-17 / 5" (div (-17n) 5n);
  show "-17 mod 5" (rem (-17n) 5n);
  show "min / -1" (div min_n (-1n));
  (match rem 3n 0n with
   | _ -> print_endline "no error?"
   | exception Division_by_zero -> print_endline "Division_by_zero");
  show "and" (logand 0xFFn 0x3Cn);
  show "or" (logor 0xF0n 0x0Fn);
  show "xor" (logxor (-1n) 0xFn);
  show "1 lsl 40" (shift_left 1n 40);
  show "min asr 62" (shift_right min_n 62);
  show "min lsr 62" (shift_right_logical min_n 62);
  show "of_int min_int" (of_int min_int);
  print_int (to_int 12345n); print_string " "; print_int (to_int max_n); print_newline ();
  show "of_int32 -5l" (of_int32 (-5l));
  print_string (format32 "%d" (to_int32 0x1_0000_0007n)); print_newline ();
  show "of_float 123.9" (of_float 123.9);
  print_float (to_float (-42n)); print_newline ();
  iter (fun f -> print_string (format f 3000000000n); print_string " ")
    ["%d"; "%x"; "%X"; "%o"; "%u"; "%12d"; "%-12d"; "%012d"; "%#x"; "%+d"; "%i"];
  print_newline ();
  iter (fun s ->
      print_string s; print_string " -> ";
      (match of_string s with
       | v -> print_string (format "%d" v)
       | exception Failure m -> print_string ("Failure " ^ m));
      print_newline ())
    ["42"; "-9223372036854775808"; "9223372036854775808"; "0xffffffffffffffff";
     "0b10"; "0o10"; "5_5"; "nope"];
  print_int (compare 1n 2n); print_string " "; print_bool (3n = add 1n 2n); print_newline ()
