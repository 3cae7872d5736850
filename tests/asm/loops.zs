	branch L13
L1:	acc 0
	push
	const 0
	ltint
	branchifnot L42
	acc 0
	push
	const 10
	ltint
	branchifnot L43
	const 1
	return 1
L43:	const 2
	return 1
L42:	const 3
	return 1
L2:	acc 0
	push
	const 3
	leint
	strictbranchifnot L41
	acc 0
	push
	const 9
	geint
L41:	strictbranchifnot L40
	const 1
L40:	return 1
L3:	acc 0
	isint
	strictbranchifnot L39
	const 1
L39:	return 1
	restart
L4:	grab 1
	acc 1
	push
	acc 1
	neqint
	strictbranchifnot L38
	const 2
L38:	push
	acc 2
	push
	acc 2
	eqint
	strictbranchifnot L37
	const 1
L37:	addint
	return 2
L5:	acc 0
	push
	const 2000000000
	eqint
	branchifnot L36
	const 1
	return 1
L36:	acc 0
	push
	const -1073741825
	gtint
	branchifnot L35
	const 2
	return 1
L35:	const 3
	return 1
L6:	acc 0
	push
	const 6
	leint
	strictbranchifnot L34
	const 8
L34:	push
	acc 1
	push
	const 5
	ltint
	strictbranchifnot L33
	const 4
L33:	push
	acc 2
	push
	const 3
	eqint
	strictbranchifnot L32
	const 1
L32:	addint
	addint
	return 1
L7:	acc 0
	push
	const 8
	leint
	strictbranchifnot L31
	const 32
L31:	push
	acc 1
	push
	const 7
	ltint
	strictbranchifnot L30
	const 16
L30:	push
	acc 2
	push
	const 6
	geint
	strictbranchifnot L29
	const 8
L29:	push
	acc 3
	push
	const 5
	gtint
	strictbranchifnot L28
	const 4
L28:	push
	acc 4
	push
	const 4
	neqint
	strictbranchifnot L27
	const 2
L27:	push
	acc 5
	push
	const 3
	eqint
	strictbranchifnot L26
	const 1
L26:	addint
	addint
	addint
	addint
	addint
	return 1
	restart
L8:	grab 1
	acc 1
	push
	acc 1
	geint
	strictbranchifnot L25
	const 32
L25:	push
	acc 2
	push
	acc 2
	gtint
	strictbranchifnot L24
	const 16
L24:	push
	acc 3
	push
	acc 3
	leint
	strictbranchifnot L23
	const 8
L23:	push
	acc 4
	push
	acc 4
	ltint
	strictbranchifnot L22
	const 4
L22:	push
	acc 5
	push
	acc 5
	neqint
	strictbranchifnot L21
	const 2
L21:	push
	acc 6
	push
	acc 6
	eqint
	strictbranchifnot L20
	const 1
L20:	addint
	addint
	addint
	addint
	addint
	return 2
	restart
L9:	grab 1
	acc 0
	negint
	push
	const 1
	push
	acc 2
	asrint
	push
	const 1
	push
	acc 3
	lsrint
	push
	const 2
	push
	acc 4
	lslint
	push
	acc 5
	push
	acc 5
	xorint
	push
	acc 6
	push
	acc 6
	orint
	push
	acc 7
	push
	acc 7
	andint
	push
	acc 8
	push
	acc 8
	modint
	push
	acc 9
	push
	acc 9
	divint
	push
	acc 10
	push
	acc 10
	mulint
	addint
	subint
	addint
	addint
	addint
	addint
	addint
	addint
	addint
	return 2
L10:	acc 0
	push
	branch L19
L18:	check_signals
	acc 0
	offsetint -3
	assign 0
L19:	acc 0
	push
	const 0
	ltint
	branchif L18
	acc 0
	return 2
L11:	const 0
	push
	acc 1
	push
	const 1
	push
	push
	acc 2
	ltint
	branchif L17
L16:	check_signals
	acc 1
	push
	acc 3
	mulint
	assign 2
	acc 1
	push
	offsetint -1
	assign 2
	acc 1
	neqint
	branchif L16
L17:	const 0
	pop 2
	acc 0
	return 2
L12:	const 0
	push
	const 0
	push
	acc 2
	push
	push
	acc 2
	gtint
	branchif L15
L14:	check_signals
	acc 1
	push
	acc 3
	addint
	assign 2
	acc 1
	push
	offsetint 1
	assign 2
	acc 1
	neqint
	branchif L14
L15:	const 0
	pop 2
	acc 0
	return 2
L13:	closure L12, 0
	push
	closure L11, 0
	push
	closure L10, 0
	push
	closure L9, 0
	push
	closure L8, 0
	push
	closure L7, 0
	push
	closure L6, 0
	push
	closure L5, 0
	push
	closure L4, 0
	push
	closure L3, 0
	push
	closure L2, 0
	push
	closure L1, 0
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
	push
	acc 18
	push
	acc 20
	push
	acc 22
	makeblock 12, 0
	pop 12
	setglobal Loops!

