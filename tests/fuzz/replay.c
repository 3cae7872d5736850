/* Run fuzz inputs through a harness without libFuzzer: each argument is a
 * file, or a directory whose files are all run. Used by `make test` to
 * replay tests/fuzz/regressions under the sanitizers, and handy to
 * reproduce a crash under a debugger. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  size_t cap = 1 << 16, n = 0;
  uint8_t *buf = malloc(cap);
  size_t got;
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *nb = realloc(buf, cap *= 2);
      if (nb == NULL) free(buf);
      buf = nb;
    }
  }
  fclose(f);
  if (buf == NULL) return 1;
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  int failures = 0, count = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      perror(argv[i]);
      failures++;
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      failures += run_file(argv[i]);
      count++;
      continue;
    }
    DIR *d = opendir(argv[i]);
    if (d == NULL) {
      perror(argv[i]);
      failures++;
      continue;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
      char *path = malloc(len);
      if (path == NULL) break;
      snprintf(path, len, "%s/%s", argv[i], e->d_name);
      failures += run_file(path);
      count++;
      free(path);
    }
    closedir(d);
  }
  printf("replayed %d inputs, %d unreadable\n", count, failures);
  return failures != 0;
}
