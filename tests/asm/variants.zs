	branch L14
L1:	acc 0
	boolnot
	return 1
	restart
L2:	grab 1
	acc 0
	strictbranchif L48
	acc 1
L48:	return 2
	restart
L3:	grab 1
	acc 0
	strictbranchifnot L47
	acc 1
L47:	return 2
L4:	getglobal Not_found/22!
	raise
L5:	acc 0
	isint
	branchifnot L45
	acc 0
	push
	const 756711075
	leint
	branchifnot L46
	const 2
	return 1
L46:	const 1
	return 1
L45:	acc 0
	getfield 1
	getfield 0
	return 1
L6:	acc 0
	strictbranchifnot L43
	acc 0
	getfield 1
	push
	acc 1
	getfield 0
	push
	acc 1
	branchifnot L44
	acc 1
	getfield 0
	push
	acc 1
	addint
	return 3
L44:	acc 0
	pop 2
L43:	return 1
L7:	acc 0
	strictbranchifnot L42
	acc 0
	getfield 0
L42:	return 1
L8:	acc 0
	push
	const 0
	gtint
	branchifnot L41
	envacc 2
	raise_notrace
L41:	acc 0
	return 1
L9:	pushtrap L36
	acc 4
	push
	const 10
	leint
	branchifnot L40
	envacc 2
	raise
L40:	acc 4
L39:	poptrap
	return 1
L36:	push
	envacc 2
	push
	acc 1
	eqint
	branchifnot L38
	const 0
	return 2
L38:	getglobal Not_found/22!
	push
	acc 1
	eqint
	branchifnot L37
	const 1
	return 2
L37:	acc 0
	reraise
L10:	pushtrap L32
	acc 4
	push
	const 0
	gtint
	branchifnot L35
	acc 4
	push
	envacc 2
	makeblock 2, 0
	raise
L35:	acc 4
L34:	poptrap
	return 1
L32:	push
	envacc 2
	push
	acc 1
	getfield 0
	eqint
	branchifnot L33
	acc 0
	getfield 1
	offsetint 1
	return 2
L33:	acc 0
	reraise
L11:	acc 0
	push
	const 65
	leint
	branchifnot L30
	acc 0
	push
	const 97
	leint
	branchifnot L31
	acc 0
	push
	const 123
	leint
	branchif L29
	const 1
	return 1
L31:	acc 0
	push
	const 91
	leint
	branchif L29
	const 2
	return 1
L30:	acc 0
	offsetint -48
	push
	const 9
	isout
	branchif L29
	const 3
	return 1
L29:	const 0
	return 1
L12:	acc 0
	push
	const 6
	isout
	branchifnot L28
	const 0
	return 1
L28:	acc 0
	switch 27 26 25 24 23 22 21/
L27:	const 10
	return 1
L26:	const 20
	return 1
L25:	const 30
	return 1
L24:	const 40
	return 1
L23:	const 50
	return 1
L22:	const 60
	return 1
L21:	const 70
	return 1
L13:	acc 0
	switch 20 19 18/ 17 16 15
L20:	const 0
	return 1
L19:	const 1
	return 1
L18:	const 5
	return 1
L17:	acc 0
	getfield 0
	return 1
L16:	const 3
	return 1
L15:	acc 0
	getfield 1
	push
	acc 1
	getfield 0
	addint
	return 1
L14:	const 0
	ccall caml_fresh_oo_id, 1
	push
	const "Variants.Oops"
	makeblock 2, 248
	push
	const 0
	ccall caml_fresh_oo_id, 1
	push
	const "Variants.Plain"
	makeblock 2, 248
	push
	closure L13, 0
	push
	closure L12, 0
	push
	closure L11, 0
	push
	acc 4
	closure L10, 1
	push
	acc 4
	closure L9, 1
	push
	acc 5
	closure L8, 1
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
	push
	acc 24
	push
	acc 26
	push
	acc 28
	makeblock 15, 0
	pop 15
	setglobal Variants!

