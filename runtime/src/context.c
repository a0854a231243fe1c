/*
 * context.c - per-run state and the checked call into compiled code.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime_internal.h"

#define AICC_ERROR_SIZE 512

/* A dynamic output of the last run: context-owned, reused across runs. */
typedef struct dyn_output {
  void *data;
  size_t capacity, bytes;
  int64_t shape[AICC_MAX_RANK];
} dyn_output_t;

/* One block of per-run scratch memory (exec.alloc_scratch). */
typedef struct scratch_block {
  struct scratch_block *next;
} scratch_block_t;
#define AICC_SCRATCH_HEADER 64 /* keeps the payload 64-byte aligned */

struct aicc_context {
  aicc_model_t *model; /* holds one reference */
  void *arena;         /* arena_bytes, aligned to arena_alignment */
  void **in_ptrs;      /* num_inputs, then num_outputs pointers */
  void **out_ptrs;
  const int64_t **in_shapes; /* run-time dims of each input (exec.input_shapes) */
  dyn_output_t *dyn_out;     /* one per output; used by dynamic ones */
  aicc_thread_pool_t *pool; /* NULL with one thread */
  aicc_abi_exec_t exec;     /* what the entry point gets */
  pthread_mutex_t scratch_lock;
  scratch_block_t *scratch; /* this run's scratch blocks */
  int alloc_failed;         /* an allocation inside the run failed */
  atomic_flag run_failed;   /* exec.fail was called in this run */
  char run_error[AICC_ERROR_SIZE];
  atomic_flag busy; /* set while a run is in progress */
  char last_error[AICC_ERROR_SIZE];
};

/* exec.alloc_output: the context's buffer for dynamic output `index`. */
static void *alloc_output(void *state, int32_t index, const int64_t *shape) {
  aicc_context_t *ctx = state;
  const aicc_abi_model_t *d = ctx->model->desc;
  if (index < 0 || index >= d->num_outputs)
    return NULL;
  const aicc_abi_tensor_t *t = &d->outputs[index];
  dyn_output_t *o = &ctx->dyn_out[index];
  int overflow = 0;
  size_t bytes = aicc_shape_bytes(t->rank, shape, aicc_dtype_bits((aicc_dtype_t)t->dtype),
                                  &overflow);
  if (overflow) {
    ctx->alloc_failed = 1;
    bytes = 0;
  }
  memcpy(o->shape, shape, sizeof(int64_t) * (size_t)t->rank);
  o->bytes = bytes;
  if (bytes > o->capacity || !o->data) {
    void *p = NULL;
    size_t want = bytes ? bytes : 64;
    if (posix_memalign(&p, 64, want) != 0) {
      /* The compiled code cannot stop mid-run: a failed allocation here is
       * fatal, as it is for any allocator that cannot report. */
      fprintf(stderr, "aicc runtime: out of memory allocating %zu bytes for output %d\n",
              want, index);
      abort();
    }
    free(o->data);
    o->data = p;
    o->capacity = want;
  }
  return o->data;
}

/* exec.alloc_scratch: a fresh block, freed when the run returns. */
static void *alloc_scratch(void *state, uint64_t bytes) {
  aicc_context_t *ctx = state;
  void *p = NULL;
  if (bytes > SIZE_MAX - AICC_SCRATCH_HEADER ||
      posix_memalign(&p, 64, (size_t)bytes + AICC_SCRATCH_HEADER) != 0) {
    fprintf(stderr, "aicc runtime: out of memory allocating %llu scratch bytes\n",
            (unsigned long long)bytes);
    abort();
  }
  scratch_block_t *block = p;
  pthread_mutex_lock(&ctx->scratch_lock);
  block->next = ctx->scratch;
  ctx->scratch = block;
  pthread_mutex_unlock(&ctx->scratch_lock);
  return (char *)p + AICC_SCRATCH_HEADER;
}

static void free_scratch(aicc_context_t *ctx) {
  while (ctx->scratch) {
    scratch_block_t *next = ctx->scratch->next;
    free(ctx->scratch);
    ctx->scratch = next;
  }
}

/* exec.fail: keeps the first message of the run. */
static void run_fail(void *state, const char *message) {
  aicc_context_t *ctx = state;
  if (atomic_flag_test_and_set(&ctx->run_failed))
    return;
  aicc_format_message(ctx->run_error, sizeof ctx->run_error, "%s",
                      message ? message : "run-time check failed");
}

void aicc_context_options_init(aicc_context_options_t *opts) {
  if (opts)
    opts->num_threads = 0;
}

