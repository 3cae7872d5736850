/* The limits of docs/zbc-format.md, against hostile files built here byte
 * by byte: each is refused with the exact message and byte offset, having read
 * nothing past the bad field (the rest of the file is in unreadable pages),
 * and a count that claims more than the bytes left is refused before
 * anything is allocated for it.
 *
 * The three files of issue 5: a 2^40-word code length, a literal nested
 * 100,000 deep, a million imports (claimed, and present: 1,000,000 entries
 * of 21 bytes are 21,000,000 bytes, under the 64 MiB file limit, so it is
 * the import limit that refuses them). */
/* MAP_ANONYMOUS is not POSIX.1-2008. */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../asm/asm.h"
#include "../../loader/load.h"
#include "../../loader/zbc.h"
#include "../../vm/vm.h"

/* Peak heap is measured through glibc's own allocator, which a sanitizer
 * replaces. */
#if defined(__SANITIZE_ADDRESS__)
#define ZVM_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define ZVM_SANITIZED 1
#endif
#endif
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33)) && \
    !defined(ZVM_SANITIZED)
#define HAVE_MALLINFO2 1
#include <malloc.h>
#endif

/* ---- Writing files by hand -------------------------------------------------------- */

typedef struct Buf {
  uint8_t *p;
  size_t len, cap;
} Buf;

static void put(Buf *b, const void *p, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n) cap *= 2;
    b->p = realloc(b->p, cap);
    cr_assert_not_null(b->p);
    b->cap = cap;
  }
  memcpy(b->p + b->len, p, n);
  b->len += n;
}

static void put_u8(Buf *b, uint8_t x) { put(b, &x, 1); }

static void put_u32(Buf *b, uint32_t x) {
  uint8_t w[4] = {(uint8_t)x, (uint8_t)(x >> 8), (uint8_t)(x >> 16), (uint8_t)(x >> 24)};
  put(b, w, 4);
}

static void put_u64(Buf *b, uint64_t x) {
  put_u32(b, (uint32_t)x);
  put_u32(b, (uint32_t)(x >> 32));
}

/* Start a section: its tag and a length patched by end_section. */
static size_t begin_section(Buf *b, const char *tag) {
  put(b, tag, 4);
  put_u32(b, 0);
  return b->len;
}

static void end_section(Buf *b, size_t start) {
  uint32_t n = (uint32_t)(b->len - start);
  for (int i = 0; i < 4; i++) b->p[start - 4 + i] = (uint8_t)(n >> (8 * i));
}

/* A section whose payload is one u32 (a count, or a code word): 0. */
static void zero_section(Buf *b, const char *tag) {
  size_t s = begin_section(b, tag);
  put_u32(b, 0);
  end_section(b, s);
}

/* The header, then NAME "M", no symbols, no imports, one code word. */
static Buf file_start(void) {
  Buf b = {0};
  put(&b, ZBC_MAGIC, 8);
  put_u32(&b, ZBC_VERSION);
  put_u32(&b, 0);
  size_t s = begin_section(&b, "NAME");
  put(&b, "M", 1);
  end_section(&b, s);
  return b;
}

static void empty_syms_impt_code(Buf *b) {
  size_t s = begin_section(b, "SYMS");
  put_u32(b, 0);
  end_section(b, s);
  s = begin_section(b, "IMPT");
  put_u32(b, 0);
  end_section(b, s);
  s = begin_section(b, "CODE");
  put_u32(b, 0); /* ACC0 */
  end_section(b, s);
}

static void file_end(Buf *b) {
  put(b, "END_", 4);
  put_u32(b, 4);
  put_u32(b, zbc_crc32(b->p, b->len));
}

/* A copy of [b] whose bytes from [readable] on cannot be read: they lie
 * in pages mapped PROT_NONE, so a reader that looked at them would crash
 * the test. This is how these tests show that a refusal is quick without
 * timing anything: the reader stops at the bad field, whatever follows it
 * (megabytes of imports, a whole literal pool, the checksum). */
