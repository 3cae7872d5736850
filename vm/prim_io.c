/* Channel primitives: buffered input and output on file descriptors, with
 * the behaviour of OCaml 4.13's runtime/io.c down to its corner cases
 * (see io.h for the representation). Also the file primitives Stdlib's
 * open_in/open_out rely on: caml_sys_open, caml_sys_close,
 * caml_sys_file_exists, caml_sys_remove.
 *
 * OCaml's C primitives do not check their offsets and lengths: Stdlib does
 * (output, input, ...) before calling them. zvm checks them anyway and
 * raises Invalid_argument "index out of bounds" where OCaml would read or
 * write outside the string, so a wrong `external` cannot corrupt memory;
 * every call Stdlib can make behaves exactly as in OCaml.
 */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "fail.h"
#include "vm.h"

/* ---- The channel list and the custom block ------------------------------- */

static void link_channel(Vm *vm, struct Channel *c) {
  c->prev = NULL;
  c->next = vm->channels;
  if (vm->channels != NULL) vm->channels->prev = c;
  vm->channels = c;
}

static void unlink_channel(Vm *vm, struct Channel *c) {
  if (c->prev == NULL) vm->channels = c->next;
  else c->prev->next = c->next;
  if (c->next != NULL) c->next->prev = c->prev;
  c->next = c->prev = NULL;
}

/* The last block of a channel died. As OCaml, an output channel that
 * still holds data stays on the list, unreferenced: a later
 * caml_ml_out_channels_list (flush_all at exit) can find and flush it.
 * The finalizer never closes the descriptor (OCaml does not either: the
 * program may still use the fd, and stdin/stdout/stderr must stay open). */
static void channel_finalize(Vm *vm, value v) {
  struct Channel *c = Channel_val(v);
  if (c == NULL) return; /* a block whose channel was never filled in */
  if (--c->refcount > 0) return;
  if (c->output && c->curr != 0) return;
  unlink_channel(vm, c);
  free(c);
}

/* Channels compare and hash by identity, as in OCaml. */
static int channel_compare(value a, value b) {
  uintptr_t x = (uintptr_t)Channel_val(a), y = (uintptr_t)Channel_val(b);
  return (x > y) - (x < y);
}

static intnat channel_hash(value v) { return (intnat)(uintptr_t)Channel_val(v); }

const CustomOps caml_channel_ops = {"_chan", channel_finalize, channel_compare, channel_hash,
                                    NULL};

void vm_free_channels(Vm *vm) {
  while (vm->channels != NULL) {
    struct Channel *c = vm->channels;
    vm->channels = c->next;
    free(c);
  }
}

/* Stdlib.flush_all without raising: the channels in the order
 * caml_ml_out_channels_list gives them (oldest first), each written out
 * until done or until a write fails, which only abandons that channel. */
void vm_flush_all_channels(Vm *vm) {
  struct Channel *oldest = NULL;
  for (struct Channel *c = vm->channels; c != NULL; c = c->next) oldest = c;
  for (struct Channel *c = oldest; c != NULL; c = c->prev) {
    if (!c->output || c->fd == -1) continue;
    size_t done = 0;
    while (done < c->curr) {
      ssize_t r = write(c->fd, c->buff + done, c->curr - done);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break; /* flush_all ignores Sys_error */
      done += (size_t)r;
    }
    c->offset += (int64_t)done;
    memmove(c->buff, c->buff + done, c->curr - done);
    c->curr -= done;
  }
}

/* A new block for [c]. The count is raised first, as OCaml does, so that
 * a collection during the allocation cannot free [c]. */
static value alloc_channel(Vm *vm, struct Channel *c) {
  c->refcount++;
  value v = caml_alloc_custom(vm, &caml_channel_ops, sizeof(struct Channel *));
  Channel_val(v) = c;
  return v;
}

static struct Channel *open_descriptor(Vm *vm, int fd, bool output) {
  struct Channel *c = malloc(sizeof *c);
  if (c == NULL) caml_raise_out_of_memory(vm);
  c->fd = fd;
  /* -1 on a pipe or a terminal; OCaml keeps it, and so do positions. */
  c->offset = lseek(fd, 0, SEEK_CUR);
  c->curr = c->max = 0;
  c->output = output;
  c->refcount = 0;
  link_channel(vm, c);
  return c;
}

value caml_ml_open_descriptor_in(Vm *vm, value fd) {
  return alloc_channel(vm, open_descriptor(vm, Int_val(fd), false));
}

