/* The .zbc object file: reader, writer and builder (docs/zbc-format.md).
 *
 * The reader and the writer are mirror images: section by section, field
 * by field, read_x undoes write_x. The reader is the fuzzing target:
 *   - one cursor (Reader), whose every read is bounds-checked against the
 *     end of the current section;
 *   - every count is checked against the bytes left before allocating;
 *   - nothing recurses on the input (literal blocks only name earlier
 *     nodes, and their depth is computed in one forward pass);
 *   - one error path: the partially built unit is freed whole.
 */
#include "zbc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- CRC-32 (IEEE 802.3, as zlib) ---------------------------------------- */

static const uint32_t crc_table[256] = {
    0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau, 0x076dc419u, 0x706af48fu,
    0xe963a535u, 0x9e6495a3u, 0x0edb8832u, 0x79dcb8a4u, 0xe0d5e91eu, 0x97d2d988u,
    0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u, 0x90bf1d91u, 0x1db71064u, 0x6ab020f2u,
    0xf3b97148u, 0x84be41deu, 0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u,
    0x136c9856u, 0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu, 0x14015c4fu, 0x63066cd9u,
    0xfa0f3d63u, 0x8d080df5u, 0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u, 0xa2677172u,
    0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu, 0x35b5a8fau, 0x42b2986cu,
    0xdbbbc9d6u, 0xacbcf940u, 0x32d86ce3u, 0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u,
    0x26d930acu, 0x51de003au, 0xc8d75180u, 0xbfd06116u, 0x21b4f4b5u, 0x56b3c423u,
    0xcfba9599u, 0xb8bda50fu, 0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
    0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du, 0x76dc4190u, 0x01db7106u,
    0x98d220bcu, 0xefd5102au, 0x71b18589u, 0x06b6b51fu, 0x9fbfe4a5u, 0xe8b8d433u,
    0x7807c9a2u, 0x0f00f934u, 0x9609a88eu, 0xe10e9818u, 0x7f6a0dbbu, 0x086d3d2du,
    0x91646c97u, 0xe6635c01u, 0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu,
    0x6c0695edu, 0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u, 0x65b0d9c6u, 0x12b7e950u,
    0x8bbeb8eau, 0xfcb9887cu, 0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u, 0xfbd44c65u,
    0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u, 0x4adfa541u, 0x3dd895d7u,
    0xa4d1c46du, 0xd3d6f4fbu, 0x4369e96au, 0x346ed9fcu, 0xad678846u, 0xda60b8d0u,
    0x44042d73u, 0x33031de5u, 0xaa0a4c5fu, 0xdd0d7cc9u, 0x5005713cu, 0x270241aau,
    0xbe0b1010u, 0xc90c2086u, 0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
    0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u, 0x59b33d17u, 0x2eb40d81u,
    0xb7bd5c3bu, 0xc0ba6cadu, 0xedb88320u, 0x9abfb3b6u, 0x03b6e20cu, 0x74b1d29au,
    0xead54739u, 0x9dd277afu, 0x04db2615u, 0x73dc1683u, 0xe3630b12u, 0x94643b84u,
    0x0d6d6a3eu, 0x7a6a5aa8u, 0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u,
    0xf00f9344u, 0x8708a3d2u, 0x1e01f268u, 0x6906c2feu, 0xf762575du, 0x806567cbu,
    0x196c3671u, 0x6e6b06e7u, 0xfed41b76u, 0x89d32be0u, 0x10da7a5au, 0x67dd4accu,
    0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u, 0xd6d6a3e8u, 0xa1d1937eu,
    0x38d8c2c4u, 0x4fdff252u, 0xd1bb67f1u, 0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu,
    0xd80d2bdau, 0xaf0a1b4cu, 0x36034af6u, 0x41047a60u, 0xdf60efc3u, 0xa867df55u,
    0x316e8eefu, 0x4669be79u, 0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
    0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu, 0xc5ba3bbeu, 0xb2bd0b28u,
    0x2bb45a92u, 0x5cb36a04u, 0xc2d7ffa7u, 0xb5d0cf31u, 0x2cd99e8bu, 0x5bdeae1du,
    0x9b64c2b0u, 0xec63f226u, 0x756aa39cu, 0x026d930au, 0x9c0906a9u, 0xeb0e363fu,
    0x72076785u, 0x05005713u, 0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u,
    0x92d28e9bu, 0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u, 0x86d3d2d4u, 0xf1d4e242u,
    0x68ddb3f8u, 0x1fda836eu, 0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u, 0x18b74777u,
    0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu, 0x8f659effu, 0xf862ae69u,
    0x616bffd3u, 0x166ccf45u, 0xa00ae278u, 0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u,
    0xa7672661u, 0xd06016f7u, 0x4969474du, 0x3e6e77dbu, 0xaed16a4au, 0xd9d65adcu,
    0x40df0b66u, 0x37d83bf0u, 0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
    0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u, 0xbad03605u, 0xcdd70693u,
    0x54de5729u, 0x23d967bfu, 0xb3667a2eu, 0xc4614ab8u, 0x5d681b02u, 0x2a6f2b94u,
    0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu, 0x2d02ef8du,};

