/* OCaml's lexical conventions, just enough for the toplevel.
 *
 * The toplevel must find where a phrase ends (`;;`, but not inside a
 * comment, a string or a character literal) and whether it is an
 * expression, whose value OCaml's toplevel prints as `- : int = 3`, or
 * definitions. ocamlc does the real parsing; this only has to agree with
 * it on those two questions, for every input (it is fed whatever the user
 * types, so it never recurses and never reads past the end).
 */
#include <stdlib.h>
#include <string.h>

#include "toplevel.h"

typedef enum TokKind {
  T_EOF,
  T_LIDENT, /* lower-case identifiers and keywords */
  T_UIDENT,
  T_STRING,
  T_CHAR,
  T_NUMBER,
  T_OP,     /* operator characters, and anything else */
  T_PUNCT,  /* ( ) [ ] { } , ` */
  T_SEMI,
  T_SEMISEMI,
  T_QUOTE   /* ' of a type variable */
} TokKind;

typedef struct Tok {
  TokKind kind;
  size_t start, end;
} Tok;

static bool is_ident_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '\'' || c >= 128;
}

static bool is_op_char(char c) { return c != 0 && strchr("!$%&*+-./:<=>?@^|~#", c) != NULL; }

/* Skip a string literal starting at s[i] == '"'; returns the offset after
 * it (len if unterminated). */
static size_t skip_string(const char *s, size_t len, size_t i) {
  for (i++; i < len; i++) {
    if (s[i] == '\\') i++;
    else if (s[i] == '"') return i + 1;
  }
  return len;
}

/* A quoted string {id|...|id} at s[i] == '{'; returns the offset after it,
 * or i if s[i] does not start one. */
static size_t skip_quoted(const char *s, size_t len, size_t i) {
  size_t j = i + 1;
  while (j < len && ((s[j] >= 'a' && s[j] <= 'z') || s[j] == '_')) j++;
  if (j >= len || s[j] != '|') return i;
  size_t idlen = j - i - 1;
  for (size_t k = j + 1; k < len; k++)
    if (s[k] == '|' && k + 1 + idlen < len && memcmp(s + k + 1, s + i + 1, idlen) == 0 &&
        s[k + 1 + idlen] == '}')
      return k + 2 + idlen;
  return len;
}

/* A character literal at s[i] == '\''; returns the offset after it, or i
 * if it is the quote of a type variable. */
static size_t skip_char(const char *s, size_t len, size_t i) {
  if (i + 2 < len && s[i + 1] == '\\') {
    for (size_t j = i + 3; j < len && j <= i + 6; j++)
      if (s[j] == '\'') return j + 1;
    return i;
  }
  if (i + 2 < len && s[i + 1] != '\n' && s[i + 2] == '\'') return i + 3;
  return i;
}

/* A comment starting at s[i] (which is "(*"); returns the offset after its
 * end (len if unterminated). Comments nest, and strings inside them are
 * skipped, as OCaml's lexer does. */
static size_t skip_comment(const char *s, size_t len, size_t i) {
  size_t depth = 0;
  while (i < len) {
    if (s[i] == '(' && i + 1 < len && s[i + 1] == '*') {
      depth++;
      i += 2;
    } else if (s[i] == '*' && i + 1 < len && s[i + 1] == ')') {
      i += 2;
      if (--depth == 0) return i;
    } else if (s[i] == '"') {
      i = skip_string(s, len, i);
    } else if (s[i] == '{') {
      size_t j = skip_quoted(s, len, i);
      i = j > i ? j : i + 1;
    } else if (s[i] == '\'') {
      size_t j = skip_char(s, len, i);
      i = j > i ? j : i + 1;
    } else {
      i++;
    }
  }
  return len;
}

size_t top_skip_blanks(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') i++;
    else if (c == '(' && i + 1 < len && s[i + 1] == '*') i = skip_comment(s, len, i);
    else break;
  }
  return i;
}

static Tok next_token(const char *s, size_t len, size_t *pos) {
  size_t i = *pos;
  i += top_skip_blanks(s + i, len - i);
  Tok t = {T_EOF, i, i};
  if (i >= len) {
    *pos = len;
    return t;
  }
  unsigned char c = (unsigned char)s[i];
  size_t j = i + 1;
  if ((c >= 'a' && c <= 'z') || c == '_' || c >= 128) {
    while (j < len && is_ident_char((unsigned char)s[j])) j++;
    t.kind = T_LIDENT;
  } else if (c >= 'A' && c <= 'Z') {
    while (j < len && is_ident_char((unsigned char)s[j])) j++;
    t.kind = T_UIDENT;
  } else if (c >= '0' && c <= '9') {
    while (j < len) {
      char d = s[j];
      if ((d == '+' || d == '-') && strchr("eEpP", s[j - 1]) != NULL) j++;
      else if (is_ident_char((unsigned char)d) || d == '.') j++;
      else break;
    }
    t.kind = T_NUMBER;
  } else if (c == '"') {
    j = skip_string(s, len, i);
    t.kind = T_STRING;
  } else if (c == '\'') {
    j = skip_char(s, len, i);
    if (j == i) j = i + 1, t.kind = T_QUOTE;
    else t.kind = T_CHAR;
  } else if (c == '{' && skip_quoted(s, len, i) > i) {
    j = skip_quoted(s, len, i);
    t.kind = T_STRING;
  } else if (c == ';') {
    if (j < len && s[j] == ';') j++, t.kind = T_SEMISEMI;
    else t.kind = T_SEMI;
  } else if (strchr("()[]{},`", c) != NULL) {
    t.kind = T_PUNCT;
  } else if (is_op_char((char)c)) {
    while (j < len && is_op_char(s[j])) j++;
    t.kind = T_OP;
  } else {
    t.kind = T_OP;
  }
  t.end = j;
  *pos = j;
  return t;
}

