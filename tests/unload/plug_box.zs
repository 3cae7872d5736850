	branch L5
	restart
L1:	grab 1
	acc 1
	strictbranchifnot L6
	acc 1
	getfield 1
	push
	acc 1
	push
	offsetclosure 0
	apply 2
	push
	acc 1
	push
	acc 3
	getfield 0
	apply 1
	addint
L6:	return 2
L2:	envacc 2
	getfield 0
	push
	acc 1
	push
	envacc 3
	appterm 2, 3
L3:	const 0
	push
	envacc 2
	setfield 0
	return 1
L4:	envacc 2
	getfield 0
	push
	acc 1
	makeblock 2, 0
	push
	envacc 2
	setfield 0
	return 1
L5:	const 0
	makeblock 1, 0
	push
	acc 0
	closure L4, 1
	push
	acc 1
	closure L3, 1
	push
	closurerec 1, 0
	acc 0
	push
	acc 4
	closure L2, 2
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
	setglobal Plug_box!

