	branch L2
L1:	envacc 2
	getfield 1
	push
	acc 1
	getfield 0
	addint
	push
	acc 0
	makeblock 1, 0
	return 2
L2:	const 1
	push
	acc 0
	offsetint 1
	push
	acc 0
	push
	acc 2
	makeblock 2, 0
	pop 2
	push
	acc 0
	closure L1, 1
	push
	const 5
	push
	acc 0
	makeblock 1, 0
	pop 1
	push
	acc 1
	apply 1
	push
	acc 2
	getfield 0
	makeblock 1, 0
	push
	acc 3
	getfield 0
	push
	acc 2
	getfield 0
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
	makeblock 5, 0
	pop 5
	setglobal Modules!

