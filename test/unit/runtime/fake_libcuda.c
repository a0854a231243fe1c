/*
 * fake_libcuda.c - a stand-in for libcuda.so.1 that runs on the CPU, to test
 * the runtime's CUDA backend (runtime/src/cuda.c) without a GPU. Device
 * memory is host memory; modules are PTX texts; the kernels are `scale2`
 * (params: float *data, which it doubles, one element per thread) and
 * `add3` (params: const float *a, const float *b, float *out: out = a + b,
 * one element per thread). The device is an sm_80.
 * FAKE_NO_DEVICE: cuInit fails as on a machine without a GPU.
 */
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef unsigned long long CUdeviceptr;
enum { OK = 0, ERR_INVALID_VALUE = 1, ERR_NO_DEVICE = 100, ERR_INVALID_IMAGE = 200,
       ERR_NOT_FOUND = 500 };

static int fake_context, fake_stream;
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
EXPORT int cuLaunchKernel(void *fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                          unsigned by, unsigned bz, unsigned shared, void *stream,
                          void **params, void **extra) {
  (void)shared; (void)stream; (void)extra;
  size_t n = (size_t)gx * gy * gz * bx * by * bz;
  float *data = (float *)(size_t)*(CUdeviceptr *)params[0];
  if (fn == &add3_tag) {
    const float *b = (const float *)(size_t)*(CUdeviceptr *)params[1];
    float *out = (float *)(size_t)*(CUdeviceptr *)params[2];
    for (size_t i = 0; i < n; ++i)
      out[i] = data[i] + b[i];
    return OK;
  }
  for (size_t i = 0; i < n; ++i)
    data[i] *= 2.0f;
  return OK;
}
EXPORT int cuGetErrorString(int rc, const char **s) {
  *s = rc == ERR_NO_DEVICE ? "no CUDA-capable device is detected"
       : rc == ERR_NOT_FOUND ? "named symbol not found"
       : rc == ERR_INVALID_IMAGE ? "device kernel image is invalid" : "fake error";
  return OK;
}
