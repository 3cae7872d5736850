(* Closure environments with many free variables (beyond the ENVACC1..4
   short forms), functions nested three deep, and closures that capture
   other closures.  Self-contained: declares its own primitives. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( = ) : int -> int -> bool = "%equal"

let stdout = open_descriptor_out 1
let print_string s = output stdout s 0 (string_length s)
let print_int n = print_string (format_int "%d" n)
let show label n = print_string label; print_string " = "; print_int n;
  print_string "\n"

(* Eight free variables: the body reads all of them. *)
let make_poly a b c d e f g h =
  fun x -> ((((((a * x + b) * x + c) * x + d) * x + e) * x + f) * x + g) * x + h

(* Free variables at three levels of nesting, plus a captured closure. *)
let level1 p q =
  let sq x = x * x in
  let level2 r s =
    let level3 t u =
      sq p + sq q + sq r + sq s + sq t + sq u
    in
    level3
  in
  level2

(* A closure whose environment holds strings and another closure. *)
let make_greeter greeting punctuation printer =
  fun name -> printer (greeting); printer ", "; printer name;
    printer punctuation; printer "\n"

(* Composition builds a chain of closures, each capturing two others. *)
let compose f g = fun x -> f (g x)

let rec repeat n f = if n = 0 then (fun x -> x) else compose f (repeat (n - 1) f)

let () =
  let p = make_poly 1 2 3 4 5 6 7 8 in
  show "p(0)" (p 0);
  show "p(1)" (p 1);
  show "p(2)" (p 2);
  show "p(-1)" (p (-1));
  let l2 = level1 1 2 in
  let l3 = l2 3 4 in
  show "level3 5 6" (l3 5 6);
  show "level1 2 3 4 5 6 7" (level1 2 3 4 5 6 7);
  let greet = make_greeter "Hello" "!" print_string in
  greet "closures";
  greet "environments";
  let shout = make_greeter "HEY" "!!!" print_string in
  shout "you";
  let add3 = fun x -> x + 3 in
  show "repeat 10 add3 0" (repeat 10 add3 0);
  show "repeat 5 (x*2) 1" (repeat 5 (fun x -> x * 2) 1);
  show "compose" (compose (fun x -> x - 1) (fun x -> x * 10) 7);
  flush stdout
