(* Matching on strings (compiled to string comparisons and a binary
   search) and on characters (ranges, tables). *)
open Prelude

let keyword = function
  | "if" -> 1
  | "then" -> 2
  | "else" -> 3
  | "let" -> 4
  | "in" -> 5
  | "match" -> 6
  | "with" -> 7
  | "function" -> 8
  | "fun" -> 9
  | "" -> 10
  | "a somewhat longer keyword than the others" -> 11
  | _ -> 0

let month_days month leap =
  match month, leap with
  | ("jan" | "mar" | "may" | "jul" | "aug" | "oct" | "dec"), _ -> 31
  | ("apr" | "jun" | "sep" | "nov"), _ -> 30
  | "feb", true -> 29
  | "feb", false -> 28
  | _ -> -1

let char_class = function
  | 'a' .. 'z' -> "lower"
  | 'A' .. 'Z' -> "upper"
  | '0' .. '9' -> "digit"
  | ' ' | '\t' | '\n' | '\r' -> "space"
  | '(' | ')' | '[' | ']' | '{' | '}' -> "bracket"
  | '\000' .. '\031' | '\127' -> "control"
  | '\128' .. '\255' -> "high"
  | _ -> "punct"

let hex_value = function
  | '0' .. '9' as c -> int_of_char c - int_of_char '0'
  | 'a' .. 'f' as c -> int_of_char c - int_of_char 'a' + 10
  | 'A' .. 'F' as c -> int_of_char c - int_of_char 'A' + 10
  | _ -> -1

(* a tiny tokenizer: match on characters of a string *)
let count_kinds s =
  let letters = ref 0 and digits = ref 0 and others = ref 0 in
  for i = 0 to string_length s - 1 do
    match s.[i] with
    | 'a' .. 'z' | 'A' .. 'Z' | '_' -> incr letters
    | '0' .. '9' -> incr digits
    | _ -> incr others
  done;
  (!letters, !digits, !others)

let rec iter f = function [] -> () | x :: l -> f x; iter f l

let () =
  iter (fun w -> print_string w; print_string "="; print_int (keyword w);
         print_string " ")
    ["if"; "then"; "else"; "let"; "in"; "match"; "with"; "function"; "fun";
     ""; "a somewhat longer keyword than the others"; "iff"; "i"; "IF";
     "functio"; "function "];
  print_newline ();
  iter (fun (m, l) -> print_string m; print_string ":"; print_int (month_days m l);
         print_string " ")
    [("jan", false); ("feb", false); ("feb", true); ("apr", true); ("dec", true);
     ("xyz", false)];
  print_newline ();
  iter (fun c -> print_string (char_class c); print_string " ")
    ['a'; 'q'; 'Z'; '5'; ' '; '\n'; '('; '}'; '\000'; '\127'; '\200'; '\255'; '!'; '~'];
  print_newline ();
  iter (fun c -> print_int (hex_value c); print_string " ")
    ['0'; '9'; 'a'; 'f'; 'A'; 'F'; 'g'; 'G'; ' '];
  print_newline ();
  let (l, d, o) = count_kinds "let x_1 = 42 + y2 (* comment *)" in
  print_int l; print_string " letters, "; print_int d; print_string " digits, ";
  print_int o; print_endline " others"
