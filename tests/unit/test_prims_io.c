/* Channels (vm/prim_io.c): OCaml's buffering, positions, errors and the
 * list of open output channels; the file primitives. Expected behaviour
 * checked against OCaml 4.13 (for instance, writing to a closed channel
 * raises Sys_error "Bad file descriptor", flushing it does nothing). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../vm/io.h"
#include "test_prims_call.h"

PRIMS_SUITE(prims_io);

/* A fresh temporary file name (the file exists, empty). */
static char *temp_file(void) {
  static char name[64];
  snprintf(name, sizeof name, "/tmp/zvm_io_XXXXXX");
  int fd = mkstemp(name);
  cr_assert_geq(fd, 0);
  close(fd);
  return name;
}

static size_t file_size(const char *name) {
  FILE *f = fopen(name, "rb");
  cr_assert_not_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fclose(f);
  return (size_t)n;
}

static char *file_contents(const char *name, size_t *len) {
  FILE *f = fopen(name, "rb");
  cr_assert_not_null(f);
  static char buf[200000];
  *len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return buf;
}

static void write_file(const char *name, const char *data, size_t len) {
  FILE *f = fopen(name, "wb");
  cr_assert_not_null(f);
  fwrite(data, 1, len, f);
  fclose(f);
}

static value open_out_fd(int fd) { return pin(ok(call("caml_ml_open_descriptor_out", 1, Val_int(fd)))); }
static value open_in_fd(int fd) { return pin(ok(call("caml_ml_open_descriptor_in", 1, Val_int(fd)))); }

static void output_str(value ch, const char *s) {
  value v = pin(str(s));
  ok(call("caml_ml_output", 4, ch, v, Val_int(0), Val_long((intnat)strlen(s))));
}

static int count_channels(void) {
  int n = 0;
  for (struct Channel *c = vm->channels; c != NULL; c = c->next) n++;
  return n;
}

Test(prims_io, output_is_buffered_until_flush) {
  int p[2];
  cr_assert_eq(pipe(p), 0);
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  value oc = open_out_fd(p[1]);
  cr_assert_str_eq(Custom_ops_val(oc)->identifier, "_chan");
  output_str(oc, "hello");
  ok(call("caml_ml_output_char", 2, oc, Val_int(',')));
  char buf[64];
  cr_assert_eq(read(p[0], buf, sizeof buf), -1, "nothing written before the flush");
  cr_assert_eq(call("caml_ml_pos_out", 1, oc), Val_int(-1 + 6), "offset -1 on a pipe, as OCaml");
  ok(call("caml_ml_flush", 1, oc));
  ssize_t n = read(p[0], buf, sizeof buf);
  cr_assert_eq(n, 6);
  cr_assert_eq(memcmp(buf, "hello,", 6), 0);
  /* output_binary_int: 4 bytes, big-endian, low 32 bits. */
  ok(call("caml_ml_output_int", 2, oc, Val_long(0x1122334455LL)));
  ok(call("caml_ml_output_bytes", 4, oc, pin(str("abcdef")), Val_int(2), Val_int(3)));
  cr_assert_eq(call("caml_ml_flush_partial", 1, oc), Val_true);
  n = read(p[0], buf, sizeof buf);
  cr_assert_eq(n, 7);
  cr_assert_eq(memcmp(buf, "\x22\x33\x44\x55" "cde", 7), 0);
  close(p[0]);
}

