/* Run fuzz inputs through a harness without libFuzzer: each argument is a
 * file, or a directory whose files are all run (sorted by name, so runs
 * are reproducible). Used by `make test` to replay tests/fuzz/regressions
 * and the seed corpus under the sanitizers, and handy to reproduce a crash
 * under a debugger.
 *
 * Built with ASan, it checks for leaks after every input (not only at
 * exit), so that a leak is blamed on the input that caused it; a crash or
 * an abort() names the input being run, and so does an input that runs
 * longer than FUZZ_REPLAY_TIMEOUT seconds (default 60: a hang is a bug
 * too). The exit status is 0 only if every input ran cleanly. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

/* Defined by the harness if it needs it, and by the sanitizer runtimes
 * when they are linked in: weak, so that the driver links without them. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static const char *current; /* the input being run, for the crash report */
static unsigned timeout = 60;

static void name_current(void) {
  if (current == NULL) return;
  /* write(2) only: this may run in a signal handler. */
  static const char what[] = "replay: the input was ";
  ssize_t r = write(2, what, sizeof what - 1);
  r = write(2, current, strlen(current));
  r = write(2, "\n", 1);
  (void)r;
}

static void on_signal(int sig) {
  if (sig == SIGALRM) {
    static const char what[] = "replay: timeout\n";
    ssize_t r = write(2, what, sizeof what - 1);
    (void)r;
    sig = SIGABRT;
  }
  name_current();
  signal(sig, SIG_DFL);
  raise(sig);
}

static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return NULL;
  }
  size_t cap = 1 << 16, n = 0, got;
  uint8_t *buf = malloc(cap);
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *nb = realloc(buf, cap *= 2);
      if (nb == NULL) free(buf);
      buf = nb;
    }
  }
  if (buf != NULL && ferror(f)) {
    perror(path);
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

/* Run one input; 0 if it ran cleanly. */
static int run_file(const char *path) {
  size_t n;
  uint8_t *buf = read_file(path, &n);
  if (buf == NULL) return 1;
  current = path;
  alarm(timeout);
  LLVMFuzzerTestOneInput(buf, n);
  alarm(0);
  free(buf);
  if (__lsan_do_recoverable_leak_check != NULL && __lsan_do_recoverable_leak_check() != 0) {
    fprintf(stderr, "replay: %s leaks (report above)\n", path);
    return 1;
  }
  current = NULL;
  return 0;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every file of directory [dir]; returns the number of failures. */
static int run_dir(const char *dir, int *count) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    perror(dir);
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int failures = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      char **nn = realloc(names, cap * sizeof *nn);
      if (nn == NULL) break;
      names = nn;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    if ((names[n] = malloc(len)) == NULL) break;
    snprintf(names[n++], len, "%s/%s", dir, e->d_name);
  }
  closedir(d);
  if (n > 0) qsort(names, n, sizeof *names, compare_names);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
      failures += run_file(names[i]);
      (*count)++;
    }
    free(names[i]);
  }
  free(names);
  return failures;
}

int main(int argc, char **argv) {
  const char *t = getenv("FUZZ_REPLAY_TIMEOUT");
  if (t != NULL) timeout = (unsigned)strtoul(t, NULL, 10);
  signal(SIGABRT, on_signal);
  signal(SIGALRM, on_signal);
  if (__sanitizer_set_death_callback != NULL) {
    /* The sanitizers report crashes themselves, then call this. */
    __sanitizer_set_death_callback(name_current);
  } else {
    signal(SIGSEGV, on_signal);
    signal(SIGBUS, on_signal);
    signal(SIGFPE, on_signal);
  }
  if (LLVMFuzzerInitialize != NULL) LLVMFuzzerInitialize(&argc, &argv);
  int failures = 0, count = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      perror(argv[i]);
      failures++;
    } else if (S_ISDIR(st.st_mode)) {
      failures += run_dir(argv[i], &count);
    } else {
      failures += run_file(argv[i]);
      count++;
    }
  }
  printf("%s: replayed %d inputs, %d failed\n", argv[0], count, failures);
  return failures != 0;
}
