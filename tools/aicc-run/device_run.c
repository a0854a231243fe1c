/*
 * device_run.c - aicc-run --device=cuda (the runtime's CUDA backend,
 * aicc/cuda.h) and --info.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "aicc/cuda.h"
#include "bench.h"
#include "device_run.h"

typedef struct device_run {
  aicc_cuda_context_t *ctx;
  const uint64_t *buffers; /* inputs, then outputs */
  size_t n_in, n_out;
} device_run_t;

static aicc_status_t run_once(void *state) {
  device_run_t *r = state;
  return aicc_cuda_context_run_device(r->ctx, r->buffers, r->n_in, r->buffers + r->n_in,
                                      r->n_out);
}

static int report(aicc_status_t st, const char *what, const char *message) {
  fprintf(stderr, "aicc-run: error: %s: %s: %s\n", what, aicc_status_string(st), message);
  return 1;
}

/* Device buffers of aicc-run's own for --bench: inputs copied in once, the
 * runs time only the kernels; outputs copied back after the last run. */
static int bench_on_device(aicc_cuda_device_t *dev, aicc_cuda_context_t *ctx, long runs,
                           double warmup_ms, const aicc_tensor_t *in, size_t n_in,
                           aicc_tensor_t *out, size_t n_out) {
  char err[1024];
  uint64_t *buf = calloc(n_in + n_out + 1, sizeof *buf);
  if (!buf)
    return report(AICC_ERR_OUT_OF_MEMORY, "bench", "out of memory");
  aicc_status_t st = AICC_OK;
  for (size_t i = 0; st == AICC_OK && i < n_in + n_out; ++i) {
    const aicc_tensor_t *t = i < n_in ? &in[i] : &out[i - n_in];
    st = aicc_cuda_malloc(dev, t->size_bytes, &buf[i], err, sizeof err);
    if (st == AICC_OK && i < n_in)
      st = aicc_cuda_copy_to_device(dev, buf[i], t->data, t->size_bytes, err, sizeof err);
  }
  int rc = 0;
  if (st != AICC_OK) {
    rc = report(st, "device buffers", err);
  } else {
    device_run_t r = {ctx, buf, n_in, n_out};
    printf("device=cuda image=%s\n", aicc_cuda_context_image(ctx));
    st = aiccrun_bench(run_once, &r, runs, warmup_ms);
    if (st != AICC_OK)
      rc = report(st, "run failed", aicc_cuda_context_last_error(ctx));
    else
      printf("launch mode: %s\n", aicc_cuda_context_launch_mode(ctx));
  }
  for (size_t i = 0; rc == 0 && i < n_out; ++i)
    if (aicc_cuda_copy_to_host(dev, out[i].data, buf[n_in + i], out[i].size_bytes, err,
                               sizeof err) != AICC_OK)
      rc = report(AICC_ERR_EXECUTION, "copy to host", err);
  for (size_t i = 0; i < n_in + n_out; ++i)
    aicc_cuda_free(dev, buf[i]);
  free(buf);
  return rc;
}

int aiccrun_cuda_run(aicc_model_t *m, long bench, double warmup_ms, const aicc_tensor_t *in,
                     size_t n_in, aicc_tensor_t *out, size_t n_out) {
  char err[1024];
  aicc_cuda_device_t *dev = NULL;
  /* AICC_CUDA_DRIVER names another driver library than libcuda.so.1. */
  const char *driver = getenv("AICC_CUDA_DRIVER");
  aicc_status_t st =
      aicc_cuda_device_create(driver && *driver ? driver : NULL, 0, &dev, err, sizeof err);
  if (st != AICC_OK)
    return report(st, "--device=cuda", err);
  aicc_cuda_context_t *ctx = NULL;
  st = aicc_cuda_context_create(m, dev, &ctx, err, sizeof err);
  int rc = 0;
  if (st != AICC_OK) {
    rc = report(st, "cannot prepare the model on the GPU", err);
  } else if (bench) {
    rc = bench_on_device(dev, ctx, bench, warmup_ms, in, n_in, out, n_out);
  } else {
    st = aicc_cuda_context_run(ctx, in, n_in, out, n_out);
    if (st != AICC_OK)
      rc = report(st, "run failed", aicc_cuda_context_last_error(ctx));
  }
  aicc_cuda_context_release(ctx);
  aicc_cuda_device_release(dev);
  return rc;
}

