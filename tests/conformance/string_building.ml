(* Building strings: a resizable buffer on bytes, join and split, padding,
   repetition, reversing words, integers in any base converted by hand,
   and a word-wrapping formatter. *)
open Prelude

external bytes_set : bytes -> int -> char -> unit = "%bytes_unsafe_set"
external blit_bytes : bytes -> int -> bytes -> int -> int -> unit = "caml_blit_bytes"

type buffer = { mutable data : bytes; mutable len : int }

let create () = { data = bytes_create 8; len = 0 }

let grow b need =
  if b.len + need > bytes_length b.data then begin
    let cap = ref (bytes_length b.data) in
    while b.len + need > !cap do cap := 2 * !cap done;
    let d = bytes_create !cap in
    blit_bytes b.data 0 d 0 b.len;
    b.data <- d
  end

let add_char b c = grow b 1; bytes_set b.data b.len c; b.len <- b.len + 1
let add_string b s =
  let n = string_length s in
  grow b n; string_blit s 0 b.data b.len n; b.len <- b.len + n
let contents b =
  let r = bytes_create b.len in
  blit_bytes b.data 0 r 0 b.len;
  bytes_unsafe_to_string r

let rev l = let rec go acc = function [] -> acc | x :: t -> go (x :: acc) t in go [] l

let sub s a len =
  let r = bytes_create len in
  string_blit s a r 0 len;
  bytes_unsafe_to_string r

let join sep l =
  let b = create () in
  let rec go first = function
    | [] -> ()
    | s :: rest -> if not first then add_string b sep; add_string b s; go false rest
  in
  go true l;
  contents b

let split c s =
  let rec go start i acc =
    if i = string_length s then rev (sub s start (i - start) :: acc)
    else if s.[i] = c then go (i + 1) (i + 1) (sub s start (i - start) :: acc)
    else go start (i + 1) acc
  in
  go 0 0 []

let repeat s n = let b = create () in for _ = 1 to n do add_string b s done; contents b

let make n c = let b = create () in for _ = 1 to n do add_char b c done; contents b

let pad_left width c s =
  let n = string_length s in
  if n >= width then s else make (width - n) c ^ s

let pad_right width c s =
  let n = string_length s in
  if n >= width then s else s ^ make (width - n) c

(* digits of n in base 2..36, by hand; handles negatives and min_int *)
let to_base base n =
  let digit d = "0123456789abcdefghijklmnopqrstuvwxyz".[d] in
  if n = 0 then "0"
  else begin
    let b = create () in
    let rec go n = if n <> 0 then begin go (n / base); add_char b (digit (- (n mod base))) end in
    if n < 0 then add_char b '-';
    go (if n < 0 then n else - n);      (* work on negatives: no overflow *)
    contents b
  end

(* greedy word wrap to the given width *)
let wrap width text =
  let words = split ' ' text in
  let b = create () in
  let col = ref 0 in
  let rec go = function
    | [] -> ()
    | "" :: rest -> go rest
    | w :: rest ->
      let n = string_length w in
      if !col > 0 && !col + 1 + n > width then begin add_char b '\n'; col := 0 end;
      if !col > 0 then begin add_char b ' '; incr col end;
      add_string b w; col := !col + n;
      go rest
  in
  go words;
  contents b

let () =
  let b = create () in
  for i = 1 to 30 do add_string b (string_of_int i); add_char b (if i mod 10 = 0 then '\n' else ' ') done;
  print_string (contents b);
  print_int b.len; print_string " chars, capacity "; print_int (bytes_length b.data);
  print_newline ();
  print_endline (join ", " ["red"; "green"; "blue"]);
  print_endline (join "" []);
  print_endline ("[" ^ join "][" (split ',' "a,b,,c,") ^ "]");
  print_endline (join " " (rev (split ' ' "the words of this sentence reversed")));
  print_endline (repeat "ab" 5 ^ "|" ^ repeat "x" 0 ^ "|");
  print_endline ("[" ^ pad_left 8 '.' "right" ^ "] [" ^ pad_right 8 '.' "left" ^ "] ["
                 ^ pad_left 3 ' ' "toolong" ^ "]");
  print_endline (join " " [to_base 2 10; to_base 8 64; to_base 16 255; to_base 36 1295;
                           to_base 10 (-12345); to_base 16 max_int; to_base 2 min_int]);
  print_endline (wrap 30 "The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs. How vexingly quick daft zebras jump!");
  (* a long string built by a million appends *)
  let big = create () in
  for i = 0 to 999_999 do add_char big (char_of_int (97 + i mod 26)) done;
  let s = contents big in
  print_int (string_length s); print_string " "; print_string (sub s 999_990 10);
  print_newline ()
