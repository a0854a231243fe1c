/*
 * compare.h - element-wise comparison of an output with a reference.
 */
#ifndef AICCRUN_COMPARE_H
#define AICCRUN_COMPARE_H

#include "host_tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct aiccrun_compare_result {
  int shape_ok;      /**< dtype and shape agree */
  size_t num_bad;    /**< elements outside tolerance */
  size_t first_bad;  /**< index of the first of them */
  double max_abs;    /**< largest |actual - expected| */
  double max_rel;    /**< largest |actual - expected| / |expected| */
  double bad_actual; /**< values at first_bad */
  double bad_expected;
} aiccrun_compare_result_t;

/**
 * Compares element by element: floats pass when
 * |a - b| <= atol + rtol * |b| (NaN equals NaN, infinities must match);
 * integers and bools must be equal. Returns 1 when everything passes.
 */
int aiccrun_compare(const aiccrun_tensor_t *actual,
                    const aiccrun_tensor_t *expected, double rtol, double atol,
                    aiccrun_compare_result_t *result);

/** Element `i` of a tensor as a double (any dtype). */
double aiccrun_element(const aiccrun_tensor_t *t, size_t i);

#ifdef __cplusplus
}
#endif

#endif /* AICCRUN_COMPARE_H */
