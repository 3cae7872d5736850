(* Plugin_count: registers through the Registry.Register functor, and
   builds on Plugin_upper (so it must be initialised after it). *)

external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"

module Length = Registry.Register (struct
    let name = "length"
    let run s = format_int "%d" (string_length s)
  end)

module Shout = Registry.Register (struct
    let name = "shout"
    let run s = Log.( ^ ) (Plugin_upper.uppercase s) "!"
  end)

let names = [Length.registered_as; Shout.registered_as]

let () = Log.record "Plugin_count"
