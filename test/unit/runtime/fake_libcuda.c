/*
 * fake_libcuda.c - a stand-in for libcuda.so.1 that runs on the CPU, to test
 * the runtime's CUDA backend (runtime/src/cuda.c) without a GPU. Device
 * memory is host memory; modules are PTX texts; the kernels are `scale2`
 * (params: float *data, which it doubles, one element per thread) and
 * `add3` (params: const float *a, const float *b, float *out: out = a + b,
 * one element per thread). The device is an sm_80.
 * FAKE_NO_DEVICE: cuInit fails as on a machine without a GPU.
 *
 * CUDA graphs: launches on a capturing stream (cuStreamBeginCapture_v2) are
 * recorded instead of run; cuStreamEndCapture returns them as a graph,
 * cuGraphInstantiateWithFlags copies it, cuGraphLaunch runs the copy.
 * FAKE_NO_GRAPHS: no graph entry points (a driver older than CUDA 11.4).
 * Test hooks: fake_cuda_counts() (launches run directly, graph launches,
 * captures, live graphs) and fake_cuda_fail("cuGraphLaunch") (that entry
 * point fails from now on; NULL: none fails).
 */
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef unsigned long long CUdeviceptr;
enum { OK = 0, ERR_INVALID_VALUE = 1, ERR_NO_DEVICE = 100, ERR_INVALID_IMAGE = 200,
       ERR_NOT_FOUND = 500, ERR_LAUNCH_FAILED = 719, ERR_NOT_SUPPORTED = 801,
       ERR_CAPTURE_INVALIDATED = 901 };

static int fake_context, fake_stream;
static int capturing;                 /* the stream is capturing */
static int direct_launches, graph_launches, captures, live_graphs;
static const char *failing;           /* the entry point that fails, or NULL */

static int fails(const char *entry) { return failing && strcmp(failing, entry) == 0; }

EXPORT void fake_cuda_fail(const char *entry) { failing = entry; }
EXPORT void fake_cuda_counts(int *direct, int *graph, int *capture, int *graphs) {
  *direct = direct_launches;
  *graph = graph_launches;
  *capture = captures;
  *graphs = live_graphs;
}
struct fake_module { int has_scale2, has_add3; };
static int scale2_tag, add3_tag;

EXPORT int cuInit(unsigned flags) {
  (void)flags;
#ifdef FAKE_NO_DEVICE
  return ERR_NO_DEVICE;
#else
  return OK;
#endif
}
EXPORT int cuDeviceGetCount(int *n) { *n = 1; return OK; }
EXPORT int cuDeviceGet(int *d, int ordinal) { *d = ordinal; return OK; }
EXPORT int cuDeviceGetAttribute(int *v, int attr, int d) {
  (void)d;
  *v = attr == 75 ? 8 : 0; /* compute capability 8.0 */
  return attr == 75 || attr == 76 ? OK : ERR_INVALID_VALUE;
}
EXPORT int cuDevicePrimaryCtxRetain(void **ctx, int d) { (void)d; *ctx = &fake_context; return OK; }
EXPORT int cuDevicePrimaryCtxRelease_v2(int d) { (void)d; return OK; }
EXPORT int cuCtxSetCurrent(void *ctx) { return ctx == &fake_context ? OK : ERR_INVALID_VALUE; }
EXPORT int cuStreamCreate(void **s, unsigned f) { (void)f; *s = &fake_stream; return OK; }
EXPORT int cuStreamDestroy_v2(void *s) { return s == &fake_stream ? OK : ERR_INVALID_VALUE; }
EXPORT int cuStreamSynchronize(void *s) { return s == &fake_stream ? OK : ERR_INVALID_VALUE; }
EXPORT int cuMemAlloc_v2(CUdeviceptr *p, size_t n) {
  void *m = malloc(n);
  *p = (CUdeviceptr)(size_t)m;
  return m ? OK : 2;
}
EXPORT int cuMemFree_v2(CUdeviceptr p) { free((void *)(size_t)p); return OK; }
EXPORT int cuMemcpyHtoDAsync_v2(CUdeviceptr d, const void *s, size_t n, void *st) {
  (void)st;
  memcpy((void *)(size_t)d, s, n);
  return OK;
}
EXPORT int cuMemcpyDtoHAsync_v2(void *d, CUdeviceptr s, size_t n, void *st) {
  (void)st;
  memcpy(d, (const void *)(size_t)s, n);
  return OK;
}
EXPORT int cuModuleLoadData(void **mod, const void *image) {
  const char *text = image;
  if (strncmp(text, "//", 2) != 0 && strncmp(text, ".version", 8) != 0)
    return ERR_INVALID_IMAGE;
  struct fake_module *m = calloc(1, sizeof *m);
  m->has_scale2 = strstr(text, ".entry scale2(") != NULL;
  m->has_add3 = strstr(text, ".entry add3(") != NULL;
  *mod = m;
  return OK;
}
EXPORT int cuModuleUnload(void *mod) { free(mod); return OK; }
EXPORT int cuModuleGetFunction(void **fn, void *mod, const char *name) {
  struct fake_module *m = mod;
  if (m->has_scale2 && strcmp(name, "scale2") == 0)
    *fn = &scale2_tag;
  else if (m->has_add3 && strcmp(name, "add3") == 0)
    *fn = &add3_tag;
  else
    return ERR_NOT_FOUND;
  return OK;
}
/* One recorded launch: the kernel, its thread count and parameter values. */
struct fake_launch { void *fn; size_t n; CUdeviceptr p[3]; };
struct fake_graph { int count; struct fake_launch l[64]; };
static struct fake_graph *recording;

