/*
 * lru_oracle.c - reference LRU/FIFO page-cache simulator for oracleGeneral traces.
 *
 * This is the plain-C speed baseline for the VMLab benchmark (`make bench`).
 * It is deliberately simple: one pass over the trace, one hash table, one
 * intrusive list.  It is not part of the Swift package.
 *
 * Trace format (libCacheSim "oracleGeneral"): a headerless sequence of
 * 24-byte little-endian records
 *
 *     offset  0  u32  clock time        (ignored)
 *     offset  4  u64  object id
 *     offset 12  u32  object size       (records with size 0 are skipped)
 *     offset 16  i64  next access vtime (ignored)
 *
 * Every object occupies exactly one frame regardless of its size.
 *
 * Usage:  lru_oracle [--policy lru|fifo] TRACE FRAMES
 * Output: accesses=N hits=H misses=M
 * Exit:   0 ok, 1 I/O or format error, 2 usage error.
 *
 * Build:  cc -std=c11 -O2 -Wall -Wextra -o lru_oracle lru_oracle.c
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "lru_oracle"

#define RECORD_SIZE 24u
/* ~4 MiB read buffer, a whole number of records so no record straddles reads. */
#define RECORDS_PER_CHUNK (174763u)
#define CHUNK_BYTES ((size_t)RECORDS_PER_CHUNK * RECORD_SIZE)

#define NIL (-1)
#define MAX_FRAMES ((uint64_t)INT32_MAX) /* frame indices are int32 */
#define HT_INITIAL_CAPACITY 1024u

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

enum policy { POLICY_LRU, POLICY_FIFO };

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

static _Noreturn PRINTF_LIKE(2, 3) void die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(code);
}

static void *xmalloc(size_t count, size_t elem)
{
    if (elem != 0 && count > SIZE_MAX / elem)
        die(1, "allocation size overflow");
    void *p = malloc(count * elem);
    if (p == NULL && count != 0)
        die(1, "out of memory");
    return p;
}

