(* Hello, zvm: an OCaml program compiled by ocamlc, run by zvm.

     ocamlc -nopervasives -dinstr -c hello.ml 2> hello.zs
     zvm asm hello.zs && zvm run hello.zbc

   There is no Stdlib: the program declares the runtime primitives it
   uses, under OCaml's own names, so the same source runs on ocamlrun. *)

type out_channel
external open_out : int -> out_channel = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( mod ) : int -> int -> int = "%modint"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( * ) : int -> int -> int = "%mulint"
external ( <> ) : int -> int -> bool = "%notequal"
external ( || ) : bool -> bool -> bool = "%sequor"
external ( && ) : bool -> bool -> bool = "%sequand"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let print_int n = print (format_int "%d" n)

let rec map f = function [] -> [] | x :: l -> let y = f x in y :: map f l
let rec filter p = function [] -> [] | x :: l -> if p x then x :: filter p l else filter p l
let rec range a b = if a > b then [] else a :: range (a + 1) b
let rec iter f = function [] -> () | x :: l -> f x; iter f l

(* The primes below 60, by trial division. *)
let is_prime n =
  let rec no_divisor d = d * d > n || (n mod d <> 0 && no_divisor (d + 1)) in
  n > 1 && no_divisor 2

let () =
  print "Hello from OCaml bytecode on zvm!\n";
  print "primes:";
  iter (fun p -> print " "; print_int p) (filter is_prime (range 1 60));
  print "\nsquares:";
  iter (fun s -> print " "; print_int s) (map (fun x -> x * x) (range 1 10));
  print "\n";
  flush stdout