Test(prims_io, full_buffer_is_written) {
  char *name = temp_file();
  value path = pin(str(name));
  value flags = pin(cons(Val_int(1), pin(cons(Val_int(4), Val_emptylist)))); /* wronly, trunc */
  value fd = ok(call("caml_sys_open", 3, path, flags, Val_int(0644)));
  value oc = open_out_fd(Int_val(fd));
  static char big[65536 + 10];
  memset(big, 'x', sizeof big);
  value s = pin(str_n(big, sizeof big));
  ok(call("caml_ml_output", 4, oc, s, Val_int(0), Val_int(sizeof big)));
  cr_assert_eq(file_size(name), 65536, "the buffer was written when it filled");
  cr_assert_eq(call("caml_ml_pos_out", 1, oc), Val_int(sizeof big));
  ok(call("caml_ml_flush", 1, oc));
  cr_assert_eq(file_size(name), sizeof big);
  /* One byte at a time fills and flushes the same way. */
  for (int i = 0; i < 65536; i++) ok(call("caml_ml_output_char", 2, oc, Val_int('y')));
  cr_assert_eq(file_size(name), sizeof big);
  ok(call("caml_ml_output_char", 2, oc, Val_int('z')));
  cr_assert_eq(file_size(name), sizeof big + 65536);
  ok(call("caml_ml_close_channel", 1, oc));
  cr_assert_eq(file_size(name), sizeof big + 65536, "close does not flush");
  unlink(name);
}

Test(prims_io, closed_channels) {
  char *name = temp_file();
  int fd = open(name, O_WRONLY);
  value oc = open_out_fd(fd);
  output_str(oc, "lost");
  ok(call("caml_ml_close_channel", 1, oc));
  cr_assert_eq(file_size(name), 0);
  assert_sys_error(call("caml_ml_output", 4, oc, pin(str("x")), Val_int(0), Val_int(1)),
                   "Bad file descriptor");
  assert_sys_error(call("caml_ml_output_char", 2, oc, Val_int('x')), "Bad file descriptor");
  ok(call("caml_ml_flush", 1, oc)); /* does nothing */
  cr_assert_eq(call("caml_ml_flush_partial", 1, oc), Val_true);
  ok(call("caml_ml_close_channel", 1, oc)); /* twice is fine */
  assert_sys_error(call("caml_channel_descriptor", 1, oc), "Bad file descriptor");
  /* Zero-length output does not touch the fd. */
  ok(call("caml_ml_output", 4, oc, pin(str("x")), Val_int(0), Val_int(0)));

  int ifd = open(name, O_RDONLY);
  value ic = open_in_fd(ifd);
  ok(call("caml_ml_close_channel", 1, ic));
  assert_sys_error(call("caml_ml_input_char", 1, ic), "Bad file descriptor");
  assert_sys_error(call("caml_ml_input_scan_line", 1, ic), "Bad file descriptor");
  value buf = pin(str("....."));
  assert_sys_error(call("caml_ml_input", 4, ic, buf, Val_int(0), Val_int(5)), "Bad file descriptor");
  cr_assert_eq(call("caml_ml_input", 4, ic, buf, Val_int(0), Val_int(0)), Val_int(0));
  /* Closing a bad descriptor reports the error. */
  value bad = open_out_fd(12345);
  assert_sys_error(call("caml_ml_close_channel", 1, bad), "Bad file descriptor");
  unlink(name);
}

