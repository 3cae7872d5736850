	branch L2
L1:	acc 0
	ccall caml_no_such_primitive, 1
	return 1
L2:	closure L1, 0
	push
	acc 0
	makeblock 1, 0
	pop 1
	setglobal Plug_noprim!

