(* For misc.ml: a module whose initialisation raises. *)
external raise : exn -> 'a = "%raise"
exception Refused of string
let () = raise (Refused "no thanks")
