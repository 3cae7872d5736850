/* The VM object: run-time parameters, the stack, the global table. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "../../loader/load.h"
#include "../../vm/vm.h"

Test(vm, default_limits_follow_ocamlrun) {
  Vm *vm = vm_new();
  cr_assert_not_null(vm);
  cr_assert_eq(vm->stack_limit, 1024 * 1024, "ocamlrun's default: 1M words");
  cr_assert_eq(vm->heap.space_overhead, ZVM_SPACE_OVERHEAD);
  cr_assert_eq(vm->heap.heap_limit, 0);
  cr_assert_eq(vm->slots_live, EXN_COUNT, "the predefined exceptions");
  vm_free(vm);
}

Test(vm, runparam_parsed) {
  setenv("ZVM_RUNPARAM", "l=100k,o=80,h=2M,v=5", 1);
  unsetenv("ZVM_GC_STRESS");
  Vm *vm = vm_new();
  cr_assert(vm_read_params(vm));
  cr_assert_eq(vm->stack_limit, 100 * 1024);
  cr_assert_eq(vm->heap.space_overhead, 80);
  cr_assert_eq(vm->heap.heap_limit, 2 * 1024 * 1024);
  cr_assert_eq(vm->trace, TRACE_LOAD | TRACE_GC);
  cr_assert(!vm->heap.stress);
  vm_free(vm);
}

Test(vm, gc_stress_variable) {
  unsetenv("ZVM_RUNPARAM");
  setenv("ZVM_GC_STRESS", "1", 1);
  Vm *vm = vm_new();
  cr_assert(vm_read_params(vm));
  cr_assert(vm->heap.stress);
  vm_free(vm);
  setenv("ZVM_GC_STRESS", "0", 1);
  vm = vm_new();
  cr_assert(vm_read_params(vm));
  cr_assert(!vm->heap.stress, "0 means off");
  vm_free(vm);
}

Test(vm, bad_runparam_refused) {
  const char *bad[] = {"x=1", "l=", "l=12", "o=0", "l=1Q", "l=5k,,", "h=99999999999999999999G",
                       "l=100k;o=80"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    setenv("ZVM_RUNPARAM", bad[i], 1);
    Vm *vm = vm_new();
    cr_assert(!vm_read_params(vm), "%s accepted", bad[i]);
    vm_free(vm);
  }
}

Test(vm, stack_grows_up_to_its_limit) {
  Vm *vm = vm_new();
  vm->stack_limit = 64 * 1024;
  size_t before = (size_t)(vm->stack_high - vm->stack_low);
  cr_assert(vm_ensure_stack(vm, 40 * 1024));
  cr_assert_gt((size_t)(vm->stack_high - vm->stack_low), before);
  cr_assert_geq(vm->sp - vm->stack_low, (ptrdiff_t)(40 * 1024 + vm->stack_margin));
  cr_assert(!vm_ensure_stack(vm, 80 * 1024), "beyond the limit");
  vm_free(vm);
}

Test(vm, stack_margin_only_grows) {
  Vm *vm = vm_new();
  size_t m = vm->stack_margin;
  vm_reserve_stack_margin(vm, m / 2);
  cr_assert_eq(vm->stack_margin, m);
  vm_reserve_stack_margin(vm, m + 100);
  cr_assert_eq(vm->stack_margin, m + 100);
  cr_assert_eq(vm->stack_threshold, vm->stack_low + m + 100);
  vm_free(vm);
}

Test(vm, global_table_grows) {
  Vm *vm = vm_new();
  cr_assert(vm_ensure_globals(vm, 1000));
  cr_assert_geq(vm->globals_cap, 1000);
  cr_assert_eq(vm->globals[999], Val_unit, "new slots hold ()");
  cr_assert_eq(vm->slot_owner[999], SLOT_FREE);
  vm_free(vm);
}

Test(vm, search_path) {
  Vm *vm = vm_new();
  cr_assert(vm_add_search_path(vm, "/a"));
  cr_assert(vm_add_search_path(vm, "b/c"));
  cr_assert_eq(vm->n_search_path, 2);
  cr_assert_str_eq(vm->search_path[1], "b/c");
  vm_free(vm);
}
