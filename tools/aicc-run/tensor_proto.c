/*
 * tensor_proto.c - a small decoder for onnx.TensorProto in protobuf wire
 * format, enough for the ONNX backend test data (input_N.pb, output_N.pb).
 *
 * Pass 1 walks the message, remembers dims, data_type, name, raw_data and
 * counts the values in the typed repeated fields. Only when the counts agree
 * with the dims is memory allocated; pass 2 then converts the values.
 */
#include "host_tensor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  WIRE_VARINT = 0,
  WIRE_FIXED64 = 1,
  WIRE_LEN = 2,
  WIRE_FIXED32 = 5,
  F_DIMS = 1,
  F_DATA_TYPE = 2,
  F_FLOAT = 4,
  F_INT32 = 5,
  F_STRING = 6,
  F_INT64 = 7,
  F_NAME = 8,
  F_RAW = 9,
  F_DOUBLE = 10,
  F_UINT64 = 11,
  F_DATA_LOCATION = 14,
};

typedef struct reader {
  const uint8_t *p, *end;
} reader_t;

static int read_varint(reader_t *r, uint64_t *v) {
  uint64_t out = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end)
      return -1;
    uint8_t b = *r->p++;
    out |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = out;
      return 0;
    }
  }
  return -1;
}

static int read_fixed(reader_t *r, size_t n, uint64_t *v) {
  if ((size_t)(r->end - r->p) < n)
    return -1;
  uint64_t out = 0;
  for (size_t i = 0; i < n; ++i)
    out |= (uint64_t)r->p[i] << (8 * i);
  r->p += n;
  *v = out;
  return 0;
}

/* One field: its number, wire type, and value (scalar or a byte range). */
typedef struct field {
  uint32_t number, wire;
  uint64_t value;
  const uint8_t *bytes;
  size_t len;
} field_t;

static int next_field(reader_t *r, field_t *f) {
  uint64_t key;
  if (read_varint(r, &key) != 0 || (key >> 3) == 0 || (key >> 3) > 0xffffffu)
    return -1;
  f->number = (uint32_t)(key >> 3);
  f->wire = (uint32_t)(key & 7);
  switch (f->wire) {
  case WIRE_VARINT:
    return read_varint(r, &f->value);
  case WIRE_FIXED64:
    return read_fixed(r, 8, &f->value);
  case WIRE_FIXED32:
    return read_fixed(r, 4, &f->value);
  case WIRE_LEN:
    if (read_varint(r, &f->value) != 0 || f->value > (uint64_t)(r->end - r->p))
      return -1;
    f->bytes = r->p;
    f->len = (size_t)f->value;
    r->p += f->len;
    return 0;
  }
  return -1; /* groups (3, 4) and reserved wire types */
}

/* Counts the values of a packed or unpacked repeated field occurrence. */
static int count_values(const field_t *f, uint32_t scalar_wire,
                        uint64_t *count) {
  if (f->wire == scalar_wire) {
    ++*count;
    return 0;
  }
  if (f->wire != WIRE_LEN)
    return -1;
  if (scalar_wire == WIRE_VARINT) {
    uint64_t n = 0;
    for (size_t i = 0; i < f->len; ++i)
      n += !(f->bytes[i] & 0x80);
    if (f->len && (f->bytes[f->len - 1] & 0x80))
      return -1; /* a truncated varint at the end */
    *count += n;
    return 0;
  }
  size_t width = scalar_wire == WIRE_FIXED32 ? 4 : 8;
  if (f->len % width)
    return -1;
  *count += f->len / width;
  return 0;
}

typedef struct scan {
  int32_t dtype, rank;
  int64_t dims[AICC_MAX_RANK];
  const uint8_t *raw;
  size_t raw_len;
  int has_raw;
  uint32_t typed_field; /* which typed field carried values, 0 if none */
  uint64_t typed_count;
} scan_t;

/* Wire type of one scalar of a typed field. */
static uint32_t scalar_wire_of(uint32_t number) {
  switch (number) {
  case F_FLOAT:
    return WIRE_FIXED32;
  case F_DOUBLE:
    return WIRE_FIXED64;
  default:
    return WIRE_VARINT;
  }
}

static int scan_field(const field_t *f, scan_t *s, aiccrun_tensor_t *out,
                      char *err, size_t err_size) {
  switch (f->number) {
  case F_DIMS: {
    reader_t r = {f->bytes, f->bytes + f->len};
    uint64_t v = f->value;
    int packed = f->wire == WIRE_LEN;
    if (!packed && f->wire != WIRE_VARINT)
      break;
    while (!packed || r.p < r.end) {
      if (packed && read_varint(&r, &v) != 0)
        return snprintf(err, err_size, "malformed dims"), -1;
      if (s->rank == AICC_MAX_RANK || (int64_t)v < 0 || v > (1ULL << 48))
        return snprintf(err, err_size, "too many or invalid dims"), -1;
      s->dims[s->rank++] = (int64_t)v;
      if (!packed)
        break;
    }
    return 0;
  }
  case F_DATA_TYPE:
    if (f->wire != WIRE_VARINT)
      break;
    s->dtype = (int32_t)f->value;
    return 0;
  case F_NAME: {
    if (f->wire != WIRE_LEN)
      break;
    size_t n = f->len < sizeof out->name - 1 ? f->len : sizeof out->name - 1;
    memcpy(out->name, f->bytes, n);
    out->name[n] = '\0';
    return 0;
  }
  case F_RAW:
    if (f->wire != WIRE_LEN)
      break;
    s->raw = f->bytes;
    s->raw_len = f->len;
    s->has_raw = 1;
    return 0;
  case F_STRING:
    return snprintf(err, err_size, "string tensors are not supported"), -1;
  case F_DATA_LOCATION:
    if (f->wire == WIRE_VARINT && f->value == 1)
      return snprintf(err, err_size, "external data is not supported"), -1;
    return 0;
  case F_FLOAT:
  case F_INT32:
  case F_INT64:
  case F_DOUBLE:
  case F_UINT64:
    if (s->typed_field && s->typed_field != f->number)
      return snprintf(err, err_size, "values in several typed fields"), -1;
    s->typed_field = f->number;
    if (count_values(f, scalar_wire_of(f->number), &s->typed_count) != 0)
      break;
    return 0;
  default:
    return 0; /* segment, doc_string, external_data, ...: ignored */
  }
  snprintf(err, err_size, "field %u has unexpected wire type %u", f->number,
           f->wire);
  return -1;
}