uint32_t zbc_crc32(const uint8_t *data, size_t len) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < len; i++) c = crc_table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

/* ---- Growable arrays ----------------------------------------------------- */

static bool grow(void **items, uint32_t *cap, uint32_t need, size_t elem) {
  if (need <= *cap) return true;
  uint64_t c = *cap ? *cap : 8;
  while (c < need) c *= 2;
  if (c > UINT32_MAX) c = UINT32_MAX;
  void *p = realloc(*items, (size_t)c * elem);
  if (p == NULL) return false;
  *items = p;
  *cap = (uint32_t)c;
  return true;
}

#define VEC_RESERVE(v, n) \
  grow((void **)&(v).items, &(v).cap, (v).len + (uint32_t)(n), sizeof *(v).items)
#define VEC_PUSH(v, x) (VEC_RESERVE(v, 1) ? ((v).items[(v).len++] = (x), true) : false)

/* ---- Units --------------------------------------------------------------- */

ZbcUnit *zbc_unit_new(const char *name) {
  ZbcUnit *u = calloc(1, sizeof *u);
  if (u == NULL) return NULL;
  if (name != NULL && !zbc_set_name(u, name)) {
    free(u);
    return NULL;
  }
  return u;
}

void zbc_unit_free(ZbcUnit *u) {
  if (u == NULL) return;
  free(u->name);
  for (uint32_t i = 0; i < u->syms.len; i++) free(u->syms.items[i]);
  free(u->syms.items);
  free(u->imports.items);
  free(u->code.items);
  free(u->lits.items);
  free(u->lit_refs.items);
  free(u->lit_floats.items);
  free(u->lit_bytes.items);
  free(u->relocs.items);
  free(u->debug.items);
  free(u);
}

static char *copy_bytes(const void *p, size_t n) {
  char *s = malloc(n + 1);
  if (s == NULL) return NULL;
  memcpy(s, p, n);
  s[n] = 0;
  return s;
}

bool zbc_set_name(ZbcUnit *u, const char *name) {
  char *s = copy_bytes(name, strlen(name));
  if (s == NULL) return false;
  free(u->name);
  u->name = s;
  return true;
}

bool zbc_valid_module_name(const char *name, size_t len) {
  if (len == 0 || len > ZBC_MAX_NAME) return false;
  char c = name[0];
  if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  for (size_t i = 1; i < len; i++) {
    c = name[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == '_' || c == '\''))
      return false;
  }
  return true;
}

bool zbc_emit(ZbcUnit *u, int32_t word) {
  if (u->code.len >= ZBC_MAX_CODE_WORDS) return false;
  return VEC_PUSH(u->code, word);
}

uint32_t zbc_symbol(ZbcUnit *u, const char *name) {
  for (uint32_t i = 0; i < u->syms.len; i++)
    if (strcmp(u->syms.items[i], name) == 0) return i;
  size_t n = strlen(name);
  if (n == 0 || n > ZBC_MAX_SYMBOL || u->syms.len >= ZBC_MAX_SYMBOLS) return UINT32_MAX;
  char *s = copy_bytes(name, n);
  if (s == NULL) return UINT32_MAX;
  if (!VEC_PUSH(u->syms, s)) {
    free(s);
    return UINT32_MAX;
  }
  return u->syms.len - 1;
}

bool zbc_add_import(ZbcUnit *u, const char *name, const uint8_t *crc) {
  uint32_t sym = zbc_symbol(u, name);
  if (sym == UINT32_MAX) return false;
  for (uint32_t i = 0; i < u->imports.len; i++) {
    ZbcImport *imp = &u->imports.items[i];
    if (imp->sym == sym) {
      if (crc != NULL) {
        imp->has_crc = true;
        memcpy(imp->crc, crc, ZBC_CRC_SIZE);
      }
      return true;
    }
  }
  if (u->imports.len >= ZBC_MAX_IMPORTS) return false;
  ZbcImport imp = {.sym = sym, .has_crc = crc != NULL};
  if (crc != NULL) memcpy(imp.crc, crc, ZBC_CRC_SIZE);
  return VEC_PUSH(u->imports, imp);
}

