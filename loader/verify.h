/* The bytecode verifier: a separate pass, driven by the opcode table, run
 * on every load before anything is linked or executed.
 *
 * What a verified segment guarantees (the interpreter relies on it and
 * checks nothing of it again):
 *   - every opcode is known and every instruction's operands are present;
 *   - every jump, switch, closure, trap handler and return-address target
 *     lies inside the code and on an instruction boundary, so the
 *     interpreter never reads or jumps outside the segment's code;
 *   - the stack is used in a disciplined way, checked by abstract
 *     interpretation of each function (like the JVM's verifier): the depth
 *     is the same on every path to an instruction, accesses stay within the
 *     frame and the function's arguments, return frames pushed by
 *     PUSH_RETADDR and trap frames pushed by PUSHTRAP are only consumed by
 *     APPLY and POPTRAP, RETURN and APPTERM pop exactly their frame. So
 *     RETURN, APPLY and RAISE only ever jump to addresses the code itself
 *     saved, and the stack never runs past its margin (the deepest frame is
 *     reported so the loader can reserve it);
 *   - a function's environment accesses (ENVACC, OFFSETCLOSURE) stay inside
 *     the closure block its CLOSURE/CLOSUREREC builds;
 *   - GRAB is always preceded by RESTART (its partial applications re-enter
 *     there), and neither is reached by falling through;
 *   - global-slot and primitive operands, and only those, carry relocations
 *     of the right kind;
 *   - a collectable segment contains no CLOSURE/CLOSUREREC (only the DYN
 *     forms, so every closure it makes references the segment), and no
 *     segment contains STOP.
 * What it does not guarantee: OCaml's type safety. Like ocamlrun, zvm
 * trusts that a GETFIELD is applied to a block of the right size; programs
 * compiled by ocamlc are well typed.
 */
#ifndef ZVM_VERIFY_H
#define ZVM_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "zbc.h"

typedef struct VerifyResult {
  uint32_t word;      /* where the error is (code word index) */
  char msg[200];
  uint32_t max_depth; /* deepest stack use of any function, in words */
  uint32_t final_depth; /* stack depth where the initialisation code ends */
} VerifyResult;

/* Verify [code] ([len] words: the module's code with RETURN 1 appended),
 * whose operands needing relocation are listed in [relocs] (sorted by
 * word). [collectable]: refuse plain closures.
 *
 * The appended RETURN ends the module's initialisation code, which must
 * reach it with the same stack depth on every path; that depth is reported
 * in final_depth, and the RETURN's operand is not checked: the loader sets
 * it to final_depth + 1. (ocamlc's initialisation code can end with words
 * left on the stack -- `%sys_argv` at module level pushes one too many --
 * which ocamlrun never notices because the linker ends main programs with
 * STOP.) */
bool verify_code(const int32_t *code, uint32_t len, const ZbcReloc *relocs, uint32_t n_relocs,
                 bool collectable, VerifyResult *res);

/* As verify_code, and on success also fill [starts] ([len] bytes): 1 at
 * each word where an instruction starts, 0 elsewhere, so that later
 * passes over the verified code need not decode it again. */
bool verify_code_starts(const int32_t *code, uint32_t len, const ZbcReloc *relocs,
                        uint32_t n_relocs, bool collectable, VerifyResult *res, uint8_t *starts);

#endif
