(* Bit manipulation on 63-bit ints: population count, parity, lowest set
   bit, bit reversal within 16 bits, Gray code round trips, integer log2,
   power-of-two tests, and a xorshift pseudo-random sequence.
   Self-contained. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( land ) : int -> int -> int = "%andint"
external ( lor ) : int -> int -> int = "%orint"
external ( lxor ) : int -> int -> int = "%xorint"
external ( lsl ) : int -> int -> int = "%lslint"
external ( lsr ) : int -> int -> int = "%lsrint"
external ( asr ) : int -> int -> int = "%asrint"
external ( ~- ) : int -> int = "%negint"
external ( = ) : int -> int -> bool = "%equal"
external ( <> ) : int -> int -> bool = "%notequal"
external ( <= ) : int -> int -> bool = "%lessequal"
external ( && ) : bool -> bool -> bool = "%sequand"
external ( || ) : bool -> bool -> bool = "%sequor"

let stdout = open_descriptor_out 1
let print s = output stdout s 0 (string_length s)
let show name v = print name; print " = "; print (format_int "%d" v); print "\n"
let show_hex name v = print name; print " = 0x"; print (format_int "%x" v); print "\n"
let show_bool name b = print name; print (if b then " = true\n" else " = false\n")

let rec popcount n = if n = 0 then 0 else (n land 1) + popcount (n lsr 1)
let parity n = popcount n land 1
let lowest_bit n = n land (- n)
let reverse16 n =
  let rec go i acc = if i = 16 then acc else go (i + 1) ((acc lsl 1) lor ((n lsr i) land 1)) in
  go 0 0
let gray n = n lxor (n lsr 1)
let rec ungray g = if g = 0 then 0 else g lxor ungray (g lsr 1)
let rec log2 n = if n <= 1 then 0 else 1 + log2 (n lsr 1)
let is_pow2 n = n <> 0 && n land (n - 1) = 0

let () =
  show "popcount 0" (popcount 0);
  show "popcount 255" (popcount 255);
  show "popcount -1" (popcount (-1));
  show "popcount 0x5555" (popcount 0x5555);
  show "parity 7" (parity 7);
  show "parity 0x11" (parity 0x11);
  show_hex "lowest_bit 0x1234500" (lowest_bit 0x1234500);
  show_hex "lowest_bit min_int" (lowest_bit (1 lsl 62));
  show_hex "reverse16 0x0001" (reverse16 0x0001);
  show_hex "reverse16 0x1234" (reverse16 0x1234);
  (* Gray codes: successive codes differ in one bit, and ungray inverts *)
  let rec check_gray i =
    if i = 1000 then true
    else if ungray (gray i) <> i || popcount (gray i lxor gray (i + 1)) <> 1 then false
    else check_gray (i + 1)
  in
  show_bool "gray round trip 0..999" (check_gray 0);
  show "gray 10" (gray 10);
  show "ungray 15" (ungray 15);
  show "log2 1" (log2 1);
  show "log2 1024" (log2 1024);
  show "log2 max_int" (log2 ((-1) lsr 1));
  show_bool "is_pow2 4096" (is_pow2 4096);
  show_bool "is_pow2 4097" (is_pow2 4097);
  show_bool "is_pow2 min_int" (is_pow2 (1 lsl 62));
  (* xorshift on 63-bit ints: ten values and a checksum of a million *)
  let next x =
    let x = x lxor (x lsl 13) in
    let x = x lxor (x lsr 7) in
    x lxor (x lsl 17)
  in
  let rec first k x = if k = 0 then () else begin
      let y = next x in
      print (format_int "%x" y); print " ";
      first (k - 1) y
    end
  in
  first 10 88172645463325252;
  print "\n";
  let rec checksum k x acc = if k = 0 then acc else let y = next x in checksum (k - 1) y (acc lxor y) in
  show_hex "checksum" (checksum 1_000_000 1 0);
  flush stdout
