(* #why names the shortest path of references from a root to a segment:
   through an import, a let rec, a partial application, a data structure. *)
let inc x = x + 1;;
let inc_twice x = inc (inc x);;
let inc = 0;;
#gc;;
#why 2;;
(* Cells filled by expressions, whose own code is freed: what they hold
   keeps the code it came from. *)
let preds : (int -> bool) list ref = ref [];;
let fns : (int -> int) list ref = ref [];;
let rec even n = if n = 0 then true else odd (n - 1)
and odd n = if n = 0 then false else even (n - 1);;
preds := [odd];;
let add3 a b c = a + b + c;;
fns := [add3 1 2];;
let even = () and odd = () and add3 = ();;
#gc;;
#segments;;
#why 7;;
#why 9;;
List.map (fun f -> f 5) !preds, List.map (fun f -> f 5) !fns;;
#why 99;;
