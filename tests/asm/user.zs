	branch L4
L1:	getglobal Not_found/22!
	raise
L2:	const 3
	push
	getglobal Lib!
	getfield 2
	makeblock 2, 0
	raise
L3:	acc 0
	push
	getglobal Lib!
	getfield 0
	appterm 1, 2
L4:	getglobal Lib!
	getfield 1
	push
	getglobal Lib!
	getfield 0
	apply 1
	push
	closure L3, 0
	push
	closure L2, 0
	push
	closure L1, 0
	push
	getglobal Lib!
	getfield 1
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
	setglobal User!

