(* Float arithmetic and the math primitives: + - * / (IEEE results incl.
   infinities and signed zeros), float_of_int/int_of_float (truncation),
   floor, ceil, sqrt, exp, log, log10, pow, sin/cos/tan/atan/atan2, fmod,
   modf, frexp/ldexp, copysign, classify_float, and float_of_string. *)
open Prelude

external floor : float -> float = "caml_floor_float" "floor" [@@unboxed] [@@noalloc]
external ceil : float -> float = "caml_ceil_float" "ceil" [@@unboxed] [@@noalloc]
external exp : float -> float = "caml_exp_float" "exp" [@@unboxed] [@@noalloc]
external log : float -> float = "caml_log_float" "log" [@@unboxed] [@@noalloc]
external log10 : float -> float = "caml_log10_float" "log10" [@@unboxed] [@@noalloc]
external sin : float -> float = "caml_sin_float" "sin" [@@unboxed] [@@noalloc]
external cos : float -> float = "caml_cos_float" "cos" [@@unboxed] [@@noalloc]
external tan : float -> float = "caml_tan_float" "tan" [@@unboxed] [@@noalloc]
external atan : float -> float = "caml_atan_float" "atan" [@@unboxed] [@@noalloc]
external atan2 : float -> float -> float = "caml_atan2_float" "atan2"
  [@@unboxed] [@@noalloc]
external fmod : float -> float -> float = "caml_fmod_float" "fmod"
  [@@unboxed] [@@noalloc]
external abs_float : float -> float = "%absfloat"
external modf : float -> float * float = "caml_modf_float"
external frexp : float -> float * int = "caml_frexp_float"
external ldexp : float -> int -> float = "caml_ldexp_float" "caml_ldexp_float_unboxed"
  [@@noalloc]
external copysign : float -> float -> float = "caml_copysign_float"
  "caml_copysign" [@@unboxed] [@@noalloc]

type fpclass = FP_normal | FP_subnormal | FP_zero | FP_infinite | FP_nan
external classify_float : (float [@unboxed]) -> fpclass =
  "caml_classify_float" "caml_classify_float_unboxed" [@@noalloc]

let show name v = print_string name; print_string " = ";
  print_string (format_float "%.15g" v); print_newline ()

let class_name f =
  match classify_float f with
  | FP_normal -> "normal" | FP_subnormal -> "subnormal" | FP_zero -> "zero"
  | FP_infinite -> "infinite" | FP_nan -> "nan"

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  show "1.5 + 2.25" (1.5 +. 2.25);
  show "1.5 - 2.25" (1.5 -. 2.25);
  show "1.5 * -2.25" (1.5 *. -2.25);
  show "1 / 3" (1.0 /. 3.0);
  show "0.1 + 0.2" (0.1 +. 0.2);
  show "1 / 0" (1.0 /. 0.0);
  show "-1 / 0" (-1.0 /. 0.0);
  show "1 / -0" (1.0 /. -0.0);
  show "1e308 * 10" (1e308 *. 10.0);
  show "-(0.0)" (-. 0.0);
  show "inf - inf is nan" (if (infinity -. infinity) <> (infinity -. infinity) then 1.0 else 0.0);
  show "float_of_int max_int" (float_of_int max_int);
  show "float_of_int -7" (float_of_int (-7));
  iter (fun f -> print_int (int_of_float f); print_string " ")
    [3.7; -3.7; 0.5; -0.5; 1e15; -2.0; 0.0];
  print_newline ();
  iter (fun f -> print_string (format_float "%g" (floor f)); print_string "/";
         print_string (format_float "%g" (ceil f)); print_string " ")
    [2.5; -2.5; 3.0; -0.3; 0.3];
  print_newline ();
  show "sqrt 2" (sqrt 2.0);
  show "sqrt -1 is nan" (if sqrt (-1.0) = sqrt (-1.0) then 0.0 else 1.0);
  show "exp 1" (exp 1.0);
  show "log 10" (log 10.0);
  show "log 0" (log 0.0);
  show "log10 12345" (log10 12345.0);
  show "2 ** 10" (2.0 ** 10.0);
  show "2 ** 0.5" (2.0 ** 0.5);
  let r = (-8.0) ** (1.0 /. 3.0) in
  show "(-8) ** (1/3) is nan" (if r <> r then 1.0 else 0.0);
  show "0 ** 0" (0.0 ** 0.0);
  show "sin 1" (sin 1.0);
  show "cos 1" (cos 1.0);
  show "tan 0.5" (tan 0.5);
  show "atan 1 * 4" (atan 1.0 *. 4.0);
  show "atan2 1 -1" (atan2 1.0 (-1.0));
  show "atan2 -0 -1" (atan2 (-0.0) (-1.0));
  show "fmod 7.5 2" (fmod 7.5 2.0);
  show "fmod -7.5 2" (fmod (-7.5) 2.0);
  show "abs_float -3.5" (abs_float (-3.5));
  let (frac, whole) = modf 3.75 in
  show "modf 3.75 frac" frac; show "modf 3.75 whole" whole;
  let (frac, whole) = modf (-2.5) in
  show "modf -2.5 frac" frac; show "modf -2.5 whole" whole;
  let (m, e) = frexp 48.0 in
  show "frexp 48 mantissa" m; print_string "frexp 48 exponent = "; print_int e;
  print_newline ();
  show "ldexp 0.75 6" (ldexp 0.75 6);
  show "copysign 3 -0" (copysign 3.0 (-0.0));
  show "copysign -3 1" (copysign (-3.0) 1.0);
  iter (fun f -> print_string (class_name f); print_string " ")
    [1.0; 0.0; -0.0; 4.9e-324; 2.2e-308; infinity; nan; neg_infinity];
  print_newline ();
  (* float_of_string: accepted forms and failures *)
  iter (fun s ->
      print_string s; print_string " -> ";
      (match float_of_string s with
       | f -> print_string (format_float "%.17g" f)
       | exception Failure m -> print_string ("Failure " ^ m));
      print_newline ())
    ["3.14"; "-0.5"; "1e10"; "1E-3"; "  2.5"; "2.5  "; "1_000.5"; "0x1p4"; "0x1.8p1";
     "-0x10"; "nan"; "inf"; "-inf"; "infinity"; ".5"; "5."; "1e400"; "1e-400";
     ""; "abc"; "1.5x"; "--1"; "0x"; "1e"]
