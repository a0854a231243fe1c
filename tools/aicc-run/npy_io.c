/*
 * npy_io.c - reading and writing numpy .npy files (C order,
 * little-endian). Format: "\x93NUMPY", major, minor, header length (u16 in
 * v1, u32 in v2/v3), then a Python dict literal such as
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
 */
#include "host_tensor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *code; /* numpy type code without byte-order mark */
  int32_t dtype;
} kNpyTypes[] = {
    {"f4", AICC_DTYPE_FLOAT32}, {"f8", AICC_DTYPE_FLOAT64},
    {"f2", AICC_DTYPE_FLOAT16}, {"i1", AICC_DTYPE_INT8},
    {"i2", AICC_DTYPE_INT16},   {"i4", AICC_DTYPE_INT32},
    {"i8", AICC_DTYPE_INT64},   {"u1", AICC_DTYPE_UINT8},
    {"u2", AICC_DTYPE_UINT16},  {"u4", AICC_DTYPE_UINT32},
    {"u8", AICC_DTYPE_UINT64},  {"b1", AICC_DTYPE_BOOL},
};

/* Finds 'key' in the header and returns a pointer just past its ':'. */
static const char *find_key(const char *hdr, const char *key) {
  char quoted[32];
  snprintf(quoted, sizeof quoted, "'%s'", key);
  const char *p = strstr(hdr, quoted);
  if (!p) {
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    p = strstr(hdr, quoted);
  }
  if (!p)
    return NULL;
  p += strlen(quoted);
  while (*p == ' ')
    ++p;
  return *p == ':' ? p + 1 : NULL;
}

static const char *skip_spaces(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n')
    ++p;
  return p;
}

static int parse_descr(const char *hdr, int32_t *dtype, char *err,
                       size_t err_size) {
  const char *p = find_key(hdr, "descr");
  if (!p || (*(p = skip_spaces(p)) != '\'' && *p != '"')) {
    snprintf(err, err_size, "npy header has no 'descr'");
    return -1;
  }
  char quote = *p++;
  const char *end = strchr(p, quote);
  if (!end || end - p < 2 || end - p > 8) {
    snprintf(err, err_size, "npy header has a malformed 'descr'");
    return -1;
  }
  char code[9];
  memcpy(code, p, (size_t)(end - p));
  code[end - p] = '\0';
  const char *type = code;
  char order = '|';
  if (*type == '<' || *type == '>' || *type == '|' || *type == '=')
    order = *type++;
  for (size_t i = 0; i < sizeof kNpyTypes / sizeof kNpyTypes[0]; ++i) {
    if (strcmp(type, kNpyTypes[i].code) != 0)
      continue;
    if (order == '>' && type[1] != '1') {
      snprintf(err, err_size, "big-endian npy dtype '%s' is not supported",
               code);
      return -1;
    }
    *dtype = kNpyTypes[i].dtype;
    return 0;
  }
  snprintf(err, err_size, "unsupported npy dtype '%s'", code);
  return -1;
}

static int parse_shape(const char *hdr, aiccrun_tensor_t *t, char *err,
                       size_t err_size) {
  const char *p = find_key(hdr, "shape");
  if (!p || *(p = skip_spaces(p)) != '(') {
    snprintf(err, err_size, "npy header has no 'shape' tuple");
    return -1;
  }
  ++p;
  t->rank = 0;
  for (;;) {
    p = skip_spaces(p);
    if (*p == ')')
      return 0;
    if (*p < '0' || *p > '9' || t->rank == AICC_MAX_RANK) {
      snprintf(err, err_size, "npy header has a malformed or too long shape");
      return -1;
    }
    char *end;
    long long dim = strtoll(p, &end, 10);
    if (dim < 0 || dim > (1LL << 48)) {
      snprintf(err, err_size, "npy shape dimension %lld is out of range", dim);
      return -1;
    }
    t->shape[t->rank++] = dim;
    p = skip_spaces(end);
    if (*p == ',')
      ++p;
    else if (*p != ')') {
      snprintf(err, err_size, "npy header has a malformed shape");
      return -1;
    }
  }
}

