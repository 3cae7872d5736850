/* The loader: from .zbc bytes to a running segment (see load.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../vm/alloc.h"
#include "../vm/fail.h"
#include "../vm/interp.h"
#include "../vm/opcodes.h"
#include "../vm/prims.h"
#include "../vm/vm.h"
#include "load.h"
#include "segment.h"
#include "verify.h"
#include "zbc.h"

#define MAX_IMPORT_DEPTH 64

/* The chain of modules being loaded (for import cycles and depth). */
typedef struct Loading {
  const struct Loading *parent;
  const char *name;
  int depth;
} Loading;

/* One load in progress. */
typedef struct Link {
  Vm *vm;
  const char *file;
  unsigned flags;
  ZbcUnit *u;
  LoadError *err;
  const Loading *loading;
  int32_t *code;        /* the code to install: file code + RETURN 1 */
  uint8_t *starts;      /* where its instructions start (from the verifier) */
  uint32_t code_words;
  uint32_t max_depth;
  int32_t *sym_prim;    /* primitive number per symbol, or -1 */
  uint32_t *sym_slot;   /* global slot per symbol (getglobal), or UINT32_MAX */
  uint32_t *lit_slot;   /* segment slot index per literal node, or UINT32_MAX */
  uint32_t n_slots;
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

static size_t code_offset(const Link *l, uint32_t word) { return l->u->code_offset + 4 * (size_t)word; }
static size_t import_offset(const Link *l, uint32_t i) { return l->u->impt_offset + 4 + 21 * (size_t)i; }

/* ---- Files ---------------------------------------------------------------- */

/* Read a whole file with plain system calls (open, fstat, read, close):
 * loading a small plugin is dominated by fixed costs, and stdio adds a
 * buffer allocation and copies to each. */
uint8_t *load_read_file(const char *path, size_t *len, LoadError *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err->msg, sizeof err->msg, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    /* Pipes and devices: read until the end. */
    st.st_size = 0;
  }
  /* One byte over the limit is enough for zbc_read to say "too big". */
  size_t cap = st.st_size > 0 && (uint64_t)st.st_size <= ZBC_MAX_FILE ? (size_t)st.st_size + 1 : 4096;
  size_t n = 0;
  uint8_t *buf = malloc(cap);
  while (buf != NULL) {
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

/* ---- Linking ------------------------------------------------------------- */

static bool crc_equal(const uint8_t *a, const uint8_t *b) { return memcmp(a, b, CRC_SIZE) == 0; }

static void crc_hex(const uint8_t *crc, char out[33]) {
  for (int i = 0; i < CRC_SIZE; i++) snprintf(out + 2 * i, 3, "%02x", crc[i]);
}

static LoadStatus load_unit(Vm *vm, const char *file, ZbcUnit *u, unsigned flags,
                            const Loading *loading, value *result, LoadError *err,
                            bool run);

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
  size_t len;
  LoadError sub;
  sub.msg[0] = 0;
  uint8_t *data = load_read_file(path, &len, &sub);
  LoadStatus st = LOAD_FAILED;
  if (data != NULL) {
    ZbcError zerr;
    ZbcUnit *iu;
    if (!zbc_read(data, len, &iu, &zerr, !(l->flags & LOAD_NO_CHECKSUM))) {
      snprintf(sub.msg, sizeof sub.msg, "%s: byte %zu: %s", path, zerr.offset, zerr.msg);
    } else if (strcmp(iu->name, name) != 0) {
      snprintf(sub.msg, sizeof sub.msg, "%s: holds module %s, not %s", path, iu->name, name);
      zbc_unit_free(iu);
    } else {
      Loading me = {l->loading, name, l->loading->depth + 1};
      value res = Val_unit;
      st = load_unit(l->vm, path, iu, (l->flags & (LOAD_PINNED | LOAD_NO_CHECKSUM)) | LOAD_PUBLIC,
                     &me, &res, &sub, run);
      if (st == LOAD_RAISED) {
        char *msg = caml_format_exception(l->vm, Extract_exception(res));
        snprintf(sub.msg, sizeof sub.msg, "%s: initialisation raised %s", path, msg ? msg : "?");
        free(msg);
        st = LOAD_FAILED;
      }
    }
    free(data);
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

/* Resolve a primitive relocation at [word], used by a C call of [arity]
 * arguments. */
static LoadStatus link_prim(Link *l, const ZbcReloc *r, int32_t arity, bool by_array) {
  const char *sym = l->u->syms.items[r->index];
  if (l->sym_prim[r->index] < 0) {
    int p = prim_lookup(sym, strlen(sym));
    if (p < 0) return fail(l, code_offset(l, r->word), "unknown primitive %s", sym);
    l->sym_prim[r->index] = p;
  }
  int want = prim_table[l->sym_prim[r->index]].arity;
  if (arity != want)
    return fail(l, code_offset(l, r->word), "primitive %s takes %d argument%s but is called with %d",
                sym, want, want == 1 ? "" : "s", (int)arity);
  /* C_CALL1..5 pass the arguments in C registers, C_CALLN as an array:
   * the primitive must have been written for the form used. */
  if (by_array != (want > 5))
    return fail(l, code_offset(l, r->word), "primitive %s of %d argument%s called with %s", sym,
                want, want == 1 ? "" : "s", by_array ? "C_CALLN" : "C_CALL1..5");
  return LOAD_OK;
}

/* Assign global slots to symbols and literals; resolve primitives. The
 * code is verified, so relocations sit exactly on global and primitive
 * operands, and the verifier's map of instruction starts tells a C_CALLk's
 * operand (opcode just before it) from a C_CALLN's (two words before). */
static LoadStatus link_symbols(Link *l) {
  ZbcUnit *u = l->u;
  l->n_slots = 1; /* slot 0: the module's own global */
  for (uint32_t i = 0; i < u->relocs.len; i++) {
    const ZbcReloc *r = &u->relocs.items[i];
    LoadStatus st = LOAD_OK;
    switch (r->kind) {
    case ZBC_RELOC_LITERAL:
      if (l->lit_slot[r->index] == UINT32_MAX) l->lit_slot[r->index] = l->n_slots++;
      break;
    case ZBC_RELOC_PRIM: {
      bool by_array = !l->starts[r->word - 1];
      int32_t arity = by_array ? l->code[r->word - 1] : l->code[r->word - 1] - OP_C_CALL1 + 1;
      st = link_prim(l, r, arity, by_array);
      break;
    }
    case ZBC_RELOC_GETGLOBAL: {
      /* Always a module, even one named like a predefined exception. */
      const char *sym = u->syms.items[r->index];
      if (strcmp(sym, u->name) == 0 || l->sym_slot[r->index] != UINT32_MAX) break;
      bool listed = false;
      for (uint32_t k = 0; k < u->imports.len && !listed; k++)
        listed = u->imports.items[k].sym == r->index;
      if (!listed) st = fail(l, code_offset(l, r->word), "global %s is read but not imported", sym);
      break;
    }
    default:
      break;
    }
    if (st != LOAD_OK) return st;
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

/* Copy the code into the segment and patch every relocated operand. */
static void install_code(Link *l) {
  Segment *seg = Segment_val(l->seg);
  ZbcUnit *u = l->u;
  for (uint32_t i = 0; i < l->code_words; i++) seg->code[i] = l->code[i]; /* widened */
  for (uint32_t i = 0; i < u->relocs.len; i++) {
    const ZbcReloc *r = &u->relocs.items[i];
    opcode_t *w = &seg->code[r->word];
    switch (r->kind) {
    case ZBC_RELOC_LITERAL: *w = (int32_t)seg->slots[l->lit_slot[r->index]]; break;
    case ZBC_RELOC_SETGLOBAL: *w = (int32_t)seg->slots[0]; break;
    case ZBC_RELOC_GETGLOBAL: {
      const char *sym = u->syms.items[r->index];
      *w = (int32_t)(strcmp(sym, u->name) == 0 ? seg->slots[0] : l->sym_slot[r->index]);
      break;
    }
    case ZBC_RELOC_PRIM: *w = l->sym_prim[r->index]; break;
    case ZBC_RELOC_PREDEF: *w = (int32_t)r->index; break; /* slots 0..11 */
    }
  }
  for (uint32_t i = 0; i < u->lits.len; i++)
    if (l->lit_slot[i] != UINT32_MAX) l->vm->globals[seg->slots[l->lit_slot[i]]] = Field(l->lits, i);
  for (uint32_t i = 0; i < l->n_imports; i++) seg->imports[i] = Field(l->imports, i);
  interp_thread_starts(l->vm, seg->code, seg->code_words, l->starts);
}

/* The code as it will run: the file's code, RETURN 1 appended (the module
 * initialisation returns to its caller), DYN closures if collectable. */
static LoadStatus prepare_code(Link *l) {
  ZbcUnit *u = l->u;
  l->code_words = u->code.len + 2;
  l->code = malloc(l->code_words * (sizeof(int32_t) + 1));
  if (l->code == NULL) return fail(l, 0, "out of memory");
  l->starts = (uint8_t *)(l->code + l->code_words);
  memcpy(l->code, u->code.items, u->code.len * sizeof(int32_t));
  l->code[u->code.len] = OP_RETURN;
  l->code[u->code.len + 1] = 1;
  if (!(l->flags & LOAD_PINNED)) {
    for (uint32_t pc = 0; pc < u->code.len;) {
      size_t n = instruction_length(l->code, l->code_words, pc);
      if (n == 0) break; /* the verifier reports it */
      if (l->code[pc] == OP_CLOSURE) l->code[pc] = OP_CLOSUREDYN;
      else if (l->code[pc] == OP_CLOSUREREC) l->code[pc] = OP_CLOSURERECDYN;
      pc += (uint32_t)n;
    }
  }
  VerifyResult vr;
  if (!verify_code_starts(l->code, l->code_words, u->relocs.items, u->relocs.len,
                          !(l->flags & LOAD_PINNED), &vr, l->starts))
    return fail(l, code_offset(l, vr.word < u->code.len ? vr.word : u->code.len),
                "code word %u: %s", vr.word, vr.msg);
  l->max_depth = vr.max_depth;
  l->code[u->code.len + 1] = (int32_t)vr.final_depth + 1;
  return LOAD_OK;
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

static LoadStatus load_unit(Vm *vm, const char *file, ZbcUnit *u, unsigned flags,
                            const Loading *loading, value *result, LoadError *err, bool run) {
  Link l = {.vm = vm, .file = file, .flags = flags, .u = u, .err = err, .loading = loading,
            .imports = Val_unit, .lits = Val_unit, .seg = Val_unit};
  LoadStatus st = LOAD_FAILED;
  ROOTS_BEGIN(vm);
  ROOT(vm, l.imports);
  ROOT(vm, l.lits);
  ROOT(vm, l.seg);
  uint32_t nsyms = u->syms.len;
  /* One allocation for the per-symbol and per-literal tables. */
  size_t nlits = u->lits.len;
  void *tables = malloc(((size_t)nsyms + 1) * (sizeof *l.sym_prim + sizeof *l.sym_slot) +
                        (nlits + 1) * sizeof *l.lit_slot);
  l.sym_prim = tables;
  l.sym_slot = tables ? (uint32_t *)(l.sym_prim + nsyms + 1) : NULL;
  l.lit_slot = tables ? l.sym_slot + nsyms + 1 : NULL;
  if (tables == NULL) {
    st = fail(&l, 0, "out of memory");
    goto done;
  }
  for (uint32_t i = 0; i < nsyms; i++) {
    l.sym_prim[i] = -1;
    l.sym_slot[i] = UINT32_MAX;
  }
  for (uint32_t i = 0; i < u->lits.len; i++) l.lit_slot[i] = UINT32_MAX;

  if ((flags & LOAD_PUBLIC) && run && registry_find(vm, u->name) != NULL) {
    st = fail(&l, 0, "module %s is already loaded", u->name);
    goto done;
  }
  if ((st = prepare_code(&l)) != LOAD_OK) goto done;
  if ((st = link_symbols(&l)) != LOAD_OK) goto done;
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
  if (!materialise_literals(&l)) {
    st = fail(&l, 0, "out of memory while building the literals");
    goto done;
  }
  unsigned segflags = (flags & LOAD_PINNED) ? SEG_PINNED : SEG_COLLECTABLE;
  l.seg = segment_new(vm, u->name, l.code_words, l.n_slots, l.n_imports, segflags);
  if (l.seg == 0) {
    l.seg = Val_unit;
    st = fail(&l, 0, "out of memory (heap or global slots) for the segment");
    goto done;
  }
  Segment *seg = Segment_val(l.seg);
  seg->has_crc = u->has_crc;
  memcpy(seg->crc, u->crc, CRC_SIZE);
  install_code(&l);
  vm_reserve_stack_margin(vm, (size_t)l.max_depth + 16);
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
  free(l.code);
  free(l.sym_prim); /* the tables' one allocation */
  zbc_unit_free(u);
  return st;
}

static LoadStatus load_bytes(Vm *vm, const char *name, const uint8_t *data, size_t len,
                             unsigned flags, value *result, LoadError *err, bool run) {
  ZbcError zerr;
  ZbcUnit *u;
  err->msg[0] = 0;
  if (!zbc_read(data, len, &u, &zerr, !(flags & LOAD_NO_CHECKSUM))) {
    snprintf(err->msg, sizeof err->msg, "%s: byte %zu: %s", name, zerr.offset, zerr.msg);
    return LOAD_FAILED;
  }
  Loading root = {NULL, u->name, 0};
  value res = Val_unit;
  LoadStatus st = load_unit(vm, name, u, flags, &root, &res, err, run);
  if (result != NULL) *result = res;
  return st;
}

LoadStatus load_buffer(Vm *vm, const char *name, const uint8_t *data, size_t len, unsigned flags,
                       value *result, LoadError *err) {
  return load_bytes(vm, name, data, len, flags, result, err, true);
}

LoadStatus load_verify_buffer(Vm *vm, const char *name, const uint8_t *data, size_t len,
                              unsigned flags, LoadError *err) {
  return load_bytes(vm, name, data, len, flags, NULL, err, false);
}

LoadStatus load_file(Vm *vm, const char *path, unsigned flags, value *result, LoadError *err) {
  size_t len;
  err->msg[0] = 0;
  uint8_t *data = load_read_file(path, &len, err);
  if (data == NULL) return LOAD_FAILED;
  LoadStatus st = load_buffer(vm, path, data, len, flags, result, err);
  free(data);
  return st;
}

LoadStatus load_verify_file(Vm *vm, const char *path, LoadError *err) {
  size_t len;
  err->msg[0] = 0;
  uint8_t *data = load_read_file(path, &len, err);
  if (data == NULL) return LOAD_FAILED;
  LoadStatus st = load_verify_buffer(vm, path, data, len, 0, err);
  free(data);
  return st;
}
