/* The .zbc object file: its in-memory form, reader and writer.
 *
 * docs/zbc-format.md specifies the bytes. zbc_read and zbc_write mirror each
 * other; zbc_read treats every byte as hostile (it is the fuzzing target):
 * every count is checked against the bytes left before anything is
 * allocated, nothing recurses on the input, and every error names the byte
 * offset. The reader checks structure only; loader/verify.c checks the code.
 */
#ifndef ZVM_ZBC_H
#define ZVM_ZBC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZBC_VERSION 1
#define ZBC_MAGIC "\x7fZBC\r\n\x1a\n"
#define ZBC_CRC_SIZE 16

/* Limits (docs/zbc-format.md). */
#define ZBC_MAX_FILE (64u << 20)
#define ZBC_MAX_CODE_WORDS (4u << 20)
#define ZBC_MAX_NAME 255
#define ZBC_MAX_SYMBOL 1024
#define ZBC_MAX_SYMBOLS 65536
#define ZBC_MAX_IMPORTS 4096
#define ZBC_MAX_LITERALS (1u << 20)
#define ZBC_MAX_LITERAL_DEPTH 10000

typedef enum ZbcLitKind {
  ZBC_LIT_INT,
  ZBC_LIT_STRING,
  ZBC_LIT_FLOAT,
  ZBC_LIT_INT32,
  ZBC_LIT_INT64,
  ZBC_LIT_NATIVEINT,
  ZBC_LIT_BLOCK,
  ZBC_LIT_FLOAT_ARRAY,
  ZBC_LIT_KIND_COUNT
} ZbcLitKind;

typedef enum ZbcRelocKind {
  ZBC_RELOC_LITERAL,
  ZBC_RELOC_GETGLOBAL,
  ZBC_RELOC_SETGLOBAL,
  ZBC_RELOC_PRIM,
  ZBC_RELOC_PREDEF, /* index: a predefined exception, 0..11 (EXN_* order) */
  ZBC_RELOC_KIND_COUNT
} ZbcRelocKind;

#define ZBC_PREDEF_COUNT 12

/* A literal node. Payloads by kind:
 *   INT, INT32, INT64, NATIVEINT   i
 *   FLOAT                          bits (IEEE-754)
 *   STRING                         n bytes at unit->lit_bytes + first
 *   BLOCK                          tag; n fields, node indices at
 *                                  unit->lit_refs + first
 *   FLOAT_ARRAY                    n doubles' bits at unit->lit_floats + first */
typedef struct ZbcLit {
  uint8_t kind;
  uint32_t tag;
  uint32_t n;
  uint32_t first;
  int64_t i;
  uint64_t bits;
} ZbcLit;

typedef struct ZbcImport {
  uint32_t sym;
  bool has_crc;
  uint8_t crc[ZBC_CRC_SIZE];
} ZbcImport;

typedef struct ZbcReloc {
  uint32_t word;   /* operand word index in code */
  uint8_t kind;    /* ZbcRelocKind */
  uint32_t index;  /* literal node or symbol */
} ZbcReloc;

typedef struct ZbcDebug {
  uint32_t word;
  uint32_t line;
} ZbcDebug;

/* A growable array, for builders. */
#define ZBC_VEC(type) \
  struct {            \
    type *items;      \
    uint32_t len, cap; \
  }

typedef struct ZbcUnit {
  char *name;
  bool has_crc;
  uint8_t crc[ZBC_CRC_SIZE];
  ZBC_VEC(char *) syms;
  ZBC_VEC(ZbcImport) imports;
  ZBC_VEC(int32_t) code;
  ZBC_VEC(ZbcLit) lits;
  ZBC_VEC(uint32_t) lit_refs;
  ZBC_VEC(uint64_t) lit_floats;
  ZBC_VEC(char) lit_bytes;
  ZBC_VEC(ZbcReloc) relocs;
  ZBC_VEC(ZbcDebug) debug;
  /* File offsets of section payloads, set by zbc_read (0 for units built
   * in memory), so that later passes can name byte offsets in errors. */
  size_t impt_offset, code_offset, relo_offset;
  /* Builder only: a hash index of syms (slot -> symbol + 1), so that
   * zbc_symbol stays O(1) for listings with many names. */
  uint32_t *sym_index;
  uint32_t sym_index_cap;
} ZbcUnit;

typedef struct ZbcError {
  size_t offset;
  char msg[256];
} ZbcError;

/* ---- Reading and writing ---- */

/* Parse [len] bytes. On success *out is a new unit (free it with
 * zbc_unit_free) and the result is true; on failure *out is NULL, nothing
 * is left allocated, and err says where and why. [check_sum] false skips
 * the checksum comparison (for fuzzing builds that mutate files). */
bool zbc_read(const uint8_t *data, size_t len, ZbcUnit **out, ZbcError *err, bool check_sum);

/* Serialise [u]. Returns a malloc'ed buffer and its length in *len, or NULL
 * if memory is short. The unit must be well formed (zbc_check). */
uint8_t *zbc_write(const ZbcUnit *u, size_t *len);

/* The structural checks zbc_read applies, on a unit built in memory: true
 * if it is well formed, else false with err->msg set (offset 0). */
bool zbc_check(const ZbcUnit *u, ZbcError *err);

uint32_t zbc_crc32(const uint8_t *data, size_t len);

/* ---- Building ---- */

ZbcUnit *zbc_unit_new(const char *name);  /* NULL if memory is short */
void zbc_unit_free(ZbcUnit *u);
bool zbc_set_name(ZbcUnit *u, const char *name);

/* Each returns false if memory is short (or a limit is exceeded). */
bool zbc_emit(ZbcUnit *u, int32_t word);
/* The index of symbol [name], added if new; UINT32_MAX on failure. */
uint32_t zbc_symbol(ZbcUnit *u, const char *name);
bool zbc_add_import(ZbcUnit *u, const char *name, const uint8_t *crc /* or NULL */);
bool zbc_add_reloc(ZbcUnit *u, uint32_t word, ZbcRelocKind kind, uint32_t index);
bool zbc_add_debug(ZbcUnit *u, uint32_t word, uint32_t line);

/* Literal nodes; each returns the new node's index or UINT32_MAX. */
uint32_t zbc_lit_int(ZbcUnit *u, ZbcLitKind kind /* INT, INT32, INT64, NATIVEINT */, int64_t i);
uint32_t zbc_lit_float(ZbcUnit *u, double d);
uint32_t zbc_lit_string(ZbcUnit *u, const char *bytes, uint32_t len);
uint32_t zbc_lit_block(ZbcUnit *u, uint32_t tag, const uint32_t *fields, uint32_t n);
uint32_t zbc_lit_float_array(ZbcUnit *u, const double *items, uint32_t n);

/* Is [name] a valid module name (docs/zbc-format.md)? */
bool zbc_valid_module_name(const char *name, size_t len);

#endif
