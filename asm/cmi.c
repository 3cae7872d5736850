/* Interface CRCs from OCaml .cmi files: a small reader of OCaml's marshal
 * format (runtime/intern.c), bounds-checked and without recursion.
 *
 * A 4.x .cmi is the magic "Caml1999I0xx" followed by three marshalled
 * values (typing/cmi_format.ml output_cmi):
 *   1. (module name, signature)                 skipped by its length;
 *   2. (string * Digest.t option) list          the interface CRCs: the
 *      module's own first, then those of the interfaces it imported;
 *   3. the pers_flags list                      ignored.
 *
 * A marshalled value is a header (magic 0x8495A6BE with 32-bit lengths, or
 * 0x8495A6BF with 64-bit ones) and a stream of items in prefix order:
 * small ints/strings/blocks packed in one byte, the rest as a code byte and
 * big-endian operands. Blocks, strings, floats and customs are numbered in
 * the order they appear; CODE_SHARED items refer back to one of them.
 */
#include <string.h>

#include "asm_internal.h"

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
  CODE_DOUBLE_ARRAY32_BIG = 0x07,
  CODE_BLOCK32 = 0x08,
  CODE_STRING8 = 0x09,
  CODE_STRING32 = 0x0A,
  CODE_DOUBLE_BIG = 0x0B,
  CODE_DOUBLE_LITTLE = 0x0C,
  CODE_DOUBLE_ARRAY8_BIG = 0x0D,
  CODE_DOUBLE_ARRAY8_LITTLE = 0x0E,
  CODE_DOUBLE_ARRAY32_LITTLE = 0x0F,
  CODE_CUSTOM = 0x12,
  CODE_BLOCK64 = 0x13,
  CODE_SHARED64 = 0x14,
  CODE_STRING64 = 0x15,
  CODE_DOUBLE_ARRAY64_BIG = 0x16,
  CODE_DOUBLE_ARRAY64_LITTLE = 0x17,
  CODE_CUSTOM_LEN = 0x18,
  CODE_CUSTOM_FIXED = 0x19
};

#define MAGIC_SMALL 0x8495A6BEu
#define MAGIC_BIG 0x8495A6BFu
#define MAGIC_COMPRESSED 0x8495A6BDu

static bool bad(Marshal *m, const char *why) {
  snprintf(m->err, m->errlen, "malformed marshal data: %s (byte %zu)", why, m->pos);
  return false;
}

static bool get(Marshal *m, size_t n, uint64_t *out) {
  if (n > m->end - m->pos) return bad(m, "truncated value");
  uint64_t v = 0;
  for (size_t k = 0; k < n; k++) v = v << 8 | m->d[m->pos + k];
  m->pos += n;
  *out = v;
  return true;
}

static bool skip(Marshal *m, uint64_t n) {
  if (n > m->end - m->pos) return bad(m, "truncated value");
  m->pos += (size_t)n;
  return true;
}

static bool add_node(Marshal *m, MNode n, bool object, size_t *out) {
  if (!VEC_PUSH(m->nodes, n)) return bad(m, "out of memory");
  *out = m->nodes.len - 1;
  if (object && !VEC_PUSH(m->objects, *out)) return bad(m, "out of memory");
  return true;
}

/* The [bits]-bit two's complement integer [v]. */
static int64_t sext(uint64_t v, int bits) {
  if (bits < 64 && (v & ((uint64_t)1 << (bits - 1)))) v |= ~(((uint64_t)1 << bits) - 1);
  return v <= INT64_MAX ? (int64_t)v : -(int64_t)(UINT64_MAX - v) - 1;
}

