(* Backtracking search: the number of solutions of the n-queens problem
   for n = 1..9 using lists, and the first solution for n = 8 drawn on
   a board; a sieve of Eratosthenes on a bytes array for primes below
   100000. *)
open Prelude

let rec safe col dist = function
  | [] -> true
  | c :: rest -> c <> col && abs (c - col) <> dist && safe col (dist + 1) rest

let rec count_solutions n row placed =
  if row = n then 1
  else begin
    let total = ref 0 in
    for col = 0 to n - 1 do
      if safe col 1 placed then total := !total + count_solutions n (row + 1) (col :: placed)
    done;
    !total
  end

exception Solution of int list

let rec first_solution n row placed =
  if row = n then raise (Solution placed)
  else for col = 0 to n - 1 do
      if safe col 1 placed then first_solution n (row + 1) (col :: placed)
    done

external bytes_make_unsafe : bytes -> int -> int -> char -> unit = "caml_fill_bytes"
external bget : bytes -> int -> char = "%bytes_safe_get"
external bset : bytes -> int -> char -> unit = "%bytes_safe_set"

let sieve n =
  let b = bytes_create (n + 1) in
  bytes_make_unsafe b 0 (n + 1) '1';
  bset b 0 '0'; bset b 1 '0';
  let i = ref 2 in
  while !i * !i <= n do
    if bget b !i = '1' then begin
      let j = ref (!i * !i) in
      while !j <= n do bset b !j '0'; j := !j + !i done
    end;
    incr i
  done;
  b

let () =
  for n = 1 to 9 do
    print_int n; print_string ": "; print_int (count_solutions n 0 []); print_newline ()
  done;
  (match first_solution 8 0 [] with
   | () -> print_endline "no solution"
   | exception Solution cols ->
     let rec rows = function
       | [] -> ()
       | c :: rest ->
         rows rest;
         for col = 0 to 7 do print_string (if col = c then "Q " else ". ") done;
         print_newline ()
     in
     rows cols);
  let n = 100000 in
  let b = sieve n in
  let count = ref 0 and last = ref 0 in
  for i = 0 to n do if bget b i = '1' then begin incr count; last := i end done;
  print_string "primes below 100000: "; print_int !count; print_string ", largest ";
  print_int !last; print_newline ();
  for i = 0 to 60 do if bget b i = '1' then begin print_int i; print_string " " end done;
  print_newline ()
