/*
 * cuda_model.c - running models compiled with -target=cuda (aicc/cuda.h):
 * the image that fits the GPU, device arena and weights, and the launches
 * of the model's program (aicc/abi.h, version 4) in order on one stream.
 * The program was validated when the model was loaded (cuda_program.c).
 *
 * CUDA graphs: the first run captures the launches on the context's stream
 * into a graph (cuStreamBeginCapture .. cuStreamEndCapture, instantiated
 * once) and launches it; later runs on the same input and output addresses
 * replay it with one cuGraphLaunch. Other addresses capture a new graph.
 * Without the driver's graph API, when a capture fails, with
 * AICC_CUDA_GRAPHS=0 in the environment or after
 * aicc_cuda_context_set_graphs(ctx, 0), the launches are enqueued one by one.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_internal.h"
#include "runtime_internal.h"

struct aicc_cuda_context {
  aicc_model_t *model;
  aicc_cuda_device_t *device;
  aicc_cuda_module_t *module;
  void *stream;       /* the context's own CUstream */
  const aicc_abi_cuda_program_t *program;
  void **functions;   /* one CUfunction per launch */
  uint64_t arena;     /* device memory, 0 when the model needs none */
  uint64_t weights;
  uint64_t *buffers;  /* device buffers: inputs, then outputs (host runs) */
  uint64_t *params;   /* one slot per argument of the widest launch */
  void **param_ptrs;
  int graphs;         /* 1: capture and replay graphs; 0: plain launches */
  void *graph;        /* CUgraphExec of the launches on graph_io, or NULL */
  uint64_t *graph_io; /* the input then output addresses the graph was captured on */
  char launch_mode[256];
  char image[96];
  char last_error[1024];
};

