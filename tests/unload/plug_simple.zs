	branch L5
L1:	acc 0
	push
	const 0
	eqint
	branchifnot L7
	const 1
	return 1
L7:	acc 0
	offsetint -1
	push
	offsetclosure 3
	appterm 1, 2
L2:	acc 0
	push
	const 0
	eqint
	branchifnot L6
	const 0
	return 1
L6:	acc 0
	offsetint -1
	push
	offsetclosure -3
	appterm 1, 2
L3:	const 2
	push
	acc 1
	mulint
	return 1
	restart
L4:	grab 1
	acc 1
	push
	acc 1
	addint
	return 2
L5:	const "hello from plug_simple"
	push
	closure L4, 0
	push
	closure L3, 0
	push
	closurerec 1 2, 0
	acc 0
	push
	acc 2
	push
	acc 4
	push
	acc 6
	push
	acc 8
	makeblock 5, 0
	pop 5
	setglobal Plug_simple!

