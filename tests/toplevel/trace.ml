(* #trace shows the collector at work: loads as phrases run, unloads when
   a collection frees their code. *)
#trace "load,unload";;
let f x = x;;
let f = 1;;
#gc;;
#trace off;;
let g = 2;;
#gc;;