/* Unaligned little-endian loads.  memcpy compiles to a single mov on x86. */
static inline uint32_t load_u32le(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static inline uint64_t load_u64le(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* splitmix64 finalizer: a full-avalanche 64-bit mixer. */
static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

/* ------------------------------------------------------------------------ */
/* Open-addressing hash table: object id -> frame index                     */
/*                                                                          */
/* Linear probing, power-of-two capacity, load factor kept <= 50%.          */
/* A bucket is empty iff its value is NIL, so every u64 is a valid key.     */
/* Deletion uses backward shifting, so there are no tombstones.             */
/* ------------------------------------------------------------------------ */

struct bucket {
    uint64_t key;
    int32_t frame; /* NIL when the bucket is empty */
};

struct table {
    struct bucket *b;
    size_t mask; /* capacity - 1 */
    size_t count;
};

static void table_alloc(struct table *t, size_t capacity)
{
    t->b = xmalloc(capacity, sizeof *t->b);
    for (size_t i = 0; i < capacity; i++)
        t->b[i].frame = NIL;
    t->mask = capacity - 1;
    t->count = 0;
}

static inline size_t table_home(const struct table *t, uint64_t key)
{
    return (size_t)mix64(key) & t->mask;
}

/* Returns the frame holding `key`, or NIL. */
static inline int32_t table_find(const struct table *t, uint64_t key)
{
    size_t i = table_home(t, key);
    for (;;) {
        const struct bucket *e = &t->b[i];
        if (e->frame == NIL)
            return NIL;
        if (e->key == key)
            return e->frame;
        i = (i + 1) & t->mask;
    }
}

/* Places a key known to be absent; the table must have a free bucket. */
static inline void table_place(struct table *t, uint64_t key, int32_t frame)
{
    size_t i = table_home(t, key);
    while (t->b[i].frame != NIL)
        i = (i + 1) & t->mask;
    t->b[i].key = key;
    t->b[i].frame = frame;
    t->count++;
}

static void table_grow(struct table *t)
{
    struct bucket *old = t->b;
    size_t old_capacity = t->mask + 1;

    if (old_capacity > SIZE_MAX / 2 / sizeof *old)
        die(1, "hash table too large");
    table_alloc(t, old_capacity * 2);
    for (size_t i = 0; i < old_capacity; i++)
        if (old[i].frame != NIL)
            table_place(t, old[i].key, old[i].frame);
    free(old);
}

/* Inserts a key known to be absent, growing first if that would pass 50%. */
static inline void table_insert(struct table *t, uint64_t key, int32_t frame)
{
    if ((t->count + 1) * 2 > t->mask + 1)
        table_grow(t);
    table_place(t, key, frame);
}

/* Removes a key known to be present. */
static inline void table_remove(struct table *t, uint64_t key)
{
    size_t mask = t->mask;
    size_t hole = table_home(t, key);

    while (t->b[hole].key != key || t->b[hole].frame == NIL)
        hole = (hole + 1) & mask;

    /*
     * Backward-shift deletion: walk the cluster after the hole and move back
     * any entry whose home bucket is not cyclically in (hole, j], i.e. whose
     * probe path passes through the hole.  Equivalently: its displacement
     * from home is at least the distance from the hole to j.
     */
    size_t j = hole;
    for (;;) {
        j = (j + 1) & mask;
        if (t->b[j].frame == NIL)
            break;
        size_t home = table_home(t, t->b[j].key);
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            t->b[hole] = t->b[j];
            hole = j;
        }
    }
    t->b[hole].frame = NIL;
    t->count--;
}

/* ------------------------------------------------------------------------ */
/* Frames and the recency/insertion-order list                              */
/*                                                                          */
/* head = most recently used (LRU) / most recently inserted (FIFO);         */
/* tail = the eviction victim.                                              */
/* ------------------------------------------------------------------------ */

struct cache {
    int32_t *prev;
    int32_t *next;
    uint64_t *key; /* frame -> object id */
    int32_t head, tail;
    int32_t used;     /* frames handed out so far (0..capacity) */
    int32_t capacity; /* total frames */
    struct table map;
};

static void cache_init(struct cache *c, int32_t frames)
{
    c->prev = xmalloc((size_t)frames, sizeof *c->prev);
    c->next = xmalloc((size_t)frames, sizeof *c->next);
    c->key = xmalloc((size_t)frames, sizeof *c->key);
    c->head = c->tail = NIL;
    c->used = 0;
    c->capacity = frames;
    table_alloc(&c->map, HT_INITIAL_CAPACITY);
}

static void cache_free(struct cache *c)
{
    free(c->prev);
    free(c->next);
    free(c->key);
    free(c->map.b);
}

static inline void list_unlink(struct cache *c, int32_t f)
{
    int32_t p = c->prev[f], n = c->next[f];
    if (p != NIL)
        c->next[p] = n;
    else
        c->head = n;
    if (n != NIL)
        c->prev[n] = p;
    else
        c->tail = p;
}

static inline void list_push_head(struct cache *c, int32_t f)
{
    c->prev[f] = NIL;
    c->next[f] = c->head;
    if (c->head != NIL)
        c->prev[c->head] = f;
    else
        c->tail = f;
    c->head = f;
}

/* Processes one reference; returns 1 on a hit, 0 on a miss. */
static inline int cache_access(struct cache *c, uint64_t id, enum policy policy)
{
    int32_t f = table_find(&c->map, id);
    if (f != NIL) {
        if (policy == POLICY_LRU && f != c->head) {
            list_unlink(c, f);
            list_push_head(c, f);
        }
        return 1;
    }

    if (c->used < c->capacity) {
        f = c->used++;
    } else {
        f = c->tail;
        list_unlink(c, f);
        table_remove(&c->map, c->key[f]);
    }
    c->key[f] = id;
    table_insert(&c->map, id, f);
    list_push_head(c, f);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                   */
/* ------------------------------------------------------------------------ */

struct counts {
    uint64_t accesses, hits, misses;
};

static void run(FILE *in, const char *path, struct cache *c, enum policy policy,
                struct counts *out)
{
    unsigned char *buf = xmalloc(CHUNK_BYTES, 1);
    uint64_t accesses = 0, hits = 0;

    for (;;) {
        size_t got = fread(buf, 1, CHUNK_BYTES, in);
        if (got < CHUNK_BYTES && ferror(in))
            die(1, "read error on '%s'", path);
        if (got % RECORD_SIZE != 0)
            die(1, "'%s' is truncated (size is not a multiple of 24 bytes)", path);

        const unsigned char *p = buf, *end = buf + got;
        if (policy == POLICY_LRU) {
            for (; p < end; p += RECORD_SIZE) {
                if (load_u32le(p + 12) == 0)
                    continue;
                accesses++;
                hits += (uint64_t)cache_access(c, load_u64le(p + 4), POLICY_LRU);
            }
        } else {
            for (; p < end; p += RECORD_SIZE) {
                if (load_u32le(p + 12) == 0)
                    continue;
                accesses++;
                hits += (uint64_t)cache_access(c, load_u64le(p + 4), POLICY_FIFO);
            }
        }

        if (got < CHUNK_BYTES)
            break; /* EOF */
    }

    free(buf);
    out->accesses = accesses;
    out->hits = hits;
    out->misses = accesses - hits;
}

static void usage(FILE *to)
{
    fprintf(to,
            "usage: " PROG " [--policy lru|fifo] TRACE FRAMES\n"
            "  TRACE   libCacheSim oracleGeneral binary trace (24-byte records)\n"
            "  FRAMES  number of cache frames, 1..%" PRIu64 "\n",
            MAX_FRAMES);
}

static _Noreturn PRINTF_LIKE(1, 2) void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    usage(stderr);
    exit(2);
}

static int parse_policy(const char *s, enum policy *out)
{
    if (strcmp(s, "lru") == 0) {
        *out = POLICY_LRU;
        return 1;
    }
    if (strcmp(s, "fifo") == 0) {
        *out = POLICY_FIFO;
        return 1;
    }
    return 0;
}

static int32_t parse_frames(const char *s)
{
    /* Decimal digits only: strtoull would accept a sign and whitespace. */
    if (*s == '\0')
        usage_error("FRAMES must be a positive integer, got '%s'", s);
    for (const char *q = s; *q; q++)
        if (*q < '0' || *q > '9')
            usage_error("FRAMES must be a positive integer, got '%s'", s);

    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE || v == 0 || v > MAX_FRAMES)
        usage_error("FRAMES out of range: '%s'", s);
    return (int32_t)v;
}

