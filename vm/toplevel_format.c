/* A port of the pretty-printing engine of OCaml's Format module.
 *
 * The toplevel must print values the way OCaml 4.13's toplevel does,
 * line breaks included: `val p : int * char ... =` followed by the value on
 * the next line when it does not fit, long lists wrapped at 78 columns with
 * the continuation indented under the first element. Those layouts come
 * from Format's box algorithm (stdlib/format.ml) driven by the boxes and
 * break hints of typing/oprint.ml; reproducing them exactly means running
 * the same algorithm. This is format.ml's core (token queue, scan stack,
 * format stack, advance_left, format_pp_token), kept in the same shape and
 * with the same names where possible so the two can be compared; tags and
 * tabulation boxes, which the toplevel does not use, are left out.
 *
 * Sizes are `long`: a negative size is "not known yet" (Size.unknown), as
 * in format.ml.
 */
#include <stdlib.h>
#include <string.h>

#include "toplevel.h"

#define PP_INFINITY 1000000010L

typedef enum TokKind { TK_TEXT, TK_BEGIN, TK_END, TK_BREAK, TK_NEWLINE } TokKind;

typedef struct Tok {
  long size;
  long length;
  TokKind kind;
  FmtBox box;  /* TK_BEGIN */
  int a, b;    /* TK_BEGIN: indent; TK_BREAK: width (fits), offset (breaks) */
  char *text;  /* TK_TEXT, malloc'ed */
} Tok;

typedef struct ScanElem {
  long left_total;
  size_t tok; /* index in the token array */
} ScanElem;

typedef struct BoxElem {
  FmtBox box;
  long width;
} BoxElem;

struct Fmt {
  FILE *out;
  long margin, min_space_left, max_indent;
  long space_left, current_indent;
  bool is_new_line;
  long left_total, right_total;
  int curr_depth;
  /* The queue: tokens [head, n) of an array that only grows until the
   * next flush, so that scan-stack entries can name tokens by index. */
  Tok *toks;
  size_t head, n, cap;
  ScanElem *scan;
  size_t n_scan, scan_cap;
  BoxElem *boxes;
  size_t n_boxes, boxes_cap;
  bool oom;
};

static bool grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return true;
  size_t c = *cap ? *cap * 2 : 64;
  while (c < need) c *= 2;
  void *q = realloc(*p, c * elem);
  if (q == NULL) return false;
  *p = q;
  *cap = c;
  return true;
}

/* ---- Output ---------------------------------------------------------------- */

static void out_string(Fmt *f, const char *s, size_t n) { fwrite(s, 1, n, f->out); }
static void out_newline(Fmt *f) { fputc('\n', f->out); }
static void out_spaces(Fmt *f, long n) {
  for (long i = 0; i < n; i++) fputc(' ', f->out);
}

/* ---- The engine ------------------------------------------------------------ */

static void format_pp_text(Fmt *f, long size, const char *text) {
  f->space_left -= size;
  out_string(f, text, strlen(text));
  f->is_new_line = false;
}

static void break_new_line(Fmt *f, long offset, long width) {
  out_newline(f);
  f->is_new_line = true;
  long indent = f->margin - width + offset;
  long real_indent = indent < f->max_indent ? indent : f->max_indent;
  f->current_indent = real_indent;
  f->space_left = f->margin - f->current_indent;
  out_spaces(f, f->current_indent);
}

static void break_line(Fmt *f, long width) { break_new_line(f, 0, width); }

static void break_same_line(Fmt *f, long width) {
  f->space_left -= width;
  out_spaces(f, width);
}

static void pp_force_break_line(Fmt *f) {
  if (f->n_boxes == 0) {
    out_newline(f);
    return;
  }
  BoxElem *top = &f->boxes[f->n_boxes - 1];
  if (top->width > f->space_left && top->box != FB_FITS && top->box != FB_H) break_line(f, top->width);
}

static void format_pp_token(Fmt *f, long size, const Tok *t) {
  switch (t->kind) {
  case TK_TEXT:
    format_pp_text(f, size, t->text);
    break;
  case TK_BEGIN: {
    long insertion_point = f->margin - f->space_left;
    if (insertion_point > f->max_indent) pp_force_break_line(f);
    long width = f->space_left - t->a;
    FmtBox box = t->box == FB_V ? FB_V : (size > f->space_left ? t->box : FB_FITS);
    if (!grow((void **)&f->boxes, &f->boxes_cap, f->n_boxes + 1, sizeof *f->boxes)) {
      f->oom = true;
      break;
    }
    f->boxes[f->n_boxes++] = (BoxElem){box, width};
    break;
  }
  case TK_END:
    if (f->n_boxes > 0) f->n_boxes--;
    break;
  case TK_NEWLINE:
    if (f->n_boxes == 0) out_newline(f);
    else break_line(f, f->boxes[f->n_boxes - 1].width);
    break;
  case TK_BREAK: {
    if (f->n_boxes == 0) break;
    BoxElem *top = &f->boxes[f->n_boxes - 1];
    long width = top->width, off = t->b;
    switch (top->box) {
    case FB_HOV:
      if (size > f->space_left) break_new_line(f, off, width);
      else break_same_line(f, t->a);
      break;
    case FB_B:
      if (f->is_new_line) break_same_line(f, t->a);
      else if (size > f->space_left) break_new_line(f, off, width);
      else if (f->current_indent > f->margin - width + off) break_new_line(f, off, width);
      else break_same_line(f, t->a);
      break;
    case FB_HV:
    case FB_V: break_new_line(f, off, width); break;
    case FB_FITS:
    case FB_H: break_same_line(f, t->a); break;
    }
    break;
  }
  }
}

