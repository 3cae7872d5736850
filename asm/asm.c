/* The assembler's driver: parse, emit, then add what comes from outside
 * the listing: the module name, the interface CRCs (.cmi files) and the
 * default imports. See asm_internal.h for the steps, docs/assembler.md for
 * the language.
 */
#include <errno.h>
#include <string.h>

#include "../vm/opcodes.h"
#include "asm_internal.h"

/* ---- Vectors and diagnostics ---------------------------------------------- */

void *asm_vec_realloc(void *items, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return items;
  size_t c = *cap ? *cap : 8;
  while (c < need) {
    if (c > SIZE_MAX / 2) return items;
    c *= 2;
  }
  if (c > SIZE_MAX / elem) return items;
  void *p = realloc(items, c * elem);
  if (p == NULL) return items;
  *cap = c;
  return p;
}

void asm_verror(Diag *d, uint32_t line, uint32_t col, const char *fmt, va_list ap) {
  if (d->stopped) return;
  d->count++;
  if (d->out != NULL) {
    if (line > 0)
      fprintf(d->out, "%s:%u:%u: error: ", d->file, line, col);
    else
      fprintf(d->out, "%s: error: ", d->file);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
  }
  if (d->count >= d->max) {
    if (d->out != NULL) fprintf(d->out, "%s: error: too many errors, stopping\n", d->file);
    d->stopped = true;
  }
}

void asm_error(Diag *d, uint32_t line, uint32_t col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  asm_verror(d, line, col, fmt, ap);
  va_end(ap);
}

/* ---- Names ----------------------------------------------------------------- */

static const struct {
  const char *name;
  int stamp;
} predef[ZBC_PREDEF_COUNT] = {
    {"Out_of_memory", 19},  {"Sys_error", 23},        {"Failure", 21},
    {"Invalid_argument", 20}, {"End_of_file", 24},    {"Division_by_zero", 25},
    {"Not_found", 22},      {"Match_failure", 18},    {"Stack_overflow", 26},
    {"Sys_blocked_io", 27}, {"Assert_failure", 28},   {"Undefined_recursive_module", 29}};

int asm_predef_index(const char *name, size_t n) {
  for (int i = 0; i < ZBC_PREDEF_COUNT; i++)
    if (strlen(predef[i].name) == n && memcmp(predef[i].name, name, n) == 0) return i;
  return -1;
}

const char *asm_predef_name(int index) { return predef[index].name; }
int asm_predef_stamp(int index) { return predef[index].stamp; }

bool asm_bare_name(const char *s, size_t n) {
  if (n == 0) return false;
  char c = s[0];
  if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')) return false;
  for (size_t i = 1; i < n; i++) {
    c = s[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == '_' || c == '\'' || c == '.' || c == '$'))
      return false;
  }
  return true;
}

/* The module name: .module, else the first setglobal, else the file's
 * base name capitalised (as ocamlc names a unit after its file). */
static bool module_name(Program *p, const char *file, char *buf, size_t size) {
  if (p->has_module) {
    snprintf(buf, size, "%s", p->names.items + p->module);
    return true;
  }
  for (size_t i = 0; i < p->ir.len; i++) {
    const Ir *ir = &p->ir.items[i];
    const Operand *o = NULL;
    if (ir->kind == IR_LISTING && ir->op == LI_SETGLOBAL) o = &ir->a;
    if (ir->kind == IR_RAW && ir->opcode == OP_SETGLOBAL) o = &ir->a;
    if (ir->kind == IR_WORD && ir->b.kind == OPD_SETGLOBAL) o = &ir->b;
    if (o == NULL) continue;
    const char *name = p->names.items + o->v;
    if (!zbc_valid_module_name(name, strlen(name))) {
      asm_error(p->diag, o->line, o->col, "`%s` is not a valid module name", name);
      return false;
    }
    snprintf(buf, size, "%s", name);
    return true;
  }
  if (file != NULL) {
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strcspn(base, ".");
    if (n > 0 && n < size && zbc_valid_module_name(base, n)) {
      memcpy(buf, base, n);
      buf[n] = 0;
      if (buf[0] >= 'a' && buf[0] <= 'z') buf[0] = (char)(buf[0] - 'a' + 'A');
      return true;
    }
  }
  asm_error(p->diag, 0, 0, "cannot tell the module's name: add `.module Name`");
  return false;
}

