// RUN: aicc-opt %s --split-input-file --aicc-map-softmax-to-blocks --verify-diagnostics

// What aicc-form-named-softmax never forms is an error at the op, not a crash.

func.func @f16(%in: memref<4x300xf16>, %out: memref<4x300xf16>) {
  // expected-error @below {{aicc-map-softmax-to-blocks: only f32 softmax is supported}}
  linalg.softmax dimension(1) ins(%in : memref<4x300xf16>) outs(%out : memref<4x300xf16>)
  return
}

// -----

func.func @dynamic(%in: memref<?x300xf32>, %out: memref<?x300xf32>) {
  // expected-error @below {{aicc-map-softmax-to-blocks: expects a static, non-empty float softmax}}
  linalg.softmax dimension(1) ins(%in : memref<?x300xf32>) outs(%out : memref<?x300xf32>)
  return
}

// -----

func.func @tensors(%x: tensor<4x300xf32>) -> tensor<4x300xf32> {
  %e = tensor.empty() : tensor<4x300xf32>
  // expected-error @below {{aicc-map-softmax-to-blocks: expects a bufferized softmax}}
  %0 = linalg.softmax dimension(1) ins(%x : tensor<4x300xf32>) outs(%e : tensor<4x300xf32>) -> tensor<4x300xf32>
  return %0 : tensor<4x300xf32>
}
