	branch L8
L1:	acc 0
	push
	acc 1
	push
	acc 2
	push
	acc 3
	push
	envacc 2
	appterm 4, 5
L2:	envacc 2
	offsetref 1
	envacc 2
	offsetref -1
	envacc 2
	offsetref 1
	return 1
L3:	acc 0
	push
	acc 1
	push
	envacc 2
	apply 2
	push
	const 4
	push
	const 3
	push
	const 2
	push
	const 1
	push
	acc 4
	appterm 4, 6
L4:	push_retaddr L10
	const 6
	push
	const 5
	push
	const 4
	push
	const 3
	push
	const 2
	push
	const 1
	push
	envacc 3
	apply 6
L10:	push
	push_retaddr L9
	const 4
	push
	const 3
	push
	const 2
	push
	const 1
	push
	envacc 2
	apply 4
L9:	addint
	return 1
	restart
L5:	grab 5
	acc 5
	push
	acc 5
	push
	acc 5
	push
	acc 5
	push
	acc 5
	push
	acc 5
	addint
	addint
	addint
	addint
	addint
	return 6
	restart
L6:	grab 3
	acc 3
	push
	acc 3
	push
	acc 3
	push
	acc 3
	addint
	addint
	addint
	return 4
L7:	acc 0
	push
	acc 1
	push
	acc 2
	push
	acc 3
	push
	acc 4
	push
	acc 5
	push
	acc 6
	ccall zvm_c7_bc, 7
	push
	acc 1
	push
	acc 2
	push
	acc 3
	push
	acc 4
	push
	acc 5
	push
	acc 6
	ccall zvm_c6_bc, 6
	push
	acc 2
	push
	acc 3
	push
	acc 4
	push
	acc 5
	push
	acc 6
	ccall zvm_c5, 5
	push
	acc 3
	push
	acc 4
	push
	acc 5
	push
	acc 6
	ccall zvm_c4, 4
	push
	acc 4
	push
	acc 5
	push
	acc 6
	ccall zvm_c3, 3
	push
	acc 5
	push
	acc 6
	ccall zvm_c2, 2
	push
	acc 6
	ccall zvm_c1, 1
	addint
	addint
	addint
	addint
	addint
	addint
	return 1
L8:	closure L7, 0
	push
	closure L6, 0
	push
	closure L5, 0
	push
	acc 0
	push
	acc 2
	closure L4, 2
	push
	acc 1
	closure L3, 1
	push
	const 0
	makeblock 1, 0
	push
	acc 0
	closure L2, 1
	push
	acc 5
	closure L1, 1
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
	makeblock 8, 0
	pop 8
	setglobal Calls!