bool zbc_add_reloc(ZbcUnit *u, uint32_t word, ZbcRelocKind kind, uint32_t index) {
  ZbcReloc r = {.word = word, .kind = (uint8_t)kind, .index = index};
  return VEC_PUSH(u->relocs, r);
}

bool zbc_add_debug(ZbcUnit *u, uint32_t word, uint32_t line) {
  ZbcDebug d = {.word = word, .line = line};
  return VEC_PUSH(u->debug, d);
}

static uint32_t add_lit(ZbcUnit *u, ZbcLit lit) {
  if (u->lits.len >= ZBC_MAX_LITERALS || !VEC_PUSH(u->lits, lit)) return UINT32_MAX;
  return u->lits.len - 1;
}

uint32_t zbc_lit_int(ZbcUnit *u, ZbcLitKind kind, int64_t i) {
  return add_lit(u, (ZbcLit){.kind = (uint8_t)kind, .i = i});
}

uint32_t zbc_lit_float(ZbcUnit *u, double d) {
  ZbcLit lit = {.kind = ZBC_LIT_FLOAT};
  memcpy(&lit.bits, &d, sizeof d);
  return add_lit(u, lit);
}

uint32_t zbc_lit_string(ZbcUnit *u, const char *bytes, uint32_t len) {
  if (!VEC_RESERVE(u->lit_bytes, len)) return UINT32_MAX;
  ZbcLit lit = {.kind = ZBC_LIT_STRING, .n = len, .first = u->lit_bytes.len};
  if (len > 0) memcpy(u->lit_bytes.items + u->lit_bytes.len, bytes, len);
  u->lit_bytes.len += len;
  return add_lit(u, lit);
}

uint32_t zbc_lit_block(ZbcUnit *u, uint32_t tag, const uint32_t *fields, uint32_t n) {
  if (!VEC_RESERVE(u->lit_refs, n)) return UINT32_MAX;
  ZbcLit lit = {.kind = ZBC_LIT_BLOCK, .tag = tag, .n = n, .first = u->lit_refs.len};
  if (n > 0) memcpy(u->lit_refs.items + u->lit_refs.len, fields, n * sizeof *fields);
  u->lit_refs.len += n;
  return add_lit(u, lit);
}

uint32_t zbc_lit_float_array(ZbcUnit *u, const double *items, uint32_t n) {
  if (!VEC_RESERVE(u->lit_floats, n)) return UINT32_MAX;
  ZbcLit lit = {.kind = ZBC_LIT_FLOAT_ARRAY, .n = n, .first = u->lit_floats.len};
  for (uint32_t i = 0; i < n; i++) memcpy(&u->lit_floats.items[lit.first + i], &items[i], 8);
  u->lit_floats.len += n;
  return add_lit(u, lit);
}

/* ---- Checks shared by the reader and zbc_check --------------------------- */

static bool valid_block_tag(uint32_t tag) {
  return tag <= 246 || tag == 248 || tag == 250;
}

static bool fits_ocaml_int(int64_t i) {
  return i >= -((int64_t)1 << 62) && i < ((int64_t)1 << 62);
}

/* ---- The reader ---------------------------------------------------------- */

typedef struct Reader {
  const uint8_t *data;
  size_t pos;      /* next byte */
  size_t end;      /* end of the current section (or of the file) */
  ZbcError *err;
} Reader;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool fail_at(Reader *r, size_t at, const char *fmt, ...) {
  r->err->offset = at;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->err->msg, sizeof r->err->msg, fmt, ap);
  va_end(ap);
  return false;
}

static size_t left(const Reader *r) { return r->end - r->pos; }

static bool need(Reader *r, size_t n, const char *what) {
  if (n > left(r))
    return fail_at(r, r->pos, "truncated %s: needs %zu bytes but only %zu remain", what, n,
                   left(r));
  return true;
}