typedef struct Guarded {
  uint8_t *map;
  size_t map_len;
  uint8_t *p; /* the copy: p[0 .. readable) readable */
} Guarded;

static Guarded guarded_copy(const Buf *b, size_t readable) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  if (readable > b->len) readable = b->len;
  size_t head = (readable + page - 1) / page * page; /* readable pages */
  size_t tail = (b->len - readable + page - 1) / page * page + page;
  Guarded g;
  g.map_len = head + tail;
  g.map = mmap(NULL, g.map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  cr_assert_neq(g.map, MAP_FAILED);
  g.p = g.map + head - readable;
  memcpy(g.p, b->p, readable);
  cr_assert_eq(mprotect(g.map + head, tail, PROT_NONE), 0);
  return g;
}

static void guarded_free(Guarded *g) { munmap(g->map, g->map_len); }

/* zbc_read must refuse [b] at byte [offset], saying exactly [msg], having
 * read nothing beyond the field at [offset] (allowed: [offset] + 16). */
static void refused(const Buf *b, size_t offset, const char *msg) {
  Guarded g = guarded_copy(b, offset + 16);
  ZbcUnit *u = (ZbcUnit *)1;
  ZbcError err;
  bool ok = zbc_read(g.p, b->len, &u, &err, true);
  guarded_free(&g);
  cr_assert(!ok, "a hostile file of %zu bytes was accepted", b->len);
  cr_assert_null(u);
  cr_assert_str_eq(err.msg, msg);
  cr_assert_eq(err.offset, offset, "offset %zu, expected %zu", err.offset, offset);
}

/* ---- 2^40 code words ---------------------------------------------------------------- */

/* A section length is a u32, so no file can claim 2^40 words (2^42
 * bytes). What a writer trying to can produce: the low 32 bits of 2^42
 * (zero), or the largest claim a u32 holds. Both are refused at once. */
Test(zbc_limits, code_length_2_40_words, .timeout = 10) {
  uint64_t claim = (uint64_t)4 << 40; /* 2^40 words of 4 bytes */
  Buf b = file_start();
  empty_syms_impt_code(&b);
  b.len -= 12; /* back to the start of CODE */
  size_t code_at = b.len;
  put(&b, "CODE", 4);
  put_u64(&b, claim); /* as a u64: a u32 length of 0, then 4 stray bytes */
  file_end(&b);
  refused(&b, code_at + 8, "CODE section length 0 is not a positive multiple of 4");

  b.len = code_at;
  put(&b, "CODE", 4);
  put_u32(&b, 0xFFFFFFFCu); /* 2^30 - 1 words: the most a u32 can claim */
  put_u32(&b, 0);
  file_end(&b);
  char msg[200];
  snprintf(msg, sizeof msg, "CODE section claims 4294967292 bytes but only %zu remain",
           b.len - (code_at + 8));
  refused(&b, code_at + 4, msg);
  free(b.p);
}

/* The code limit itself, with the words present: 4,194,305 words (a file
 * of 16 MiB), refused before the code is copied or the checksum computed. */
Test(zbc_limits, code_over_the_limit, .timeout = 10) {
  Buf b = file_start();
  empty_syms_impt_code(&b);
  b.len -= 12;
  size_t code_at = b.len;
  size_t s = begin_section(&b, "CODE");
  size_t bytes = ((size_t)ZBC_MAX_CODE_WORDS + 1) * 4;
  uint8_t *zeros = calloc(1, bytes);
  cr_assert_not_null(zeros);
  put(&b, zeros, bytes);
  free(zeros);
  end_section(&b, s);
  file_end(&b);
  refused(&b, code_at + 8, "code of 4194305 words exceeds the limit of 4194304");
  free(b.p);
}

/* ---- A literal nested 100,000 deep --------------------------------------------------- */

/* Node 0 is the int 0, node i a block whose one field is node i - 1: node
 * i is nested i + 1 deep. The reader computes depths in one forward pass
 * and stops at node 10,000, the first deeper than the limit. */