/* ---- Interface CRCs ------------------------------------------------------------ */

/* Read the file at [path] whole; NULL if it cannot be opened. */
static unsigned char *read_whole(const char *path, size_t *len, bool *too_big) {
  *too_big = false;
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  unsigned char *data = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n == cap) {
      if (cap >= ZBC_MAX_FILE) {
        *too_big = true;
        break;
      }
      size_t c = cap ? cap * 2 : 65536;
      unsigned char *p = realloc(data, c);
      if (p == NULL) break;
      data = p;
      cap = c;
    }
    size_t got = fread(data + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      fclose(f);
      *len = n;
      if (data == NULL) data = malloc(1);
      return data;
    }
  }
  fclose(f);
  free(data);
  return NULL;
}

/* Look for the .cmi of [name] in [dir] (uncapitalised file name first, as
 * ocamlc writes it). Returns 1 with the CRC, 0 if there is none, -1 after
 * an error. */
static int cmi_in_dir(Diag *d, const char *dir, const char *name, uint8_t crc[ZBC_CRC_SIZE]) {
  bool upper = name[0] >= 'A' && name[0] <= 'Z';
  for (int variant = 0; variant < (upper ? 2 : 1); variant++) {
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s.cmi", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) return 0;
    char *base = path + strlen(dir) + 1;
    if (variant == 0 && upper) base[0] = (char)(base[0] - 'A' + 'a');
    size_t len;
    bool too_big;
    unsigned char *data = read_whole(path, &len, &too_big);
    if (data == NULL) {
      if (too_big) {
        asm_error(d, 0, 0, "%s is too large to be a .cmi file", path);
        return -1;
      }
      continue;
    }
    char err[256];
    int r = asm_cmi_crc(data, len, name, crc, err, sizeof err);
    free(data);
    if (r < 0) asm_error(d, 0, 0, "%s: %s", path, err);
    return r;
  }
  return 0;
}

/* The CRC of [name] from the listing's directory, then the -I ones. */
static int find_crc(Diag *d, const char *dir, const AsmOptions *opts, const char *name, bool own,
                    uint8_t crc[ZBC_CRC_SIZE]) {
  int r = cmi_in_dir(d, dir, name, crc);
  for (size_t i = 0; r == 0 && !own && i < opts->n_include_dirs; i++)
    r = cmi_in_dir(d, opts->include_dirs[i], name, crc);
  return r;
}

static bool add_import(Diag *d, ZbcUnit *u, const char *name, const uint8_t *crc) {
  if (!zbc_add_import(u, name, crc)) {
    asm_error(d, 0, 0, "cannot add the import %s: more than %d imports, or out of memory", name,
              ZBC_MAX_IMPORTS);
    return false;
  }
  return true;
}

