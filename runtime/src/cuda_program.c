/*
 * cuda_program.c - validation of a CUDA model's program (aicc/abi.h,
 * version 4). Like the rest of a descriptor it comes from a file we did not
 * write, so every count, pointer, kind, index and offset is checked before
 * the CUDA backend (cuda_model.c) trusts it. Needs no CUDA.
 */
#include <string.h>

#include "runtime_internal.h"

/* Counts above these are corruption, not a real model. */
#define AICC_MAX_CUDA_IMAGES 64
#define AICC_MAX_CUDA_LAUNCHES (1 << 20)
#define AICC_MAX_CUDA_ARGS 4096

static aicc_status_t bad(char *err, size_t err_size, const char *what, int32_t i) {
  aicc_format_message(err, err_size, "CUDA program: %s (entry %d)", what, i);
  return AICC_ERR_INVALID_MODEL;
}

static aicc_status_t check_images(const aicc_abi_cuda_program_t *p, char *err,
                                  size_t err_size) {
  if (p->num_images < 1 || p->num_images > AICC_MAX_CUDA_IMAGES || !p->images)
    return bad(err, err_size, "invalid image list", p->num_images);
  for (int32_t i = 0; i < p->num_images; ++i) {
    const aicc_abi_cuda_image_t *im = &p->images[i];
    if (im->kind != AICC_ABI_CUDA_IMAGE_CUBIN && im->kind != AICC_ABI_CUDA_IMAGE_PTX)
      return bad(err, err_size, "unknown image kind", i);
    if (!im->data || im->size == 0 || im->arch < 10 || im->arch > 10000)
      return bad(err, err_size, "image without data or architecture", i);
    /* The driver reads PTX up to its NUL: it must be inside the image. */
    if (im->kind == AICC_ABI_CUDA_IMAGE_PTX &&
        ((const char *)im->data)[im->size - 1] != '\0')
      return bad(err, err_size, "PTX image is not NUL-terminated", i);
  }
  return AICC_OK;
}

static aicc_status_t check_arg(const aicc_abi_model_t *d,
                               const aicc_abi_cuda_arg_t *a, int32_t launch,
                               char *err, size_t err_size) {
  const aicc_abi_cuda_program_t *p = d->cuda;
  uint64_t limit = 0;
  switch (a->kind) {
  case AICC_ABI_CUDA_ARG_INPUT:
    if (a->index < 0 || a->index >= d->num_inputs)
      return bad(err, err_size, "argument names a missing input", launch);
    limit = aicc_tensor_desc_size_bytes(&d->inputs[a->index]);
    break;
  case AICC_ABI_CUDA_ARG_OUTPUT:
    if (a->index < 0 || a->index >= d->num_outputs)
      return bad(err, err_size, "argument names a missing output", launch);
    limit = aicc_tensor_desc_size_bytes(&d->outputs[a->index]);
    break;
  case AICC_ABI_CUDA_ARG_ARENA:
    limit = d->arena_bytes;
    break;
  case AICC_ABI_CUDA_ARG_WEIGHTS:
    limit = p->weights_bytes;
    break;
  case AICC_ABI_CUDA_ARG_SCALAR:
    if (a->index != 4 && a->index != 8)
      return bad(err, err_size, "scalar argument is not 4 or 8 bytes", launch);
    return AICC_OK;
  default:
    return bad(err, err_size, "unknown argument kind", launch);
  }
  /* An offset may equal the size only for an empty buffer. */
  if (a->value > limit || (limit > 0 && a->value == limit))
    return bad(err, err_size, "argument offset is outside its buffer", launch);
  return AICC_OK;
}

aicc_status_t aicc_validate_cuda_program(const aicc_abi_model_t *d, char *err,
                                         size_t err_size) {
  const aicc_abi_cuda_program_t *p = d->cuda;
  if (!p) {
    aicc_format_message(err, err_size, "CUDA model has no program");
    return AICC_ERR_INVALID_MODEL;
  }
  for (int32_t i = 0; i < d->num_inputs; ++i)
    if (aicc_desc_is_dynamic(&d->inputs[i]))
      return bad(err, err_size, "CUDA models need static input shapes", i);
  for (int32_t i = 0; i < d->num_outputs; ++i)
    if (aicc_desc_is_dynamic(&d->outputs[i]))
      return bad(err, err_size, "CUDA models need static output shapes", i);
  aicc_status_t st = check_images(p, err, err_size);
  if (st != AICC_OK)
    return st;
  if (p->weights_bytes && !p->weights)
    return bad(err, err_size, "weights without data", 0);
  if (p->num_launches < 0 || p->num_launches > AICC_MAX_CUDA_LAUNCHES ||
      (p->num_launches && !p->launches))
    return bad(err, err_size, "invalid launch list", p->num_launches);
  for (int32_t i = 0; i < p->num_launches; ++i) {
    const aicc_abi_cuda_launch_t *l = &p->launches[i];
    if (!l->kernel || !l->kernel[0])
      return bad(err, err_size, "launch without a kernel name", i);
    uint64_t threads = 1;
    for (int k = 0; k < 3; ++k) {
      if (l->grid[k] == 0 || l->block[k] == 0)
        return bad(err, err_size, "launch with an empty grid or block", i);
      threads *= l->block[k];
    }
    if (threads > 1024)
      return bad(err, err_size, "launch with more than 1024 threads per block", i);
    if (l->num_args < 0 || l->num_args > AICC_MAX_CUDA_ARGS ||
        (l->num_args && !l->args))
      return bad(err, err_size, "invalid argument list", i);
    for (int32_t a = 0; a < l->num_args; ++a) {
      st = check_arg(d, &l->args[a], i, err, err_size);
      if (st != AICC_OK)
        return st;
    }
  }
  return AICC_OK;
}
