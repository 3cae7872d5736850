(* Int64: boxed 64-bit arithmetic with wrap-around (one bit more than
   int), division (by zero raising), shifts, bitwise operators,
   conversions to and from int, float, string and float bits, formatting
   (caml_int64_format), and comparisons. *)
open Prelude

external add : int64 -> int64 -> int64 = "%int64_add"
external sub : int64 -> int64 -> int64 = "%int64_sub"
external mul : int64 -> int64 -> int64 = "%int64_mul"
external div : int64 -> int64 -> int64 = "%int64_div"
external rem : int64 -> int64 -> int64 = "%int64_mod"
external neg : int64 -> int64 = "%int64_neg"
external logand : int64 -> int64 -> int64 = "%int64_and"
external logor : int64 -> int64 -> int64 = "%int64_or"
external logxor : int64 -> int64 -> int64 = "%int64_xor"
external shift_left : int64 -> int -> int64 = "%int64_lsl"
external shift_right : int64 -> int -> int64 = "%int64_asr"
external shift_right_logical : int64 -> int -> int64 = "%int64_lsr"
external of_int : int -> int64 = "%int64_of_int"
external to_int : int64 -> int = "%int64_to_int"
external of_int32 : int32 -> int64 = "%int64_of_int32"
external to_int32 : int64 -> int32 = "%int64_to_int32"
external of_float : float -> int64 = "caml_int64_of_float" "caml_int64_of_float_unboxed"
  [@@unboxed] [@@noalloc]
external to_float : int64 -> float = "caml_int64_to_float" "caml_int64_to_float_unboxed"
  [@@unboxed] [@@noalloc]
external format : string -> int64 -> string = "caml_int64_format"
external format32 : string -> int32 -> string = "caml_int32_format"
external of_string : string -> int64 = "caml_int64_of_string"
external bits_of_float : float -> int64 = "caml_int64_bits_of_float"
  "caml_int64_bits_of_float_unboxed" [@@unboxed] [@@noalloc]
external compare64 : int64 -> int64 -> int = "%compare"

let max_int64 = 9223372036854775807L
let min_int64 = -9223372036854775808L

let show name v =
  print_string name; print_string " = "; print_string (format "%d" v);
  print_string " ["; print_string (format "%016x" v); print_string "]"; print_newline ()

let rec iter f = function [] -> () | x :: l -> f x; iter f l

(* 64-bit FNV-1a hash of a string: needs full 64-bit wrap-around *)
let fnv1a s =
  let h = ref 0xcbf29ce484222325L in
  for i = 0 to string_length s - 1 do
    h := mul (logxor !h (of_int (int_of_char s.[i]))) 0x100000001b3L
  done;
  !h

let rec fact n = if n = 0 then 1L else mul (of_int n) (fact (n - 1))

let () =
  show "max" max_int64;
  show "min" min_int64;
  show "max + 1" (add max_int64 1L);
  show "min - 1" (sub min_int64 1L);
  show "neg min" (neg min_int64);
  show "2^32 * 2^32" (mul 4294967296L 4294967296L);
  show "20!" (fact 20);
  show "21! (wraps)" (fact 21);
  show "-7 / 2" (div (-7L) 2L);
  show "-7 mod 2" (rem (-7L) 2L);
  show "min / -1" (div min_int64 (-1L));
  show "min mod -1" (rem min_int64 (-1L));
  (match div 1L 0L with
   | _ -> print_endline "no error?"
   | exception Division_by_zero -> print_endline "Division_by_zero");
  (match rem 1L 0L with
   | _ -> print_endline "no error?"
   | exception Division_by_zero -> print_endline "Division_by_zero");
  show "and" (logand 0xFF00FF00FF00FF00L 0x0FF00FF00FF00FF0L);
  show "or" (logor 0xF000000000000000L 1L);
  show "xor" (logxor (-1L) 0x5555555555555555L);
  show "1 lsl 63" (shift_left 1L 63);
  show "min asr 60" (shift_right min_int64 60);
  show "min lsr 60" (shift_right_logical min_int64 60);
  show "of_int max_int" (of_int max_int);
  show "of_int min_int" (of_int min_int);
  print_int (to_int max_int64); print_string " "; print_int (to_int 0x4000000000000001L);
  print_newline ();
  show "of_int32 min" (of_int32 (-2147483648l));
  print_string (format32 "%d" (to_int32 0x1_8000_0001L)); print_newline ();
  show "of_float 1e18" (of_float 1e18);
  show "of_float -2.5" (of_float (-2.5));
  print_string (format_float "%.17g" (to_float max_int64)); print_newline ();
  show "bits of 1.0" (bits_of_float 1.0);
  show "bits of -0.0" (bits_of_float (-0.0));
  show "bits of nan" (bits_of_float nan);
  show "bits of infinity" (bits_of_float infinity);
  print_string (format_float "%.17g" (float_of_bits 0x400921FB54442D18L)); print_newline ();
  iter (fun f -> print_string (format f 1234567890123L); print_string " ")
    ["%d"; "%i"; "%x"; "%X"; "%o"; "%u"; "%20d"; "%-20d"; "%020d"; "%#x"; "%+d"];
  print_newline ();
  iter (fun f -> print_string (format f (-1L)); print_string " ") ["%d"; "%x"; "%u"; "%o"];
  print_newline ();
  iter (fun s ->
      print_string s; print_string " -> ";
      (match of_string s with
       | v -> print_string (format "%d" v)
       | exception Failure m -> print_string ("Failure " ^ m));
      print_newline ())
    ["123"; "-9223372036854775808"; "9223372036854775807"; "9223372036854775808";
     "0xFFFFFFFFFFFFFFFF"; "0x10000000000000000"; "0b1111"; "0o17"; "-0x1";
     "0u18446744073709551615"; "1_000_000"; "12x"; ""];
  show "fnv1a \"\"" (fnv1a "");
  show "fnv1a \"hello\"" (fnv1a "hello");
  print_int (compare64 min_int64 max_int64); print_string " ";
  print_int (compare64 5L 5L); print_string " ";
  print_bool (max_int64 > min_int64); print_string " ";
  print_bool (add 2L 2L = 4L); print_newline ()