int main(int argc, char **argv)
{
    enum policy policy = POLICY_LRU;
    const char *positional[2];
    int npos = 0;
    int options_done = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = 1;
        } else if (!options_done && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            usage(stdout);
            return 0;
        } else if (!options_done && strcmp(a, "--policy") == 0) {
            if (i + 1 >= argc)
                usage_error("%s requires an argument", a);
            if (!parse_policy(argv[++i], &policy))
                usage_error("unknown policy '%s' (expected lru or fifo)", argv[i]);
        } else if (!options_done && strncmp(a, "--policy=", 9) == 0) {
            if (!parse_policy(a + 9, &policy))
                usage_error("unknown policy '%s' (expected lru or fifo)", a + 9);
        } else if (!options_done && a[0] == '-' && a[1] != '\0') {
            usage_error("unknown option '%s'", a);
        } else {
            if (npos == 2)
                usage_error("unexpected argument '%s'", a);
            positional[npos++] = a;
        }
    }
    if (npos != 2)
        usage_error("expected TRACE and FRAMES");

    const char *path = positional[0];
    int32_t frames = parse_frames(positional[1]);

    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        fprintf(stderr, PROG ": cannot open '%s': %s\n", path, strerror(errno));
        return 1;
    }

    struct cache cache;
    struct counts counts;
    cache_init(&cache, frames);
    run(in, path, &cache, policy, &counts);
    fclose(in);
    cache_free(&cache);

    printf("accesses=%" PRIu64 " hits=%" PRIu64 " misses=%" PRIu64 "\n",
           counts.accesses, counts.hits, counts.misses);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, PROG ": error writing output\n");
        return 1;
    }
    return 0;
}
