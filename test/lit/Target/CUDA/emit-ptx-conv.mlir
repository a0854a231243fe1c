// RUN: aicc %aicc_src_root/examples/digits/digits.onnx -target=cuda -emit=ptx | FileCheck %s

// The digit CNN (Conv 3x3 with padding, ReLU, pooling, Gemm, softmax):
// nine kernels in one module, no weights in it (they are a kernel
// parameter). The padded copy writes through a strided view whose static
// offset (one row of 10 plus one element: 44 bytes) is folded into the store.
// CHECK-NOT:   .global .align
// CHECK-LABEL: .visible .entry main_kernel_0(
// CHECK:         ld.global.b32
// CHECK:         st.global.b32 [%rd{{[0-9]+}}+44]
// The convolution: one thread per output element, the 3x3 taps unrolled
// into fused multiply-adds.
// CHECK-LABEL: .visible .entry main_kernel_2(
// CHECK-COUNT-9: fma.rn.f32
// CHECK-LABEL: .visible .entry main_kernel_7(
// CHECK-NOT:   .extern
// CHECK-NOT:   .visible .entry