/* One item: a finished node (*out) or a block still to fill (*open). */
static bool read_item(Marshal *m, size_t *out, bool *open) {
  uint64_t code, x, y;
  MNode n;
  memset(&n, 0, sizeof n);
  *open = false;
  if (!get(m, 1, &code)) return false;
  if (code >= PREFIX_SMALL_BLOCK) {
    n.kind = M_BLOCK;
    n.tag = (uint8_t)(code & 0xF);
    n.size = (size_t)((code >> 4) & 7);
  } else if (code >= PREFIX_SMALL_INT) {
    n.kind = M_INT;
    n.i = (int64_t)(code & 0x3F);
    return add_node(m, n, false, out);
  } else if (code >= PREFIX_SMALL_STRING) {
    n.kind = M_STRING;
    n.len = (size_t)(code & 0x1F);
  } else {
    switch (code) {
    case CODE_INT8:
    case CODE_INT16:
    case CODE_INT32:
    case CODE_INT64: {
      int bytes = 1 << code;
      if (!get(m, (size_t)bytes, &x)) return false;
      n.kind = M_INT;
      n.i = sext(x, 8 * bytes);
      return add_node(m, n, false, out);
    }
    case CODE_SHARED8:
    case CODE_SHARED16:
    case CODE_SHARED32:
    case CODE_SHARED64: {
      int bytes = code == CODE_SHARED64 ? 8 : 1 << (code - CODE_SHARED8);
      if (!get(m, (size_t)bytes, &x)) return false;
      if (x == 0 || x > m->objects.len) return bad(m, "shared reference out of range");
      *out = m->objects.items[m->objects.len - (size_t)x];
      return true;
    }
    case CODE_BLOCK32:
    case CODE_BLOCK64:
      if (!get(m, code == CODE_BLOCK32 ? 4 : 8, &x)) return false;
      n.kind = M_BLOCK;
      n.tag = (uint8_t)(x & 0xFF);
      n.size = (size_t)(x >> 10);
      break;
    case CODE_STRING8:
    case CODE_STRING32:
    case CODE_STRING64:
      if (!get(m, code == CODE_STRING8 ? 1 : code == CODE_STRING32 ? 4 : 8, &x)) return false;
      if (x > m->end - m->pos) return bad(m, "string longer than the data");
      n.kind = M_STRING;
      n.len = (size_t)x;
      break;
    case CODE_DOUBLE_BIG:
    case CODE_DOUBLE_LITTLE:
      if (!skip(m, 8)) return false;
      n.kind = M_OTHER;
      return add_node(m, n, true, out);
    case CODE_DOUBLE_ARRAY8_BIG:
    case CODE_DOUBLE_ARRAY8_LITTLE:
    case CODE_DOUBLE_ARRAY32_BIG:
    case CODE_DOUBLE_ARRAY32_LITTLE:
    case CODE_DOUBLE_ARRAY64_BIG:
    case CODE_DOUBLE_ARRAY64_LITTLE: {
      size_t bytes = code <= CODE_DOUBLE_ARRAY8_LITTLE && code >= CODE_DOUBLE_ARRAY8_BIG ? 1
                     : code >= CODE_DOUBLE_ARRAY64_BIG ? 8 : 4;
      if (!get(m, bytes, &y)) return false;
      if (y > (m->end - m->pos) / 8) return bad(m, "float array longer than the data");
      if (!skip(m, y * 8)) return false;
      n.kind = M_OTHER;
      return add_node(m, n, true, out);
    }
    case CODE_CUSTOM:
    case CODE_CUSTOM_LEN:
    case CODE_CUSTOM_FIXED: {
      /* An identifier (NUL-terminated), then the data: its length is
       * given for CUSTOM_LEN, known for the boxed integers otherwise. */
      size_t id = m->pos;
      const uint8_t *nul = memchr(m->d + id, 0, m->end - id);
      if (nul == NULL) return bad(m, "unterminated custom block identifier");
      size_t idlen = (size_t)(nul - (m->d + id));
      m->pos = id + idlen + 1;
      uint64_t size;
      if (code == CODE_CUSTOM_LEN) {
        if (!skip(m, 4) || !get(m, 8, &size)) return false;
      } else if (idlen == 2 && memcmp(m->d + id, "_i", 2) == 0) {
        size = 4;
      } else if (idlen == 2 && memcmp(m->d + id, "_j", 2) == 0) {
        size = 8;
      } else if (idlen == 2 && memcmp(m->d + id, "_n", 2) == 0) {
        if (!get(m, 1, &x)) return false;
        if (x != 1 && x != 2) return bad(m, "bad nativeint size");
        size = x == 1 ? 4 : 8;
      } else {
        return bad(m, "custom block of unknown size");
      }
      n.kind = M_CUSTOM;
      n.i = (int64_t)id; /* the identifier's offset */
      n.off = m->pos;
      n.len = (size_t)size;
      if (!skip(m, size)) return false;
      return add_node(m, n, true, out);
    }
    default:
      return bad(m, "unsupported item (a code pointer)");
    }
  }
  if (n.kind == M_STRING) {
    n.off = m->pos;
    if (!skip(m, n.len)) return false;
    return add_node(m, n, true, out);
  }
  /* A block: each field takes at least one byte. */
  if (n.size == 0) return add_node(m, n, false, out); /* an atom is not numbered */
  if (n.size > m->end - m->pos) return bad(m, "block larger than the data");
  n.first = m->fields.len;
  if (!VEC_RESERVE(m->fields, n.size)) return bad(m, "out of memory");
  m->fields.len += n.size;
  *open = true;
  return add_node(m, n, true, out);
}

typedef struct Fill {
  size_t node;
  size_t filled;
} Fill;

