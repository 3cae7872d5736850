	branch L14
L1:	event "variants.ml" 1299-1304
	acc 0
	boolnot
	return 1
	restart
L2:	grab 1
	event "variants.ml" 1280-1286
	acc 0
	strictbranchif L49
	acc 1
L49:	return 2
	restart
L3:	grab 1
	event "variants.ml" 1256-1262
	acc 0
	strictbranchifnot L48
	acc 1
L48:	return 2
L4:	event "variants.ml" 1225-1240
	getglobal Not_found/22!
	event "variants.ml" 1225-1240
	raise
L5:	event "variants.ml" 1156-1210
	acc 0
	isint
	branchifnot L46
	acc 0
	push
	const 756711075
	leint
	branchifnot L47
	event "variants.ml" 1187-1188
	const 2
	return 1
L47:	event "variants.ml" 1173-1174
	const 1
	return 1
L46:	acc 0
	getfield 1
	push
	acc 0
	getfield 0
	push
	event "variants.ml" 1209-1210
	acc 0
	return 3
L6:	event "variants.ml" 1094-1144
	acc 0
	branchifnot L44
	acc 0
	getfield 1
	push
	acc 1
	getfield 0
	push
	acc 1
	branchifnot L45
	acc 0
	push
	acc 2
	getfield 0
	push
	event "variants.ml" 1139-1144
	acc 0
	push
	acc 2
	addint
	return 5
L45:	event "variants.ml" 1120-1121
	acc 0
	return 3
L44:	event "variants.ml" 1109-1110
	const 0
	return 1
L7:	event "variants.ml" 1051-1083
	acc 0
	branchifnot L43
	acc 0
	getfield 0
	push
	event "variants.ml" 1082-1083
	acc 0
	return 2
L43:	event "variants.ml" 1068-1069
	const 0
	return 1
L8:	event "variants.ml" 1000-1040
	acc 0
	push
	const 0
	gtint
	branchifnot L42
	event "variants.ml" 1014-1033
	envacc 2
	event "variants.ml" 1014-1033
	raise_notrace
L42:	event "variants.ml" 1039-1040
	acc 0
	return 1
L9:	event "variants.ml" 917-988
	pushtrap L37
	acc 4
	push
	const 10
	leint
	branchifnot L41
	event "variants.ml" 937-948
	envacc 2
	event "variants.ml" 937-948
	raise
L41:	event "variants.ml" 954-955
	acc 4
L40:	poptrap
	return 1
L37:	push
	envacc 2
	push
	acc 1
	eqint
	branchifnot L39
	event "variants.ml" 970-971
	const 0
	return 2
L39:	getglobal Not_found/22!
	push
	acc 1
	eqint
	branchifnot L38
	event "variants.ml" 987-988
	const 1
	return 2
L38:	acc 0
	reraise
L10:	event "variants.ml" 846-906
	pushtrap L33
	acc 4
	push
	const 0
	gtint
	branchifnot L36
	event "variants.ml" 864-878
	acc 4
	push
	envacc 2
	makeblock 2, 0
	event "variants.ml" 864-878
	raise
L36:	event "variants.ml" 884-885
	acc 4
L35:	poptrap
	return 1
L33:	push
	acc 0
	getfield 0
	push
	envacc 2
	push
	acc 1
	eqint
	branchifnot L34
	acc 1
	getfield 1
	push
	event "variants.ml" 901-906
	acc 0
	offsetint 1
	return 4
L34:	acc 1
	reraise
L11:	event "variants.ml" 762-835
	acc 0
	push
	const 65
	leint
	branchifnot L31
	acc 0
	push
	const 97
	leint
	branchifnot L32
	acc 0
	push
	const 123
	leint
	branchif L29
	event "variants.ml" 789-790
	const 1
	return 1
L32:	acc 0
	push
	const 91
	leint
	branchif L29
	event "variants.ml" 807-808
	const 2
	return 1
L31:	acc 0
	offsetint -48
	push
	acc 0
	push
	const 9
	isout
	branchifnot L30
	pop 1
	branch L29
L30:	event "variants.ml" 825-826
	const 3
	return 2
L29:	event "variants.ml" 834-835
	const 0
	return 1
L12:	event "variants.ml" 655-744
	acc 0
	push
	const 6
	isout
	branchifnot L28
	event "variants.ml" 743-744
	const 0
	return 1
L28:	acc 0
	switch 27 26 25 24 23 22 21/
L27:	event "variants.ml" 673-675
	const 10
	return 1
L26:	event "variants.ml" 683-685
	const 20
	return 1
L25:	event "variants.ml" 693-695
	const 30
	return 1
L24:	event "variants.ml" 703-705
	const 40
	return 1
L23:	event "variants.ml" 713-715
	const 50
	return 1
L22:	event "variants.ml" 723-725
	const 60
	return 1
L21:	event "variants.ml" 733-735
	const 70
	return 1
L13:	event "variants.ml" 569-644
	acc 0
	switch 20 19 18/ 17 16 15
L20:	event "variants.ml" 583-584
	const 0
	return 1
L19:	event "variants.ml" 592-593
	const 1
	return 1
L18:	event "variants.ml" 643-644
	const 5
	return 1
L17:	acc 0
	getfield 0
	push
	event "variants.ml" 603-604
	acc 0
	return 2
L16:	event "variants.ml" 614-615
	const 3
	return 1
L15:	acc 0
	getfield 1
	push
	acc 1
	getfield 0
	push
	event "variants.ml" 630-635
	acc 1
	push
	acc 1
	addint
	return 3
L14:	const 0
	ccall caml_fresh_oo_id, 1
	push
	const "Variants.Oops"
	makeblock 2, 248
	event "variants.ml" 523-544
	push
	const 0
	ccall caml_fresh_oo_id, 1
	push
	const "Variants.Plain"
	makeblock 2, 248
	event "variants.ml" 545-560
	push
	closure L13, 0
	event "variants.ml" 569-644
	push
	closure L12, 0
	event "variants.ml" 651-744
	push
	closure L11, 0
	event "variants.ml" 758-835
	push
	acc 4
	closure L10, 1
	event "variants.ml" 842-906
	push
	acc 4
	closure L9, 1
	event "variants.ml" 913-988
	push
	acc 5
	closure L8, 1
	event "variants.ml" 996-1040
	push
	closure L7, 0
	event "variants.ml" 1051-1083
	push
	closure L6, 0
	event "variants.ml" 1094-1144
	push
	closure L5, 0
	event "variants.ml" 1156-1210
	push
	closure L4, 0
	event "variants.ml" 1220-1240
	push
	closure L3, 0
	event "variants.ml" 1250-1262
	push
	closure L2, 0
	event "variants.ml" 1274-1286
	push
	closure L1, 0
	event "variants.ml" 1295-1304
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
	makeblock 15, 0
	event "_none_" -1--1
	pop 15
	setglobal Variants!

