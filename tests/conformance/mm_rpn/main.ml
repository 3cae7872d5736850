(* An RPN calculator over the Stack library, printing through Io:
   evaluates several programs, reporting errors raised by the library
   (Stack.Empty) and by itself. *)

external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( / ) : int -> int -> int = "%divint"
external ( mod ) : int -> int -> int = "%modint"
external ( = ) : 'a -> 'a -> bool = "%equal"
external raise : exn -> 'a = "%raise"
external ignore : 'a -> unit = "%ignore"
external int_of_string : string -> int = "caml_int_of_string"
external string_length : string -> int = "%string_length"
external string_get : string -> int -> char = "%string_safe_get"
external bytes_create : int -> bytes = "caml_create_bytes"
external blit_string : string -> int -> bytes -> int -> int -> unit = "caml_blit_string"
external bytes_to_string : bytes -> string = "%bytes_to_string"

exception Unknown_word of string

let sub s a len =
  let b = bytes_create len in
  blit_string s a b 0 len;
  bytes_to_string b

(* split on single spaces, skipping empty words *)
let words s =
  let n = string_length s in
  let rec go start i =
    if i = n then (if i = start then [] else [sub s start (i - start)])
    else if string_get s i = ' ' then
      (if i = start then go (i + 1) (i + 1) else sub s start (i - start) :: go (i + 1) (i + 1))
    else go start (i + 1)
  in
  go 0 0

let binary st f = let b = Stack.pop st in let a = Stack.pop st in Stack.push st (f a b)

let step st w =
  match w with
  | "+" -> binary st ( + )
  | "-" -> binary st ( - )
  | "*" -> binary st ( * )
  | "/" -> binary st ( / )
  | "mod" -> binary st ( mod )
  | "dup" -> Stack.push st (Stack.top st)
  | "swap" -> let b = Stack.pop st in let a = Stack.pop st in Stack.push st b; Stack.push st a
  | "drop" -> ignore (Stack.pop st)
  | _ -> (match int_of_string w with
      | n -> Stack.push st n
      | exception Failure _ -> raise (Unknown_word w))

let rec print_list = function
  | [] -> ()
  | [x] -> Io.print_int x
  | x :: r -> Io.print_int x; Io.print_string " "; print_list r

let run program =
  Io.print_string program; Io.print_string "  =>  ";
  let st = Stack.create () in
  let rec go = function [] -> () | w :: rest -> step st w; go rest in
  (match go (words program) with
   | () -> Io.print_string "["; print_list (Stack.to_list st); Io.print_string "] depth ";
     Io.print_int (Stack.depth st)
   | exception Stack.Empty op -> Io.print_string "error: empty stack in "; Io.print_string op
   | exception Unknown_word w -> Io.print_string "error: unknown word "; Io.print_string w
   | exception Division_by_zero -> Io.print_string "error: division by zero");
  Io.print_newline ()

let () =
  run "1 2 +";
  run "3 4 + 5 *";
  run "10 2 - 3 -";
  run "2 dup * dup *";
  run "1 2 swap";
  run "7 3 mod 100 swap /";
  run "0x10 0b11 *";
  run "5 0 /";
  run "1 +";
  run "drop";
  run "2 3 pow";
  run "   1    2   3  ";
  run "";
  Io.print_string "total pushes: "; Io.print_int Stack.pushes.Stack.count; Io.print_newline ()
