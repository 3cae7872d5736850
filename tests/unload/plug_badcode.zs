; Hand-written, and refused by the verifier: the initialisation code
; returns with a wrong frame size.
.module Plug_badcode
	CONST0
	PUSH
	RETURN 3
