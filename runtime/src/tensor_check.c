/*
 * tensor_check.c - checks a caller's tensor against a descriptor entry, for
 * the CPU (context.c) and CUDA (cuda_model.c) contexts alike.
 */
#include <stdarg.h>

#include "runtime_internal.h"

static aicc_status_t failf(char *err, size_t err_size, aicc_status_t st,
                           const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static aicc_status_t failf(char *err, size_t err_size, aicc_status_t st,
                           const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  aicc_vformat_message(err, err_size, fmt, ap);
  va_end(ap);
  return st;
}

/* Checks one caller tensor against its descriptor entry. */
aicc_status_t aicc_check_tensor(char *err, size_t err_size, const char *kind,
                                size_t index, const aicc_tensor_t *t,
                                const aicc_abi_tensor_t *want,
                                size_t want_bytes) {
  const char *name = want->name;
  if (t->dtype != want->dtype)
    return failf(err, err_size, AICC_ERR_DTYPE_MISMATCH,
                "%s %zu ('%s'): expected dtype %s, got %s", kind, index, name,
                aicc_dtype_name((aicc_dtype_t)want->dtype),
                aicc_dtype_name((aicc_dtype_t)t->dtype));
  int same = t->rank == want->rank && (t->rank == 0 || t->shape != NULL);
  /* A dynamic dim (-1) takes any size >= 0. */
  for (int32_t d = 0; same && d < t->rank; ++d)
    same = t->shape[d] == want->shape[d] || (want->shape[d] == -1 && t->shape[d] >= 0);
  if (!same) {
    char got[256], exp[256];
    if (t->rank < 0 || t->rank > AICC_MAX_RANK || (t->rank && !t->shape))
      aicc_format_message(got, sizeof got, "rank %d%s", t->rank,
                          t->shape ? "" : " with NULL shape");
    else
      aicc_format_shape(got, sizeof got, t->rank, t->shape);
    aicc_format_shape(exp, sizeof exp, want->rank, want->shape);
    return failf(err, err_size, AICC_ERR_SHAPE_MISMATCH,
                "%s %zu ('%s'): expected shape %s, got %s", kind, index, name,
                exp, got);
  }
  if (aicc_desc_is_dynamic(want)) {
    int overflow = 0;
    want_bytes = aicc_shape_bytes(t->rank, t->shape,
                                  aicc_dtype_bits((aicc_dtype_t)t->dtype), &overflow);
    if (overflow)
      return failf(err, err_size, AICC_ERR_SHAPE_MISMATCH, "%s %zu ('%s'): shape is too large",
                  kind, index, name);
  }
  if (!t->data && want_bytes > 0)
    return failf(err, err_size, AICC_ERR_INVALID_ARGUMENT, "%s %zu ('%s'): data is NULL",
                kind, index, name);
  if (t->size_bytes < want_bytes)
    return failf(err, err_size, AICC_ERR_BUFFER_TOO_SMALL,
                "%s %zu ('%s'): buffer has %zu bytes, tensor needs %zu", kind,
                index, name, t->size_bytes, want_bytes);
  return AICC_OK;
}


aicc_status_t aicc_check_counts(char *err, size_t err_size, const aicc_model_t *m,
                                const void *in, size_t n_in, const void *out,
                                size_t n_out) {
  const aicc_abi_model_t *d = m->desc;
  if (n_in != (size_t)d->num_inputs || n_out != (size_t)d->num_outputs)
    return failf(err, err_size, AICC_ERR_INVALID_ARGUMENT,
                 "model '%s' takes %d inputs and %d outputs, got %zu and %zu",
                 aicc_model_name(m), d->num_inputs, d->num_outputs, n_in, n_out);
  if ((n_in && !in) || (n_out && !out))
    return failf(err, err_size, AICC_ERR_INVALID_ARGUMENT, "tensor array is NULL");
  return AICC_OK;
}
