	branch L9
L3:	const "loading "
	push
	envacc 2
	apply 1
	acc 0
	push
	envacc 3
	apply 1
	pushtrap L11
	acc 4
	ccall zvm_dynlink_loadfile, 1
	poptrap
	branch L10
L11:	push
	getglobal Failure/21!
	push
	acc 1
	getfield 0
	eqint
	branchifnot L12
	const "  Failure \""
	push
	envacc 2
	apply 1
	acc 0
	getfield 1
	push
	envacc 2
	apply 1
	const "\""
	push
	envacc 3
	appterm 1, 3
L12:	acc 0
	reraise
L10:	push
	const "  loaded?!"
	push
	envacc 3
	appterm 1, 3
L4:	const 0
	push
	envacc 5
	apply 1
	push
	const 1
	push
	envacc 5
	apply 1
	push
	const 2
	push
	envacc 5
	apply 1
	push
	acc 3
	push
	envacc 2
	apply 1
	const ": segments "
	push
	envacc 2
	apply 1
	acc 2
	push
	envacc 3
	apply 1
	const ", global slots "
	push
	envacc 2
	apply 1
	acc 1
	push
	envacc 3
	apply 1
	const ", modules registered "
	push
	envacc 2
	apply 1
	acc 0
	push
	envacc 3
	apply 1
	const ""
	push
	envacc 4
	appterm 1, 5
L5:	const 0
	ccall caml_gc_full_major, 1
	acc 0
	push
	const 0
	ccall zvm_gc_counters, 1
	ccall caml_array_get_addr, 2
	return 1
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
	closure L5, 0
	push
	acc 0
	push
	acc 2
	push
	acc 4
	push
	acc 6
	closure L4, 4
	push
	acc 2
	push
	acc 5
	closure L3, 2
	push
	const "baseline"
	push
	acc 2
	apply 1
	const 3
	push
	acc 3
	apply 1
	push
	const "plug_junk.zbc"
	push
	acc 2
	apply 1
	const "plug_missing.zbc"
	push
	acc 2
	apply 1
	const "plug_noprim.zbc"
	push
	acc 2
	apply 1
	const "plug_crc_user.zbc"
	push
	acc 2
	apply 1
	const "plug_badcode.zbc"
	push
	acc 2
	apply 1
	const "after five failed loads"
	push
	acc 3
	apply 1
	const "live heap words back to the baseline: "
	push
	acc 7
	apply 1
	acc 0
	push
	const 3
	push
	acc 5
	apply 1
	eqint
	branchifnot L2
	const "yes"
	branch L1
L2:	const "NO"
L1:	push
	acc 5
	apply 1
	pop 1
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
	setglobal T_failures!

