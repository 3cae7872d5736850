/* The cache of prepared units (see unitcache.h). */
#include "unitcache.h"

#include <stdlib.h>

#include "../vm/vm.h"
#include "load.h"

typedef struct Entry {
  Prepared *p; /* NULL: a free entry */
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime, ctime;
  uint64_t used; /* when it was last found or added (a counter) */
} Entry;

struct UnitCache {
  Entry entries[ZVM_UNITCACHE_ENTRIES];
  uint64_t clock;
};

void prepared_release(Prepared *p) {
  if (p == NULL || --p->refs > 0) return;
  zbc_unit_free(p->u);
  free(p->code); /* and starts: one allocation */
  free(p->sym_prim); /* and lit_slot: one allocation */
  free(p->threaded);
  free(p);
}

static bool same_time(struct timespec a, struct timespec b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static bool same_file(const Entry *e, const struct stat *st) {
  return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
         same_time(e->mtime, st->st_mtim) && same_time(e->ctime, st->st_ctim);
}

Prepared *unitcache_find(Vm *vm, const struct stat *st, unsigned mode) {
  UnitCache *c = vm->unit_cache;
  if (c == NULL) return NULL;
  for (int i = 0; i < ZVM_UNITCACHE_ENTRIES; i++) {
    Entry *e = &c->entries[i];
    if (e->p != NULL && e->p->mode == mode && same_file(e, st)) {
      e->used = ++c->clock;
      e->p->refs++;
      return e->p;
    }
  }
  return NULL;
}

void unitcache_add(Vm *vm, const struct stat *st, int64_t read_at, Prepared *p) {
  /* Changed too recently: a change within the timestamp granularity could
   * go unseen. (The cache is a help, never needed: not caching is safe.) */
  int64_t changed = st->st_mtim.tv_sec > st->st_ctim.tv_sec ? st->st_mtim.tv_sec : st->st_ctim.tv_sec;
  if (read_at - changed < ZVM_UNITCACHE_SETTLED) return;
  if (vm->unit_cache == NULL) {
    vm->unit_cache = calloc(1, sizeof(UnitCache));
    if (vm->unit_cache == NULL) return;
  }
  UnitCache *c = vm->unit_cache;
  /* The same file in the same mode (prepared again by a caller that did
   * not look first), else a free entry, else the least recently used. */
  Entry *slot = &c->entries[0];
  for (int i = 0; i < ZVM_UNITCACHE_ENTRIES; i++) {
    Entry *e = &c->entries[i];
    if (e->p != NULL && e->p->mode == p->mode && same_file(e, st)) {
      slot = e;
      break;
    }
    if (slot->p != NULL && (e->p == NULL || e->used < slot->used)) slot = e;
  }
  prepared_release(slot->p);
  p->refs++;
  *slot = (Entry){.p = p, .dev = st->st_dev, .ino = st->st_ino, .size = st->st_size,
                  .mtime = st->st_mtim, .ctime = st->st_ctim, .used = ++c->clock};
}

void unitcache_free(Vm *vm) {
  UnitCache *c = vm->unit_cache;
  if (c == NULL) return;
  for (int i = 0; i < ZVM_UNITCACHE_ENTRIES; i++) prepared_release(c->entries[i].p);
  free(c);
  vm->unit_cache = NULL;
}