static void *alloc_arena(const aicc_abi_model_t *d) {
  if (d->arena_bytes == 0)
    return NULL;
  size_t align = (size_t)d->arena_alignment;
  if (align < 16)
    align = 16; /* posix_memalign needs a multiple of sizeof(void *) */
  size_t size = ((size_t)d->arena_bytes + align - 1) & ~(align - 1);
  void *p = NULL;
  if (posix_memalign(&p, align, size) != 0)
    return NULL;
  return p;
}

aicc_status_t aicc_context_create(aicc_model_t *model,
                                  const aicc_context_options_t *opts,
                                  aicc_context_t **out) {
  if (!out)
    return AICC_ERR_INVALID_ARGUMENT;
  *out = NULL;
  if (!model || (opts && (opts->num_threads < 0 || opts->num_threads > AICC_MAX_THREADS)))
    return AICC_ERR_INVALID_ARGUMENT;
  int32_t threads = opts && opts->num_threads ? opts->num_threads
                                              : aicc_thread_pool_default_threads();
  const aicc_abi_model_t *d = model->desc;
  if (aicc_descriptor_device(d) != AICC_ABI_DEVICE_CPU)
    return AICC_ERR_INVALID_ARGUMENT; /* aicc_cuda_context_create runs it */
  size_t n = (size_t)d->num_inputs + (size_t)d->num_outputs;
  aicc_context_t *ctx = calloc(1, sizeof *ctx);
  void **ptrs = calloc(n ? n : 1, sizeof *ptrs);
  const int64_t **shapes = calloc(d->num_inputs ? (size_t)d->num_inputs : 1, sizeof *shapes);
  dyn_output_t *dyn = calloc(d->num_outputs ? (size_t)d->num_outputs : 1, sizeof *dyn);
  void *arena = alloc_arena(d);
  aicc_thread_pool_t *pool = NULL;
  aicc_status_t st = AICC_OK;
  int ok = ctx && ptrs && shapes && dyn && (!d->arena_bytes || arena);
  if (ok && threads > 1)
    st = aicc_thread_pool_create(threads, &pool);
  if (ok && st == AICC_OK && pthread_mutex_init(&ctx->scratch_lock, NULL) != 0) {
    aicc_thread_pool_destroy(pool);
    ok = 0;
  }
  if (!ok || st != AICC_OK) {
    free(ctx);
    free(ptrs);
    free((void *)shapes);
    free(dyn);
    free(arena);
    return AICC_ERR_OUT_OF_MEMORY;
  }
  aicc_model_retain(model);
  ctx->model = model;
  ctx->arena = arena;
  ctx->in_ptrs = ptrs;
  ctx->out_ptrs = ptrs + d->num_inputs;
  ctx->pool = pool;
  ctx->exec.struct_size = sizeof ctx->exec;
  ctx->exec.num_threads = aicc_thread_pool_size(pool);
  ctx->exec.pool = pool;
  ctx->exec.parallel_for = pool ? aicc_thread_pool_parallel_for : NULL;
  ctx->in_shapes = shapes;
  ctx->dyn_out = dyn;
  ctx->exec.input_shapes = shapes;
  ctx->exec.state = ctx;
  ctx->exec.alloc_output = alloc_output;
  ctx->exec.alloc_scratch = alloc_scratch;
  ctx->exec.fail = run_fail;
  atomic_flag_clear(&ctx->busy);
  *out = ctx;
  return AICC_OK;
}

void aicc_context_release(aicc_context_t *ctx) {
  if (!ctx)
    return;
  aicc_thread_pool_destroy(ctx->pool);
  pthread_mutex_destroy(&ctx->scratch_lock);
  for (int32_t i = 0; i < ctx->model->desc->num_outputs; ++i)
    free(ctx->dyn_out[i].data);
  free(ctx->dyn_out);
  free((void *)ctx->in_shapes);
  free(ctx->arena);
  free(ctx->in_ptrs);
  aicc_model_release(ctx->model);
  free(ctx);
}

aicc_model_t *aicc_context_model(const aicc_context_t *ctx) {
  return ctx ? ctx->model : NULL;
}

int32_t aicc_context_num_threads(const aicc_context_t *ctx) {
  return ctx ? ctx->exec.num_threads : 0;
}

const char *aicc_context_last_error(const aicc_context_t *ctx) {
  return ctx ? ctx->last_error : "context is NULL";
}

