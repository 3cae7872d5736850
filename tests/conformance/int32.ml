(* Int32: boxed 32-bit arithmetic with wrap-around, division (by zero
   raising), shifts, bitwise operators, conversions to and from int,
   float and string (caml_int32_of_string, caml_int32_format), bit
   patterns of floats, and comparisons. *)
open Prelude

external add : int32 -> int32 -> int32 = "%int32_add"
external sub : int32 -> int32 -> int32 = "%int32_sub"
external mul : int32 -> int32 -> int32 = "%int32_mul"
external div : int32 -> int32 -> int32 = "%int32_div"
external rem : int32 -> int32 -> int32 = "%int32_mod"
external neg : int32 -> int32 = "%int32_neg"
external logand : int32 -> int32 -> int32 = "%int32_and"
external logor : int32 -> int32 -> int32 = "%int32_or"
external logxor : int32 -> int32 -> int32 = "%int32_xor"
external shift_left : int32 -> int -> int32 = "%int32_lsl"
external shift_right : int32 -> int -> int32 = "%int32_asr"
external shift_right_logical : int32 -> int -> int32 = "%int32_lsr"
external of_int : int -> int32 = "%int32_of_int"
external to_int : int32 -> int = "%int32_to_int"
external of_float : float -> int32 = "caml_int32_of_float" "caml_int32_of_float_unboxed"
  [@@unboxed] [@@noalloc]
external to_float : int32 -> float = "caml_int32_to_float" "caml_int32_to_float_unboxed"
  [@@unboxed] [@@noalloc]
external format : string -> int32 -> string = "caml_int32_format"
external of_string : string -> int32 = "caml_int32_of_string"
external bits_of_float : float -> int32 = "caml_int32_bits_of_float"
  "caml_int32_bits_of_float_unboxed" [@@unboxed] [@@noalloc]
external float_of_bits : int32 -> float = "caml_int32_float_of_bits"
  "caml_int32_float_of_bits_unboxed" [@@unboxed] [@@noalloc]
external compare32 : int32 -> int32 -> int = "%compare"
external eq32 : int32 -> int32 -> bool = "%equal"

let max_int32 = 2147483647l
let min_int32 = -2147483648l

let show name v =
  print_string name; print_string " = "; print_string (format "%d" v);
  print_string " ["; print_string (format "%08lx" v); print_string "]"; print_newline ()

let try_div a b =
  match div a b, rem a b with
  | q, r -> print_string (format "%d" q); print_string " "; print_string (format "%d" r)
  | exception Division_by_zero -> print_string "Division_by_zero"

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  show "max" max_int32;
  show "min" min_int32;
  show "max + 1" (add max_int32 1l);
  show "min - 1" (sub min_int32 1l);
  show "65536 * 65536" (mul 65536l 65536l);
  show "46341 * 46341" (mul 46341l 46341l);
  show "neg min" (neg min_int32);
  show "-7 / 2" (div (-7l) 2l);
  show "-7 mod 2" (rem (-7l) 2l);
  show "0xF0F0 and 0xFF00" (logand 0xF0F0l 0xFF00l);
  show "0xF0F0 or 0x0F0F" (logor 0xF0F0l 0x0F0Fl);
  show "-1 xor 0xFF" (logxor (-1l) 0xFFl);
  show "1 lsl 31" (shift_left 1l 31);
  show "min asr 4" (shift_right min_int32 4);
  show "min lsr 4" (shift_right_logical min_int32 4);
  show "-1 lsr 31" (shift_right_logical (-1l) 31);
  iter (fun (a, b) -> print_string (format "%d" a); print_string " divmod ";
         print_string (format "%d" b); print_string " = "; try_div a b; print_newline ())
    [(7l, 2l); (-7l, -2l); (min_int32, -1l); (5l, 0l)];
  show "of_int 2^32 + 5" (of_int (4294967296 + 5));
  show "of_int -1" (of_int (-1));
  print_int (to_int min_int32); print_string " "; print_int (to_int (-5l)); print_newline ();
  show "of_float 3.99" (of_float 3.99);
  show "of_float -3.99" (of_float (-3.99));
  print_float (to_float min_int32); print_newline ();
  iter (fun f -> print_string (format f 255l); print_string " ")
    ["%d"; "%i"; "%x"; "%X"; "%o"; "%u"; "%5d"; "%-5d"; "%05d"; "%#x"; "%+d"];
  print_newline ();
  iter (fun f -> print_string (format f (-255l)); print_string " ")
    ["%d"; "%x"; "%u"; "%o"];
  print_newline ();
  iter (fun s ->
      print_string s; print_string " -> ";
      (match of_string s with
       | v -> print_string (format "%d" v)
       | exception Failure m -> print_string ("Failure " ^ m));
      print_newline ())
    ["123"; "-2147483648"; "2147483647"; "2147483648"; "-2147483649"; "0xFFFFFFFF";
     "0x100000000"; "0b101"; "0o777"; "0u4294967295"; "1_000"; "x"; ""];
  show "bits of 1.0" (bits_of_float 1.0);
  show "bits of -2.5" (bits_of_float (-2.5));
  print_float (float_of_bits 0x40490fdbl); print_newline ();
  print_int (compare32 1l 2l); print_string " "; print_int (compare32 min_int32 max_int32);
  print_string " "; print_int (compare32 7l 7l); print_string " ";
  print_bool (eq32 (add 1l 1l) 2l); print_string " ";
  print_bool (compare [1l; 2l] [1l; 3l] < 0); print_newline ()
