(* Loops, sequences, comparisons and branches of every kind. *)
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( * ) : int -> int -> int = "%mulint"
external ( / ) : int -> int -> int = "%divint"
external ( mod ) : int -> int -> int = "%modint"
external ( land ) : int -> int -> int = "%andint"
external ( lor ) : int -> int -> int = "%orint"
external ( lxor ) : int -> int -> int = "%xorint"
external ( lsl ) : int -> int -> int = "%lslint"
external ( lsr ) : int -> int -> int = "%lsrint"
external ( asr ) : int -> int -> int = "%asrint"
external ( ~- ) : int -> int = "%negint"
external ( = ) : int -> int -> bool = "%equal"
external ( <> ) : int -> int -> bool = "%notequal"
external ( < ) : int -> int -> bool = "%lessthan"
external ( <= ) : int -> int -> bool = "%lessequal"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( >= ) : int -> int -> bool = "%greaterequal"
external ( == ) : 'a -> 'a -> bool = "%eq"
external ( != ) : 'a -> 'a -> bool = "%noteq"
external ( && ) : bool -> bool -> bool = "%sequand"
external is_int : 'a -> bool = "%obj_is_int"
type 'a ref = { mutable contents : 'a }
external ref : 'a -> 'a ref = "%makemutable"
external ( ! ) : 'a ref -> 'a = "%field0"
external ( := ) : 'a ref -> 'a -> unit = "%setfield0"
let sum n = let r = ref 0 in for i = 0 to n do r := !r + i done; !r
let down n = let r = ref 0 in for i = n downto 1 do r := !r * i done; !r
let wh n = let r = ref n in while !r > 0 do r := !r - 3 done; !r
let arith a b = (a * b) + (a / b) - (a mod b) + (a land b) + (a lor b) + (a lxor b) + (a lsl 2) + (a lsr 1) + (a asr 1) + (-a)
let cmp a b = (if a = b then 1 else 0) + (if a <> b then 2 else 0) + (if a < b then 4 else 0) + (if a <= b then 8 else 0) + (if a > b then 16 else 0) + (if a >= b then 32 else 0)
let cmpk a = (if a = 3 then 1 else 0) + (if a <> 4 then 2 else 0) + (if a < 5 then 4 else 0) + (if a <= 6 then 8 else 0) + (if a > 7 then 16 else 0) + (if a >= 8 then 32 else 0)
let kcmp a = (if 3 = a then 1 else 0) + (if 5 < a then 4 else 0) + (if 6 <= a then 8 else 0)
let bigk a = if a = 2000000000 then 1 else if a < -1073741825 then 2 else 3
let phys a b = (if a == b then 1 else 0) + (if a != b then 2 else 0)
let isi x = if is_int x then 1 else 0
let range x = if x >= 3 && x <= 9 then 1 else 0
let seq a = if a > 0 then (if a > 10 then 1 else 2) else 3