static bool finish(Program *p, ZbcUnit *u, const char *file, const AsmOptions *opts) {
  Diag *d = p->diag;
  bool use_cmi = !opts->no_cmi && file != NULL;
  char dir[4096] = ".";
  if (file != NULL) {
    const char *slash = strrchr(file, '/');
    if (slash != NULL && (size_t)(slash - file) < sizeof dir) {
      size_t n = slash == file ? 1 : (size_t)(slash - file);
      memcpy(dir, file, n);
      dir[n] = 0;
    }
  }
  /* The module's own CRC. */
  if (p->crc_mode == CRC_GIVEN) {
    u->has_crc = true;
    memcpy(u->crc, p->crc, ZBC_CRC_SIZE);
  } else if (p->crc_mode == CRC_LOOKUP && use_cmi) {
    int r = find_crc(d, dir, opts, u->name, true, u->crc);
    if (r < 0) return false;
    u->has_crc = r == 1;
  }
  /* Imports: the .import list, else every module read with getglobal
   * (predefined exceptions have relocations of their own). */
  if (p->noimports && p->imports.len > 0) {
    asm_error(d, p->imports.items[0].line, p->imports.items[0].col,
              ".import and .noimports contradict each other");
    return false;
  }
  uint8_t crc[ZBC_CRC_SIZE];
  if (p->imports.len > 0 || p->noimports) {
    for (size_t i = 0; i < p->imports.len; i++) {
      const ImportDecl *imp = &p->imports.items[i];
      const char *name = p->names.items + imp->name;
      int r = 0;
      if (imp->crc_mode == CRC_GIVEN) {
        memcpy(crc, imp->crc, ZBC_CRC_SIZE);
        r = 1;
      } else if (imp->crc_mode == CRC_LOOKUP && use_cmi) {
        r = find_crc(d, dir, opts, name, false, crc);
        if (r < 0) return false;
      }
      if (!add_import(d, u, name, r == 1 ? crc : NULL)) return false;
    }
    return true;
  }
  bool *seen = calloc(u->syms.len + 1, sizeof *seen);
  if (seen == NULL) {
    asm_error(d, 0, 0, "out of memory");
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < u->relocs.len && ok; i++) {
    const ZbcReloc *r = &u->relocs.items[i];
    if (r->kind != ZBC_RELOC_GETGLOBAL || seen[r->index]) continue;
    seen[r->index] = true;
    const char *name = u->syms.items[r->index];
    if (strcmp(name, u->name) == 0) continue;
    int found = use_cmi ? find_crc(d, dir, opts, name, false, crc) : 0;
    ok = found >= 0 && add_import(d, u, name, found == 1 ? crc : NULL);
  }
  free(seen);
  return ok;
}

/* ---- The API ----------------------------------------------------------------------- */

bool asm_assemble(const char *file, const char *text, size_t len, const AsmOptions *opts,
                  ZbcUnit **out, FILE *errors) {
  static const AsmOptions defaults;
  if (opts == NULL) opts = &defaults;
  Diag diag = {.file = file != NULL ? file : "<input>",
               .out = errors,
               .max = opts->max_errors ? opts->max_errors : 20};
  Program p;
  memset(&p, 0, sizeof p);
  p.diag = &diag;
  ZbcUnit *u = NULL;
  *out = NULL;
  char name[ZBC_MAX_NAME + 1];
  if (!asm_parse(&p, text, len) || !module_name(&p, file, name, sizeof name)) goto fail;
  u = zbc_unit_new(name);
  if (u == NULL) {
    asm_error(&diag, 0, 0, "out of memory");
    goto fail;
  }
  if (!asm_emit(&p, u, opts) || !finish(&p, u, file, opts)) goto fail;
  ZbcError err;
  if (!zbc_check(u, &err)) {
    asm_error(&diag, 0, 0, "the assembled unit is not well formed: %s", err.msg);
    goto fail;
  }
  asm_program_free(&p);
  *out = u;
  return true;
fail:
  if (diag.count == 0) asm_error(&diag, 0, 0, "assembly failed");
  asm_program_free(&p);
  zbc_unit_free(u);
  return false;
}

bool asm_assemble_file(const char *path, const AsmOptions *opts, ZbcUnit **out, FILE *errors) {
  size_t len;
  bool too_big;
  *out = NULL;
  errno = 0;
  unsigned char *data = read_whole(path, &len, &too_big);
  if (data == NULL) {
    if (errors != NULL)
      fprintf(errors, "%s: error: %s%s%s\n", path,
              too_big ? "file too large" : "cannot read the file",
              too_big || errno == 0 ? "" : ": ", too_big || errno == 0 ? "" : strerror(errno));
    return false;
  }
  bool ok = asm_assemble(path, (const char *)data, len, opts, out, errors);
  free(data);
  return ok;
}
