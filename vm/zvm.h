/* zvm embedding API.
 *
 * A host program creates VMs, loads modules into them (pinned, or
 * collectable so that their code is freed once unreachable), calls OCaml
 * closures, and holds OCaml values through handles. VMs share nothing:
 * any number can live in one process (one thread per VM at a time).
 *
 *   zvm_vm *vm = zvm_new();
 *   zvm_handle plugin;
 *   if (zvm_load_file(vm, "plugin.zbc", ZVM_COLLECTABLE | ZVM_PRIVATE, &plugin) != ZVM_OK)
 *     fprintf(stderr, "%s\n", zvm_last_error(vm));
 *   zvm_handle f = zvm_field(vm, plugin, 0);   // the module's first value
 *   zvm_handle x = zvm_of_int(vm, 20), r;
 *   if (zvm_call(vm, f, 1, &x, &r) == ZVM_OK) printf("%ld\n", (long)zvm_to_int(vm, r));
 *   zvm_release(vm, plugin); ...              // drop handles: the code can go
 *   zvm_gc(vm);
 *   zvm_free(vm);
 *
 * Handles are GC roots owned by the host: a value stays alive while a
 * handle to it is held. Every function taking a handle requires a live one.
 */
#ifndef ZVM_H
#define ZVM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct Vm zvm_vm;
typedef uint32_t zvm_handle; /* 0 is never a valid handle */

typedef enum zvm_status {
  ZVM_OK = 0,
  ZVM_ERROR = 1,     /* load/link/verify error, bad argument, out of memory */
  ZVM_EXCEPTION = 2, /* OCaml code raised; zvm_last_error has it as ocamlrun prints it */
  ZVM_EXIT = 3       /* OCaml code called exit; see zvm_exit_code */
} zvm_status;

/* Load flags. A pinned module is a GC root for the VM's life; a
 * collectable one lives while something references its code. A public
 * module is registered by name for later imports while it lives; a
 * private one is not, and may be loaded any number of times. */
enum { ZVM_COLLECTABLE = 0, ZVM_PINNED = 1, ZVM_PRIVATE = 0, ZVM_PUBLIC = 2 };

zvm_vm *zvm_new(void); /* NULL if memory is short */
void zvm_free(zvm_vm *vm);

/* Where imported modules are found (NAME.zbc). Returns 0 on failure. */
int zvm_add_search_path(zvm_vm *vm, const char *dir);

/* Load and initialise a module; *module receives a handle to its value. */
zvm_status zvm_load_file(zvm_vm *vm, const char *path, int flags, zvm_handle *module);
zvm_status zvm_load_buffer(zvm_vm *vm, const char *name, const void *data, size_t len,
                           int flags, zvm_handle *module);

/* Apply a closure to nargs >= 1 arguments; *result receives a handle. */
zvm_status zvm_call(zvm_vm *vm, zvm_handle closure, int nargs, const zvm_handle *args,
                    zvm_handle *result);

/* The message of the last ZVM_ERROR or ZVM_EXCEPTION ("" if none). */
const char *zvm_last_error(zvm_vm *vm);
int zvm_exit_code(zvm_vm *vm);

/* Values. Each zvm_of_* and zvm_field returns a new handle (0 if memory is
 * short or the request is invalid). */
zvm_handle zvm_of_int(zvm_vm *vm, intptr_t n);
zvm_handle zvm_of_string(zvm_vm *vm, const char *s, size_t len);
zvm_handle zvm_of_float(zvm_vm *vm, double d);
zvm_handle zvm_field(zvm_vm *vm, zvm_handle block, size_t i);
zvm_handle zvm_dup(zvm_vm *vm, zvm_handle h);
int zvm_is_int(zvm_vm *vm, zvm_handle h);
intptr_t zvm_to_int(zvm_vm *vm, zvm_handle h);
double zvm_to_float(zvm_vm *vm, zvm_handle h);
/* A string's bytes and length (valid until the next allocation). */
const char *zvm_to_string(zvm_vm *vm, zvm_handle h, size_t *len);
/* Number of fields of a block (0 for an integer). */
size_t zvm_size(zvm_vm *vm, zvm_handle h);
void zvm_release(zvm_vm *vm, zvm_handle h);

/* Host primitives: C functions that OCaml code loaded into this VM calls
 * as it calls the runtime's, declared with `external`
 * (`external area : float -> float -> float = "host_area"`; with more than
 * five arguments, OCaml names a bytecode function: `= "f_bytecode"
 * "f_native"`, and registering "f_bytecode" is what counts). A primitive
 * gets its arguments as handles, which zvm releases after the call, and
 * returns a handle to its result, which zvm releases too; it may allocate,
 * make handles and call OCaml closures. To raise OCaml's Failure, call
 * zvm_fail and return 0 (returning 0 alone raises Failure "NAME: the host
 * primitive failed"). */
#define ZVM_MAX_HOST_ARITY 64
typedef zvm_handle (*zvm_primitive)(zvm_vm *vm, int nargs, const zvm_handle *args, void *data);

/* Make [fn] (called with [data]) the primitive [name] of [arity]
 * arguments (1..ZVM_MAX_HOST_ARITY) for the modules this VM loads from now
 * on. Returns 0 if the name is taken (by the runtime or an earlier
 * registration), the arity is out of range, or memory is short. */
int zvm_register_primitive(zvm_vm *vm, const char *name, int arity, zvm_primitive fn,
                           void *data);

/* From a host primitive about to return 0: the Failure message. */
void zvm_fail(zvm_vm *vm, const char *msg);

/* Run a full collection now. */
void zvm_gc(zvm_vm *vm);

typedef struct zvm_stats {
  uint64_t gc_collections;
  uint64_t words_allocated;
  uint64_t heap_words;
  uint64_t heap_words_live;
  uint64_t heap_words_peak;
  uint64_t segments_loaded;
  uint64_t segments_freed;
  uint64_t segments_live;
  uint32_t global_slots_live;
  uint32_t global_slots_peak;
  uint32_t modules_registered;
  uint32_t handles_live;
  uint64_t load_cache_hits; /* file loads that skipped reading and verifying
                               an unchanged file loaded before */
} zvm_stats;

void zvm_get_stats(zvm_vm *vm, zvm_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
