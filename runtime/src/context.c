/*
 * context.c - per-run state and the checked call into compiled code.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "runtime_internal.h"

#define AICC_ERROR_SIZE 512

struct aicc_context {
  aicc_model_t *model; /* holds one reference */
  void *arena;         /* arena_bytes, aligned to arena_alignment */
  void **in_ptrs;      /* num_inputs, then num_outputs pointers */
  void **out_ptrs;
  aicc_thread_pool_t *pool; /* NULL with one thread */
  aicc_abi_exec_t exec;     /* what the entry point gets */
  atomic_flag busy; /* set while a run is in progress */
  char last_error[AICC_ERROR_SIZE];
};

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
  size_t n = (size_t)d->num_inputs + (size_t)d->num_outputs;
  aicc_context_t *ctx = calloc(1, sizeof *ctx);
  void **ptrs = calloc(n ? n : 1, sizeof *ptrs);
  void *arena = alloc_arena(d);
  aicc_thread_pool_t *pool = NULL;
  aicc_status_t st = AICC_OK;
  if (ctx && ptrs && (!d->arena_bytes || arena) && threads > 1)
    st = aicc_thread_pool_create(threads, &pool);
  if (!ctx || !ptrs || (d->arena_bytes && !arena) || st != AICC_OK) {
    free(ctx);
    free(ptrs);
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
  atomic_flag_clear(&ctx->busy);
  *out = ctx;
  return AICC_OK;
}

void aicc_context_release(aicc_context_t *ctx) {
  if (!ctx)
    return;
  aicc_thread_pool_destroy(ctx->pool);
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
  const char *name = want->name;
  if (t->dtype != want->dtype)
    return fail(ctx, AICC_ERR_DTYPE_MISMATCH,
                "%s %zu ('%s'): expected dtype %s, got %s", kind, index, name,
                aicc_dtype_name((aicc_dtype_t)want->dtype),
                aicc_dtype_name((aicc_dtype_t)t->dtype));
  int same = t->rank == want->rank && (t->rank == 0 || t->shape != NULL);
  for (int32_t d = 0; same && d < t->rank; ++d)
    same = t->shape[d] == want->shape[d];
  if (!same) {
    char got[256], exp[256];
    if (t->rank < 0 || t->rank > AICC_MAX_RANK || (t->rank && !t->shape))
      aicc_format_message(got, sizeof got, "rank %d%s", t->rank,
                          t->shape ? "" : " with NULL shape");
    else
      aicc_format_shape(got, sizeof got, t->rank, t->shape);
    aicc_format_shape(exp, sizeof exp, want->rank, want->shape);
    return fail(ctx, AICC_ERR_SHAPE_MISMATCH,
                "%s %zu ('%s'): expected shape %s, got %s", kind, index, name,
                exp, got);
  }
  if (!t->data && want_bytes > 0)
    return fail(ctx, AICC_ERR_INVALID_ARGUMENT, "%s %zu ('%s'): data is NULL",
                kind, index, name);
  if (t->size_bytes < want_bytes)
    return fail(ctx, AICC_ERR_BUFFER_TOO_SMALL,
                "%s %zu ('%s'): buffer has %zu bytes, tensor needs %zu", kind,
                index, name, t->size_bytes, want_bytes);
  return AICC_OK;
}

static aicc_status_t check_all(aicc_context_t *ctx, const aicc_tensor_t *in,
                               size_t n_in, aicc_tensor_t *out, size_t n_out) {
  const aicc_model_t *m = ctx->model;
  const aicc_abi_model_t *d = m->desc;
  if (n_in != (size_t)d->num_inputs || n_out != (size_t)d->num_outputs)
    return fail(ctx, AICC_ERR_INVALID_ARGUMENT,
                "model '%s' takes %d inputs and %d outputs, got %zu and %zu",
                aicc_model_name(m), d->num_inputs, d->num_outputs, n_in, n_out);
  if ((n_in && !in) || (n_out && !out))
    return fail(ctx, AICC_ERR_INVALID_ARGUMENT, "tensor array is NULL");
  for (size_t i = 0; i < n_in; ++i) {
    aicc_status_t st =
        check_tensor(ctx, "input", i, &in[i], &d->inputs[i], m->in_bytes[i]);
    if (st != AICC_OK)
      return st;
    ctx->in_ptrs[i] = in[i].data;
  }
  for (size_t i = 0; i < n_out; ++i) {
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
    int32_t rc = d->run(&ctx->exec, ctx->in_ptrs, ctx->out_ptrs, ctx->arena);
    if (rc != 0)
      st = fail(ctx, AICC_ERR_EXECUTION, "model '%s' returned error code %d",
                aicc_model_name(ctx->model), rc);
  }
  atomic_flag_clear_explicit(&ctx->busy, memory_order_release);
  return st;
}
