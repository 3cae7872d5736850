(* Objects: method calls (getpubmet), self calls (getmethod), classes. *)
external ( + ) : int -> int -> int = "%addint"
let o = object method m = 1 method n x = x + 1 end
let call_o () = o#n 5 + o#m
let call_any p = p#foo 3
class point x0 = object (self)
  val mutable x = x0
  method get = x
  method move d = x <- x + d
  method twice = self#get + self#get
end
let p = new point 3
let use () = p#move 2; p#twice
