/* Embedding zvm in a C program: load a plugin as collectable code, call
 * one of its functions, drop it, and watch the collector free its code.
 *
 *   cc embed.c -lzvm -lm -o embed     (after make install)
 *   ./embed ../unload/plugin.zbc
 */
#include <stdio.h>
#include <zvm.h>

static void report(zvm_vm *vm, const char *when) {
  zvm_stats s;
  zvm_gc(vm);
  zvm_get_stats(vm, &s);
  printf("%s: %llu segment(s) live, %llu freed\n", when, (unsigned long long)s.segments_live,
         (unsigned long long)s.segments_freed);
}

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "plugin.zbc";
  zvm_vm *vm = zvm_new();
  if (vm == NULL) return 1;
  zvm_handle plugin;
  if (zvm_load_file(vm, file, ZVM_COLLECTABLE | ZVM_PRIVATE, &plugin) != ZVM_OK) {
    fprintf(stderr, "embed: %s\n", zvm_last_error(vm));
    zvm_free(vm);
    return 1;
  }
  report(vm, "loaded");
  /* The plugin's module, as a record: field 1 is its name, field 7 run. */
  size_t len;
  zvm_handle name = zvm_field(vm, plugin, 1);
  const char *s = zvm_to_string(vm, name, &len);
  printf("plugin name: %.*s\n", (int)len, s ? s : "");
  zvm_handle run = zvm_field(vm, plugin, 7), arg = zvm_of_int(vm, 10), result;
  if (zvm_call(vm, run, 1, &arg, &result) == ZVM_OK)
    printf("run 10 = %ld\n", (long)zvm_to_int(vm, result));
  /* Drop every handle into the plugin: its code goes at the next GC. */
  zvm_release(vm, plugin);
  zvm_release(vm, name);
  report(vm, "module dropped, closure held");
  zvm_release(vm, run);
  report(vm, "everything dropped");
  zvm_free(vm);
  return 0;
}
