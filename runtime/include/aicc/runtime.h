/*
 * aicc/runtime.h - the aicc runtime (libaiccrt): load a model compiled by
 * aicc, check the caller's buffers against its signature and run it.
 *
 * Objects
 *   aicc_model_t    one loaded compiled model (a dlopen()ed shared library or
 *                   a descriptor linked into the program). Immutable after
 *                   creation; may be shared by any number of threads.
 *   aicc_context_t  the state of one run: the scratch arena and the last
 *                   error message. Use one context per thread; two contexts
 *                   of one model may run concurrently.
 *   aicc_tensor_t   a view of a caller-owned buffer plus its dtype and shape.
 *
 * Ownership
 *   - Every *_create / *_load / *_from_descriptor call that returns AICC_OK
 *     hands the caller one reference, released with the matching *_release.
 *     On failure *out is set to NULL and nothing needs releasing.
 *   - A context holds a reference to its model: aicc_model_release() may be
 *     called before the contexts are released; the model is unloaded when
 *     its last context goes away.
 *   - Tensor buffers (inputs and outputs) stay owned by the caller. The
 *     runtime and the compiled code keep no pointer to them after
 *     aicc_context_run() returns. Output buffers must not overlap inputs.
 *   - Strings returned by query functions live as long as the model;
 *     aicc_context_last_error() lives until the next call on that context.
 *
 * Errors
 *   Every fallible call returns an aicc_status_t. Details are written to a
 *   caller-supplied buffer (loading) or kept per context
 *   (aicc_context_last_error). The library has no global mutable state.
 *
 * This header includes only <stdint.h>, <stddef.h> and aicc/abi.h.
 */
#ifndef AICC_RUNTIME_H
#define AICC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "aicc/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define AICC_RT_API __attribute__((visibility("default")))
#else
#define AICC_RT_API
#endif

/** Largest rank the runtime accepts in a descriptor or a tensor. */
#define AICC_MAX_RANK 32
/** Most threads one context uses. */
#define AICC_MAX_THREADS 256

/* ------------------------------------------------------------------------ */
/* Status                                                                   */
/* ------------------------------------------------------------------------ */

/** Result of every fallible call. AICC_OK is 0; all errors are non-zero. */
typedef enum aicc_status {
  AICC_OK = 0,
  AICC_ERR_INVALID_ARGUMENT = 1, /**< NULL pointer, bad index or count */
  AICC_ERR_LOAD = 2,             /**< file missing, not a loadable library */
  AICC_ERR_ABI_MISMATCH = 3,     /**< no descriptor symbol / wrong version */
  AICC_ERR_INVALID_MODEL = 4,    /**< descriptor contents are inconsistent */
  AICC_ERR_SHAPE_MISMATCH = 5,   /**< tensor rank or dims differ from model */
  AICC_ERR_DTYPE_MISMATCH = 6,   /**< tensor element type differs */
  AICC_ERR_BUFFER_TOO_SMALL = 7, /**< size_bytes smaller than the tensor */
  AICC_ERR_OUT_OF_MEMORY = 8,
  AICC_ERR_EXECUTION = 9, /**< compiled code returned non-zero */
  AICC_ERR_BUSY = 10,     /**< context already running on a thread */
  AICC_ERR_UNAVAILABLE = 11 /**< no CUDA driver or device (aicc/cuda.h) */
} aicc_status_t;

/** Short description of a status, e.g. "shape mismatch". Never NULL. */
AICC_RT_API const char *aicc_status_string(aicc_status_t status);

/* ------------------------------------------------------------------------ */
/* Element types                                                            */
/* ------------------------------------------------------------------------ */

/**
 * Bytes per element (1 for bool and the 8-bit floats), or 0 for an unknown
 * dtype and for the packed sub-byte dtypes (int4, uint4, float4e2m1, int2,
 * uint2): size those with aicc_dtype_bits or aicc_tensor_desc_size_bytes.
 */
