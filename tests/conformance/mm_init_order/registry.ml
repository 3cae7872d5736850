(* Registry: named string transformers, registered by other modules when
   they are initialised, and a functor that registers its argument. *)

open Log

type handler = { name : string; run : string -> string }
type table = { mutable handlers : handler list }

let table = { handlers = [] }

let register name run =
  table.handlers <- { name; run } :: table.handlers;
  record ("Registry: registered " ^ name)

(* handlers in registration order *)
let all () =
  let rec rev acc = function [] -> acc | h :: rest -> rev (h :: acc) rest in
  rev [] table.handlers

module type PLUGIN = sig
  val name : string
  val run : string -> string
end

module Register (P : PLUGIN) = struct
  let () = register P.name P.run
  let registered_as = P.name
end

let () = record "Registry"
