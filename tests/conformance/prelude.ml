(* Prelude: the little standard library of the conformance suite.

   Tests are compiled with -nopervasives, so nothing is predefined except the
   built-in types and exceptions.  This module declares the primitives most
   tests need, under their usual Stdlib names, plus a few printing helpers.
   A test uses it with [open Prelude] (or [Prelude.print_int ...]).

   Everything here is written against OCaml's runtime primitive names, so
   that a conforming VM only has to provide those primitives. *)

(* ---- Abstract types of the runtime ------------------------------------- *)

type out_channel
type in_channel

(* ---- Exceptions -------------------------------------------------------- *)

external raise : exn -> 'a = "%raise"
external raise_notrace : exn -> 'a = "%raise_notrace"

let failwith s = raise (Failure s)
let invalid_arg s = raise (Invalid_argument s)

(* ---- Comparisons ------------------------------------------------------- *)

external ( = ) : 'a -> 'a -> bool = "%equal"
external ( <> ) : 'a -> 'a -> bool = "%notequal"
external ( < ) : 'a -> 'a -> bool = "%lessthan"
external ( > ) : 'a -> 'a -> bool = "%greaterthan"
external ( <= ) : 'a -> 'a -> bool = "%lessequal"
external ( >= ) : 'a -> 'a -> bool = "%greaterequal"
external compare : 'a -> 'a -> int = "%compare"
external ( == ) : 'a -> 'a -> bool = "%eq"
external ( != ) : 'a -> 'a -> bool = "%noteq"

let min a b = if a <= b then a else b
let max a b = if a >= b then a else b

(* ---- Booleans and plumbing --------------------------------------------- *)

external not : bool -> bool = "%boolnot"
external ( && ) : bool -> bool -> bool = "%sequand"
external ( || ) : bool -> bool -> bool = "%sequor"
external ignore : 'a -> unit = "%ignore"
external ( |> ) : 'a -> ('a -> 'b) -> 'b = "%revapply"
external ( @@ ) : ('a -> 'b) -> 'a -> 'b = "%apply"
external fst : 'a * 'b -> 'a = "%field0"
external snd : 'a * 'b -> 'b = "%field1"

(* ---- Integers ---------------------------------------------------------- *)

external ( ~- ) : int -> int = "%negint"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( / ) : int -> int -> int = "%divint"
external ( mod ) : int -> int -> int = "%modint"
external ( land ) : int -> int -> int = "%andint"
external ( lor ) : int -> int -> int = "%orint"
external ( lxor ) : int -> int -> int = "%xorint"
external ( lsl ) : int -> int -> int = "%lslint"
external ( lsr ) : int -> int -> int = "%lsrint"
external ( asr ) : int -> int -> int = "%asrint"
external succ : int -> int = "%succint"
external pred : int -> int = "%predint"

let lnot x = x lxor (-1)
let abs x = if x >= 0 then x else -x
let max_int = (-1) lsr 1
let min_int = max_int + 1

(* ---- Characters -------------------------------------------------------- *)

external int_of_char : char -> int = "%identity"
external unsafe_char_of_int : int -> char = "%identity"

let char_of_int n =
  if n < 0 || n > 255 then invalid_arg "char_of_int" else unsafe_char_of_int n

(* ---- Floats ------------------------------------------------------------ *)

external ( ~-. ) : float -> float = "%negfloat"
external ( +. ) : float -> float -> float = "%addfloat"
external ( -. ) : float -> float -> float = "%subfloat"
external ( *. ) : float -> float -> float = "%mulfloat"
external ( /. ) : float -> float -> float = "%divfloat"
external ( ** ) : float -> float -> float = "caml_power_float" "pow"
  [@@unboxed] [@@noalloc]
external sqrt : float -> float = "caml_sqrt_float" "sqrt"
  [@@unboxed] [@@noalloc]
external float_of_int : int -> float = "%floatofint"
external int_of_float : float -> int = "%intoffloat"
external float_of_bits : int64 -> float = "caml_int64_float_of_bits"

let infinity = float_of_bits 0x7F_F0_00_00_00_00_00_00L
let neg_infinity = float_of_bits 0xFF_F0_00_00_00_00_00_00L
let nan = float_of_bits 0x7F_F0_00_00_00_00_00_01L

(* ---- Strings and bytes ------------------------------------------------- *)

external string_length : string -> int = "%string_length"
external bytes_length : bytes -> int = "%bytes_length"
external bytes_create : int -> bytes = "caml_create_bytes"
external string_blit : string -> int -> bytes -> int -> int -> unit
  = "caml_blit_string" [@@noalloc]
