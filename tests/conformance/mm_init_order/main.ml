(* Main: runs every registered transformer on a few inputs, then prints
   the initialisation log.  Modules initialise in link order: Log,
   Registry, Plugin_upper, Plugin_count, then Main (each depends on the
   one before). *)

let () = Log.record "Main"

let rec iter f = function [] -> () | x :: rest -> f x; iter f rest

let () =
  Log.print_string "plugins from Plugin_count: ";
  iter (fun n -> Log.print_string n; Log.print_string " ") Plugin_count.names;
  Log.print_endline "";
  iter (fun input ->
      iter (fun (h : Registry.handler) ->
          Log.print_endline (Log.( ^ ) h.Registry.name (Log.( ^ ) ": " (h.Registry.run input))))
        (Registry.all ()))
    ["hello"; "OCaml bytecode"];
  Log.print_string "events logged: "; Log.print_int Log.log.Log.count; Log.print_endline "";
  iter (fun e -> Log.print_string e; Log.print_string " | ") Log.log.Log.events;
  Log.print_endline ""
