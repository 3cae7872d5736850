	branch L3
L1:	acc 0
	strictbranchifnot L4
	acc 0
	getfield 1
	push
	offsetclosure 0
	apply 1
	push
	acc 1
	getfield 0
	ccall caml_ml_string_length, 1
	addint
L4:	return 1
L2:	const 0
	push
	acc 1
	apply 1
	const 4.0
	push
	envacc 3
	ccall caml_mul_float, 2
	ccall caml_int_of_float, 1
	push
	const 10
	push
	envacc 2
	push
	envacc 4
	apply 1
	mulint
	addint
	return 1
L3:	const [0: "unloading" [0: "is" [0: "just" [0: "unreachability" 0]]]]
	push
	const 2.5
	push
	closurerec 1, 0
	acc 0
	push
	acc 2
	push
	acc 4
	closure L2, 3
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
	setglobal Plug_self!

