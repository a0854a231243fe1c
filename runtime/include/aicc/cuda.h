/*
 * aicc/cuda.h - the runtime's CUDA device backend (first slice, issue 5).
 *
 * libcuda is loaded with dlopen("libcuda.so.1") when a device is created, so
 * libaiccrt builds and runs CPU models on machines without CUDA; there,
 * aicc_cuda_device_create() returns AICC_ERR_UNAVAILABLE with a message.
 *
 * Objects
 *   aicc_cuda_device_t  one GPU: libcuda's handle, the device's primary
 *                       context and one stream. The device's own calls (copies,
 *                       aicc_cuda_launch) use that stream and must not run
 *                       concurrently; model contexts have streams of their own.
 *   aicc_cuda_module_t  kernels loaded from a cubin or a PTX text (as
 *                       aicc -target=cuda -emit=cubin|ptx writes them), with
 *                       their initialised globals (weights).
 *
 * Ownership: create/load hand out one reference, released with *_release; a
 * module holds a reference to its device. Device buffers from
 * aicc_cuda_malloc are freed with aicc_cuda_free. Errors: every fallible call
 * returns a status and writes a message of at most err_size bytes to err
 * when err is not NULL.
 *
 *   aicc_cuda_context_t a model compiled with -target=cuda (aicc/abi.h,
 *                       device AICC_ABI_DEVICE_CUDA) loaded on a device: the
 *                       image that fits the GPU, its kernels, the device
 *                       arena, the weights (uploaded once, at creation),
 *                       device buffers for runs on host tensors and a stream
 *                       of its own. Use one context per thread; contexts of
 *                       one device may run on different threads at once.
 */
#ifndef AICC_CUDA_H
#define AICC_CUDA_H

#include <stddef.h>
#include <stdint.h>

#include "aicc/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct aicc_cuda_device aicc_cuda_device_t;
typedef struct aicc_cuda_module aicc_cuda_module_t;

/**
 * Opens the driver library (`library`, or "libcuda.so.1" when NULL), then
 * device `ordinal`, its primary context and a stream. AICC_ERR_UNAVAILABLE
 * when the library, a driver entry point or the device is missing.
 */
AICC_RT_API aicc_status_t aicc_cuda_device_create(const char *library, int ordinal,
                                                  aicc_cuda_device_t **out,
                                                  char *err, size_t err_size);
AICC_RT_API void aicc_cuda_device_release(aicc_cuda_device_t *device);

/** The device's compute capability x 10 (80 for an A100, 90 for an H100). */
AICC_RT_API aicc_status_t aicc_cuda_device_arch(aicc_cuda_device_t *device, int *arch,
                                                char *err, size_t err_size);

/** Waits for everything queued on the device's stream. */
AICC_RT_API aicc_status_t aicc_cuda_synchronize(aicc_cuda_device_t *device, char *err,
                                                size_t err_size);

/** Device memory of `size` bytes on the device's context. */
AICC_RT_API aicc_status_t aicc_cuda_malloc(aicc_cuda_device_t *device, size_t size,
                                           uint64_t *out, char *err, size_t err_size);
AICC_RT_API void aicc_cuda_free(aicc_cuda_device_t *device, uint64_t ptr);

/** Copies on the device's stream; both wait for the copy to finish. */
AICC_RT_API aicc_status_t aicc_cuda_copy_to_device(aicc_cuda_device_t *device,
                                                   uint64_t dst, const void *src,
                                                   size_t size, char *err,
                                                   size_t err_size);
AICC_RT_API aicc_status_t aicc_cuda_copy_to_host(aicc_cuda_device_t *device, void *dst,
                                                 uint64_t src, size_t size, char *err,
                                                 size_t err_size);

/**
 * Loads a cubin (an ELF image) or a NUL-terminated PTX text of `size` bytes
 * (the NUL included or not) into the device's context.
 */
AICC_RT_API aicc_status_t aicc_cuda_module_load(aicc_cuda_device_t *device,
                                                const void *image, size_t size,
                                                aicc_cuda_module_t **out, char *err,
                                                size_t err_size);
AICC_RT_API void aicc_cuda_module_release(aicc_cuda_module_t *module);

