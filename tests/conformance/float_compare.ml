(* Comparisons on floats, including nan: = < <= > >= <> on floats (IEEE),
   compare (a total order where nan is smallest and equal to itself),
   polymorphic comparisons of structures containing floats and nan,
   -0.0 vs 0.0, min/max written by hand. *)
open Prelude

external float_compare : float -> float -> int = "%compare"
external feq : float -> float -> bool = "%equal"
external flt : float -> float -> bool = "%lessthan"

let values = [neg_infinity; -1.0; -0.0; 0.0; 1e-300; 1.0; infinity; nan]

let name v = format_float "%g" v

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  (* the IEEE comparisons, on a float-typed operator *)
  iter (fun a ->
      iter (fun b ->
          print_string (name a); print_string " "; print_string (name b); print_string ":";
          print_string (if feq a b then " =" else "");
          print_string (if a <> b then " <>" else "");
          print_string (if flt a b then " <" else "");
          print_string (if a <= b then " <=" else "");
          print_string (if a > b then " >" else "");
          print_string (if a >= b then " >=" else "");
          print_string " compare="; print_int (float_compare a b);
          print_newline ())
        values)
    values;
  (* polymorphic compare of structures with floats *)
  let pc a b = print_int (compare a b); print_string " " in
  pc (1.0, nan) (1.0, nan);
  pc [nan] [0.0];
  pc (Some nan) (Some neg_infinity);
  pc [| nan; 1.0 |] [| nan; 2.0 |];
  print_newline ();
  let pe a b = print_bool (a = b); print_string " " in
  pe (1.0, nan) (1.0, nan);
  pe [0.0] [-0.0];
  pe (Some 1.0) (Some 1.0);
  pe [| nan |] [| nan |];
  print_newline ();
  (* nan is never less, greater or equal, under the polymorphic operators *)
  print_bool ((nan, 1) < (nan, 2)); print_string " ";
  print_bool ((nan, 1) > (nan, 0)); print_string " ";
  print_bool ((0.0, 1) < (nan, 2)); print_newline ();
  (* min and max written by hand inherit these rules *)
  let fmin a b = if a <= b then a else b in
  print_string (name (fmin 1.0 nan)); print_string " ";
  print_string (name (fmin nan 1.0)); print_string " ";
  print_string (name (min 2.0 (-3.0))); print_string " ";
  print_string (name (max (-0.0) 0.0)); print_newline ()