static Buf nested_literal_file(uint32_t nodes, size_t *node_at) {
  Buf b = file_start();
  empty_syms_impt_code(&b);
  size_t s = begin_section(&b, "LITS");
  put_u32(&b, nodes);
  put_u8(&b, ZBC_LIT_INT);
  put_u64(&b, 0);
  for (uint32_t i = 1; i < nodes; i++) {
    if (i == ZBC_MAX_LITERAL_DEPTH) *node_at = b.len;
    put_u8(&b, ZBC_LIT_BLOCK);
    put_u32(&b, 0);     /* tag */
    put_u32(&b, 1);     /* one field */
    put_u32(&b, i - 1); /* the previous node */
  }
  end_section(&b, s);
  zero_section(&b, "RELO");
  file_end(&b);
  return b;
}

Test(zbc_limits, literal_nested_100000_deep, .timeout = 10) {
  size_t node_at = 0;
  Buf b = nested_literal_file(100000, &node_at);
  refused(&b, node_at, "literal nesting deeper than the limit of 10000");
  free(b.p);

  /* One level less is within the limit: the limit is exact. */
  b = nested_literal_file(ZBC_MAX_LITERAL_DEPTH, &node_at);
  ZbcUnit *u;
  ZbcError err;
  cr_assert(zbc_read(b.p, b.len, &u, &err, true), "%s", err.msg);
  zbc_unit_free(u);
  free(b.p);
}

/* The same literal built in memory: zbc_check refuses it too. */
Test(zbc_limits, nested_literal_built_in_memory, .timeout = 10) {
  ZbcUnit *u = zbc_unit_new("M");
  cr_assert_not_null(u);
  cr_assert(zbc_emit(u, 0));
  uint32_t node = zbc_lit_int(u, ZBC_LIT_INT, 0);
  for (int i = 1; i < 100000; i++) node = zbc_lit_block(u, 0, &node, 1);
  cr_assert_neq(node, UINT32_MAX);
  ZbcError err;
  cr_assert(!zbc_check(u, &err));
  cr_assert_str_eq(err.msg, "literal nesting deeper than the limit of 10000");
  zbc_unit_free(u);
}

/* And as a listing: the assembler parses constants with an explicit stack
 * and stops at the same depth. */
Test(zbc_limits, nested_constant_in_a_listing, .timeout = 10) {
  size_t depth = 100000;
  size_t len = 6 + 4 * depth + 1 + depth + 15;
  char *text = malloc(len + 1);
  cr_assert_not_null(text);
  char *p = text;
  p += sprintf(p, "const ");
  for (size_t i = 0; i < depth; i++) p += sprintf(p, "[0: ");
  *p++ = '0';
  memset(p, ']', depth);
  p += depth;
  p += sprintf(p, "\nsetglobal M!\n");
  char *errors;
  size_t n;
  FILE *f = open_memstream(&errors, &n);
  cr_assert_not_null(f);
  ZbcUnit *u;
  AsmOptions o = {.no_cmi = true};
  bool ok = asm_assemble("deep.zs", text, (size_t)(p - text), &o, &u, f);
  fclose(f);
  cr_assert(!ok);
  /* Column 40,007: after `const ` (6 bytes) and 10,000 `[0: ` (40,000),
   * the 10,001st `[`. */
  cr_assert_str_eq(errors, "deep.zs:1:40007: error: constant nested deeper than 10000 levels\n");
  free(errors);
  free(text);
}

/* ---- A million imports ------------------------------------------------------------- */

