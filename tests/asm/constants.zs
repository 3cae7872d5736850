	const 42
	push
	const -7
	push
	const 2147483647
	push
	const 4611686018427387903
	push
	const -4611686018427387904
	push
	const 1073741823
	push
	const 1073741824
	push
	const -1073741824
	push
	const -1073741825
	push
	const 'x'
	push
	const '\n'
	push
	const '\255'
	push
	const '\''
	push
	const '\\'
	push
	const "plain"
	push
	const "q\"uote\\ \n\t\r\b \000 \255 \127 \195\169"
	push
	const ""
	push
	const 1.5
	push
	const 1e10
	push
	const 0x1p3
	push
	const 1_000.5
	push
	const -0.
	push
	const 3.14159265358979312
	push
	const 1e-320
	push
	const 5l
	push
	const -2147483648l
	push
	const -5L
	push
	const 9223372036854775807L
	push
	const 5n
	push
	const 2.5
	push
	const 1.5
	makefloatblock 2
	push
	makefloatblock 0
	push
	const [0: 1 "two" 3.0]
	push
	const [0: [0: 1 [0: 2 0]] [0: [0: 3 0] [0: 0 0]]]
	push
	const
          [0:
           "aaaaaaaaaaaaaaaaaaaa"
           [0:
            "bbbbbbbbbbbbbbbbbbbbbbbbbbb"
            [0:
             "cccccccccccccccccccccccccccccc"
             [0:
              "dddddddddddddddddddddddddddddddddd"
              [0: "eeeeeeeeeeeeeeeeeee" 0]]]]]
	push
	const
          [|1.000000001 2.000000002 3.000000003 4.000000004 5.000000005
            6.000000006 7.000000007 8.000000008|]
	ccall caml_obj_dup, 1
	push
	const [0: [0: [0: [0: [0: [0: [0: [0: [0: [0: [0: [0: 1]]]]]]]]]]]]
	push
	const [0: 3505894 3]
	push
	const 3303859
	push
	acc 19
	push
	acc 21
	ccall caml_add_float, 2
	push
	const 0
	push
	const [0: 1 0]
	push
	const 0
	push
	const [0: "x"]
	push
	const 6.0
	makefloatblock 1
	push
	const 5n
	push
	const 4L
	push
	const 3l
	push
	const 2.0
	push
	const "s"
	push
	const 'c'
	push
	const 1
	makeblock 10, 0
	push
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
	push
	acc 32
	push
	acc 34
	push
	acc 36
	push
	acc 38
	push
	acc 40
	push
	acc 42
	push
	acc 44
	push
	acc 46
	push
	acc 48
	push
	acc 50
	push
	acc 52
	push
	acc 54
	push
	acc 56
	push
	acc 58
	push
	acc 60
	push
	acc 62
	push
	acc 64
	push
	acc 66
	push
	acc 68
	push
	acc 70
	push
	acc 72
	push
	acc 74
	push
	acc 76
	push
	acc 78
	push
	acc 80
	push
	acc 82
	makeblock 42, 0
	pop 42
	setglobal Constants!

