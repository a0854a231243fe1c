/*
 * aicc-digits-demo - classify 8x8 digits with a model compiled by aicc.
 *
 *   aicc-digits-demo MODEL.so SAMPLES.bin
 *
 * SAMPLES.bin (little-endian): int32 N, then N records of
 * { int32 label; float32 pixels[64]; } (8x8 image, already normalised).
 * The model takes float32 [1,1,8,8] and returns float32 [1,10] logits.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aicc/runtime.h"

enum { kPixels = 64, kClasses = 10, kRecordBytes = 4 + 4 * kPixels };

static int fail(const char *msg, const char *detail) {
  fprintf(stderr, "aicc-digits-demo: error: %s%s%s\n", msg, detail ? ": " : "",
          detail ? detail : "");
  return 1;
}

static int32_t read_i32(const unsigned char *p) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
               (uint32_t)p[3] << 24;
  int32_t s;
  memcpy(&s, &v, sizeof s);
  return s;
}

static float read_f32(const unsigned char *p) {
  uint32_t v = (uint32_t)read_i32(p);
  float f;
  memcpy(&f, &v, sizeof f);
  return f;
}

/* Reads the whole samples file and checks its size against N. */
static unsigned char *read_samples(const char *path, int32_t *count) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  long size = -1;
  if (fseek(f, 0, SEEK_END) == 0)
    size = ftell(f);
  unsigned char *buf = NULL;
  if (size >= 4 && fseek(f, 0, SEEK_SET) == 0 &&
      (buf = malloc((size_t)size)) != NULL &&
      fread(buf, 1, (size_t)size, f) == (size_t)size) {
    int32_t n = read_i32(buf);
    if (n > 0 && (size - 4) / kRecordBytes == n &&
        (size - 4) % kRecordBytes == 0) {
      fclose(f);
      *count = n;
      return buf;
    }
    fprintf(stderr,
            "aicc-digits-demo: error: '%s' has %ld bytes, which does not "
            "match the %d samples its header declares\n",
            path, size, n);
  }
  free(buf);
  fclose(f);
  return NULL;
}

/* The model must take float32 [1,1,8,8] and return float32 [1,10]. */
static int check_signature(const aicc_model_t *m) {
  const aicc_abi_tensor_t *in = aicc_model_input(m, 0);
  const aicc_abi_tensor_t *out = aicc_model_output(m, 0);
  return aicc_model_num_inputs(m) == 1 && aicc_model_num_outputs(m) == 1 &&
         in->dtype == AICC_DTYPE_FLOAT32 &&
         aicc_tensor_desc_num_elements(in) == kPixels &&
         out->dtype == AICC_DTYPE_FLOAT32 &&
         aicc_tensor_desc_num_elements(out) == kClasses;
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

static int argmax(const float *v, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (v[i] > v[best])
      best = i;
  return best;
}

/* Classifies every sample; prints one line each, then the summary. */
static int classify(aicc_context_t *ctx, const aicc_model_t *m,
                    const unsigned char *samples, int32_t n) {
  float pixels[kPixels], logits[kClasses];
  aicc_tensor_t in = aicc_model_input_tensor(m, 0, pixels, sizeof pixels);
  aicc_tensor_t out = aicc_model_output_tensor(m, 0, logits, sizeof logits);
  double *ms = malloc((size_t)n * sizeof *ms);
  if (!ms)
    return fail("out of memory", NULL);
  int correct = 0;
  for (int32_t i = 0; i < n; ++i) {
    const unsigned char *rec = samples + 4 + (size_t)i * kRecordBytes;
    int32_t label = read_i32(rec);
    for (int p = 0; p < kPixels; ++p)
      pixels[p] = read_f32(rec + 4 + 4 * p);
    double t0 = now_ms();
    aicc_status_t st = aicc_context_run(ctx, &in, 1, &out, 1);
    ms[i] = now_ms() - t0;
    if (st != AICC_OK) {
      free(ms);
      return fail(aicc_status_string(st), aicc_context_last_error(ctx));
    }
    int pred = argmax(logits, kClasses);
    correct += pred == label;
    printf("sample %4d  label %d  predicted %d  %s\n", i, label, pred,
           pred == label ? "ok" : "MISS");
  }
  qsort(ms, (size_t)n, sizeof *ms, cmp_double);
  double median = n % 2 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
  printf("accuracy %d/%d = %.2f%%\n", correct, n, 100.0 * correct / n);
  printf("latency_ms median=%.4f min=%.4f per inference\n", median, ms[0]);
  free(ms);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s MODEL.so SAMPLES.bin\n", argv[0]);
    return 1;
  }
  char err[512];
  aicc_model_t *model = NULL;
  aicc_status_t st = aicc_model_load(argv[1], &model, err, sizeof err);
  if (st != AICC_OK)
    return fail(aicc_status_string(st), err);
  if (!check_signature(model)) {
    aicc_model_release(model);
    return fail("model must map float32 [1,1,8,8] to float32 [1,10]", NULL);
  }
  int32_t n = 0;
  unsigned char *samples = read_samples(argv[2], &n);
  if (!samples) {
    aicc_model_release(model);
    return fail("cannot read samples", argv[2]);
  }
  aicc_context_t *ctx = NULL;
  int rc = 1;
  st = aicc_context_create(model, NULL, &ctx);
  if (st == AICC_OK)
    rc = classify(ctx, model, samples, n);
  else
    fail("cannot create context", aicc_status_string(st));
  aicc_context_release(ctx);
  aicc_model_release(model);
  free(samples);
  return rc;
}
