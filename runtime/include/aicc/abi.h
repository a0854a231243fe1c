/*
 * aicc/abi.h - the versioned binary interface between code compiled by aicc
 * and the aicc runtime (or any application that links a compiled model).
 *
 * Every compiled model exports one descriptor, reachable through
 *   const aicc_abi_model_t *aicc_model_v1(void);            (shared libraries)
 *   const aicc_abi_model_t *<prefix>_model_v1(void);        (objects, -emit=obj)
 * The descriptor is immutable, lives as long as the code is loaded, and
 * describes inputs, outputs and the scratch arena the entry point needs.
 *
 * Ownership: inputs, outputs and the arena are owned by the caller. The entry
 * point reads inputs, writes outputs, uses the arena as scratch and keeps no
 * pointer to any of them after it returns. It has no global mutable state, so
 * two calls with distinct outputs and arenas may run concurrently.
 *
 * Threads: the caller lends the entry point a parallel_for (aicc_abi_exec_t).
 * The compiled code splits its large loops into independent work items and
 * hands them to it; every output element is computed by exactly one item in a
 * fixed order, so results do not depend on the number of threads. Without an
 * exec (NULL) the entry point runs everything on the calling thread.
 *
 * This header includes only <stdint.h> and <stddef.h> and is plain C.
 */
#ifndef AICC_ABI_H
#define AICC_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bumped on any incompatible change of the structures below.
 *  Version 2 added the aicc_abi_exec_t argument of the entry point.
 *  Version 3 added dynamic dimensions: -1 in descriptor shapes, and the
 *  input shapes, allocators and failure report of aicc_abi_exec_t.
 *  Version 4 added the device a model runs on and, for CUDA models, their
 *  program (kernel images, launches, weights); the runtime still accepts
 *  version-3 descriptors, which are CPU models. */
#define AICC_ABI_VERSION 4
/** Name of the descriptor function every shared library exports. The name
 *  stays across versions; the descriptor's abi_version says which one. */
#define AICC_ABI_MODEL_SYMBOL "aicc_model_v1"

/** Element types; the numbers are ONNX's TensorProto.DataType values. */
typedef enum aicc_dtype {
  AICC_DTYPE_INVALID = 0,
  AICC_DTYPE_FLOAT32 = 1,
  AICC_DTYPE_UINT8 = 2,
  AICC_DTYPE_INT8 = 3,
  AICC_DTYPE_UINT16 = 4,
  AICC_DTYPE_INT16 = 5,
  AICC_DTYPE_INT32 = 6,
  AICC_DTYPE_INT64 = 7,
  AICC_DTYPE_BOOL = 9, /* one byte per element, 0 or 1 */
  AICC_DTYPE_FLOAT16 = 10,
  AICC_DTYPE_FLOAT64 = 11,
  AICC_DTYPE_UINT32 = 12,
  AICC_DTYPE_UINT64 = 13,
  AICC_DTYPE_BFLOAT16 = 16,
  /* 8-bit floats, one byte per element (ONNX's bit layouts). */
  AICC_DTYPE_FLOAT8E4M3FN = 17,
  AICC_DTYPE_FLOAT8E4M3FNUZ = 18,
  AICC_DTYPE_FLOAT8E5M2 = 19,
  AICC_DTYPE_FLOAT8E5M2FNUZ = 20,
  /* Sub-byte types are packed like ONNX packs them: element i of the
   * flattened tensor lives in byte i * bits / 8, at bit (i * bits) % 8 (the
   * first element in the low bits); a tensor of n elements takes
   * ceil(n * bits / 8) bytes and the unused high bits of the last byte are 0. */
  AICC_DTYPE_UINT4 = 21,
  AICC_DTYPE_INT4 = 22,
  AICC_DTYPE_FLOAT4E2M1 = 23,
  AICC_DTYPE_FLOAT8E8M0 = 24, /* one byte, an unsigned power of two */
  AICC_DTYPE_UINT2 = 25,
  AICC_DTYPE_INT2 = 26
} aicc_dtype_t;

