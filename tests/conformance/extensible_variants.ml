(* Extensible variant types (type t += ...), whose constructors are
   allocated at run time like exceptions (caml_fresh_oo_id), exceptions
   with inline records, constructors with inline records, and matching
   on all of them, including constructors defined in a local module. *)
open Prelude

type message = ..

type message += Hello of string | Bye | Number of int

let describe = function
  | Hello name -> "hello " ^ name
  | Bye -> "bye"
  | Number n -> "number " ^ string_of_int n
  | _ -> "unknown message"

(* extensions added later are still matched by the old function's wildcard *)
type message += Late of int * int

module Plugin = struct
  type message += Plugin_msg of { id : int; text : string }
  let handle = function
    | Plugin_msg { id; text } -> "plugin #" ^ string_of_int id ^ ": " ^ text
    | m -> "not mine: " ^ describe m
end

exception Located of { line : int; col : int; reason : string }

type event =
  | Click of { x : int; y : int; mutable handled : bool }
  | Key of { code : int; shift : bool }
  | Tick

let handle_event = function
  | Click c -> c.handled <- true; "click at " ^ string_of_int c.x ^ "," ^ string_of_int c.y
  | Key { code; shift = true } -> "shift+" ^ string_of_int code
  | Key { code; _ } -> "key " ^ string_of_int code
  | Tick -> "tick"

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  iter (fun m -> print_endline (describe m))
    [Hello "world"; Bye; Number 7; Late (1, 2); Plugin.Plugin_msg { id = 1; text = "x" }];
  iter (fun m -> print_endline (Plugin.handle m))
    [Plugin.Plugin_msg { id = 3; text = "loaded" }; Bye; Late (3, 4)];
  (* extension constructors compare structurally like other values *)
  print_bool (Number 3 = Number 3); print_string " ";
  print_bool (Hello "a" = Hello "b"); print_string " ";
  print_bool (Bye = Bye); print_newline ();
  (match raise (Located { line = 3; col = 14; reason = "unexpected }" }) with
   | () -> ()
   | exception Located { line; col; reason } ->
     print_string "error at "; print_int line; print_string ":"; print_int col;
     print_string ": "; print_endline reason);
  let c = Click { x = 10; y = 20; handled = false } in
  iter (fun e -> print_endline (handle_event e))
    [c; Key { code = 65; shift = true }; Key { code = 13; shift = false }; Tick];
  (match c with
   | Click { handled; _ } -> print_string "handled: "; print_bool handled; print_newline ()
   | _ -> ())