external bytes_unsafe_to_string : bytes -> string = "%bytes_to_string"

let ( ^ ) s1 s2 =
  let l1 = string_length s1 and l2 = string_length s2 in
  let s = bytes_create (l1 + l2) in
  string_blit s1 0 s 0 l1;
  string_blit s2 0 s l1 l2;
  bytes_unsafe_to_string s

(* ---- Conversions to and from strings ----------------------------------- *)

external format_int : string -> int -> string = "caml_format_int"
external format_float : string -> float -> string = "caml_format_float"
external int_of_string : string -> int = "caml_int_of_string"
external float_of_string : string -> float = "caml_float_of_string"
external string_get : string -> int -> char = "%string_safe_get"

let string_of_int n = format_int "%d" n
let string_of_bool b = if b then "true" else "false"

(* As Stdlib.string_of_float: "%.12g", plus a "." if it looks like an int. *)
let string_of_float f =
  let s = format_float "%.12g" f in
  let l = string_length s in
  let rec loop i =
    if i >= l then s ^ "."
    else match string_get s i with
      | '0' .. '9' | '-' -> loop (i + 1)
      | _ -> s
  in
  loop 0

(* ---- Index syntax ------------------------------------------------------- *)

(* [a.(i)], [a.(i) <- v] and [s.[i]] mean [Array.get], [Array.set] and
   [String.get] of whatever modules of those names are in scope. *)
module Array = struct
  external length : 'a array -> int = "%array_length"
  external get : 'a array -> int -> 'a = "%array_safe_get"
  external set : 'a array -> int -> 'a -> unit = "%array_safe_set"
  external unsafe_get : 'a array -> int -> 'a = "%array_unsafe_get"
  external unsafe_set : 'a array -> int -> 'a -> unit = "%array_unsafe_set"
  external make : int -> 'a -> 'a array = "caml_make_vect"
end

module String = struct
  external length : string -> int = "%string_length"
  external get : string -> int -> char = "%string_safe_get"
  external unsafe_get : string -> int -> char = "%string_unsafe_get"
end

(* ---- References -------------------------------------------------------- *)

type 'a ref = { mutable contents : 'a }
external ref : 'a -> 'a ref = "%makemutable"
external ( ! ) : 'a ref -> 'a = "%field0"
external ( := ) : 'a ref -> 'a -> unit = "%setfield0"
external incr : int ref -> unit = "%incr"
external decr : int ref -> unit = "%decr"

(* ---- Channels ---------------------------------------------------------- *)

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external open_descriptor_in : int -> in_channel = "caml_ml_open_descriptor_in"
external flush : out_channel -> unit = "caml_ml_flush"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external unsafe_output_string : out_channel -> string -> int -> int -> unit
  = "caml_ml_output"
external input_char : in_channel -> char = "caml_ml_input_char"
external input_scan_line : in_channel -> int = "caml_ml_input_scan_line"
external unsafe_input : in_channel -> bytes -> int -> int -> int
  = "caml_ml_input"

let stdin = open_descriptor_in 0
let stdout = open_descriptor_out 1
let stderr = open_descriptor_out 2

let output_string oc s = unsafe_output_string oc s 0 (string_length s)

let print_string s = output_string stdout s
let print_char c = output_char stdout c
let print_int n = print_string (string_of_int n)
let print_float f = print_string (string_of_float f)
let print_bool b = print_string (string_of_bool b)
let print_newline () = output_char stdout '\n'; flush stdout
let print_endline s = print_string s; print_newline ()

let prerr_string s = output_string stderr s
let prerr_endline s = prerr_string s; output_char stderr '\n'; flush stderr

(* [input_line], simplified from the Stdlib's: for lines shorter than the
   channel buffer (64 KiB), which is all the tests need. *)
let input_line ic =
  let n = input_scan_line ic in
  if n = 0 then raise End_of_file
  else if n > 0 then begin
    let buf = bytes_create (n - 1) in
    ignore (unsafe_input ic buf 0 (n - 1));
    ignore (input_char ic);                     (* the newline *)
    bytes_unsafe_to_string buf
  end else begin
    (* -n characters, the last line, without a newline *)
    let buf = bytes_create (-n) in
    ignore (unsafe_input ic buf 0 (-n));
    bytes_unsafe_to_string buf
  end

(* ---- Program exit ------------------------------------------------------ *)

(* The raw primitive: unlike Stdlib.exit, it does not flush the channels. *)
external sys_exit : int -> 'a = "caml_sys_exit"

let exit code = flush stdout; flush stderr; sys_exit code
