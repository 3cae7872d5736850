/* Code segments, global slots and the module registry. */
#include "segment.h"

#include <stdlib.h>
#include <string.h>

#include "../vm/alloc.h"
#include "../vm/vm.h"

/* ---- Global slots -------------------------------------------------------- */

/* Free slots are chained through the table itself: globals[i] holds
 * Val_long(next free slot) (an integer, so harmless to anything). */
static bool slot_alloc(Vm *vm, uint32_t owner, uint32_t *out) {
  uint32_t slot;
  if (vm->free_slot != 0) {
    slot = vm->free_slot;
    vm->free_slot = (uint32_t)Long_val(vm->globals[slot]);
  } else {
    if (vm->globals_top == UINT32_MAX - 1) return false;
    if (!vm_ensure_globals(vm, vm->globals_top + 1)) return false;
    slot = vm->globals_top++;
  }
  vm->globals[slot] = Val_unit;
  vm->slot_owner[slot] = owner;
  vm->slots_live++;
  if (vm->slots_live > vm->slots_peak) vm->slots_peak = vm->slots_live;
  *out = slot;
  return true;
}

static void slot_release(Vm *vm, uint32_t slot) {
  vm->slot_owner[slot] = SLOT_FREE;
  vm->globals[slot] = Val_long(vm->free_slot);
  vm->free_slot = slot;
  vm->slots_live--;
}

/* ---- The segment object -------------------------------------------------- */

static void segment_trace(Vm *vm, value v, void (*mark)(Vm *, value)) {
  Segment *seg = Segment_val(v);
  for (uint32_t i = 0; i < seg->n_slots; i++) mark(vm, vm->globals[seg->slots[i]]);
  for (uint32_t i = 0; i < seg->n_imports; i++) mark(vm, seg->imports[i]);
}

static void registry_remove(Vm *vm, Segment *seg);

static void segment_finalize(Vm *vm, value v) {
  Segment *seg = Segment_val(v);
  if ((vm->trace & TRACE_UNLOAD) && vm->trace_out != NULL)
    fprintf(vm->trace_out, "unload %u %s code_words=%u slots=%u\n", seg->id, seg->name,
            seg->code_words, seg->n_slots);
  if (seg->flags & SEG_PUBLIC) registry_remove(vm, seg);
  for (uint32_t i = 0; i < seg->n_slots; i++) slot_release(vm, seg->slots[i]);
  seg->n_slots = 0;
  if (seg->prev != NULL) seg->prev->next = seg->next;
  else vm->segments = seg->next;
  if (seg->next != NULL) seg->next->prev = seg->prev;
  vm->segments_freed++;
  vm->segments_live--;
}

static int segment_compare(value a, value b) {
  /* Segments are compared by identity (like code pointers). */
  return (a > b) - (a < b);
}

const CustomOps segment_ops = {"_zvm_segment", segment_finalize, segment_compare, NULL,
                               segment_trace};

static size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

value segment_new(Vm *vm, const char *name, uint32_t code_words, uint32_t n_slots,
                  uint32_t n_imports, uint32_t flags) {
  size_t name_len = strlen(name);
  size_t off_slots = align_up(sizeof(Segment), sizeof(value));
  size_t off_imports = align_up(off_slots + (size_t)n_slots * sizeof(uint32_t), sizeof(value));
  size_t off_name = off_imports + (size_t)n_imports * sizeof(value);
  size_t off_code = align_up(off_name + name_len + 1, sizeof(value));
  size_t total = off_code + (size_t)code_words * sizeof(opcode_t);
  if (!vm_ensure_globals(vm, vm->globals_top + n_slots)) return 0;
  value v = caml_try_alloc_custom(vm, &segment_ops, total);
  if (v == 0) return 0;
  /* caml_try_alloc_custom zeroed the data and set the ops. The segment is
   * not linked yet: if we fail below, the sweep frees it silently
   * (segment_finalize must not see it), so set ops only once it is. */
  Custom_ops_val(v) = NULL;
  char *base = (char *)Data_custom_val(v);
  Segment *seg = (Segment *)base;
  seg->self = v;
  seg->id = vm->next_segment_id++;
  seg->flags = flags;
  seg->code_words = code_words;
  seg->slots = (uint32_t *)(base + off_slots);
  seg->imports = (value *)(base + off_imports);
  seg->name = base + off_name;
  memcpy(seg->name, name, name_len + 1);
  seg->code = (code_t)(base + off_code);
  for (uint32_t i = 0; i < n_imports; i++) seg->imports[i] = Val_unit;
  seg->n_imports = n_imports;
  for (uint32_t i = 0; i < n_slots; i++) {
    /* Cannot fail: the table was grown above and allocation is O(1). */
    slot_alloc(vm, seg->id, &seg->slots[i]);
    seg->n_slots = i + 1;
  }
  Custom_ops_val(v) = &segment_ops;
  seg->prev = NULL;
  seg->next = vm->segments;
  if (vm->segments != NULL) vm->segments->prev = seg;
  vm->segments = seg;
  vm->segments_loaded++;
  vm->segments_live++;
  return v;
}

