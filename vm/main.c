/* The zvm command line (docs/cli.md, zvm.1).
 *
 * Exit status: 0 success; 2 an uncaught OCaml exception (reported as
 * ocamlrun does); the program's own status if it calls exit; 1 for
 * anything else (usage, I/O, bad object files, verification), always with a
 * message on stderr.
 */
#undef _POSIX_C_SOURCE
#define _XOPEN_SOURCE 700 /* sigaltstack, SA_ONSTACK */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../asm/asm.h"
#include "../gc/heapwalk.h"
#include "../loader/load.h"
#include "../loader/zbc.h"
#include "../loader/segment.h"
#include "alloc.h"
#include "config.h"
#include "fail.h"
#include "io.h"
#include "opcodes.h"
#include "toplevel.h"
#include "vm.h"

static const char usage[] =
    "usage: zvm COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Commands:\n"
    "  run [OPTIONS] FILE.zbc [ARGS...]   load FILE (and what it imports), run it\n"
    "  asm FILE.zs [-o FILE.zbc] [-I DIR] [-g]\n"
    "                                     assemble an ocamlc -dinstr listing (-g: keep\n"
    "                                     listing line numbers as debug info)\n"
    "  dis FILE.zbc                       disassemble (zvm asm reads it back)\n"
    "  verify [OPTIONS] FILE.zbc...       load and verify without running\n"
    "  toplevel [OPTIONS]                 an OCaml toplevel that frees phrase code\n"
    "                                     (needs ocamlc; zvm toplevel --help)\n"
    "  opcodes                            print the instruction set (Markdown)\n"
    "\n"
    "Options:\n"
    "  -I DIR            look for imported modules (NAME.zbc) in DIR; repeatable;\n"
    "                    the folder of FILE is searched last\n"
    "  --stats           print counters on stderr at exit, one `key: value` a line\n"
    "  --trace=EVENTS    print events on stderr, one a line; EVENTS is a comma-\n"
    "                    separated list of load, unload, gc (or all)\n"
    "  --heap-dot=FILE   (run) when the program ends, write a Graphviz picture of\n"
    "                    the live code segments and what keeps them alive\n"
    "  -h, --help        show this help\n"
    "  --version         show the version\n"
    "\n"
    "Environment:\n"
    "  ZVM_RUNPARAM      l=stack words, o=space overhead %, h=heap limit words,\n"
    "                    v=trace bits (1 load, 2 unload, 4 gc), s=0 no specialised\n"
    "                    instructions, comma-separated\n"
    "  ZVM_GC_STRESS=1   collect at every allocation (slow; for testing)\n"
    "\n"
    "Exit status: 0 success, 2 uncaught exception, 1 other errors; a program\n"
    "calling exit chooses its own.\n";

typedef struct Options {
  bool stats;
  const char *heap_dot; /* --heap-dot=FILE */
  unsigned trace;
  const char **dirs;
  int n_dirs;
} Options;

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "zvm: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'zvm --help'.\n");
  return 1;
}

static bool parse_trace(const char *list, unsigned *out) {
  const char *p = list;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == 4 && strncmp(p, "load", 4) == 0) *out |= TRACE_LOAD;
    else if (n == 6 && strncmp(p, "unload", 6) == 0) *out |= TRACE_UNLOAD;
    else if (n == 2 && strncmp(p, "gc", 2) == 0) *out |= TRACE_GC;
    else if (n == 3 && strncmp(p, "all", 3) == 0) *out |= TRACE_LOAD | TRACE_UNLOAD | TRACE_GC;
    else return false;
    p += n;
    if (*p == ',') p++;
  }
  return true;
}

/* Parse options up to the first non-option; returns the index of the
 * first operand, or -1 after printing a usage error. */
