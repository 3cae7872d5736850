(* Modules, aliases, opens and types across phrases. *)
module Counter = struct
  let count = ref 0
  let next () = incr count; !count
end;;
Counter.next ();;
Counter.next ();;
module C = Counter;;
module Counter = struct end;;
#gc;;
C.next ();;
open C;;
next ();;
module C = struct end;;
#gc;;
next ();;
type shape = Circle of float | Rect of { w : float; h : float } | Dot;;
let shapes = [Circle 1.5; Dot];;
type shape = int;;
shapes;;
#use "use_lib.ml";;
greet "zvm";;
