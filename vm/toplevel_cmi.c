/* Keeping the toplevel's .cmi files small.
 *
 * ocamlc records in each .cmi the interface CRCs of every unit it saw while
 * compiling, including those listed in the .cmi files it read: phrase N is
 * compiled with -open Top_{N-1}, so top_N.cmi lists Top_{N-1}, which
 * listed Top_{N-2}, and so on. The list grows by one entry a phrase, and
 * every compilation reads and rewrites it: a session of thousands of
 * phrases slows down quadratically (top_3000.cmi holds 3000 CRCs, 85 KB).
 * The entries only serve consistency checks against .cmi files; once a
 * phrase's .cmi is deleted (toplevel.c does that when nothing can name the
 * phrase any more) its entries check nothing. So after each compilation
 * the toplevel rewrites the CRC list of the new .cmi without them.
 *
 * A 4.x .cmi is the magic "Caml1999I0xx" and three marshalled values:
 * (name, signature), the CRC list ((string * Digest.t option) list), the
 * flags. The first and the last are copied byte for byte (the unit's own
 * CRC is the digest of the file up to the end of the first, so it does not
 * change); the middle one is parsed here and written back shorter. The
 * reader is bounds-checked and does not recurse; on anything unexpected
 * the file is left as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "toplevel.h"

enum {
  PREFIX_SMALL_BLOCK = 0x80,
  PREFIX_SMALL_INT = 0x40,
  PREFIX_SMALL_STRING = 0x20,
  CODE_INT8 = 0x00,
  CODE_INT16 = 0x01,
  CODE_INT32 = 0x02,
  CODE_INT64 = 0x03,
  CODE_SHARED8 = 0x04,
  CODE_SHARED16 = 0x05,
  CODE_SHARED32 = 0x06,
  CODE_BLOCK32 = 0x08,
  CODE_STRING8 = 0x09,
  CODE_STRING32 = 0x0A
};

#define MAGIC_SMALL 0x8495A6BEu
#define HEADER_SMALL 20
#define CMI_MAGIC_LEN 12
#define DIGEST_LEN 16

typedef struct Node {
  enum { N_INT, N_STR, N_BLOCK } kind;
  uint32_t tag, size, first; /* block: fields[first .. first+size) */
  size_t off, len;           /* string: bytes in the input */
  int64_t i;
} Node;

typedef struct Reader {
  const uint8_t *d;
  size_t pos, end;
  Node *nodes;
  size_t n_nodes;
  uint32_t *fields;
  size_t n_fields;
  uint32_t *objects;
  size_t n_objects;
} Reader;

static uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool take(Reader *r, size_t n, uint64_t *out) {
  if (r->end - r->pos < n) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) v = v << 8 | r->d[r->pos + i];
  r->pos += n;
  *out = v;
  return true;
}

/* Parse the marshalled value whose data is d[pos, end). Arrays are sized
 * by the data length: every item takes at least one byte. */