Test(prims_io, input) {
  char *name = temp_file();
  write_file(name, "line1\nline22\n\x01\x02\x03\x04\xff\xff\xff\xfetail", 25);
  value fd = ok(call("caml_sys_open", 3, pin(str(name)), pin(cons(Val_int(0), Val_emptylist)),
                     Val_int(0)));
  value ic = open_in_fd(Int_val(fd));
  cr_assert_eq(call("caml_ml_channel_size", 1, ic), Val_int(25));
  cr_assert_eq(Int64_val(ok(call("caml_ml_channel_size_64", 1, ic))), 25);
  cr_assert_eq(call("caml_ml_input_scan_line", 1, ic), Val_int(6));
  value buf = pin(str("??????"));
  cr_assert_eq(call("caml_ml_input", 4, ic, buf, Val_int(0), Val_int(6)), Val_int(6));
  cr_assert(string_is(buf, "line1\n", 6));
  cr_assert_eq(call("caml_ml_pos_in", 1, ic), Val_int(6));
  cr_assert_eq(call("caml_ml_input_char", 1, ic), Val_int('l'));
  cr_assert_eq(call("caml_ml_input_scan_line", 1, ic), Val_int(6));
  cr_assert_eq(call("caml_ml_input", 4, ic, buf, Val_int(0), Val_int(6)), Val_int(6));
  cr_assert(string_is(buf, "ine22\n", 6));
  cr_assert_eq(call("caml_ml_input_int", 1, ic), Val_int(0x01020304));
  cr_assert_eq(call("caml_ml_input_int", 1, ic), Val_int(-2));
  /* No newline before the end of file: minus the bytes available. */
  cr_assert_eq(call("caml_ml_input_scan_line", 1, ic), Val_int(-4));
  cr_assert_eq(call("caml_ml_input", 4, ic, buf, Val_int(1), Val_int(5)), Val_int(4),
               "input returns what is buffered");
  cr_assert(string_is(buf, "itail\n", 6));
  cr_assert_eq(call("caml_ml_input", 4, ic, buf, Val_int(0), Val_int(5)), Val_int(0));
  assert_exn_const(call("caml_ml_input_char", 1, ic), EXN_END_OF_FILE);
  assert_exn_const(call("caml_ml_input_int", 1, ic), EXN_END_OF_FILE);
  assert_invalid_arg(call("caml_ml_input", 4, ic, buf, Val_int(4), Val_int(5)), "index out of bounds");

  /* Seeking inside the buffer, then outside it. */
  ok(call("caml_ml_seek_in", 2, ic, Val_int(3)));
  cr_assert_eq(call("caml_ml_pos_in", 1, ic), Val_int(3));
  cr_assert_eq(call("caml_ml_input_char", 1, ic), Val_int('e'));
  ok(call("caml_ml_seek_in_64", 2, ic, pin(i64(21))));
  cr_assert_eq(call("caml_ml_input_char", 1, ic), Val_int('t'));
  cr_assert_eq(Int64_val(ok(call("caml_ml_pos_in_64", 1, ic))), 22);
  ok(call("caml_ml_seek_in", 2, ic, Val_int(100)));
  assert_exn_const(call("caml_ml_input_char", 1, ic), EXN_END_OF_FILE);
  /* As OCaml: lseek fails and returns -1, which equals the request, so
   * seek_in ic (-1) raises nothing. */
  ok(call("caml_ml_seek_in", 2, ic, Val_int(-1)));
  ok(call("caml_ml_close_channel", 1, ic));
  unlink(name);
}

Test(prims_io, long_lines_fill_the_buffer) {
  char *name = temp_file();
  static char data[70000];
  memset(data, 'a', sizeof data);
  data[sizeof data - 1] = '\n';
  write_file(name, data, sizeof data);
  value ic = open_in_fd(open(name, O_RDONLY));
  /* The whole buffer without a newline: -65536. */
  cr_assert_eq(call("caml_ml_input_scan_line", 1, ic), Val_int(-65536));
  value buf = pin(ok(call("caml_create_bytes", 1, Val_int(65536))));
  cr_assert_eq(call("caml_ml_input", 4, ic, buf, Val_int(0), Val_int(65536)), Val_int(65536));
  cr_assert_eq(call("caml_ml_input_scan_line", 1, ic), Val_int(70000 - 65536));
  unlink(name);
}

Test(prims_io, output_positions_and_seek) {
  char *name = temp_file();
  int fd = open(name, O_RDWR);
  value oc = open_out_fd(fd);
  output_str(oc, "0123456789");
  cr_assert_eq(call("caml_ml_pos_out", 1, oc), Val_int(10));
  ok(call("caml_ml_seek_out", 2, oc, Val_int(2)));
  cr_assert_eq(file_size(name), 10, "seek flushes first");
  output_str(oc, "ab");
  cr_assert_eq(Int64_val(ok(call("caml_ml_pos_out_64", 1, oc))), 4);
  ok(call("caml_ml_seek_out_64", 2, oc, pin(i64(0))));
  ok(call("caml_ml_flush", 1, oc));
  size_t len;
  char *got = file_contents(name, &len);
  cr_assert_eq(len, 10);
  cr_assert_eq(memcmp(got, "01ab456789", 10), 0);
  cr_assert_eq(call("caml_ml_channel_size", 1, oc), Val_int(10));
  cr_assert_eq(call("caml_ml_pos_out", 1, oc), Val_int(0), "size keeps the position");
  assert_sys_error(call("caml_ml_seek_out", 2, oc, Val_int(-5)), "Invalid argument");
  ok(call("caml_ml_close_channel", 1, oc));
  assert_sys_error(call("caml_ml_channel_size", 1, oc), "Bad file descriptor");
  /* A pipe has no size. */
  int p[2];
  cr_assert_eq(pipe(p), 0);
  value pc = open_in_fd(p[0]);
  assert_sys_error(call("caml_ml_channel_size", 1, pc), "Illegal seek");
  close(p[1]);
  unlink(name);
}

