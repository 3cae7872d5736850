(* User exceptions with and without arguments, try/with, matching on
   several exceptions, re-raising, nested handlers, exceptions raised in
   handlers, finally-style cleanup, exceptions as first-class values,
   local exceptions, and `match ... with exception`. *)
open Prelude

exception Empty
exception Bad_value of int
exception Parse_error of string * int
exception Wrapped of exn
exception Stop

let describe = function
  | Empty -> "Empty"
  | Bad_value n -> "Bad_value " ^ string_of_int n
  | Parse_error (s, pos) -> "Parse_error (" ^ s ^ ", " ^ string_of_int pos ^ ")"
  | Wrapped _ -> "Wrapped _"
  | Not_found -> "Not_found"
  | Failure s -> "Failure " ^ s
  | Invalid_argument s -> "Invalid_argument " ^ s
  | Division_by_zero -> "Division_by_zero"
  | _ -> "some other exception"

let check n =
  if n < 0 then raise (Bad_value n)
  else if n = 0 then raise Empty
  else if n > 100 then failwith "too big"
  else n * 2

let run name f =
  print_string name; print_string ": ";
  (match f () with
   | v -> print_string "value "; print_int v
   | exception e -> print_string "raised "; print_string (describe e));
  print_newline ()

(* cleanup that runs on both paths, then re-raises *)
let log = ref []
let protect ~finally work =
  match work () with
  | v -> finally (); v
  | exception e -> finally (); raise e

let rec print_log = function
  | [] -> print_newline ()
  | s :: l -> print_string s; print_string " "; print_log l

let () =
  run "check 5" (fun () -> check 5);
  run "check -3" (fun () -> check (-3));
  run "check 0" (fun () -> check 0);
  run "check 500" (fun () -> check 500);
  (* handler picks among several *)
  let safe n = try check n with Empty -> -1 | Bad_value v -> v * 10 in
  run "safe -4" (fun () -> safe (-4));
  run "safe 0" (fun () -> safe 0);
  run "safe 1000 (not handled)" (fun () -> safe 1000);
  (* re-raise after inspecting *)
  let reraise n = try check n with e -> log := describe e :: !log; raise e in
  run "reraise 0" (fun () -> reraise 0);
  run "reraise -1" (fun () -> reraise (-1));
  print_log !log;
  (* nested handlers: the inner one does not match, the outer does *)
  run "nested" (fun () ->
      try
        try raise (Parse_error ("unexpected token", 17))
        with Empty -> 1 | Bad_value _ -> 2
      with Parse_error (_, pos) -> pos);
  (* a handler that raises a different exception *)
  run "translate" (fun () ->
      try check (-8) with Bad_value n -> raise (Parse_error ("bad", n)));
  (* an exception wrapping another *)
  run "wrap" (fun () ->
      try (try check 0 with e -> raise (Wrapped e))
      with Wrapped inner -> print_string ("[inner " ^ describe inner ^ "] "); 0);
  (* finally-style cleanup on both paths *)
  log := [];
  run "protect ok" (fun () -> protect ~finally:(fun () -> log := "cleanup1" :: !log)
                       (fun () -> check 3));
  run "protect raise" (fun () -> protect ~finally:(fun () -> log := "cleanup2" :: !log)
                          (fun () -> check 0));
  print_log !log;
  (* exceptions are values: store, compare and raise later *)
  let excs = [Empty; Bad_value 3; Not_found; Failure "x"; Parse_error ("p", 1)] in
  let rec raise_each = function
    | [] -> ()
    | e :: rest -> run "stored" (fun () -> raise e); raise_each rest
  in
  raise_each excs;
  print_bool (Bad_value 3 = Bad_value 3); print_string " ";
  print_bool (Bad_value 3 = Bad_value 4); print_string " ";
  print_bool (Empty = Empty); print_newline ();
  (* a local exception, distinct for each evaluation of its definition *)
  let make () =
    let exception Local of int in
    ((fun n -> raise (Local n)), (fun f -> try f () with Local n -> n))
  in
  let raise1, catch1 = make () in
  let raise2, catch2 = make () in
  run "local same" (fun () -> catch1 (fun () -> raise1 42));
  run "local other" (fun () ->
      try catch1 (fun () -> raise2 43) with _ -> catch2 (fun () -> raise2 44));
  (* exceptions inside loops leave the loop *)
  let found = ref (-1) in
  (try
     for i = 0 to 100 do
       if i * i > 200 then begin found := i; raise Stop end
     done
   with Stop -> ());
  print_string "first i with i*i > 200: "; print_int !found; print_newline ()
