(* Log: printing primitives and a global event log that the other modules
   append to while they are initialised. *)

type out_channel

external open_descriptor_out : int -> out_channel
  = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external bytes_create : int -> bytes = "caml_create_bytes"
external blit_string : string -> int -> bytes -> int -> int -> unit = "caml_blit_string"
external bytes_to_string : bytes -> string = "%bytes_to_string"
external ( + ) : int -> int -> int = "%addint"

let stdout = open_descriptor_out 1
let print_string s = output stdout s 0 (string_length s)
let print_int n = print_string (format_int "%d" n)
let print_endline s = print_string s; print_string "\n"; flush stdout

let ( ^ ) a b =
  let la = string_length a and lb = string_length b in
  let r = bytes_create (la + lb) in
  blit_string a 0 r 0 la;
  blit_string b 0 r la lb;
  bytes_to_string r

type log = { mutable events : string list; mutable count : int }

let log = { events = []; count = 0 }

let record event =
  log.events <- event :: log.events;
  log.count <- log.count + 1;
  print_endline ("[init " ^ format_int "%d" log.count ^ "] " ^ event)

let () = record "Log"
