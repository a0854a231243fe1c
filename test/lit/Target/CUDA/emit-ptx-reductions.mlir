// RUN: aicc %s -target=cuda -emit=ptx | FileCheck %s

// A row max and a row sum of exp over rows of 300: both are block reductions
// (aicc-map-reductions-to-blocks): a 1 KiB shared buffer, a strided partial
// per thread, halving steps between bar.sync down to 32 partials (4 barriers
// instead of 9), then five butterfly shuffles in warp 0 and no barrier. (A
// softmax is one kernel of its own: emit-ptx-softmax.mlir.)
// CHECK-LABEL: .visible .entry main_kernel_0(
// CHECK:         .shared .align 4 .b8 {{.*}}[1024];
// CHECK:         max.NaN.f32
// CHECK:         st.shared.b32
// CHECK-NEXT:    bar.sync 0;
// CHECK:         ld.shared.b32 {{.*}}[%rd{{[0-9]+}}+512];
// CHECK:         max.NaN.f32
// CHECK:         bar.sync 0;
// CHECK:         ld.shared.b32 {{.*}}[%rd{{[0-9]+}}+128];
// CHECK:         bar.sync 0;
// CHECK-COUNT-5: shfl.sync.bfly.b32 {{.*}}, 31, -1;
// CHECK-NOT:     bar.sync
// CHECK:         st.global.b32
// CHECK-LABEL: .visible .entry main_kernel_2(
// CHECK:         .shared .align 4 .b8 {{.*}}[1024];
// CHECK:         add{{(.rn)?}}.f32
// CHECK:         st.shared.b32
// CHECK-NEXT:    bar.sync 0;
// CHECK:         ld.shared.b32
// CHECK:         add{{(.rn)?}}.f32
// CHECK:         bar.sync 0;
// CHECK:         ld.shared.b32 {{.*}}[%rd{{[0-9]+}}+128];
// CHECK:         bar.sync 0;
// CHECK-COUNT-5: shfl.sync.bfly.b32 {{.*}}, 31, -1;
// CHECK-NOT:     bar.sync
// CHECK:         st.global.b32

// ptxas assembles it: emit-cubin-reductions.mlir.
func.func @main(%x: tensor<4x300xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = aicc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : (tensor<4x300xf32>) -> tensor<4xf32>
  %1 = aicc.exp %x : tensor<4x300xf32>
  %2 = aicc.reduce_sum %1 {axes = array<i64: 1>, keepdims = false} : (tensor<4x300xf32>) -> tensor<4xf32>
  return %0, %2 : tensor<4xf32>, tensor<4xf32>
}