static void print_tensors(const char *kind, const aicc_abi_tensor_t *t, int32_t n) {
  for (int32_t i = 0; i < n; ++i) {
    printf("%s %d '%s': %s[", kind, i, t[i].name,
           aicc_dtype_name((aicc_dtype_t)t[i].dtype));
    for (int32_t d = 0; d < t[i].rank; ++d) {
      if (t[i].shape[d] < 0)
        printf("%s?", d ? "x" : "");
      else
        printf("%s%lld", d ? "x" : "", (long long)t[i].shape[d]);
    }
    printf("]\n");
  }
}

static const char *arg_kind(int32_t kind) {
  switch (kind) {
  case AICC_ABI_CUDA_ARG_INPUT:
    return "input";
  case AICC_ABI_CUDA_ARG_OUTPUT:
    return "output";
  case AICC_ABI_CUDA_ARG_ARENA:
    return "arena";
  case AICC_ABI_CUDA_ARG_WEIGHTS:
    return "weights";
  default:
    return "scalar";
  }
}

void aiccrun_print_info(const aicc_model_t *m) {
  const aicc_abi_model_t *d = aicc_model_descriptor(m);
  int cuda = aicc_model_device(m) == AICC_ABI_DEVICE_CUDA;
  printf("model '%s' producer '%s' abi %u device %s\n", aicc_model_name(m),
         aicc_model_producer(m), d->abi_version, cuda ? "cuda" : "cpu");
  print_tensors("input", d->inputs, d->num_inputs);
  print_tensors("output", d->outputs, d->num_outputs);
  printf("arena %llu bytes\n", (unsigned long long)d->arena_bytes);
  if (!cuda)
    return;
  const aicc_abi_cuda_program_t *p = d->cuda;
  for (int32_t i = 0; i < p->num_images; ++i)
    printf("image %d: %s sm_%d%s, %llu bytes\n", i,
           p->images[i].kind == AICC_ABI_CUDA_IMAGE_CUBIN ? "cubin" : "ptx",
           p->images[i].arch, p->images[i].arch_specific ? "a" : "",
           (unsigned long long)p->images[i].size);
  printf("weights %llu bytes\nlaunches %d\n", (unsigned long long)p->weights_bytes,
         p->num_launches);
  for (int32_t i = 0; i < p->num_launches; ++i) {
    const aicc_abi_cuda_launch_t *l = &p->launches[i];
    printf("launch %d: %s grid %ux%ux%u block %ux%ux%u shared %u (", i, l->kernel,
           l->grid[0], l->grid[1], l->grid[2], l->block[0], l->block[1], l->block[2],
           l->shared_bytes);
    for (int32_t a = 0; a < l->num_args; ++a) {
      const aicc_abi_cuda_arg_t *arg = &l->args[a];
      if (arg->kind == AICC_ABI_CUDA_ARG_SCALAR)
        printf("%sscalar%d %llu", a ? ", " : "", arg->index * 8,
               (unsigned long long)arg->value);
      else if (arg->kind == AICC_ABI_CUDA_ARG_INPUT || arg->kind == AICC_ABI_CUDA_ARG_OUTPUT)
        printf("%s%s %d+%llu", a ? ", " : "", arg_kind(arg->kind), arg->index,
               (unsigned long long)arg->value);
      else
        printf("%s%s+%llu", a ? ", " : "", arg_kind(arg->kind),
               (unsigned long long)arg->value);
    }
    printf(")\n");
  }
}
