(* A phrase that calls exit ends the session with its status; the rest of
   the input is not read. *)
print_endline "before";;
exit 3;;
print_endline "after";;
