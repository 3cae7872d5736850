	branch L9
L1:	const 0
	return 1
L2:	const "odd "
	push
	envacc 2
	apply 1
	acc 0
	push
	envacc 3
	apply 1
	const " = "
	push
	envacc 2
	apply 1
	acc 0
	push
	envacc 5
	getfield 0
	apply 1
	branchifnot L11
	const "true"
	branch L10
L11:	const "false"
L10:	push
	envacc 4
	appterm 1, 2
L3:	const "plug_simple.zbc"
	ccall zvm_dynlink_loadfile_private, 1
	getfield 4
	push
	envacc 2
	setfield 0
	return 1
L4:	const 0
	return 1
L5:	const 0
	ccall caml_gc_full_major, 1
	acc 0
	push
	envacc 2
	apply 1
	const ": "
	push
	envacc 2
	apply 1
	const 0
	ccall zvm_gc_live_segments, 1
	push
	envacc 3
	apply 1
	const " segments"
	push
	envacc 4
	appterm 1, 2
L6:	acc 0
	push
	envacc 3
	apply 1
	const '\n'
	push
	envacc 2
	ccall caml_ml_output_char, 2
	envacc 2
	ccall caml_ml_flush, 1
	return 1
L7:	acc 0
	push
	const "%d"
	ccall caml_format_int, 2
	push
	envacc 2
	appterm 1, 2
L8:	acc 0
	ccall caml_ml_string_length, 1
	push
	const 0
	push
	acc 2
	push
	envacc 2
	ccall caml_ml_output, 4
	envacc 2
	ccall caml_ml_flush, 1
	return 1
L9:	const 1
	ccall caml_ml_open_descriptor_out, 1
	push
	acc 0
	closure L8, 1
	push
	acc 0
	closure L7, 1
	push
	acc 1
	push
	acc 3
	closure L6, 2
	push
	acc 0
	push
	acc 2
	push
	acc 4
	closure L5, 3
	push
	closure L4, 0
	makeblock 1, 0
	push
	acc 0
	closure L3, 1
	push
	acc 1
	push
	acc 4
	push
	acc 6
	push
	acc 8
	closure L2, 4
	push
	const "at start"
	push
	acc 4
	apply 1
	const 0
	push
	acc 2
	apply 1
	const "the infix closure odd kept"
	push
	acc 4
	apply 1
	const 7
	push
	acc 1
	apply 1
	const 10
	push
	acc 1
	apply 1
	closure L1, 0
	push
	acc 3
	setfield 0
	const "infix closure dropped"
	push
	acc 4
	apply 1
	push
	acc 1
	push
	acc 3
	push
	acc 5
	push
	acc 7
	push
	acc 9
	push
	acc 11
	push
	acc 13
	push
	acc 15
	makeblock 8, 0
	pop 9
	setglobal T_keep_infix!

