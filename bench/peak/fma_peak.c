/* Measures single-core fp32 FMA throughput: the roofline ceiling that
 * bench/run_bench.py reports aicc's GFLOP/s against.
 *
 *   cc -O3 -march=native fma_peak.c -o fma_peak && ./fma_peak
 *
 * Prints `peak_gflops=<best of trials> vector_bits=<256|512>`. Uses 12
 * independent accumulators (more than FMA latency x FMA ports on current
 * x86 cores) so the loop is throughput-bound, not latency-bound. */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#if defined(__AVX512F__)
typedef __m512 vec;
#define VBITS 512
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define REDUCE(v) _mm512_reduce_add_ps(v)
#elif defined(__FMA__)
typedef __m256 vec;
#define VBITS 256
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
static float REDUCE(__m256 v) {
  float t[8];
  _mm256_storeu_ps(t, v);
  return t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7];
}
#else
#error "needs FMA (build with -march=native on an FMA-capable x86 CPU)"
#endif

#define NACC 12

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void) {
  const long iters = 50000000;
  const int trials = 7;
  double best = 0;
  float sink = 0;
  for (int t = 0; t < trials; ++t) {
    vec acc[NACC];
    for (int i = 0; i < NACC; ++i)
      acc[i] = SET1(0.001f * (i + t));
    const vec a = SET1(0.999999f), b = SET1(1e-7f);
    double t0 = now();
    for (long n = 0; n < iters; ++n) {
      /* The asm barrier keeps the compiler from collapsing the loop. */
      for (int i = 0; i < NACC; ++i) {
        acc[i] = FMA(acc[i], a, b);
        __asm__ volatile("" : "+x"(acc[i]));
      }
    }
    double dt = now() - t0;
    vec s = acc[0];
    for (int i = 1; i < NACC; ++i)
      s = ADD(s, acc[i]);
    sink += REDUCE(s);
    double flops = 2.0 * (VBITS / 32) * NACC * (double)iters;
    if (flops / dt / 1e9 > best)
      best = flops / dt / 1e9;
  }
  printf("peak_gflops=%.1f vector_bits=%d accumulators=%d sink=%g\n", best,
         VBITS, NACC, sink);
  return 0;
}
