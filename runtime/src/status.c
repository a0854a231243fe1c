/*
 * status.c - status strings, dtype tables and message formatting.
 */
#include <stdio.h>

#include "runtime_internal.h"

const char *aicc_status_string(aicc_status_t status) {
  switch (status) {
  case AICC_OK:
    return "ok";
  case AICC_ERR_INVALID_ARGUMENT:
    return "invalid argument";
  case AICC_ERR_LOAD:
    return "load failure";
  case AICC_ERR_ABI_MISMATCH:
    return "ABI mismatch";
  case AICC_ERR_INVALID_MODEL:
    return "invalid model descriptor";
  case AICC_ERR_SHAPE_MISMATCH:
    return "shape mismatch";
  case AICC_ERR_DTYPE_MISMATCH:
    return "dtype mismatch";
  case AICC_ERR_BUFFER_TOO_SMALL:
    return "buffer too small";
  case AICC_ERR_OUT_OF_MEMORY:
    return "out of memory";
  case AICC_ERR_EXECUTION:
    return "execution failure";
  case AICC_ERR_BUSY:
    return "context busy";
  case AICC_ERR_UNAVAILABLE:
    return "device unavailable";
  }
  return "unknown status";
}

size_t aicc_dtype_bits(aicc_dtype_t dtype) {
  switch (dtype) {
  case AICC_DTYPE_UINT2:
  case AICC_DTYPE_INT2:
    return 2;
  case AICC_DTYPE_UINT4:
  case AICC_DTYPE_INT4:
  case AICC_DTYPE_FLOAT4E2M1:
    return 4;
  case AICC_DTYPE_UINT8:
  case AICC_DTYPE_INT8:
  case AICC_DTYPE_BOOL:
  case AICC_DTYPE_FLOAT8E4M3FN:
  case AICC_DTYPE_FLOAT8E4M3FNUZ:
  case AICC_DTYPE_FLOAT8E5M2:
  case AICC_DTYPE_FLOAT8E5M2FNUZ:
  case AICC_DTYPE_FLOAT8E8M0:
    return 8;
  case AICC_DTYPE_UINT16:
  case AICC_DTYPE_INT16:
  case AICC_DTYPE_FLOAT16:
  case AICC_DTYPE_BFLOAT16:
    return 16;
  case AICC_DTYPE_FLOAT32:
  case AICC_DTYPE_INT32:
  case AICC_DTYPE_UINT32:
    return 32;
  case AICC_DTYPE_INT64:
  case AICC_DTYPE_FLOAT64:
  case AICC_DTYPE_UINT64:
    return 64;
  case AICC_DTYPE_INVALID:
    break;
  }
  return 0;
}

size_t aicc_dtype_size(aicc_dtype_t dtype) {
  size_t bits = aicc_dtype_bits(dtype);
  return bits % 8 ? 0 : bits / 8;
}

const char *aicc_dtype_name(aicc_dtype_t dtype) {
  switch (dtype) {
  case AICC_DTYPE_FLOAT32:
    return "float32";
  case AICC_DTYPE_UINT8:
    return "uint8";
  case AICC_DTYPE_INT8:
    return "int8";
  case AICC_DTYPE_UINT16:
    return "uint16";
  case AICC_DTYPE_INT16:
    return "int16";
  case AICC_DTYPE_INT32:
    return "int32";
  case AICC_DTYPE_INT64:
    return "int64";
  case AICC_DTYPE_BOOL:
    return "bool";
  case AICC_DTYPE_FLOAT16:
    return "float16";
  case AICC_DTYPE_FLOAT64:
    return "float64";
  case AICC_DTYPE_UINT32:
    return "uint32";
  case AICC_DTYPE_UINT64:
    return "uint64";
  case AICC_DTYPE_BFLOAT16:
    return "bfloat16";
  case AICC_DTYPE_FLOAT8E4M3FN:
    return "float8e4m3fn";
  case AICC_DTYPE_FLOAT8E4M3FNUZ:
    return "float8e4m3fnuz";
  case AICC_DTYPE_FLOAT8E5M2:
    return "float8e5m2";
  case AICC_DTYPE_FLOAT8E5M2FNUZ:
    return "float8e5m2fnuz";
  case AICC_DTYPE_UINT4:
    return "uint4";
  case AICC_DTYPE_INT4:
    return "int4";
  case AICC_DTYPE_FLOAT4E2M1:
    return "float4e2m1";
  case AICC_DTYPE_FLOAT8E8M0:
    return "float8e8m0";
  case AICC_DTYPE_UINT2:
    return "uint2";
  case AICC_DTYPE_INT2:
    return "int2";
  case AICC_DTYPE_INVALID:
    break;
  }
  return "invalid";
}

void aicc_vformat_message(char *buf, size_t size, const char *fmt, va_list ap) {
  if (!buf || size == 0)
    return;
  vsnprintf(buf, size, fmt, ap);
}

void aicc_format_message(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  aicc_vformat_message(buf, size, fmt, ap);
  va_end(ap);
}

void aicc_format_shape(char *buf, size_t size, int32_t rank,
                       const int64_t *shape) {
  size_t used = 0;
  if (!buf || size == 0)
    return;
  buf[0] = '\0';
  used += (size_t)snprintf(buf, size, "[");
  for (int32_t i = 0; i < rank && shape && used < size; ++i)
    used += (size_t)snprintf(buf + used, size - used, "%s%lld", i ? "," : "",
                             (long long)shape[i]);
  if (used < size)
    snprintf(buf + used, size - used, "]");
}

size_t aicc_shape_bytes(int32_t rank, const int64_t *shape, size_t elem_bits,
                        int *overflow) {
  /* Counted in bits; one byte's worth of headroom keeps the rounding up
   * from overflowing. */
  size_t total = elem_bits;
  *overflow = 0;
  for (int32_t i = 0; i < rank; ++i) {
    if (shape[i] < 0) {
      *overflow = 1;
      return 0;
    }
    size_t dim = (size_t)shape[i];
    if ((uint64_t)shape[i] > (uint64_t)SIZE_MAX ||
        (dim != 0 && total > (SIZE_MAX - 7) / dim)) {
      *overflow = 1;
      return 0;
    }
    total *= dim;
  }
  if (total > SIZE_MAX - 7) {
    *overflow = 1;
    return 0;
  }
  return (total + 7) / 8;
}
