/* The state of one virtual machine.
 *
 * Everything zvm mutates lives in a Vm, passed explicitly as the first
 * argument of every function that needs it; there are no mutable globals,
 * so a host can run several VMs in one process. (Static tables that are
 * never written, like the opcode table or the primitive table, are shared.)
 */
#ifndef ZVM_VM_H
#define ZVM_VM_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "../gc/gc.h"
#include "config.h"
#include "value.h"

/* The predefined exceptions, in their OCaml global slots (fail.h). */
enum {
  EXN_OUT_OF_MEMORY,
  EXN_SYS_ERROR,
  EXN_FAILURE,
  EXN_INVALID_ARGUMENT,
  EXN_END_OF_FILE,
  EXN_DIVISION_BY_ZERO,
  EXN_NOT_FOUND,
  EXN_MATCH_FAILURE,
  EXN_STACK_OVERFLOW,
  EXN_SYS_BLOCKED_IO,
  EXN_ASSERT_FAILURE,
  EXN_UNDEFINED_RECURSIVE_MODULE,
  EXN_COUNT
};

/* Trace events (--trace=...). */
enum { TRACE_LOAD = 1, TRACE_UNLOAD = 2, TRACE_GC = 4 };

/* Where a C-level raise lands: the innermost interpreter activation. */
typedef struct ExnBuf {
  jmp_buf buf;
} ExnBuf;

/* A named value (caml_register_named_value), a GC root. */
typedef struct NamedValue {
  struct NamedValue *next;
  value val;
  char name[];
} NamedValue;

struct Channel;
struct Segment;
struct Registry;
typedef struct UnitCache UnitCache;
typedef struct HostPrim HostPrim;

typedef struct Vm {
  /* ---- Interpreter state saved while the interpreter calls out ---- */
  value *sp;              /* stack top when outside the interpreter loop */
  value *trapsp;          /* innermost trap frame (stack_high: none) */
  value *stack_low;       /* lowest word of the stack buffer */
  value *stack_high;      /* one past the highest word */
  value *stack_threshold; /* stack_low + stack_margin */
  size_t stack_margin;    /* words any function may push without a check:
                             ZVM_STACK_THRESHOLD, or more if the verifier
                             found a deeper frame in loaded code */
  size_t stack_limit;     /* max stack size in words */
  int callback_depth;     /* nested interpreter activations */
  ExnBuf *exn_buf;        /* innermost activation's raise target */
  value exn_bucket;       /* the exception being raised from C */
  bool exiting;           /* caml_sys_exit was called: unwind everything */
  int exit_code;

  /* ---- Roots held by C code ---- */
  value *local_roots[ZVM_MAX_LOCAL_ROOTS];
  int n_local_roots;
  NamedValue *named_values;

  /* ---- Heap ---- */
  Heap heap;
  /* Atoms: Atom(t) points just past atoms[t], a header of wosize 0. */
  header_t atoms[257];

  /* ---- Globals (see loader/segment.h) ---- */
  value *globals;          /* slot -> value; NOT a root as a whole */
  uint32_t *slot_owner;    /* slot -> owning segment id, 0 = free */
  uint32_t globals_cap;    /* allocated slots */
  uint32_t globals_top;    /* slots ever handed out (high-water mark) */
  uint32_t free_slot;      /* head of the free slot list, 0 = none */
  uint32_t slots_live;
  uint32_t slots_peak;

  /* ---- Code segments and modules ---- */
  struct Segment *segments;   /* all live segments (weak: the GC prunes) */
  struct Registry *registry;  /* public modules by name (weak) */
  UnitCache *unit_cache;      /* prepared units of files loaded lately
                                 (loader/unitcache.h) */
  uint64_t load_cache_hits;   /* loads that found theirs there */
  uint32_t next_segment_id;
  uint64_t segments_loaded, segments_freed, segments_live;
  char **search_path;         /* -I directories */
  int n_search_path;

  /* ---- Runtime services used by primitives ---- */
  struct Channel *channels;   /* all open channels */
  intnat oo_id;               /* caml_fresh_oo_id counter */
  value argv;                 /* Sys.argv, a root */
  char *exe_name;

  /* ---- Threaded code (computed-goto builds) ---- */
  const void *const *jumptable; /* label addresses by opcode; threaded
                                   words are offsets from ACC0's */
  opcode_t callback_code[8];    /* ACC n+3, APPLY n, POP 1, STOP */
  bool no_specialise;           /* thread code without specialised forms
                                   (vm/specialised.def; ZVM_RUNPARAM s=0) */

  /* ---- Observability ---- */
  unsigned trace;             /* TRACE_* bits */
  FILE *trace_out;

  /* ---- Host primitives (zvm.h, vm/hostprim.c) ---- */
  HostPrim *host_prims;       /* numbered from PRIM_INDEX_COUNT */
  uint32_t n_host_prims, host_prims_cap;
  char *host_failure;         /* zvm_fail's message, until the call returns */

  /* ---- Host handles (zvm.h, vm/embed.c) ---- */
  value *handles;             /* roots; a free entry holds an integer */
  uint8_t *handles_in_use;
  uint32_t n_handles, handles_cap, handles_live;
  uint32_t free_handle;       /* free list, 0 = none */
  char *last_error;           /* zvm_last_error */
} Vm;

/* The empty block of tag [t]. */
#define Atom(vm, t) Val_hp(&(vm)->atoms[(t)])

/* Pin C variables as roots: ROOT1(vm, x) ... ROOTS_END(vm, saved). The
 * collector is non-moving, so a root only has to keep its block alive. */
#define ROOTS_BEGIN(vm) int zvm__saved_roots = (vm)->n_local_roots
#define ROOT(vm, var) vm_push_root((vm), &(var))
#define ROOTS_END(vm) ((vm)->n_local_roots = zvm__saved_roots)

static inline void vm_push_root(Vm *vm, value *p) {
  if (vm->n_local_roots >= ZVM_MAX_LOCAL_ROOTS) {
    fprintf(stderr, "zvm: internal error: too many local roots\n");
    abort();
  }
  vm->local_roots[vm->n_local_roots++] = p;
}

/* Create and destroy a VM. vm_new returns NULL when memory is short. */
Vm *vm_new(void);
void vm_free(Vm *vm);

/* Read ZVM_RUNPARAM (OCAMLRUNPARAM-like: l=stack words, o=space overhead,
 * h=heap limit in words, v=trace bits) and ZVM_GC_STRESS. Returns false
 * with a message on stderr if the variable is malformed. */
bool vm_read_params(Vm *vm);

/* Owners of global slots, besides segment ids. */
#define SLOT_FREE 0u
#define SLOT_PERMANENT UINT32_MAX

/* Grow the global table to at least [count] slots; false if out of memory. */
bool vm_ensure_globals(Vm *vm, uint32_t count);

/* Make sure the stack has room for [words] more words below sp, beyond the
 * margin (so sp stays above the threshold); false if that would exceed the
 * stack limit (then raise Stack_overflow). May move the stack. */
bool vm_ensure_stack(Vm *vm, size_t words);

/* A host handle (zvm.h) on any value, for parts of zvm that hold values
 * the way a host does (the toplevel); 0 if memory is short. Allocates
 * nothing on the OCaml heap. */
uint32_t vm_handle_make(Vm *vm, value v);

/* Raise the stack margin to at least [words] (loaded code needs it). */
void vm_reserve_stack_margin(Vm *vm, size_t words);

#endif
