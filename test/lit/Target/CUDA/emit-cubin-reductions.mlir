// REQUIRES: ptxas
// ptxas assembles block reductions with their warp-shuffle tail
// (aicc-map-reductions-to-blocks) for sm_80 and sm_90.
// RUN: aicc %s -target=cuda -emit=ptx -cuda-arch=sm_80 -o %t.80.ptx
// RUN: FileCheck %s < %t.80.ptx
// RUN: %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin
// RUN: aicc %s -target=cuda -emit=ptx -cuda-arch=sm_90 -o %t.90.ptx
// RUN: %ptxas -arch=sm_90 %t.90.ptx -o %t.90.cubin
// RUN: od -An -c -N4 %t.90.cubin | FileCheck %s --check-prefix=ELF
// CHECK: bar.sync 0;
// CHECK: shfl.sync.bfly.b32
// CHECK: bar.sync 0;
// CHECK: shfl.sync.bfly.b32
// ELF: 177   E   L   F
func.func @main(%x: tensor<4x300xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = aicc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : (tensor<4x300xf32>) -> tensor<4xf32>
  %1 = aicc.exp %x : tensor<4x300xf32>
  %2 = aicc.reduce_sum %1 {axes = array<i64: 1>, keepdims = false} : (tensor<4x300xf32>) -> tensor<4xf32>
  return %0, %2 : tensor<4xf32>, tensor<4xf32>
}