/** One graph input or output. Tensors are dense, row-major, no padding. */
typedef struct aicc_abi_tensor {
  const char *name;     /**< ONNX value name, NUL-terminated */
  int32_t dtype;        /**< aicc_dtype_t */
  int32_t rank;         /**< number of dimensions (0 for scalars) */
  const int64_t *shape; /**< rank entries; -1 marks a dynamic dimension,
                             known only when the model runs (version 3) */
} aicc_abi_tensor_t;

/**
 * A range of work items [begin, end) of one parallel loop; `ctx` is the
 * loop's captured state, owned by the compiled code.
 */
typedef void (*aicc_abi_task_fn)(void *ctx, int64_t begin, int64_t end);

/**
 * How the entry point may use threads. `parallel_for` must call task(ctx, b,
 * e) on disjoint ranges that together cover [0, n) exactly once, possibly
 * from several threads at once, and return only when all calls returned.
 * The compiled code never calls it from inside a task. Any field may be
 * NULL/0: the entry point then runs the loop itself as task(ctx, 0, n).
 */
typedef struct aicc_abi_exec {
  uint32_t struct_size; /**< sizeof(aicc_abi_exec_t) */
  int32_t num_threads;  /**< threads parallel_for uses, >= 1 */
  void *pool;           /**< passed back to parallel_for */
  void (*parallel_for)(void *pool, int64_t n, aicc_abi_task_fn task, void *ctx);

  /* Version 3. A model whose inputs, outputs or intermediates have dynamic
   * dimensions needs all of the fields below (its entry point returns
   * AICC_ABI_RUN_NEEDS_EXEC otherwise); other models ignore them. */

  /** input_shapes[i] points to the run-time dims of input i (rank entries). */
  const int64_t *const *input_shapes;
  /** Passed back to the three callbacks below. */
  void *state;
  /**
   * Returns a buffer for output `index`, whose run-time dims are `shape`
   * (rank entries), big enough for the dense tensor and aligned to 64 bytes.
   * The compiled code writes the output there; the caller owns it.
   */
  void *(*alloc_output)(void *state, int32_t index, const int64_t *shape);
  /**
   * Returns `bytes` of scratch memory aligned to 64 bytes, valid until the
   * entry point returns (the caller frees it then). May be called from
   * parallel_for tasks, so it must be thread-safe.
   */
  void *(*alloc_scratch)(void *state, uint64_t bytes);
  /**
   * Reports a failed run-time check (e.g. two dims the code needs equal are
   * not), with a NUL-terminated message naming the ONNX node. The run goes
   * on reading in bounds; its results are not valid.
   */
  void (*fail)(void *state, const char *message);
} aicc_abi_exec_t;

/** Return values of the entry point. */
#define AICC_ABI_RUN_OK 0
/** The model has dynamic shapes and exec is NULL or older than version 3. */
#define AICC_ABI_RUN_NEEDS_EXEC 1

/**
 * Entry point. exec may be NULL (single-threaded) for models without dynamic
 * shapes. inputs[i] / outputs[i] point to the i-th graph input / output
 * buffer in graph order (outputs with dynamic dims come from
 * exec->alloc_output instead; their outputs[i] is ignored); arena points to
 * arena_bytes bytes aligned to arena_alignment (may be NULL when arena_bytes
 * is 0). Returns AICC_ABI_RUN_OK or AICC_ABI_RUN_NEEDS_EXEC.
 */
typedef int32_t (*aicc_abi_entry_fn)(const aicc_abi_exec_t *exec, void *const *inputs,
                                     void *const *outputs, void *arena);

/** Where a model runs (version 4). */
typedef enum aicc_abi_device {
  AICC_ABI_DEVICE_CPU = 0, /**< `run` is the entry point */
  AICC_ABI_DEVICE_CUDA = 1 /**< `run` is NULL; `cuda` holds the program */
} aicc_abi_device_t;

/** Kinds of aicc_abi_cuda_image_t. */
#define AICC_ABI_CUDA_IMAGE_CUBIN 1 /**< an ELF image for one architecture */
#define AICC_ABI_CUDA_IMAGE_PTX 2   /**< PTX text, JIT-compiled by the driver */