/* IMPT with [count] and [present] entries, each naming symbol 0. */
static Buf imports_file(uint32_t count, uint32_t present, size_t *count_at) {
  Buf b = file_start();
  size_t s = begin_section(&b, "SYMS");
  put_u32(&b, 1);
  put_u32(&b, 1);
  put(&b, "A", 1);
  end_section(&b, s);
  s = begin_section(&b, "IMPT");
  *count_at = b.len;
  put_u32(&b, count);
  static const uint8_t entry[21] = {0}; /* symbol 0, no CRC */
  for (uint32_t i = 0; i < present; i++) put(&b, entry, sizeof entry);
  end_section(&b, s);
  zero_section(&b, "CODE");
  zero_section(&b, "LITS");
  zero_section(&b, "RELO");
  file_end(&b);
  return b;
}

Test(zbc_limits, a_million_imports_claimed, .timeout = 10) {
  size_t at;
  Buf b = imports_file(1000000, 0, &at);
  refused(&b, at, "import count 1000000 exceeds the limit of 4096");
  free(b.p);
}

Test(zbc_limits, a_million_imports_present, .timeout = 10) {
  size_t at;
  Buf b = imports_file(1000000, 1000000, &at);
  cr_assert_gt(b.len, (size_t)21000000);
  cr_assert_lt(b.len, (size_t)ZBC_MAX_FILE); /* so the file limit is not what refuses it */
  refused(&b, at, "import count 1000000 exceeds the limit of 4096");
  free(b.p);
}

/* Within the limit but beyond the bytes: the count is checked against
 * what remains. */
Test(zbc_limits, imports_claiming_more_than_the_bytes_left, .timeout = 10) {
  size_t at;
  Buf b = imports_file(ZBC_MAX_IMPORTS, 1, &at);
  refused(&b, at, "import count 4096 needs at least 86016 bytes but only 21 remain");
  free(b.p);
}

/* The loader says the same, naming the file. */
Test(zbc_limits, the_loader_names_file_and_byte, .timeout = 10) {
  size_t at;
  Buf b = imports_file(1000000, 0, &at);
  Vm *vm = vm_new();
  cr_assert_not_null(vm);
  LoadError err;
  value v;
  cr_assert_eq(load_buffer(vm, "plugin.zbc", b.p, b.len, 0, &v, &err), LOAD_FAILED);
  char want[200];
  snprintf(want, sizeof want, "plugin.zbc: byte %zu: import count 1000000 exceeds the limit of 4096",
           at);
  cr_assert_str_eq(err.msg, want);
  vm_free(vm);
  free(b.p);
}

/* ---- The other limits ----------------------------------------------------------------- */

Test(zbc_limits, file_too_big, .timeout = 10) {
  /* Only the length matters: the reader looks at nothing else first. */
  size_t len = (size_t)ZBC_MAX_FILE + 1;
  uint8_t *p = calloc(1, len);
  cr_assert_not_null(p);
  Buf b = {.p = p, .len = len, .cap = len};
  refused(&b, 0, "file of 67108865 bytes exceeds the limit of 67108864 bytes");
  free(p);
}

Test(zbc_limits, name_and_symbol_lengths, .timeout = 10) {
  char name[ZBC_MAX_NAME + 2];
  memset(name, 'a', sizeof name);
  cr_assert(zbc_valid_module_name(name, ZBC_MAX_NAME));
  cr_assert(!zbc_valid_module_name(name, ZBC_MAX_NAME + 1));

  /* A symbol of 1025 bytes. */
  Buf b = file_start();
  size_t s = begin_section(&b, "SYMS");
  put_u32(&b, 1);
  size_t at = b.len;
  put_u32(&b, ZBC_MAX_SYMBOL + 1);
  for (int i = 0; i <= ZBC_MAX_SYMBOL; i++) put_u8(&b, 'x');
  end_section(&b, s);
  file_end(&b);
  refused(&b, at, "symbol length 1025 is not within 1..1024");
  free(b.p);
}

Test(zbc_limits, symbol_count, .timeout = 10) {
  Buf b = file_start();
  size_t s = begin_section(&b, "SYMS");
  size_t at = b.len;
  put_u32(&b, ZBC_MAX_SYMBOLS + 1);
  end_section(&b, s);
  file_end(&b);
  refused(&b, at, "symbol count 65537 exceeds the limit of 65536");
  free(b.p);
}