value caml_ml_open_descriptor_out(Vm *vm, value fd) {
  return alloc_channel(vm, open_descriptor(vm, Int_val(fd), true));
}

/* ---- Reading and writing the descriptor ---------------------------------- */

/* One write(); interrupted calls are retried. When a non-blocking fd
 * refuses a write of n > 1 bytes (POSIX makes small pipe writes atomic),
 * OCaml retries with 1 byte before reporting Sys_blocked_io. */
static int write_fd(Vm *vm, int fd, const unsigned char *buf, int n) {
  for (;;) {
    ssize_t r = write(fd, buf, (size_t)n);
    if (r >= 0) return (int)r;
    if (errno == EINTR) continue;
    if ((errno == EAGAIN || errno == EWOULDBLOCK) && n > 1) {
      n = 1;
      continue;
    }
    caml_sys_io_error(vm, NO_ARG);
  }
}

static int read_fd(Vm *vm, int fd, unsigned char *buf, int n) {
  for (;;) {
    ssize_t r = read(fd, buf, (size_t)n);
    if (r >= 0) return (int)r;
    if (errno == EINTR) continue;
    caml_sys_io_error(vm, NO_ARG);
  }
}

/* ---- Output --------------------------------------------------------------- */

/* Write out what one write() takes; true if the buffer is now empty. A
 * closed channel has a full buffer and fd -1, so this is where writing to
 * it fails with "Bad file descriptor". */
static bool flush_partial(Vm *vm, struct Channel *c) {
  size_t towrite = c->curr;
  if (towrite > 0) {
    int written = write_fd(vm, c->fd, c->buff, (int)towrite);
    c->offset += written;
    if ((size_t)written < towrite)
      memmove(c->buff, c->buff + written, towrite - (size_t)written);
    c->curr -= (size_t)written;
  }
  return c->curr == 0;
}

static void flush(Vm *vm, struct Channel *c) {
  while (!flush_partial(vm, c)) {
  }
}

static void putch(Vm *vm, struct Channel *c, unsigned char ch) {
  if (c->curr >= IO_BUFFER_SIZE) flush_partial(vm, c);
  c->buff[c->curr++] = ch;
}

/* Buffer what fits of p[0, len); when that fills the buffer, write it out
 * once. Returns how many bytes were taken. */
static int putblock(Vm *vm, struct Channel *c, const unsigned char *p, intnat len) {
  int n = len >= INT_MAX ? INT_MAX : (int)len;
  int room = (int)(IO_BUFFER_SIZE - c->curr);
  if (n < room) {
    memmove(c->buff + c->curr, p, (size_t)n);
    c->curr += (size_t)n;
    return n;
  }
  memmove(c->buff + c->curr, p, (size_t)room);
  c->curr = IO_BUFFER_SIZE;
  flush_partial(vm, c);
  return room;
}

/* [len] bytes of [s] from [pos] must lie inside it (see the file comment). */
static void check_range(Vm *vm, value s, intnat pos, intnat len) {
  if (pos < 0 || len < 0 || (uintnat)pos > caml_string_length(s) ||
      (uintnat)len > caml_string_length(s) - (uintnat)pos)
    caml_array_bound_error(vm);
}

value caml_ml_output_bytes(Vm *vm, value vchannel, value buff, value start, value length) {
  struct Channel *c = Channel_val(vchannel);
  intnat pos = Long_val(start), len = Long_val(length);
  if (len <= 0) return Val_unit; /* OCaml's loop does nothing */
  check_range(vm, buff, pos, len);
  while (len > 0) {
    /* Re-read the address each time: it stays valid (the collector does
     * not move blocks, and buff is an argument, hence rooted). */
    int written = putblock(vm, c, Bytes_val(buff) + pos, len);
    pos += written;
    len -= written;
  }
  return Val_unit;
}

value caml_ml_output(Vm *vm, value vchannel, value buff, value start, value length) {
  return caml_ml_output_bytes(vm, vchannel, buff, start, length);
}

value caml_ml_output_char(Vm *vm, value vchannel, value ch) {
  putch(vm, Channel_val(vchannel), (unsigned char)Long_val(ch));
  return Val_unit;
}

/* output_binary_int: the low 32 bits, big-endian. */
value caml_ml_output_int(Vm *vm, value vchannel, value w) {
  struct Channel *c = Channel_val(vchannel);
  uint32_t n = (uint32_t)Long_val(w);
  putch(vm, c, (unsigned char)(n >> 24));
  putch(vm, c, (unsigned char)(n >> 16));
  putch(vm, c, (unsigned char)(n >> 8));
  putch(vm, c, (unsigned char)n);
  return Val_unit;
}

