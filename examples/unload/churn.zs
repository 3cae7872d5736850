	branch L10
	restart
L1:	grab 1
	envacc 2
	push
	acc 1
	eqint
	branchifnot L11
	acc 1
	return 2
L11:	acc 0
	push
	envacc 3
	apply 1
	push
	acc 2
	addint
	push
	acc 1
	offsetint 1
	push
	offsetclosure 0
	appterm 2, 4
L3:	const 15
	push
	acc 1
	andint
	push
	envacc 2
	ccall zvm_dynlink_loadfile_private, 1
	getfield 7
	appterm 1, 2
	restart
L8:	grab 1
	acc 0
	push
	envacc 3
	apply 1
	acc 1
	push
	const "%d"
	ccall caml_format_int, 2
	push
	envacc 3
	apply 1
	const '\n'
	push
	envacc 2
	ccall caml_ml_output_char, 2
	envacc 2
	ccall caml_ml_flush, 1
	return 2
L9:	acc 0
	ccall caml_ml_string_length, 1
	push
	const 0
	push
	acc 2
	push
	envacc 2
	ccall caml_ml_output, 4
	return 1
L10:	const 1
	ccall caml_ml_open_descriptor_out, 1
	push
	acc 0
	closure L9, 1
	push
	acc 0
	push
	acc 2
	closure L8, 2
	push
	const 0
	ccall caml_sys_argv, 1
	push
	acc 0
	vectlength
	push
	const 1
	ltint
	branchifnot L7
	const 1
	push
	acc 1
	ccall caml_array_get_addr, 2
	ccall caml_int_of_string, 1
	branch L6
L7:	const 1000000
L6:	push
	acc 1
	vectlength
	push
	const 2
	ltint
	branchifnot L5
	const 2
	push
	acc 2
	ccall caml_array_get_addr, 2
	branch L4
L5:	const "plugin.zbc"
L4:	push
	acc 0
	closure L3, 1
	push
	acc 0
	push
	acc 3
	closurerec 1, 2
	const 0
	ccall caml_sys_time, 1
	push
	const 0
	push
	const 0
	push
	acc 3
	apply 2
	push
	const 0
	ccall caml_sys_time, 1
	push
	const 0
	ccall caml_gc_full_major, 1
	acc 6
	push
	const "loads: "
	push
	acc 10
	apply 2
	acc 1
	push
	const "checksum: "
	push
	acc 10
	apply 2
	const 0
	ccall zvm_gc_live_segments, 1
	push
	const "segments live after a full collection: "
	push
	acc 10
	apply 2
	const 0.0
	push
	acc 3
	push
	acc 2
	ccall caml_sub_float, 2
	ccall caml_gt_float, 2
	strictbranchifnot L2
	acc 2
	push
	acc 1
	ccall caml_sub_float, 2
	push
	acc 7
	ccall caml_float_of_int, 1
	ccall caml_div_float, 2
	ccall caml_int_of_float, 1
	push
	const "loads per second: "
	push
	acc 10
	apply 2
L2:	pop 3
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
	setglobal Churn!