static aicc_status_t fail(aicc_cuda_context_t *ctx, aicc_status_t st, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static aicc_status_t fail(aicc_cuda_context_t *ctx, aicc_status_t st, const char *fmt,
                          ...) {
  va_list ap;
  va_start(ap, fmt);
  aicc_vformat_message(ctx->last_error, sizeof ctx->last_error, fmt, ap);
  va_end(ap);
  return st;
}

/* Does an image for `arch` (x 10) run on a device of `device_arch`? */
static int image_fits(const aicc_abi_cuda_image_t *im, int device_arch) {
  if (im->arch_specific)
    return im->arch == device_arch;
  if (im->kind == AICC_ABI_CUDA_IMAGE_CUBIN)
    return im->arch / 10 == device_arch / 10 && im->arch <= device_arch;
  return im->arch <= device_arch; /* PTX: the driver compiles it forward */
}

/* The best image: a fitting cubin of the highest architecture, else the
 * fitting PTX of the highest architecture. NULL when none fits. */
static const aicc_abi_cuda_image_t *pick_image(const aicc_abi_cuda_program_t *p,
                                               int device_arch) {
  const aicc_abi_cuda_image_t *best = NULL;
  for (int32_t i = 0; i < p->num_images; ++i) {
    const aicc_abi_cuda_image_t *im = &p->images[i];
    if (!image_fits(im, device_arch))
      continue;
    if (!best || (im->kind == AICC_ABI_CUDA_IMAGE_CUBIN &&
                  best->kind != AICC_ABI_CUDA_IMAGE_CUBIN) ||
        (im->kind == best->kind && im->arch > best->arch))
      best = im;
  }
  return best;
}

static void list_images(const aicc_abi_cuda_program_t *p, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (int32_t i = 0; i < p->num_images && used + 1 < size; ++i) {
    const aicc_abi_cuda_image_t *im = &p->images[i];
    aicc_format_message(buf + used, size - used, "%s%s sm_%d%s", i ? ", " : "",
                        im->kind == AICC_ABI_CUDA_IMAGE_CUBIN ? "cubin" : "ptx", im->arch,
                        im->arch_specific ? "a" : "");
    used += strlen(buf + used);
  }
}

static aicc_status_t load_module(aicc_cuda_context_t *ctx, char *err, size_t err_size) {
  int arch = 0;
  aicc_status_t st = aicc_cuda_device_arch(ctx->device, &arch, err, err_size);
  if (st != AICC_OK)
    return st;
  const aicc_abi_cuda_image_t *im = pick_image(ctx->program, arch);
  if (!im) {
    char have[512];
    list_images(ctx->program, have, sizeof have);
    aicc_format_message(err, err_size,
                        "model '%s' has no image for this GPU (sm_%d); it has %s: "
                        "recompile with -cuda-arch=sm_%d",
                        aicc_model_name(ctx->model), arch, have, arch);
    return AICC_ERR_LOAD;
  }
  int ptx = im->kind == AICC_ABI_CUDA_IMAGE_PTX;
  aicc_format_message(ctx->image, sizeof ctx->image, "%s sm_%d%s%s", ptx ? "ptx" : "cubin",
                      im->arch, im->arch_specific ? "a" : "",
                      ptx ? " (compiled by the driver)" : "");
  return aicc_cuda_module_load(ctx->device, im->data, (size_t)im->size, &ctx->module, err,
                               err_size);
}

/* Device memory for the arena, the weights (uploaded) and the host-run
 * buffers; kernel handles; parameter slots. */
static aicc_status_t prepare(aicc_cuda_context_t *ctx, char *err, size_t err_size) {
  const aicc_abi_model_t *d = ctx->model->desc;
  const aicc_abi_cuda_program_t *p = ctx->program;
  size_t n_io = (size_t)d->num_inputs + (size_t)d->num_outputs;
  int32_t widest = 1;
  for (int32_t i = 0; i < p->num_launches; ++i)
    if (p->launches[i].num_args > widest)
      widest = p->launches[i].num_args;
  ctx->functions = calloc(p->num_launches ? (size_t)p->num_launches : 1, sizeof(void *));
  ctx->buffers = calloc(n_io ? n_io : 1, sizeof(uint64_t));
  ctx->params = calloc((size_t)widest, sizeof(uint64_t));
  ctx->param_ptrs = calloc((size_t)widest, sizeof(void *));
  ctx->graph_io = calloc(n_io ? n_io : 1, sizeof(uint64_t));
  if (!ctx->functions || !ctx->buffers || !ctx->params || !ctx->param_ptrs ||
      !ctx->graph_io) {
    aicc_format_message(err, err_size, "out of memory");
    return AICC_ERR_OUT_OF_MEMORY;
  }
  for (int32_t a = 0; a < widest; ++a)
    ctx->param_ptrs[a] = &ctx->params[a];
  aicc_status_t st = aicc_cuda_make_current(ctx->device, err, err_size);
  if (st == AICC_OK)
    st = aicc_cuda_stream_create(ctx->device, &ctx->stream, err, err_size);
  if (st == AICC_OK)
    st = load_module(ctx, err, err_size);
  for (int32_t i = 0; st == AICC_OK && i < p->num_launches; ++i)
    st = aicc_cuda_function(ctx->module, p->launches[i].kernel, &ctx->functions[i], err,
                            err_size);
  if (st == AICC_OK && d->arena_bytes)
    st = aicc_cuda_malloc(ctx->device, (size_t)d->arena_bytes, &ctx->arena, err, err_size);
  if (st == AICC_OK && p->weights_bytes)
    st = aicc_cuda_malloc(ctx->device, (size_t)p->weights_bytes, &ctx->weights, err,
                          err_size);
  if (st == AICC_OK && p->weights_bytes)
    st = aicc_cuda_stream_copy(ctx->device, ctx->stream, 1, ctx->weights,
                               (void *)p->weights, (size_t)p->weights_bytes, err, err_size);
  const aicc_model_t *m = ctx->model;
  for (size_t i = 0; st == AICC_OK && i < n_io; ++i)
    st = aicc_cuda_malloc(ctx->device, m->in_bytes[i], &ctx->buffers[i], err, err_size);
  return st;
}

aicc_status_t aicc_cuda_context_create(aicc_model_t *model, aicc_cuda_device_t *device,
                                       aicc_cuda_context_t **out, char *err,
                                       size_t err_size) {
  if (err && err_size)
    err[0] = '\0';
  if (!out || !model || !device) {
    aicc_format_message(err, err_size, "aicc_cuda_context_create: NULL argument");
    if (out)
      *out = NULL;
    return AICC_ERR_INVALID_ARGUMENT;
  }
  *out = NULL;
  if (aicc_descriptor_device(model->desc) != AICC_ABI_DEVICE_CUDA) {
    aicc_format_message(err, err_size,
                        "model '%s' was compiled for the CPU: run it with "
                        "aicc_context_create, or compile it with -target=cuda",
                        aicc_model_name(model));
    return AICC_ERR_INVALID_ARGUMENT;
  }
  aicc_cuda_context_t *ctx = calloc(1, sizeof *ctx);
  if (!ctx) {
    aicc_format_message(err, err_size, "out of memory");
    return AICC_ERR_OUT_OF_MEMORY;
  }
  aicc_model_retain(model);
  aicc_cuda_device_retain(device);
  ctx->model = model;
  ctx->device = device;
  ctx->program = model->desc->cuda;
  const char *graphs = getenv("AICC_CUDA_GRAPHS");
  ctx->graphs = !(graphs && strcmp(graphs, "0") == 0);
  aicc_format_message(ctx->launch_mode, sizeof ctx->launch_mode, "%s",
                      ctx->graphs ? "no run yet"
                                  : "launches (graphs turned off: AICC_CUDA_GRAPHS=0)");
  aicc_status_t st = prepare(ctx, err, err_size);
  if (st != AICC_OK) {
    aicc_cuda_context_release(ctx);
    return st;
  }
  *out = ctx;
  return AICC_OK;
}

void aicc_cuda_context_release(aicc_cuda_context_t *ctx) {
  if (!ctx)
    return;
  const aicc_abi_model_t *d = ctx->model->desc;
  size_t n_io = (size_t)d->num_inputs + (size_t)d->num_outputs;
  for (size_t i = 0; ctx->buffers && i < n_io; ++i)
    aicc_cuda_free(ctx->device, ctx->buffers[i]);
  aicc_cuda_free(ctx->device, ctx->arena);
  aicc_cuda_free(ctx->device, ctx->weights);
  aicc_cuda_graph_destroy(ctx->device, ctx->graph);
  aicc_cuda_module_release(ctx->module);
  aicc_cuda_stream_destroy(ctx->device, ctx->stream);
  aicc_cuda_device_release(ctx->device);
  aicc_model_release(ctx->model);
  free(ctx->functions);
  free(ctx->buffers);
  free(ctx->params);
  free(ctx->param_ptrs);
  free(ctx->graph_io);
  free(ctx);
}

const char *aicc_cuda_context_image(const aicc_cuda_context_t *ctx) {
  return ctx ? ctx->image : "";
}

const char *aicc_cuda_context_launch_mode(const aicc_cuda_context_t *ctx) {
  return ctx ? ctx->launch_mode : "";
}

aicc_status_t aicc_cuda_context_set_graphs(aicc_cuda_context_t *ctx, int enable) {
  if (!ctx)
    return AICC_ERR_INVALID_ARGUMENT;
  if (enable != 0 && enable != 1)
    return fail(ctx, AICC_ERR_INVALID_ARGUMENT,
                "aicc_cuda_context_set_graphs: enable is %d, not 0 or 1", enable);
  aicc_cuda_graph_destroy(ctx->device, ctx->graph);
  ctx->graph = NULL;
  ctx->graphs = enable;
  aicc_format_message(ctx->launch_mode, sizeof ctx->launch_mode, "%s",
                      enable ? "no run yet" : "launches (graphs turned off by the caller)");
  return AICC_OK;
}

const char *aicc_cuda_context_last_error(const aicc_cuda_context_t *ctx) {
  return ctx ? ctx->last_error : "";
}

/* The device address or bits of one argument. */
static uint64_t arg_value(const aicc_cuda_context_t *ctx, const aicc_abi_cuda_arg_t *a,
                          const uint64_t *inputs, const uint64_t *outputs) {
  switch (a->kind) {
  case AICC_ABI_CUDA_ARG_INPUT:
    return inputs[a->index] + a->value;
  case AICC_ABI_CUDA_ARG_OUTPUT:
    return outputs[a->index] + a->value;
  case AICC_ABI_CUDA_ARG_ARENA:
    return ctx->arena + a->value;
  case AICC_ABI_CUDA_ARG_WEIGHTS:
    return ctx->weights + a->value;
  default: /* scalars: the slot's low bytes are the value (little endian) */
    return a->index == 4 ? (a->value & 0xffffffffu) : a->value;
  }
}

/* Every launch of the program on the context's stream, without waiting. */
static aicc_status_t enqueue_launches(aicc_cuda_context_t *ctx, const uint64_t *inputs,
                                      const uint64_t *outputs, char *err, size_t err_size) {
  const aicc_abi_cuda_program_t *p = ctx->program;
  for (int32_t i = 0; i < p->num_launches; ++i) {
    const aicc_abi_cuda_launch_t *l = &p->launches[i];
    for (int32_t a = 0; a < l->num_args; ++a)
      ctx->params[a] = arg_value(ctx, &l->args[a], inputs, outputs);
    char why[512];
    aicc_status_t st = aicc_cuda_launch_async(ctx->module, ctx->functions[i], l->grid,
                                              l->block, l->shared_bytes, ctx->stream,
                                              ctx->param_ptrs, why, sizeof why);
    if (st != AICC_OK) {
      aicc_format_message(err, err_size, "launch %d (%s): %s", i, l->kernel, why);
      return st;
    }
  }
  return AICC_OK;
}

/* Was ctx->graph captured on these addresses? */
static int same_io(const aicc_cuda_context_t *ctx, const uint64_t *inputs, size_t n_in,
                   const uint64_t *outputs, size_t n_out) {
  for (size_t i = 0; i < n_in; ++i)
    if (ctx->graph_io[i] != inputs[i])
      return 0;
  for (size_t i = 0; i < n_out; ++i)
    if (ctx->graph_io[n_in + i] != outputs[i])
      return 0;
  return 1;
}

/* Captures the launches on these addresses into ctx->graph (replacing the
 * previous one). On failure the context falls back to plain launches for
 * good (aicc_cuda_context_set_graphs(ctx, 1) tries again) and launch_mode
 * says why; the launches have not run either way. */
static aicc_status_t capture(aicc_cuda_context_t *ctx, const uint64_t *inputs, size_t n_in,
                             const uint64_t *outputs, size_t n_out) {
  aicc_cuda_graph_destroy(ctx->device, ctx->graph);
  ctx->graph = NULL;
  char why[512] = "";
  aicc_status_t st;
  if (!aicc_cuda_has_graphs(ctx->device)) {
    st = AICC_ERR_UNAVAILABLE;
    aicc_format_message(why, sizeof why, "the driver has no CUDA graph API");
  } else {
    st = aicc_cuda_capture_begin(ctx->device, ctx->stream, why, sizeof why);
    if (st == AICC_OK) {
      st = enqueue_launches(ctx, inputs, outputs, why, sizeof why);
      /* End the capture even after a failed launch: the stream must leave
       * capture mode before the plain launches. */
      char end_why[512] = "";
      void *exec = NULL;
      aicc_status_t end = aicc_cuda_capture_end(ctx->device, ctx->stream, &exec, end_why,
                                                sizeof end_why);
      if (st == AICC_OK && end != AICC_OK) {
        st = end;
        aicc_format_message(why, sizeof why, "%s", end_why);
      }
      if (st == AICC_OK)
        ctx->graph = exec;
      else
        aicc_cuda_graph_destroy(ctx->device, exec);
    }
  }
  if (st != AICC_OK) {
    ctx->graphs = 0;
    aicc_format_message(ctx->launch_mode, sizeof ctx->launch_mode, "launches (%s%s)",
                        aicc_cuda_has_graphs(ctx->device) ? "graph capture failed: " : "",
                        why);
    return st;
  }
  for (size_t i = 0; i < n_in; ++i)
    ctx->graph_io[i] = inputs[i];
  for (size_t i = 0; i < n_out; ++i)
    ctx->graph_io[n_in + i] = outputs[i];
  return AICC_OK;
}

aicc_status_t aicc_cuda_context_run_device(aicc_cuda_context_t *ctx,
                                           const uint64_t *inputs, size_t n_in,
                                           const uint64_t *outputs, size_t n_out) {
  if (!ctx)
    return AICC_ERR_INVALID_ARGUMENT;
  ctx->last_error[0] = '\0';
  aicc_status_t counts = aicc_check_counts(ctx->last_error, sizeof ctx->last_error,
                                           ctx->model, inputs, n_in, outputs, n_out);
  if (counts != AICC_OK)
    return counts;
  for (size_t i = 0; i < n_in + n_out; ++i) {
    uint64_t ptr = i < n_in ? inputs[i] : outputs[i - n_in];
    size_t bytes = ctx->model->in_bytes[i];
    if (!ptr && bytes)
      return fail(ctx, AICC_ERR_INVALID_ARGUMENT, "%s %zu has a NULL device address",
                  i < n_in ? "input" : "output", i < n_in ? i : i - n_in);
  }
  char err[512];
  if (aicc_cuda_make_current(ctx->device, err, sizeof err) != AICC_OK)
    return fail(ctx, AICC_ERR_EXECUTION, "%s", err);
  aicc_status_t st = AICC_OK;
  if (ctx->graphs && ctx->graph && same_io(ctx, inputs, n_in, outputs, n_out)) {
    st = aicc_cuda_graph_launch(ctx->device, ctx->graph, ctx->stream, err, sizeof err);
    if (st != AICC_OK)
      return fail(ctx, st, "model '%s': %s", aicc_model_name(ctx->model), err);
    aicc_format_message(ctx->launch_mode, sizeof ctx->launch_mode, "graph (replayed)");
  } else if (ctx->graphs && capture(ctx, inputs, n_in, outputs, n_out) == AICC_OK) {
    st = aicc_cuda_graph_launch(ctx->device, ctx->graph, ctx->stream, err, sizeof err);
    if (st != AICC_OK)
      return fail(ctx, st, "model '%s': %s", aicc_model_name(ctx->model), err);
    aicc_format_message(ctx->launch_mode, sizeof ctx->launch_mode,
                        "graph (captured on this run)");
  } else {
    st = enqueue_launches(ctx, inputs, outputs, err, sizeof err);
    if (st != AICC_OK)
      return fail(ctx, st, "%s", err);
  }
  st = aicc_cuda_stream_synchronize(ctx->device, ctx->stream, err, sizeof err);
  return st == AICC_OK ? AICC_OK
                       : fail(ctx, st, "model '%s': %s", aicc_model_name(ctx->model), err);
}

aicc_status_t aicc_cuda_context_run(aicc_cuda_context_t *ctx, const aicc_tensor_t *in,
                                    size_t n_in, aicc_tensor_t *out, size_t n_out) {
  if (!ctx)
    return AICC_ERR_INVALID_ARGUMENT;
  ctx->last_error[0] = '\0';
  const aicc_model_t *m = ctx->model;
  const aicc_abi_model_t *d = m->desc;
  aicc_status_t st =
      aicc_check_counts(ctx->last_error, sizeof ctx->last_error, m, in, n_in, out, n_out);
  for (size_t i = 0; st == AICC_OK && i < n_in; ++i)
    st = aicc_check_tensor(ctx->last_error, sizeof ctx->last_error, "input", i, &in[i],
                           &d->inputs[i], m->in_bytes[i]);
  for (size_t i = 0; st == AICC_OK && i < n_out; ++i)
    st = aicc_check_tensor(ctx->last_error, sizeof ctx->last_error, "output", i, &out[i],
                           &d->outputs[i], m->out_bytes[i]);
  for (size_t i = 0; st == AICC_OK && i < n_in; ++i)
    st = aicc_cuda_stream_copy(ctx->device, ctx->stream, 1, ctx->buffers[i], in[i].data,
                               m->in_bytes[i], ctx->last_error, sizeof ctx->last_error);
  if (st != AICC_OK)
    return st;
  st = aicc_cuda_context_run_device(ctx, ctx->buffers, n_in, ctx->buffers + n_in, n_out);
  for (size_t i = 0; st == AICC_OK && i < n_out; ++i)
    st = aicc_cuda_stream_copy(ctx->device, ctx->stream, 0, ctx->buffers[n_in + i],
                               out[i].data, m->out_bytes[i], ctx->last_error,
                               sizeof ctx->last_error);
  return st;
}
