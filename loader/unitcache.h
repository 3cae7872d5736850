/* Prepared units, and the cache that lets a file loaded again skip all the
 * work that does not depend on the VM's state.
 *
 * Loading a module is two halves (loader/link.c):
 *   prepare      read and check the file, build the code as it will run
 *                (RETURN appended, DYN closures if collectable), verify
 *                it, resolve its primitives, number its global slots;
 *   instantiate  link its imports against the modules loaded now, build
 *                its literals and its segment, patch and thread the code,
 *                run its initialisation.
 * A Prepared is the result of the first half. It never changes once made,
 * and it is shared: the loader and the cache hold references to it.
 *
 * The cache keeps the Prepared of the last few files loaded, keyed by what
 * stat says of the file (device, inode, size, modification and change
 * times) and by the load mode. Loading the same file again then costs one
 * stat call and the second half. A file is cached only if it was last
 * changed at least ZVM_UNITCACHE_SETTLED seconds before it was read, so a
 * file rewritten within the file system's timestamp granularity (the same
 * size, the same times, other bytes) is never mistaken for the one cached:
 * any later change gives the file a new change time. The cache is bounded
 * (ZVM_UNITCACHE_ENTRIES, least recently used first out) and per VM.
 */
#ifndef ZVM_UNITCACHE_H
#define ZVM_UNITCACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "load.h"
#include "zbc.h"

struct Vm;

#define ZVM_UNITCACHE_ENTRIES 8
#define ZVM_UNITCACHE_SETTLED 2 /* seconds */

typedef struct Prepared {
  unsigned refs;
  unsigned mode;        /* the load flags it depends on (PREPARED_MODE) */
  ZbcUnit *u;           /* the file's contents */
  int32_t *code;        /* code_words: the file's code, RETURN n appended */
  uint8_t *starts;      /* instruction starts (from the verifier) */
  uint32_t code_words;
  uint32_t max_depth;   /* deepest stack of any function (verifier) */
  int32_t *sym_prim;    /* primitive number per symbol, or -1 */
  uint32_t *lit_slot;   /* segment slot index per literal node, or UINT32_MAX */
  uint32_t n_slots;     /* the module's own slot + its literals */
  /* The code threaded (vm/threading.c) with its primitives patched in:
   * what a segment's code is before its global and literal operands are
   * patched. Made by the first load that runs it, for the dispatch of
   * that build and setting (threaded_for). */
  opcode_t *threaded;
  uintptr_t threaded_for;
} Prepared;

/* The flags a Prepared depends on. */
#define PREPARED_MODE(flags) ((flags) & (LOAD_PINNED | LOAD_NO_CHECKSUM))

/* Drop a reference; the last one frees it. NULL is allowed. */
void prepared_release(Prepared *p);

/* The Prepared cached for the file described by [st] in [mode], with a new
 * reference for the caller, or NULL. */
Prepared *unitcache_find(struct Vm *vm, const struct stat *st, unsigned mode);

/* Cache [p] for the file described by [st], read at [read_at] (seconds
 * since the epoch), unless the file had changed too recently then or
 * memory is short. The cache takes its own reference. */
void unitcache_add(struct Vm *vm, const struct stat *st, int64_t read_at, Prepared *p);

/* Empty the cache (vm_free). */
void unitcache_free(struct Vm *vm);

#endif
