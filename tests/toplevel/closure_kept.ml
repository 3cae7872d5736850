(* A closure stored elsewhere keeps its segment alive after every name of
   the phrase that made it is shadowed; #why shows the references. *)
let cell : (int -> int) ref = ref (fun x -> x);;
let triple x = 3 * x;;
cell := triple;;
let triple = ();;
#gc;;
#segments;;
#why 3;;
!cell 14;;
(* Put something else in the cell: now nothing can run triple's code. *)
cell := (fun x -> x + 1);;
#gc;;
#segments;;
