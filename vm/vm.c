/* Creating and destroying a VM; its stack; its run-time parameters. */
#include "vm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "interp.h"
#include "io.h"
#include "prims.h"
#include "../loader/segment.h"
#include "../loader/unitcache.h"

#define INITIAL_GLOBALS 64

static bool alloc_stack(Vm *vm, size_t words) {
  value *low = malloc(words * sizeof(value));
  if (low == NULL) return false;
  vm->stack_low = low;
  vm->stack_high = low + words;
  vm->stack_threshold = low + vm->stack_margin;
  vm->sp = vm->stack_high;
  vm->trapsp = vm->stack_high;
  return true;
}

bool vm_ensure_stack(Vm *vm, size_t words) {
  size_t used = (size_t)(vm->stack_high - vm->sp);
  size_t size = (size_t)(vm->stack_high - vm->stack_low);
  size_t need = used + words + vm->stack_margin;
  if (need <= size) return true;
  if (need > vm->stack_limit) return false;
  size_t new_size = size;
  while (new_size < need) new_size *= 2;
  if (new_size > vm->stack_limit) new_size = vm->stack_limit;
  value *low = malloc(new_size * sizeof(value));
  if (low == NULL) return false;
  value *high = low + new_size;
  memcpy(high - used, vm->sp, used * sizeof(value));
  /* Trap links are relative offsets, so only the registers move. */
  ptrdiff_t trap_from_top = vm->stack_high - vm->trapsp;
  free(vm->stack_low);
  vm->stack_low = low;
  vm->stack_high = high;
  vm->stack_threshold = low + vm->stack_margin;
  vm->sp = high - used;
  vm->trapsp = high - trap_from_top;
  return true;
}

void vm_reserve_stack_margin(Vm *vm, size_t words) {
  if (words <= vm->stack_margin) return;
  vm->stack_margin = words;
  vm->stack_threshold = vm->stack_low + words;
  /* If the stack is now too small, the next check (every call) grows it
   * or raises Stack_overflow. */
}

bool vm_ensure_globals(Vm *vm, uint32_t count) {
  if (count <= vm->globals_cap) return true;
  uint32_t cap = vm->globals_cap ? vm->globals_cap : INITIAL_GLOBALS;
  while (cap < count) {
    if (cap > UINT32_MAX / 2) return false;
    cap *= 2;
  }
  value *g = realloc(vm->globals, cap * sizeof(value));
  if (g == NULL) return false;
  vm->globals = g;
  uint32_t *o = realloc(vm->slot_owner, cap * sizeof(uint32_t));
  if (o == NULL) return false;
  vm->slot_owner = o;
  for (uint32_t i = vm->globals_cap; i < cap; i++) {
    g[i] = Val_unit;
    o[i] = 0;
  }
  vm->globals_cap = cap;
  return true;
}

Vm *vm_new(void) {
  Vm *vm = calloc(1, sizeof(Vm));
  if (vm == NULL) return NULL;
  vm->stack_limit = ZVM_STACK_LIMIT_WORDS;
  vm->stack_margin = ZVM_STACK_THRESHOLD;
  vm->exn_bucket = Val_unit;
  vm->argv = Val_unit;
  vm->trace_out = stderr;
  vm->next_segment_id = 1;
  for (int t = 0; t < 257; t++) vm->atoms[t] = Make_header(0, t < 256 ? t : 0, Caml_white);
  gc_init(vm);
  interp(vm, NULL);
  if (!alloc_stack(vm, ZVM_STACK_INIT_WORDS) || !vm_ensure_globals(vm, INITIAL_GLOBALS)) {
    vm_free(vm);
    return NULL;
  }
  /* Slots 0..EXN_COUNT-1 hold the predefined exceptions, for good. */
  for (uint32_t i = 0; i < EXN_COUNT; i++) vm->slot_owner[i] = SLOT_PERMANENT;
  vm->globals_top = EXN_COUNT;
  vm->slots_live = vm->slots_peak = EXN_COUNT;
  if (!fail_init_predefined(vm)) {
    vm_free(vm);
    return NULL;
  }
  return vm;
}

void vm_free(Vm *vm) {
  if (vm == NULL) return;
  /* Drop every root, then let the heap run the finalizers (silently: the
   * VM going away is not an unload to report). */
  vm->trace = 0;
  while (vm->named_values != NULL) {
    NamedValue *nv = vm->named_values;
    vm->named_values = nv->next;
    free(nv);
  }
  gc_free(vm);
  vm_free_channels(vm); /* after the finalizers: see io.h */
  registry_free(vm);
  unitcache_free(vm);
  host_prims_free(vm);
  free(vm->globals);
  free(vm->slot_owner);
  free(vm->stack_low);
  free(vm->handles);
  free(vm->handles_in_use);
  free(vm->last_error);
  for (int i = 0; i < vm->n_search_path; i++) free(vm->search_path[i]);
  free(vm->search_path);
  free(vm->exe_name);
  free(vm);
}

static bool parse_size(const char *s, const char **end, uint64_t *out) {
  errno = 0;
  char *e;
  unsigned long long n = strtoull(s, &e, 10);
  if (e == s || errno != 0) return false;
  uint64_t mult = 1;
  if (*e == 'k') mult = 1024, e++;
  else if (*e == 'M') mult = 1024 * 1024, e++;
  else if (*e == 'G') mult = 1024 * 1024 * 1024, e++;
  if (mult > 1 && n > UINT64_MAX / mult) return false;
  *out = n * mult;
  *end = e;
  return true;
}

bool vm_read_params(Vm *vm) {
  const char *stress = getenv("ZVM_GC_STRESS");
  if (stress != NULL && *stress != 0 && strcmp(stress, "0") != 0) vm->heap.stress = true;
  const char *p = getenv("ZVM_RUNPARAM");
  if (p == NULL) return true;
  const char *s = p;
  while (*s) {
    char key = *s++;
    uint64_t n;
    const char *end;
    if (*s != '=' || !parse_size(s + 1, &end, &n)) goto bad;
    switch (key) {
    case 'l':
      if (n < 2 * ZVM_STACK_THRESHOLD + 16) goto bad;
      vm->stack_limit = n;
      break;
    case 'o':
      if (n == 0 || n > 1000000) goto bad;
      vm->heap.space_overhead = (unsigned)n;
      break;
    case 'h':
      vm->heap.heap_limit = n;
      break;
    case 'v':
      vm->trace |= (unsigned)n & (TRACE_LOAD | TRACE_UNLOAD | TRACE_GC);
      break;
    case 's':
      if (n > 1) goto bad;
      vm->no_specialise = n == 0;
      break;
    default:
      goto bad;
    }
    s = end;
    if (*s == ',') s++;
    else if (*s != 0) goto bad;
  }
  return true;
bad:
  fprintf(stderr,
          "zvm: bad ZVM_RUNPARAM \"%s\": expected a comma-separated list of l=N (stack "
          "words), o=N (space overhead %%), h=N (heap limit words), v=N (trace bits), "
          "s=0|1 (specialised instructions), N with an optional k, M or G suffix\n",
          p);
  return false;
}
