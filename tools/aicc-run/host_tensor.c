/*
 * host_tensor.c - owned tensors and whole-file reading for aicc-run.
 */
#define _POSIX_C_SOURCE 200809L

#include "host_tensor.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void aiccrun_tensor_init(aiccrun_tensor_t *t) { memset(t, 0, sizeof *t); }

void aiccrun_tensor_free(aiccrun_tensor_t *t) {
  if (!t)
    return;
  free(t->data);
  aiccrun_tensor_init(t);
}

size_t aiccrun_tensor_num_elements(const aiccrun_tensor_t *t) {
  size_t n = 1;
  for (int32_t i = 0; i < t->rank; ++i)
    n *= (size_t)t->shape[i];
  return n;
}

int aiccrun_storage_bytes(int32_t dtype, int32_t rank, const int64_t *shape,
                          size_t *bytes) {
  uint64_t bits = aicc_dtype_bits((aicc_dtype_t)dtype);
  if (bits == 0 || rank < 0 || rank > AICC_MAX_RANK)
    return -1;
  uint64_t total = bits; /* in bits */
  for (int32_t i = 0; i < rank; ++i) {
    if (shape[i] < 0 ||
        (shape[i] != 0 && total > (SIZE_MAX / 2) / (uint64_t)shape[i]))
      return -1;
    total *= (uint64_t)shape[i];
  }
  *bytes = (size_t)((total + 7) / 8);
  return 0;
}

int aiccrun_tensor_alloc(aiccrun_tensor_t *t, int32_t dtype, int32_t rank,
                         const int64_t *shape, char *err, size_t err_size) {
  if (aicc_dtype_bits((aicc_dtype_t)dtype) == 0 || rank < 0 ||
      rank > AICC_MAX_RANK) {
    snprintf(err, err_size, "unsupported dtype %d or rank %d", dtype, rank);
    return -1;
  }
  size_t bytes = 0;
  if (aiccrun_storage_bytes(dtype, rank, shape, &bytes) != 0) {
    snprintf(err, err_size, "invalid or too large shape");
    return -1;
  }
  void *data = calloc(1, bytes ? bytes : 1);
  if (!data) {
    snprintf(err, err_size, "out of memory allocating %zu bytes", bytes);
    return -1;
  }
  free(t->data);
  t->dtype = dtype;
  t->rank = rank;
  for (int32_t i = 0; i < rank; ++i)
    t->shape[i] = shape[i];
  t->data = data;
  t->size_bytes = bytes;
  return 0;
}

void aiccrun_adopt_legacy_bfloat16(aiccrun_tensor_t *t, int32_t want) {
  if (want == AICC_DTYPE_BFLOAT16 && t->dtype == AICC_DTYPE_UINT16)
    t->dtype = AICC_DTYPE_BFLOAT16;
}

void aiccrun_tensor_describe(int32_t dtype, int32_t rank, const int64_t *shape,
                             char *buf, size_t size) {
  size_t used =
      (size_t)snprintf(buf, size, "%s[", aicc_dtype_name((aicc_dtype_t)dtype));
  /* A dynamic dim (-1 in a signature) reads as '?'. */
  for (int32_t i = 0; i < rank && used < size; ++i)
    used += shape[i] < 0
                ? (size_t)snprintf(buf + used, size - used, "%s?", i ? "," : "")
                : (size_t)snprintf(buf + used, size - used, "%s%lld", i ? "," : "",
                                   (long long)shape[i]);
  if (used < size)
    snprintf(buf + used, size - used, "]");
}

aicc_tensor_t aiccrun_tensor_view(aiccrun_tensor_t *t) {
  aicc_tensor_t v;
  v.dtype = t->dtype;
  v.rank = t->rank;
  v.shape = t->shape;
  v.data = t->data;
  v.size_bytes = t->size_bytes;
  return v;
}

int aiccrun_read_decoded(const char *path, aiccrun_decode_fn decode,
                         aiccrun_tensor_t *out, char *err, size_t err_size) {
  uint8_t *buf;
  size_t size;
  aiccrun_tensor_init(out);
  if (aiccrun_read_file(path, &buf, &size, err, err_size) != 0)
    return -1;
  char why[384];
  int rc = decode(buf, size, out, why, sizeof why);
  free(buf);
  if (rc != 0)
    snprintf(err, err_size, "%s: %s", path, why);
  return rc;
}

