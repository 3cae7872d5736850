(* Strings: length, indexing (with bounds errors), concatenation built on
   bytes primitives, sub, index, equality and ordering (caml_string_equal,
   caml_string_compare), escapes in literals, and strings with NULs. *)
open Prelude

external bytes_set : bytes -> int -> char -> unit = "%bytes_safe_set"
external string_compare : string -> string -> int = "caml_string_compare"
external string_equal : string -> string -> bool = "caml_string_equal"
external string_notequal : string -> string -> bool = "caml_string_notequal"

let sub s ofs len =
  if ofs < 0 || len < 0 || ofs > string_length s - len then invalid_arg "String.sub"
  else begin
    let b = bytes_create len in
    string_blit s ofs b 0 len;
    bytes_unsafe_to_string b
  end

let index s c =
  let rec go i =
    if i >= string_length s then raise Not_found
    else if s.[i] = c then i else go (i + 1)
  in
  go 0

let concat sep l =
  let rec total = function
    | [] -> 0
    | [s] -> string_length s
    | s :: r -> string_length s + string_length sep + total r
  in
  let b = bytes_create (total l) in
  let rec fill pos = function
    | [] -> ()
    | [s] -> string_blit s 0 b pos (string_length s)
    | s :: r ->
      string_blit s 0 b pos (string_length s);
      string_blit sep 0 b (pos + string_length s) (string_length sep);
      fill (pos + string_length s + string_length sep) r
  in
  fill 0 l;
  bytes_unsafe_to_string b

let uppercase s =
  let b = bytes_create (string_length s) in
  for i = 0 to string_length s - 1 do
    let c = s.[i] in
    bytes_set b i (if c >= 'a' && c <= 'z' then char_of_int (int_of_char c - 32) else c)
  done;
  bytes_unsafe_to_string b

let rev s =
  let n = string_length s in
  let b = bytes_create n in
  for i = 0 to n - 1 do bytes_set b i s.[n - 1 - i] done;
  bytes_unsafe_to_string b

(* show every byte, escaping the unprintable ones, in decimal *)
let show_bytes s =
  for i = 0 to string_length s - 1 do
    let c = s.[i] in
    if c >= ' ' && c <= '~' && c <> '\\' then print_char c
    else begin print_string "\\"; print_string (format_int "%03d" (int_of_char c)) end
  done;
  print_newline ()

let () =
  let s = "Hello, world" in
  print_int (string_length s); print_string " "; print_int (string_length ""); print_newline ();
  print_char s.[0]; print_char s.[11]; print_newline ();
  (match s.[12] with
   | _ -> print_endline "no error?"
   | exception Invalid_argument msg -> print_endline msg);
  (match s.[-1] with
   | _ -> print_endline "no error?"
   | exception Invalid_argument msg -> print_endline msg);
  print_endline (sub s 7 5);
  print_endline (sub s 0 0 ^ "|");
  (try ignore (sub s 10 5) with Invalid_argument m -> print_endline m);
  print_int (index s 'o'); print_string " "; print_int (index s 'd'); print_newline ();
  (try ignore (index s 'z') with Not_found -> print_endline "Not_found");
  print_endline (s ^ "!" ^ "" ^ " " ^ rev s);
  print_endline (concat ", " ["alpha"; "beta"; ""; "delta"]);
  print_endline (concat "" []);
  print_endline (uppercase "mixed Case 123 ok?");
  (* comparisons *)
  let cmp a b = print_int (string_compare a b); print_string " " in
  cmp "abc" "abd"; cmp "abc" "abc"; cmp "abcd" "abc"; cmp "" "a"; cmp "B" "a";
  cmp "\255" "\001"; print_newline ();
  print_bool (string_equal "same" ("sa" ^ "me")); print_string " ";
  print_bool (string_notequal "same" "Same"); print_string " ";
  print_bool ("x" < "y"); print_string " "; print_bool ("xy" > "x");
  print_string " "; print_bool (("ab" ^ "c") == "abc"); print_newline ();
  (* escapes: each literal is shown byte by byte *)
  show_bytes "tab\there, newline\nthere";
  show_bytes "quote\" backslash\\ apostrophe\' ";
  show_bytes "\065\066\067 \x41\x62\x43 \o101 \255\000end";
  show_bytes "unicode \u{e9}\u{263A}";
  show_bytes "line one \
              continued";
  let with_nul = "a\000b\000c" in
  print_int (string_length with_nul); print_string " ";
  print_bool (with_nul = "a\000b\000d"); print_newline ();
  (* a long string: 100000 characters built by doubling *)
  let rec double s n = if n = 0 then s else double (s ^ s) (n - 1) in
  let big = double "0123456789" 14 in
  print_int (string_length big); print_string " "; print_char big.[123456];
  print_newline ()
