(* With --prelude, the session starts from another prelude. *)
twice 21;;
print_int 1;;