static bool read_value(Reader *r, uint32_t *root) {
  size_t cap = r->end - r->pos + 1;
  r->nodes = malloc(cap * sizeof *r->nodes);
  r->objects = malloc(cap * sizeof *r->objects);
  r->fields = malloc(cap * 8 * sizeof *r->fields); /* a small block has at most 7 fields */
  typedef struct Frame {
    uint32_t first, left;
  } Frame;
  Frame *stack = malloc(cap * sizeof *stack);
  size_t depth = 0;
  bool ok = r->nodes && r->objects && r->fields && stack;
  bool have_root = false;
  while (ok && (!have_root || depth > 0)) {
    uint64_t b, v = 0;
    uint32_t n;
    if (!take(r, 1, &b)) {
      ok = false;
      break;
    }
    if (r->n_nodes >= cap) {
      ok = false;
      break;
    }
    n = (uint32_t)r->n_nodes;
    Node *node = &r->nodes[n];
    memset(node, 0, sizeof *node);
    uint32_t size = 0;
    bool numbered = false, shared = false;
    if (b >= PREFIX_SMALL_BLOCK) {
      node->kind = N_BLOCK;
      node->tag = b & 0xF;
      size = (uint32_t)(b >> 4) & 0x7;
    } else if (b >= PREFIX_SMALL_INT) {
      node->kind = N_INT;
      node->i = (int64_t)(b & 0x3F);
    } else if (b >= PREFIX_SMALL_STRING) {
      node->kind = N_STR;
      node->len = b & 0x1F;
    } else {
      switch (b) {
      case CODE_INT8: ok = take(r, 1, &v); node->kind = N_INT; node->i = (int8_t)v; break;
      case CODE_INT16: ok = take(r, 2, &v); node->kind = N_INT; node->i = (int16_t)v; break;
      case CODE_INT32: ok = take(r, 4, &v); node->kind = N_INT; node->i = (int32_t)v; break;
      case CODE_INT64: ok = take(r, 8, &v); node->kind = N_INT; node->i = (int64_t)v; break;
      case CODE_SHARED8:
      case CODE_SHARED16:
      case CODE_SHARED32:
        ok = take(r, b == CODE_SHARED8 ? 1 : b == CODE_SHARED16 ? 2 : 4, &v) && v >= 1 && v <= r->n_objects;
        if (ok) n = r->objects[r->n_objects - v];
        shared = true;
        break;
      case CODE_BLOCK32:
        ok = take(r, 4, &v);
        node->kind = N_BLOCK;
        node->tag = (uint32_t)(v & 0xFF);
        size = (uint32_t)(v >> 10);
        ok = ok && size <= 7; /* CRC lists only hold small blocks */
        break;
      case CODE_STRING8:
      case CODE_STRING32:
        ok = take(r, b == CODE_STRING8 ? 1 : 4, &v) && v <= r->end - r->pos;
        node->kind = N_STR;
        node->len = (size_t)v;
        break;
      default: ok = false; break;
      }
    }
    if (!ok) break;
    if (!shared) {
      if (node->kind == N_STR) {
        if (node->len > r->end - r->pos) {
          ok = false;
          break;
        }
        node->off = r->pos;
        r->pos += node->len;
        numbered = true;
      } else if (node->kind == N_BLOCK) {
        node->size = size;
        node->first = (uint32_t)r->n_fields;
        r->n_fields += size;
        numbered = size > 0;
      }
      r->n_nodes++;
      if (numbered) r->objects[r->n_objects++] = n;
    }
    /* Place the item, then open the block it starts. */
    if (!have_root) {
      *root = n;
      have_root = true;
    } else {
      Frame *f = &stack[depth - 1];
      r->fields[f->first++] = n;
      f->left--;
    }
    while (depth > 0 && stack[depth - 1].left == 0) depth--;
    if (!shared && node->kind == N_BLOCK && size > 0) stack[depth++] = (Frame){node->first, size};
  }
  free(stack);
  return ok && r->pos == r->end;
}

/* ---- Writing -------------------------------------------------------------------- */

typedef struct Out {
  uint8_t *p;
  size_t n, cap;
  bool oom;
} Out;

static void put(Out *o, const void *d, size_t n) {
  if (o->oom) return;
  if (o->n + n > o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 4096;
    while (cap < o->n + n) cap *= 2;
    uint8_t *p = realloc(o->p, cap);
    if (p == NULL) {
      o->oom = true;
      return;
    }
    o->p = p;
    o->cap = cap;
  }
  memcpy(o->p + o->n, d, n);
  o->n += n;
}

static void put8(Out *o, uint8_t b) { put(o, &b, 1); }

static void put32(Out *o, uint32_t v) {
  uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
  put(o, b, 4);
}

typedef struct Counts {
  uint32_t objects, words32, words64;
} Counts;

static void put_string(Out *o, Counts *c, const uint8_t *s, size_t len) {
  if (len < 32) {
    put8(o, (uint8_t)(PREFIX_SMALL_STRING + len));
  } else {
    put8(o, CODE_STRING32);
    put32(o, (uint32_t)len);
  }
  put(o, s, len);
  c->objects++;
  c->words32 += (uint32_t)((len + 4) / 4 + 1);
  c->words64 += (uint32_t)((len + 8) / 8 + 1);
}

static void put_block(Out *o, Counts *c, uint32_t size) {
  put8(o, (uint8_t)(PREFIX_SMALL_BLOCK + (size << 4))); /* tag 0 */
  c->objects++;
  c->words32 += size + 1;
  c->words64 += size + 1;
}

/* ---- The .cmi --------------------------------------------------------------------- */

/* The bounds of the marshalled value at data[pos]: its data, and the
 * offset just past it. */
