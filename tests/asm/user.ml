(* Imports: reads globals of Lib and a predefined exception. *)
external raise : exn -> 'a = "%raise"
let x = Lib.twice Lib.value
let f y = Lib.twice y
let g () = raise (Lib.Lib_error 3)
let h () = raise Not_found
let v = Lib.value
