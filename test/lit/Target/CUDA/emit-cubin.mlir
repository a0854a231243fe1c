// REQUIRES: ptxas
// ptxas accepts the PTX for both architectures, and -emit=cubin writes an
// ELF (what ptxas made of it, called by MLIR's NVVM serialisation).
// RUN: aicc %s -target=cuda -emit=ptx -cuda-arch=sm_80 -o %t.80.ptx
// RUN: %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin
// RUN: aicc %s -target=cuda -emit=ptx -cuda-arch=sm_90 -o %t.90.ptx
// RUN: %ptxas -arch=sm_90 %t.90.ptx -o %t.90.cubin
// RUN: aicc %s -target=cuda -emit=cubin -cuda-arch=sm_90 -o %t.cubin
// RUN: od -An -c -N4 %t.cubin | FileCheck %s
// CHECK: 177   E   L   F
func.func @main(%x: tensor<4x300xf32>, %w: tensor<300x8xf32>) -> tensor<4x8xf32> {
  %0 = aicc.matmul %x, %w : (tensor<4x300xf32>, tensor<300x8xf32>) -> tensor<4x8xf32>
  %1 = aicc.log_softmax %0 {axis = 1 : i64} : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
