	branch L16
L1:	event "closures.ml" 331-377
	acc 0
	push
	const 2
	gtint
	branchifnot L24
	event "closures.ml" 345-346
	acc 0
	return 1
L24:	event "closures.ml" 352-377
	acc 0
	offsetint -2
	push
	offsetclosure 0
	apply 1
	event "closures.ml" 366-377
	push
	acc 1
	offsetint -1
	push
	offsetclosure 0
	apply 1
	event "closures.ml" 352-363
	addint
	return 1
L2:	event "closures.ml" 395-430
	acc 0
	push
	const 0
	eqint
	branchifnot L23
	event "closures.ml" 409-413
	const 1
	return 1
L23:	event "closures.ml" 419-430
	acc 0
	offsetint -1
	push
	offsetclosure 3
	appterm 1, 2
L3:	event "closures.ml" 443-480
	acc 0
	push
	const 0
	eqint
	branchifnot L22
	event "closures.ml" 457-462
	const 0
	return 1
L22:	event "closures.ml" 468-480
	acc 0
	offsetint -1
	push
	offsetclosure -3
	appterm 1, 2
L4:	event "closures.ml" 496-527
	acc 0
	push
	const 0
	eqint
	branchifnot L21
	event "closures.ml" 510-511
	const 1
	return 1
L21:	event "closures.ml" 517-527
	acc 0
	offsetint -1
	push
	offsetclosure 3
	appterm 1, 2
L5:	event "closures.ml" 539-570
	acc 0
	push
	const 0
	eqint
	branchifnot L20
	event "closures.ml" 553-554
	const 2
	return 1
L20:	event "closures.ml" 560-570
	acc 0
	offsetint -1
	push
	offsetclosure 3
	appterm 1, 2
L6:	event "closures.ml" 582-613
	acc 0
	push
	const 0
	eqint
	branchifnot L19
	event "closures.ml" 596-597
	const 3
	return 1
L19:	event "closures.ml" 603-613
	acc 0
	offsetint -1
	push
	offsetclosure -6
	appterm 1, 2
	restart
L7:	grab 1
	event "closures.ml" 968-1013
	acc 1
	push
	const 0
	eqint
	branchifnot L18
	event "closures.ml" 982-985
	acc 0
	return 2
L18:	event "closures.ml" 991-1013
	acc 1
	offsetint -1
	push
	acc 2
	push
	acc 2
	addint
	push
	offsetclosure 0
	appterm 2, 4
L8:	event "closures.ml" 1038-1043
	const 3
	push
	acc 1
	mulint
	return 1
	restart
L9:	grab 8
	event "closures.ml" 913-946
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	push
	acc 8
	addint
	addint
	addint
	addint
	addint
	addint
	addint
	addint
	return 9
	restart
L10:	grab 2
	event "closures.ml" 866-873
	acc 2
	push
	acc 2
	apply 1
	event "closures.ml" 868-873
	push
	acc 1
	appterm 1, 4
L17:	event "closures.ml" 833-845
	envacc 3
	push
	envacc 2
	push
	acc 2
	addint
	addint
	return 1
L11:	event "closures.ml" 783-845
	const 2
	push
	acc 1
	mulint
	push
	event "closures.ml" 806-845
	const 7
	push
	event "closures.ml" 824-845
	acc 0
	push
	acc 2
	closure L17, 2
	event "closures.ml" 824-845
	return 3
L12:	event "closures.ml" 741-755
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
	envacc 2
	appterm 5, 6
	restart
L13:	grab 1
	event "closures.ml" 717-724
	acc 1
	push
	acc 1
	apply 1
	event "closures.ml" 719-724
	push
	acc 1
	appterm 1, 3
	restart
L14:	grab 4
	event "closures.ml" 662-679
	acc 4
	push
	acc 4
	push
	acc 4
	push
	acc 4
	push
	acc 4
	addint
	addint
	addint
	addint
	return 5
	restart
L15:	grab 2
	event "closures.ml" 631-640
	acc 2
	push
	acc 2
	push
	acc 2
	addint
	addint
	return 3
L16:	closurerec 1, 0
	closurerec 2 3, 0
	closurerec 4 5 6, 0
	closure L15, 0
	event "closures.ml" 623-640
	push
	closure L14, 0
	event "closures.ml" 650-679
	push
	const 1
	push
	acc 2
	apply 1
	event "closures.ml" 694-700
	push
	closure L13, 0
	event "closures.ml" 711-724
	push
	acc 2
	closure L12, 1
	event "closures.ml" 736-755
	push
	closure L11, 0
	event "closures.ml" 773-845
	push
	closure L10, 0
	event "closures.ml" 858-873
	push
	closure L9, 0
	event "closures.ml" 886-946
	push
	closurerec 7, 0
	const 1
	push
	const 4
	push
	acc 5
	apply 1
	event "closures.ml" 1075-1091
	apply 1
	event "closures.ml" 1075-1093
	push
	const 10
	push
	const 0
	push
	acc 3
	apply 2
	event "closures.ml" 1063-1072
	push
	const 3
	push
	const 2
	push
	acc 10
	apply 2
	event "closures.ml" 1049-1060
	push
	const 5
	push
	closure L8, 0
	event "closures.ml" 1028-1044
	push
	acc 10
	apply 2
	event "closures.ml" 1022-1046
	addint
	addint
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
	makeblock 16, 0
	event "_none_" -1--1
	pop 16
	setglobal Closures!

