; Hello, world in zvm assembly, written by hand: every instruction is an
; opcode of vm/opcodes.def by its upper-case name, emitted as written.
;
;   zvm asm hello.zs && zvm run hello.zbc

.module Hello
        CONSTINT 1                      ; fd 1
        C_CALL1 caml_ml_open_descriptor_out
        PUSH                            ; sp[0] = the channel
        GETGLOBAL "Hello, world!\n"     ; a string literal, in the segment's slot
        PUSH                            ; caml_ml_output chan s ofs len:
        C_CALL1 caml_ml_string_length   ; the arguments go accu, sp[0], sp[1]...
        PUSH                            ; len
        CONST0
        PUSH                            ; ofs
        ACC2                            ; the string
        PUSH
        ACC4                            ; the channel
        C_CALL4 caml_ml_output          ; pops 3: sp[0] is the string again
        POP 1
        ACC0
        C_CALL1 caml_ml_flush
        POP 1
        SETGLOBAL Hello!
