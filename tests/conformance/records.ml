(* Records: immutable and mutable fields, functional update, records of
   floats (stored unboxed), records nested in records, and records
   passed to and returned from functions. *)
open Prelude

type point = { x : int; y : int }
type person = { name : string; mutable age : int; mutable friends : string list }
type vec = { vx : float; vy : float; vz : float }             (* all floats *)
type particle = { mutable pos : vec; mutable speed : float; id : int }
type stats = { mutable n : float; mutable sum : float; mutable sumsq : float }  (* flat *)
type wide = { f0 : int; f1 : int; f2 : int; f3 : int;
              mutable f4 : int; mutable f5 : string; mutable f6 : int list }

let add p q = { x = p.x + q.x; y = p.y + q.y }
let scale k p = { x = k * p.x; y = k * p.y }

let show_point p =
  print_string "{x="; print_int p.x; print_string "; y="; print_int p.y;
  print_string "}"

let show_vec v =
  print_string "("; print_float v.vx; print_string ", "; print_float v.vy;
  print_string ", "; print_float v.vz; print_string ")"

let vadd a b = { vx = a.vx +. b.vx; vy = a.vy +. b.vy; vz = a.vz +. b.vz }
let vscale k a = { vx = k *. a.vx; vy = k *. a.vy; vz = k *. a.vz }
let dot a b = a.vx *. b.vx +. a.vy *. b.vy +. a.vz *. b.vz

let birthday p = p.age <- p.age + 1

let rec print_strings = function
  | [] -> ()
  | [s] -> print_string s
  | s :: l -> print_string s; print_string ", "; print_strings l

let show_person p =
  print_string p.name; print_string " ("; print_int p.age; print_string ") friends: ";
  print_strings p.friends; print_newline ()

let () =
  let o = { x = 0; y = 0 } in
  let p = { x = 3; y = -4 } in
  let q = { p with y = 10 } in
  show_point (add p q); print_string " "; show_point (scale 3 p);
  print_string " "; show_point { o with x = 1 }; print_newline ();
  (* functional update leaves the original alone *)
  show_point p; print_newline ();
  let alice = { name = "Alice"; age = 30; friends = [] } in
  let bob = { name = "Bob"; age = 25; friends = ["Alice"] } in
  alice.friends <- "Bob" :: alice.friends;
  alice.friends <- "Carol" :: alice.friends;
  birthday alice; birthday alice; birthday bob;
  show_person alice; show_person bob;
  (* a copy with a mutable field is a different record *)
  let alice2 = { alice with name = "Alice II" } in
  birthday alice2;
  show_person alice; show_person alice2;
  (* float records *)
  let v = { vx = 1.5; vy = -2.0; vz = 0.25 } in
  let w = vadd v (vscale 2.0 v) in
  show_vec w; print_newline ();
  print_string "dot "; print_float (dot v w); print_newline ();
  let part = { pos = v; speed = 0.5; id = 7 } in
  for _ = 1 to 4 do
    part.pos <- vadd part.pos (vscale part.speed { vx = 1.0; vy = 1.0; vz = 1.0 });
    part.speed <- part.speed *. 2.0
  done;
  print_string "particle "; print_int part.id; print_string " at ";
  show_vec part.pos; print_string " speed "; print_float part.speed; print_newline ();
  (* a mutable all-float record: its fields are stored unboxed *)
  let st = { n = 0.0; sum = 0.0; sumsq = 0.0 } in
  for i = 1 to 10 do
    let x = float_of_int i *. 0.5 in
    st.n <- st.n +. 1.0; st.sum <- st.sum +. x; st.sumsq <- st.sumsq +. x *. x
  done;
  let mean = st.sum /. st.n in
  print_string "mean "; print_float mean; print_string " variance ";
  print_float (st.sumsq /. st.n -. mean *. mean); print_newline ();
  (* mutable fields beyond the fourth *)
  let w = { f0 = 0; f1 = 1; f2 = 2; f3 = 3; f4 = 4; f5 = "five"; f6 = [] } in
  w.f4 <- w.f4 * 10;
  w.f5 <- w.f5 ^ "!";
  w.f6 <- w.f0 :: w.f3 :: w.f6;
  print_int (w.f1 + w.f2 + w.f4); print_string " "; print_string w.f5; print_string " ";
  print_int (match w.f6 with [a; b] -> a * 10 + b | _ -> -1); print_newline ();
  (* structural equality on records *)
  print_bool (p = { x = 3; y = -4 }); print_string " ";
  print_bool (p = q); print_string " ";
  print_bool (v = { vx = 1.5; vy = -2.0; vz = 0.25 }); print_newline ()
