(* for loops (upward, downward, empty ranges, bounds evaluated once),
   while loops, references (ref, !, :=, incr, decr), nested loops with
   early exit through an exception, and refs captured by closures. *)
open Prelude

exception Break

let () =
  for i = 1 to 5 do print_int i; print_string " " done;
  print_newline ();
  for i = 5 downto 1 do print_int i; print_string " " done;
  print_newline ();
  for i = 1 to 0 do print_int i done;                    (* empty *)
  for i = 0 downto 1 do print_int i done;                (* empty *)
  for i = max_int - 2 to max_int do print_int (i - max_int); print_string " " done;
  print_newline ();
  for i = min_int + 2 downto min_int do print_int (i - min_int); print_string " " done;
  print_newline ();
  (* the bounds are evaluated once, before the loop *)
  let n = ref 3 in
  for i = 1 to !n do n := !n + 1; print_int i; print_string " " done;
  print_string "n="; print_int !n; print_newline ();
  (* while with a counter *)
  let i = ref 0 and s = ref 0 in
  while !i < 10 do incr i; s := !s + !i done;
  print_int !s; print_newline ();
  let k = ref 100 in
  while !k > 0 do decr k; k := !k / 2 done;
  print_int !k; print_newline ();
  (* nested loops: multiplication table *)
  for r = 1 to 4 do
    for c = 1 to 6 do
      let v = r * c in
      if v < 10 then print_string " ";
      print_int v; print_string " "
    done;
    print_newline ()
  done;
  (* early exit from nested loops *)
  let found = ref (0, 0) in
  (try
     for a = 1 to 20 do
       for b = a to 20 do
         if a * a + b * b = 13 * 13 then begin found := (a, b); raise Break end
       done
     done
   with Break -> ());
  print_int (fst !found); print_string " "; print_int (snd !found); print_newline ();
  (* references shared by closures *)
  let counter = ref 0 in
  let bump () = incr counter and get () = !counter in
  for _ = 1 to 7 do bump () done;
  print_int (get ()); print_newline ();
  (* a reference holding a list, used as a stack *)
  let stack = ref [] in
  for i = 1 to 5 do stack := i * i :: !stack done;
  let rec drain () =
    match !stack with
    | [] -> ()
    | x :: rest -> stack := rest; print_int x; print_string " "; drain ()
  in
  drain (); print_newline ();
  (* refs of refs *)
  let rr = ref (ref 1) in
  !rr := 5;
  let old = !rr in
  rr := ref 10;
  print_int !old; print_string " "; print_int !(!rr); print_newline ()
