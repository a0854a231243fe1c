/*
 * runtime_internal.h - private structures and helpers of libaiccrt.
 */
#ifndef AICC_RUNTIME_INTERNAL_H
#define AICC_RUNTIME_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>

#include "aicc/runtime.h"

struct aicc_model {
  const aicc_abi_model_t *desc;
  void *dl_handle;  /* NULL when the descriptor is linked in */
  atomic_int refs;  /* caller reference + one per context */
  size_t *in_bytes; /* byte size of each input, then each output */
  size_t *out_bytes;
};

/* snprintf into a caller buffer that may be NULL or empty. */
void aicc_format_message(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void aicc_vformat_message(char *buf, size_t size, const char *fmt, va_list ap);

/* Writes "[2,3]" into buf. */
void aicc_format_shape(char *buf, size_t size, int32_t rank,
                       const int64_t *shape);

/*
 * Bytes of a shape's elements of elem_bits bits each, packed and rounded up
 * to whole bytes (elem_bits 8 gives the element count). Returns 0 and sets
 * *overflow when the count times elem_bits does not fit in a size_t.
 */
size_t aicc_shape_bytes(int32_t rank, const int64_t *shape, size_t elem_bits,
                        int *overflow);

/* Validates a descriptor; fills err on failure. */
aicc_status_t aicc_validate_descriptor(const aicc_abi_model_t *desc, char *err,
                                       size_t err_size);

/*
 * Checks that `path` is a regular file and, for ELF, that it is not
 * truncated (dlopen would crash with SIGBUS on a truncated library).
 */
/* Checks caller tensor `t` (input or output `index`, `kind` names which)
 * against descriptor entry `want` of `want_bytes` bytes (ignored for dynamic
 * shapes): dtype, shape, data pointer and buffer size. Writes the message to
 * err on failure. */
aicc_status_t aicc_check_tensor(char *err, size_t err_size, const char *kind,
                                size_t index, const aicc_tensor_t *t,
                                const aicc_abi_tensor_t *want, size_t want_bytes);

/* Checks that a run got the model's number of inputs and outputs, and
 * non-NULL arrays (`in`/`out`) where the counts are not 0. */
aicc_status_t aicc_check_counts(char *err, size_t err_size, const aicc_model_t *m,
                                const void *in, size_t n_in, const void *out,
                                size_t n_out);

/* The device of a validated-version descriptor: CPU for version 3, whose
 * descriptors end before the field. */
int32_t aicc_descriptor_device(const aicc_abi_model_t *desc);

/* Checks a CUDA model's program (cuda_program.c): counts, pointers, launch
 * shapes, argument kinds and indices, offsets within their buffers. */
aicc_status_t aicc_validate_cuda_program(const aicc_abi_model_t *desc, char *err,
                                         size_t err_size);

aicc_status_t aicc_check_library_file(const char *path, char *err,
                                      size_t err_size);

/* The workers behind aicc_abi_exec_t (thread_pool.c). */
typedef struct aicc_thread_pool aicc_thread_pool_t;
/* Threads for num_threads = 0: the CPUs this process may run on. */
int32_t aicc_thread_pool_default_threads(void);
/* A pool of num_threads (2..AICC_MAX_THREADS): the caller and num_threads-1
   workers. */
aicc_status_t aicc_thread_pool_create(int32_t num_threads, aicc_thread_pool_t **out);
void aicc_thread_pool_destroy(aicc_thread_pool_t *pool);
int32_t aicc_thread_pool_size(const aicc_thread_pool_t *pool);
/* Wakes sleeping workers so that they spin, waiting for the next job. */
void aicc_thread_pool_wake(aicc_thread_pool_t *pool);
/* aicc_abi_exec_t.parallel_for; `pool` is an aicc_thread_pool_t. */
void aicc_thread_pool_parallel_for(void *pool, int64_t n, aicc_abi_task_fn task,
                                   void *ctx);

/* 1 when the descriptor tensor has a dynamic (-1) dim. */
int aicc_desc_is_dynamic(const aicc_abi_tensor_t *t);

/* Reference counting shared by models and contexts. */
void aicc_model_retain(aicc_model_t *model);

#endif /* AICC_RUNTIME_INTERNAL_H */
