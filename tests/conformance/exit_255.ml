(* The largest exit status, 255, after output on both channels; the
   raw caml_sys_exit is called only after an explicit flush. *)
open Prelude

let () =
  for i = 1 to 3 do
    print_string "line "; print_int i; print_newline ()
  done;
  prerr_string "error: giving up\n";
  flush stderr;
  sys_exit 255
