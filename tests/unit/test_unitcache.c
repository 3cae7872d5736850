/* The cache of prepared units (loader/unitcache.h): an unchanged file
 * loaded again skips reading, verifying and threading; a changed file, a
 * file changed too recently to tell, a failed load, another load mode are
 * never taken from it; it stays bounded. Files must have settled for
 * ZVM_UNITCACHE_SETTLED seconds to be cached, so some tests wait that long
 * once. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../gc/gc.h"
#include "../../loader/unitcache.h"
#include "../../vm/vm.h"
#include "harness.h"

static Vm *vm;
static char dir[] = "/tmp/zvm_unitcache_XXXXXX";
static void setup(void) {
  vm = tb_vm_new();
  cr_assert_not_null(mkdtemp(dir));
}
static void teardown(void) {
  vm_free(vm);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}
TestSuite(unitcache, .init = setup, .fini = teardown);

/* Write module [name] whose value is the integer [k] (every k of the same
 * number of digits gives a file of the same size) to dir/file; returns the
 * path (static buffer). [bad]: a module the verifier refuses. */
static const char *write_module(const char *file, const char *name, int k, bool bad) {
  TB *b = tb_new(name);
  tb_op1(b, OP_CONSTINT, k);
  if (bad) tb_op1(b, OP_ACC, 5); /* reads below the stack */
  tb_result(b);
  size_t len;
  uint8_t *bytes = tb_finish(b, &len);
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(bytes, 1, len, f), len);
  fclose(f);
  free(bytes);
  return path;
}

/* Load [path] privately ([flags] added) and return its value. */
static intnat load_int(const char *path, unsigned flags) {
  value v;
  LoadError err;
  LoadStatus st = load_file(vm, path, flags, &v, &err);
  cr_assert_eq(st, LOAD_OK, "%s", err.msg);
  return Long_val(v);
}

static void settle(void) { sleep(ZVM_UNITCACHE_SETTLED + 1); }

Test(unitcache, unchanged_file_is_taken_from_the_cache, .timeout = 30) {
  char a[256], p[256];
  snprintf(a, sizeof a, "%s", write_module("a.zbc", "A", 11, false));
  snprintf(p, sizeof p, "%s", write_module("p.zbc", "P", 33, false));
  settle();
  cr_assert_eq(load_int(a, 0), 11); /* read, prepared, cached */
  cr_assert_eq(vm->load_cache_hits, 0);
  cr_assert_eq(load_int(a, 0), 11);
  cr_assert_eq(load_int(a, 0), 11);
  cr_assert_eq(vm->load_cache_hits, 2);

  /* Another mode is another preparation (pinned code keeps CLOSURE). */
  cr_assert_eq(load_int(a, LOAD_PINNED), 11);
  cr_assert_eq(vm->load_cache_hits, 2);
  cr_assert_eq(load_int(a, LOAD_PINNED), 11);
  cr_assert_eq(vm->load_cache_hits, 3);

  /* Rewritten with other bytes of the same size: read again. */
  write_module("a.zbc", "A", 22, false);
  cr_assert_eq(load_int(a, 0), 22);
  cr_assert_eq(load_int(a, 0), 22); /* changed just now: not cached yet */
  cr_assert_eq(vm->load_cache_hits, 3);

  /* A public module is taken from the cache too, and still refused while
   * a module of its name is alive. */
  cr_assert_eq(load_int(p, LOAD_PUBLIC), 33);
  value v;
  LoadError err;
  cr_assert_eq(load_file(vm, p, LOAD_PUBLIC, &v, &err), LOAD_FAILED);
  cr_assert(strstr(err.msg, "module P is already loaded") != NULL, "%s", err.msg);
  cr_assert_eq(vm->load_cache_hits, 3); /* refused before the cache is asked */
  gc_collect(vm);                       /* P is dropped */
  cr_assert_eq(load_int(p, LOAD_PUBLIC), 33);
  cr_assert_eq(vm->load_cache_hits, 4);
}

Test(unitcache, failures_and_fresh_files_are_not_cached, .timeout = 30) {
  char bad[256];
  snprintf(bad, sizeof bad, "%s", write_module("bad.zbc", "Bad", 1, true));
  settle();
  for (int i = 0; i < 3; i++) {
    value v;
    LoadError err;
    cr_assert_eq(load_file(vm, bad, 0, &v, &err), LOAD_FAILED);
    cr_assert(strstr(err.msg, "bad.zbc: byte ") != NULL, "%s", err.msg);
    cr_assert(strstr(err.msg, "reads stack slot 5") != NULL, "%s", err.msg);
  }
  cr_assert_eq(vm->load_cache_hits, 0);

  const char *fresh = write_module("fresh.zbc", "Fresh", 5, false);
  for (int i = 0; i < 3; i++) cr_assert_eq(load_int(fresh, 0), 5);
  cr_assert_eq(vm->load_cache_hits, 0);
}

/* At most ZVM_UNITCACHE_ENTRIES files, the least recently used going
 * first; each VM has its own. */
Test(unitcache, bounded_and_per_vm, .timeout = 30) {
  enum { N = ZVM_UNITCACHE_ENTRIES + 2 };
  char paths[N][256];
  for (int i = 0; i < N; i++) {
    char file[32], name[32];
    snprintf(file, sizeof file, "m%d.zbc", i);
    snprintf(name, sizeof name, "M%d", i);
    snprintf(paths[i], sizeof paths[i], "%s", write_module(file, name, 100 + i, false));
  }
  settle();
  for (int i = 0; i < N; i++) cr_assert_eq(load_int(paths[i], 0), 100 + i);
  cr_assert_eq(vm->load_cache_hits, 0);
  /* The last ENTRIES files are cached; the first two were pushed out. */
  for (int i = N - 1; i >= 2; i--) cr_assert_eq(load_int(paths[i], 0), 100 + i);
  cr_assert_eq(vm->load_cache_hits, ZVM_UNITCACHE_ENTRIES);
  cr_assert_eq(load_int(paths[0], 0), 100); /* a miss: evicts the least recent (paths[N-1]) */
  cr_assert_eq(vm->load_cache_hits, ZVM_UNITCACHE_ENTRIES);
  cr_assert_eq(load_int(paths[2], 0), 102); /* still there */
  cr_assert_eq(vm->load_cache_hits, ZVM_UNITCACHE_ENTRIES + 1);

  Vm *other = tb_vm_new();
  value v;
  LoadError err;
  cr_assert_eq(load_file(other, paths[2], 0, &v, &err), LOAD_OK, "%s", err.msg);
  cr_assert_eq(other->load_cache_hits, 0);
  vm_free(other);
}
