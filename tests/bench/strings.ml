(* Strings and bytes: integer formatting and parsing, concatenation,
   byte-by-byte reads and writes, blits, fills, comparisons and equality
   of strings. Argument: iterations (default 300000). Prints a checksum. *)

type out_channel
external open_out : int -> out_channel = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external int_of_string : string -> int = "caml_int_of_string"
external argv : string array = "%sys_argv"
external array_length : 'a array -> int = "%array_length"
external array_get : 'a array -> int -> 'a = "%array_safe_get"
external ( + ) : int -> int -> int = "%addint"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( = ) : int -> int -> bool = "%equal"
external ( < ) : int -> int -> bool = "%lessthan"
external ( land ) : int -> int -> int = "%andint"
external ( lxor ) : int -> int -> int = "%xorint"
external int_of_char : char -> int = "%identity"
external unsafe_char_of_int : int -> char = "%identity"
external bytes_create : int -> bytes = "caml_create_bytes"
external bytes_length : bytes -> int = "%bytes_length"
external bytes_get : bytes -> int -> char = "%bytes_safe_get"
external bytes_set : bytes -> int -> char -> unit = "%bytes_safe_set"
external string_get : string -> int -> char = "%string_safe_get"
external bytes_fill : bytes -> int -> int -> char -> unit = "caml_fill_bytes" [@@noalloc]
external blit_string : string -> int -> bytes -> int -> int -> unit = "caml_blit_string" [@@noalloc]
external blit_bytes : bytes -> int -> bytes -> int -> int -> unit = "caml_blit_bytes" [@@noalloc]
external bytes_to_string : bytes -> string = "%bytes_to_string"
external string_compare : string -> string -> int = "caml_string_compare"
external string_equal : string -> string -> bool = "caml_string_equal"

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let line s n = print s; print (format_int "%d" n); output_char stdout '\n'
let size default =
  let a = argv in
  if array_length a > 1 then int_of_string (array_get a 1) else default

let ( ^ ) s1 s2 =
  let l1 = string_length s1 and l2 = string_length s2 in
  let b = bytes_create (l1 + l2) in
  blit_string s1 0 b 0 l1;
  blit_string s2 0 b l1 l2;
  bytes_to_string b

(* FNV-style hash of a string, one byte at a time. *)
let hash s =
  let n = string_length s in
  let rec go i h =
    if i = n then h
    else go (i + 1) (((h lxor int_of_char (string_get s i)) * 16777619) land 0xFFFFFFF) in
  go 0 2166136261

(* Reverse a string through a bytes buffer. *)
let reverse s =
  let n = string_length s in
  let b = bytes_create n in
  let rec go i = if i = n then () else (bytes_set b (n - 1 - i) (string_get s i); go (i + 1)) in
  go 0;
  bytes_to_string b

(* Caesar-shift the letters of a bytes buffer in place. *)
let rot b k =
  let n = bytes_length b in
  let rec go i =
    if i = n then ()
    else begin
      let c = int_of_char (bytes_get b i) in
      (if c < 48 then () else bytes_set b i (unsafe_char_of_int (48 + (c - 48 + k) land 63)));
      go (i + 1)
    end
  in
  go 0

let () =
  let n = size 300000 in
  line "iterations: " n;
  let buf = bytes_create 64 in
  bytes_fill buf 0 64 'a';
  let rec loop i prev acc =
    if i = n then acc
    else begin
      let s = format_int "%d" (i * 7919) in
      let t = s ^ "-" ^ reverse s ^ "/" ^ format_int "%x" i in
      let back = int_of_string s in
      blit_string t 0 buf (i land 31) (if string_length t < 32 then string_length t else 32);
      rot buf (i land 7);
      blit_bytes buf 0 buf 32 16;
      let u = bytes_to_string buf in
      let c = string_compare t prev in
      let e = if string_equal t prev then 1 else 0 in
      loop (i + 1) t (acc lxor (hash t + hash u + back + c + e))
    end
  in
  line "checksum: " (loop 0 "" 0);
  flush stdout
