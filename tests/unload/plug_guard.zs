	branch L3
L1:	pushtrap L4
	const 0
	push
	acc 5
	apply 1
	poptrap
	return 1
L4:	push
	envacc 2
	push
	acc 1
	getfield 0
	eqint
	branchifnot L5
	envacc 3
	ccall caml_ml_string_length, 1
	push
	acc 1
	getfield 1
	addint
	return 2
L5:	acc 0
	reraise
L2:	acc 0
	push
	envacc 2
	makeblock 2, 0
	raise
L3:	const 0
	ccall caml_fresh_oo_id, 1
	push
	const "Plug_guard.Boom"
	makeblock 2, 248
	push
	acc 0
	closure L2, 1
	push
	const "caught by the plugin's handler"
	push
	acc 0
	push
	acc 3
	closure L1, 2
	push
	acc 0
	push
	acc 2
	push
	acc 4
	push
	acc 6
	makeblock 4, 0
	pop 4
	setglobal Plug_guard!

