/* Unloading at the level of the loader and the collector: slots and
 * registry entries of dead segments go, and the table never bloats. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../loader/segment.h"
#include "../../vm/vm.h"
#include "harness.h"

static Vm *vm;
static void setup(void) { vm = tb_vm_new(); }
static void teardown(void) { vm_free(vm); }
TestSuite(unload, .init = setup, .fini = teardown);

/* Module [name] = struct let s = "<name>" let f x = x + k end: a literal
 * slot, its own slot, and a closure. */
static uint8_t *module_bytes(const char *name, int k, size_t *len) {
  TB *b = tb_new(name);
  int init = tb_label(b), f = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  tb_place(b, f);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, k);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, f);
  tb_op(b, OP_PUSH);
  tb_lit_string(b, OP_GETGLOBAL, name);
  tb_op1(b, OP_MAKEBLOCK2, 0);
  tb_result(b);
  return tb_finish(b, len);
}

Test(unload, thousand_public_modules_leave_nothing) {
  uint32_t slots0 = vm->slots_live, registered0 = registry_count(vm);
  uint32_t peak_after_100 = 0;
  for (int i = 0; i < 1000; i++) {
    char name[32];
    snprintf(name, sizeof name, "Mod_%d", i);
    size_t len;
    uint8_t *bytes = module_bytes(name, i, &len);
    value m;
    LoadError err;
    cr_assert_eq(load_buffer(vm, name, bytes, len, LOAD_PUBLIC, &m, &err), LOAD_OK, "%s", err.msg);
    free(bytes);
    cr_assert_not_null(registry_find(vm, name), "registered while alive");
    /* Dropped at once: the next collection may free it. */
    if (i % 50 == 49) gc_collect(vm);
    if (i == 99) peak_after_100 = vm->slots_peak;
  }
  gc_collect(vm);
  cr_assert_eq(vm->segments_live, 0);
  cr_assert_eq(vm->segments_freed, 1000);
  cr_assert_eq(registry_count(vm), registered0, "modules_registered back to its start");
  cr_assert_eq(vm->slots_live, slots0, "global_slots_live back to its start");
  cr_assert_eq(vm->slots_peak, peak_after_100, "the table stopped growing after 100 loads");
  cr_assert_null(registry_find(vm, "Mod_999"), "no entry survives its module");
}

Test(unload, reloading_a_dropped_public_module) {
  /* Public names are taken only while the module lives. */
  size_t len;
  uint8_t *bytes = module_bytes("Again", 1, &len);
  value m = Val_unit;
  LoadError err;
  ROOTS_BEGIN(vm);
  ROOT(vm, m);
  cr_assert_eq(load_buffer(vm, "a.zbc", bytes, len, LOAD_PUBLIC, &m, &err), LOAD_OK);
  cr_assert_eq(load_buffer(vm, "a.zbc", bytes, len, LOAD_PUBLIC, &m, &err), LOAD_FAILED,
               "a live public module cannot be loaded twice");
  cr_assert(strstr(err.msg, "module Again is already loaded") != NULL, "%s", err.msg);
  m = Val_unit;
  gc_collect(vm);
  cr_assert_eq(load_buffer(vm, "a.zbc", bytes, len, LOAD_PUBLIC, &m, &err), LOAD_OK,
               "once dropped and collected, the name is free: %s", err.msg);
  /* Private loads never register, so they may repeat. */
  value p1, p2;
  cr_assert_eq(load_buffer(vm, "a.zbc", bytes, len, 0, &p1, &err), LOAD_OK);
  cr_assert_eq(load_buffer(vm, "a.zbc", bytes, len, 0, &p2, &err), LOAD_OK);
  ROOTS_END(vm);
  free(bytes);
}

Test(unload, slots_are_recycled) {
  size_t len;
  uint8_t *bytes = module_bytes("Recycle", 2, &len);
  value m;
  LoadError err;
  cr_assert_eq(load_buffer(vm, "r.zbc", bytes, len, 0, &m, &err), LOAD_OK);
  uint32_t top = vm->globals_top;
  for (int i = 0; i < 200; i++) {
    gc_collect(vm);
    cr_assert_eq(load_buffer(vm, "r.zbc", bytes, len, 0, &m, &err), LOAD_OK);
  }
  cr_assert_eq(vm->globals_top, top, "each load reuses the slots the last one freed");
  free(bytes);
}
