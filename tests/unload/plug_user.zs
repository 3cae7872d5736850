	branch L2
L1:	acc 0
	push
	getglobal Plug_lib!
	getfield 1
	apply 1
	offsetint 1
	return 1
L2:	closure L1, 0
	push
	acc 0
	makeblock 1, 0
	pop 1
	setglobal Plug_user!

