/*
 * fake_model.c - a hand-written stand-in for a model compiled by aicc:
 * out = a + b for float32 [2,3] inputs, staged through the arena so that
 * sharing an arena between concurrent runs would corrupt results.
 *
 * Built several times with one FAKE_* macro each to get broken variants:
 *   FAKE_BAD_VERSION   abi_version 99
 *   FAKE_NULL_TENSORS  num_inputs 2 but inputs == NULL
 *   FAKE_BAD_DIM       a negative dimension
 *   FAKE_FAILS         the entry point returns 7
 *   FAKE_NO_SYMBOL     no aicc_model_v1 export at all
 *   FAKE_BLOCKS        the entry point waits until fake_unblock() is called
 */
#include <stdint.h>
#include <string.h>
#ifdef FAKE_BLOCKS
#include <stdatomic.h>
#endif

#include "aicc/abi.h"

#define FAKE_ALIGN 64

static const int64_t kShape[2] = {2, 3};
#ifdef FAKE_BAD_DIM
static const int64_t kBadShape[2] = {2, -3};
#else
#define kBadShape kShape
#endif

static const aicc_abi_tensor_t kInputs[2] = {
    {"a", AICC_DTYPE_FLOAT32, 2, kShape},
    {"b", AICC_DTYPE_FLOAT32, 2, kBadShape},
};
static const aicc_abi_tensor_t kOutputs[1] = {
    {"sum", AICC_DTYPE_FLOAT32, 2, kShape},
};

#ifdef FAKE_BLOCKS
/* Test-only state: lets a test hold one run inside the entry point. */
static atomic_int running, unblocked;
__attribute__((visibility("default"))) int fake_is_running(void) {
  return atomic_load(&running);
}
__attribute__((visibility("default"))) void fake_unblock(void) {
  atomic_store(&unblocked, 1);
}
#endif

static int32_t fake_run(const aicc_abi_exec_t *exec, void *const *inputs,
                        void *const *outputs, void *arena) {
  (void)exec;
#ifdef FAKE_BLOCKS
  atomic_store(&running, 1);
  while (!atomic_load(&unblocked))
    ;
  atomic_store(&running, 0);
#endif
  if ((uintptr_t)arena % FAKE_ALIGN != 0)
    return 2;
  const float *a = inputs[0], *b = inputs[1];
  float *scratch = arena, *out = outputs[0];
  for (int i = 0; i < 6; ++i)
    scratch[i] = a[i] + b[i];
  memcpy(out, scratch, 6 * sizeof(float));
#ifdef FAKE_FAILS
  return 7;
#else
  return 0;
#endif
}

static const aicc_abi_model_t kModel = {
#ifdef FAKE_BAD_VERSION
    99,
#else
    AICC_ABI_VERSION,
#endif
    0,
    "fake_add",
    "hand-written test model",
    2,
    1,
#ifdef FAKE_NULL_TENSORS
    NULL,
#else
    kInputs,
#endif
    kOutputs,
    6 * sizeof(float),
    FAKE_ALIGN,
    fake_run,
};

#ifdef FAKE_NO_SYMBOL
__attribute__((visibility("default"))) const aicc_abi_model_t *
not_a_model(void) {
  return &kModel;
}
#else
__attribute__((visibility("default"))) const aicc_abi_model_t *
aicc_model_v1(void) {
  return &kModel;
}
#endif