/* Flushing a closed channel does nothing, deliberately (OCaml: "some
 * libraries will flush at exit, even on file descriptors that may be
 * closed"). */
value caml_ml_flush(Vm *vm, value vchannel) {
  struct Channel *c = Channel_val(vchannel);
  if (c->fd == -1) return Val_unit;
  flush(vm, c);
  return Val_unit;
}

value caml_ml_flush_partial(Vm *vm, value vchannel) {
  struct Channel *c = Channel_val(vchannel);
  if (c->fd == -1) return Val_true;
  return Val_bool(flush_partial(vm, c));
}

/* ---- Input ------------------------------------------------------------------ */

/* Bytes buffered and not yet read. OCaml computes max - curr with max ==
 * NULL on an output channel, a negative number: any read then goes to the
 * descriptor, and the channel becomes an input channel. */
static intnat available(const struct Channel *c) {
  return c->output ? -1 : (intnat)c->max - (intnat)c->curr;
}

/* Refill the buffer with one read() and return its first byte; End_of_file
 * if there is nothing more. */
static unsigned char refill(Vm *vm, struct Channel *c) {
  int n = read_fd(vm, c->fd, c->buff, IO_BUFFER_SIZE);
  if (n == 0) caml_raise_end_of_file(vm);
  c->offset += n;
  c->output = false;
  c->max = (size_t)n;
  c->curr = 1;
  return c->buff[0];
}

static unsigned char getch(Vm *vm, struct Channel *c) {
  if (available(c) <= 0) return refill(vm, c);
  return c->buff[c->curr++];
}

value caml_ml_input_char(Vm *vm, value vchannel) {
  return Val_long(getch(vm, Channel_val(vchannel)));
}

/* input_binary_int: 4 bytes, big-endian, sign-extended from 32 bits. */
value caml_ml_input_int(Vm *vm, value vchannel) {
  struct Channel *c = Channel_val(vchannel);
  uint32_t n = 0;
  for (int i = 0; i < 4; i++) n = (n << 8) | getch(vm, c);
  return Val_long((int32_t)n);
}

/* At most [len] bytes into buff[start...]: what is buffered if anything
 * is, else the result of one read(). Returns the count, 0 at end of file. */
value caml_ml_input(Vm *vm, value vchannel, value buff, value vstart, value vlength) {
  struct Channel *c = Channel_val(vchannel);
  intnat start = Long_val(vstart), len = Long_val(vlength);
  check_range(vm, buff, start, len);
  int n = len >= INT_MAX ? INT_MAX : (int)len;
  intnat avail = available(c);
  if (n <= avail) {
    memmove(Bytes_val(buff) + start, c->buff + c->curr, (size_t)n);
    c->curr += (size_t)n;
  } else if (avail > 0) {
    memmove(Bytes_val(buff) + start, c->buff + c->curr, (size_t)avail);
    c->curr += (size_t)avail;
    n = (int)avail;
  } else {
    int nread = read_fd(vm, c->fd, c->buff, IO_BUFFER_SIZE);
    c->offset += nread;
    c->output = false;
    c->max = (size_t)nread;
    if (n > nread) n = nread;
    memmove(Bytes_val(buff) + start, c->buff, (size_t)n);
    c->curr = (size_t)n;
  }
  return Val_long(n);
}

/* The length of the next line, newline included, reading more input as
 * needed; if there is no newline before the end of file or before the
 * buffer is full, minus the number of bytes buffered. Stdlib's input_line
 * builds on this. */
value caml_ml_input_scan_line(Vm *vm, value vchannel) {
  struct Channel *c = Channel_val(vchannel);
  if (c->output || c->curr > c->max) {
    /* Reading a line from a channel that was written to: OCaml computes
     * with max == NULL, or with curr past max, and corrupts memory. zvm
     * treats the channel as an input channel with nothing buffered. */
    c->output = false;
    c->max = c->curr;
  }
  size_t p = c->curr;
  do {
    if (p >= c->max) {
      if (c->curr > 0) {
        /* Make room: move the unread bytes to the front. */
        size_t n = c->curr;
        memmove(c->buff, c->buff + n, c->max - n);
        c->curr -= n;
        c->max -= n;
        p -= n;
      }
      if (c->max >= IO_BUFFER_SIZE) return Val_long(-(intnat)(c->max - c->curr));
      int n = read_fd(vm, c->fd, c->buff + c->max, (int)(IO_BUFFER_SIZE - c->max));
      if (n == 0) return Val_long(-(intnat)(c->max - c->curr));
      c->offset += n;
      c->max += (size_t)n;
    }
  } while (c->buff[p++] != '\n');
  return Val_long((intnat)(p - c->curr));
}

