(* Plugin_upper: registers two transformers directly at initialisation. *)

external string_length : string -> int = "%string_length"
external string_get : string -> int -> char = "%string_unsafe_get"
external bytes_create : int -> bytes = "caml_create_bytes"
external bytes_set : bytes -> int -> char -> unit = "%bytes_unsafe_set"
external bytes_to_string : bytes -> string = "%bytes_to_string"
external code : char -> int = "%identity"
external chr : int -> char = "%identity"
external ( - ) : int -> int -> int = "%subint"
external ( >= ) : char -> char -> bool = "%greaterequal"
external ( <= ) : char -> char -> bool = "%lessequal"
external ( && ) : bool -> bool -> bool = "%sequand"

let map f s =
  let n = string_length s in
  let b = bytes_create n in
  for i = 0 to n - 1 do bytes_set b i (f (string_get s i)) done;
  bytes_to_string b

let upper c = if c >= 'a' && c <= 'z' then chr (code c - 32) else c

let uppercase = map upper

let reverse s =
  let n = string_length s in
  let b = bytes_create n in
  for i = 0 to n - 1 do bytes_set b i (string_get s (n - 1 - i)) done;
  bytes_to_string b

let () =
  Registry.register "upper" uppercase;
  Registry.register "reverse" reverse;
  Log.record "Plugin_upper"
