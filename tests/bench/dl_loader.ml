(* The ocamlrun side of the load experiment: OCaml's own
   Dynlink.loadfile_private of the plugin of examples/unload (plugin.ml
   compiled to a .cmo), N times, reporting at checkpoints the CPU time so
   far and the peak and current resident set size (VmHWM and VmRSS of
   /proc/self/status).

     ocamlc dynlink.cma dl_loader.ml -o dl_loader.byte
     ocamlrun dl_loader.byte plugin.cmo CHECKPOINT...

   One line per checkpoint, the last one being N:
     loads=N cpu_s=S hwm_kb=K rss_kb=K

   Unlike zvm's churn.ml, this does not call the plugin's [run]: OCaml's
   loadfile_private returns unit and the plugin registers nothing. That
   call is a few dozen bytecode instructions next to a load.

   The plugin declares externals (%addint, ...), which Dynlink counts as
   "unsafe": allow_unsafe_modules is needed. *)

let status_kb key =
  let ic = open_in "/proc/self/status" in
  let rec scan () =
    match input_line ic with
    | line ->
        let k = String.length key in
        if String.length line > k && String.sub line 0 k = key then begin
          let v = String.trim (String.sub line k (String.length line - k)) in
          Scanf.sscanf v "%d" (fun n -> n)
        end else scan ()
    | exception End_of_file -> -1
  in
  let v = scan () in
  close_in ic;
  v

let () =
  Dynlink.allow_unsafe_modules true;
  let plugin = Sys.argv.(1) in
  let checkpoints =
    List.map int_of_string (List.tl (List.tl (Array.to_list Sys.argv))) in
  let report n t0 =
    Printf.printf "loads=%d cpu_s=%.6f hwm_kb=%d rss_kb=%d\n%!" n
      (Sys.time () -. t0) (status_kb "VmHWM:") (status_kb "VmRSS:")
  in
  let t0 = Sys.time () in
  let rec go done_ = function
    | [] -> ()
    | c :: rest ->
        for _ = done_ + 1 to c do Dynlink.loadfile_private plugin done;
        report c t0;
        go (max done_ c) rest
  in
  go 0 checkpoints
