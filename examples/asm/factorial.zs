; Factorials 1..20, by a recursive function written in zvm assembly:
; closures, calls, a compare-and-branch (its immediate is the LEFT operand),
; multiplication, and printing with caml_format_int.
;
;   zvm asm factorial.zs && zvm run factorial.zbc

.module Factorial
        BRANCH Linit

; fact n = if 1 >= n then 1 else n * fact (n - 1)
Lfact:  ACC0
        BGEINT 1, Lone                  ; 1 >= n ?
        ACC0
        OFFSETINT -1
        PUSHOFFSETCLOSURE0              ; push n-1, accu = fact
        APPLY1
        PUSHACC1                        ; push fact (n-1), accu = n
        MULINT
        RETURN 1
Lone:   CONST1
        RETURN 1

; print n: the digits of n, then a newline, on the captured channel
Lprint: ACC0                            ; the number
        PUSH
        GETGLOBAL "%d"
        C_CALL2 caml_format_int         ; accu = the digits
        PUSH
        C_CALL1 caml_ml_string_length
        PUSH                            ; len
        CONST0
        PUSH                            ; ofs
        ACC2                            ; the string
        PUSH
        ENVACC2                         ; the channel, a free variable
        C_CALL4 caml_ml_output
        POP 1
        CONSTINT 10                     ; '\n'
        PUSH
        ENVACC2
        C_CALL2 caml_ml_output_char
        RETURN 1

Linit:  CONSTINT 1
        C_CALL1 caml_ml_open_descriptor_out
        PUSH                            ; sp[0] = the channel
        CLOSUREREC 1, 0, Lfact          ; pushes fact
        ACC1
        CLOSURE 1, Lprint               ; print captures the channel
        PUSH                            ; sp: print, fact, channel
        CONST1                          ; i = 1
        PUSH                            ; sp: i, print, fact, channel
Lloop:  ACC0
        PUSHACC3                        ; push i, accu = fact
        APPLY1                          ; fact i
        PUSHACC2                        ; push it, accu = print
        APPLY1
        ACC0
        OFFSETINT 1
        ASSIGN 0                        ; i := i + 1
        ACC0
        BGEINT 20, Lloop                ; again while 20 >= i
        ACC3
        C_CALL1 caml_ml_flush
        POP 4
        SETGLOBAL Factorial!
