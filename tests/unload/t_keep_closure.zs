	branch L8
L1:	acc 0
	return 1
L2:	const "plug_simple.zbc"
	ccall zvm_dynlink_loadfile_private, 1
	getfield 2
	push
	envacc 2
	setfield 0
	return 1
L3:	acc 0
	return 1
L4:	const 0
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
L5:	acc 0
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
L6:	acc 0
	push
	const "%d"
	ccall caml_format_int, 2
	push
	envacc 2
	appterm 1, 2
L7:	acc 0
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
L8:	const 1
	ccall caml_ml_open_descriptor_out, 1
	push
	acc 0
	closure L7, 1
	push
	acc 0
	closure L6, 1
	push
	acc 1
	push
	acc 3
	closure L5, 2
	push
	acc 0
	push
	acc 2
	push
	acc 4
	closure L4, 3
	push
	closure L3, 0
	makeblock 1, 0
	push
	acc 0
	closure L2, 1
	push
	const "at start"
	push
	acc 3
	apply 1
	const 0
	push
	acc 1
	apply 1
	const "one closure of the plugin kept"
	push
	acc 3
	apply 1
	const "kept 21 = "
	push
	acc 6
	apply 1
	const 21
	push
	acc 2
	getfield 0
	apply 1
	push
	acc 5
	apply 1
	const ""
	push
	acc 4
	apply 1
	closure L1, 0
	push
	acc 2
	setfield 0
	const "closure dropped"
	push
	acc 3
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
	makeblock 7, 0
	pop 8
	setglobal T_keep_closure!