Test(prims_io, out_channels_list_in_opening_order) {
  value a = open_out_fd(1);
  value in = open_in_fd(0);
  value b = open_out_fd(2);
  value c = open_out_fd(1);
  (void)in;
  ok(call("caml_ml_close_channel", 1, c));
  value l = ok(call("caml_ml_out_channels_list", 1, Val_unit));
  cr_assert(Is_block(l));
  cr_assert_eq(call("caml_compare", 2, Field(l, 0), a), Val_int(0));
  cr_assert_eq(Channel_val(Field(l, 0)), Channel_val(a));
  l = Field(l, 1);
  cr_assert_eq(Channel_val(Field(l, 0)), Channel_val(b));
  cr_assert_eq(Field(l, 1), Val_emptylist, "closed and input channels are not listed");
  cr_assert_eq(call("caml_compare", 2, a, b), call("caml_compare", 2, a, b));
  cr_assert_neq(call("caml_equal", 2, a, b), Val_true);
}

Test(prims_io, unflushed_channels_outlive_their_blocks) {
  int p[2];
  cr_assert_eq(pipe(p), 0);
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  int before = count_channels();
  /* A channel with pending output, then one without; drop both. */
  value oc = ok(call("caml_ml_open_descriptor_out", 1, Val_int(p[1])));
  pin(oc);
  output_str(oc, "pending");
  n_pins = 0; /* unpin everything */
  for (int i = 0; i < 4096; i++) Field(pins, i) = Val_unit;
  ok(call("caml_ml_open_descriptor_out", 1, Val_int(p[1])));
  gc_collect(vm);
  cr_assert_eq(count_channels(), before + 1, "the empty one is freed, the pending one kept");
  /* flush_all finds it again and writes its data. */
  value l = pin(ok(call("caml_ml_out_channels_list", 1, Val_unit)));
  cr_assert(Is_block(l));
  cr_assert_eq(Field(l, 1), Val_emptylist);
  ok(call("caml_ml_flush", 1, Field(l, 0)));
  char buf[16];
  cr_assert_eq(read(p[0], buf, sizeof buf), 7);
  cr_assert_eq(memcmp(buf, "pending", 7), 0);
  /* Flushed and dropped again: now it is freed. */
  n_pins = 0;
  Field(pins, 0) = Val_unit;
  gc_collect(vm);
  cr_assert_eq(count_channels(), before);
  close(p[0]);
  close(p[1]);
}

Test(prims_io, vm_free_releases_unflushed_channels) {
  /* Under ASan, a leak here fails the test run. */
  Vm *other = vm_new();
  cr_assert_not_null(other);
  Vm *saved = vm;
  vm = other;
  value oc = ok(call("caml_ml_open_descriptor_out", 1, Val_int(1)));
  ok(call("caml_ml_output_char", 2, oc, Val_int('x')));
  vm = saved;
  gc_collect(other);
  cr_assert_not_null(other->channels);
  vm_free(other);
}

Test(prims_io, flush_all_at_exit) {
  int p[2];
  cr_assert_eq(pipe(p), 0);
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  value a = open_out_fd(p[1]), b = open_out_fd(p[1]);
  output_str(b, "second ");
  output_str(a, "first ");
  value closed = open_out_fd(dup(p[1]));
  output_str(closed, "never");
  ok(call("caml_ml_close_channel", 1, closed));
  vm_flush_all_channels(vm);
  char buf[64];
  ssize_t n = read(p[0], buf, sizeof buf);
  cr_assert_eq(n, 13);
  cr_assert_eq(memcmp(buf, "first second ", 13), 0, "oldest channel first");
  close(p[0]);
  close(p[1]);
}

