/* The primitive table, generated from vm/prims.def. */
#include "prims.h"

#include <string.h>

#include "vm.h"

#define PROTO_1 value
#define PROTO_2 value, value
#define PROTO_3 value, value, value
#define PROTO_4 value, value, value, value
#define PROTO_5 value, value, value, value, value
#define PRIM(name, arity) value name(Vm *, PROTO_##arity);
#define PRIMN(name, arity) value name(Vm *, value *, int);
#include "prims.def"
#undef PRIM
#undef PRIMN

const Primitive prim_table[] = {
#define PRIM(name, arity) {#name, arity, {.f##arity = name}},
#define PRIMN(name, arity) {#name, arity, {.fn = name}},
#include "prims.def"
#undef PRIM
#undef PRIMN
};

const int prim_count = (int)(sizeof prim_table / sizeof prim_table[0]);

int prim_lookup(const char *name, size_t len) {
  int lo = 0, hi = prim_count - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    const char *n = prim_table[mid].name;
    size_t nlen = strlen(n);
    int c = memcmp(n, name, nlen < len ? nlen : len);
    if (c == 0) c = (nlen > len) - (nlen < len);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