static uint32_t get_u32(Reader *r) {
  const uint8_t *p = r->data + r->pos;
  r->pos += 4;
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(Reader *r) {
  uint64_t lo = get_u32(r);
  uint64_t hi = get_u32(r);
  return lo | hi << 32;
}

static bool read_u8(Reader *r, uint8_t *out, const char *what) {
  if (!need(r, 1, what)) return false;
  *out = r->data[r->pos++];
  return true;
}

static bool read_u32(Reader *r, uint32_t *out, const char *what) {
  if (!need(r, 4, what)) return false;
  *out = get_u32(r);
  return true;
}

static bool read_u64(Reader *r, uint64_t *out, const char *what) {
  if (!need(r, 8, what)) return false;
  *out = get_u64(r);
  return true;
}

/* A count of items of at least [min_size] bytes each. */
static bool read_count(Reader *r, uint32_t *out, size_t min_size, uint32_t limit,
                       const char *what) {
  size_t at = r->pos;
  if (!read_u32(r, out, what)) return false;
  if (*out > limit) return fail_at(r, at, "%s count %u exceeds the limit of %u", what, *out, limit);
  if ((uint64_t)*out * min_size > left(r))
    return fail_at(r, at, "%s count %u needs at least %llu bytes but only %zu remain", what,
                   *out, (unsigned long long)*out * min_size, left(r));
  return true;
}

/* A string of 1..max bytes without NUL, copied. */
static bool read_name(Reader *r, char **out, size_t max, const char *what) {
  size_t at = r->pos;
  uint32_t n;
  if (!read_u32(r, &n, what)) return false;
  if (n == 0 || n > max) return fail_at(r, at, "%s length %u is not within 1..%zu", what, n, max);
  if (!need(r, n, what)) return false;
  if (memchr(r->data + r->pos, 0, n) != NULL) return fail_at(r, r->pos, "%s contains a NUL byte", what);
  *out = copy_bytes(r->data + r->pos, n);
  if (*out == NULL) return fail_at(r, at, "out of memory");
  r->pos += n;
  return true;
}

static bool read_name_section(Reader *r, ZbcUnit *u) {
  size_t n = left(r);
  const char *p = (const char *)r->data + r->pos;
  if (!zbc_valid_module_name(p, n))
    return fail_at(r, r->pos, "bad module name: expected 1..%d letters, digits, '_' or '\\'' "
                              "starting with a letter", ZBC_MAX_NAME);
  u->name = copy_bytes(p, n);
  if (u->name == NULL) return fail_at(r, r->pos, "out of memory");
  r->pos += n;
  return true;
}

static bool read_crc_section(Reader *r, ZbcUnit *u) {
  if (left(r) != ZBC_CRC_SIZE)
    return fail_at(r, r->pos, "CRC_ section must hold %d bytes, not %zu", ZBC_CRC_SIZE, left(r));
  memcpy(u->crc, r->data + r->pos, ZBC_CRC_SIZE);
  u->has_crc = true;
  r->pos += ZBC_CRC_SIZE;
  return true;
}

static bool read_syms_section(Reader *r, ZbcUnit *u) {
  uint32_t n;
  if (!read_count(r, &n, 5, ZBC_MAX_SYMBOLS, "symbol")) return false;
  if (!VEC_RESERVE(u->syms, n)) return fail_at(r, r->pos, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    char *s;
    if (!read_name(r, &s, ZBC_MAX_SYMBOL, "symbol")) return false;
    u->syms.items[u->syms.len++] = s;
  }
  return true;
}

static bool read_impt_section(Reader *r, ZbcUnit *u) {
  uint32_t n;
  u->impt_offset = r->pos;
  if (!read_count(r, &n, 21, ZBC_MAX_IMPORTS, "import")) return false;
  if (!VEC_RESERVE(u->imports, n)) return fail_at(r, r->pos, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    size_t at = r->pos;
    ZbcImport imp;
    imp.sym = get_u32(r);
    uint8_t has = r->data[r->pos++];
    memcpy(imp.crc, r->data + r->pos, ZBC_CRC_SIZE);
    r->pos += ZBC_CRC_SIZE;
    if (imp.sym >= u->syms.len)
      return fail_at(r, at, "import names symbol %u but there are %u symbols", imp.sym, u->syms.len);
    if (has > 1) return fail_at(r, at + 4, "import CRC flag must be 0 or 1, not %u", has);
    imp.has_crc = has;
    if (!has)
      for (int k = 0; k < ZBC_CRC_SIZE; k++)
        if (imp.crc[k] != 0) return fail_at(r, at + 5, "import without CRC has non-zero CRC bytes");
    for (uint32_t j = 0; j < u->imports.len; j++)
      if (strcmp(u->syms.items[u->imports.items[j].sym], u->syms.items[imp.sym]) == 0)
        return fail_at(r, at, "module %s is imported twice", u->syms.items[imp.sym]);
    u->imports.items[u->imports.len++] = imp;
  }
  return true;
}

static bool read_code_section(Reader *r, ZbcUnit *u) {
  size_t n = left(r);
  u->code_offset = r->pos;
  if (n == 0 || n % 4 != 0)
    return fail_at(r, r->pos, "CODE section length %zu is not a positive multiple of 4", n);
  if (n / 4 > ZBC_MAX_CODE_WORDS)
    return fail_at(r, r->pos, "code of %zu words exceeds the limit of %u", n / 4, ZBC_MAX_CODE_WORDS);
  if (!VEC_RESERVE(u->code, n / 4)) return fail_at(r, r->pos, "out of memory");
  for (size_t i = 0; i < n / 4; i++) u->code.items[u->code.len++] = (int32_t)get_u32(r);
  return true;
}

static bool read_lit(Reader *r, ZbcUnit *u, uint32_t index, uint32_t *depth) {
  size_t at = r->pos;
  uint8_t kind;
  if (!read_u8(r, &kind, "literal kind")) return false;
  ZbcLit lit = {.kind = kind};
  depth[index] = 1;
  switch (kind) {
  case ZBC_LIT_INT:
  case ZBC_LIT_INT64:
  case ZBC_LIT_NATIVEINT: {
    uint64_t x;
    if (!read_u64(r, &x, "integer literal")) return false;
    lit.i = (int64_t)x;
    if (kind == ZBC_LIT_INT && !fits_ocaml_int(lit.i))
      return fail_at(r, at + 1, "int literal %lld does not fit in 63 bits", (long long)lit.i);
    break;
  }
  case ZBC_LIT_INT32: {
    uint32_t x;
    if (!read_u32(r, &x, "int32 literal")) return false;
    lit.i = (int32_t)x;
    break;
  }
  case ZBC_LIT_FLOAT:
    if (!read_u64(r, &lit.bits, "float literal")) return false;
    break;
  case ZBC_LIT_STRING: {
    uint32_t n;
    if (!read_u32(r, &n, "string literal length")) return false;
    if (!need(r, n, "string literal")) return false;
    if (!VEC_RESERVE(u->lit_bytes, n)) return fail_at(r, at, "out of memory");
    lit.n = n;
    lit.first = u->lit_bytes.len;
    if (n > 0) memcpy(u->lit_bytes.items + lit.first, r->data + r->pos, n);
    u->lit_bytes.len += n;
    r->pos += n;
    break;
  }
  case ZBC_LIT_BLOCK: {
    uint32_t n;
    if (!read_u32(r, &lit.tag, "block tag")) return false;
    if (!valid_block_tag(lit.tag))
      return fail_at(r, at + 1, "literal block tag %u is not allowed (0..246, 248, 250)", lit.tag);
    if (!read_count(r, &n, 4, UINT32_MAX, "block field")) return false;
    if (!VEC_RESERVE(u->lit_refs, n)) return fail_at(r, at, "out of memory");
    lit.n = n;
    lit.first = u->lit_refs.len;
    for (uint32_t i = 0; i < n; i++) {
      size_t fat = r->pos;
      uint32_t f = get_u32(r);
      if (f >= index)
        return fail_at(r, fat, "literal %u field %u names node %u, which is not an earlier node",
                       index, i, f);
      if (depth[f] + 1 > depth[index]) depth[index] = depth[f] + 1;
      u->lit_refs.items[u->lit_refs.len++] = f;
    }
    if (depth[index] > ZBC_MAX_LITERAL_DEPTH)
      return fail_at(r, at, "literal nesting deeper than the limit of %d", ZBC_MAX_LITERAL_DEPTH);
    break;
  }
  case ZBC_LIT_FLOAT_ARRAY: {
    uint32_t n;
    if (!read_count(r, &n, 8, UINT32_MAX, "float array element")) return false;
    if (!VEC_RESERVE(u->lit_floats, n)) return fail_at(r, at, "out of memory");
    lit.n = n;
    lit.first = u->lit_floats.len;
    for (uint32_t i = 0; i < n; i++) u->lit_floats.items[u->lit_floats.len++] = get_u64(r);
    break;
  }
  default:
    return fail_at(r, at, "unknown literal kind %u", kind);
  }
  u->lits.items[u->lits.len++] = lit;
  return true;
}

static bool read_lits_section(Reader *r, ZbcUnit *u) {
  uint32_t n;
  if (!read_count(r, &n, 5, ZBC_MAX_LITERALS, "literal")) return false;
  if (!VEC_RESERVE(u->lits, n)) return fail_at(r, r->pos, "out of memory");
  uint32_t *depth = malloc(((size_t)n + 1) * sizeof *depth);
  if (depth == NULL) return fail_at(r, r->pos, "out of memory");
  bool ok = true;
  for (uint32_t i = 0; i < n && ok; i++) ok = read_lit(r, u, i, depth);
  free(depth);
  return ok;
}

static bool read_relo_section(Reader *r, ZbcUnit *u) {
  uint32_t n;
  u->relo_offset = r->pos;
  if (!read_count(r, &n, 9, u->code.len, "relocation")) return false;
  if (!VEC_RESERVE(u->relocs, n)) return fail_at(r, r->pos, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    size_t at = r->pos;
    ZbcReloc rel;
    rel.word = get_u32(r);
    rel.kind = r->data[r->pos++];
    rel.index = get_u32(r);
    if (rel.word >= u->code.len)
      return fail_at(r, at, "relocation at word %u is outside the %u code words", rel.word, u->code.len);
    if (i > 0 && rel.word <= u->relocs.items[i - 1].word)
      return fail_at(r, at, "relocations are not sorted by strictly increasing word");
    if (rel.kind >= ZBC_RELOC_KIND_COUNT)
      return fail_at(r, at + 4, "unknown relocation kind %u", rel.kind);
    uint32_t limit = rel.kind == ZBC_RELOC_LITERAL  ? u->lits.len
                     : rel.kind == ZBC_RELOC_PREDEF ? ZBC_PREDEF_COUNT
                                                    : u->syms.len;
    if (rel.index >= limit)
      return fail_at(r, at + 5, "relocation index %u out of range (%u %s)", rel.index, limit,
                     rel.kind == ZBC_RELOC_LITERAL  ? "literals"
                     : rel.kind == ZBC_RELOC_PREDEF ? "predefined exceptions"
                                                    : "symbols");
    if (rel.kind == ZBC_RELOC_SETGLOBAL && strcmp(u->syms.items[rel.index], u->name) != 0)
      return fail_at(r, at + 5, "setglobal of %s in module %s", u->syms.items[rel.index], u->name);
    u->relocs.items[u->relocs.len++] = rel;
  }
  return true;
}

static bool read_dbug_section(Reader *r, ZbcUnit *u) {
  uint32_t n;
  if (!read_count(r, &n, 8, u->code.len, "debug entry")) return false;
  if (!VEC_RESERVE(u->debug, n)) return fail_at(r, r->pos, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    size_t at = r->pos;
    ZbcDebug d;
    d.word = get_u32(r);
    d.line = get_u32(r);
    if (d.word >= u->code.len)
      return fail_at(r, at, "debug entry at word %u is outside the code", d.word);
    if (i > 0 && d.word <= u->debug.items[i - 1].word)
      return fail_at(r, at, "debug entries are not sorted by strictly increasing word");
    u->debug.items[u->debug.len++] = d;
  }
  return true;
}

typedef struct SectionDef {
  char tag[5];
  bool optional;
  bool (*read)(Reader *, ZbcUnit *);
} SectionDef;

static const SectionDef sections[] = {
    {"NAME", false, read_name_section}, {"CRC_", true, read_crc_section},
    {"SYMS", false, read_syms_section}, {"IMPT", false, read_impt_section},
    {"CODE", false, read_code_section}, {"LITS", false, read_lits_section},
    {"RELO", false, read_relo_section}, {"DBUG", true, read_dbug_section},
};
#define N_SECTIONS (sizeof sections / sizeof sections[0])

bool zbc_read(const uint8_t *data, size_t len, ZbcUnit **out, ZbcError *err, bool check_sum) {
  *out = NULL;
  err->offset = 0;
  err->msg[0] = 0;
  Reader rd = {.data = data, .pos = 0, .end = len, .err = err};
  Reader *r = &rd;
  if (len > ZBC_MAX_FILE)
    return fail_at(r, 0, "file of %zu bytes exceeds the limit of %u bytes", len, ZBC_MAX_FILE);
  if (len < 8 || memcmp(data, ZBC_MAGIC, 8) != 0) {
    if (len >= 8 && memcmp(data + 1, "ZBC", 3) == 0)
      return fail_at(r, 0, "bad magic number: a .zbc file damaged by a text-mode transfer?");
    return fail_at(r, 0, "bad magic number: not a .zbc file");
  }
  r->pos = 8;
  uint32_t version, flags;
  if (!read_u32(r, &version, "header")) return false;
  if (version != ZBC_VERSION)
    return fail_at(r, 8, "unsupported format version %u (this zvm reads version %d)", version,
                   ZBC_VERSION);
  if (!read_u32(r, &flags, "header")) return false;
  if (flags != 0) return fail_at(r, 12, "unknown header flags 0x%x", flags);

  ZbcUnit *u = calloc(1, sizeof *u);
  if (u == NULL) return fail_at(r, 0, "out of memory");
  size_t next_section = 0;
  for (;;) {
    size_t at = r->pos;
    r->end = len;
    if (!need(r, 8, "section header")) goto fail;
    char tag[5];
    memcpy(tag, data + r->pos, 4);
    tag[4] = 0;
    r->pos += 4;
    uint32_t slen = get_u32(r);
    if (strcmp(tag, "END_") == 0) {
      for (; next_section < N_SECTIONS; next_section++)
        if (!sections[next_section].optional) {
          fail_at(r, at, "missing %s section", sections[next_section].tag);
          goto fail;
        }
      if (slen != 4) {
        fail_at(r, at + 4, "END_ section must hold 4 bytes, not %u", slen);
        goto fail;
      }
      if (!need(r, 4, "checksum")) goto fail;
      size_t sum_at = r->pos;
      uint32_t stored = get_u32(r);
      if (r->pos != len) {
        fail_at(r, r->pos, "%zu stray bytes after the END_ section", len - r->pos);
        goto fail;
      }
      uint32_t actual = zbc_crc32(data, sum_at);
      if (check_sum && stored != actual) {
        fail_at(r, sum_at, "checksum mismatch (file says 0x%08x, contents give 0x%08x)", stored,
                actual);
        goto fail;
      }
      *out = u;
      return true;
    }
    size_t k = next_section;
    while (k < N_SECTIONS && memcmp(sections[k].tag, tag, 4) != 0) k++;
    if (k == N_SECTIONS) {
      bool known = false;
      for (size_t j = 0; j < N_SECTIONS; j++) known |= memcmp(sections[j].tag, tag, 4) == 0;
      for (int j = 0; j < 4; j++)
        if (tag[j] < 0x20 || tag[j] > 0x7e) tag[j] = '?';
      if (known)
        fail_at(r, at, "section %s is repeated or out of order", tag);
      else
        fail_at(r, at, "unknown section tag \"%s\"", tag);
      goto fail;
    }
    for (size_t j = next_section; j < k; j++)
      if (!sections[j].optional) {
        fail_at(r, at, "missing %s section before %s", sections[j].tag, tag);
        goto fail;
      }
    if (slen > left(r)) {
      fail_at(r, at + 4, "%s section claims %u bytes but only %zu remain", tag, slen, left(r));
      goto fail;
    }
    r->end = r->pos + slen;
    if (!sections[k].read(r, u)) goto fail;
    if (r->pos != r->end) {
      fail_at(r, r->pos, "%zu unread bytes at the end of the %s section", r->end - r->pos, tag);
      goto fail;
    }
    next_section = k + 1;
  }
fail:
  zbc_unit_free(u);
  return false;
}

/* ---- The writer ---------------------------------------------------------- */

typedef struct Writer {
  uint8_t *data;
  size_t len, cap;
  bool failed;
} Writer;

static void put(Writer *w, const void *p, size_t n) {
  if (w->failed) return;
  if (w->len + n > w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 256;
    while (cap < w->len + n) cap *= 2;
    uint8_t *d = realloc(w->data, cap);
    if (d == NULL) {
      w->failed = true;
      return;
    }
    w->data = d;
    w->cap = cap;
  }
  memcpy(w->data + w->len, p, n);
  w->len += n;
}

static void put_u8(Writer *w, uint8_t x) { put(w, &x, 1); }
static void put_u32(Writer *w, uint32_t x) {
  uint8_t b[4] = {(uint8_t)x, (uint8_t)(x >> 8), (uint8_t)(x >> 16), (uint8_t)(x >> 24)};
  put(w, b, 4);
}
static void put_u64(Writer *w, uint64_t x) {
  put_u32(w, (uint32_t)x);
  put_u32(w, (uint32_t)(x >> 32));
}
static void put_string(Writer *w, const char *s, uint32_t n) {
  put_u32(w, n);
  put(w, s, n);
}

/* Sections: write the tag and a placeholder length, then patch it. */
static size_t begin_section(Writer *w, const char *tag) {
  put(w, tag, 4);
  put_u32(w, 0);
  return w->len;
}
static void end_section(Writer *w, size_t start) {
  if (w->failed) return;
  uint32_t n = (uint32_t)(w->len - start);
  uint8_t *p = w->data + start - 4;
  p[0] = (uint8_t)n;
  p[1] = (uint8_t)(n >> 8);
  p[2] = (uint8_t)(n >> 16);
  p[3] = (uint8_t)(n >> 24);
}

static void write_lit(Writer *w, const ZbcUnit *u, const ZbcLit *lit) {
  put_u8(w, lit->kind);
  switch (lit->kind) {
  case ZBC_LIT_INT:
  case ZBC_LIT_INT64:
  case ZBC_LIT_NATIVEINT: put_u64(w, (uint64_t)lit->i); break;
  case ZBC_LIT_INT32: put_u32(w, (uint32_t)(int32_t)lit->i); break;
  case ZBC_LIT_FLOAT: put_u64(w, lit->bits); break;
  case ZBC_LIT_STRING: put_string(w, u->lit_bytes.items + lit->first, lit->n); break;
  case ZBC_LIT_BLOCK:
    put_u32(w, lit->tag);
    put_u32(w, lit->n);
    for (uint32_t i = 0; i < lit->n; i++) put_u32(w, u->lit_refs.items[lit->first + i]);
    break;
  case ZBC_LIT_FLOAT_ARRAY:
    put_u32(w, lit->n);
    for (uint32_t i = 0; i < lit->n; i++) put_u64(w, u->lit_floats.items[lit->first + i]);
    break;
  }
}

uint8_t *zbc_write(const ZbcUnit *u, size_t *len) {
  Writer w = {0};
  size_t s;
  put(&w, ZBC_MAGIC, 8);
  put_u32(&w, ZBC_VERSION);
  put_u32(&w, 0);

  s = begin_section(&w, "NAME");
  put(&w, u->name, strlen(u->name));
  end_section(&w, s);

  if (u->has_crc) {
    s = begin_section(&w, "CRC_");
    put(&w, u->crc, ZBC_CRC_SIZE);
    end_section(&w, s);
  }

  s = begin_section(&w, "SYMS");
  put_u32(&w, u->syms.len);
  for (uint32_t i = 0; i < u->syms.len; i++)
    put_string(&w, u->syms.items[i], (uint32_t)strlen(u->syms.items[i]));
  end_section(&w, s);

  s = begin_section(&w, "IMPT");
  put_u32(&w, u->imports.len);
  for (uint32_t i = 0; i < u->imports.len; i++) {
    const ZbcImport *imp = &u->imports.items[i];
    static const uint8_t zeros[ZBC_CRC_SIZE];
    put_u32(&w, imp->sym);
    put_u8(&w, imp->has_crc);
    put(&w, imp->has_crc ? imp->crc : zeros, ZBC_CRC_SIZE);
  }
  end_section(&w, s);

  s = begin_section(&w, "CODE");
  for (uint32_t i = 0; i < u->code.len; i++) put_u32(&w, (uint32_t)u->code.items[i]);
  end_section(&w, s);

  s = begin_section(&w, "LITS");
  put_u32(&w, u->lits.len);
  for (uint32_t i = 0; i < u->lits.len; i++) write_lit(&w, u, &u->lits.items[i]);
  end_section(&w, s);

  s = begin_section(&w, "RELO");
  put_u32(&w, u->relocs.len);
  for (uint32_t i = 0; i < u->relocs.len; i++) {
    const ZbcReloc *r = &u->relocs.items[i];
    put_u32(&w, r->word);
    put_u8(&w, r->kind);
    put_u32(&w, r->index);
  }
  end_section(&w, s);

  if (u->debug.len > 0) {
    s = begin_section(&w, "DBUG");
    put_u32(&w, u->debug.len);
    for (uint32_t i = 0; i < u->debug.len; i++) {
      put_u32(&w, u->debug.items[i].word);
      put_u32(&w, u->debug.items[i].line);
    }
    end_section(&w, s);
  }

  put(&w, "END_", 4);
  put_u32(&w, 4);
  if (!w.failed) put_u32(&w, zbc_crc32(w.data, w.len));
  if (w.failed) {
    free(w.data);
    return NULL;
  }
  *len = w.len;
  return w.data;
}

/* zbc_check: write the unit and read it back. Simple, and it guarantees
 * that "well formed" means exactly what the reader accepts. */
bool zbc_check(const ZbcUnit *u, ZbcError *err) {
  if (u->name == NULL || !zbc_valid_module_name(u->name, strlen(u->name))) {
    err->offset = 0;
    snprintf(err->msg, sizeof err->msg, "bad module name");
    return false;
  }
  size_t len;
  uint8_t *bytes = zbc_write(u, &len);
  if (bytes == NULL) {
    err->offset = 0;
    snprintf(err->msg, sizeof err->msg, "out of memory");
    return false;
  }
  ZbcUnit *back;
  bool ok = zbc_read(bytes, len, &back, err, true);
  free(bytes);
  zbc_unit_free(back);
  return ok;
}
