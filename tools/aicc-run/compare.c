/*
 * compare.c - tolerance checks for --compare.
 */
#include "compare.h"

#include <math.h>
#include <string.h>

double aiccrun_element(const aiccrun_tensor_t *t, size_t i) {
  const uint8_t *p = (const uint8_t *)t->data;
  switch (t->dtype) {
#define LOAD(DTYPE, CTYPE)                                                     \
  case DTYPE: {                                                                \
    CTYPE v;                                                                   \
    memcpy(&v, p + i * sizeof v, sizeof v);                                    \
    return (double)v;                                                          \
  }
    LOAD(AICC_DTYPE_FLOAT32, float)
    LOAD(AICC_DTYPE_FLOAT64, double)
    LOAD(AICC_DTYPE_INT8, int8_t)
    LOAD(AICC_DTYPE_INT16, int16_t)
    LOAD(AICC_DTYPE_INT32, int32_t)
    LOAD(AICC_DTYPE_INT64, int64_t)
    LOAD(AICC_DTYPE_UINT8, uint8_t)
    LOAD(AICC_DTYPE_UINT16, uint16_t)
    LOAD(AICC_DTYPE_UINT32, uint32_t)
    LOAD(AICC_DTYPE_UINT64, uint64_t)
    LOAD(AICC_DTYPE_BOOL, uint8_t)
#undef LOAD
  case AICC_DTYPE_FLOAT16:
  case AICC_DTYPE_BFLOAT16: {
    uint16_t h;
    memcpy(&h, p + i * 2, 2);
    return t->dtype == AICC_DTYPE_FLOAT16 ? aiccrun_f16_to_f32(h)
                                          : aiccrun_bf16_to_f32(h);
  }
  case AICC_DTYPE_FLOAT8E4M3FN:
  case AICC_DTYPE_FLOAT8E4M3FNUZ:
  case AICC_DTYPE_FLOAT8E5M2:
  case AICC_DTYPE_FLOAT8E5M2FNUZ:
  case AICC_DTYPE_FLOAT8E8M0:
    return aiccrun_narrow_float_to_f32(t->dtype, p[i]);
  case AICC_DTYPE_FLOAT4E2M1:
    return aiccrun_narrow_float_to_f32(t->dtype, aiccrun_packed_get(t, i));
  case AICC_DTYPE_UINT4:
  case AICC_DTYPE_UINT2:
    return (double)aiccrun_packed_get(t, i);
  case AICC_DTYPE_INT4:
  case AICC_DTYPE_INT2: { /* sign-extend */
    uint32_t bits = (uint32_t)aicc_dtype_bits((aicc_dtype_t)t->dtype);
    uint32_t v = aiccrun_packed_get(t, i);
    return (double)((int32_t)(v << (32 - bits)) >> (32 - bits));
  }
  }
  return 0.0;
}

static int is_float(int32_t dtype) {
  switch (dtype) {
  case AICC_DTYPE_FLOAT32:
  case AICC_DTYPE_FLOAT64:
  case AICC_DTYPE_FLOAT16:
  case AICC_DTYPE_BFLOAT16:
  case AICC_DTYPE_FLOAT8E4M3FN:
  case AICC_DTYPE_FLOAT8E4M3FNUZ:
  case AICC_DTYPE_FLOAT8E5M2:
  case AICC_DTYPE_FLOAT8E5M2FNUZ:
  case AICC_DTYPE_FLOAT4E2M1:
  case AICC_DTYPE_FLOAT8E8M0:
    return 1;
  }
  return 0;
}

/* Exact comparison of integer elements: doubles lose int64 precision. */
static int int_equal(const aiccrun_tensor_t *a, const aiccrun_tensor_t *b,
                     size_t i) {
  size_t elem = aicc_dtype_size((aicc_dtype_t)a->dtype);
  if (elem == 0) /* packed sub-byte integers */
    return aiccrun_packed_get(a, i) == aiccrun_packed_get(b, i);
  const uint8_t *pa = (const uint8_t *)a->data + i * elem;
  const uint8_t *pb = (const uint8_t *)b->data + i * elem;
  if (a->dtype == AICC_DTYPE_BOOL)
    return (*pa != 0) == (*pb != 0);
  return memcmp(pa, pb, elem) == 0;
}

static int float_ok(double a, double b, double rtol, double atol) {
  if (isnan(a) || isnan(b))
    return isnan(a) && isnan(b);
  if (isinf(a) || isinf(b))
    return a == b;
  return fabs(a - b) <= atol + rtol * fabs(b);
}

int aiccrun_compare(const aiccrun_tensor_t *actual,
                    const aiccrun_tensor_t *expected, double rtol, double atol,
                    aiccrun_compare_result_t *res) {
  memset(res, 0, sizeof *res);
  res->shape_ok = actual->dtype == expected->dtype &&
                  actual->rank == expected->rank &&
                  memcmp(actual->shape, expected->shape,
                         (size_t)actual->rank * sizeof actual->shape[0]) == 0;
  if (!res->shape_ok)
    return 0;
  size_t n = aiccrun_tensor_num_elements(actual);
  int fp = is_float(actual->dtype);
  for (size_t i = 0; i < n; ++i) {
    double a = aiccrun_element(actual, i), b = aiccrun_element(expected, i);
    int ok = fp ? float_ok(a, b, rtol, atol) : int_equal(actual, expected, i);
    if (!isnan(a) && !isnan(b) && !(isinf(a) && a == b)) {
      double diff = fabs(a - b);
      if (diff > res->max_abs)
        res->max_abs = diff;
      if (b != 0.0 && diff / fabs(b) > res->max_rel)
        res->max_rel = diff / fabs(b);
    }
    if (!ok && res->num_bad++ == 0) {
      res->first_bad = i;
      res->bad_actual = a;
      res->bad_expected = b;
    }
  }
  return res->num_bad == 0;
}
