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

/* Enqueues a launch of `function` (from aicc_cuda_function) on the device's
 * stream without waiting for it. */
aicc_status_t aicc_cuda_launch_async(aicc_cuda_module_t *m, void *function,
                                     const uint32_t grid[3], const uint32_t block[3],
                                     uint32_t shared_bytes, void **args, char *err,
                                     size_t err_size);

aicc_cuda_device_t *aicc_cuda_module_device(aicc_cuda_module_t *m);

/* Adds a reference to `d` (released with aicc_cuda_device_release). */
void aicc_cuda_device_retain(aicc_cuda_device_t *d);

#endif
