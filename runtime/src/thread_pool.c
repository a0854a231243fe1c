/*
 * thread_pool.c - the workers behind aicc_abi_exec_t.parallel_for.
 *
 * A pool of T threads is the caller plus T-1 workers. parallel_for(n) splits
 * [0, n) into C = min(n, 4T) contiguous chunks of nearly equal size, which
 * the threads claim one at a time (the caller too), so a worker that the OS
 * does not schedule in time delays the job by at most the chunk it holds.
 * The compiled code gives every output element to one work item and
 * computes it the same way whoever runs it, so results are the same for
 * every run and every thread count.
 *
 * Hand-off: the caller publishes the job and bumps `generation`; workers spin
 * briefly on it (parallel loops of one model run come in quick succession),
 * then sleep on a condition variable; a run starts by waking sleepers
 * (aicc_thread_pool_wake), so that they spin by the time its first parallel
 * loop comes. The caller spins until `pending` drops to zero. Compiled code
 * never nests parallel loops.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "runtime_internal.h"

/* Spin iterations (about 35 ns each on Zen 3, so about 1 ms) before a
   worker sleeps or the caller yields: waking a sleeping thread costs
   0.1-0.2 ms on the virtual machines measured, more than many models run. */
#define AICC_POOL_SPIN 30000

struct aicc_thread_pool {
  int32_t num_threads;
  pthread_t *workers; /* num_threads - 1 */
  pthread_mutex_t lock;
  pthread_cond_t wake;
  /* The current job; written by the caller before `claims` and
     `generation` change, read by a thread only after it claimed a chunk. */
  aicc_abi_task_fn task;
  void *ctx;
  int64_t n;
  /* Chunk claims: job tag (bits 40-63), chunk count (20-39), next chunk
     (0-19). A claim is a compare-and-swap that checks the tag, so a thread
     that slept through a job can never take a chunk of the next one. */
  _Atomic uint64_t claims;
  atomic_uint generation;
  atomic_uint pokes;   /* aicc_thread_pool_wake calls: sleepers start spinning */
  atomic_int pending;  /* chunks of the current job not finished yet */
  atomic_int sleepers; /* workers waiting on `wake` */
  int stopping;        /* under lock */
};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

#define CLAIM_BITS 20
#define CLAIM_MASK ((UINT64_C(1) << CLAIM_BITS) - 1)
#define MAX_CHUNKS ((int64_t)CLAIM_MASK)

/* Runs chunks of job `tag` until none is left to claim. */
static void run_chunks(aicc_thread_pool_t *p, uint64_t tag) {
  uint64_t v = atomic_load(&p->claims);
  while ((v >> (2 * CLAIM_BITS)) == tag) {
    uint64_t chunks = (v >> CLAIM_BITS) & CLAIM_MASK, next = v & CLAIM_MASK;
    if (next >= chunks)
      return;
    if (!atomic_compare_exchange_weak(&p->claims, &v, v + 1))
      continue; /* v was reloaded */
    /* The job cannot change before this chunk is counted as finished. */
    int64_t begin = p->n * (int64_t)next / (int64_t)chunks;
    int64_t end = p->n * (int64_t)(next + 1) / (int64_t)chunks;
    if (begin < end)
      p->task(p->ctx, begin, end);
    atomic_fetch_sub_explicit(&p->pending, 1, memory_order_release);
    v = atomic_load(&p->claims);
  }
}

static uint64_t job_tag(unsigned generation) {
  return generation & ((UINT64_C(1) << (64 - 2 * CLAIM_BITS)) - 1);
}

/* Workers are interchangeable: each claims whatever chunks are left. */
static void *worker_main(void *pool) {
  aicc_thread_pool_t *p = pool;
  /* Generation 0 is the pool's creation: no job was published before it. */
  unsigned seen = 0;
  for (;;) {
    unsigned poke = atomic_load(&p->pokes);
    unsigned gen;
    int spins = 0;
    while ((gen = atomic_load_explicit(&p->generation, memory_order_acquire)) == seen &&
           spins < AICC_POOL_SPIN) {
      cpu_relax();
      ++spins;
    }
    if (gen == seen) {
      pthread_mutex_lock(&p->lock);
      /* Sequentially consistent with the caller's generation bump and its
         read of `sleepers`: either it sees this sleeper or we see the job. */
      atomic_fetch_add(&p->sleepers, 1);
      while ((gen = atomic_load(&p->generation)) == seen &&
             atomic_load(&p->pokes) == poke && !p->stopping)
        pthread_cond_wait(&p->wake, &p->lock);
      atomic_fetch_sub(&p->sleepers, 1);
      int stop = p->stopping;
      pthread_mutex_unlock(&p->lock);
      if (stop)
        return NULL;
      if (gen == seen)
        continue; /* poked: spin, a job is coming */
    }
    seen = gen;
    run_chunks(p, job_tag(gen));
  }
}

