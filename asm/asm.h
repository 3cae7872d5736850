/* The assembler and the disassembler (docs/assembler.md).
 *
 * asm_assemble turns a text listing into a .zbc unit. It accepts two
 * syntaxes, freely mixed:
 *
 *   - the listings `ocamlc -dinstr` prints (lower-case mnemonics such as
 *     `acc 3`, `closure L10, 0`, `const [0: 1 "two"]`), assembled with the
 *     semantics of OCaml's emitter (bytecomp/emitcode.ml): specialised
 *     opcodes, literals, relocations and the peephole merges;
 *   - raw instructions, every opcode of vm/opcodes.def by its upper-case
 *     name (`PUSHACC1`, `BLEINT 2, L9`), emitted exactly as written.
 *
 * Directives (`.module`, `.crc`, `.import`, ...) supply what a listing
 * lacks. dis_print prints a unit in the raw syntax with directives, so that
 * assembling its output gives back the same .zbc byte for byte.
 *
 * Every byte of the input is treated as hostile (the assembler is fuzzed):
 * errors are reported as `file:line:col: error: message`, nothing recurses
 * on the input's nesting, and a failed assembly leaves nothing allocated.
 */
#ifndef ZVM_ASM_H
#define ZVM_ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../loader/zbc.h"

typedef struct AsmOptions {
  /* Directories searched (after the listing's own) for the .cmi files of
   * imported modules, as ocamlc's -I. */
  const char *const *include_dirs;
  size_t n_include_dirs;
  /* Record, for each instruction, the listing line it came from as debug
   * info (the DBUG section). Ignored when the listing has `.line`
   * directives, which give the debug info explicitly. */
  bool debug_lines;
  /* Never read .cmi files: a raw listing then has no interface CRCs. */
  bool no_cmi;
  /* Stop after this many errors; 0 means 20. */
  unsigned max_errors;
} AsmOptions;

/* Assemble the listing [text] of [len] bytes (it need not be
 * NUL-terminated, and may contain any byte). [file] names it in messages
 * and locates the .cmi files (NULL: "<input>", and no .cmi is read).
 * [opts] may be NULL (all defaults).
 *
 * On success returns true and sets *out to a new, well-formed unit (free it
 * with zbc_unit_free). On failure returns false, sets *out to NULL, and
 * prints each error to [errors] (if not NULL) as one line
 * `file:line:col: error: message`. */
bool asm_assemble(const char *file, const char *text, size_t len, const AsmOptions *opts,
                  ZbcUnit **out, FILE *errors);

/* Read the file [path] and assemble it, as asm_assemble. */
bool asm_assemble_file(const char *path, const AsmOptions *opts, ZbcUnit **out, FILE *errors);

/* Print [u] in the raw syntax with directives. asm_assemble of the output
 * (with any options) reproduces zbc_write(u) byte for byte, for every unit
 * that zbc_read accepts whose symbol names are distinct (zbc_symbol never
 * makes duplicates). Returns false if writing to [out] failed or memory
 * ran short. */
bool dis_print(const ZbcUnit *u, FILE *out);

/* Read the interface CRC of module [name] from the .cmi image [data]
 * (OCaml 4.x format: magic, marshalled (name, signature), marshalled CRC
 * list). Returns 1 and fills crc if the CRC list has an entry for [name]
 * with a digest, 0 if it has none, -1 if the image is malformed (with a
 * reason in err). */
int asm_cmi_crc(const unsigned char *data, size_t len, const char *name,
                unsigned char crc[ZBC_CRC_SIZE], char *err, size_t errlen);

#endif
