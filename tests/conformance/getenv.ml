(* Environment variables through caml_sys_getenv: a variable the driver
   sets (CONFORMANCE_GREETING), one set to the empty string
   (CONFORMANCE_EMPTY), and unset ones, which raise Not_found. *)
open Prelude

external getenv : string -> string = "caml_sys_getenv"

let show name =
  print_string name; print_string ": ";
  (match getenv name with
   | v -> print_string "\""; print_string v; print_string "\" (";
     print_int (string_length v); print_string " bytes)"
   | exception Not_found -> print_string "Not_found");
  print_newline ()

let getenv_opt name = match getenv name with v -> Some v | exception Not_found -> None

let () =
  show "CONFORMANCE_GREETING";
  show "CONFORMANCE_EMPTY";
  show "CONFORMANCE_SURELY_NOT_SET";
  show "";
  show "conformance_greeting";          (* names are case-sensitive *)
  let home_like = match getenv_opt "CONFORMANCE_SURELY_NOT_SET" with
    | Some v -> v | None -> "(default)" in
  print_endline home_like;
  (match getenv_opt "CONFORMANCE_GREETING" with
   | Some v -> print_string "greeting has "; print_int (string_length v);
     print_endline " characters"
   | None -> print_endline "no greeting")
