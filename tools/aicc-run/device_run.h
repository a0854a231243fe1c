/*
 * device_run.h - aicc-run --device=cuda, and --info for any model.
 */
#ifndef AICCRUN_DEVICE_RUN_H
#define AICCRUN_DEVICE_RUN_H

#include "aicc/runtime.h"

/**
 * Runs a -target=cuda model on GPU 0: host inputs copied to device buffers,
 * one run (bench == 0) or a timed loop of `bench` runs on the device buffers
 * after `warmup_ms` of warm-up (transfers not timed), outputs copied back
 * into `out` (static shapes).
 * Prints its errors; returns 0 or 1.
 */
int aiccrun_cuda_run(aicc_model_t *m, long bench, double warmup_ms, const aicc_tensor_t *in,
                     size_t n_in, aicc_tensor_t *out, size_t n_out);

/** Prints the descriptor: device, signature, arena; for CUDA models the
 *  images, weights and launches. */
void aiccrun_print_info(const aicc_model_t *m);

#endif