AICC_RT_API size_t aicc_dtype_size(aicc_dtype_t dtype);

/** Bits per element (2, 4, 8, 16, 32 or 64), or 0 for an unknown dtype. */
AICC_RT_API size_t aicc_dtype_bits(aicc_dtype_t dtype);

/** Lower-case name ("float32", "int64", "bool", ...), "invalid" if unknown. */
AICC_RT_API const char *aicc_dtype_name(aicc_dtype_t dtype);

/* ------------------------------------------------------------------------ */
/* Tensors                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * A caller-owned dense row-major buffer. `shape` has `rank` entries (may be
 * NULL when rank is 0). `size_bytes` is the capacity of `data`; it must be
 * at least the tensor's byte size. Inputs are only read.
 */
typedef struct aicc_tensor {
  int32_t dtype; /**< aicc_dtype_t */
  int32_t rank;
  const int64_t *shape;
  void *data;
  size_t size_bytes;
} aicc_tensor_t;

/**
 * Number of elements of a descriptor tensor (1 for scalars). Returns 0 for a
 * NULL pointer, an invalid descriptor or a dynamic (-1) dimension.
 */
AICC_RT_API size_t aicc_tensor_desc_num_elements(const aicc_abi_tensor_t *t);

/**
 * Byte size of a descriptor tensor, ceil(elements * bits / 8) (sub-byte
 * dtypes are packed); 0 for NULL or an unknown dtype.
 */
AICC_RT_API size_t aicc_tensor_desc_size_bytes(const aicc_abi_tensor_t *t);

/* ------------------------------------------------------------------------ */
/* Models                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct aicc_model aicc_model_t;

/**
 * Loads a compiled model from a shared library (dlopen + dlsym of
 * AICC_ABI_MODEL_SYMBOL) and validates its descriptor. On failure *out is
 * NULL and, when err is not NULL, a NUL-terminated message of at most
 * err_size bytes is written to err.
 */
AICC_RT_API aicc_status_t aicc_model_load(const char *path, aicc_model_t **out,
                                          char *err, size_t err_size);

/**
 * Wraps a descriptor linked into the program (aicc -emit=obj). The
 * descriptor must outlive the model. Validation and errors as for
 * aicc_model_load.
 */
AICC_RT_API aicc_status_t
aicc_model_from_descriptor(const aicc_abi_model_t *desc, aicc_model_t **out,
                           char *err, size_t err_size);

/** Drops the caller's reference. NULL is accepted and ignored. */
AICC_RT_API void aicc_model_release(aicc_model_t *model);

/** The validated descriptor (never NULL for a valid model). */
AICC_RT_API const aicc_abi_model_t *
aicc_model_descriptor(const aicc_model_t *model);

/** Graph name and producer; "" when the descriptor has none. */
AICC_RT_API const char *aicc_model_name(const aicc_model_t *model);
AICC_RT_API const char *aicc_model_producer(const aicc_model_t *model);

/** Number of graph inputs / outputs (0 for NULL). */
AICC_RT_API size_t aicc_model_num_inputs(const aicc_model_t *model);
AICC_RT_API size_t aicc_model_num_outputs(const aicc_model_t *model);

/**
 * Signature of input / output `index` (name, dtype, rank, shape), or NULL
 * when index is out of range. Owned by the model.
 */
AICC_RT_API const aicc_abi_tensor_t *aicc_model_input(const aicc_model_t *model,
                                                      size_t index);
AICC_RT_API const aicc_abi_tensor_t *
aicc_model_output(const aicc_model_t *model, size_t index);

/**
 * Convenience: a tensor view with dtype, rank and shape of input / output
 * `index` and the given buffer. The shape points into the model. An index
 * out of range gives a tensor with dtype AICC_DTYPE_INVALID.
 */
AICC_RT_API aicc_tensor_t aicc_model_input_tensor(const aicc_model_t *model,
                                                  size_t index, void *data,
                                                  size_t size_bytes);
