/*
 * bench.h - random inputs and latency statistics for aicc-run --bench.
 */
#ifndef AICCRUN_BENCH_H
#define AICCRUN_BENCH_H

#include "host_tensor.h"

/** Fills t with deterministic pseudo-random values suited to its dtype. */
void aiccrun_fill_random(aiccrun_tensor_t *t, uint64_t seed);

/** One run of the model being timed; returns its status. */
typedef aicc_status_t (*aiccrun_run_fn)(void *state);

/**
 * Warms up (one call, then more until `warmup_ms` have passed since the
 * first began), calls run(state) `runs` times and prints
 * "latency_ms median=<x> p90=<y> min=<z> runs=<N> warmup=<calls>". Returns
 * the status of the first failing run, or AICC_OK.
 */
aicc_status_t aiccrun_bench(aiccrun_run_fn run, void *state, long runs, double warmup_ms);

#endif /* AICCRUN_BENCH_H */
