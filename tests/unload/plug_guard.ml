(* A plugin whose function installs a handler, then calls back into the
   host, which drops every reference to the plugin and collects before
   raising: the pending trap frame must keep the handler's code alive. *)
exception Boom of int
external ( + ) : int -> int -> int = "%addint"
external raise : exn -> 'a = "%raise"
let boom n = raise (Boom n)
let message = "caught by the plugin's handler"
external string_length : string -> int = "%string_length"
let guarded callback =
  try callback () with Boom n -> n + string_length message