AICC_RT_API aicc_tensor_t aicc_model_output_tensor(const aicc_model_t *model,
                                                   size_t index, void *data,
                                                   size_t size_bytes);

/**
 * The device the model was compiled for: AICC_ABI_DEVICE_CPU models run in
 * an aicc_context_t, AICC_ABI_DEVICE_CUDA ones (-target=cuda) in an
 * aicc_cuda_context_t (aicc/cuda.h). CPU for NULL.
 */
AICC_RT_API aicc_abi_device_t aicc_model_device(const aicc_model_t *model);

/** Scratch bytes one run needs (the context allocates them). */
AICC_RT_API uint64_t aicc_model_arena_bytes(const aicc_model_t *model);

/* ------------------------------------------------------------------------ */
/* Contexts                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct aicc_context aicc_context_t;

/** Options for aicc_context_create; initialise with aicc_context_options_init.
 */
typedef struct aicc_context_options {
  /**
   * Threads the context's runs use, the calling thread included: 1 runs
   * everything on the caller; 0 (the default) uses one per CPU this process
   * may run on (sched_getaffinity), at most AICC_MAX_THREADS. A context with
   * more than one owns a pool of num_threads - 1 workers, which sleep
   * between runs; contexts do not share workers, so size them so that the
   * threads of all concurrently running contexts fit the machine. Results
   * are bitwise the same for every value.
   */
  int32_t num_threads;
} aicc_context_options_t;

/** Fills *opts with defaults (num_threads = 0). */
AICC_RT_API void aicc_context_options_init(aicc_context_options_t *opts);

/**
 * Creates a context for `model` (opts may be NULL for defaults) and
 * allocates its arena with the descriptor's alignment. Takes a reference to
 * the model.
 */
AICC_RT_API aicc_status_t
aicc_context_create(aicc_model_t *model, const aicc_context_options_t *opts,
                    aicc_context_t **out);

/** Releases the context and its model reference. NULL is ignored. */
AICC_RT_API void aicc_context_release(aicc_context_t *ctx);

/** The model of a context (borrowed). */
AICC_RT_API aicc_model_t *aicc_context_model(const aicc_context_t *ctx);

/** Threads the context's runs use (num_threads resolved, >= 1). */
AICC_RT_API int32_t aicc_context_num_threads(const aicc_context_t *ctx);

/**
 * Runs the model once. inputs / outputs are in graph order and must match
 * the descriptor in count, dtype, rank and shape, with non-NULL data of at
 * least the tensor's byte size; everything is checked before the compiled
 * code is called. A context runs on one thread at a time; a concurrent call
 * on the same context returns AICC_ERR_BUSY.
 *
 * Dynamic dimensions (-1 in the descriptor's shape): an input's dim there
 * may have any size >= 0 (its byte size follows from the shape the caller
 * passes). An output with a dynamic dim is allocated by the context: pass
 * dtype and rank (shape, data and size_bytes are ignored); on success the
 * call sets its shape, data and size_bytes to context-owned memory that
 * stays valid until the next run on the context or its release. A run-time
 * check that fails inside the compiled code (e.g. two dims the code needs
 * equal differ) makes the call return AICC_ERR_EXECUTION with a message
 * naming the ONNX node.
 */
AICC_RT_API aicc_status_t aicc_context_run(aicc_context_t *ctx,
                                           const aicc_tensor_t *inputs,
                                           size_t num_inputs,
                                           aicc_tensor_t *outputs,
                                           size_t num_outputs);

/**
 * Message of the last failed call on this context ("" after a success).
 * Valid until the next call on the context. Never NULL (for a NULL context
 * a static message is returned).
 */
AICC_RT_API const char *aicc_context_last_error(const aicc_context_t *ctx);

#ifdef __cplusplus
}
#endif

#endif /* AICC_RUNTIME_H */
