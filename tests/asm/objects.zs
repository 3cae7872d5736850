	branch L7
L1:	const 2
	push
	envacc 2
	getpubmet -933174511
	apply 2
	envacc 2
	getpubmet 427012520
	appterm 1, 2
	restart
L8:	grab 2
	envacc 3
	push
	acc 2
	push
	getglobal CamlinternalOO!
	getfield 23
	apply 2
	push
	acc 3
	push
	envacc 2
	push
	acc 2
	setvectitem
	acc 0
	return 4
L9:	envacc 2
	push
	acc 1
	getvectitem
	return 1
	restart
L10:	grab 1
	acc 1
	push
	envacc 2
	push
	acc 2
	getvectitem
	addint
	push
	envacc 2
	push
	acc 2
	setvectitem
	return 2
L11:	acc 0
	push
	envacc 2
	getmethod
	apply 1
	push
	acc 1
	push
	envacc 2
	getmethod
	apply 1
	addint
	return 1
L2:	envacc 2
	push
	envacc 3
	push
	acc 2
	push
	getglobal CamlinternalOO!
	getfield 3
	apply 3
	push
	acc 0
	getfield 0
	push
	acc 1
	getfield 1
	push
	acc 2
	getfield 2
	push
	acc 3
	getfield 4
	push
	acc 1
	closure L11, 1
	push
	acc 4
	push
	acc 2
	closure L10, 1
	push
	acc 5
	push
	acc 4
	closure L9, 1
	push
	acc 6
	makeblock 6, 0
	push
	acc 6
	push
	getglobal CamlinternalOO!
	getfield 10
	apply 2
	acc 5
	push
	acc 1
	closure L8, 2
	return 6
L3:	const 3
	push
	acc 1
	getpubmet 5097222
	appterm 2, 3
L4:	envacc 2
	getpubmet 109
	apply 1
	push
	const 5
	push
	envacc 2
	getpubmet 110
	apply 2
	addint
	return 1
L5:	envacc 2
	push
	const 0
	push
	getglobal CamlinternalOO!
	getfield 23
	appterm 2, 3
	restart
L6:	grab 1
	acc 1
	offsetint 1
	return 2
L7:	const [0: #"x"]
	push
	const [0: #"twice" #"move" #"get" #"*dummy method*"]
	push
	const [0: #"m" #"n"]
	push
	getglobal CamlinternalOO!
	getfield 15
	apply 1
	push
	const [0: #"n" #"m"]
	push
	acc 1
	push
	getglobal CamlinternalOO!
	getfield 7
	apply 2
	push
	acc 0
	getfield 0
	push
	acc 1
	getfield 1
	push
	closure L6, 0
	push
	acc 2
	push
	const 1
	push
	const 0
	push
	acc 4
	makeblock 5, 0
	push
	acc 4
	push
	getglobal CamlinternalOO!
	getfield 10
	apply 2
	acc 3
	closure L5, 1
	pop 3
	push
	acc 1
	push
	getglobal CamlinternalOO!
	getfield 16
	apply 1
	const 0
	push
	acc 1
	apply 1
	pop 2
	push
	acc 0
	closure L4, 1
	push
	closure L3, 0
	push
	const 0
	push
	acc 4
	push
	acc 6
	closure L2, 2
	push
	acc 0
	push
	const [0: #"move" #"get" #"twice"]
	push
	getglobal CamlinternalOO!
	getfield 18
	apply 2
	pop 1
	assign 0
	const 3
	push
	const 0
	push
	acc 2
	getfield 0
	apply 2
	push
	acc 0
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
	makeblock 6, 0
	pop 8
	setglobal Objects!

