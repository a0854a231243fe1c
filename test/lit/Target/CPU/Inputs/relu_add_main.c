/* Runs the model compiled by emit-obj.mlir on fixed inputs and prints its
   outputs and descriptor, for FileCheck. */
#include "relu_add.h"

#include <aicc/abi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print(const char *tag, const float *v, int n, int digits) {
  printf("%s:", tag);
  for (int i = 0; i < n; ++i)
    printf(" %.*f", digits, v[i]);
  printf("\n");
}

int main(void) {
  float x[RELU_ADD_INPUT_0_NUM_ELEMENTS] = {-1, 2, -3, 4, -5, 6};
  float bias[RELU_ADD_INPUT_1_NUM_ELEMENTS] = {0.5f, 0.5f, 4};
  float relu_out[RELU_ADD_OUTPUT_0_NUM_ELEMENTS];
  float probs[RELU_ADD_OUTPUT_1_NUM_ELEMENTS];
  /* Poison outputs and arena so nothing passes by accident. */
  memset(relu_out, 0xff, sizeof relu_out);
  memset(probs, 0xff, sizeof probs);
  size_t bytes = (RELU_ADD_ARENA_BYTES + RELU_ADD_ARENA_ALIGNMENT - 1) /
                 RELU_ADD_ARENA_ALIGNMENT * RELU_ADD_ARENA_ALIGNMENT;
  void *arena = aligned_alloc(RELU_ADD_ARENA_ALIGNMENT,
                              bytes ? bytes : RELU_ADD_ARENA_ALIGNMENT);
  if (!arena)
    return 2;
  memset(arena, 0xff, bytes);

  void *inputs[RELU_ADD_NUM_INPUTS] = {x, bias};
  void *outputs[RELU_ADD_NUM_OUTPUTS] = {relu_out, probs};
  printf("status: %d\n", (int)relu_add_run(NULL, inputs, outputs, arena));
  print("relu_out", relu_out, RELU_ADD_OUTPUT_0_NUM_ELEMENTS, 4);
  print("probs", probs, RELU_ADD_OUTPUT_1_NUM_ELEMENTS, 4);
  /* A second run on the dirty arena must give the same answer. */
  x[0] = 7;
  relu_add_run(NULL, inputs, outputs, arena);
  print("rerun", relu_out, RELU_ADD_OUTPUT_0_NUM_ELEMENTS, 4);

  const aicc_abi_model_t *m =
      (const aicc_abi_model_t *)relu_add_model_v1();
  printf("model: %s by %s, abi %u, arena %llu aligned %llu, run %s\n", m->name,
         m->producer, m->abi_version, (unsigned long long)m->arena_bytes,
         (unsigned long long)m->arena_alignment,
         m->run == relu_add_run ? "matches" : "differs");
  for (int i = 0; i < m->num_inputs + m->num_outputs; ++i) {
    const aicc_abi_tensor_t *t =
        i < m->num_inputs ? &m->inputs[i] : &m->outputs[i - m->num_inputs];
    printf("%s %s dtype %d shape", i < m->num_inputs ? "input" : "output",
           t->name, t->dtype);
    for (int d = 0; d < t->rank; ++d)
      printf(" %lld", (long long)t->shape[d]);
    printf("\n");
  }
  free(arena);
  return 0;
}