/* ---- Positions ---------------------------------------------------------- */

static int64_t pos_in(const struct Channel *c) {
  return c->offset - ((int64_t)c->max - (int64_t)c->curr);
}

static int64_t pos_out(const struct Channel *c) { return c->offset + (int64_t)c->curr; }

/* An int64 position as an OCaml int, or EOVERFLOW as OCaml does. */
static value offset_to_int(Vm *vm, int64_t pos) {
  if (pos > Max_long) {
    errno = EOVERFLOW;
    caml_sys_error(vm, NO_ARG);
  }
  return Val_long(pos);
}

static void seek_in(Vm *vm, struct Channel *c, int64_t dest) {
  /* Inside the buffer: just move. Otherwise lseek and empty the buffer. */
  if (!c->output && dest >= c->offset - (int64_t)c->max && dest <= c->offset) {
    c->curr = (size_t)((int64_t)c->max - (c->offset - dest));
    return;
  }
  if (lseek(c->fd, (off_t)dest, SEEK_SET) != (off_t)dest) caml_sys_error(vm, NO_ARG);
  c->offset = dest;
  c->output = false;
  c->curr = c->max = 0;
}

static void seek_out(Vm *vm, struct Channel *c, int64_t dest) {
  flush(vm, c);
  if (lseek(c->fd, (off_t)dest, SEEK_SET) != (off_t)dest) caml_sys_error(vm, NO_ARG);
  c->offset = dest;
}

/* lseek to the end and back; the channel's own position is unchanged. */
static int64_t channel_size(Vm *vm, struct Channel *c) {
  int64_t here = c->offset;
  off_t end = lseek(c->fd, 0, SEEK_END);
  if (end == -1) caml_sys_error(vm, NO_ARG);
  if (lseek(c->fd, (off_t)here, SEEK_SET) != (off_t)here) caml_sys_error(vm, NO_ARG);
  return end;
}

value caml_ml_pos_in(Vm *vm, value vchannel) {
  return offset_to_int(vm, pos_in(Channel_val(vchannel)));
}
value caml_ml_pos_out(Vm *vm, value vchannel) {
  return offset_to_int(vm, pos_out(Channel_val(vchannel)));
}
value caml_ml_channel_size(Vm *vm, value vchannel) {
  return offset_to_int(vm, channel_size(vm, Channel_val(vchannel)));
}
value caml_ml_seek_in(Vm *vm, value vchannel, value pos) {
  seek_in(vm, Channel_val(vchannel), Long_val(pos));
  return Val_unit;
}
value caml_ml_seek_out(Vm *vm, value vchannel, value pos) {
  seek_out(vm, Channel_val(vchannel), Long_val(pos));
  return Val_unit;
}

/* The LargeFile variants, with int64 positions. */
value caml_ml_pos_in_64(Vm *vm, value vchannel) {
  return caml_copy_int64(vm, pos_in(Channel_val(vchannel)));
}
value caml_ml_pos_out_64(Vm *vm, value vchannel) {
  return caml_copy_int64(vm, pos_out(Channel_val(vchannel)));
}
value caml_ml_channel_size_64(Vm *vm, value vchannel) {
  return caml_copy_int64(vm, channel_size(vm, Channel_val(vchannel)));
}
value caml_ml_seek_in_64(Vm *vm, value vchannel, value pos) {
  seek_in(vm, Channel_val(vchannel), Int64_val(pos));
  return Val_unit;
}
value caml_ml_seek_out_64(Vm *vm, value vchannel, value pos) {
  seek_out(vm, Channel_val(vchannel), Int64_val(pos));
  return Val_unit;
}

/* ---- Closing, listing, miscellany ---------------------------------------- */

/* Close the descriptor; buffered output is dropped (close_out flushes
 * first, in OCaml code). The channel is left with a full buffer and no
 * data, so that any later read or write reaches the fd and fails. Closing
 * twice does nothing. */
value caml_ml_close_channel(Vm *vm, value vchannel) {
  struct Channel *c = Channel_val(vchannel);
  int fd = c->fd;
  c->fd = -1;
  c->output = false;
  c->curr = c->max = IO_BUFFER_SIZE;
  if (fd != -1 && close(fd) == -1) caml_sys_error(vm, NO_ARG);
  return Val_unit;
}

