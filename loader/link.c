/* The loader: from .zbc bytes to a running segment (see load.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../vm/alloc.h"
#include "../vm/fail.h"
#include "../vm/interp.h"
#include "../vm/opcodes.h"
#include "../vm/prims.h"
#include "../vm/vm.h"
#include "load.h"
#include "segment.h"
#include "unitcache.h"
#include "verify.h"
#include "zbc.h"

#define MAX_IMPORT_DEPTH 64

/* The chain of modules being loaded (for import cycles and depth). */
typedef struct Loading {
  const struct Loading *parent;
  const char *name;
  int depth;
} Loading;

/* One load in progress: the prepared unit (unitcache.h), and what this
 * load adds to it. */
typedef struct Link {
  Vm *vm;
  const char *file;
  unsigned flags;
  Prepared *p;
  ZbcUnit *u;           /* p->u */
  LoadError *err;
  const Loading *loading;
  uint32_t *sym_slot;   /* global slot per symbol (getglobal), or UINT32_MAX */
  uint32_t n_imports;   /* imported segments the code reads globals of */
  value imports;        /* heap block holding them while linking (rooted) */
  value lits;           /* heap block of materialised literal nodes (rooted) */
  value seg;            /* the new segment (rooted) */
} Link;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static LoadStatus fail(Link *l, size_t offset, const char *fmt, ...) {
  int n = snprintf(l->err->msg, sizeof l->err->msg, "%s: byte %zu: ", l->file, offset);
  if (n < 0 || (size_t)n >= sizeof l->err->msg) return LOAD_FAILED;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(l->err->msg + n, sizeof l->err->msg - (size_t)n, fmt, ap);
  va_end(ap);
  return LOAD_FAILED;
}

static size_t import_offset(const Link *l, uint32_t i) { return l->u->impt_offset + 4 + 21 * (size_t)i; }

/* ---- Files ---------------------------------------------------------------- */

/* Read a whole file with plain system calls (open, fstat, read, close):
 * loading a small plugin is dominated by fixed costs, and stdio adds a
 * buffer allocation and copies to each. A regular file is read up to the
 * size fstat gave (what it held then: no extra read to find the end);
 * [st], if not NULL, receives that fstat (st_size 0 if not a regular
 * file). */
