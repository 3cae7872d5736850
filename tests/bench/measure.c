/* measure: run a program, report its exit status, CPU time, wall time and
 * peak resident set size. Used by tests/bench/bench.py.
 *
 *   measure REPORT TIMEOUT_S PROGRAM [ARGS...]
 *
 * The program inherits stdin, stdout and stderr. REPORT receives one line:
 *
 *   status=N user_s=S sys_s=S wall_s=S maxrss_kb=K
 *
 * status is the exit status, 128+signal when killed by a signal, or -1 on
 * a timeout (the program is killed after TIMEOUT_S seconds).
 *
 * Why a C helper and not Python's wait4: on Linux a process's ru_maxrss
 * includes the RSS of the process that forked it, as it was before exec
 * (the kernel carries the old address space's high-water mark over
 * exec). Started directly from Python (15-20 MB resident), every program
 * would appear to use at least that much. This helper is small, so the
 * floor it adds is about 1 MB, below what ocamlrun or zvm use. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static volatile pid_t child;

static void on_alarm(int sig) {
  (void)sig;
  timed_out = 1;
  if (child > 0) kill(child, SIGKILL);
}

static double secs(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: measure REPORT TIMEOUT_S PROGRAM [ARGS...]\n");
    return 2;
  }
  const char *report = argv[1];
  unsigned timeout = (unsigned)strtoul(argv[2], NULL, 10);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    perror("measure: fork");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[3], argv + 3);
    fprintf(stderr, "measure: cannot run %s\n", argv[3]);
    _exit(127);
  }
  child = pid;
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  if (timeout > 0) alarm(timeout);
  int st;
  struct rusage ru;
  pid_t w;
  do w = waitpid(pid, &st, 0);
  while (w < 0 && errno == EINTR);
  getrusage(RUSAGE_CHILDREN, &ru); /* the only child, now waited for */
  alarm(0);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (w < 0) {
    perror("measure: wait4");
    return 2;
  }
  int status = timed_out ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  FILE *f = fopen(report, "w");
  if (!f) {
    perror(report);
    return 2;
  }
  fprintf(f, "status=%d user_s=%.6f sys_s=%.6f wall_s=%.6f maxrss_kb=%ld\n", status,
          secs(ru.ru_utime), secs(ru.ru_stime),
          (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
          ru.ru_maxrss);
  fclose(f);
  return 0;
}