int aiccrun_npy_decode(const uint8_t *buf, size_t size, aiccrun_tensor_t *out,
                       char *err, size_t err_size) {
  aiccrun_tensor_init(out);
  if (size < 10 || memcmp(buf, "\x93NUMPY", 6) != 0) {
    snprintf(err, err_size, "not an .npy file (bad magic)");
    return -1;
  }
  unsigned major = buf[6];
  size_t hdr_len, hdr_off;
  if (major == 1) {
    hdr_len = (size_t)buf[8] | (size_t)buf[9] << 8;
    hdr_off = 10;
  } else if ((major == 2 || major == 3) && size >= 12) {
    hdr_len = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 |
              (size_t)buf[11] << 24;
    hdr_off = 12;
  } else {
    snprintf(err, err_size, "unsupported .npy format version %u", major);
    return -1;
  }
  if (hdr_len > size - hdr_off) {
    snprintf(err, err_size, "truncated .npy header");
    return -1;
  }
  char *hdr = malloc(hdr_len + 1);
  if (!hdr) {
    snprintf(err, err_size, "out of memory");
    return -1;
  }
  memcpy(hdr, buf + hdr_off, hdr_len);
  hdr[hdr_len] = '\0';
  int32_t dtype = 0;
  aiccrun_tensor_t shape;
  aiccrun_tensor_init(&shape);
  int rc = parse_descr(hdr, &dtype, err, err_size);
  if (rc == 0)
    rc = parse_shape(hdr, &shape, err, err_size);
  const char *fo = find_key(hdr, "fortran_order");
  if (rc == 0 && fo && strncmp(skip_spaces(fo), "True", 4) == 0) {
    snprintf(err, err_size, "Fortran-order .npy files are not supported");
    rc = -1;
  }
  free(hdr);
  if (rc != 0)
    return -1;
  /* Check the payload size before allocating anything for it. */
  size_t avail = size - hdr_off - hdr_len, need = aicc_dtype_size(dtype);
  for (int32_t i = 0; i < shape.rank; ++i)
    if (shape.shape[i] == 0)
      need = 0;
  for (int32_t i = 0; i < shape.rank && need != 0; ++i) {
    if (need > avail / (uint64_t)shape.shape[i]) {
      need = SIZE_MAX; /* more than the file holds; avoids overflow */
      break;
    }
    need *= (size_t)shape.shape[i];
  }
  if (need != avail) {
    snprintf(err, err_size, "npy payload has %zu bytes, header declares %s",
             avail, need == SIZE_MAX ? "more than that" : "a different size");
    return -1;
  }
  if (aiccrun_tensor_alloc(out, dtype, shape.rank, shape.shape, err,
                           err_size) != 0)
    return -1;
  memcpy(out->data, buf + hdr_off + hdr_len, need);
  return 0;
}

int aiccrun_npy_read(const char *path, aiccrun_tensor_t *out, char *err,
                     size_t err_size) {
  return aiccrun_read_decoded(path, aiccrun_npy_decode, out, err, err_size);
}

