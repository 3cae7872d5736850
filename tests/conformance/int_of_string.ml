(* int_of_string (caml_int_of_string): decimal, signs, hex/octal/binary
   prefixes (both cases), underscores, the 0u prefix, the limits of the
   63-bit range for each base, and the inputs that fail. *)
open Prelude

let try_parse s =
  print_string "\""; print_string s; print_string "\" -> ";
  (match int_of_string s with
   | n -> print_int n
   | exception Failure msg -> print_string "Failure \""; print_string msg;
     print_string "\"");
  print_newline ()

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  iter try_parse
    ["0"; "42"; "-42"; "+42"; "007"; "1_000_000"; "-1_2_3";
     "0x1F"; "0X1f"; "-0x10"; "0o17"; "0O17"; "0b1011"; "0B1011"; "0xdead_beef";
     "0u123"; "0u4611686018427387904";
     "4611686018427387903"; "-4611686018427387904";
     "4611686018427387904"; "-4611686018427387905";
     "0x3fffffffffffffff"; "0x4000000000000000"; "0x7fffffffffffffff";
     "0x8000000000000000"; "0o777777777777777777777"; "0b" ^ "1";
     "99999999999999999999";
     ""; "-"; "+"; " 1"; "1 "; "1.0"; "abc"; "0x"; "0xg"; "0b2"; "0o8";
     "12a"; "--1"; "_1"; "1__2"; "0x_1"]