/* Every open output channel, in opening order. New blocks are made for
 * them (OCaml does the same), which can revive a channel whose blocks all
 * died with data still buffered. A collection during the allocations may
 * free channels, so the blocks and cells are all allocated first, and the
 * channel list is read only afterwards, when nothing can change it. */
value caml_ml_out_channels_list(Vm *vm, value unit) {
  (void)unit;
  size_t n = 0;
  for (struct Channel *c = vm->channels; c != NULL; c = c->next)
    if (c->output) n++;
  value res = Val_emptylist, blk = Val_unit;
  ROOTS_BEGIN(vm);
  ROOT(vm, res);
  ROOT(vm, blk);
  for (size_t i = 0; i < n; i++) {
    blk = caml_alloc_custom(vm, &caml_channel_ops, sizeof(struct Channel *));
    value cell = caml_alloc(vm, 2, 0);
    Field(cell, 0) = blk;
    Field(cell, 1) = res;
    res = cell;
  }
  ROOTS_END(vm);
  struct Channel *oldest = NULL;
  for (struct Channel *c = vm->channels; c != NULL; c = c->next) oldest = c;
  value cell = res, last = Val_unit;
  for (struct Channel *c = oldest; c != NULL && cell != Val_emptylist; c = c->prev) {
    if (!c->output) continue;
    c->refcount++;
    Channel_val(Field(cell, 0)) = c;
    last = cell;
    cell = Field(cell, 1);
  }
  /* Fewer channels than counted: drop the unused cells. */
  if (cell != Val_emptylist) {
    if (last == Val_unit) return Val_emptylist;
    Field(last, 1) = Val_emptylist;
  }
  return res;
}

value caml_ml_set_binary_mode(Vm *vm, value vchannel, value mode) {
  (void)vm, (void)vchannel, (void)mode; /* no text mode on POSIX systems */
  return Val_unit;
}

/* OCaml keeps the name only for its runtime warnings, which zvm does not
 * print. */
value caml_ml_set_channel_name(Vm *vm, value vchannel, value name) {
  (void)vm, (void)vchannel, (void)name;
  return Val_unit;
}

value caml_channel_descriptor(Vm *vm, value vchannel) {
  int fd = Channel_val(vchannel)->fd;
  if (fd == -1) {
    errno = EBADF;
    caml_sys_error(vm, NO_ARG);
  }
  return Val_int(fd);
}

value caml_sys_isatty(Vm *vm, value vchannel) {
  (void)vm;
  return Val_bool(isatty(Channel_val(vchannel)->fd));
}

/* ---- Files ---------------------------------------------------------------- */

/* A path with a NUL inside cannot be passed to the system: OCaml reports
 * it as not found. */
static bool is_c_safe(value s) { return strlen(String_val(s)) == caml_string_length(s); }

static void check_path(Vm *vm, value path) {
  if (!is_c_safe(path)) {
    errno = ENOENT;
    caml_sys_error(vm, path);
  }
}

/* Stdlib's open_flag, in constructor order. Binary and text mode mean
 * nothing on POSIX systems. */
static const int sys_open_flags[] = {O_RDONLY, O_WRONLY, O_APPEND | O_WRONLY,
                                     O_CREAT,  O_TRUNC,  O_EXCL,
                                     0,        0,        O_NONBLOCK};

value caml_sys_open(Vm *vm, value path, value vflags, value vperm) {
  check_path(vm, path);
  int flags = O_CLOEXEC; /* as OCaml: descriptors do not leak into children */
  for (value l = vflags; Is_block(l); l = Field(l, 1)) {
    intnat i = Long_val(Field(l, 0));
    if (i >= 0 && i < (intnat)(sizeof sys_open_flags / sizeof sys_open_flags[0]))
      flags |= sys_open_flags[i];
  }
  int fd = open(String_val(path), flags, (mode_t)Int_val(vperm));
  if (fd == -1) caml_sys_error(vm, path);
  return Val_long(fd);
}

/* As OCaml, errors are ignored. */
value caml_sys_close(Vm *vm, value fd) {
  (void)vm;
  close(Int_val(fd));
  return Val_unit;
}

value caml_sys_file_exists(Vm *vm, value name) {
  (void)vm;
  struct stat st;
  if (!is_c_safe(name)) return Val_false;
  return Val_bool(stat(String_val(name), &st) == 0);
}

value caml_sys_remove(Vm *vm, value name) {
  check_path(vm, name);
  if (unlink(String_val(name)) != 0) caml_sys_error(vm, name);
  return Val_unit;
}
