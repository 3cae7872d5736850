(* Bytes: create, make (fill), get/set with bounds errors, blit between
   bytes and from strings (overlapping too), sub, conversion to and from
   strings (copying vs sharing), comparison, and a growing buffer. *)
open Prelude

external create : int -> bytes = "caml_create_bytes"
external length : bytes -> int = "%bytes_length"
external get : bytes -> int -> char = "%bytes_safe_get"
external set : bytes -> int -> char -> unit = "%bytes_safe_set"
external unsafe_get : bytes -> int -> char = "%bytes_unsafe_get"
external unsafe_set : bytes -> int -> char -> unit = "%bytes_unsafe_set"
external unsafe_fill : bytes -> int -> int -> char -> unit = "caml_fill_bytes"
external unsafe_blit : bytes -> int -> bytes -> int -> int -> unit = "caml_blit_bytes"
external unsafe_to_string : bytes -> string = "%bytes_to_string"
external unsafe_of_string : string -> bytes = "%bytes_of_string"
external bytes_compare : bytes -> bytes -> int = "caml_bytes_compare"
external bytes_equal : bytes -> bytes -> bool = "caml_bytes_equal"

let make n c = let b = create n in unsafe_fill b 0 n c; b
let copy b = let c = create (length b) in unsafe_blit b 0 c 0 (length b); c
let to_string b = unsafe_to_string (copy b)
let of_string s = copy (unsafe_of_string s)

let blit src so dst d len =
  if len < 0 || so < 0 || so > length src - len || d < 0 || d > length dst - len
  then invalid_arg "Bytes.blit"
  else unsafe_blit src so dst d len

let fill b ofs len c =
  if ofs < 0 || len < 0 || ofs > length b - len then invalid_arg "Bytes.fill"
  else unsafe_fill b ofs len c

let print_bytes b = print_string (to_string b); print_newline ()

(* A growable buffer, doubling its storage. *)
type buffer = { mutable buf : bytes; mutable pos : int }

let buffer_create n = { buf = create n; pos = 0 }
let buffer_add_char b c =
  if b.pos >= length b.buf then begin
    let nb = create (2 * length b.buf + 1) in
    unsafe_blit b.buf 0 nb 0 b.pos;
    b.buf <- nb
  end;
  set b.buf b.pos c;
  b.pos <- b.pos + 1
let buffer_add_string b s =
  for i = 0 to string_length s - 1 do buffer_add_char b s.[i] done
let buffer_contents b =
  let r = create b.pos in unsafe_blit b.buf 0 r 0 b.pos; unsafe_to_string r

let () =
  let b = make 10 '.' in
  print_bytes b;
  set b 0 'A'; set b 9 'Z';
  print_bytes b;
  print_char (get b 0); print_char (get b 9); print_newline ();
  (match set b 10 '!' with
   | () -> print_endline "no error?"
   | exception Invalid_argument m -> print_endline m);
  (match get b (-1) with
   | _ -> print_endline "no error?"
   | exception Invalid_argument m -> print_endline m);
  fill b 2 3 '#';
  print_bytes b;
  (try fill b 8 3 '!' with Invalid_argument m -> print_endline m);
  let src = of_string "0123456789" in
  blit src 0 b 1 4;
  print_bytes b;
  (* overlapping blits, both directions *)
  let o = of_string "abcdefghij" in
  blit o 0 o 2 8; print_bytes o;
  let o = of_string "abcdefghij" in
  blit o 2 o 0 8; print_bytes o;
  (try blit o 5 o 0 6 with Invalid_argument m -> print_endline m);
  (* to_string copies: later changes do not show in the string *)
  let s = to_string src in
  set src 0 'X';
  print_string s; print_string " "; print_bytes src;
  (* unsafe_to_string shares *)
  let shared = unsafe_to_string src in
  set src 1 'Y';
  print_endline shared;
  (* unchecked access *)
  let u = of_string "unsafe" in
  unsafe_set u 0 (unsafe_get u 5);
  print_bytes u;
  (* comparisons *)
  print_int (bytes_compare (of_string "abc") (of_string "abd")); print_string " ";
  print_int (bytes_compare (of_string "b") (of_string "abc")); print_string " ";
  print_bool (bytes_equal (of_string "q") (make 1 'q')); print_string " ";
  print_bool (of_string "a" = of_string "a"); print_newline ();
  (* empty bytes *)
  let e = create 0 in
  print_int (length e); print_string "|"; print_bytes e;
  (* the buffer *)
  let buf = buffer_create 1 in
  for i = 1 to 20 do
    buffer_add_string buf (string_of_int i);
    buffer_add_char buf (if i mod 5 = 0 then '\n' else ',')
  done;
  print_string (buffer_contents buf);
  print_int (length buf.buf); print_newline ()
