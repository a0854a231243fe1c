// RUN: aicc %s -target=cuda -emit=ptx | FileCheck %s

// A softmax over rows of 300: the row max and the row sum are block
// reductions (aicc-map-reductions-to-blocks): a 1 KiB shared buffer, a
// strided partial per thread, then halving steps between bar.sync.
// CHECK-LABEL: .visible .entry main_kernel_0(
// CHECK:         .shared .align 4 .b8 {{.*}}[1024];
// CHECK:         max.NaN.f32
// CHECK:         st.shared.b32
// CHECK-NEXT:    bar.sync 0;
// CHECK:         ld.shared.b32 {{.*}}[%rd{{[0-9]+}}+512];
// CHECK:         max.NaN.f32
// CHECK:         bar.sync 0;
// CHECK:         st.global.b32
// CHECK-LABEL: .visible .entry main_kernel_3(
// CHECK:         .shared .align 4 .b8 {{.*}}[1024];
// CHECK:         add{{(.rn)?}}.f32
// CHECK:         st.shared.b32
// CHECK-NEXT:    bar.sync 0;
// CHECK:         ld.shared.b32
// CHECK:         add{{(.rn)?}}.f32
// CHECK:         bar.sync 0;
func.func @main(%x: tensor<4x300xf32>) -> tensor<4x300xf32> {
  %0 = aicc.softmax %x {axis = 1 : i64} : tensor<4x300xf32>
  return %0 : tensor<4x300xf32>
}