int aiccrun_read_file(const char *path, uint8_t **data, size_t *size, char *err,
                      size_t err_size) {
  *data = NULL;
  *size = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, err_size, "cannot open '%s': %s", path, strerror(errno));
    return -1;
  }
  long len = -1;
  if (fseek(f, 0, SEEK_END) == 0)
    len = ftell(f);
  if (len < 0 || fseek(f, 0, SEEK_SET) != 0) {
    snprintf(err, err_size, "cannot determine size of '%s'", path);
    fclose(f);
    return -1;
  }
  uint8_t *buf = malloc((size_t)len ? (size_t)len : 1);
  if (!buf) {
    snprintf(err, err_size, "out of memory reading '%s'", path);
    fclose(f);
    return -1;
  }
  if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
    snprintf(err, err_size, "cannot read '%s'", path);
    free(buf);
    fclose(f);
    return -1;
  }
  fclose(f);
  *data = buf;
  *size = (size_t)len;
  return 0;
}

static int has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

int aiccrun_tensor_read(const char *path, aiccrun_tensor_t *out, char *err,
                        size_t err_size) {
  uint8_t *buf;
  size_t size;
  if (aiccrun_read_file(path, &buf, &size, err, err_size) != 0)
    return -1;
  int is_npy =
      has_suffix(path, ".npy") || (!has_suffix(path, ".pb") && size >= 6 &&
                                   memcmp(buf, "\x93NUMPY", 6) == 0);
  char why[384];
  int rc = is_npy
               ? aiccrun_npy_decode(buf, size, out, why, sizeof why)
               : aiccrun_tensor_proto_decode(buf, size, out, why, sizeof why);
  free(buf);
  if (rc != 0)
    snprintf(err, err_size, "%s: %s", path, why);
  return rc;
}

float aiccrun_f16_to_f32(uint16_t h) {
  uint32_t sign = (uint32_t)(h >> 15) << 31;
  uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;
  } else { /* subnormal: normalise */
    exp = 113;
    while (!(mant & 0x400)) {
      mant <<= 1;
      --exp;
    }
    bits = sign | (exp << 23) | ((mant & 0x3ff) << 13);
  }
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

float aiccrun_bf16_to_f32(uint16_t h) {
  uint32_t bits = (uint32_t)h << 16;
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

uint32_t aiccrun_packed_get(const aiccrun_tensor_t *t, size_t i) {
  size_t bits = aicc_dtype_bits((aicc_dtype_t)t->dtype);
  const uint8_t *p = (const uint8_t *)t->data;
  uint32_t byte = p[i * bits / 8];
  return (byte >> (i * bits % 8)) & ((1u << bits) - 1);
}

static float from_bits(uint32_t bits) {
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

/* Value of an IEEE-like float with the given exponent and mantissa widths
 * and bias; specials are handled by the caller. */
static float small_float(uint32_t code, int exp_bits, int man_bits, int bias) {
  uint32_t man = code & ((1u << man_bits) - 1);
  uint32_t exp = (code >> man_bits) & ((1u << exp_bits) - 1);
  int neg = (code >> (exp_bits + man_bits)) & 1;
  float v = exp == 0 ? ldexpf((float)man, 1 - bias - man_bits)
                     : ldexpf((float)(man | (1u << man_bits)),
                              (int)exp - bias - man_bits);
  return neg ? -v : v;
}

float aiccrun_narrow_float_to_f32(int32_t dtype, uint32_t code) {
  switch (dtype) {
  case AICC_DTYPE_FLOAT8E4M3FN:
    if ((code & 0x7f) == 0x7f)
      return NAN;
    return small_float(code, 4, 3, 7);
  case AICC_DTYPE_FLOAT8E4M3FNUZ:
    if (code == 0x80)
      return NAN;
    return small_float(code, 4, 3, 8);
  case AICC_DTYPE_FLOAT8E5M2:
    if ((code & 0x7c) == 0x7c)
      return (code & 3) ? NAN : (code & 0x80) ? -INFINITY : INFINITY;
    return small_float(code, 5, 2, 15);
  case AICC_DTYPE_FLOAT8E5M2FNUZ:
    if (code == 0x80)
      return NAN;
    return small_float(code, 5, 2, 16);
  case AICC_DTYPE_FLOAT4E2M1:
    return small_float(code, 2, 1, 1);
  case AICC_DTYPE_FLOAT8E8M0:
    if (code == 0xff)
      return NAN;
    return code == 0 ? from_bits(0x00400000u) : from_bits(code << 23);
  }
  return NAN;
}
