/*
 * cuda_internal.h - what cuda_model.c (CUDA model contexts) uses of the
 * device backend in cuda.c beyond aicc/cuda.h.
 */
#ifndef AICC_CUDA_INTERNAL_H
#define AICC_CUDA_INTERNAL_H

#include "aicc/cuda.h"

/* The CUfunction `name` of `m`; AICC_ERR_INVALID_MODEL when it has none. */
aicc_status_t aicc_cuda_function(aicc_cuda_module_t *m, const char *name, void **out,
                                 char *err, size_t err_size);

/* Enqueues a launch of `function` (from aicc_cuda_function) on `stream`
 * (NULL: the device's) without waiting for it. */
aicc_status_t aicc_cuda_launch_async(aicc_cuda_module_t *m, void *function,
                                     const uint32_t grid[3], const uint32_t block[3],
                                     uint32_t shared_bytes, void *stream, void **args,
                                     char *err, size_t err_size);

/* Makes the device's CUDA context current on the calling thread (a context
 * may run on another thread than the one that created the device). */
aicc_status_t aicc_cuda_make_current(aicc_cuda_device_t *d, char *err, size_t err_size);

/* A stream of its own (a CUstream) for a context; destroyed with
 * aicc_cuda_stream_destroy. */
aicc_status_t aicc_cuda_stream_create(aicc_cuda_device_t *d, void **out, char *err,
                                      size_t err_size);
void aicc_cuda_stream_destroy(aicc_cuda_device_t *d, void *stream);

/* A copy between `host` and `device_ptr` (to the device when to_device) on
 * `stream` (NULL: the device's), waiting for it. */
aicc_status_t aicc_cuda_stream_copy(aicc_cuda_device_t *d, void *stream, int to_device,
                                    uint64_t device_ptr, void *host, size_t size, char *err,
                                    size_t err_size);

/* Waits for everything queued on `stream` (NULL: the device's). */
aicc_status_t aicc_cuda_stream_synchronize(aicc_cuda_device_t *d, void *stream, char *err,
                                           size_t err_size);

aicc_cuda_device_t *aicc_cuda_module_device(aicc_cuda_module_t *m);

/* Adds a reference to `d` (released with aicc_cuda_device_release). */
void aicc_cuda_device_retain(aicc_cuda_device_t *d);

/* CUDA graphs (optional driver entry points, see cuda.c's load_graph_api). */

/* 1 when the driver has the graph API (stream capture, instantiate, launch). */
int aicc_cuda_has_graphs(const aicc_cuda_device_t *d);

/* Starts capturing what is enqueued on `stream` (not NULL) into a graph,
 * in thread-local mode. AICC_ERR_UNAVAILABLE without the graph API. */
aicc_status_t aicc_cuda_capture_begin(aicc_cuda_device_t *d, void *stream, char *err,
                                      size_t err_size);

/* Ends the capture on `stream` and instantiates the graph: *exec is the
 * executable graph (a CUgraphExec), NULL on failure. The stream is out of
 * capture mode afterwards either way. */
aicc_status_t aicc_cuda_capture_end(aicc_cuda_device_t *d, void *stream, void **exec,
                                    char *err, size_t err_size);

/* Enqueues `exec` on `stream` (NULL: the device's) without waiting. */
aicc_status_t aicc_cuda_graph_launch(aicc_cuda_device_t *d, void *exec, void *stream,
                                     char *err, size_t err_size);
void aicc_cuda_graph_destroy(aicc_cuda_device_t *d, void *exec);

#endif
