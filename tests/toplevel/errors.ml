(* ocamlc's messages are shown as OCaml's toplevel shows them, and the
   session goes on. *)
let x = 1 +;;
let y = undefined + 1;;
let z : string = 42;;
let f = function 0 -> "zero";;
f 0;;
let r = ref [];;
failwith "boom";;
raise Not_found;;
exception Oops of string * int;;
raise (Oops ("bad", 3));;
let rec loop n = 1 + loop (n + 1);;
loop 0;;
List.hd [];;
#nosuchdirective;;
#why "three";;
#use "no_such_file.ml";;
let still_alive = "yes";;