size_t top_phrase_end(const char *s, size_t len) {
  size_t pos = 0;
  for (;;) {
    Tok t = next_token(s, len, &pos);
    if (t.kind == T_EOF) return 0;
    if (t.kind == T_SEMISEMI) return t.end;
  }
}

static bool tok_is(const char *s, const Tok *t, const char *word) {
  size_t n = strlen(word);
  return t->end - t->start == n && memcmp(s + t->start, word, n) == 0;
}

static bool is_item_keyword(const char *s, const Tok *t) {
  static const char *const words[] = {"type", "exception", "module", "open", "include",
                                      "external", "class", NULL};
  if (t->kind != T_LIDENT) return false;
  for (int i = 0; words[i] != NULL; i++)
    if (tok_is(s, t, words[i])) return true;
  return false;
}

/* Frames of the nesting the classifier tracks. */
enum { F_LET = 'L', F_PAREN = '(', F_BRACKET = '[', F_BRACE = '{', F_BLOCK = 'b' };

PhraseKind top_classify(const char *s, size_t len, size_t *any) {
  size_t pos = 0;
  Tok first = next_token(s, len, &pos);
  if (first.kind == T_EOF) return PHRASE_EMPTY;
  if (first.kind == T_OP && s[first.start] == '#') return PHRASE_DIRECTIVE;
  if (is_item_keyword(s, &first)) return PHRASE_DEFINITIONS;
  if (first.kind == T_PUNCT && s[first.start] == '[') {
    size_t p2 = pos;
    Tok t = next_token(s, len, &p2);
    if (t.kind == T_OP && t.end - t.start >= 3 && memcmp(s + t.start, "@@@", 3) == 0)
      return PHRASE_DEFINITIONS; /* a floating attribute */
  }
  if (first.kind != T_LIDENT || !tok_is(s, &first, "let")) return PHRASE_EXPRESSION;

  /* A phrase starting with `let` is an expression when that first `let` is
   * closed by an `in` (let ... in e, let open M in e, let module ...).
   * Track lets and brackets: an `in` closes the innermost let of the
   * current bracket; closing a bracket (or struct/sig/object ... end)
   * drops the lets inside it, which are definitions without `in`. */
  size_t cap = 64, n = 0;
  char *stack = malloc(cap);
  if (stack == NULL) return PHRASE_DEFINITIONS;
  stack[n++] = F_LET;
  bool expression = false, single = true;
  size_t p2 = pos;
  Tok t2 = next_token(s, len, &p2), t3 = next_token(s, len, &p2);
  bool let_any = t2.kind == T_LIDENT && tok_is(s, &t2, "_") && t3.kind == T_OP && tok_is(s, &t3, "=");
  for (;;) {
    Tok t = next_token(s, len, &pos);
    if (t.kind == T_EOF) break;
    char c = s[t.start];
    char open = 0;
    bool at_top = n == 1 && stack[0] == F_LET;
    if (t.kind == T_LIDENT && tok_is(s, &t, "let")) {
      open = F_LET;
    } else if (t.kind == T_LIDENT && tok_is(s, &t, "in")) {
      if (n > 0 && stack[n - 1] == F_LET) {
        n--;
        if (n == 0) {
          expression = true;
          break;
        }
      }
      continue;
    } else if (t.kind == T_PUNCT && (c == '(' || c == '[' || c == '{')) {
      open = c;
    } else if (t.kind == T_LIDENT && (tok_is(s, &t, "begin") || tok_is(s, &t, "struct") ||
                                      tok_is(s, &t, "sig") || tok_is(s, &t, "object"))) {
      open = F_BLOCK;
    } else if ((t.kind == T_PUNCT && (c == ')' || c == ']' || c == '}')) ||
               (t.kind == T_LIDENT && tok_is(s, &t, "end"))) {
      char want = t.kind == T_LIDENT ? F_BLOCK : c == ')' ? F_PAREN : c == ']' ? F_BRACKET : F_BRACE;
      size_t k = n;
      while (k > 0 && stack[k - 1] != want) k--;
      if (k > 0) n = k - 1; /* unbalanced closers are ocamlc's business */
      continue;
    } else if (at_top && (is_item_keyword(s, &t) || (t.kind == T_LIDENT && tok_is(s, &t, "and")))) {
      single = false;
    }
    if (open) {
      if (n == cap) {
        char *ns = realloc(stack, cap * 2);
        if (ns == NULL) break;
        stack = ns;
        cap *= 2;
      }
      stack[n++] = open;
    }
  }
  free(stack);
  if (expression) return PHRASE_EXPRESSION;
  /* A let left open besides the first is another definition. */
  if (n != 1) single = false;
  if (let_any && single) {
    *any = t2.start;
    return PHRASE_LET_ANY;
  }
  return PHRASE_DEFINITIONS;
}
