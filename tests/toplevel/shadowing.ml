(* A phrase's code lives while one of its names is visible, and the next
   collection frees it once every name is shadowed: what a new user sees. *)
let double x = 2 * x;;
double 21;;
#segments;;
let double = "shadowed";;
#gc;;
#segments;;
(* A phrase that defines several names lives until the last is shadowed. *)
let a = 1 and b = 2;;
let a = 3;;
#gc;;
let b = 4;;
#gc;;
(* Types keep a phrase in the -open list, not its code. *)
type color = Red | Green;;
let c = Green;;
let c = Red;;
#gc;;
#segments;;
