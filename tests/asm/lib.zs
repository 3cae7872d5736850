	branch L2
L1:	acc 0
	push
	acc 1
	addint
	return 1
L2:	closure L1, 0
	push
	const 21
	push
	const 0
	ccall caml_fresh_oo_id, 1
	push
	const "Lib.Lib_error"
	makeblock 2, 248
	push
	acc 0
	push
	acc 2
	push
	acc 4
	makeblock 3, 0
	pop 3
	setglobal Lib!

