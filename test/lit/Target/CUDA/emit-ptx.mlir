// RUN: aicc %s -target=cuda -emit=ptx | FileCheck %s
// RUN: aicc %s -target=cuda -emit=ptx -cuda-arch=sm_80,sm_90 -o %t.ptx
// RUN: FileCheck %s --check-prefix=ARCHS < %t.ptx

// Gemm (constant weights), ReLU, softmax: one PTX module with every kernel.
// CHECK:      // aicc: GPU module @aicc_kernels (sm_80)
// CHECK:      .version 8.0
// CHECK-NEXT: .target sm_80
// CHECK-NEXT: .address_size 64
// The weights are no globals of the module: a kernel reads them through a
// pointer parameter into the weights buffer (aicc-weights-to-argument).
// CHECK-NOT:  .global .align
// The gemm: one thread per output element (block x thread id), a k loop of
// global loads and fused multiply-adds; inputs are kernel parameters.
// CHECK-LABEL: .visible .entry main_kernel_0(
// CHECK:        .param .u64 .ptr .align 1 main_kernel_0_param_0,
// CHECK:        .param .u64 .ptr .align 1 main_kernel_0_param_1,
// CHECK:        mov.u32 {{.*}}%tid.x;
// CHECK:        ld.global.b32
// CHECK:        ld.global.b32
// CHECK:        fma.rn.f32
// CHECK:        st.global.b32
// ReLU; the softmax in one kernel (aicc-map-softmax-to-blocks): rows of 4,
// so one warp per row, all 8 rows in one block of 256 threads: the row max
// by xor shuffles, exp as an inline polynomial (x * log2(e) first), the row
// sum by shuffles, the division.
// CHECK-LABEL: .visible .entry main_kernel_1(
// CHECK:        max.NaN.f32 {{.*}}, 0f00000000;
// CHECK-LABEL: .visible .entry main_kernel_2(
// CHECK:        .maxntid 256, 1, 1
// CHECK-COUNT-5: shfl.sync.bfly.b32
// CHECK:        fma.rn.f32 {{.*}}, 0f3FB8AA3B, 0f3F000000;
// CHECK-COUNT-5: shfl.sync.bfly.b32
// CHECK:        div.rn.f32
// CHECK-NOT:    .visible .entry
// CHECK-NOT:    // aicc: GPU module

// No libdevice or other calls: the PTX assembles on its own.
// RUN: aicc %s -target=cuda -emit=ptx | FileCheck %s --check-prefix=NOCALL
// NOCALL-NOT: .extern
// NOCALL-NOT: call
// NOCALL:     .entry main_kernel_2(
// NOCALL-NOT: .extern
// NOCALL-NOT: call

// ARCHS: // aicc: GPU module @aicc_kernels (sm_80)
// ARCHS: .target sm_80
// ARCHS: .visible .entry main_kernel(
// ARCHS: // aicc: GPU module @aicc_kernels (sm_90)
// ARCHS: .target sm_90
// ARCHS: .visible .entry main_kernel(
func.func @main(%x: tensor<8x16xf32>) -> tensor<8x4xf32> {
  %w = arith.constant dense<[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.7]]> : tensor<16x4xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = aicc.gemm %x, %w, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = false} : (tensor<8x16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  %1 = aicc.relu %0 : tensor<8x4xf32>
  %2 = aicc.softmax %1 {axis = 1 : i64} : tensor<8x4xf32>
  return %2 : tensor<8x4xf32>
}
