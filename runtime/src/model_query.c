/*
 * model_query.c - read-only queries on a loaded model.
 */
#include "runtime_internal.h"

const aicc_abi_model_t *aicc_model_descriptor(const aicc_model_t *model) {
  return model ? model->desc : NULL;
}

const char *aicc_model_name(const aicc_model_t *model) {
  return model && model->desc->name ? model->desc->name : "";
}

const char *aicc_model_producer(const aicc_model_t *model) {
  return model && model->desc->producer ? model->desc->producer : "";
}

size_t aicc_model_num_inputs(const aicc_model_t *model) {
  return model ? (size_t)model->desc->num_inputs : 0;
}

size_t aicc_model_num_outputs(const aicc_model_t *model) {
  return model ? (size_t)model->desc->num_outputs : 0;
}

const aicc_abi_tensor_t *aicc_model_input(const aicc_model_t *model,
                                          size_t index) {
  if (!model || index >= (size_t)model->desc->num_inputs)
    return NULL;
  return &model->desc->inputs[index];
}

const aicc_abi_tensor_t *aicc_model_output(const aicc_model_t *model,
                                           size_t index) {
  if (!model || index >= (size_t)model->desc->num_outputs)
    return NULL;
  return &model->desc->outputs[index];
}

static aicc_tensor_t view_of(const aicc_abi_tensor_t *t, void *data,
                             size_t size_bytes) {
  aicc_tensor_t v = {AICC_DTYPE_INVALID, 0, NULL, NULL, 0};
  if (!t)
    return v;
  v.dtype = t->dtype;
  v.rank = t->rank;
  v.shape = t->shape;
  v.data = data;
  v.size_bytes = size_bytes;
  return v;
}

aicc_tensor_t aicc_model_input_tensor(const aicc_model_t *model, size_t index,
                                      void *data, size_t size_bytes) {
  return view_of(aicc_model_input(model, index), data, size_bytes);
}

aicc_tensor_t aicc_model_output_tensor(const aicc_model_t *model, size_t index,
                                       void *data, size_t size_bytes) {
  return view_of(aicc_model_output(model, index), data, size_bytes);
}

uint64_t aicc_model_arena_bytes(const aicc_model_t *model) {
  return model ? model->desc->arena_bytes : 0;
}

int aicc_desc_is_dynamic(const aicc_abi_tensor_t *t) {
  for (int32_t d = 0; t && d < t->rank; ++d)
    if (t->shape[d] < 0)
      return 1;
  return 0;
}

size_t aicc_tensor_desc_num_elements(const aicc_abi_tensor_t *t) {
  if (!t || t->rank < 0 || t->rank > AICC_MAX_RANK || (t->rank && !t->shape))
    return 0;
  int overflow = 0;
  size_t n = aicc_shape_bytes(t->rank, t->shape, 8, &overflow);
  return overflow ? 0 : n;
}

size_t aicc_tensor_desc_size_bytes(const aicc_abi_tensor_t *t) {
  if (!t || t->rank < 0 || t->rank > AICC_MAX_RANK || (t->rank && !t->shape))
    return 0;
  size_t bits = aicc_dtype_bits((aicc_dtype_t)t->dtype);
  int overflow = 0;
  size_t n = aicc_shape_bytes(t->rank, t->shape, bits, &overflow);
  return overflow ? 0 : n;
}

int32_t aicc_descriptor_device(const aicc_abi_model_t *desc) {
  return desc->abi_version >= 4 ? desc->device : AICC_ABI_DEVICE_CPU;
}

aicc_abi_device_t aicc_model_device(const aicc_model_t *model) {
  return model ? (aicc_abi_device_t)aicc_descriptor_device(model->desc)
               : AICC_ABI_DEVICE_CPU;
}