Test(prims_io, write_errors) {
  int p[2];
  cr_assert_eq(pipe(p), 0);
  close(p[0]);
  signal(SIGPIPE, SIG_IGN);
  value oc = open_out_fd(p[1]);
  output_str(oc, "x");
  assert_sys_error(call("caml_ml_flush", 1, oc), "Broken pipe");
  /* Reading from an output-only descriptor. */
  value ic = open_in_fd(p[1]);
  assert_sys_error(call("caml_ml_input_char", 1, ic), "Bad file descriptor");
  close(p[1]);
}

Test(prims_io, sys_open_and_files) {
  char *name = temp_file();
  value path = pin(str(name));
  cr_assert_eq(call("caml_sys_file_exists", 1, path), Val_true);
  value rdonly = pin(cons(Val_int(0), Val_emptylist));
  value fd = ok(call("caml_sys_open", 3, path, rdonly, Val_int(0)));
  cr_assert_geq(Int_val(fd), 3);
  cr_assert_eq(fcntl(Int_val(fd), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  ok(call("caml_sys_close", 1, fd));
  /* creat + excl on an existing file */
  value excl = pin(cons(Val_int(1), pin(cons(Val_int(3), pin(cons(Val_int(5), Val_emptylist))))));
  char msg[128];
  snprintf(msg, sizeof msg, "%s: File exists", name);
  assert_sys_error(call("caml_sys_open", 3, path, excl, Val_int(0644)), msg);
  ok(call("caml_sys_remove", 1, path));
  cr_assert_eq(call("caml_sys_file_exists", 1, path), Val_false);
  snprintf(msg, sizeof msg, "%s: No such file or directory", name);
  assert_sys_error(call("caml_sys_remove", 1, path), msg);
  assert_sys_error(call("caml_sys_open", 3, path, rdonly, Val_int(0)), msg);
  /* A NUL in a path: not found, and the message keeps the whole name. */
  value nul = pin(str_n("a\0b", 3));
  value r = call("caml_sys_open", 3, nul, rdonly, Val_int(0));
  cr_assert(Is_exception_result(r));
  value e = Extract_exception(r);
  cr_assert(string_is(Field(e, 1), "a\0b: No such file or directory", 30));
  cr_assert_eq(call("caml_sys_file_exists", 1, nul), Val_false);
  ok(call("caml_ml_set_binary_mode", 2, open_in_fd(0), Val_true));
  ok(call("caml_ml_set_channel_name", 2, open_in_fd(0), pin(str("stdin"))));
  cr_assert_eq(call("caml_channel_descriptor", 1, open_in_fd(0)), Val_int(0));
  cr_assert(call("caml_sys_isatty", 1, open_in_fd(0)) == Val_true ||
            call("caml_sys_isatty", 1, open_in_fd(0)) == Val_false);
}

Test(prims_io, misuse_is_memory_safe) {
  /* Writing to an input channel, then reading a line from it: OCaml's
   * buffer pointers cross and it crashes; zvm stays in bounds. */
  char *name = temp_file();
  write_file(name, "hello\nworld\n", 12);
  value ic = open_in_fd(open(name, O_RDONLY));
  ok(call("caml_ml_output_char", 2, ic, Val_int('x')));
  assert_sys_error(call("caml_ml_flush", 1, ic), "Bad file descriptor");
  cr_assert_eq(call("caml_ml_input_scan_line", 1, ic), Val_int(6));
  /* Reading from an output channel with pending output. */
  value oc = open_out_fd(open(name, O_RDWR));
  output_str(oc, "abc");
  cr_assert_eq(call("caml_ml_input_scan_line", 1, oc), Val_int(6));
  cr_assert_eq(call("caml_ml_input_char", 1, oc), Val_int('h'));
  unlink(name);
}
