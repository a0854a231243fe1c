/*
 * cuda.c - the CUDA device backend (aicc/cuda.h): libcuda's driver API
 * through dlopen, so that nothing links against CUDA.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "aicc/cuda.h"
#include "cuda_internal.h"
#include "runtime_internal.h"

/* The driver API's types, as cuda.h declares them (ABI-stable). */
typedef int CUresult; /* 0: CUDA_SUCCESS */
typedef int CUdevice;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef unsigned long long CUdeviceptr;
typedef struct CUgraph_st *CUgraph;
typedef struct CUgraphExec_st *CUgraphExec;

/* CU_STREAM_CAPTURE_MODE_THREAD_LOCAL: only this thread's unsafe calls
 * (cuMemAlloc, ...) break the capture, not those of contexts on other threads. */
#define AICC_CU_CAPTURE_THREAD_LOCAL 1

typedef struct aicc_cuda_api {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoDAsync)(CUdeviceptr, const void *, size_t, CUstream);
  CUresult (*cuMemcpyDtoHAsync)(void *, CUdeviceptr, size_t, CUstream);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, CUstream, void **, void **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  /* Optional (CUDA graphs, driver 11.4+): all NULL when one is missing. */
  CUresult (*cuStreamBeginCapture)(CUstream, int);
  CUresult (*cuStreamEndCapture)(CUstream, CUgraph *);
  CUresult (*cuGraphInstantiateWithFlags)(CUgraphExec *, CUgraph, unsigned long long);
  CUresult (*cuGraphLaunch)(CUgraphExec, CUstream);
  CUresult (*cuGraphExecDestroy)(CUgraphExec);
  CUresult (*cuGraphDestroy)(CUgraph);
} aicc_cuda_api_t;

struct aicc_cuda_device {
  void *library;
  aicc_cuda_api_t api;
  CUdevice device;
  CUcontext context;
  CUstream stream;
  int refs;
};

struct aicc_cuda_module {
  aicc_cuda_device_t *device;
  CUmodule module;
};

