// REQUIRES: ptxas
// ptxas assembles the fused softmax kernels (shuffles, shared memory,
// barriers) for sm_80 and sm_90: an attention-shaped softmax (rows of 33,
// 64 threads: two warps), one over rows of 1000 (256 threads), and short
// rows (30 rows of 5: one warp each, 8 rows per block, the last block's
// extra warps guarded off; no shared memory, no barrier).
// RUN: aicc %s -target=cuda -emit=ptx -cuda-arch=sm_80 -o %t.80.ptx
// RUN: FileCheck %s < %t.80.ptx
// RUN: %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin
// RUN: aicc %s -target=cuda -emit=ptx -cuda-arch=sm_90 -o %t.90.ptx
// RUN: %ptxas -arch=sm_90 %t.90.ptx -o %t.90.cubin
// RUN: od -An -c -N4 %t.90.cubin | FileCheck %s --check-prefix=ELF
// CHECK:     .entry main_kernel(
// CHECK:     .maxntid 64, 1, 1
// CHECK:     shfl.sync.bfly.b32
// CHECK:     bar.sync 0;
// CHECK:     .entry main_kernel_0(
// CHECK:     .maxntid 256, 1, 1
// CHECK:     shfl.sync.bfly.b32
// CHECK:     bar.sync 0;
// CHECK:     .entry main_kernel_1(
// CHECK:     .maxntid 256, 1, 1
// CHECK-NOT: .shared
// CHECK:     shfl.sync.bfly.b32
// CHECK-NOT: bar.sync
// CHECK:     ret;
// CHECK-NOT: .entry
// ELF: 177   E   L   F
func.func @main(%s: tensor<2x12x33x33xf32>, %x: tensor<3x1000xf32>, %t: tensor<2x3x5x5xf32>)
    -> (tensor<2x12x33x33xf32>, tensor<3x1000xf32>, tensor<2x3x5x5xf32>) {
  %0 = aicc.softmax %s {axis = 3 : i64} : tensor<2x12x33x33xf32>
  %1 = aicc.softmax %x {axis = 1 : i64} : tensor<3x1000xf32>
  %2 = aicc.softmax %t {axis = 3 : i64} : tensor<2x3x5x5xf32>
  return %0, %1, %2 : tensor<2x12x33x33xf32>, tensor<3x1000xf32>, tensor<2x3x5x5xf32>
}
