/* Loading modules: .zbc bytes in, a running segment out.
 *
 *   read      zbc_read: the structure of the file (loader/zbc.c)
 *   verify    verify_code: the code (loader/verify.c)
 *   link      imports (already loaded public modules, else NAME.zbc on the
 *             search path, loaded first), interface CRCs, primitives
 *   build     a segment (loader/segment.c) holding the code, with the
 *             module's literals materialised in its global slots and its
 *             relocations patched; CLOSURE/CLOSUREREC rewritten to their
 *             DYN forms when the segment is collectable; code threaded
 *   run       the module's initialisation, in a closure that carries the
 *             segment; public modules are then registered by name
 * Every failure before "run" leaves nothing behind but garbage the next
 * collection frees; errors name the file and the byte offset.
 */
#ifndef ZVM_LOAD_H
#define ZVM_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "../vm/value.h"

struct Vm;

enum {
  LOAD_PINNED = 1,     /* a GC root: the main program and its imports */
  LOAD_PUBLIC = 2,     /* registered by name, importable by later modules */
  LOAD_NO_CHECKSUM = 4, /* fuzzing: skip the checksum */
  LOAD_NO_INIT = 8      /* fuzzing: build the segment but do not run it */
};

typedef enum LoadStatus {
  LOAD_OK,     /* *result is the module's value (its global) */
  LOAD_FAILED, /* err says why; nothing was run */
  LOAD_RAISED  /* the initialisation raised *result (an exception) */
} LoadStatus;

typedef struct LoadError {
  char msg[640];
} LoadError;

LoadStatus load_file(struct Vm *vm, const char *path, unsigned flags, value *result,
                     LoadError *err);

/* [name] names the buffer in error messages (a file name). */
LoadStatus load_buffer(struct Vm *vm, const char *name, const uint8_t *data, size_t len,
                       unsigned flags, value *result, LoadError *err);

/* Read, verify and link-check [path] and the modules it imports, without
 * running anything or creating segments: what `zvm verify` does. */
LoadStatus load_verify_file(struct Vm *vm, const char *path, LoadError *err);
LoadStatus load_verify_buffer(struct Vm *vm, const char *name, const uint8_t *data, size_t len,
                              unsigned flags, LoadError *err);

/* Add a directory to the search path for imported modules; false if
 * memory is short. */
int vm_add_search_path(struct Vm *vm, const char *dir);

/* Read a whole file (at most ZBC_MAX_FILE bytes + 1, so that bigger files
 * are reported as too big); NULL with err set on failure. */
uint8_t *load_read_file(const char *path, size_t *len, LoadError *err);

#endif