static aicc_status_t fail(aicc_context_t *ctx, aicc_status_t st,
                          const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static aicc_status_t fail(aicc_context_t *ctx, aicc_status_t st,
                          const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  aicc_vformat_message(ctx->last_error, sizeof ctx->last_error, fmt, ap);
  va_end(ap);
  return st;
}

/* Checks one caller tensor against its descriptor entry. */
static aicc_status_t check_tensor(aicc_context_t *ctx, const char *kind,
                                  size_t index, const aicc_tensor_t *t,
                                  const aicc_abi_tensor_t *want,
                                  size_t want_bytes) {
  return aicc_check_tensor(ctx->last_error, sizeof ctx->last_error, kind, index, t,
                           want, want_bytes);
}

static aicc_status_t check_all(aicc_context_t *ctx, const aicc_tensor_t *in,
                               size_t n_in, aicc_tensor_t *out, size_t n_out) {
  const aicc_model_t *m = ctx->model;
  const aicc_abi_model_t *d = m->desc;
  aicc_status_t counts = aicc_check_counts(ctx->last_error, sizeof ctx->last_error, m,
                                           in, n_in, out, n_out);
  if (counts != AICC_OK)
    return counts;
  for (size_t i = 0; i < n_in; ++i) {
    aicc_status_t st =
        check_tensor(ctx, "input", i, &in[i], &d->inputs[i], m->in_bytes[i]);
    if (st != AICC_OK)
      return st;
    ctx->in_ptrs[i] = in[i].data;
    ctx->in_shapes[i] = in[i].shape;
  }
  for (size_t i = 0; i < n_out; ++i) {
    /* Dynamic outputs are allocated by the context during the run. */
    if (aicc_desc_is_dynamic(&d->outputs[i])) {
      if (out[i].dtype != d->outputs[i].dtype || out[i].rank != d->outputs[i].rank)
        return fail(ctx, AICC_ERR_DTYPE_MISMATCH,
                    "output %zu ('%s'): expected dtype %s and rank %d", i,
                    d->outputs[i].name,
                    aicc_dtype_name((aicc_dtype_t)d->outputs[i].dtype),
                    d->outputs[i].rank);
      ctx->out_ptrs[i] = NULL;
      continue;
    }
    aicc_status_t st = check_tensor(ctx, "output", i, &out[i], &d->outputs[i],
                                    m->out_bytes[i]);
    if (st != AICC_OK)
      return st;
    ctx->out_ptrs[i] = out[i].data;
  }
  return AICC_OK;
}

aicc_status_t aicc_context_run(aicc_context_t *ctx, const aicc_tensor_t *in,
                               size_t n_in, aicc_tensor_t *out, size_t n_out) {
  if (!ctx)
    return AICC_ERR_INVALID_ARGUMENT;
  if (atomic_flag_test_and_set_explicit(&ctx->busy, memory_order_acquire))
    /* Do not touch last_error: the running thread owns it. */
    return AICC_ERR_BUSY;
  ctx->last_error[0] = '\0';
  aicc_thread_pool_wake(ctx->pool); /* comes up while the inputs are checked */
  aicc_status_t st = check_all(ctx, in, n_in, out, n_out);
  if (st == AICC_OK) {
    const aicc_abi_model_t *d = ctx->model->desc;
    atomic_flag_clear(&ctx->run_failed);
    ctx->run_error[0] = '\0';
    ctx->alloc_failed = 0;
    int32_t rc = d->run(&ctx->exec, ctx->in_ptrs, ctx->out_ptrs, ctx->arena);
    free_scratch(ctx);
    if (rc != 0)
      st = fail(ctx, AICC_ERR_EXECUTION, "model '%s' returned error code %d",
                aicc_model_name(ctx->model), rc);
    else if (ctx->run_error[0])
      st = fail(ctx, AICC_ERR_EXECUTION, "model '%s': %s", aicc_model_name(ctx->model),
                ctx->run_error);
    else if (ctx->alloc_failed)
      st = fail(ctx, AICC_ERR_EXECUTION, "model '%s': an output's size overflows",
                aicc_model_name(ctx->model));
    for (size_t i = 0; st == AICC_OK && i < n_out; ++i) {
      if (!aicc_desc_is_dynamic(&d->outputs[i]))
        continue;
      dyn_output_t *o = &ctx->dyn_out[i];
      out[i].shape = o->shape;
      out[i].data = o->data;
      out[i].size_bytes = o->bytes;
    }
  }
  atomic_flag_clear_explicit(&ctx->busy, memory_order_release);
  return st;
}
