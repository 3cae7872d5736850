(* Lexer: splits arithmetic expressions into tokens; raises
   Lexer.Error (message, position) on a bad character. *)

external string_length : string -> int = "%string_length"
external string_get : string -> int -> char = "%string_safe_get"
external code : char -> int = "%identity"
external raise : exn -> 'a = "%raise"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( < ) : int -> int -> bool = "%lessthan"
external ( >= ) : int -> int -> bool = "%greaterequal"
external ( <= ) : char -> char -> bool = "%lessequal"
external ( && ) : bool -> bool -> bool = "%sequand"

type token = Num of int | Op of char | Lparen | Rparen

exception Error of string * int

let is_digit c = '0' <= c && c <= '9'

let tokenize s =
  let n = string_length s in
  let rec go i =
    if i >= n then []
    else match string_get s i with
      | ' ' -> go (i + 1)
      | '(' -> Lparen :: go (i + 1)
      | ')' -> Rparen :: go (i + 1)
      | '+' | '-' | '*' | '/' as c -> Op c :: go (i + 1)
      | c when is_digit c -> number i 0
      | _ -> raise (Error ("unexpected character", i))
  and number i acc =
    if i < n && is_digit (string_get s i) then
      number (i + 1) (acc * 10 + code (string_get s i) - code '0')
    else Num acc :: go i
  in
  go 0
