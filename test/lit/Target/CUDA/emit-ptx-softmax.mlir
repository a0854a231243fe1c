// RUN: aicc %s -target=cuda -emit=ptx | FileCheck %s
// RUN: aicc %s -target=cuda -emit=ptx | FileCheck %s --check-prefix=ONE

// A softmax over rows of 300 is one kernel (aicc-form-named-softmax, then
// aicc-map-softmax-to-blocks): 256 threads, two 32-byte shared buffers (a
// slot per warp for the max and for the sum), for each reduction five
// butterfly shuffles, lane 0's store, one bar.sync and the eight slots read
// back; exp(x - max) stored, then divided by the sum in place.
// CHECK-LABEL: .visible .entry main_kernel(
// CHECK:         .maxntid 256, 1, 1
// CHECK:         .shared .align 4 .b8 [[MAX:__wg_main_kernel_[0-9]+]][32];
// CHECK:         .shared .align 4 .b8 [[SUM:__wg_main_kernel_[0-9]+]][32];
// CHECK:         ld.global.b32
// CHECK:         max.NaN.f32
// CHECK-COUNT-5: shfl.sync.bfly.b32 {{.*}}, 31, -1;
// CHECK:         st.shared.b32
// CHECK:         bar.sync 0;
// CHECK:         ld.shared{{.*}}[[[MAX]]]
// CHECK:         fma.rn.f32 {{.*}}, 0f3FB8AA3B, 0f3F000000;
// CHECK:         st.global.b32
// CHECK-COUNT-5: shfl.sync.bfly.b32 {{.*}}, 31, -1;
// CHECK:         st.shared.b32
// CHECK:         bar.sync 0;
// CHECK:         ld.shared{{.*}}[[[SUM]]]
// CHECK:         div.rn.f32
// CHECK:         st.global.b32
// CHECK:         ret;

// Exactly one kernel for the whole softmax (it used to be six: two fills,
// max, exp, sum, divide), and no call (no libdevice needed).
// ONE-COUNT-1: .entry
// ONE-NOT:     .entry
// ONE-NOT:     call
func.func @main(%x: tensor<4x300xf32>) -> tensor<4x300xf32> {
  %0 = aicc.softmax %x {axis = 1 : i64} : tensor<4x300xf32>
  return %0 : tensor<4x300xf32>
}
