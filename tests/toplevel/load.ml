(* The life of a plugin: loaded, used, its name shadowed while a closure
   of it is still held, that closure dropped, its code freed. *)
#load "plugin.zbc";;
Plugin.name;;
Plugin.table;;
let run = Plugin.run;;
run 10;;
run (-1);;
#segments;;
module Plugin = struct end;;
#gc;;
#segments;;
#why 2;;
let run = 0;;
#gc;;
#segments;;
#load "no_such_plugin.zbc";;
#load "load.ml";;
