/*
 * model.c - loading compiled models and validating their descriptors.
 *
 * A descriptor comes from code we did not write: nothing in it is trusted
 * until aicc_validate_descriptor() has checked every pointer and count.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime_internal.h"

/* Counts above this are certainly corruption, not a real graph. */
#define AICC_MAX_IO 65536

static aicc_status_t validate_tensor(const char *kind, int32_t index,
                                     const aicc_abi_tensor_t *t, char *err,
                                     size_t err_size) {
  if (!t->name) {
    aicc_format_message(err, err_size, "%s %d has no name", kind, index);
    return AICC_ERR_INVALID_MODEL;
  }
  size_t bits = aicc_dtype_bits((aicc_dtype_t)t->dtype);
  if (bits == 0) {
    aicc_format_message(err, err_size, "%s %d ('%s') has unknown dtype %d",
                        kind, index, t->name, t->dtype);
    return AICC_ERR_INVALID_MODEL;
  }
  if (t->rank < 0 || t->rank > AICC_MAX_RANK || (t->rank > 0 && !t->shape)) {
    aicc_format_message(err, err_size, "%s %d ('%s') has invalid rank %d", kind,
                        index, t->name, t->rank);
    return AICC_ERR_INVALID_MODEL;
  }
  /* -1 marks a dynamic dim (ABI version 3); the static dims must fit. */
  int64_t fixed[AICC_MAX_RANK];
  int overflow = 0;
  for (int32_t d = 0; d < t->rank; ++d) {
    overflow |= t->shape[d] < -1;
    fixed[d] = t->shape[d] == -1 ? 1 : t->shape[d];
  }
  if (!overflow)
    aicc_shape_bytes(t->rank, fixed, bits, &overflow);
  if (overflow) {
    char shape[256];
    aicc_format_shape(shape, sizeof shape, t->rank, t->shape);
    aicc_format_message(err, err_size,
                        "%s %d ('%s') has invalid or too large shape %s", kind,
                        index, t->name, shape);
    return AICC_ERR_INVALID_MODEL;
  }
  return AICC_OK;
}

static aicc_status_t validate_list(const char *kind, int32_t count,
                                   const aicc_abi_tensor_t *list, char *err,
                                   size_t err_size) {
  if (count < 0 || count > AICC_MAX_IO || (count > 0 && !list)) {
    aicc_format_message(err, err_size,
                        "descriptor has invalid %s list "
                        "(count %d)",
                        kind, count);
    return AICC_ERR_INVALID_MODEL;
  }
  for (int32_t i = 0; i < count; ++i) {
    aicc_status_t st = validate_tensor(kind, i, &list[i], err, err_size);
    if (st != AICC_OK)
      return st;
  }
  return AICC_OK;
}

aicc_status_t aicc_validate_descriptor(const aicc_abi_model_t *d, char *err,
                                       size_t err_size) {
  if (!d) {
    aicc_format_message(err, err_size, "model descriptor is NULL");
    return AICC_ERR_ABI_MISMATCH;
  }
  if (d->abi_version != AICC_ABI_VERSION && d->abi_version != 3) {
    aicc_format_message(err, err_size,
                        "model has ABI version %u, runtime supports 3 and %d",
                        d->abi_version, AICC_ABI_VERSION);
    return AICC_ERR_ABI_MISMATCH;
  }
  /* Version 3 descriptors end before `device`: CPU models. */
  int32_t device = aicc_descriptor_device(d);
  if (device != AICC_ABI_DEVICE_CPU && device != AICC_ABI_DEVICE_CUDA) {
    aicc_format_message(err, err_size, "descriptor has unknown device %d", device);
    return AICC_ERR_INVALID_MODEL;
  }
  if (device == AICC_ABI_DEVICE_CPU && !d->run) {
    aicc_format_message(err, err_size, "descriptor has no entry point");
    return AICC_ERR_INVALID_MODEL;
  }
  uint64_t align = d->arena_alignment;
  if ((align & (align - 1)) != 0 || align > (1u << 20) ||
      (align == 0 && d->arena_bytes != 0)) {
    aicc_format_message(err, err_size,
                        "descriptor has invalid arena alignment %llu",
                        (unsigned long long)align);
    return AICC_ERR_INVALID_MODEL;
  }
  if (d->arena_bytes > (uint64_t)SIZE_MAX - align) {
    aicc_format_message(err, err_size, "descriptor arena is too large");
    return AICC_ERR_INVALID_MODEL;
  }
  aicc_status_t st =
      validate_list("input", d->num_inputs, d->inputs, err, err_size);
  if (st == AICC_OK)
    st = validate_list("output", d->num_outputs, d->outputs, err, err_size);
  if (st == AICC_OK && device == AICC_ABI_DEVICE_CUDA)
    st = aicc_validate_cuda_program(d, err, err_size);
  return st;
}

