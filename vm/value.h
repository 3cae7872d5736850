/* Values: OCaml's representation, bit for bit.
 *
 * Glossary (the same words as OCaml's mlvalues.h):
 *   word    a machine word, 64 bits.
 *   value   a word that is either an immediate integer or a block pointer.
 *   long    an immediate integer n, stored as 2n+1 (so its low bit is 1).
 *   block   a heap object; a value pointing to a block points at its first
 *           field, and the header word sits just before it.
 *   field   one word of a block, Field(v, 0) .. Field(v, wosize-1).
 *   wosize  size of a block in words, header excluded.
 *   bosize  size in bytes, header excluded (wosize * 8).
 *   whsize  size in words, header included.
 *
 * Header word:
 *
 *     63                         10 9     8 7          0
 *    +-----------------------------+-------+------------+
 *    |           wosize            | color |    tag     |
 *    +-----------------------------+-------+------------+
 *
 * Tags below No_scan_tag (251) hold values the collector traces; tags from
 * No_scan_tag up hold raw data (strings, floats...). Closure_tag blocks hold
 * code pointers, Infix_tag headers sit inside closure blocks (see below).
 *
 * Code pointers. A closure's field 0, a return frame's saved pc and a trap
 * frame's handler are pointers into bytecode, which lives inside segment
 * objects on zvm's heap. zvm stores them *odd* (address + 1; code words are
 * word-aligned, so the bit is free). An odd word scans as an integer, so
 * the collector can never mistake a code pointer for a block pointer, and
 * every word on the stack or in a closure is a proper value. The segment a
 * code pointer points into is kept alive by a different, ordinary edge:
 * see docs/unloading.md.
 *
 * Conversion macros are named "To_from", as in OCaml: Val_long(n) makes a
 * value from a C long, Long_val(v) the opposite. None of these macros checks
 * its argument; callers know what they hold.
 */
#ifndef ZVM_VALUE_H
#define ZVM_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"

typedef intptr_t value;
typedef intptr_t intnat;
typedef uintptr_t uintnat;
typedef uintptr_t header_t;
typedef uintptr_t mlsize_t;
typedef unsigned int tag_t;
/* A word of loaded code. Object files store 32-bit words; the loader
 * widens them to machine words (after verification), so that a threaded
 * opcode can be the label's address itself: dispatch is then one load
 * and one indirect jump, with no table base to add. */
typedef intnat opcode_t;
typedef opcode_t *code_t;

/* ---- Immediate integers ------------------------------------------------ */

#define Max_long ((intnat)(((uintnat)1 << 62) - 1))
#define Min_long (-Max_long - 1)
#define Val_long(x) ((value)(((uintnat)(intnat)(x) << 1) + 1))
#define Long_val(x) ((intnat)(x) >> 1)
#define Val_int(x) Val_long(x)
#define Int_val(x) ((int)Long_val(x))
#define Is_long(x) (((x) & 1) != 0)
#define Is_block(x) (((x) & 1) == 0)
#define Val_bool(x) Val_int((x) != 0)
#define Bool_val(x) Int_val(x)
#define Val_false Val_int(0)
#define Val_true Val_int(1)
#define Val_unit Val_int(0)
#define Val_emptylist Val_int(0)
#define Val_none Val_int(0)
#define Val_not(x) ((value)(4 - (uintnat)(x)))

/* ---- Headers ----------------------------------------------------------- */

#define Caml_white ((header_t)0 << 8)
#define Caml_gray ((header_t)1 << 8)
#define Caml_blue ((header_t)2 << 8)
#define Caml_black ((header_t)3 << 8)
#define Color_mask ((header_t)3 << 8)

#define Make_header(wosize, tag, color) \
  (((header_t)(wosize) << 10) + (header_t)(color) + (header_t)(tag))
#define Hd_val(v) (((header_t *)(v))[-1])
#define Hp_val(v) (((header_t *)(v)) - 1)
#define Val_hp(hp) ((value)(((header_t *)(hp)) + 1))
#define Wosize_hd(hd) ((mlsize_t)((hd) >> 10))
#define Tag_hd(hd) ((tag_t)((hd) & 0xFF))
#define Color_hd(hd) ((hd) & Color_mask)
#define Wosize_val(v) Wosize_hd(Hd_val(v))
#define Tag_val(v) Tag_hd(Hd_val(v))
#define Bosize_val(v) (Wosize_val(v) * sizeof(value))
#define Max_wosize (((mlsize_t)1 << 54) - 1)