static const char *npy_descr(int32_t dtype) {
  switch (dtype) {
  case AICC_DTYPE_FLOAT32:
    return "<f4";
  case AICC_DTYPE_FLOAT64:
    return "<f8";
  case AICC_DTYPE_FLOAT16:
    return "<f2";
  case AICC_DTYPE_INT8:
    return "|i1";
  case AICC_DTYPE_INT16:
    return "<i2";
  case AICC_DTYPE_INT32:
    return "<i4";
  case AICC_DTYPE_INT64:
    return "<i8";
  case AICC_DTYPE_UINT8:
    return "|u1";
  case AICC_DTYPE_UINT16:
    return "<u2";
  case AICC_DTYPE_BFLOAT16:
    return "<u2"; /* numpy has no bfloat16: raw bits */
  case AICC_DTYPE_UINT32:
    return "<u4";
  case AICC_DTYPE_UINT64:
    return "<u8";
  case AICC_DTYPE_BOOL:
    return "|b1";
  /* numpy has none of these: 8-bit float and float4e2m1 codes as raw bits,
   * sub-byte integers unpacked to one byte each. */
  case AICC_DTYPE_FLOAT8E4M3FN:
  case AICC_DTYPE_FLOAT8E4M3FNUZ:
  case AICC_DTYPE_FLOAT8E5M2:
  case AICC_DTYPE_FLOAT8E5M2FNUZ:
  case AICC_DTYPE_FLOAT8E8M0:
  case AICC_DTYPE_FLOAT4E2M1:
  case AICC_DTYPE_UINT4:
  case AICC_DTYPE_UINT2:
    return "|u1";
  case AICC_DTYPE_INT4:
  case AICC_DTYPE_INT2:
    return "|i1";
  }
  return NULL;
}

int aiccrun_npy_write(const char *path, const aiccrun_tensor_t *t, char *err,
                      size_t err_size) {
  const char *descr = npy_descr(t->dtype);
  if (!descr) {
    snprintf(err, err_size, "cannot write dtype %d to .npy", t->dtype);
    return -1;
  }
  char dict[1024];
  size_t n = (size_t)snprintf(dict, sizeof dict,
                              "{'descr': '%s', 'fortran_order': False, "
                              "'shape': (",
                              descr);
  for (int32_t i = 0; i < t->rank && n < sizeof dict; ++i)
    n += (size_t)snprintf(dict + n, sizeof dict - n, "%lld,%s",
                          (long long)t->shape[i], i + 1 < t->rank ? " " : "");
  if (n < sizeof dict)
    n += (size_t)snprintf(dict + n, sizeof dict - n, "), }");
  if (n >= sizeof dict - 80) {
    snprintf(err, err_size, "npy header too long");
    return -1;
  }
  /* Pad with spaces so that the data starts at a multiple of 64. */
  size_t total = 10 + n + 1;
  size_t pad = (64 - total % 64) % 64;
  memset(dict + n, ' ', pad);
  dict[n + pad] = '\n';
  size_t hdr_len = n + pad + 1;
  uint8_t pre[10] = {0x93,
                     'N',
                     'U',
                     'M',
                     'P',
                     'Y',
                     1,
                     0,
                     (uint8_t)(hdr_len & 0xff),
                     (uint8_t)(hdr_len >> 8)};
  /* Sub-byte elements are unpacked to one byte each (sign-extended). */
  const void *payload = t->data;
  size_t payload_bytes = t->size_bytes;
  uint8_t *unpacked = NULL;
  size_t bits = aicc_dtype_bits((aicc_dtype_t)t->dtype);
  if (bits < 8) {
    payload_bytes = aiccrun_tensor_num_elements(t);
    unpacked = malloc(payload_bytes ? payload_bytes : 1);
    if (!unpacked) {
      snprintf(err, err_size, "out of memory writing '%s'", path);
      return -1;
    }
    int sign = t->dtype == AICC_DTYPE_INT4 || t->dtype == AICC_DTYPE_INT2;
    for (size_t i = 0; i < payload_bytes; ++i) {
      uint32_t v = aiccrun_packed_get(t, i);
      if (sign && (v >> (bits - 1)))
        v |= ~0u << bits;
      unpacked[i] = (uint8_t)v;
    }
    payload = unpacked;
  }
  FILE *f = fopen(path, "wb");
  if (!f) {
    snprintf(err, err_size, "cannot create '%s'", path);
    free(unpacked);
    return -1;
  }
  int ok = fwrite(pre, 1, sizeof pre, f) == sizeof pre &&
           fwrite(dict, 1, hdr_len, f) == hdr_len &&
           fwrite(payload, 1, payload_bytes, f) == payload_bytes;
  ok = (fclose(f) == 0) && ok;
  free(unpacked);
  if (!ok)
    snprintf(err, err_size, "cannot write '%s'", path);
  return ok ? 0 : -1;
}
