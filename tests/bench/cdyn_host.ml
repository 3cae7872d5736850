(* The host of the CLOSUREDYN experiment: loads closures.zbc collectable
   (zvm_dynlink_loadfile_private), so that its initialisation, the whole
   benchmark, runs as collectable code: every CLOSURE/CLOSUREREC became
   CLOSUREDYN/CLOSURERECDYN at load time. The loaded program reads its
   size from this process's argv.(1), like when it runs pinned:

     zvm run closures.zbc N        (pinned)
     zvm run cdyn_host.zbc N       (collectable)

   zvm only: ocamlrun has no such primitive. *)

external loadfile_private : string -> 'a = "zvm_dynlink_loadfile_private"
external ignore : 'a -> unit = "%ignore"

let () = ignore (loadfile_private "closures.zbc")
