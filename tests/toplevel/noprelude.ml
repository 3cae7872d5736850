(* With --no-prelude, not even ( + ) exists until a phrase declares it. *)
1 + 2;;
external ( + ) : int -> int -> int = "%addint";;
1 + 2;;
