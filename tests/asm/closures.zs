	branch L16
L1:	acc 0
	push
	const 2
	gtint
	branchifnot L24
	acc 0
	return 1
L24:	acc 0
	offsetint -2
	push
	offsetclosure 0
	apply 1
	push
	acc 1
	offsetint -1
	push
	offsetclosure 0
	apply 1
	addint
	return 1
L2:	acc 0
	push
	const 0
	eqint
	branchifnot L23
	const 1
	return 1
L23:	acc 0
	offsetint -1
	push
	offsetclosure 3
	appterm 1, 2
L3:	acc 0
	push
	const 0
	eqint
	branchifnot L22
	const 0
	return 1
L22:	acc 0
	offsetint -1
	push
	offsetclosure -3
	appterm 1, 2
L4:	acc 0
	push
	const 0
	eqint
	branchifnot L21
	const 1
	return 1
L21:	acc 0
	offsetint -1
	push
	offsetclosure 3
	appterm 1, 2
L5:	acc 0
	push
	const 0
	eqint
	branchifnot L20
	const 2
	return 1
L20:	acc 0
	offsetint -1
	push
	offsetclosure 3
	appterm 1, 2
L6:	acc 0
	push
	const 0
	eqint
	branchifnot L19
	const 3
	return 1
L19:	acc 0
	offsetint -1
	push
	offsetclosure -6
	appterm 1, 2
	restart
L7:	grab 1
	acc 1
	push
	const 0
	eqint
	branchifnot L18
	acc 0
	return 2
L18:	acc 1
	offsetint -1
	push
	acc 2
	push
	acc 2
	addint
	push
	offsetclosure 0
	appterm 2, 4
L8:	const 3
	push
	acc 1
	mulint
	return 1
	restart
L9:	grab 8
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	addint
	addint
	addint
	addint
	addint
	addint
	addint
	addint
	return 9
	restart
L10:	grab 2
	acc 2
	push
	acc 2
	apply 1
	push
	acc 1
	appterm 1, 4
L17:	envacc 3
	push
	envacc 2
	push
	acc 2
	addint
	addint
	return 1
L11:	const 2
	push
	acc 1
	mulint
	push
	const 7
	push
	acc 0
	push
	acc 2
	closure L17, 2
	return 3
L12:	const 5
	push
	const 4
	push
	const 3
	push
	const 2
	push
	const 1
	push
	envacc 2
	appterm 5, 6
	restart
L13:	grab 1
	acc 1
	push
	acc 1
	apply 1
	push
	acc 1
	appterm 1, 3
	restart
L14:	grab 4
	acc 4
	push
	acc 4
	push
	acc 4
	push
	acc 4
	push
	acc 4
	addint
	addint
	addint
	addint
	return 5
	restart
L15:	grab 2
	acc 2
	push
	acc 2
	push
	acc 2
	addint
	addint
	return 3
L16:	closurerec 1, 0
	closurerec 2 3, 0
	closurerec 4 5 6, 0
	closure L15, 0
	push
	closure L14, 0
	push
	const 1
	push
	acc 2
	apply 1
	push
	closure L13, 0
	push
	acc 2
	closure L12, 1
	push
	closure L11, 0
	push
	closure L10, 0
	push
	closure L9, 0
	push
	closurerec 7, 0
	const 1
	push
	const 4
	push
	acc 5
	apply 2
	push
	const 10
	push
	const 0
	push
	acc 3
	apply 2
	push
	const 3
	push
	const 2
	push
	acc 10
	apply 2
	push
	const 5
	push
	closure L8, 0
	push
	acc 10
	apply 2
	addint
	addint
	addint
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
	push
	acc 24
	push
	acc 26
	push
	acc 28
	push
	acc 30
	makeblock 16, 0
	pop 16
	setglobal Closures!

