(* Float printing with caml_format_float: %.12g (string_of_float), %g,
   %f, %e, %E, %G, %a, widths, precisions and flags, on ordinary, tiny,
   huge and subnormal values and the special values nan, -nan, inf, -inf
   and -0. *)
open Prelude

let formats = ["%.12g"; "%g"; "%.3g"; "%f"; "%.2f"; "%.0f"; "%e"; "%.3e";
               "%10.3f"; "%-10.2f"; "%+.1f"; "%012.4f"; "%.17g"; "%a"; "%E"; "%G"]

let values = [0.0; -0.0; 1.0; -1.5; 0.1; 1.0 /. 3.0; 2.0 /. 3.0; 123456789.0;
              1e-7; 6.02214076e23; 1e100; -2.5e-300; 4.9e-324;
              1.7976931348623157e308; 0.5; 1.5; 2.5; 1e15; 1e16; 123.456]

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  iter (fun v ->
      print_string (format_float "%.17g" v); print_string ":";
      iter (fun fmt -> print_string " "; print_string (format_float fmt v)) formats;
      print_newline ())
    values;
  (* special values *)
  iter (fun v ->
      iter (fun fmt -> print_string (format_float fmt v); print_string " ")
        ["%f"; "%g"; "%e"; "%.12g"; "%5.1f"; "%-6f"; "%+f"];
      print_newline ())
    [nan; -. nan; infinity; neg_infinity];
  (* string_of_float adds a dot when the result looks like an integer *)
  iter (fun v -> print_string (string_of_float v); print_string " ")
    [0.0; -0.0; 1.0; 100.0; 1e12; 1e11; 123456789012.0; 0.25; -7.0; nan; infinity;
     neg_infinity; 1e-5; 1.0 /. 7.0];
  print_newline ()