/** One kernel module of a CUDA model, all images hold the same kernels. */
typedef struct aicc_abi_cuda_image {
  int32_t kind;          /**< AICC_ABI_CUDA_IMAGE_* */
  int32_t arch;          /**< compute capability x 10: 80 for sm_80 */
  int32_t arch_specific; /**< 1 for sm_90a-style targets (that GPU only) */
  int32_t reserved;      /**< zero */
  const void *data;      /**< the image; PTX is NUL-terminated */
  uint64_t size;         /**< bytes of data (PTX: the NUL included) */
} aicc_abi_cuda_image_t;

/** Kinds of aicc_abi_cuda_arg_t. */
#define AICC_ABI_CUDA_ARG_INPUT 1   /**< device address of input `index` + value */
#define AICC_ABI_CUDA_ARG_OUTPUT 2  /**< device address of output `index` + value */
#define AICC_ABI_CUDA_ARG_ARENA 3   /**< device arena + value */
#define AICC_ABI_CUDA_ARG_WEIGHTS 4 /**< device copy of `weights` + value */
#define AICC_ABI_CUDA_ARG_SCALAR 5  /**< `value`'s low `index` (4 or 8) bytes */

/** One kernel parameter. Buffer kinds pass a 64-bit device address. */
typedef struct aicc_abi_cuda_arg {
  int32_t kind;   /**< AICC_ABI_CUDA_ARG_* */
  int32_t index;  /**< graph input/output index; scalars: their byte size */
  uint64_t value; /**< byte offset into the buffer, or the scalar's bits */
} aicc_abi_cuda_arg_t;

/** One kernel launch; a run is the launches in order on one stream. */
typedef struct aicc_abi_cuda_launch {
  const char *kernel;    /**< function name in the images */
  uint32_t grid[3];      /**< blocks */
  uint32_t block[3];     /**< threads per block */
  uint32_t shared_bytes; /**< dynamic shared memory */
  int32_t num_args;
  const aicc_abi_cuda_arg_t *args;
} aicc_abi_cuda_launch_t;

/**
 * What a CUDA model runs (-target=cuda). The runtime loads the best image
 * for the device (a cubin of the same major architecture and a minor one not
 * above the device's, else PTX of an architecture not above the device's),
 * allocates arena_bytes of device memory, uploads the weights once, and runs
 * the launches in order. Inputs and outputs are device buffers of the sizes
 * in the descriptor (static shapes only).
 */
typedef struct aicc_abi_cuda_program {
  int32_t num_images;
  int32_t num_launches;
  const aicc_abi_cuda_image_t *images;
  const aicc_abi_cuda_launch_t *launches;
  const void *weights;   /**< constant tensors, 64-byte aligned offsets */
  uint64_t weights_bytes;
} aicc_abi_cuda_program_t;

/** The descriptor of one compiled model. */
typedef struct aicc_abi_model {
  uint32_t abi_version;      /**< AICC_ABI_VERSION of the compiler */
  uint32_t reserved;         /**< zero */
  const char *name;          /**< model (graph) name */
  const char *producer;      /**< e.g. "aicc 0.1.0" */
  int32_t num_inputs;
  int32_t num_outputs;
  const aicc_abi_tensor_t *inputs;
  const aicc_abi_tensor_t *outputs;
  uint64_t arena_bytes;      /**< scratch bytes one call needs */
  uint64_t arena_alignment;  /**< required alignment of the arena, power of 2 */
  aicc_abi_entry_fn run;       /**< NULL for CUDA models */
  /* Version 4; a version-3 descriptor ends above and is a CPU model. */
  int32_t device;              /**< aicc_abi_device_t */
  uint32_t reserved4;          /**< zero */
  const aicc_abi_cuda_program_t *cuda; /**< device CUDA: the program; else NULL */
} aicc_abi_model_t;

typedef const aicc_abi_model_t *(*aicc_abi_model_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* AICC_ABI_H */
