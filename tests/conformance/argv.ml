(* Command-line arguments through caml_sys_argv: the number of arguments
   and each one (argv.(0), the program name, differs between runners and
   is not printed), including empty ones, ones with spaces and non-ASCII
   bytes; numeric ones are summed.  Arguments in argv.args.

   The primitive is declared as the Stdlib does, "%sys_argv", which ocamlc
   compiles to [ccall caml_sys_argv, 1] on a unit argument.  (Declaring
   [external argv : unit -> string array = "caml_sys_argv"] instead makes
   ocamlc 4.13 emit an extra, never-popped argument push: broken code.) *)
open Prelude

external argv : string array = "%sys_argv"

let () =
  let args = argv in
  let n = Array.length args in
  print_string "argument count: "; print_int (n - 1); print_newline ();
  let sum = ref 0 in
  for i = 1 to n - 1 do
    let a = args.(i) in
    print_string "argv."; print_int i; print_string " = ["; print_string a;
    print_string "] length "; print_int (string_length a);
    (match int_of_string a with
     | v -> sum := !sum + v; print_string " (number)"
     | exception Failure _ -> ());
    print_newline ()
  done;
  print_string "sum of numeric arguments: "; print_int !sum; print_newline ();
  (* the array is the runtime's own, shared by every use of argv *)
  if n > 1 then begin
    args.(1) <- "changed";
    print_endline argv.(1)
  end
