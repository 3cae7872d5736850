(* caml_format_int with the conversions %d %i %u %x %X %o, widths,
   precision, flags (- 0 + space #), on small, negative and extreme
   values; and number printing by hand compared with it. *)
open Prelude

let fmts = ["%d"; "%i"; "%5d"; "%-5d"; "%05d"; "%+d"; "% d"; "%x"; "%X"; "%#x";
            "%o"; "%#o"; "%u"; "%8x"; "%-8X"; "%.3d"; "%10.4d"]

let rec iter f = function [] -> () | x :: l -> f x; iter f l

(* decimal conversion by hand, correct even for min_int *)
let decimal n =
  let rec digits n acc =
    (* n <= 0 here, to handle min_int *)
    if n = 0 then acc
    else digits (n / 10) (string_of_digit (- (n mod 10)) ^ acc)
  and string_of_digit d = format_int "%d" d in
  if n = 0 then "0"
  else if n < 0 then "-" ^ digits n ""
  else digits (- n) ""

let () =
  iter (fun v ->
      print_string (decimal v); print_string ":";
      iter (fun f -> print_string " ["; print_string (format_int f v); print_string "]") fmts;
      print_newline ())
    [0; 1; -1; 42; -42; 255; 65535; 123456789; max_int; min_int]
