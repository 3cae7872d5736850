/* Mutation test for the loader (issue 3): for each .zbc given, make N
 * mutants and run `zvm verify` and `zvm run` on each. Every run must end
 * with status 0, 1 or 2 (never a signal), and print a message when it
 * fails. Under a sanitizer build, any sanitizer report fails the test too
 * (sanitizers exit with their own status, not 0/1/2).
 *
 * Mutations: bit flips (1 to 8 random bits), truncations, and "inflated"
 * length or count fields (a random u32 of the header or of a section
 * header replaced by a huge value). Half of the mutants then get their
 * checksum recomputed, so that they pass the first check and reach the
 * section readers, the verifier and, when they verify, the interpreter.
 * Runs that do not finish in a few seconds (a mutated loop) are stopped
 * and counted as such, not as failures.
 *
 *   mutants ZVM N FILE.zbc...
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../loader/zbc.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint32_t rnd(uint32_t n) { /* xorshift64*, deterministic */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 2685821657736338717u) >> 33) % (n ? n : 1);
}

static uint8_t *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  uint8_t *buf = malloc(ZBC_MAX_FILE);
  *len = buf ? fread(buf, 1, ZBC_MAX_FILE, f) : 0;
  fclose(f);
  return buf;
}

static void put_u32(uint8_t *p, uint32_t x) {
  p[0] = (uint8_t)x, p[1] = (uint8_t)(x >> 8), p[2] = (uint8_t)(x >> 16), p[3] = (uint8_t)(x >> 24);
}

/* Offsets of the u32 length fields: the header's version/flags and each
 * section's length, and the first word of each payload (often a count). */
static size_t length_fields(const uint8_t *d, size_t len, size_t *out, size_t max) {
  size_t n = 0, pos = 16;
  out[n++] = 8;
  out[n++] = 12;
  while (pos + 8 <= len && n + 2 < max) {
    uint32_t slen = (uint32_t)d[pos + 4] | (uint32_t)d[pos + 5] << 8 | (uint32_t)d[pos + 6] << 16 |
                    (uint32_t)d[pos + 7] << 24;
    out[n++] = pos + 4;
    if (pos + 12 <= len) out[n++] = pos + 8;
    if (slen > len - pos - 8) break;
    pos += 8 + slen;
  }
  return n;
}

static size_t mutate(const uint8_t *orig, size_t len, uint8_t *m) {
  memcpy(m, orig, len);
  size_t fields[64];
  switch (rnd(4)) {
  case 0: { /* bit flips */
    int k = 1 + (int)rnd(8);
    for (int i = 0; i < k; i++) m[rnd((uint32_t)len)] ^= (uint8_t)(1u << rnd(8));
    break;
  }
  case 1: /* truncation */
    return rnd((uint32_t)len);
  case 2: { /* an inflated length or count */
    size_t nf = length_fields(orig, len, fields, 64);
    static const uint32_t huge[] = {0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0x10000000u, 1u << 20};
    uint32_t v = rnd(2) ? huge[rnd(5)] : rnd(0xFFFFFFFFu);
    size_t at = fields[rnd((uint32_t)nf)];
    if (at + 4 <= len) put_u32(m + at, v);
    break;
  }
  default: { /* overwrite a random word (code, operands, literal payloads) */
    size_t at = 16 + rnd((uint32_t)(len > 20 ? len - 20 : 1));
    if (at + 4 <= len) put_u32(m + at, rnd(2) ? rnd(160) : rnd(0xFFFFFFFFu));
    break;
  }
  }
  return len;
}

static void fix_checksum(uint8_t *m, size_t len) {
  if (len >= 12 && memcmp(m + len - 12, "END_", 4) == 0) put_u32(m + len - 4, zbc_crc32(m, len - 4));
}

/* Run zvm CMD FILE; returns 0 if acceptable. */
static int run(const char *zvm, const char *cmd, const char *file, int *timeouts, int *ran) {
  char errfile[] = "/tmp/zvm-mutant-err-XXXXXX";
  int errfd = mkstemp(errfile);
  if (errfd < 0) return perror("mkstemp"), 1;
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(errfd, 2);
    struct rlimit cpu = {3, 4}; /* a mutated infinite loop */
    setrlimit(RLIMIT_CPU, &cpu);
    execl(zvm, zvm, cmd, file, (char *)NULL);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  off_t errlen = lseek(errfd, 0, SEEK_END);
  char msg[200] = "";
  lseek(errfd, 0, SEEK_SET);
  ssize_t got = read(errfd, msg, sizeof msg - 1);
  msg[got > 0 ? got : 0] = 0;
  close(errfd);
  unlink(errfile);
  if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL)) {
    (*timeouts)++;
    return 0;
  }
  if (WIFSIGNALED(status)) {
    fprintf(stderr, "zvm %s killed by signal %d\n", cmd, WTERMSIG(status));
    return 1;
  }
  int code = WEXITSTATUS(status);
  if (strcmp(cmd, "run") == 0 && code == 0) (*ran)++;
  if (code != 0 && code != 1 && code != 2) {
    fprintf(stderr, "zvm %s exited %d: %s\n", cmd, code, msg);
    return 1;
  }
  if (code != 0 && errlen == 0) {
    fprintf(stderr, "zvm %s exited %d without a message\n", cmd, code);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: mutants ZVM N FILE.zbc...\n");
    return 2;
  }
  const char *zvm = argv[1];
  int n = atoi(argv[2]);
  int failures = 0, timeouts = 0, ran = 0, total = 0;
  uint8_t *m = malloc(ZBC_MAX_FILE);
  char path[] = "/tmp/zvm-mutant-XXXXXX";
  int fd = mkstemp(path);
  if (m == NULL || fd < 0) return perror("setup"), 2;
  close(fd);
  for (int f = 3; f < argc; f++) {
    size_t len;
    uint8_t *orig = read_all(argv[f], &len);
    if (orig == NULL || len < 20) {
      fprintf(stderr, "cannot read %s\n", argv[f]);
      failures++;
      free(orig);
      continue;
    }
    for (int i = 0; i < n; i++) {
      size_t mlen = mutate(orig, len, m);
      if (i % 2) fix_checksum(m, mlen);
      FILE *out = fopen(path, "wb");
      if (out == NULL || fwrite(m, 1, mlen, out) != mlen || fclose(out) != 0) return perror(path), 2;
      int bad = run(zvm, "verify", path, &timeouts, &ran) + run(zvm, "run", path, &timeouts, &ran);
      total += 2;
      if (bad) {
        char keep[4096];
        snprintf(keep, sizeof keep, "%s.mutant%d", argv[f], i);
        rename(path, keep);
        fprintf(stderr, "  mutant %d of %s kept as %s\n", i, argv[f], keep);
        failures++;
        int fd2 = mkstemp(path);
        if (fd2 >= 0) close(fd2);
      }
    }
    free(orig);
  }
  unlink(path);
  free(m);
  printf("mutants: %d runs, %d failures, %d ran to completion, %d stopped (loops)\n", total,
         failures, ran, timeouts);
  return failures != 0;
}