/* The typed field ONNX uses for each dtype. */
static uint32_t typed_field_of(int32_t dtype) {
  switch (dtype) {
  case AICC_DTYPE_FLOAT32:
    return F_FLOAT;
  case AICC_DTYPE_FLOAT64:
    return F_DOUBLE;
  case AICC_DTYPE_INT64:
    return F_INT64;
  case AICC_DTYPE_UINT32:
  case AICC_DTYPE_UINT64:
    return F_UINT64;
  default:
    return F_INT32; /* int32, (u)int8/16, bool, float16, bfloat16 */
  }
}

/* Bytes one stored value takes: its size, or one byte holding 8 / bits
 * packed elements of a sub-byte type (ONNX puts one such byte in each
 * int32_data entry). */
static size_t storage_unit(int32_t dtype) {
  size_t bits = aicc_dtype_bits((aicc_dtype_t)dtype);
  return bits && bits < 8 ? 1 : bits / 8;
}

static void store(void *data, size_t index, size_t elem, uint64_t v) {
  uint8_t *dst = (uint8_t *)data + index * elem;
  for (size_t b = 0; b < elem; ++b) /* little-endian truncation */
    dst[b] = (uint8_t)(v >> (8 * b));
}

/* Pass 2: copies the typed values into out->data. */
static void fill_typed(const uint8_t *buf, size_t size, uint32_t number,
                       aiccrun_tensor_t *out) {
  reader_t r = {buf, buf + size};
  size_t elem = storage_unit(out->dtype), index = 0;
  uint32_t sw = scalar_wire_of(number);
  size_t width = sw == WIRE_FIXED32 ? 4 : sw == WIRE_FIXED64 ? 8 : 0;
  field_t f;
  while (r.p < r.end && next_field(&r, &f) == 0) {
    if (f.number != number)
      continue;
    if (f.wire != WIRE_LEN) {
      store(out->data, index++, elem, f.value);
      continue;
    }
    reader_t pr = {f.bytes, f.bytes + f.len};
    uint64_t v;
    while (pr.p < pr.end &&
           (width ? read_fixed(&pr, width, &v) : read_varint(&pr, &v)) == 0)
      store(out->data, index++, elem, v);
  }
}

int aiccrun_tensor_proto_decode(const uint8_t *buf, size_t size,
                                aiccrun_tensor_t *out, char *err,
                                size_t err_size) {
  aiccrun_tensor_init(out);
  scan_t s;
  memset(&s, 0, sizeof s);
  reader_t r = {buf, buf + size};
  field_t f;
  while (r.p < r.end) {
    if (next_field(&r, &f) != 0) {
      snprintf(err, err_size, "malformed or truncated TensorProto");
      return -1;
    }
    if (scan_field(&f, &s, out, err, err_size) != 0)
      return -1;
  }
  size_t elem = storage_unit(s.dtype);
  if (elem == 0) {
    snprintf(err, err_size, "unsupported TensorProto data_type %d%s", s.dtype,
             s.dtype == 8 ? " (string)" : "");
    return -1;
  }
  size_t bits = aicc_dtype_bits((aicc_dtype_t)s.dtype);
  /* The element count, capped: more than the file can hold is an error. */
  uint64_t count = 1;
  for (int32_t i = 0; i < s.rank; ++i)
    count = s.dims[i] == 0 ? 0
            : count > (uint64_t)size / (uint64_t)s.dims[i] + 1
                ? (uint64_t)size + 1
                : count * (uint64_t)s.dims[i];
  if (bits < 8 && count <= size) /* packed: stored values are bytes */
    count = (count * bits + 7) / 8;
  uint64_t have = s.has_raw ? s.raw_len / elem : s.typed_count;
  if (s.has_raw && s.raw_len % elem) {
    snprintf(err, err_size, "raw_data size %zu is not a multiple of %zu",
             s.raw_len, elem);
    return -1;
  }
  if (!s.has_raw && s.typed_field && s.typed_field != typed_field_of(s.dtype)) {
    snprintf(err, err_size, "values stored in field %u, %s expects field %u",
             s.typed_field, aicc_dtype_name((aicc_dtype_t)s.dtype),
             typed_field_of(s.dtype));
    return -1;
  }
  if (have != count) {
    snprintf(err, err_size, "TensorProto holds %llu values, dims declare %s",
             (unsigned long long)have,
             count > size ? "more than the file can hold"
                          : "a different count");
    return -1;
  }
  if (aiccrun_tensor_alloc(out, s.dtype, s.rank, s.dims, err, err_size) != 0)
    return -1;
  if (s.has_raw)
    memcpy(out->data, s.raw, s.raw_len);
  else if (count)
    fill_typed(buf, size, s.typed_field, out);
  return 0;
}

int aiccrun_tensor_proto_read(const char *path, aiccrun_tensor_t *out, char *err,
                              size_t err_size) {
  return aiccrun_read_decoded(path, aiccrun_tensor_proto_decode, out, err, err_size);
}
