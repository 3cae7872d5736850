(* Exiting from deep inside the program: exit is not an exception, so a
   catch-all handler around it does not run, and neither does anything
   after it.  Uses Prelude.exit, which flushes before caml_sys_exit,
   with status 42. *)
open Prelude

let cleanup_ran = ref false

let rec descend n =
  if n = 0 then begin
    print_endline "at the bottom, exiting with 42";
    print_string "this unflushed text is flushed by Prelude.exit\n";
    exit 42
  end else 1 + descend (n - 1)

let () =
  print_endline "start";
  (try ignore (descend 1000) with _ -> cleanup_ran := true; print_endline "handler ran!");
  print_endline "after the handler (never printed)"