static void advance_left(Fmt *f) {
  while (f->head < f->n) {
    Tok *t = &f->toks[f->head];
    long pending = f->right_total - f->left_total;
    if (!(t->size >= 0 || pending >= f->space_left)) return;
    f->head++;
    format_pp_token(f, t->size >= 0 ? t->size : PP_INFINITY, t);
    f->left_total += t->length;
  }
}

static size_t enqueue(Fmt *f, Tok t) {
  if (!grow((void **)&f->toks, &f->cap, f->n + 1, sizeof *f->toks)) {
    f->oom = true;
    free(t.text);
    return SIZE_MAX;
  }
  f->right_total += t.length;
  f->toks[f->n] = t;
  return f->n++;
}

static void initialize_scan_stack(Fmt *f) {
  /* The sentinel: a token that is never printed (index SIZE_MAX). */
  f->n_scan = 0;
  if (!grow((void **)&f->scan, &f->scan_cap, 1, sizeof *f->scan)) {
    f->oom = true;
    return;
  }
  f->scan[f->n_scan++] = (ScanElem){-1, SIZE_MAX};
}

static void set_size(Fmt *f, bool is_break) {
  if (f->n_scan == 0) return;
  ScanElem *top = &f->scan[f->n_scan - 1];
  if (top->left_total < f->left_total) {
    initialize_scan_stack(f);
    return;
  }
  if (top->tok == SIZE_MAX) return;
  Tok *t = &f->toks[top->tok];
  if (t->kind == TK_BREAK && is_break) {
    t->size = f->right_total + t->size;
    f->n_scan--;
  } else if (t->kind == TK_BEGIN && !is_break) {
    t->size = f->right_total + t->size;
    f->n_scan--;
  }
}

static void scan_push(Fmt *f, bool b, Tok t) {
  size_t i = enqueue(f, t);
  if (i == SIZE_MAX) return;
  if (b) set_size(f, true);
  if (!grow((void **)&f->scan, &f->scan_cap, f->n_scan + 1, sizeof *f->scan)) {
    f->oom = true;
    return;
  }
  f->scan[f->n_scan++] = (ScanElem){f->right_total, i};
}

static void clear_queue(Fmt *f) {
  for (size_t i = 0; i < f->n; i++) free(f->toks[i].text);
  f->head = f->n = 0;
  f->left_total = f->right_total = 1;
}

void fmt_open(Fmt *f, FmtBox box, int indent) {
  f->curr_depth++;
  scan_push(f, false, (Tok){.size = -f->right_total, .kind = TK_BEGIN, .box = box, .a = indent});
}

void fmt_close(Fmt *f) {
  if (f->curr_depth <= 1) return;
  enqueue(f, (Tok){.size = 0, .kind = TK_END});
  set_size(f, true);
  set_size(f, false);
  f->curr_depth--;
}

static void rinit(Fmt *f) {
  clear_queue(f);
  initialize_scan_stack(f);
  f->n_boxes = 0;
  f->current_indent = 0;
  f->curr_depth = 0;
  f->space_left = f->margin;
  fmt_open(f, FB_HOV, 0); /* the system box, always open */
}

static void flush_queue(Fmt *f, bool newline) {
  while (f->curr_depth > 1) fmt_close(f);
  f->right_total = PP_INFINITY;
  advance_left(f);
  if (newline) out_newline(f);
  rinit(f);
}

/* ---- The API ----------------------------------------------------------------- */

Fmt *fmt_new(FILE *out) {
  Fmt *f = calloc(1, sizeof *f);
  if (f == NULL) return NULL;
  f->out = out;
  /* Format's defaults, which the toplevel keeps. */
  f->margin = 78;
  f->min_space_left = 10;
  f->max_indent = f->margin - f->min_space_left;
  f->is_new_line = true;
  rinit(f);
  return f;
}

void fmt_free(Fmt *f) {
  if (f == NULL) return;
  clear_queue(f);
  free(f->toks);
  free(f->scan);
  free(f->boxes);
  free(f);
}

void fmt_string_n(Fmt *f, const char *s, size_t len) {
  char *copy = malloc(len + 1);
  if (copy == NULL) {
    f->oom = true;
    return;
  }
  memcpy(copy, s, len);
  copy[len] = 0;
  long size = (long)len;
  enqueue(f, (Tok){.size = size, .length = size, .kind = TK_TEXT, .text = copy});
  advance_left(f);
}

void fmt_string(Fmt *f, const char *s) { fmt_string_n(f, s, strlen(s)); }

void fmt_break(Fmt *f, int width, int offset) {
  scan_push(f, true, (Tok){.size = -f->right_total, .length = width, .kind = TK_BREAK, .a = width, .b = offset});
}

void fmt_space(Fmt *f) { fmt_break(f, 1, 0); }
void fmt_cut(Fmt *f) { fmt_break(f, 0, 0); }

void fmt_newline(Fmt *f) {
  flush_queue(f, true);
  fflush(f->out);
}

void fmt_flush(Fmt *f) {
  flush_queue(f, false);
  fflush(f->out);
}

bool fmt_failed(const Fmt *f) { return f->oom; }
