	const 2
	push
	acc 0
	makeblock 1, 0
	pop 1
	setglobal Plug_crc_lib!

.crc 22222222222222222222222222222222
