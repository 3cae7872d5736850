(* Unbounded recursion raises Stack_overflow, which the program catches
   (the exception unwinds all the frames); afterwards the stack is usable
   again, for another overflow and for ordinary deep recursion.  The depth
   reached is not printed: it depends on the VM's stack limit. *)
open Prelude

let rec forever n = 1 + forever (n + 1)

let rec forever_list acc n = n :: forever_list acc (n + 1)

let attempt name f =
  print_string name; print_string ": ";
  (match f () with
   | _ -> print_string "returned?!"
   | exception Stack_overflow -> print_string "Stack_overflow caught");
  print_newline ()

let rec sum n = if n = 0 then 0 else n + sum (n - 1)

let () =
  attempt "forever" (fun () -> forever 0);
  attempt "forever_list" (fun () -> match forever_list [] 0 with [] -> 0 | x :: _ -> x);
  (* a handler inside the recursion catches it at some depth *)
  let rec guarded n =
    if n mod 1000 = 0 then (try 1 + guarded (n + 1) with Stack_overflow -> 0)
    else 1 + guarded (n + 1)
  in
  print_string "guarded: "; print_bool (guarded 1 > 0); print_newline ();
  attempt "forever again" (fun () -> forever 0);
  print_int (sum 100000); print_newline ()
