	branch L2
L1:	acc 0
	push
	envacc 2
	getfield 1
	push
	acc 1
	getfield 0
	addint
	push
	event "modules.ml" 200-228
	acc 0
	makeblock 1, 0
	event "modules.ml" 200-228
	return 3
L2:	const 1
	push
	acc 0
	offsetint 1
	push
	event "modules.ml" 110-144
	acc 0
	push
	acc 2
	makeblock 2, 0
	event "modules.ml" 110-144
	pop 2
	push
	acc 0
	closure L1, 1
	event "modules.ml" 190-228
	push
	const 5
	push
	event "modules.ml" 243-263
	acc 0
	makeblock 1, 0
	event "modules.ml" 243-263
	pop 1
	push
	acc 1
	apply 1
	push
	acc 2
	getfield 0
	makeblock 1, 0
	event "modules.ml" 318-319
	push
	acc 3
	getfield 0
	push
	acc 2
	getfield 0
	addint
	push
	event "_none_" -1--1
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
	event "_none_" -1--1
	pop 5
	setglobal Modules!

