	branch L5
L1:	acc 0
	ccall zvm_dynlink_loadfile_private, 1
	push
	const "loaded \""
	push
	envacc 3
	apply 1
	acc 0
	getfield 1
	push
	envacc 3
	apply 1
	const "\", run 10 = "
	push
	envacc 3
	apply 1
	const 10
	push
	acc 1
	getfield 7
	apply 1
	push
	envacc 4
	apply 1
	const ", describe 2 = "
	push
	envacc 3
	apply 1
	const 2
	push
	acc 1
	getfield 8
	apply 1
	push
	envacc 3
	apply 1
	const '\n'
	push
	envacc 2
	ccall caml_ml_output_char, 2
	const 0
	ccall zvm_gc_live_segments, 1
	push
	const "segments live while in use: "
	push
	envacc 5
	apply 2
	acc 0
	getfield 7
	return 2
	restart
L2:	grab 1
	acc 0
	push
	envacc 3
	apply 1
	acc 1
	push
	envacc 4
	apply 1
	const '\n'
	push
	envacc 2
	ccall caml_ml_output_char, 2
	envacc 2
	ccall caml_ml_flush, 1
	return 2
L3:	acc 0
	push
	const "%d"
	ccall caml_format_int, 2
	push
	envacc 2
	appterm 1, 2
L4:	acc 0
	ccall caml_ml_string_length, 1
	push
	const 0
	push
	acc 2
	push
	envacc 2
	ccall caml_ml_output, 4
	return 1
L5:	const 1
	ccall caml_ml_open_descriptor_out, 1
	push
	acc 0
	closure L4, 1
	push
	acc 0
	closure L3, 1
	push
	acc 0
	push
	acc 2
	push
	acc 4
	closure L2, 3
	push
	acc 0
	push
	acc 2
	push
	acc 4
	push
	acc 6
	closure L1, 4
	push
	const 0
	ccall zvm_gc_live_segments, 1
	push
	const "segments live at start: "
	push
	acc 3
	apply 2
	const "plugin.zbc"
	push
	acc 1
	apply 1
	push
	const 0
	ccall caml_gc_full_major, 1
	const 0
	ccall zvm_gc_live_segments, 1
	push
	const "segments live, one closure kept: "
	push
	acc 4
	apply 2
	const 4
	push
	acc 1
	apply 1
	push
	const "the kept closure still runs: kept 4 = "
	push
	acc 4
	apply 2
	pop 1
	push
	const 0
	ccall caml_gc_full_major, 1
	const 0
	ccall zvm_gc_live_segments, 1
	push
	const "segments live after dropping it: "
	push
	acc 4
	apply 2
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
	makeblock 5, 0
	pop 7
	setglobal Host!

