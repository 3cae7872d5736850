/* zvm build switches and limits, all in one place.
 *
 * Every switch has a default that is right for normal builds; the Makefile
 * overrides some of them for test builds. Change a default here, never by
 * sprinkling #ifdefs through the code.
 */
#ifndef ZVM_CONFIG_H
#define ZVM_CONFIG_H

#include <stdint.h>

#if INTPTR_MAX != INT64_MAX
#error "zvm needs a 64-bit target (OCaml's value layout is assumed 64-bit)"
#endif

/* ZVM_COMPUTED_GOTO: dispatch with GCC's labels-as-values ("threaded code")
 * when 1, with a portable switch when 0. Default: on where the compiler has
 * it. `make DISPATCH=switch` builds the portable variant; both are tested. */
#ifndef ZVM_COMPUTED_GOTO
#if defined(__GNUC__)
#define ZVM_COMPUTED_GOTO 1
#else
#define ZVM_COMPUTED_GOTO 0
#endif
#endif

/* ZVM_VERSION: printed by `zvm --version` and stored in .zbc writers. */
#define ZVM_VERSION "0.1.0"

/* Stack: the value stack starts at ZVM_STACK_INIT_WORDS and doubles on
 * demand up to the limit (ocamlrun's default: 1M words, 8 MB). Exceeding it
 * raises Stack_overflow. ZVM_STACK_THRESHOLD is the headroom every function
 * may use without a check, as in ocamlrun (Stack_threshold = 256 words). */
#define ZVM_STACK_INIT_WORDS (16 * 1024)
#define ZVM_STACK_LIMIT_WORDS (1024 * 1024)
#define ZVM_STACK_THRESHOLD 256

/* Heap: collect when the words allocated since the last collection exceed
 * ZVM_SPACE_OVERHEAD percent of the live words (OCaml's `o` parameter), but
 * never before ZVM_HEAP_MIN_WORDS have been allocated. No limit by default;
 * ZVM_RUNPARAM=h=<words> sets one (exhaustion raises Out_of_memory). */
#define ZVM_SPACE_OVERHEAD 120
#define ZVM_HEAP_MIN_WORDS (256 * 1024)

/* Nesting of interpreter activations (a primitive that runs OCaml code,
 * like module initialisation during dynamic loading). Deeper nesting
 * raises Stack_overflow instead of exhausting the C stack. */
#define ZVM_MAX_CALLBACK_DEPTH 200

/* Local roots: how many C variables primitives may pin at once. */
#define ZVM_MAX_LOCAL_ROOTS 1024

#endif
