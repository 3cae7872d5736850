	getglobal Plug_crc_lib!
	getfield 0
	push
	acc 0
	makeblock 1, 0
	pop 1
	setglobal Plug_crc_user!

.import Plug_crc_lib 11111111111111111111111111111111
