	branch L15
L1:	envacc 2
	offsetref 1
	envacc 2
	getfield 0
	offsetint 2
	push
	envacc 2
	setfield 0
	envacc 2
	getfield 0
	return 1
L2:	const 'z'
	push
	const 0
	push
	acc 2
	setbyteschar
	return 1
L3:	const 1
	push
	acc 1
	getbyteschar
	return 1
L4:	const 0
	push
	acc 1
	getstringchar
	return 1
L5:	const 5
	push
	const 0
	push
	acc 2
	setvectitem
	return 1
L6:	acc 0
	vectlength
	push
	const 1
	push
	acc 2
	getvectitem
	push
	const 0
	push
	acc 3
	getvectitem
	addint
	addint
	return 1
	restart
L7:	grab 1
	acc 1
	push
	acc 1
	ccall caml_add_float, 2
	push
	acc 2
	push
	acc 2
	makefloatblock 3
	return 2
L8:	acc 0
	getfield 4
	push
	acc 1
	getfield 5
	addint
	return 1
L9:	acc 0
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
	makeblock 6, 0
	return 1
	restart
L10:	grab 1
	acc 1
	push
	acc 1
	setfloatfield 1
	return 2
L11:	acc 0
	getfloatfield 1
	return 1
L12:	const 1.0
	push
	acc 1
	ccall caml_add_float, 2
	push
	acc 1
	makefloatblock 2
	return 1
	restart
L13:	grab 1
	acc 1
	push
	acc 1
	setfield 2
	return 2
L14:	acc 0
	getfield 2
	push
	acc 1
	getfield 1
	push
	acc 2
	getfield 0
	addint
	addint
	return 1
L15:	const 3
	push
	const 2
	push
	const 1
	makeblock 3, 0
	push
	closure L14, 0
	push
	closure L13, 0
	push
	closure L12, 0
	push
	closure L11, 0
	push
	closure L10, 0
	push
	closure L9, 0
	push
	closure L8, 0
	push
	const 3
	push
	const 2
	push
	const 1
	makeblock 3, 0
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
	const 0
	makeblock 1, 0
	push
	acc 0
	closure L1, 1
	push
	const 0
	push
	const 3
	ccall caml_make_vect, 2
	push
	makeblock 0, 0
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
	push
	acc 32
	push
	acc 34
	push
	acc 36
	makeblock 19, 0
	pop 19
	setglobal Records!

