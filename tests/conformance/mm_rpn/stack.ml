external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external raise : exn -> 'a = "%raise"

type counter = { mutable count : int }

type t = { mutable items : int list; mutable size : int }

exception Empty of string

let pushes = { count = 0 }

let create () = { items = []; size = 0 }

let push s x =
  s.items <- x :: s.items;
  s.size <- s.size + 1;
  pushes.count <- pushes.count + 1

let pop s =
  match s.items with
  | [] -> raise (Empty "pop")
  | x :: rest -> s.items <- rest; s.size <- s.size - 1; x

let top s = match s.items with [] -> raise (Empty "top") | x :: _ -> x

let depth s = s.size

let to_list s = s.items