Test(zbc_limits, literal_count, .timeout = 10) {
  Buf b = file_start();
  empty_syms_impt_code(&b);
  size_t s = begin_section(&b, "LITS");
  size_t at = b.len;
  put_u32(&b, ZBC_MAX_LITERALS + 1);
  end_section(&b, s);
  file_end(&b);
  refused(&b, at, "literal count 1048577 exceeds the limit of 1048576");
  free(b.p);
}

/* ---- Counts are checked before allocating ---------------------------------------------------- */

/* The heap grown by zbc_read([b]), in bytes, measured in a child process:
 * with mmap and trimming off, glibc takes all memory from its arenas and
 * never gives it back, so the arenas' size after the call is the peak.
 * Returns -1 where that cannot be measured (no glibc mallinfo2, or a
 * sanitizer's allocator in place of glibc's). */
static long long heap_growth(const Buf *b, bool *accepted) {
#if defined(HAVE_MALLINFO2)
  int fds[2];
  cr_assert_eq(pipe(fds), 0);
  pid_t pid = fork();
  cr_assert_neq(pid, -1);
  if (pid == 0) {
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, -1);
    long long r[2] = {-1, 0};
    size_t before = mallinfo2().arena;
    ZbcUnit *u;
    ZbcError err;
    r[1] = zbc_read(b->p, b->len, &u, &err, true);
    zbc_unit_free(u);
    size_t after = mallinfo2().arena;
    if (before != 0) r[0] = (long long)(after - before);
    ssize_t w = write(fds[1], r, sizeof r);
    _exit(w == (ssize_t)sizeof r ? 0 : 1);
  }
  close(fds[1]);
  long long r[2] = {-1, 0};
  ssize_t got = read(fds[0], r, sizeof r);
  close(fds[0]);
  int status;
  waitpid(pid, &status, 0);
  cr_assert(got == (ssize_t)sizeof r && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  *accepted = r[1] != 0;
  return r[0];
#else
  (void)b;
  *accepted = false;
  return -1;
#endif
}

/* The most literal nodes a file may declare, with no bytes for them. If
 * the reader allocated its node table (32 MiB) or the depth table (4 MiB)
 * before checking the count against the bytes left, the heap would show
 * it. The same count with its bytes present shows that it would. */
Test(zbc_limits, count_checked_before_allocating, .timeout = 30) {
  Buf b = file_start();
  empty_syms_impt_code(&b);
  size_t s = begin_section(&b, "LITS");
  size_t at = b.len;
  put_u32(&b, ZBC_MAX_LITERALS);
  end_section(&b, s);
  file_end(&b);
  refused(&b, at, "literal count 1048576 needs at least 5242880 bytes but only 0 remain");
  bool accepted;
  long long grown = heap_growth(&b, &accepted);
  free(b.p);
  if (grown < 0) {
    /* (Logged with cr_log_warn, this makes Criterion exit 1.) */
    fprintf(stderr, "zbc_limits: heap growth not measurable here (sanitizer or no glibc): "
                    "only the message checked\n");
    return;
  }
  cr_assert_lt(grown, 64 * 1024, "refusing the count grew the heap by %lld bytes", grown);

  /* Control: the same count with a million int nodes present. */
  b = file_start();
  empty_syms_impt_code(&b);
  s = begin_section(&b, "LITS");
  put_u32(&b, ZBC_MAX_LITERALS);
  for (uint32_t i = 0; i < ZBC_MAX_LITERALS; i++) {
    put_u8(&b, ZBC_LIT_INT);
    put_u64(&b, i);
  }
  end_section(&b, s);
  zero_section(&b, "RELO");
  file_end(&b);
  grown = heap_growth(&b, &accepted);
  cr_assert(accepted);
  cr_assert_gt(grown, (long long)ZBC_MAX_LITERALS * (long long)sizeof(ZbcLit),
               "reading a million nodes grew the heap by only %lld bytes", grown);
  free(b.p);
}
