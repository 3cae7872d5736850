(* Reading stdin line by line with caml_ml_input_scan_line and
   caml_ml_input (Prelude.input_line): a tiny calculator that parses
   "name = value" assignments and "sum"/"max" queries over the values,
   reporting bad lines; blank lines and comments are skipped.  Input in
   stdin_lines.stdin. *)
open Prelude

let trim s =
  let n = string_length s in
  let is_space c = c = ' ' || c = '\t' || c = '\r' in
  let i = ref 0 and j = ref (n - 1) in
  while !i < n && is_space s.[!i] do incr i done;
  while !j >= !i && is_space s.[!j] do decr j done;
  let len = !j - !i + 1 in
  let b = bytes_create len in
  string_blit s !i b 0 len;
  bytes_unsafe_to_string b

let index_opt s c =
  let rec go i = if i >= string_length s then None else if s.[i] = c then Some i else go (i + 1) in
  go 0

let sub s a b =
  let r = bytes_create (b - a) in
  string_blit s a r 0 (b - a);
  bytes_unsafe_to_string r

let () =
  let values = ref [] in
  let lineno = ref 0 in
  let rec loop () =
    match input_line stdin with
    | exception End_of_file -> ()
    | raw ->
      incr lineno;
      let line = trim raw in
      if string_length line = 0 || line.[0] = '#' then ()
      else begin
        match index_opt line '=' with
        | Some i ->
          let name = trim (sub line 0 i) in
          let rhs = trim (sub line (i + 1) (string_length line)) in
          (match int_of_string rhs with
           | v ->
             values := (name, v) :: !values;
             print_string name; print_string " := "; print_int v; print_newline ()
           | exception Failure _ ->
             print_string "line "; print_int !lineno; print_string ": not a number: \"";
             print_string rhs; print_string "\""; print_newline ())
        | None ->
          match line with
          | "sum" ->
            let rec sum = function [] -> 0 | (_, v) :: r -> v + sum r in
            print_string "sum = "; print_int (sum !values); print_newline ()
          | "max" ->
            let rec best = function
              | [] -> None
              | (n, v) :: r ->
                match best r with
                | Some (_, bv) as b when bv >= v -> b
                | _ -> Some (n, v)
            in
            (match best !values with
             | None -> print_endline "max of nothing"
             | Some (n, v) -> print_string "max = "; print_string n; print_string " = ";
               print_int v; print_newline ())
          | "count" ->
            let rec len = function [] -> 0 | _ :: r -> 1 + len r in
            print_string "count = "; print_int (len !values); print_newline ()
          | _ ->
            print_string "line "; print_int !lineno; print_string ": unknown command \"";
            print_string line; print_string "\" ("; print_int (string_length raw);
            print_string " bytes)"; print_newline ()
      end;
      loop ()
  in
  loop ();
  print_string "read "; print_int !lineno; print_string " lines"; print_newline ()