static bool value_at(const uint8_t *data, size_t len, size_t pos, size_t *dstart, size_t *dend) {
  if (len - pos < HEADER_SMALL || be32(data + pos) != MAGIC_SMALL) return false;
  uint32_t dlen = be32(data + pos + 4);
  if (dlen > len - pos - HEADER_SMALL) return false;
  *dstart = pos + HEADER_SMALL;
  *dend = *dstart + dlen;
  return true;
}

bool cmi_prune_crcs(const char *path, bool (*keep)(void *ctx, const char *name), void *ctx) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return false;
  Out in = {0};
  uint8_t buf[8192];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, f)) > 0) put(&in, buf, got);
  fclose(f);
  const uint8_t *data = in.p;
  size_t len = in.n;
  bool ok = !in.oom && len > CMI_MAGIC_LEN && memcmp(data, "Caml1999I", 9) == 0;
  size_t s1 = 0, e1 = 0, s2 = 0, e2 = 0;
  ok = ok && value_at(data, len, CMI_MAGIC_LEN, &s1, &e1) && value_at(data, len, e1, &s2, &e2);
  Reader r = {.d = data, .pos = s2, .end = e2};
  uint32_t root = 0;
  ok = ok && read_value(&r, &root);
  /* Walk the list: keep the entries asked for, and see whether any goes. */
  Out body = {0};
  Counts c = {0};
  bool dropped = false;
  uint32_t l = root;
  for (size_t steps = 0; ok; steps++) {
    const Node *cell = &r.nodes[l];
    if (cell->kind == N_INT && cell->i == 0) break;
    if (steps > r.n_nodes || cell->kind != N_BLOCK || cell->tag != 0 || cell->size != 2) {
      ok = false;
      break;
    }
    const Node *pair = &r.nodes[r.fields[cell->first]];
    if (pair->kind != N_BLOCK || pair->size != 2) {
      ok = false;
      break;
    }
    const Node *name = &r.nodes[r.fields[pair->first]];
    const Node *opt = &r.nodes[r.fields[pair->first + 1]];
    const Node *digest = NULL;
    if (opt->kind == N_BLOCK && opt->size == 1) digest = &r.nodes[r.fields[opt->first]];
    if (name->kind != N_STR || name->len > 255 ||
        !((opt->kind == N_INT && opt->i == 0) || (digest && digest->kind == N_STR && digest->len == DIGEST_LEN))) {
      ok = false;
      break;
    }
    char nm[256];
    memcpy(nm, data + name->off, name->len);
    nm[name->len] = 0;
    if (keep(ctx, nm)) {
      /* cons (pair (name, opt), rest): the rest follows the pair */
      put_block(&body, &c, 2);
      put_block(&body, &c, 2);
      put_string(&body, &c, data + name->off, name->len);
      if (digest == NULL) {
        put8(&body, PREFIX_SMALL_INT);
      } else {
        put_block(&body, &c, 1);
        put_string(&body, &c, data + digest->off, DIGEST_LEN);
      }
    } else {
      dropped = true;
    }
    l = r.fields[cell->first + 1];
  }
  put8(&body, PREFIX_SMALL_INT); /* [] */
  bool wrote = false;
  if (ok && dropped && !body.oom) {
    Out file = {0};
    put(&file, data, e1);
    put32(&file, MAGIC_SMALL);
    put32(&file, (uint32_t)body.n);
    put32(&file, c.objects);
    put32(&file, c.words32);
    put32(&file, c.words64);
    put(&file, body.p, body.n);
    put(&file, data + e2, len - e2);
    /* Through a temporary file, so that a failed write leaves the old
     * .cmi in place. */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    if (!file.oom && tmp != NULL) {
      memcpy(tmp, path, plen);
      memcpy(tmp + plen, ".new", 5);
      FILE *w = fopen(tmp, "wb");
      if (w != NULL) {
        wrote = fwrite(file.p, 1, file.n, w) == file.n;
        wrote &= fclose(w) == 0;
        wrote = wrote && rename(tmp, path) == 0;
        if (!wrote) remove(tmp);
      }
    }
    free(tmp);
    free(file.p);
  }
  free(body.p);
  free(r.nodes);
  free(r.fields);
  free(r.objects);
  free(in.p);
  return ok && (wrote || !dropped);
}