static void run(const struct fake_launch *l) {
  float *data = (float *)(size_t)l->p[0];
  if (l->fn == &add3_tag) {
    const float *b = (const float *)(size_t)l->p[1];
    float *out = (float *)(size_t)l->p[2];
    for (size_t i = 0; i < l->n; ++i)
      out[i] = data[i] + b[i];
    return;
  }
  for (size_t i = 0; i < l->n; ++i)
    data[i] *= 2.0f;
}

EXPORT int cuLaunchKernel(void *fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                          unsigned by, unsigned bz, unsigned shared, void *stream,
                          void **params, void **extra) {
  (void)shared; (void)stream; (void)extra;
  if (fails("cuLaunchKernel"))
    return ERR_INVALID_VALUE;
  /* Parameters are read at the call, as the driver does. */
  struct fake_launch l = {fn, (size_t)gx * gy * gz * bx * by * bz, {0, 0, 0}};
  for (int i = 0; i < (fn == &add3_tag ? 3 : 1); ++i)
    l.p[i] = *(CUdeviceptr *)params[i];
  if (capturing) {
    if (recording->count == 64)
      return ERR_INVALID_VALUE;
    recording->l[recording->count++] = l;
    return OK;
  }
  ++direct_launches;
  run(&l);
  return OK;
}

#ifndef FAKE_NO_GRAPHS
EXPORT int cuStreamBeginCapture_v2(void *s, int mode) {
  if (s != &fake_stream || mode != 1 || capturing)
    return ERR_INVALID_VALUE;
  if (fails("cuStreamBeginCapture_v2"))
    return ERR_NOT_SUPPORTED;
  recording = calloc(1, sizeof *recording);
  capturing = 1;
  ++live_graphs;
  return OK;
}
EXPORT int cuStreamEndCapture(void *s, void **graph) {
  if (s != &fake_stream || !capturing)
    return ERR_INVALID_VALUE;
  capturing = 0;
  if (fails("cuStreamEndCapture")) {
    free(recording);
    --live_graphs;
    *graph = NULL;
    return ERR_CAPTURE_INVALIDATED;
  }
  ++captures;
  *graph = recording;
  recording = NULL;
  return OK;
}
EXPORT int cuGraphInstantiateWithFlags(void **exec, void *graph, unsigned long long flags) {
  if (!graph || flags)
    return ERR_INVALID_VALUE;
  if (fails("cuGraphInstantiateWithFlags"))
    return ERR_INVALID_VALUE;
  struct fake_graph *g = malloc(sizeof *g);
  memcpy(g, graph, sizeof *g);
  ++live_graphs;
  *exec = g;
  return OK;
}
EXPORT int cuGraphLaunch(void *exec, void *s) {
  if (!exec || s != &fake_stream || capturing)
    return ERR_INVALID_VALUE;
  if (fails("cuGraphLaunch"))
    return ERR_LAUNCH_FAILED;
  const struct fake_graph *g = exec;
  for (int i = 0; i < g->count; ++i)
    run(&g->l[i]);
  ++graph_launches;
  return OK;
}
EXPORT int cuGraphExecDestroy(void *exec) { free(exec); --live_graphs; return OK; }
EXPORT int cuGraphDestroy(void *graph) { free(graph); --live_graphs; return OK; }
#endif

EXPORT int cuGetErrorString(int rc, const char **s) {
  *s = rc == ERR_NO_DEVICE ? "no CUDA-capable device is detected"
       : rc == ERR_NOT_FOUND ? "named symbol not found"
       : rc == ERR_INVALID_IMAGE ? "device kernel image is invalid"
       : rc == ERR_LAUNCH_FAILED ? "unspecified launch failure"
       : rc == ERR_NOT_SUPPORTED ? "operation not supported"
       : rc == ERR_CAPTURE_INVALIDATED ? "operation failed due to a previous error during capture"
       : "fake error";
  return OK;
}
