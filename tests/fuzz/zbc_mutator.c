/* A structure-aware mutator for .zbc inputs (libFuzzer's
 * LLVMFuzzerCustomMutator, through zbc_mutate).
 *
 * Plain byte mutations rarely keep a .zbc file's sections consistent: one
 * inserted or erased byte and the section's length no longer matches its
 * payload, so the mutant dies at the first structural check. This mutator
 * cuts the input into its header and sections (tag, payload), mutates the
 * payload of one section with libFuzzer's own mutators (or, for CODE, puts
 * an opcode or a small operand in one word), and writes the sections back
 * with their lengths and the END_ checksum recomputed. So mutants reach
 * the per-section checks, the verifier and the linker; a quarter of the
 * time the whole input is mutated as plain bytes instead, so that broken
 * structure keeps being fuzzed too (and inputs that are not .zbc at all are
 * mutated that way every time).
 *
 * The checksum is recomputed, although the harnesses skip it, so that what
 * the fuzzer finds also loads with `zvm run` and `zvm verify`.
 *
 * FUZZ_PLAIN_MUTATOR=1 in the environment turns it off (plain libFuzzer
 * mutations only), to measure what it brings (docs/fuzzing.md).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../loader/zbc.h"
#include "fuzz.h"

/* libFuzzer's own mutator; weak, because the replay and AFL++ builds link
 * this file but never call it. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));

#define MAX_SECTIONS 32
#define HEADER 16

typedef struct Section {
  const uint8_t *tag; /* 4 bytes */
  const uint8_t *payload;
  size_t len;
} Section;

/* Harness-owned PRNG state (xorshift64*), seeded by libFuzzer. */
static uint64_t rng;

static uint32_t next_random(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return (uint32_t)((rng * 0x2545F4914F6CDD1Dull) >> 32);
}

static uint32_t get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void set_u32(uint8_t *p, uint32_t x) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(x >> (8 * i));
}

/* Cut [data] into sections; a length past the end takes what is left. The
 * END_ section is dropped (it is rewritten). Returns the number of
 * sections, or -1 if [data] does not start like a .zbc file. */
static int parse(const uint8_t *data, size_t size, Section *s) {
  if (size < HEADER || memcmp(data, ZBC_MAGIC, 8) != 0) return -1;
  int n = 0;
  size_t pos = HEADER;
  while (pos + 8 <= size && n < MAX_SECTIONS) {
    size_t len = get_u32(data + pos + 4);
    if (len > size - pos - 8) len = size - pos - 8;
    if (memcmp(data + pos, "END_", 4) == 0) break;
    s[n++] = (Section){data + pos, data + pos + 8, len};
    pos += 8 + len;
  }
  return n;
}

/* One word of CODE becomes an opcode (mostly a known one) or a small
 * operand: what instruction streams are made of. */
static void mutate_code_word(uint8_t *payload, size_t len) {
  if (len < 4) return;
  size_t w = next_random() % (len / 4);
  uint32_t r = next_random();
  uint32_t x; /* unsigned: the old word plus a little wraps, never overflows */
  switch (r % 4) {
  case 0:
  case 1: x = next_random() % 156; break;            /* an opcode, 0..155 */
  case 2: x = next_random() % 16 - 4; break;         /* a small operand or offset, -4..11 */
  default: x = get_u32(payload + 4 * w) + next_random() % 9 - 4; break; /* the word -4..+4 */
  }
  set_u32(payload + 4 * w, x);
}

size_t zbc_mutate(uint8_t *data, size_t size, size_t max_size, unsigned seed) {
  static int plain = -1;
  if (plain < 0) plain = getenv("FUZZ_PLAIN_MUTATOR") != NULL;
  if (LLVMFuzzerMutate == NULL) return size;
  rng = (uint64_t)seed * 0x9E3779B97F4A7C15ull + 1;
  Section s[MAX_SECTIONS];
  int n = plain ? -1 : parse(data, size, s);
  if (n <= 0 || next_random() % 4 == 0) return LLVMFuzzerMutate(data, size, max_size);

  uint8_t *out = malloc(max_size);
  if (out == NULL) return LLVMFuzzerMutate(data, size, max_size);
  int k = (int)(next_random() % (uint32_t)n);
  size_t pos = HEADER;
  memcpy(out, data, HEADER);
  for (int i = 0; i < n; i++) {
    /* Room for this section and the END_ section after it. */
    if (pos + 8 + 12 > max_size) break;
    size_t room = max_size - pos - 8 - 12;
    size_t len = s[i].len < room ? s[i].len : room;
    memcpy(out + pos, s[i].tag, 4);
    memcpy(out + pos + 8, s[i].payload, len);
    if (i == k && room > 0) {
      if (memcmp(s[i].tag, "CODE", 4) == 0 && next_random() % 2 == 0)
        mutate_code_word(out + pos + 8, len);
      else
        len = LLVMFuzzerMutate(out + pos + 8, len, room);
    }
    set_u32(out + pos + 4, (uint32_t)len);
    pos += 8 + len;
  }
  memcpy(out + pos, "END_", 4);
  set_u32(out + pos + 4, 4);
  set_u32(out + pos + 8, zbc_crc32(out, pos + 8));
  pos += 12;
  memcpy(data, out, pos);
  free(out);
  return pos;
}