/* Entry points, with the _v2 names that libcuda exports for 64-bit sizes. */
static int load_api(void *lib, aicc_cuda_api_t *api, const char **missing) {
#define AICC_CUDA_SYM(field, name)                                            \
  do {                                                                        \
    *(void **)(&api->field) = dlsym(lib, name);                               \
    if (!api->field) {                                                        \
      *missing = name;                                                        \
      return 0;                                                               \
    }                                                                         \
  } while (0)
  AICC_CUDA_SYM(cuInit, "cuInit");
  AICC_CUDA_SYM(cuDeviceGetCount, "cuDeviceGetCount");
  AICC_CUDA_SYM(cuDeviceGet, "cuDeviceGet");
  AICC_CUDA_SYM(cuDeviceGetAttribute, "cuDeviceGetAttribute");
  AICC_CUDA_SYM(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
  AICC_CUDA_SYM(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2");
  AICC_CUDA_SYM(cuCtxSetCurrent, "cuCtxSetCurrent");
  AICC_CUDA_SYM(cuStreamCreate, "cuStreamCreate");
  AICC_CUDA_SYM(cuStreamDestroy, "cuStreamDestroy_v2");
  AICC_CUDA_SYM(cuStreamSynchronize, "cuStreamSynchronize");
  AICC_CUDA_SYM(cuMemAlloc, "cuMemAlloc_v2");
  AICC_CUDA_SYM(cuMemFree, "cuMemFree_v2");
  AICC_CUDA_SYM(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2");
  AICC_CUDA_SYM(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2");
  AICC_CUDA_SYM(cuModuleLoadData, "cuModuleLoadData");
  AICC_CUDA_SYM(cuModuleUnload, "cuModuleUnload");
  AICC_CUDA_SYM(cuModuleGetFunction, "cuModuleGetFunction");
  AICC_CUDA_SYM(cuLaunchKernel, "cuLaunchKernel");
  AICC_CUDA_SYM(cuGetErrorString, "cuGetErrorString");
#undef AICC_CUDA_SYM
  return 1;
}

/* The CUDA graph entry points, all or none: a driver without one of them
 * runs models with plain launches. */
static void load_graph_api(void *lib, aicc_cuda_api_t *api) {
  *(void **)(&api->cuStreamBeginCapture) = dlsym(lib, "cuStreamBeginCapture_v2");
  *(void **)(&api->cuStreamEndCapture) = dlsym(lib, "cuStreamEndCapture");
  *(void **)(&api->cuGraphInstantiateWithFlags) = dlsym(lib, "cuGraphInstantiateWithFlags");
  *(void **)(&api->cuGraphLaunch) = dlsym(lib, "cuGraphLaunch");
  *(void **)(&api->cuGraphExecDestroy) = dlsym(lib, "cuGraphExecDestroy");
  *(void **)(&api->cuGraphDestroy) = dlsym(lib, "cuGraphDestroy");
  if (!api->cuStreamBeginCapture || !api->cuStreamEndCapture ||
      !api->cuGraphInstantiateWithFlags || !api->cuGraphLaunch ||
      !api->cuGraphExecDestroy || !api->cuGraphDestroy) {
    api->cuStreamBeginCapture = NULL;
    api->cuStreamEndCapture = NULL;
    api->cuGraphInstantiateWithFlags = NULL;
    api->cuGraphLaunch = NULL;
    api->cuGraphExecDestroy = NULL;
    api->cuGraphDestroy = NULL;
  }
}

/* Formats "<what>: <driver message> (CUresult N)"; returns `status`. */
static aicc_status_t fail(const aicc_cuda_device_t *d, CUresult rc, aicc_status_t status,
                          const char *what, char *err, size_t err_size) {
  const char *text = NULL;
  if (d && d->api.cuGetErrorString)
    d->api.cuGetErrorString(rc, &text);
  aicc_format_message(err, err_size, "%s: %s (CUresult %d)", what,
                      text ? text : "unknown error", rc);
  return status;
}

static void device_destroy(aicc_cuda_device_t *d) {
  if (d->stream)
    d->api.cuStreamDestroy(d->stream);
  if (d->context)
    d->api.cuDevicePrimaryCtxRelease(d->device);
  if (d->library)
    dlclose(d->library);
  free(d);
}

/* Device, primary context and stream of an opened library. */
static aicc_status_t device_open(aicc_cuda_device_t *d, int ordinal, char *err,
                                 size_t err_size) {
  CUresult rc = d->api.cuInit(0);
  if (rc)
    return fail(d, rc, AICC_ERR_UNAVAILABLE, "cuInit", err, err_size);
  int count = 0;
  rc = d->api.cuDeviceGetCount(&count);
  if (rc)
    return fail(d, rc, AICC_ERR_UNAVAILABLE, "cuDeviceGetCount", err, err_size);
  if (ordinal < 0 || ordinal >= count) {
    aicc_format_message(err, err_size, "CUDA device %d does not exist (%d found)",
                        ordinal, count);
    return ordinal < 0 ? AICC_ERR_INVALID_ARGUMENT : AICC_ERR_UNAVAILABLE;
  }
  if ((rc = d->api.cuDeviceGet(&d->device, ordinal)))
    return fail(d, rc, AICC_ERR_UNAVAILABLE, "cuDeviceGet", err, err_size);
  if ((rc = d->api.cuDevicePrimaryCtxRetain(&d->context, d->device)))
    return fail(d, rc, AICC_ERR_UNAVAILABLE, "cuDevicePrimaryCtxRetain", err, err_size);
  if ((rc = d->api.cuCtxSetCurrent(d->context)))
    return fail(d, rc, AICC_ERR_EXECUTION, "cuCtxSetCurrent", err, err_size);
  if ((rc = d->api.cuStreamCreate(&d->stream, 0)))
    return fail(d, rc, AICC_ERR_EXECUTION, "cuStreamCreate", err, err_size);
  return AICC_OK;
}

aicc_status_t aicc_cuda_device_create(const char *library, int ordinal,
                                      aicc_cuda_device_t **out, char *err,
                                      size_t err_size) {
  if (!out) {
    aicc_format_message(err, err_size, "aicc_cuda_device_create: out is NULL");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  *out = NULL;
  aicc_cuda_device_t *d = calloc(1, sizeof *d);
  if (!d)
    return AICC_ERR_OUT_OF_MEMORY;
  d->refs = 1;
  const char *path = library ? library : "libcuda.so.1";
  d->library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!d->library) {
    const char *why = dlerror();
    aicc_format_message(err, err_size, "no CUDA driver: cannot load %s: %s", path,
                        why ? why : "unknown error");
    device_destroy(d);
    return AICC_ERR_UNAVAILABLE;
  }
  const char *missing = NULL;
  if (!load_api(d->library, &d->api, &missing)) {
    aicc_format_message(err, err_size, "%s has no %s: not a CUDA driver library", path,
                        missing);
    memset(&d->api, 0, sizeof d->api);
    device_destroy(d);
    return AICC_ERR_UNAVAILABLE;
  }
  load_graph_api(d->library, &d->api);
  aicc_status_t st = device_open(d, ordinal, err, err_size);
  if (st != AICC_OK) {
    device_destroy(d);
    return st;
  }
  *out = d;
  return AICC_OK;
}

void aicc_cuda_device_release(aicc_cuda_device_t *d) {
  if (d && --d->refs == 0)
    device_destroy(d);
}

aicc_status_t aicc_cuda_malloc(aicc_cuda_device_t *d, size_t size, uint64_t *out,
                               char *err, size_t err_size) {
  if (!d || !out) {
    aicc_format_message(err, err_size, "aicc_cuda_malloc: NULL device or out");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  CUdeviceptr ptr = 0;
  CUresult rc = d->api.cuMemAlloc(&ptr, size ? size : 1);
  if (rc)
    return fail(d, rc, AICC_ERR_OUT_OF_MEMORY, "cuMemAlloc", err, err_size);
  *out = ptr;
  return AICC_OK;
}

void aicc_cuda_free(aicc_cuda_device_t *d, uint64_t ptr) {
  if (d && ptr)
    d->api.cuMemFree(ptr);
}

aicc_status_t aicc_cuda_stream_copy(aicc_cuda_device_t *d, void *stream, int to_device,
                                    uint64_t device_ptr, void *host, size_t size, char *err,
                                    size_t err_size) {
  if (!d || (size && (!device_ptr || !host))) {
    aicc_format_message(err, err_size, "%s: NULL argument",
                        to_device ? "aicc_cuda_copy_to_device" : "aicc_cuda_copy_to_host");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  CUstream s = stream ? (CUstream)stream : d->stream;
  CUresult rc = to_device ? d->api.cuMemcpyHtoDAsync(device_ptr, host, size, s)
                          : d->api.cuMemcpyDtoHAsync(host, device_ptr, size, s);
  if (!rc)
    rc = d->api.cuStreamSynchronize(s);
  return rc ? fail(d, rc, AICC_ERR_EXECUTION, to_device ? "copy to device" : "copy to host",
                   err, err_size)
            : AICC_OK;
}

aicc_status_t aicc_cuda_copy_to_device(aicc_cuda_device_t *d, uint64_t dst,
                                       const void *src, size_t size, char *err,
                                       size_t err_size) {
  return aicc_cuda_stream_copy(d, NULL, 1, dst, (void *)src, size, err, err_size);
}

aicc_status_t aicc_cuda_copy_to_host(aicc_cuda_device_t *d, void *dst, uint64_t src,
                                     size_t size, char *err, size_t err_size) {
  return aicc_cuda_stream_copy(d, NULL, 0, src, dst, size, err, err_size);
}

aicc_status_t aicc_cuda_make_current(aicc_cuda_device_t *d, char *err, size_t err_size) {
  CUresult rc = d->api.cuCtxSetCurrent(d->context);
  return rc ? fail(d, rc, AICC_ERR_EXECUTION, "cuCtxSetCurrent", err, err_size) : AICC_OK;
}

aicc_status_t aicc_cuda_stream_create(aicc_cuda_device_t *d, void **out, char *err,
                                      size_t err_size) {
  CUstream s = NULL;
  CUresult rc = d->api.cuStreamCreate(&s, 0);
  if (rc)
    return fail(d, rc, AICC_ERR_EXECUTION, "cuStreamCreate", err, err_size);
  *out = s;
  return AICC_OK;
}

void aicc_cuda_stream_destroy(aicc_cuda_device_t *d, void *stream) {
  if (d && stream)
    d->api.cuStreamDestroy((CUstream)stream);
}

aicc_status_t aicc_cuda_stream_synchronize(aicc_cuda_device_t *d, void *stream, char *err,
                                           size_t err_size) {
  CUresult rc = d->api.cuStreamSynchronize(stream ? (CUstream)stream : d->stream);
  return rc ? fail(d, rc, AICC_ERR_EXECUTION, "kernel execution", err, err_size)
            : AICC_OK;
}

aicc_status_t aicc_cuda_module_load(aicc_cuda_device_t *d, const void *image, size_t size,
                                    aicc_cuda_module_t **out, char *err,
                                    size_t err_size) {
  if (!out || !d || !image || !size) {
    if (out)
      *out = NULL;
    aicc_format_message(err, err_size, "aicc_cuda_module_load: NULL or empty argument");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  *out = NULL;
  /* cuModuleLoadData reads PTX up to its NUL: give it one. */
  const unsigned char *bytes = image;
  int elf = size >= 4 && memcmp(bytes, "\x7f" "ELF", 4) == 0;
  char *text = NULL;
  if (!elf && bytes[size - 1] != '\0') {
    if (!(text = malloc(size + 1)))
      return AICC_ERR_OUT_OF_MEMORY;
    memcpy(text, image, size);
    text[size] = '\0';
  }
  aicc_cuda_module_t *m = calloc(1, sizeof *m);
  if (!m) {
    free(text);
    return AICC_ERR_OUT_OF_MEMORY;
  }
  CUresult rc = d->api.cuModuleLoadData(&m->module, text ? (const void *)text : image);
  free(text);
  if (rc) {
    free(m);
    return fail(d, rc, AICC_ERR_LOAD, "cuModuleLoadData", err, err_size);
  }
  m->device = d;
  ++d->refs;
  *out = m;
  return AICC_OK;
}

void aicc_cuda_module_release(aicc_cuda_module_t *m) {
  if (!m)
    return;
  m->device->api.cuModuleUnload(m->module);
  aicc_cuda_device_release(m->device);
  free(m);
}

/* CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR / _MINOR. */
#define AICC_CU_CC_MAJOR 75
#define AICC_CU_CC_MINOR 76

aicc_status_t aicc_cuda_device_arch(aicc_cuda_device_t *d, int *arch, char *err,
                                    size_t err_size) {
  if (!d || !arch) {
    aicc_format_message(err, err_size, "aicc_cuda_device_arch: NULL argument");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  int major = 0, minor = 0;
  CUresult rc = d->api.cuDeviceGetAttribute(&major, AICC_CU_CC_MAJOR, d->device);
  if (!rc)
    rc = d->api.cuDeviceGetAttribute(&minor, AICC_CU_CC_MINOR, d->device);
  if (rc)
    return fail(d, rc, AICC_ERR_EXECUTION, "cuDeviceGetAttribute", err, err_size);
  *arch = major * 10 + minor;
  return AICC_OK;
}

aicc_status_t aicc_cuda_synchronize(aicc_cuda_device_t *d, char *err, size_t err_size) {
  if (!d) {
    aicc_format_message(err, err_size, "aicc_cuda_synchronize: NULL device");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  return aicc_cuda_stream_synchronize(d, NULL, err, err_size);
}

aicc_status_t aicc_cuda_function(aicc_cuda_module_t *m, const char *name, void **out,
                                 char *err, size_t err_size) {
  CUfunction fn = NULL;
  CUresult rc = m->device->api.cuModuleGetFunction(&fn, m->module, name);
  if (rc) {
    char what[256];
    aicc_format_message(what, sizeof what, "kernel '%s' is not in the module", name);
    return fail(m->device, rc, AICC_ERR_INVALID_MODEL, what, err, err_size);
  }
  *out = fn;
  return AICC_OK;
}

aicc_status_t aicc_cuda_launch_async(aicc_cuda_module_t *m, void *function,
                                     const uint32_t grid[3], const uint32_t block[3],
                                     uint32_t shared_bytes, void *stream, void **args,
                                     char *err, size_t err_size) {
  aicc_cuda_device_t *d = m->device;
  CUresult rc = d->api.cuLaunchKernel((CUfunction)function, grid[0], grid[1], grid[2],
                                      block[0], block[1], block[2], shared_bytes,
                                      stream ? (CUstream)stream : d->stream, args, NULL);
  return rc ? fail(d, rc, AICC_ERR_EXECUTION, "cuLaunchKernel", err, err_size) : AICC_OK;
}

aicc_cuda_device_t *aicc_cuda_module_device(aicc_cuda_module_t *m) { return m->device; }

void aicc_cuda_device_retain(aicc_cuda_device_t *d) { ++d->refs; }

aicc_status_t aicc_cuda_launch(aicc_cuda_module_t *m, const char *name,
                               const uint32_t grid[3], const uint32_t block[3],
                               void **args, char *err, size_t err_size) {
  if (!m || !name || !grid || !block) {
    aicc_format_message(err, err_size, "aicc_cuda_launch: NULL argument");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  aicc_cuda_device_t *d = m->device;
  CUfunction fn = NULL;
  CUresult rc = d->api.cuModuleGetFunction(&fn, m->module, name);
  if (rc) {
    fail(d, rc, AICC_ERR_INVALID_ARGUMENT, "cuModuleGetFunction", err, err_size);
    return AICC_ERR_INVALID_ARGUMENT;
  }
  rc = d->api.cuLaunchKernel(fn, grid[0], grid[1], grid[2], block[0], block[1], block[2],
                             0, d->stream, args, NULL);
  if (!rc)
    rc = d->api.cuStreamSynchronize(d->stream);
  return rc ? fail(d, rc, AICC_ERR_EXECUTION, name, err, err_size) : AICC_OK;
}

int aicc_cuda_has_graphs(const aicc_cuda_device_t *d) {
  return d && d->api.cuGraphLaunch != NULL;
}

aicc_status_t aicc_cuda_capture_begin(aicc_cuda_device_t *d, void *stream, char *err,
                                      size_t err_size) {
  if (!aicc_cuda_has_graphs(d) || !stream) {
    aicc_format_message(err, err_size, "the driver has no CUDA graph API");
    return AICC_ERR_UNAVAILABLE;
  }
  CUresult rc = d->api.cuStreamBeginCapture((CUstream)stream, AICC_CU_CAPTURE_THREAD_LOCAL);
  return rc ? fail(d, rc, AICC_ERR_EXECUTION, "cuStreamBeginCapture", err, err_size)
            : AICC_OK;
}

aicc_status_t aicc_cuda_capture_end(aicc_cuda_device_t *d, void *stream, void **exec,
                                    char *err, size_t err_size) {
  *exec = NULL;
  if (!aicc_cuda_has_graphs(d) || !stream) {
    aicc_format_message(err, err_size, "the driver has no CUDA graph API");
    return AICC_ERR_UNAVAILABLE;
  }
  CUgraph graph = NULL;
  CUresult rc = d->api.cuStreamEndCapture((CUstream)stream, &graph);
  if (rc) {
    if (graph)
      d->api.cuGraphDestroy(graph);
    return fail(d, rc, AICC_ERR_EXECUTION, "cuStreamEndCapture", err, err_size);
  }
  CUgraphExec e = NULL;
  rc = d->api.cuGraphInstantiateWithFlags(&e, graph, 0);
  /* The executable graph keeps what it needs: the captured one can go. */
  d->api.cuGraphDestroy(graph);
  if (rc)
    return fail(d, rc, AICC_ERR_EXECUTION, "cuGraphInstantiate", err, err_size);
  *exec = e;
  return AICC_OK;
}

aicc_status_t aicc_cuda_graph_launch(aicc_cuda_device_t *d, void *exec, void *stream,
                                     char *err, size_t err_size) {
  if (!aicc_cuda_has_graphs(d) || !exec) {
    aicc_format_message(err, err_size, "aicc_cuda_graph_launch: no graph");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  CUresult rc = d->api.cuGraphLaunch((CUgraphExec)exec, stream ? (CUstream)stream : d->stream);
  return rc ? fail(d, rc, AICC_ERR_EXECUTION, "cuGraphLaunch", err, err_size) : AICC_OK;
}

void aicc_cuda_graph_destroy(aicc_cuda_device_t *d, void *exec) {
  if (exec && aicc_cuda_has_graphs(d))
    d->api.cuGraphExecDestroy((CUgraphExec)exec);
}