int32_t aicc_thread_pool_default_threads(void) {
  long n = 1;
#ifdef CPU_COUNT
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    n = CPU_COUNT(&set);
  else
#endif
    n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1)
    n = 1;
  return n > AICC_MAX_THREADS ? AICC_MAX_THREADS : (int32_t)n;
}

aicc_status_t aicc_thread_pool_create(int32_t num_threads, aicc_thread_pool_t **out) {
  *out = NULL;
  if (num_threads < 2 || num_threads > AICC_MAX_THREADS)
    return AICC_ERR_INVALID_ARGUMENT;
  aicc_thread_pool_t *p = calloc(1, sizeof *p);
  if (!p)
    return AICC_ERR_OUT_OF_MEMORY;
  p->workers = calloc((size_t)num_threads - 1, sizeof *p->workers);
  if (!p->workers || pthread_mutex_init(&p->lock, NULL) != 0) {
    free(p->workers);
    free(p);
    return AICC_ERR_OUT_OF_MEMORY;
  }
  if (pthread_cond_init(&p->wake, NULL) != 0) {
    pthread_mutex_destroy(&p->lock);
    free(p->workers);
    free(p);
    return AICC_ERR_OUT_OF_MEMORY;
  }
  atomic_init(&p->generation, 0);
  atomic_init(&p->pokes, 0);
  atomic_init(&p->claims, 0);
  atomic_init(&p->pending, 0);
  atomic_init(&p->sleepers, 0);
  p->num_threads = 1;
  for (int32_t i = 1; i < num_threads; ++i) {
    if (pthread_create(&p->workers[i - 1], NULL, worker_main, p) != 0) {
      aicc_thread_pool_destroy(p);
      return AICC_ERR_OUT_OF_MEMORY;
    }
    p->num_threads = i + 1;
  }
  *out = p;
  return AICC_OK;
}

void aicc_thread_pool_destroy(aicc_thread_pool_t *p) {
  if (!p)
    return;
  pthread_mutex_lock(&p->lock);
  p->stopping = 1;
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
  for (int32_t i = 1; i < p->num_threads; ++i)
    pthread_join(p->workers[i - 1], NULL);
  pthread_cond_destroy(&p->wake);
  pthread_mutex_destroy(&p->lock);
  free(p->workers);
  free(p);
}

void aicc_thread_pool_wake(aicc_thread_pool_t *p) {
  if (!p || atomic_load(&p->sleepers) == 0)
    return;
  pthread_mutex_lock(&p->lock);
  atomic_fetch_add(&p->pokes, 1);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
}

int32_t aicc_thread_pool_size(const aicc_thread_pool_t *p) {
  return p ? p->num_threads : 1;
}

void aicc_thread_pool_parallel_for(void *pool, int64_t n, aicc_abi_task_fn task,
                                   void *ctx) {
  aicc_thread_pool_t *p = pool;
  if (n <= 0)
    return;
  if (!p || p->num_threads < 2 || n == 1) {
    task(ctx, 0, n);
    return;
  }
  int64_t chunks = 4 * (int64_t)p->num_threads;
  if (chunks > n)
    chunks = n;
  if (chunks > MAX_CHUNKS)
    chunks = MAX_CHUNKS;
  p->task = task;
  p->ctx = ctx;
  p->n = n;
  atomic_store_explicit(&p->pending, (int)chunks, memory_order_relaxed);
  unsigned gen = atomic_load(&p->generation) + 1;
  uint64_t tag = job_tag(gen);
  atomic_store(&p->claims, (tag << (2 * CLAIM_BITS)) | ((uint64_t)chunks << CLAIM_BITS));
  atomic_store(&p->generation, gen);
  if (atomic_load(&p->sleepers) > 0) {
    pthread_mutex_lock(&p->lock);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
  }
  run_chunks(p, tag);
  int spins = 0;
  while (atomic_load_explicit(&p->pending, memory_order_acquire) > 0) {
    if (++spins < AICC_POOL_SPIN)
      cpu_relax();
    else
      sched_yield();
  }
}
