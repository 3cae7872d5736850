(* Float-heavy loops: an ASCII Mandelbrot set (escape-time iteration on
   unboxed float locals), numerical integration by the trapezoid rule,
   Newton's method for square roots, and a float accumulator summed in
   two orders to show rounding. *)
open Prelude

let chars = " .:-=+*#%@"

let mandel cx cy =
  let rec go x y i =
    if i >= 50 || x *. x +. y *. y > 4.0 then i
    else go (x *. x -. y *. y +. cx) (2.0 *. x *. y +. cy) (i + 1)
  in
  go 0.0 0.0 0

let integrate f a b n =
  let h = (b -. a) /. float_of_int n in
  let s = ref ((f a +. f b) /. 2.0) in
  for i = 1 to n - 1 do s := !s +. f (a +. float_of_int i *. h) done;
  !s *. h

let newton_sqrt x =
  let rec go g k = if k = 0 then g else go ((g +. x /. g) /. 2.0) (k - 1) in
  go (if x > 1.0 then x else 1.0) 30

let show name v = print_string name; print_string " = ";
  print_string (format_float "%.15g" v); print_newline ()

let () =
  for row = 0 to 20 do
    for col = 0 to 69 do
      let cx = -2.2 +. float_of_int col *. 0.0429 in
      let cy = -1.2 +. float_of_int row *. 0.12 in
      let i = mandel cx cy in
      print_char chars.[if i >= 50 then 9 else i mod 9]
    done;
    print_newline ()
  done;
  show "integral of x^2 on [0,3]" (integrate (fun x -> x *. x) 0.0 3.0 1000);
  show "integral of 1/x on [1,e]" (integrate (fun x -> 1.0 /. x) 1.0 2.718281828459045 10000);
  show "newton sqrt 2" (newton_sqrt 2.0);
  show "newton sqrt 1e10" (newton_sqrt 1e10);
  let up = ref 0.0 and down = ref 0.0 in
  for i = 1 to 100000 do up := !up +. 1.0 /. float_of_int i done;
  for i = 100000 downto 1 do down := !down +. 1.0 /. float_of_int i done;
  show "harmonic up" !up;
  show "harmonic down" !down;
  print_bool (!up = !down); print_newline ()
