/* Code segments: loaded modules as heap objects.
 *
 * A segment is a custom block on zvm's heap that holds, inline, everything
 * one loaded module owns: its code words, the numbers of its global slots
 * (its own module slot and one per literal), references to the segments of
 * the modules it imports, its name and interface CRC. Nothing of a module
 * lives anywhere else, so when the collector finds a segment unreachable,
 * its finalizer can release it all: its slots go back to the free list,
 * its registry entry is removed, its memory is swept like any block.
 *
 * What keeps a segment alive (docs/unloading.md):
 *   - it is pinned (the main program and its imports): a root;
 *   - a closure made by its code (CLOSUREDYN/CLOSURERECDYN put the segment
 *     in the closure's last field), including the init closure that runs
 *     the module's initialisation; partial applications, return frames and
 *     trap frames all hold such a closure (their env);
 *   - a live segment that imports it.
 * Marking a segment marks the values in its global slots and its imports.
 */
#ifndef ZVM_SEGMENT_H
#define ZVM_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "../vm/value.h"

struct Vm;

enum {
  SEG_PINNED = 1,      /* a root for the whole run */
  SEG_PUBLIC = 2,      /* registered by name while alive */
  SEG_COLLECTABLE = 4  /* closures carry the segment (DYN instructions) */
};

#define CRC_SIZE 16

typedef struct Segment {
  struct Segment *next, *prev; /* vm->segments, all live segments */
  value self;                  /* the custom block that holds this struct */
  uint32_t id;                 /* segment number, for traces: 1, 2, ... */
  uint32_t flags;
  uint32_t code_words;         /* code length, including the final RETURN 1 */
  uint32_t n_slots;            /* slots[0] is the module's own slot */
  uint32_t n_imports;
  bool has_crc;
  uint8_t crc[CRC_SIZE];       /* interface CRC */
  uint32_t *slots;             /* -> inline array */
  value *imports;              /* -> inline array of segment blocks */
  char *name;                  /* -> inline, NUL-terminated */
  code_t code;                 /* -> inline code words */
  size_t source_bytes;         /* size of the file it came from */
} Segment;

/* The Segment inside segment block [v]. */
#define Segment_val(v) ((Segment *)Data_custom_val(v))

extern const CustomOps segment_ops;

/* Allocate a segment block with room for [code_words] code words, [n_slots]
 * global slots (allocated and owned at once, contents ()), [n_imports]
 * imports (set to ()), and the name. Returns 0 if memory (heap or global
 * table) is short. The segment is live (in vm->segments) but not
 * registered; the caller keeps it reachable (it is not a root unless
 * pinned). */
value segment_new(struct Vm *vm, const char *name, uint32_t code_words, uint32_t n_slots,
                  uint32_t n_imports, uint32_t flags);

/* Mark pinned segments (roots.c). */
void segments_mark_roots(struct Vm *vm);

/* The segment whose code contains [pc], or NULL (a linear search over live
 * segments: for diagnostics only). */
Segment *segment_of_pc(struct Vm *vm, code_t pc);

/* ---- The registry of public modules (weak) ---- */

/* The live public segment named [name], or NULL. */
Segment *registry_find(struct Vm *vm, const char *name);
/* Register [seg] under its name; false if memory is short. */
bool registry_add(struct Vm *vm, Segment *seg);
uint32_t registry_count(struct Vm *vm);
void registry_free(struct Vm *vm);

#endif