static int parse_options(int argc, char **argv, int i, Options *o) {
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-I") == 0) {
      if (i + 1 >= argc) return usage_error("option -I needs a directory", NULL), -1;
      o->dirs[o->n_dirs++] = argv[++i];
    } else if (strncmp(a, "-I", 2) == 0 && a[2] != 0) {
      o->dirs[o->n_dirs++] = a + 2;
    } else if (strcmp(a, "--stats") == 0) {
      o->stats = true;
    } else if (strncmp(a, "--trace=", 8) == 0) {
      if (!parse_trace(a + 8, &o->trace))
        return usage_error("bad --trace list \"%s\" (expected load, unload, gc or all)", a + 8), -1;
    } else if (strncmp(a, "--heap-dot=", 11) == 0 && a[11] != 0) {
      o->heap_dot = a + 11;
    } else if (strcmp(a, "--trace") == 0) {
      o->trace |= TRACE_LOAD | TRACE_UNLOAD | TRACE_GC;
    } else if (strcmp(a, "--") == 0) {
      return i + 1;
    } else if (a[0] == '-' && a[1] != 0) {
      return usage_error("unknown option %s", a), -1;
    } else {
      return i;
    }
  }
  return i;
}

/* The last line of defence. The verifier guarantees that loaded code never
 * jumps outside its segment or misuses the stack, but not OCaml's type
 * safety: a hand-made file with a valid checksum can still apply GETFIELD
 * to an integer. Like ocamlrun, zvm trusts well-typed code rather than
 * checking every access; unlike it, zvm turns the resulting fault into an
 * error message and exit status 1 instead of dying of a signal.
 * A signal someone else already handles is left alone: under a sanitizer
 * (which installs its handlers first) its report is what a test wants to
 * see, unless the sanitizer is told not to handle it (ASAN_OPTIONS=
 * handle_segv=0, as the mutation test does: there, faults of ill-typed
 * code are expected, and must end as they do in a normal build). */
static void on_fault(int sig) {
  static const char msg[] =
      "zvm: fatal error: invalid memory access while running bytecode "
      "(ill-typed code that passed verification?)\n";
  (void)sig;
  ssize_t ignored = write(2, msg, sizeof msg - 1);
  (void)ignored;
  _exit(1);
}

/* [altstack] (main's, so it lives as long as the process) lets the handler
 * run even when the fault is a blown C stack. */
static void install_fault_handlers(char *altstack, size_t size) {
  stack_t ss = {.ss_sp = altstack, .ss_size = size, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fault;
  sa.sa_flags = SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction old;
    if (sigaction(sigs[i], NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
        old.sa_handler == SIG_DFL)
      sigaction(sigs[i], &sa, NULL);
  }
}

/* Peak resident set size of this process, in KB: VmHWM from
 * /proc/self/status on Linux (getrusage's ru_maxrss survives execve, so
 * it would report a big parent's peak), else ru_maxrss. */
static long max_rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (f != NULL) {
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f) != NULL)
      if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    fclose(f);
    if (kb >= 0) return kb;
  }
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

static void print_stats(Vm *vm) {
  const GcStats *s = &vm->heap.stats;
  fprintf(stderr,
          "gc_collections: %llu\n"
          "words_allocated: %llu\n"
          "heap_words: %llu\n"
          "heap_words_live: %llu\n"
          "heap_words_peak: %llu\n"
          "segments_loaded: %llu\n"
          "segments_freed: %llu\n"
          "segments_live: %llu\n"
          "global_slots_live: %u\n"
          "global_slots_peak: %u\n"
          "modules_registered: %u\n"
          "load_cache_hits: %llu\n"
          "max_rss_kb: %ld\n",
          (unsigned long long)s->collections,
          (unsigned long long)gc_words_allocated(vm),
          (unsigned long long)s->heap_words, (unsigned long long)s->live_words,
          (unsigned long long)s->heap_words_peak, (unsigned long long)vm->segments_loaded,
          (unsigned long long)vm->segments_freed, (unsigned long long)vm->segments_live,
          vm->slots_live, vm->slots_peak, registry_count(vm),
          (unsigned long long)vm->load_cache_hits, max_rss_kb());
}

/* The folder of [path] ("." if none), malloc'ed. */
static char *dirname_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (slash == NULL) return strdup(".");
  size_t n = slash == path ? 1 : (size_t)(slash - path);
  char *d = malloc(n + 1);
  if (d != NULL) {
    memcpy(d, path, n);
    d[n] = 0;
  }
  return d;
}