/* Builds the model object once the descriptor is known to be sound. */
static aicc_status_t make_model(const aicc_abi_model_t *desc, void *handle,
                                aicc_model_t **out, char *err,
                                size_t err_size) {
  aicc_status_t st = aicc_validate_descriptor(desc, err, err_size);
  if (st != AICC_OK)
    return st;
  size_t n = (size_t)desc->num_inputs + (size_t)desc->num_outputs;
  aicc_model_t *m = calloc(1, sizeof *m);
  size_t *bytes = calloc(n ? n : 1, sizeof *bytes);
  if (!m || !bytes) {
    free(m);
    free(bytes);
    aicc_format_message(err, err_size, "out of memory");
    return AICC_ERR_OUT_OF_MEMORY;
  }
  for (int32_t i = 0; i < desc->num_inputs; ++i)
    bytes[i] = aicc_tensor_desc_size_bytes(&desc->inputs[i]);
  for (int32_t i = 0; i < desc->num_outputs; ++i)
    bytes[desc->num_inputs + i] =
        aicc_tensor_desc_size_bytes(&desc->outputs[i]);
  m->desc = desc;
  m->dl_handle = handle;
  m->in_bytes = bytes;
  m->out_bytes = bytes + desc->num_inputs;
  atomic_init(&m->refs, 1);
  *out = m;
  return AICC_OK;
}

aicc_status_t aicc_model_load(const char *path, aicc_model_t **out, char *err,
                              size_t err_size) {
  if (err && err_size)
    err[0] = '\0';
  if (!out) {
    aicc_format_message(err, err_size, "out pointer is NULL");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  *out = NULL;
  if (!path || !*path) {
    aicc_format_message(err, err_size, "model path is empty");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  aicc_status_t st = aicc_check_library_file(path, err, err_size);
  if (st != AICC_OK)
    return st;
  /* A name without '/' would make dlopen search the library path instead
   * of opening the file the caller named. */
  char local[4096];
  const char *open_path = path;
  if (!strchr(path, '/')) {
    if (strlen(path) + 3 > sizeof local) {
      aicc_format_message(err, err_size, "model path is too long");
      return AICC_ERR_INVALID_ARGUMENT;
    }
    snprintf(local, sizeof local, "./%s", path);
    open_path = local;
  }
  void *handle = dlopen(open_path, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    aicc_format_message(err, err_size, "cannot load '%s': %s", path,
                        why ? why : "unknown dlopen error");
    return AICC_ERR_LOAD;
  }
  /* dlsym returns void*; going through a union avoids the
   * object-to-function pointer cast that ISO C leaves undefined. */
  union {
    void *obj;
    aicc_abi_model_fn fn;
  } sym;
  sym.obj = dlsym(handle, AICC_ABI_MODEL_SYMBOL);
  if (!sym.obj) {
    aicc_format_message(err, err_size,
                        "'%s' is not an aicc model: no symbol '%s'", path,
                        AICC_ABI_MODEL_SYMBOL);
    dlclose(handle);
    return AICC_ERR_ABI_MISMATCH;
  }
  const aicc_abi_model_t *desc = sym.fn();
  st = make_model(desc, handle, out, err, err_size);
  if (st != AICC_OK)
    dlclose(handle);
  return st;
}

aicc_status_t aicc_model_from_descriptor(const aicc_abi_model_t *desc,
                                         aicc_model_t **out, char *err,
                                         size_t err_size) {
  if (err && err_size)
    err[0] = '\0';
  if (!out) {
    aicc_format_message(err, err_size, "out pointer is NULL");
    return AICC_ERR_INVALID_ARGUMENT;
  }
  *out = NULL;
  return make_model(desc, NULL, out, err, err_size);
}

void aicc_model_retain(aicc_model_t *model) {
  atomic_fetch_add_explicit(&model->refs, 1, memory_order_relaxed);
}

void aicc_model_release(aicc_model_t *model) {
  if (!model)
    return;
  if (atomic_fetch_sub_explicit(&model->refs, 1, memory_order_acq_rel) != 1)
    return;
  if (model->dl_handle)
    dlclose(model->dl_handle);
  free(model->in_bytes);
  free(model);
}