/* ---- Tags -------------------------------------------------------------- */

#define Lazy_tag 246
#define Closure_tag 247
#define Object_tag 248
#define Infix_tag 249
#define Forward_tag 250
#define No_scan_tag 251
#define Abstract_tag 251
#define String_tag 252
#define Double_tag 253
#define Double_array_tag 254
#define Custom_tag 255

/* ---- Fields ------------------------------------------------------------ */

#define Field(v, i) (((value *)(v))[i])
#define Op_val(v) ((value *)(v))
#define Byte(v, i) (((char *)(v))[i])
#define Byte_u(v, i) (((unsigned char *)(v))[i])

/* ---- Closures ---------------------------------------------------------- */

/* Layout (OCaml >= 4.12): [code, closinfo, env...]. closinfo =
 * arity << 56 | startenv << 1 | 1; bytecode always has arity 0. A
 * CLOSUREREC block for f functions is
 *   [code0, info0, Infix hdr, code1, info1, ..., Infix hdr, code_f-1, info,
 *    free vars...]
 * where each Infix header's wosize is the distance in words from the block
 * start, so an infix pointer can be mapped back to its enclosing block. */
#define Make_closinfo(arity, startenv) \
  ((value)(((uintnat)(arity) << 56) + ((uintnat)(startenv) << 1) + 1))
#define Start_env_closinfo(info) ((mlsize_t)(((uintnat)(info) << 8) >> 9))
#define Closinfo_val(c) Field((c), 1)
#define Infix_offset_hd(hd) (Wosize_hd(hd) * sizeof(value))
#define Infix_offset_val(v) Infix_offset_hd(Hd_val(v))

/* Code pointers, stored odd (see the file comment). */
#define Val_code(p) ((value)((uintnat)(p) + 1))
#define Code_val_raw(v) ((code_t)((uintnat)(v) - 1))
#define Code_val(c) Code_val_raw(Field((c), 0))

/* ---- Strings ----------------------------------------------------------- */

/* A string of length n takes (n + 8) / 8 words; the last byte of the last
 * word holds wosize*8 - 1 - n, so there is always a NUL after the data. */
#define String_val(v) ((const char *)(v))
#define Bytes_val(v) ((unsigned char *)(v))
static inline mlsize_t caml_string_length(value s) {
  mlsize_t last = Bosize_val(s) - 1;
  return last - Byte_u(s, last);
}
#define Wosize_of_string_length(n) (((mlsize_t)(n) + sizeof(value)) / sizeof(value))

/* ---- Floats ------------------------------------------------------------ */

#define Double_wosize 1
static inline double Double_val(value v) {
  double d;
  memcpy(&d, (const void *)v, sizeof d);
  return d;
}
static inline void Store_double_val(value v, double d) {
  memcpy((void *)v, &d, sizeof d);
}
static inline double Double_flat_field(value v, mlsize_t i) {
  double d;
  memcpy(&d, (const value *)v + i, sizeof d);
  return d;
}
static inline void Store_double_flat_field(value v, mlsize_t i, double d) {
  memcpy((value *)v + i, &d, sizeof d);
}

/* ---- Custom blocks ----------------------------------------------------- */

/* A Custom_tag block: field 0 points at its operations, the rest is raw C
 * data. int32/int64/nativeint, channels and code segments are custom. The
 * collector never scans a custom block's data, except through its [trace]
 * operation (segments use it to keep their literals and imports alive). */
struct Vm;
typedef struct CustomOps {
  const char *identifier;
  void (*finalize)(struct Vm *vm, value v);
  int (*compare)(value v1, value v2); /* NULL: "compare: abstract value" */
  intnat (*hash)(value v);            /* NULL: ignored by hashing */
  void (*trace)(struct Vm *vm, value v, void (*mark)(struct Vm *vm, value));
} CustomOps;

#define Custom_ops_val(v) (*(const CustomOps **)(v))
#define Data_custom_val(v) ((void *)&Field((v), 1))

/* ---- Exceptions -------------------------------------------------------- */

/* A raised value is either an exception constructor (tag Object_tag,
 * fields [name; id]) or a block [constructor; args...] with tag 0. The
 * interpreter returns Make_exception_result(exn) to C when an exception
 * escapes: exception values are blocks, so bit 1 is free. */
#define Make_exception_result(v) ((v) | 2)
#define Is_exception_result(v) (((v) & 3) == 2)
#define Extract_exception(v) ((v) & ~(value)3)

#endif