static Vm *make_vm(const Options *o, const char *main_file) {
  Vm *vm = vm_new();
  if (vm == NULL) {
    fprintf(stderr, "zvm: out of memory\n");
    return NULL;
  }
  if (!vm_read_params(vm)) {
    vm_free(vm);
    return NULL;
  }
  vm->trace |= o->trace;
  bool ok = true;
  for (int i = 0; i < o->n_dirs; i++) ok &= vm_add_search_path(vm, o->dirs[i]) != 0;
  if (main_file != NULL) {
    char *dir = dirname_of(main_file);
    ok &= dir != NULL && vm_add_search_path(vm, dir) != 0;
    free(dir);
  }
  if (!ok) {
    fprintf(stderr, "zvm: out of memory\n");
    vm_free(vm);
    return NULL;
  }
  return vm;
}

/* Sys.argv: the program file, then its arguments. */
static bool set_argv(Vm *vm, int argc, char **argv) {
  value arr = caml_try_alloc(vm, (mlsize_t)argc, 0);
  if (arr == 0) return false;
  vm->argv = arr;
  for (int i = 0; i < argc; i++) {
    value s = caml_try_copy_string(vm, argv[i]);
    if (s == 0) return false;
    Field(vm->argv, i) = s;
  }
  return true;
}

/* --heap-dot: the segments still alive when the program has ended, and
 * the references that keep them (gc/heapwalk.h). */
static bool write_heap_dot(Vm *vm, const char *file) {
  HeapGraph *g = heapwalk_build(vm);
  FILE *f = g ? fopen(file, "w") : NULL;
  bool ok = f != NULL && heapwalk_write_dot(vm, g, NULL, "zvm heap at exit", f);
  if (f != NULL) ok &= fclose(f) == 0;
  heapwalk_free(g);
  if (!ok) fprintf(stderr, "zvm: cannot write the heap picture %s%s%s\n", file, errno ? ": " : "",
                   errno ? strerror(errno) : "");
  return ok;
}

static int cmd_run(int argc, char **argv) {
  const char *dirs[argc];
  Options o = {.dirs = dirs};
  int i = parse_options(argc, argv, 2, &o);
  if (i < 0) return 1;
  if (i >= argc) return usage_error("run: no file given%s", "");
  const char *file = argv[i];
  Vm *vm = make_vm(&o, file);
  if (vm == NULL) return 1;
  int status = 0;
  if (!set_argv(vm, argc - i, argv + i)) {
    fprintf(stderr, "zvm: out of memory\n");
    status = 1;
  } else {
    LoadError err;
    value res;
    LoadStatus st = load_file(vm, file, LOAD_PINNED | LOAD_PUBLIC, &res, &err);
    /* As an ocamlc-linked program on ocamlrun: Stdlib's at_exit flushes
     * every open output channel when the program ends, normally or by an
     * uncaught exception (before the message is printed), but not when it
     * calls exit (caml_sys_exit) itself. */
    if (vm->exiting) {
      status = vm->exit_code;
    } else if (st == LOAD_FAILED) {
      fprintf(stderr, "zvm: %s\n", err.msg);
      status = 1;
    } else if (st == LOAD_RAISED) {
      value exn = Extract_exception(res);
      char *msg = Is_block(exn) ? caml_format_exception(vm, exn) : NULL;
      vm_flush_all_channels(vm);
      fprintf(stderr, "Fatal error: exception %s\n", msg ? msg : "_");
      free(msg);
      status = 2;
    } else {
      vm_flush_all_channels(vm);
    }
  }
  if (o.heap_dot != NULL && !write_heap_dot(vm, o.heap_dot) && status == 0) status = 1;
  if (o.stats) print_stats(vm);
  vm_free(vm);
  return status;
}

