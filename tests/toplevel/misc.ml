(* Directives and corners of reading. *)
#help;;
let a = 1;; let b = a + 1;;
let _ = a + b;;
#trace "gc,all";;
#trace "load,nonsense";;
#trace off;;
#stats extra;;
#why;;
#dot;;
#load;;
#use 42;;
#gc 1;;
#segments please;;
#why "1" "2";;
#why 1 2 3;;
(* A type keeps its phrase's .cmi; once its names are shadowed and its
   code freed, reaching a value by its unit name fails clearly. *)
type t = T let v = 5;;
let v = 6;;
type t = U;;
#gc;;
Top_4.v;;
#load "raiser.zbc";;
module Plugin = struct let here = true end;;
#load "plugin.zbc";;
Plugin.here;;
#gc;;
let s = "a;;b" (* ;; in a string and a comment *);;
let multi
  = "phrase over"
  ^ " three lines";;
#quit;;
let never = "run";;
