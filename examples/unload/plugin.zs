	branch L6
L1:	acc 0
	push
	const 0
	eqint
	branchifnot L13
	const 1
	return 1
L13:	acc 0
	offsetint -1
	push
	offsetclosure 3
	appterm 1, 2
L2:	acc 0
	push
	const 0
	eqint
	branchifnot L12
	const 0
	return 1
L12:	acc 0
	offsetint -1
	push
	offsetclosure -3
	appterm 1, 2
	restart
L3:	grab 1
	acc 1
	branchifnot L10
	acc 1
	getfield 0
	push
	acc 0
	getfield 0
	push
	acc 2
	eqint
	branchifnot L11
	acc 0
	getfield 1
	return 3
L11:	acc 2
	getfield 1
	push
	acc 2
	push
	offsetclosure 0
	appterm 2, 5
L10:	const "?"
	return 2
L4:	envacc 2
	push
	acc 1
	push
	envacc 3
	appterm 2, 3
L5:	acc 0
	push
	const 0
	gtint
	strictbranchifnot L9
	acc 0
	push
	envacc 2
	makeblock 2, 0
	raise
L9:	acc 0
	push
	envacc 4
	apply 1
	branchifnot L8
	const 2
	push
	acc 1
	mulint
	branch L7
L8:	const 3
	push
	acc 1
	mulint
L7:	push
	acc 1
	ccall caml_float_of_int, 1
	push
	envacc 3
	ccall caml_mul_float, 2
	ccall caml_int_of_float, 1
	push
	acc 1
	addint
	return 2
L6:	const 0
	ccall caml_fresh_oo_id, 1
	push
	const "Plugin.Negative"
	makeblock 2, 248
	push
	const "plugin v1"
	push
	const 2.5
	push
	const [0: [0: 1 "one"] [0: [0: 2 "two"] [0: [0: 3 "three"] 0]]]
	push
	closurerec 1 2, 0
	closurerec 3, 0
	acc 2
	push
	acc 5
	push
	acc 8
	closure L5, 3
	push
	acc 1
	push
	acc 5
	closure L4, 2
	push
	acc 0
	push
	acc 2
	push
	acc 4
	push
	acc 6
	push
	acc 8
	push
	acc 10
	push
	acc 12
	push
	acc 14
	push
	acc 16
	makeblock 9, 0
	pop 9
	setglobal Plugin!