/* Parse the value in [m->pos, m->end) into nodes; *root is its node. */
static bool read_value(Marshal *m, size_t *root) {
  VEC(Fill) stack = {0};
  bool ok = false;
  for (;;) {
    size_t x;
    bool open;
    if (!read_item(m, &x, &open)) goto done;
    if (open) {
      Fill f = {x, 0};
      if (!VEC_PUSH(stack, f)) {
        bad(m, "out of memory");
        goto done;
      }
      continue;
    }
    for (;;) {
      if (stack.len == 0) {
        *root = x;
        ok = true;
        goto done;
      }
      Fill *f = &stack.items[stack.len - 1];
      const MNode *b = &m->nodes.items[f->node];
      m->fields.items[b->first + f->filled++] = x;
      if (f->filled < b->size) break;
      x = f->node;
      stack.len--;
    }
  }
done:
  free(stack.items);
  return ok;
}

/* The header at m->pos; sets m->end to the end of the value's data. */
static bool read_header(Marshal *m, size_t limit) {
  uint64_t magic, len;
  m->end = limit;
  if (!get(m, 4, &magic)) return false;
  if (magic == MAGIC_SMALL) {
    if (!get(m, 4, &len) || !skip(m, 12)) return false;
  } else if (magic == MAGIC_BIG) {
    if (!skip(m, 4) || !get(m, 8, &len) || !skip(m, 16)) return false;
  } else if (magic == MAGIC_COMPRESSED) {
    return bad(m, "compressed marshal data is not supported");
  } else {
    return bad(m, "bad marshal magic number");
  }
  if (len > limit - m->pos) return bad(m, "value longer than the file");
  m->end = m->pos + (size_t)len;
  return true;
}

bool asm_marshal_read(Marshal *m, const uint8_t *data, size_t len, size_t *pos, size_t *root) {
  m->d = data;
  m->pos = *pos;
  m->objects.len = 0; /* shared references do not cross values */
  if (m->pos > len) return bad(m, "no value there");
  if (!read_header(m, len) || !read_value(m, root)) return false;
  if (m->pos != m->end) return bad(m, "value shorter than its header says");
  *pos = m->pos;
  return true;
}

bool asm_marshal_skip(Marshal *m, const uint8_t *data, size_t len, size_t *pos) {
  m->d = data;
  m->pos = *pos;
  if (m->pos > len) return bad(m, "no value there");
  if (!read_header(m, len)) return false;
  *pos = m->end;
  return true;
}

void asm_marshal_free(Marshal *m) {
  free(m->nodes.items);
  free(m->fields.items);
  free(m->objects.items);
  memset(m, 0, sizeof *m);
}

const MNode *asm_marshal_field(const Marshal *m, const MNode *b, size_t k) {
  return &m->nodes.items[m->fields.items[b->first + k]];
}
#define field asm_marshal_field

static bool is_block(const MNode *n, size_t size) {
  return n->kind == M_BLOCK && n->tag == 0 && n->size == size;
}

int asm_cmi_crc(const unsigned char *data, size_t len, const char *name,
                unsigned char crc[ZBC_CRC_SIZE], char *err, size_t errlen) {
  Marshal m;
  memset(&m, 0, sizeof m);
  m.err = err;
  m.errlen = errlen;
  int result = -1;
  if (len < 12 || memcmp(data, "Caml1999I", 9) != 0) {
    snprintf(err, errlen, "not an OCaml .cmi file (bad magic number)");
    return -1;
  }
  /* Skip the (name, signature) value, parse the CRC list. */
  size_t pos = 12, root;
  if (!asm_marshal_skip(&m, data, len, &pos) || !asm_marshal_read(&m, data, len, &pos, &root))
    goto done;
  const MNode *l = &m.nodes.items[root];
  size_t name_len = strlen(name);
  result = 0;
  for (size_t steps = 0; steps <= m.nodes.len; steps++) {
    if (l->kind == M_INT && l->i == 0) goto done; /* [] */
    if (!is_block(l, 2)) break;
    const MNode *pair = field(&m, l, 0);
    if (!is_block(pair, 2)) break;
    const MNode *s = field(&m, pair, 0), *opt = field(&m, pair, 1);
    if (s->kind != M_STRING) break;
    if (s->len == name_len && memcmp(data + s->off, name, name_len) == 0) {
      if (opt->kind == M_INT && opt->i == 0) goto done; /* None */
      if (!is_block(opt, 1)) break;
      const MNode *digest = field(&m, opt, 0);
      if (digest->kind != M_STRING || digest->len != ZBC_CRC_SIZE) break;
      memcpy(crc, data + digest->off, ZBC_CRC_SIZE);
      result = 1;
      goto done;
    }
    l = field(&m, l, 1);
  }
  snprintf(err, errlen, "malformed .cmi: the CRC list is not a (string * Digest.t option) list");
  result = -1;
done:
  asm_marshal_free(&m);
  return result;
}
