/* Hashtbl.hash: caml_hash, bit for bit as OCaml 4.13's runtime/hash.c.
 *
 * The value is walked breadth first through a bounded queue, mixing each
 * meaningful part (an integer, a string, a float...) into a 32-bit state
 * with MurmurHash3's mixing step; [count] bounds the meaningful parts
 * looked at and [limit] the size of the queue. Identical results matter:
 * programs print hashes, and Hashtbl's iteration order depends on them.
 *
 * Where zvm's representation differs from ocamlrun's, the hash of
 * functions does too: a closure's code pointer is mixed as the odd word
 * zvm stores (ocamlrun mixes the raw address, which differs from run to
 * run anyway).
 */
#include <string.h>

#include "alloc.h"
#include "vm.h"

#define HASH_QUEUE_SIZE 256
#define MAX_FORWARD_DEREFERENCE 1000

static uint32_t rotl32(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static uint32_t mix(uint32_t h, uint32_t d) {
  d *= 0xcc9e2d51u;
  d = rotl32(d, 15);
  d *= 0x1b873593u;
  h ^= d;
  h = rotl32(h, 13);
  return h * 5 + 0xe6546b64u;
}

static uint32_t final_mix(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

/* A word, folded to 32 bits so that values in [-2^31, 2^31) hash as on
 * 32-bit platforms: (d >> 32) ^ (d >> 63) ^ d, arithmetic shifts. */
static uint32_t mix_intnat(uint32_t h, intnat d) {
  uint64_t u = (uint64_t)d;
  uint64_t sign = (u >> 63) ? ~(uint64_t)0 : 0;
  uint64_t hi = (u >> 32) | (sign << 32); /* d >> 32, arithmetically */
  return mix(h, (uint32_t)(hi ^ sign ^ u));
}

/* A double, low word first; all NaNs hash alike, and -0.0 as 0.0. */
static uint32_t mix_double(uint32_t h, double d) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  uint32_t hi = (uint32_t)(bits >> 32), lo = (uint32_t)bits;
  if ((hi & 0x7FF00000u) == 0x7FF00000u && (lo | (hi & 0xFFFFFu)) != 0) {
    hi = 0x7FF00000u;
    lo = 0x00000001u;
  } else if (hi == 0x80000000u && lo == 0) {
    hi = 0;
  }
  h = mix(h, lo);
  return mix(h, hi);
}

/* 4-byte little-endian blocks, then the 1 to 3 bytes left, then the
 * length. */
static uint32_t mix_string(uint32_t h, value s) {
  mlsize_t len = caml_string_length(s);
  const unsigned char *p = Bytes_val(s);
  mlsize_t i;
  for (i = 0; i + 4 <= len; i += 4) {
    uint32_t w = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 |
                 (uint32_t)p[i + 3] << 24;
    h = mix(h, w);
  }
  uint32_t w = 0;
  switch (len & 3) {
  case 3:
    w = (uint32_t)p[i + 2] << 16;
    /* fallthrough */
  case 2:
    w |= (uint32_t)p[i + 1] << 8;
    /* fallthrough */
  case 1:
    w |= p[i];
    h = mix(h, w);
    break;
  default:
    break;
  }
  return h ^ (uint32_t)len;
}

/* A header with its color bits cleared, as OCaml's Whitehd_hd. */
static uint32_t white_header(value v) { return (uint32_t)(Hd_val(v) & ~Color_mask); }

value caml_hash(Vm *vm, value count, value limit, value seed, value obj) {
  (void)vm;
  value queue[HASH_QUEUE_SIZE];
  intnat sz = Long_val(limit);
  if (sz < 0 || sz > HASH_QUEUE_SIZE) sz = HASH_QUEUE_SIZE;
  intnat num = Long_val(count);
  uint32_t h = (uint32_t)Int_val(seed);
  intnat rd = 0, wr = 1;
  queue[0] = obj;

  while (rd < wr && num > 0) {
    value v = queue[rd++];
  again:
    if (Is_long(v)) {
      h = mix_intnat(h, v);
      num--;
      continue;
    }
    switch (Tag_val(v)) {
    case String_tag:
      h = mix_string(h, v);
      num--;
      break;
    case Double_tag:
      h = mix_double(h, Double_val(v));
      num--;
      break;
    case Double_array_tag:
      for (mlsize_t i = 0, len = Wosize_val(v); i < len; i++) {
        h = mix_double(h, Double_flat_field(v, i));
        num--;
        if (num <= 0) break;
      }
      break;
    case Abstract_tag:
      break; /* contents unknown */
    case Infix_tag:
      /* The offset tells apart the functions of one recursive definition. */
      h = mix(h, (uint32_t)Infix_offset_val(v));
      v -= (value)Infix_offset_val(v);
      goto again;
    case Forward_tag: {
      /* Forward chains can loop: follow at most so many links. */
      int i;
      for (i = MAX_FORWARD_DEREFERENCE; i > 0; i--) {
        v = Field(v, 0);
        if (Is_long(v) || Tag_val(v) != Forward_tag) goto again;
      }
      break; /* give up on this one */
    }
    case Object_tag:
      h = mix_intnat(h, Long_val(Field(v, 1)));
      num--;
      break;
    case Custom_tag:
      /* Only the low 32 bits of a custom hash count (32/64-bit
       * compatibility); no hash function: ignored. */
      if (Custom_ops_val(v)->hash != NULL) {
        h = mix(h, (uint32_t)Custom_ops_val(v)->hash(v));
        num--;
      }
      break;
    default:
      /* The header counts, but not towards [num]; the fields are queued
       * while there is room. */
      h = mix(h, white_header(v));
      for (mlsize_t i = 0, len = Wosize_val(v); i < len && wr < sz; i++) queue[wr++] = Field(v, i);
      break;
    }
  }
  h = final_mix(h);
  /* Fold into [0, 2^30) so that the result is an int on 32-bit systems. */
  return Val_long(h & 0x3FFFFFFFu);
}
