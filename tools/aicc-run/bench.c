/*
 * bench.c - random inputs and the --bench timing loop.
 */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* splitmix64: small, seedable, no global state. */
static uint64_t next_random(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void aiccrun_fill_random(aiccrun_tensor_t *t, uint64_t seed) {
  size_t n = aiccrun_tensor_num_elements(t);
  size_t elem = aicc_dtype_size((aicc_dtype_t)t->dtype);
  uint8_t *p = (uint8_t *)t->data;
  uint64_t state = seed;
  if (elem == 0) { /* packed sub-byte types: random codes */
    for (size_t i = 0; i < t->size_bytes; ++i)
      p[i] = (uint8_t)next_random(&state);
    return;
  }
  for (size_t i = 0; i < n; ++i, p += elem) {
    uint64_t r = next_random(&state);
    double u = (double)(r >> 11) / 9007199254740992.0; /* [0, 1) */
    switch (t->dtype) {
    case AICC_DTYPE_FLOAT32: {
      float v = (float)(2.0 * u - 1.0);
      memcpy(p, &v, sizeof v);
      break;
    }
    case AICC_DTYPE_FLOAT64: {
      double v = 2.0 * u - 1.0;
      memcpy(p, &v, sizeof v);
      break;
    }
    case AICC_DTYPE_FLOAT16: { /* [0.5, 1) with a random sign */
      uint16_t h = (uint16_t)(0x3800 | (r & 0x3ff) | ((r >> 20) & 1) << 15);
      memcpy(p, &h, 2);
      break;
    }
    case AICC_DTYPE_BFLOAT16: {
      uint16_t h = (uint16_t)(0x3f00 | (r & 0x7f) | ((r >> 20) & 1) << 15);
      memcpy(p, &h, 2);
      break;
    }
    case AICC_DTYPE_BOOL:
      *p = (uint8_t)(r & 1);
      break;
    case AICC_DTYPE_FLOAT8E4M3FN: /* [0.5, 1) with a random sign */
    case AICC_DTYPE_FLOAT8E4M3FNUZ:
      *p = (uint8_t)((t->dtype == AICC_DTYPE_FLOAT8E4M3FN ? 0x30 : 0x38) |
                     (r & 7) | ((r >> 20) & 1) << 7);
      break;
    case AICC_DTYPE_FLOAT8E5M2:
    case AICC_DTYPE_FLOAT8E5M2FNUZ:
      *p = (uint8_t)((t->dtype == AICC_DTYPE_FLOAT8E5M2 ? 0x38 : 0x3c) |
                     (r & 3) | ((r >> 20) & 1) << 7);
      break;
    case AICC_DTYPE_FLOAT8E8M0: /* 2^-2 .. 2^1 */
      *p = (uint8_t)(125 + r % 4);
      break;
    default: { /* integers: small non-negative values, safe as indices */
      uint64_t v = r % 4;
      memcpy(p, &v, elem); /* little-endian: low bytes first */
      break;
    }
    }
  }
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

aicc_status_t aiccrun_bench(aiccrun_run_fn run, void *state, long runs, double warmup_ms) {
  double *ms = malloc((size_t)runs * sizeof *ms);
  if (!ms)
    return AICC_ERR_OUT_OF_MEMORY;
  double start = now_ms();
  long warmup = 1;
  aicc_status_t st = run(state);
  while (st == AICC_OK && now_ms() - start < warmup_ms) {
    st = run(state);
    ++warmup;
  }
  for (long i = 0; st == AICC_OK && i < runs; ++i) {
    double t0 = now_ms();
    st = run(state);
    ms[i] = now_ms() - t0;
  }
  if (st == AICC_OK) {
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    double median =
        runs % 2 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]);
    long p90 = (runs * 9 + 9) / 10 - 1; /* nearest rank: ceil(0.9 N) - 1 */
    printf("latency_ms median=%.6f p90=%.6f min=%.6f runs=%ld warmup=%ld\n", median,
           ms[p90], ms[0], runs, warmup);
  }
  free(ms);
  return st;
}
