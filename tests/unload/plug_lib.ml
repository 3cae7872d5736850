(* Imported by plug_user: loaded from the search path when plug_user is. *)
external ( * ) : int -> int -> int = "%mulint"
let factor = 10
let scale x = x * factor
