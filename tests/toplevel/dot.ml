(* A picture of the heap: segments, what keeps them alive, code edges. *)
let keep : (int -> int) list ref = ref [];;
let square x = x * x;;
keep := [square];;
let square = 0;;
let unused x = x;;
let unused = 0;;
#dot "heap.dot" "zvm toplevel: a closure keeps its code";;
#dot "/no/such/folder/heap.dot";;
