/* Buffered channels, as OCaml's runtime/io.c.
 *
 * An OCaml in_channel or out_channel is a custom block (identifier
 * "_chan") holding a pointer to a malloc'ed struct Channel. Several blocks
 * may point to one channel (caml_ml_out_channels_list makes new ones), so
 * the channel counts them in [refcount] and the finalizer of the last one
 * frees it. Every channel is also on the VM's list (vm->channels), newest
 * first, which caml_ml_out_channels_list walks.
 *
 * The buffer holds IO_BUFFER_SIZE bytes, and positions are indices into
 * it (OCaml uses pointers; indices avoid comparing a NULL pointer):
 *
 *   input    [0, curr) consumed, [curr, max) buffered, not yet read;
 *            [offset] is the file position of byte [max]
 *   output   [0, curr) written by the program, not yet sent to the fd;
 *            [offset] is the file position of byte 0
 *   closed   fd == -1 and curr == max == IO_BUFFER_SIZE, so the next read
 *            or write goes to the fd and fails with "Bad file descriptor"
 *
 * OCaml marks an output channel by max == NULL; zvm keeps that fact in
 * [output]. As in OCaml, nothing is written to the fd until a flush, a full
 * buffer or a seek: output left in the buffer at exit is lost, exactly as
 * with ocamlrun when the program does not flush (Stdlib's at_exit does).
 */
#ifndef ZVM_IO_H
#define ZVM_IO_H

#include <stdbool.h>
#include <stdint.h>

#include "value.h"

struct Vm;

#define IO_BUFFER_SIZE 65536

struct Channel {
  int fd;                 /* -1 once closed */
  int64_t offset;         /* see above */
  size_t curr, max;       /* indices into buff */
  bool output;            /* OCaml's max == NULL */
  int refcount;           /* custom blocks pointing here */
  struct Channel *next, *prev; /* vm->channels */
  unsigned char buff[IO_BUFFER_SIZE];
};

extern const CustomOps caml_channel_ops;

#define Channel_val(v) (*(struct Channel **)Data_custom_val(v))

/* Free every channel still on vm->channels. OCaml keeps an output
 * channel with unflushed data after its last block dies (so that an
 * at_exit flush_all can still find it); vm_free calls this, after the
 * heap has run all finalizers, to release those. */
void vm_free_channels(struct Vm *vm);

/* Flush every open output channel, oldest first, ignoring errors: what
 * Stdlib's at_exit (flush_all) does when an ocamlc-linked program ends,
 * normally or by an uncaught exception (before "Fatal error: ..." is
 * printed). caml_sys_exit does not flush. Never raises; for the host. */
void vm_flush_all_channels(struct Vm *vm);

/* Raise Sys_error with strerror(errno), prefixed by "[arg]: " when [arg]
 * is a string (OCaml's caml_sys_error; NO_ARG means none). */
#define NO_ARG Val_int(0)
_Noreturn void caml_sys_error(struct Vm *vm, value arg);

/* As caml_sys_error, except that EAGAIN/EWOULDBLOCK raise Sys_blocked_io
 * (OCaml's caml_sys_io_error, for reads and writes). */
_Noreturn void caml_sys_io_error(struct Vm *vm, value arg);

#endif
