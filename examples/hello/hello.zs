	branch L11
	restart
L1:	grab 1
	acc 1
	strictbranchifnot L19
	acc 1
	getfield 0
	push
	acc 1
	apply 1
	push
	acc 2
	getfield 1
	push
	acc 2
	push
	offsetclosure 0
	apply 2
	push
	acc 1
	makeblock 2, 0
	pop 1
L19:	return 2
	restart
L2:	grab 1
	acc 1
	strictbranchifnot L17
	acc 1
	getfield 1
	push
	acc 2
	getfield 0
	push
	acc 0
	push
	acc 3
	apply 1
	branchifnot L18
	acc 1
	push
	acc 3
	push
	offsetclosure 0
	apply 2
	push
	acc 1
	makeblock 2, 0
	return 4
L18:	acc 1
	push
	acc 3
	push
	offsetclosure 0
	appterm 2, 6
L17:	return 2
	restart
L3:	grab 1
	acc 1
	push
	acc 1
	gtint
	branchifnot L16
	const 0
	return 2
L16:	acc 1
	push
	acc 1
	offsetint 1
	push
	offsetclosure 0
	apply 2
	push
	acc 1
	makeblock 2, 0
	return 2
	restart
L4:	grab 1
	acc 1
	strictbranchifnot L15
	acc 1
	getfield 0
	push
	acc 1
	apply 1
	acc 1
	getfield 1
	push
	acc 1
	push
	offsetclosure 0
	appterm 2, 4
L15:	return 2
L5:	const " "
	push
	envacc 2
	apply 1
	acc 0
	push
	envacc 3
	appterm 1, 2
L6:	acc 0
	push
	acc 1
	mulint
	return 1
L7:	const " "
	push
	envacc 2
	apply 1
	acc 0
	push
	envacc 3
	appterm 1, 2
L12:	envacc 2
	push
	acc 1
	push
	acc 2
	mulint
	gtint
	strictbranchif L14
	acc 0
	push
	envacc 2
	modint
	push
	const 0
	neqint
	strictbranchifnot L14
	acc 0
	offsetint 1
	push
	offsetclosure 0
	appterm 1, 2
L14:	return 1
L8:	acc 0
	closurerec 12, 1
	acc 1
	push
	const 1
	ltint
	strictbranchifnot L13
	const 2
	push
	acc 1
	appterm 1, 3
L13:	return 2
L9:	acc 0
	push
	const "%d"
	ccall caml_format_int, 2
	push
	envacc 2
	appterm 1, 2
L10:	acc 0
	ccall caml_ml_string_length, 1
	push
	const 0
	push
	acc 2
	push
	envacc 2
	ccall caml_ml_output, 4
	return 1
L11:	const 1
	ccall caml_ml_open_descriptor_out, 1
	push
	acc 0
	closure L10, 1
	push
	acc 0
	closure L9, 1
	push
	closurerec 1, 0
	closurerec 2, 0
	closurerec 3, 0
	closurerec 4, 0
	closure L8, 0
	push
	const "Hello from OCaml bytecode on zvm!\n"
	push
	acc 7
	apply 1
	const "primes:"
	push
	acc 7
	apply 1
	const 60
	push
	const 1
	push
	acc 4
	apply 2
	push
	acc 1
	push
	acc 5
	apply 2
	push
	acc 6
	push
	acc 8
	closure L7, 2
	push
	acc 3
	apply 2
	const "\nsquares:"
	push
	acc 7
	apply 1
	const 10
	push
	const 1
	push
	acc 4
	apply 2
	push
	closure L6, 0
	push
	acc 6
	apply 2
	push
	acc 6
	push
	acc 8
	closure L5, 2
	push
	acc 3
	apply 2
	const "\n"
	push
	acc 7
	apply 1
	acc 7
	ccall caml_ml_flush, 1
	push
	acc 1
	push
	acc 3
	push
	acc 5
	push
	acc 7
	push
	acc 9
	push
	acc 11
	push
	acc 13
	push
	acc 15
	makeblock 8, 0
	pop 9
	setglobal Hello!

