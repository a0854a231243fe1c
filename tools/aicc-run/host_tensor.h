/*
 * host_tensor.h - tensors owned by aicc-run, and the file formats it reads
 * and writes (.npy, ONNX TensorProto .pb). Part of the aiccrun_io library.
 *
 * Every reader checks each declared size against the bytes actually present
 * before allocating, and reports problems as a message in `err`.
 * Functions return 0 on success and -1 on failure.
 */
#ifndef AICCRUN_HOST_TENSOR_H
#define AICCRUN_HOST_TENSOR_H

#include <stddef.h>
#include <stdint.h>

#include "aicc/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A dense row-major tensor whose data is owned (malloc) by the struct. */
typedef struct aiccrun_tensor {
  int32_t dtype; /**< aicc_dtype_t */
  int32_t rank;
  int64_t shape[AICC_MAX_RANK];
  void *data;
  size_t size_bytes;
  char name[128]; /**< TensorProto name, "" if none */
} aiccrun_tensor_t;

/** Zero-initialises *t. */
void aiccrun_tensor_init(aiccrun_tensor_t *t);
/** Frees the data and zero-initialises *t. */
void aiccrun_tensor_free(aiccrun_tensor_t *t);
/** Number of elements (1 for rank 0). */
size_t aiccrun_tensor_num_elements(const aiccrun_tensor_t *t);
/** Bytes of a dtype/shape, sub-byte dtypes packed; -1 on overflow or an
 *  unknown dtype. */
int aiccrun_storage_bytes(int32_t dtype, int32_t rank, const int64_t *shape,
                          size_t *bytes);
/** Allocates zeroed data for dtype/shape; fails on overflow or no memory. */
int aiccrun_tensor_alloc(aiccrun_tensor_t *t, int32_t dtype, int32_t rank,
                         const int64_t *shape, char *err, size_t err_size);
/** onnx < 1.13 wrote bfloat16 TensorProtos as data_type UINT16 (the same
 *  bits): where `want` is bfloat16, a uint16 tensor is relabelled. */
void aiccrun_adopt_legacy_bfloat16(aiccrun_tensor_t *t, int32_t want);
/** Formats "float32[2,3]". */
void aiccrun_tensor_describe(int32_t dtype, int32_t rank, const int64_t *shape,
                             char *buf, size_t size);
/** A runtime view of the tensor. */
aicc_tensor_t aiccrun_tensor_view(aiccrun_tensor_t *t);

/** Reads a whole file into malloc'ed memory. */
int aiccrun_read_file(const char *path, uint8_t **data, size_t *size, char *err,
                      size_t err_size);

/** Decodes a whole file's bytes into a tensor; 0 on success. */
typedef int (*aiccrun_decode_fn)(const uint8_t *buf, size_t size,
                                 aiccrun_tensor_t *out, char *err,
                                 size_t err_size);
/** Reads `path` and decodes it with `decode`; errors name the file. */
int aiccrun_read_decoded(const char *path, aiccrun_decode_fn decode,
                         aiccrun_tensor_t *out, char *err, size_t err_size);

/** .npy (format 1.0/2.0/3.0, little-endian, C order). */
int aiccrun_npy_decode(const uint8_t *buf, size_t size, aiccrun_tensor_t *out,
                       char *err, size_t err_size);
int aiccrun_npy_read(const char *path, aiccrun_tensor_t *out, char *err,
                     size_t err_size);
int aiccrun_npy_write(const char *path, const aiccrun_tensor_t *t, char *err,
                      size_t err_size);

/** ONNX TensorProto in protobuf binary encoding. */
int aiccrun_tensor_proto_decode(const uint8_t *buf, size_t size,
                                aiccrun_tensor_t *out, char *err,
                                size_t err_size);
int aiccrun_tensor_proto_read(const char *path, aiccrun_tensor_t *out,
                              char *err, size_t err_size);

/** Reads .npy or .pb, chosen by extension (else by the .npy magic). */
int aiccrun_tensor_read(const char *path, aiccrun_tensor_t *out, char *err,
                        size_t err_size);

/** Half-precision conversions used by compare and random inputs. */
float aiccrun_f16_to_f32(uint16_t h);
float aiccrun_bf16_to_f32(uint16_t h);
/** The bits of element i of a packed sub-byte tensor (zero-extended). */
uint32_t aiccrun_packed_get(const aiccrun_tensor_t *t, size_t i);
/** Value of an 8-bit float, float4e2m1 or float8e8m0 code (NaN codes give
 *  NaN). */
float aiccrun_narrow_float_to_f32(int32_t dtype, uint32_t code);

#ifdef __cplusplus
}
#endif

#endif /* AICCRUN_HOST_TENSOR_H */