/**
 * Launches kernel `name` of `module` on grid x block threads with `args`
 * (one pointer per kernel parameter, as cuLaunchKernel takes them: for
 * aicc's kernels, pointers to device addresses) and waits for it.
 */
AICC_RT_API aicc_status_t aicc_cuda_launch(aicc_cuda_module_t *module, const char *name,
                                           const uint32_t grid[3], const uint32_t block[3],
                                           void **args, char *err, size_t err_size);

/* ------------------------------------------------------------------------ */
/* Models compiled with -target=cuda                                        */
/* ------------------------------------------------------------------------ */

typedef struct aicc_cuda_context aicc_cuda_context_t;

/**
 * Prepares `model` (aicc_model_device() == AICC_ABI_DEVICE_CUDA) on
 * `device`: picks the image for the device's architecture (a cubin of the
 * same major version and a minor one not above the device's, else PTX for
 * the driver to compile), resolves every kernel, allocates the device arena,
 * the weights (copied to the device here, once) and one device buffer per
 * graph input and output. AICC_ERR_INVALID_ARGUMENT for a CPU model,
 * AICC_ERR_LOAD when no image fits the device. Holds references to both.
 */
AICC_RT_API aicc_status_t aicc_cuda_context_create(aicc_model_t *model,
                                                   aicc_cuda_device_t *device,
                                                   aicc_cuda_context_t **out,
                                                   char *err, size_t err_size);
AICC_RT_API void aicc_cuda_context_release(aicc_cuda_context_t *ctx);

/** What was loaded, e.g. "cubin sm_90" or "ptx sm_80 (compiled by the driver)". */
AICC_RT_API const char *aicc_cuda_context_image(const aicc_cuda_context_t *ctx);

/**
 * Runs the model on device buffers: inputs[i] / outputs[i] are device
 * addresses of graph input / output i, each at least the byte size of the
 * descriptor's tensor (the caller's responsibility: device memory cannot be
 * checked). Launches every kernel on the device's stream and waits.
 */
AICC_RT_API aicc_status_t aicc_cuda_context_run_device(aicc_cuda_context_t *ctx,
                                                       const uint64_t *inputs,
                                                       size_t n_in,
                                                       const uint64_t *outputs,
                                                       size_t n_out);

/**
 * Convenience: host tensors, checked like aicc_context_run() (dtype, shape,
 * buffer size), copied into the context's device buffers, run, and the
 * outputs copied back.
 */
AICC_RT_API aicc_status_t aicc_cuda_context_run(aicc_cuda_context_t *ctx,
                                                const aicc_tensor_t *inputs, size_t n_in,
                                                aicc_tensor_t *outputs, size_t n_out);

/**
 * CUDA graphs (on by default): the first run captures the context's launches
 * into a CUDA graph and launches it; later runs on the same input and output
 * device addresses (every aicc_cuda_context_run, since it uses the context's
 * own buffers) replay it with one cuGraphLaunch; other addresses capture a
 * new graph. When the driver lacks the graph API or a capture fails, the
 * context launches kernel by kernel from then on. AICC_CUDA_GRAPHS=0 in the
 * environment at context creation, or enable = 0 here, turns graphs off;
 * enable = 1 turns them back on (and retries after a failed capture).
 * AICC_ERR_INVALID_ARGUMENT unless enable is 0 or 1.
 */
AICC_RT_API aicc_status_t aicc_cuda_context_set_graphs(aicc_cuda_context_t *ctx,
                                                       int enable);

/**
 * How the last run launched its kernels: "graph (captured on this run)",
 * "graph (replayed)", or "launches (...)" with the reason there was no graph
 * ("graphs turned off: AICC_CUDA_GRAPHS=0", "the driver has no CUDA graph API",
 * "graph capture failed: <driver message>"); "no run yet" before the first.
 * Never NULL.
 */
AICC_RT_API const char *aicc_cuda_context_launch_mode(const aicc_cuda_context_t *ctx);

/** Message of the last failed call on ctx ("" if none). Never NULL. */
AICC_RT_API const char *aicc_cuda_context_last_error(const aicc_cuda_context_t *ctx);

#ifdef __cplusplus
}
#endif

#endif