static int cmd_asm(int argc, char **argv) {
  const char *dirs[argc];
  const char *in = NULL, *out = NULL;
  AsmOptions opts = {.include_dirs = dirs};
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-o") == 0) {
      if (++i >= argc) return usage_error("option -o needs a file name%s", "");
      out = argv[i];
    } else if (strcmp(a, "-I") == 0) {
      if (++i >= argc) return usage_error("option -I needs a directory%s", "");
      dirs[opts.n_include_dirs++] = argv[i];
    } else if (strncmp(a, "-I", 2) == 0 && a[2] != 0) {
      dirs[opts.n_include_dirs++] = a + 2;
    } else if (strcmp(a, "-g") == 0) {
      opts.debug_lines = true;
    } else if (a[0] == '-' && a[1] != 0) {
      return usage_error("asm: unknown option %s", a);
    } else if (in == NULL) {
      in = a;
    } else {
      return usage_error("asm: more than one input file (%s)", a);
    }
  }
  if (in == NULL) return usage_error("asm: no input file given%s", "");
  char *def_out = NULL;
  if (out == NULL) {
    size_t n = strlen(in);
    def_out = malloc(n + 5);
    if (def_out == NULL) return fprintf(stderr, "zvm: out of memory\n"), 1;
    memcpy(def_out, in, n + 1);
    if (n > 3 && strcmp(in + n - 3, ".zs") == 0) def_out[n - 3] = 0;
    strcat(def_out, ".zbc");
    out = def_out;
  }
  ZbcUnit *u;
  int status = 1;
  if (asm_assemble_file(in, &opts, &u, stderr)) {
    size_t len;
    uint8_t *bytes = zbc_write(u, &len);
    zbc_unit_free(u);
    FILE *f = bytes ? fopen(out, "wb") : NULL;
    if (bytes == NULL) {
      fprintf(stderr, "zvm: out of memory\n");
    } else if (f == NULL) {
      fprintf(stderr, "zvm: cannot write %s: %s\n", out, strerror(errno));
    } else {
      bool ok = fwrite(bytes, 1, len, f) == len;
      ok &= fclose(f) == 0;
      if (ok) status = 0;
      else fprintf(stderr, "zvm: cannot write %s: %s\n", out, strerror(errno));
      if (!ok) remove(out);
    }
    free(bytes);
  }
  free(def_out);
  return status;
}

static int cmd_dis(int argc, char **argv) {
  if (argc != 3 || argv[2][0] == '-') return usage_error("usage: zvm dis FILE.zbc%s", "");
  LoadError err;
  size_t len;
  uint8_t *data = load_read_file(argv[2], &len, &err);
  if (data == NULL) return fprintf(stderr, "zvm: %s\n", err.msg), 1;
  ZbcUnit *u;
  ZbcError zerr;
  int status = 1;
  if (!zbc_read(data, len, &u, &zerr, true)) {
    fprintf(stderr, "zvm: %s: byte %zu: %s\n", argv[2], zerr.offset, zerr.msg);
  } else {
    if (dis_print(u, stdout) && fflush(stdout) == 0) status = 0;
    else fprintf(stderr, "zvm: dis: cannot write the output\n");
    zbc_unit_free(u);
  }
  free(data);
  return status;
}

static int cmd_verify(int argc, char **argv) {
  const char *dirs[argc];
  Options o = {.dirs = dirs};
  int i = parse_options(argc, argv, 2, &o);
  if (i < 0) return 1;
  if (i >= argc) return usage_error("verify: no file given%s", "");
  int status = 0;
  for (; i < argc; i++) {
    Vm *vm = make_vm(&o, argv[i]);
    if (vm == NULL) return 1;
    LoadError err;
    if (load_verify_file(vm, argv[i], &err) != LOAD_OK) {
      fprintf(stderr, "zvm: %s\n", err.msg);
      status = 1;
    } else {
      printf("%s: ok\n", argv[i]);
    }
    vm_free(vm);
  }
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return 1;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage, stdout);
    return 0;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-version") == 0) {
    printf("zvm %s (OCaml 4.13 bytecode, %s dispatch)\n", ZVM_VERSION,
           ZVM_COMPUTED_GOTO ? "threaded" : "switch");
    return 0;
  }
  if (strcmp(cmd, "run") == 0) {
    char altstack[64 * 1024];
    install_fault_handlers(altstack, sizeof altstack);
    return cmd_run(argc, argv);
  }
  if (strcmp(cmd, "verify") == 0) return cmd_verify(argc, argv);
  if (strcmp(cmd, "asm") == 0) return cmd_asm(argc, argv);
  if (strcmp(cmd, "dis") == 0) return cmd_dis(argc, argv);
  if (strcmp(cmd, "toplevel") == 0) return toplevel_main(argc, argv);
  if (strcmp(cmd, "opcodes") == 0) {
    opcodes_print_markdown(stdout);
    return 0;
  }
  return usage_error("unknown command \"%s\"", cmd);
}
