(* Submodules, functors and first-class modules. *)
external ( + ) : int -> int -> int = "%addint"
module M = struct let a = 1 let b = a + 1 end
module type S = sig val v : int end
module F (X : S) = struct let w = X.v + M.b end
module N = F (struct let v = 5 end)
module type A = sig val a : int end
let fc = (module M : A)
let r = N.w + M.a