static uint8_t *read_file(const char *path, size_t *len, LoadError *err, struct stat *st_out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err->msg, sizeof err->msg, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    /* Pipes and devices: read until the end. */
    memset(&st, 0, sizeof st);
  }
  if (st_out != NULL) *st_out = st;
  /* One byte over the limit is enough for zbc_read to say "too big". */
  bool sized = st.st_size > 0 && (uint64_t)st.st_size <= ZBC_MAX_FILE;
  size_t cap = sized ? (size_t)st.st_size + 1 : 4096;
  size_t n = 0;
  uint8_t *buf = malloc(cap);
  while (buf != NULL && !(sized && n == (size_t)st.st_size)) {
    ssize_t got = read(fd, buf + n, cap - n);
    if (got < 0) {
      if (errno == EINTR) continue;
      snprintf(err->msg, sizeof err->msg, "%s: read error: %s", path, strerror(errno));
      free(buf);
      buf = NULL;
      break;
    }
    if (got == 0) break;
    n += (size_t)got;
    if (n == cap) {
      if (cap > ZBC_MAX_FILE) break;
      uint8_t *nb = realloc(buf, cap * 2);
      if (nb == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  close(fd);
  if (buf == NULL) {
    if (err->msg[0] == 0) snprintf(err->msg, sizeof err->msg, "%s: out of memory", path);
    return NULL;
  }
  *len = n;
  return buf;
}

uint8_t *load_read_file(const char *path, size_t *len, LoadError *err) {
  return read_file(path, len, err, NULL);
}

int vm_add_search_path(Vm *vm, const char *dir) {
  char **p = realloc(vm->search_path, (size_t)(vm->n_search_path + 1) * sizeof *p);
  if (p == NULL) return 0;
  vm->search_path = p;
  size_t n = strlen(dir);
  char *copy = malloc(n + 1);
  if (copy == NULL) return 0;
  memcpy(copy, dir, n + 1);
  vm->search_path[vm->n_search_path++] = copy;
  return 1;
}

/* Find NAME.zbc on the search path, first letter lower-cased as OCaml
 * does, then as is. Returns a malloc'ed path or NULL. */
static char *find_module_file(Vm *vm, const char *name) {
  size_t n = strlen(name);
  char base[ZBC_MAX_NAME + 8];
  if (n > ZBC_MAX_NAME) return NULL;
  for (int variant = 0; variant < 2; variant++) {
    memcpy(base, name, n);
    memcpy(base + n, ".zbc", 5);
    if (variant == 0 && base[0] >= 'A' && base[0] <= 'Z') base[0] = (char)(base[0] - 'A' + 'a');
    else if (variant == 0) continue;
    for (int i = 0; i < vm->n_search_path; i++) {
      size_t dl = strlen(vm->search_path[i]);
      char *path = malloc(dl + 1 + n + 5);
      if (path == NULL) return NULL;
      memcpy(path, vm->search_path[i], dl);
      path[dl] = '/';
      memcpy(path + dl + 1, base, n + 5);
      FILE *f = fopen(path, "rb");
      if (f != NULL) {
        fclose(f);
        return path;
      }
      free(path);
    }
  }
  return NULL;
}

/* ---- Preparing: what depends on the file only (unitcache.h) --------------- */

/* Errors while preparing, named like the loader's. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static LoadStatus prep_fail(LoadError *err, const char *file, const ZbcUnit *u, uint32_t word,
                            const char *fmt, ...) {
  size_t offset = u->code_offset + 4 * (size_t)word;
  int n = snprintf(err->msg, sizeof err->msg, "%s: byte %zu: ", file, offset);
  if (n < 0 || (size_t)n >= sizeof err->msg) return LOAD_FAILED;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg + n, sizeof err->msg - (size_t)n, fmt, ap);
  va_end(ap);
  return LOAD_FAILED;
}

/* The code as it will run: the file's code, RETURN appended (the module
 * initialisation returns to its caller), DYN closures if collectable;
 * verified. */
static LoadStatus prepare_code(Prepared *p, const char *file, LoadError *err) {
  ZbcUnit *u = p->u;
  p->code_words = u->code.len + 2;
  p->code = malloc(p->code_words * (sizeof(int32_t) + 1));
  if (p->code == NULL) return prep_fail(err, file, u, 0, "out of memory");
  p->starts = (uint8_t *)(p->code + p->code_words);
  memcpy(p->code, u->code.items, u->code.len * sizeof(int32_t));
  p->code[u->code.len] = OP_RETURN;
  p->code[u->code.len + 1] = 1;
  if (!(p->mode & LOAD_PINNED)) {
    for (uint32_t pc = 0; pc < u->code.len;) {
      size_t n = instruction_length(p->code, p->code_words, pc);
      if (n == 0) break; /* the verifier reports it */
      if (p->code[pc] == OP_CLOSURE) p->code[pc] = OP_CLOSUREDYN;
      else if (p->code[pc] == OP_CLOSUREREC) p->code[pc] = OP_CLOSURERECDYN;
      pc += (uint32_t)n;
    }
  }
  VerifyResult vr;
  if (!verify_code_starts(p->code, p->code_words, u->relocs.items, u->relocs.len,
                          !(p->mode & LOAD_PINNED), &vr, p->starts))
    return prep_fail(err, file, u, vr.word < u->code.len ? vr.word : u->code.len,
                     "code word %u: %s", vr.word, vr.msg);
  p->max_depth = vr.max_depth;
  p->code[u->code.len + 1] = (int32_t)vr.final_depth + 1;
  return LOAD_OK;
}

/* Resolve a primitive relocation, used by a C call of [arity] arguments. */
static LoadStatus link_prim(Vm *vm, Prepared *p, const char *file, LoadError *err,
                            const ZbcReloc *r, int32_t arity, bool by_array) {
  const char *sym = p->u->syms.items[r->index];
  if (p->sym_prim[r->index] < 0) {
    int k = prim_resolve(vm, sym, strlen(sym));
    if (k < 0) return prep_fail(err, file, p->u, r->word, "unknown primitive %s", sym);
    p->sym_prim[r->index] = k;
  }
  int want = prim_arity(vm, p->sym_prim[r->index]);
  if (arity != want)
    return prep_fail(err, file, p->u, r->word, "primitive %s takes %d argument%s but is called with %d",
                     sym, want, want == 1 ? "" : "s", (int)arity);
  /* C_CALL1..5 pass the arguments in C registers, C_CALLN as an array:
   * the primitive must have been written for the form used. */
  if (by_array != (want > 5))
    return prep_fail(err, file, p->u, r->word, "primitive %s of %d argument%s called with %s", sym,
                     want, want == 1 ? "" : "s", by_array ? "C_CALLN" : "C_CALL1..5");
  return LOAD_OK;
}

/* Number the segment's slots for the literals; resolve primitives; check
 * that every global read is imported. The code is verified, so
 * relocations sit exactly on global and primitive operands, and the
 * verifier's map of instruction starts tells a C_CALLk's operand (opcode
 * just before it) from a C_CALLN's (two words before). */
static LoadStatus link_symbols(Vm *vm, Prepared *p, const char *file, LoadError *err) {
  ZbcUnit *u = p->u;
  p->n_slots = 1; /* slot 0: the module's own global */
  for (uint32_t i = 0; i < u->relocs.len; i++) {
    const ZbcReloc *r = &u->relocs.items[i];
    LoadStatus st = LOAD_OK;
    switch (r->kind) {
    case ZBC_RELOC_LITERAL:
      if (p->lit_slot[r->index] == UINT32_MAX) p->lit_slot[r->index] = p->n_slots++;
      break;
    case ZBC_RELOC_PRIM: {
      bool by_array = !p->starts[r->word - 1];
      int32_t arity = by_array ? p->code[r->word - 1] : p->code[r->word - 1] - OP_C_CALL1 + 1;
      st = link_prim(vm, p, file, err, r, arity, by_array);
      break;
    }
    case ZBC_RELOC_GETGLOBAL: {
      /* Always a module, even one named like a predefined exception. */
      const char *sym = u->syms.items[r->index];
      if (strcmp(sym, u->name) == 0) break;
      bool listed = false;
      for (uint32_t k = 0; k < u->imports.len && !listed; k++)
        listed = u->imports.items[k].sym == r->index;
      if (!listed) st = prep_fail(err, file, u, r->word, "global %s is read but not imported", sym);
      break;
    }
    default:
      break;
    }
    if (st != LOAD_OK) return st;
  }
  return LOAD_OK;
}

/* Prepare unit [u] (taken over: freed with the result, or on failure) for
 * a load into [vm] (whose host primitives it may call) with [flags]. NULL
 * with [err] set on failure. */
static Prepared *prepare(Vm *vm, const char *file, ZbcUnit *u, unsigned flags, LoadError *err) {
  Prepared *p = calloc(1, sizeof *p);
  if (p == NULL) {
    zbc_unit_free(u);
    snprintf(err->msg, sizeof err->msg, "%s: out of memory", file);
    return NULL;
  }
  p->refs = 1;
  p->mode = PREPARED_MODE(flags);
  p->u = u;
  /* One allocation for the per-symbol and per-literal tables. */
  uint32_t nsyms = u->syms.len, nlits = u->lits.len;
  p->sym_prim = malloc(((size_t)nsyms + 1) * sizeof *p->sym_prim + ((size_t)nlits + 1) * sizeof *p->lit_slot);
  if (p->sym_prim == NULL) {
    prep_fail(err, file, u, 0, "out of memory");
    prepared_release(p);
    return NULL;
  }
  p->lit_slot = (uint32_t *)(p->sym_prim + nsyms + 1);
  for (uint32_t i = 0; i < nsyms; i++) p->sym_prim[i] = -1;
  for (uint32_t i = 0; i < nlits; i++) p->lit_slot[i] = UINT32_MAX;
  if (prepare_code(p, file, err) != LOAD_OK || link_symbols(vm, p, file, err) != LOAD_OK) {
    prepared_release(p);
    return NULL;
  }
  return p;
}

/* ---- Instantiating: linking against the loaded modules, building ----------- */

static bool crc_equal(const uint8_t *a, const uint8_t *b) { return memcmp(a, b, CRC_SIZE) == 0; }

static void crc_hex(const uint8_t *crc, char out[33]) {
  for (int i = 0; i < CRC_SIZE; i++) snprintf(out + 2 * i, 3, "%02x", crc[i]);
}

static LoadStatus load_path(Vm *vm, const char *path, const char *expect, unsigned flags,
                            const Loading *loading, value *result, LoadError *err, bool run);

/* Is the symbol read by some GETGLOBAL relocation? */
static bool symbol_is_read(const ZbcUnit *u, uint32_t sym) {
  for (uint32_t i = 0; i < u->relocs.len; i++)
    if (u->relocs.items[i].kind == ZBC_RELOC_GETGLOBAL && u->relocs.items[i].index == sym) return true;
  return false;
}

/* Load module [name] from the search path for an import. */
static LoadStatus load_import(Link *l, const char *name, size_t at, bool run) {
  for (const Loading *p = l->loading; p != NULL; p = p->parent)
    if (strcmp(p->name, name) == 0) return fail(l, at, "import cycle through module %s", name);
  if (l->loading->depth >= MAX_IMPORT_DEPTH)
    return fail(l, at, "imports nested more than %d deep", MAX_IMPORT_DEPTH);
  char *path = find_module_file(l->vm, name);
  if (path == NULL) {
    if (l->vm->n_search_path == 0)
      return fail(l, at, "module %s is not loaded, and there is no search path to find it", name);
    return fail(l, at, "cannot find module %s (no %c%s.zbc on the search path)", name,
                name[0] >= 'A' && name[0] <= 'Z' ? name[0] - 'A' + 'a' : name[0], name + 1);
  }
  LoadError sub;
  sub.msg[0] = 0;
  Loading me = {l->loading, name, l->loading->depth + 1};
  value res = Val_unit;
  LoadStatus st = load_path(l->vm, path, name, (l->flags & (LOAD_PINNED | LOAD_NO_CHECKSUM)) | LOAD_PUBLIC,
                            &me, &res, &sub, run);
  if (st == LOAD_RAISED) {
    char *msg = caml_format_exception(l->vm, Extract_exception(res));
    snprintf(sub.msg, sizeof sub.msg, "%s: initialisation raised %s", path, msg ? msg : "?");
    free(msg);
    st = LOAD_FAILED;
  }
  free(path);
  if (st != LOAD_OK) return fail(l, at, "while loading module %s: %s", name, sub.msg);
  return LOAD_OK;
}

/* Resolve every import: find (or load) the modules whose globals the code
 * reads, check interface CRCs against loaded modules. */
static LoadStatus link_imports(Link *l, bool run) {
  ZbcUnit *u = l->u;
  for (uint32_t i = 0; i < u->imports.len; i++) {
    const ZbcImport *imp = &u->imports.items[i];
    const char *name = u->syms.items[imp->sym];
    if (strcmp(name, u->name) == 0) continue;
    bool needed = symbol_is_read(u, imp->sym);
    Segment *s = registry_find(l->vm, name);
    if (s == NULL && needed) {
      if (!run) {
        /* zvm verify: check the imported file without loading it. */
        LoadStatus st = load_import(l, name, import_offset(l, i), false);
        if (st != LOAD_OK) return st;
        continue;
      }
      LoadStatus st = load_import(l, name, import_offset(l, i), true);
      if (st != LOAD_OK) return st;
      s = registry_find(l->vm, name);
      if (s == NULL) return fail(l, import_offset(l, i), "module %s did not register", name);
    }
    if (s != NULL && imp->has_crc && s->has_crc && !crc_equal(imp->crc, s->crc)) {
      char want[33], have[33];
      crc_hex(imp->crc, want);
      crc_hex(s->crc, have);
      return fail(l, import_offset(l, i),
                  "%s and the loaded module %s make inconsistent assumptions over interface %s "
                  "(expected CRC %s, loaded %s)",
                  l->file, name, name, want, have);
    }
    if (s != NULL && needed && run) {
      Field(l->imports, l->n_imports++) = s->self;
      l->sym_slot[imp->sym] = s->slots[0];
    }
  }
  return LOAD_OK;
}

/* Build the value of every literal node, in order (fields name earlier
 * nodes only, so one forward pass suffices). Returns false if memory is
 * short. */
static bool materialise_literals(Link *l) {
  ZbcUnit *u = l->u;
  Vm *vm = l->vm;
  if (u->lits.len == 0) return true;
  l->lits = caml_try_alloc(vm, u->lits.len, 0);
  if (l->lits == 0) return false;
  for (uint32_t i = 0; i < u->lits.len; i++) {
    const ZbcLit *lit = &u->lits.items[i];
    value v = 0;
    switch (lit->kind) {
    case ZBC_LIT_INT: v = Val_long(lit->i); break;
    case ZBC_LIT_STRING:
      /* (No byte array at all if every string is empty: no offset on NULL.) */
      v = caml_try_alloc_initialized_string(vm, lit->n,
                                            lit->n > 0 ? u->lit_bytes.items + lit->first : "");
      break;
    case ZBC_LIT_FLOAT: {
      double d;
      memcpy(&d, &lit->bits, sizeof d);
      v = caml_try_copy_double(vm, d);
      break;
    }
    case ZBC_LIT_INT32: v = caml_try_copy_int32(vm, (int32_t)lit->i); break;
    case ZBC_LIT_INT64: v = caml_try_copy_int64(vm, lit->i); break;
    case ZBC_LIT_NATIVEINT: v = caml_try_copy_nativeint(vm, (intnat)lit->i); break;
    case ZBC_LIT_BLOCK:
      if (lit->n == 0) {
        v = Atom(vm, lit->tag);
        break;
      }
      v = gc_try_alloc(vm, lit->n, lit->tag);
      if (v != 0)
        for (uint32_t k = 0; k < lit->n; k++) Field(v, k) = Field(l->lits, u->lit_refs.items[lit->first + k]);
      break;
    case ZBC_LIT_FLOAT_ARRAY:
      if (lit->n == 0) {
        v = Atom(vm, 0);
        break;
      }
      v = gc_try_alloc(vm, lit->n * Double_wosize, Double_array_tag);
      if (v != 0) memcpy((void *)v, u->lit_floats.items + lit->first, lit->n * sizeof(double));
      break;
    }
    if (v == 0) return false;
    Field(l->lits, i) = v;
  }
  return true;
}

/* A key for the way [vm] threads code: its jump table, or NULL for
 * switch dispatch, and whether it uses the specialised forms. */
static uintptr_t threading_key(const Vm *vm) {
  /* (An integer: the jump table is NULL in switch builds, and NULL + 1
   * would be undefined.) The table is an aligned array, so bit 0 is free. */
  return (uintptr_t)vm->jumptable | (vm->no_specialise ? 1u : 0u);
}

/* The prepared code threaded for [vm], primitives patched in (once per
 * Prepared and way of threading: later loads copy it). False if memory is
 * short. */
static bool threaded_code(Vm *vm, Prepared *p) {
  uintptr_t key = threading_key(vm);
  if (p->threaded != NULL && p->threaded_for == key) return true;
  opcode_t *code = malloc(p->code_words * sizeof *code);
  if (code == NULL) return false;
  for (uint32_t i = 0; i < p->code_words; i++) code[i] = p->code[i]; /* widened */
  const ZbcUnit *u = p->u;
  for (uint32_t i = 0; i < u->relocs.len; i++)
    if (u->relocs.items[i].kind == ZBC_RELOC_PRIM)
      code[u->relocs.items[i].word] = p->sym_prim[u->relocs.items[i].index];
  interp_thread_starts(vm, code, p->code_words, p->starts);
  free(p->threaded);
  p->threaded = code;
  p->threaded_for = key;
  return true;
}

/* Copy the threaded code into the segment and patch its global and
 * literal operands (relocations never touch an opcode word, so threading
 * first is the same as threading after). */
static void install_code(Link *l) {
  Segment *seg = Segment_val(l->seg);
  const Prepared *p = l->p;
  ZbcUnit *u = l->u;
  memcpy(seg->code, p->threaded, p->code_words * sizeof *seg->code);
  for (uint32_t i = 0; i < u->relocs.len; i++) {
    const ZbcReloc *r = &u->relocs.items[i];
    opcode_t *w = &seg->code[r->word];
    switch (r->kind) {
    case ZBC_RELOC_LITERAL: *w = (int32_t)seg->slots[p->lit_slot[r->index]]; break;
    case ZBC_RELOC_SETGLOBAL: *w = (int32_t)seg->slots[0]; break;
    case ZBC_RELOC_GETGLOBAL: {
      const char *sym = u->syms.items[r->index];
      *w = (int32_t)(strcmp(sym, u->name) == 0 ? seg->slots[0] : l->sym_slot[r->index]);
      break;
    }
    case ZBC_RELOC_PRIM: break; /* in the threaded code already */
    case ZBC_RELOC_PREDEF: *w = (int32_t)r->index; break; /* slots 0..11 */
    }
  }
  for (uint32_t i = 0; i < u->lits.len; i++)
    if (p->lit_slot[i] != UINT32_MAX) l->vm->globals[seg->slots[p->lit_slot[i]]] = Field(l->lits, i);
  for (uint32_t i = 0; i < l->n_imports; i++) seg->imports[i] = Field(l->imports, i);
}

static void trace_load(Link *l, Segment *seg) {
  Vm *vm = l->vm;
  if (!(vm->trace & TRACE_LOAD) || vm->trace_out == NULL) return;
  fprintf(vm->trace_out, "load %u %s code_words=%u literals=%u slots=%u %s %s\n", seg->id,
          seg->name, seg->code_words, l->u->lits.len, seg->n_slots,
          (seg->flags & SEG_PINNED) ? "pinned" : "collectable",
          (l->flags & LOAD_PUBLIC) ? "public" : "private");
}

static LoadStatus run_init(Link *l, value *result) {
  Vm *vm = l->vm;
  Segment *seg = Segment_val(l->seg);
  /* The initialisation runs in a closure [code, info, segment], so that
   * the segment is the last field of env from the first instruction on
   * (CLOSUREDYN finds it there) and stays alive while it runs. */
  value init = gc_try_alloc(vm, 3, Closure_tag);
  if (init == 0) return fail(l, 0, "out of memory");
  Field(init, 0) = Val_code(seg->code);
  Field(init, 1) = Make_closinfo(0, 2);
  Field(init, 2) = l->seg;
  value arg = Val_unit;
  value res = vm_callbackN_exn(vm, init, 1, &arg);
  if (Is_exception_result(res)) {
    *result = res;
    return LOAD_RAISED;
  }
  *result = vm->globals[seg->slots[0]];
  return LOAD_OK;
}

/* The second half of a load (unitcache.h): [p] prepared, now link it
 * against the modules loaded in [vm], build its segment and (if [run])
 * run it. Takes over the caller's reference to [p]. */
static LoadStatus instantiate(Vm *vm, const char *file, Prepared *p, unsigned flags,
                              const Loading *loading, value *result, LoadError *err, bool run) {
  Link l = {.vm = vm, .file = file, .flags = flags, .p = p, .u = p->u, .err = err,
            .loading = loading, .imports = Val_unit, .lits = Val_unit, .seg = Val_unit};
  ZbcUnit *u = p->u;
  LoadStatus st = LOAD_FAILED;
  ROOTS_BEGIN(vm);
  ROOT(vm, l.imports);
  ROOT(vm, l.lits);
  ROOT(vm, l.seg);
  uint32_t small[16];
  uint32_t nsyms = u->syms.len;
  l.sym_slot = nsyms <= 16 ? small : malloc(nsyms * sizeof *l.sym_slot);
  if (l.sym_slot == NULL) {
    st = fail(&l, 0, "out of memory");
    goto done;
  }
  for (uint32_t i = 0; i < nsyms; i++) l.sym_slot[i] = UINT32_MAX;
  if (run && u->imports.len > 0) {
    l.imports = caml_try_alloc(vm, u->imports.len, 0);
    if (l.imports == 0) {
      l.imports = Val_unit;
      st = fail(&l, 0, "out of memory");
      goto done;
    }
  }
  if ((st = link_imports(&l, run)) != LOAD_OK) goto done;
  if (!run) goto done;
  if (!threaded_code(vm, p)) {
    st = fail(&l, 0, "out of memory");
    goto done;
  }
  if (!materialise_literals(&l)) {
    st = fail(&l, 0, "out of memory while building the literals");
    goto done;
  }
  unsigned segflags = (flags & LOAD_PINNED) ? SEG_PINNED : SEG_COLLECTABLE;
  l.seg = segment_new(vm, u->name, p->code_words, p->n_slots, l.n_imports, segflags);
  if (l.seg == 0) {
    l.seg = Val_unit;
    st = fail(&l, 0, "out of memory (heap or global slots) for the segment");
    goto done;
  }
  Segment *seg = Segment_val(l.seg);
  seg->has_crc = u->has_crc;
  memcpy(seg->crc, u->crc, CRC_SIZE);
  install_code(&l);
  vm_reserve_stack_margin(vm, (size_t)p->max_depth + 16);
  trace_load(&l, seg);
  if (flags & LOAD_NO_INIT) {
    st = LOAD_OK;
    *result = l.seg;
    goto done;
  }
  st = run_init(&l, result);
  if (st == LOAD_OK && (flags & LOAD_PUBLIC) && !registry_add(vm, Segment_val(l.seg)))
    st = fail(&l, 0, "out of memory registering module %s", u->name);
done:
  ROOTS_END(vm);
  if (l.sym_slot != small) free(l.sym_slot);
  prepared_release(p);
  return st;
}

/* ---- Entry points ------------------------------------------------------------ */

/* A public module of that name is alive: refused before any other work. */
static bool already_loaded(Vm *vm, const char *file, const char *name, unsigned flags, bool run,
                           LoadError *err) {
  if (!(flags & LOAD_PUBLIC) || !run || registry_find(vm, name) == NULL) return false;
  snprintf(err->msg, sizeof err->msg, "%s: byte 0: module %s is already loaded", file, name);
  return true;
}

/* Read unit [u] from [data] and load it; if [expect], it must be that
 * module. */
static LoadStatus load_bytes(Vm *vm, const char *name, const uint8_t *data, size_t len,
                             const char *expect, unsigned flags, const Loading *parent,
                             value *result, LoadError *err, bool run, Prepared **prepared) {
  ZbcError zerr;
  ZbcUnit *u;
  err->msg[0] = 0;
  if (!zbc_read(data, len, &u, &zerr, !(flags & LOAD_NO_CHECKSUM))) {
    snprintf(err->msg, sizeof err->msg, "%s: byte %zu: %s", name, zerr.offset, zerr.msg);
    return LOAD_FAILED;
  }
  if (expect != NULL && strcmp(u->name, expect) != 0) {
    snprintf(err->msg, sizeof err->msg, "%s: holds module %s, not %s", name, u->name, expect);
    zbc_unit_free(u);
    return LOAD_FAILED;
  }
  Loading root = {parent, u->name, parent ? parent->depth : 0};
  const Loading *loading = parent ? parent : &root;
  if (already_loaded(vm, name, u->name, flags, run, err)) {
    zbc_unit_free(u);
    return LOAD_FAILED;
  }
  Prepared *p = prepare(vm, name, u, flags, err);
  if (p == NULL) return LOAD_FAILED;
  if (prepared != NULL) {
    p->refs++;
    *prepared = p;
  }
  value res = Val_unit;
  LoadStatus st = instantiate(vm, name, p, flags, loading, &res, err, run);
  if (result != NULL) *result = res;
  return st;
}

LoadStatus load_buffer(Vm *vm, const char *name, const uint8_t *data, size_t len, unsigned flags,
                       value *result, LoadError *err) {
  return load_bytes(vm, name, data, len, NULL, flags, NULL, result, err, true, NULL);
}

LoadStatus load_verify_buffer(Vm *vm, const char *name, const uint8_t *data, size_t len,
                              unsigned flags, LoadError *err) {
  return load_bytes(vm, name, data, len, NULL, flags, NULL, NULL, err, false, NULL);
}

/* Load the file at [path] (module [expect], if not NULL). A file loaded
 * before, and unchanged since, is not read again: its prepared unit comes
 * from the cache (unitcache.h). */
static LoadStatus load_path(Vm *vm, const char *path, const char *expect, unsigned flags,
                            const Loading *loading, value *result, LoadError *err, bool run) {
  err->msg[0] = 0;
  struct stat st;
  if (run && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
    Prepared *p = unitcache_find(vm, &st, PREPARED_MODE(flags));
    if (p != NULL) {
      if (expect != NULL && strcmp(p->u->name, expect) != 0) {
        snprintf(err->msg, sizeof err->msg, "%s: holds module %s, not %s", path, p->u->name, expect);
        prepared_release(p);
        return LOAD_FAILED;
      }
      if (already_loaded(vm, path, p->u->name, flags, run, err)) {
        prepared_release(p);
        return LOAD_FAILED;
      }
      Loading root = {NULL, p->u->name, 0};
      value res = Val_unit;
      vm->load_cache_hits++;
      LoadStatus s = instantiate(vm, path, p, flags, loading ? loading : &root, &res, err, run);
      if (result != NULL) *result = res;
      return s;
    }
  }
  size_t len;
  uint8_t *data = read_file(path, &len, err, &st);
  if (data == NULL) return LOAD_FAILED;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  Prepared *p = NULL;
  LoadStatus s = load_bytes(vm, path, data, len, expect, flags, loading, result, err, run,
                            run && st.st_size > 0 ? &p : NULL);
  free(data);
  if (p != NULL) {
    unitcache_add(vm, &st, (int64_t)now.tv_sec, p);
    prepared_release(p);
  }
  return s;
}

LoadStatus load_file(Vm *vm, const char *path, unsigned flags, value *result, LoadError *err) {
  return load_path(vm, path, NULL, flags, NULL, result, err, true);
}

LoadStatus load_verify_file(Vm *vm, const char *path, LoadError *err) {
  return load_path(vm, path, NULL, 0, NULL, NULL, err, false);
}
