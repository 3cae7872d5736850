(* N-body (the benchmarks game): a float kernel over records with mutable
   float fields (unboxed float records: GETFLOATFIELD/SETFLOATFIELD, boxed
   temporaries) and sqrt. Argument: steps (default 200000). Prints the
   energy before and after. *)

type out_channel
external open_out : int -> out_channel = "caml_ml_open_descriptor_out"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external format_float : string -> float -> string = "caml_format_float"
external int_of_string : string -> int = "caml_int_of_string"
external argv : string array = "%sys_argv"
external array_length : 'a array -> int = "%array_length"
external array_get : 'a array -> int -> 'a = "%array_safe_get"
external ( + ) : int -> int -> int = "%addint"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( - ) : int -> int -> int = "%subint"
external ( = ) : int -> int -> bool = "%equal"
external ( +. ) : float -> float -> float = "%addfloat"
external ( -. ) : float -> float -> float = "%subfloat"
external ( *. ) : float -> float -> float = "%mulfloat"
external ( /. ) : float -> float -> float = "%divfloat"
external sqrt : float -> float = "caml_sqrt_float" "sqrt" [@@unboxed] [@@noalloc]

let stdout = open_out 1
let print s = output stdout s 0 (string_length s)
let line s n = print s; print (format_int "%d" n); output_char stdout '\n'
let linef s f = print s; print (format_float "%.9f" f); output_char stdout '\n'
let size default =
  let a = argv in
  if array_length a > 1 then int_of_string (array_get a 1) else default

let pi = 3.141592653589793
let solar_mass = 4.0 *. pi *. pi
let days_per_year = 365.24

type planet = {
  mutable x : float; mutable y : float; mutable z : float;
  mutable vx : float; mutable vy : float; mutable vz : float;
  mass : float;
}

let bodies = [|
  (* Sun *)
  { x = 0.; y = 0.; z = 0.; vx = 0.; vy = 0.; vz = 0.; mass = solar_mass };
  (* Jupiter *)
  { x = 4.84143144246472090e+00; y = -1.16032004402742839e+00; z = -1.03622044471123109e-01;
    vx = 1.66007664274403694e-03 *. days_per_year; vy = 7.69901118419740425e-03 *. days_per_year;
    vz = -6.90460016972063023e-05 *. days_per_year; mass = 9.54791938424326609e-04 *. solar_mass };
  (* Saturn *)
  { x = 8.34336671824457987e+00; y = 4.12479856412430479e+00; z = -4.03523417114321381e-01;
    vx = -2.76742510726862411e-03 *. days_per_year; vy = 4.99852801234917238e-03 *. days_per_year;
    vz = 2.30417297573763929e-05 *. days_per_year; mass = 2.85885980666130812e-04 *. solar_mass };
  (* Uranus *)
  { x = 1.28943695621391310e+01; y = -1.51111514016986312e+01; z = -2.23307578892655734e-01;
    vx = 2.96460137564761618e-03 *. days_per_year; vy = 2.37847173959480950e-03 *. days_per_year;
    vz = -2.96589568540237556e-05 *. days_per_year; mass = 4.36624404335156298e-05 *. solar_mass };
  (* Neptune *)
  { x = 1.53796971148509165e+01; y = -2.59193146099879641e+01; z = 1.79258772950371181e-01;
    vx = 2.68067772490389322e-03 *. days_per_year; vy = 1.62824170038242295e-03 *. days_per_year;
    vz = -9.51592254519715870e-05 *. days_per_year; mass = 5.15138902046611451e-05 *. solar_mass };
|]

let nbodies = array_length bodies

let advance dt =
  let rec outer i =
    if i = nbodies then ()
    else begin
      let b = array_get bodies i in
      let rec inner j =
        if j = nbodies then ()
        else begin
          let b' = array_get bodies j in
          let dx = b.x -. b'.x and dy = b.y -. b'.y and dz = b.z -. b'.z in
          let dist2 = dx *. dx +. dy *. dy +. dz *. dz in
          let mag = dt /. (dist2 *. sqrt dist2) in
          b.vx <- b.vx -. dx *. b'.mass *. mag;
          b.vy <- b.vy -. dy *. b'.mass *. mag;
          b.vz <- b.vz -. dz *. b'.mass *. mag;
          b'.vx <- b'.vx +. dx *. b.mass *. mag;
          b'.vy <- b'.vy +. dy *. b.mass *. mag;
          b'.vz <- b'.vz +. dz *. b.mass *. mag;
          inner (j + 1)
        end
      in
      inner (i + 1);
      outer (i + 1)
    end
  in
  outer 0;
  let rec move i =
    if i = nbodies then ()
    else begin
      let b = array_get bodies i in
      b.x <- b.x +. dt *. b.vx;
      b.y <- b.y +. dt *. b.vy;
      b.z <- b.z +. dt *. b.vz;
      move (i + 1)
    end
  in
  move 0

let energy () =
  let rec outer i e =
    if i = nbodies then e
    else begin
      let b = array_get bodies i in
      let e = e +. 0.5 *. b.mass *. (b.vx *. b.vx +. b.vy *. b.vy +. b.vz *. b.vz) in
      let rec inner j e =
        if j = nbodies then e
        else begin
          let b' = array_get bodies j in
          let dx = b.x -. b'.x and dy = b.y -. b'.y and dz = b.z -. b'.z in
          inner (j + 1) (e -. (b.mass *. b'.mass) /. sqrt (dx *. dx +. dy *. dy +. dz *. dz))
        end
      in
      outer (i + 1) (inner (i + 1) e)
    end
  in
  outer 0 0.0

let offset_momentum () =
  let rec sum i px py pz =
    if i = nbodies then (px, py, pz)
    else
      let b = array_get bodies i in
      sum (i + 1) (px +. b.vx *. b.mass) (py +. b.vy *. b.mass) (pz +. b.vz *. b.mass)
  in
  let (px, py, pz) = sum 0 0.0 0.0 0.0 in
  let sun = array_get bodies 0 in
  sun.vx <- 0.0 -. px /. solar_mass;
  sun.vy <- 0.0 -. py /. solar_mass;
  sun.vz <- 0.0 -. pz /. solar_mass

let () =
  let n = size 200000 in
  offset_momentum ();
  line "steps: " n;
  linef "energy before: " (energy ());
  let rec steps k = if k = 0 then () else (advance 0.01; steps (k - 1)) in
  steps n;
  linef "energy after: " (energy ());
  flush stdout