void segments_mark_roots(Vm *vm) {
  for (Segment *s = vm->segments; s != NULL; s = s->next)
    if (s->flags & SEG_PINNED) gc_mark(vm, s->self);
}

Segment *segment_of_pc(Vm *vm, code_t pc) {
  for (Segment *s = vm->segments; s != NULL; s = s->next)
    if (pc >= s->code && pc < s->code + s->code_words) return s;
  return NULL;
}

/* ---- The registry ------------------------------------------------------- */

/* A small open-addressing hash table from names to live public segments.
 * Entries are removed by segment_finalize, so the table only ever holds
 * live modules. */
typedef struct Registry {
  Segment **slots;
  uint32_t cap;   /* power of two */
  uint32_t count;
  uint32_t tombs;
} Registry;

#define TOMB ((Segment *)1)

static uint32_t hash_name(const char *s) {
  uint32_t h = 2166136261u;
  while (*s) h = (h ^ (uint8_t)*s++) * 16777619u;
  return h;
}

Segment *registry_find(Vm *vm, const char *name) {
  Registry *r = vm->registry;
  if (r == NULL || r->count == 0) return NULL;
  for (uint32_t i = hash_name(name) & (r->cap - 1);; i = (i + 1) & (r->cap - 1)) {
    Segment *s = r->slots[i];
    if (s == NULL) return NULL;
    if (s != TOMB && strcmp(s->name, name) == 0) return s;
  }
}

static bool registry_grow(Registry *r) {
  uint32_t cap = r->cap ? r->cap * 2 : 16;
  if (r->count * 4 < r->cap) cap = r->cap; /* only tombstones: rehash in place */
  Segment **slots = calloc(cap, sizeof *slots);
  if (slots == NULL) return false;
  for (uint32_t i = 0; i < r->cap; i++) {
    Segment *s = r->slots[i];
    if (s == NULL || s == TOMB) continue;
    uint32_t j = hash_name(s->name) & (cap - 1);
    while (slots[j] != NULL) j = (j + 1) & (cap - 1);
    slots[j] = s;
  }
  free(r->slots);
  r->slots = slots;
  r->cap = cap;
  r->tombs = 0;
  return true;
}

bool registry_add(Vm *vm, Segment *seg) {
  if (vm->registry == NULL) {
    vm->registry = calloc(1, sizeof(Registry));
    if (vm->registry == NULL) return false;
  }
  Registry *r = vm->registry;
  if ((r->count + r->tombs + 1) * 2 > r->cap && !registry_grow(r)) return false;
  uint32_t i = hash_name(seg->name) & (r->cap - 1);
  while (r->slots[i] != NULL && r->slots[i] != TOMB) i = (i + 1) & (r->cap - 1);
  if (r->slots[i] == TOMB) r->tombs--;
  r->slots[i] = seg;
  r->count++;
  seg->flags |= SEG_PUBLIC;
  return true;
}

static void registry_remove(Vm *vm, Segment *seg) {
  Registry *r = vm->registry;
  if (r == NULL) return;
  for (uint32_t i = hash_name(seg->name) & (r->cap - 1);; i = (i + 1) & (r->cap - 1)) {
    Segment *s = r->slots[i];
    if (s == NULL) return;
    if (s == seg) {
      r->slots[i] = TOMB;
      r->tombs++;
      r->count--;
      return;
    }
  }
}

uint32_t registry_count(Vm *vm) { return vm->registry ? vm->registry->count : 0; }

void registry_free(Vm *vm) {
  if (vm->registry == NULL) return;
  free(vm->registry->slots);
  free(vm->registry);
  vm->registry = NULL;
}
