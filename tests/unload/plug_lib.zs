	branch L2
L1:	envacc 2
	push
	acc 1
	mulint
	return 1
L2:	const 10
	push
	acc 0
	closure L1, 1
	push
	acc 0
	push
	acc 2
	makeblock 2, 0
	pop 2
	setglobal Plug_lib!

