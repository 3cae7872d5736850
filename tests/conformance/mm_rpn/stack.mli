(* A mutable stack of integers, with an abstract type. *)

type t

exception Empty of string
(** Raised by [pop] and [top] on an empty stack; the argument names the
    operation. *)

val create : unit -> t
val push : t -> int -> unit
val pop : t -> int
val top : t -> int
val depth : t -> int
val to_list : t -> int list
(** Top first. *)

type counter = { mutable count : int }

val pushes : counter
(** The number of pushes made on all stacks so far. *)
