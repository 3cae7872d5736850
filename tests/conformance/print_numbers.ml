(* Printing numbers with no formatting primitive at all: digits of ints
   (including min_int) in decimal, hex and binary, with thousands
   separators, and fixed-point printing of floats by repeated
   multiplication, all through caml_ml_output_char.  Self-contained. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( / ) : int -> int -> int = "%divint"
external ( mod ) : int -> int -> int = "%modint"
external ( ~- ) : int -> int = "%negint"
external ( lsr ) : int -> int -> int = "%lsrint"
external ( land ) : int -> int -> int = "%andint"
external ( < ) : int -> int -> bool = "%lessthan"
external ( = ) : int -> int -> bool = "%equal"
external ( <> ) : int -> int -> bool = "%notequal"
external ( && ) : bool -> bool -> bool = "%sequand"
external ( -. ) : float -> float -> float = "%subfloat"
external ( *. ) : float -> float -> float = "%mulfloat"
external ( +. ) : float -> float -> float = "%addfloat"
external ( ~-. ) : float -> float = "%negfloat"
external flt : float -> float -> bool = "%lessthan"
external int_of_float : float -> int = "%intoffloat"
external float_of_int : int -> float = "%floatofint"
external unsafe_chr : int -> char = "%identity"
external code : char -> int = "%identity"

let stdout = open_descriptor_out 1
let put c = output_char stdout c
let nl () = put '\n'
let space () = put ' '

let digit d = if d < 10 then unsafe_chr (code '0' + d) else unsafe_chr (code 'a' + d - 10)

(* Decimal.  Digits are computed from the negative value, so that min_int,
   which has no positive counterpart, works too. *)
let print_int n =
  let rec go n = if n <> 0 then begin go (n / 10); put (digit (- (n mod 10))) end in
  if n = 0 then put '0'
  else if n < 0 then begin put '-'; go n end
  else go (- n)

(* Decimal with a comma every three digits: the digit of index i (from the
   right, starting at 0) is followed by a comma when i is a positive
   multiple of 3. *)
let print_grouped n =
  let rec go n i =
    if n <> 0 then begin
      go (n / 10) (i + 1);
      put (digit (- (n mod 10)));
      if i mod 3 = 0 && i <> 0 then put ','
    end
  in
  if n = 0 then put '0'
  else if n < 0 then begin put '-'; go n 0 end
  else go (- n) 0

(* Base 16 (bits = 4) or 2 (bits = 1) of the 63-bit two's complement
   pattern, via lsr and land. *)
let print_unsigned_base bits n =
  let mask = if bits = 4 then 15 else 1 in
  let rec go n = if n <> 0 then begin go (n lsr bits); put (digit (n land mask)) end in
  if n = 0 then put '0' else go n

(* Fixed point with [decimals] digits after the point, rounding the last
   one to nearest; for moderate magnitudes only. *)
let print_fixed decimals x =
  let x = if flt x 0.0 then begin put '-'; -. x end else x in
  let rec pow10 k = if k = 0 then 1 else 10 * pow10 (k - 1) in
  let scale = pow10 decimals in
  let scaled = int_of_float (x *. float_of_int scale +. 0.5) in
  print_int (scaled / scale);
  if 0 < decimals then begin
    put '.';
    let frac = scaled mod scale in
    (* leading zeros of the fraction *)
    let rec width v = if v < 10 then 1 else 1 + width (v / 10) in
    for _ = 1 to decimals - width frac do put '0' done;
    print_int frac
  end

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let max_int = (-1) lsr 1
let min_int = max_int + 1

let () =
  iter (fun n -> print_int n; space ())
    [0; 7; -7; 10; 100; 1234567890; max_int; min_int; -1];
  nl ();
  iter (fun n -> print_grouped n; space ())
    [0; 999; 1000; -1000; 123456; 1234567; max_int; min_int];
  nl ();
  iter (fun n -> print_unsigned_base 4 n; space ())
    [0; 255; 4096; 0xdeadbeef; -1; min_int];
  nl ();
  iter (fun n -> print_unsigned_base 1 n; space ())
    [0; 1; 5; 255; 1024];
  nl ();
  iter (fun (d, x) -> print_fixed d x; space ())
    [(2, 3.14159); (0, 2.5); (3, -0.0625); (4, 100.0); (1, 0.04); (2, 1.005);
     (6, 0.000123); (3, 98765.4321)];
  nl ();
  flush stdout
