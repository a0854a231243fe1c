// RUN: aicc %s -target=cuda -emit=ptx -precision=bf16 | FileCheck %s --check-prefix=BF16
// RUN: aicc %s -target=cuda -emit=ptx -precision=bf16 -cuda-arch=sm_90 | FileCheck %s --check-prefix=BF16
// RUN: aicc %s -target=cuda -emit=ptx -precision=fp16 | FileCheck %s --check-prefix=FP16
// RUN: aicc %s -target=cuda -emit=ptx | FileCheck %s --check-prefix=FP32

// -precision (aicc-reduce-precision): the Gemm's kernel loads its weight as
// 16 bits and widens it, rounds the activation to 16 bits and back (the
// conversions are not marked contract, so arith does not fold the pair
// away), and accumulates in f32 with fma.rn.f32.
// BF16-LABEL: .visible .entry main_kernel_0(
//       BF16:   ld.global.b16 [[W:%rs[0-9]+]]
//       BF16:   cvt.f32.bf16 [[WF:%r[0-9]+]], [[W]];
//       BF16:   cvt.rn.bf16.f32 [[XH:%rs[0-9]+]], [[X:%r[0-9]+]];
//       BF16:   cvt.f32.bf16 [[XF:%r[0-9]+]], [[XH]];
//       BF16:   fma.rn.f32 {{%r[0-9]+}}, [[XF]], [[WF]],
// FP16-LABEL: .visible .entry main_kernel_0(
//       FP16:   ld.global.b16 [[W:%rs[0-9]+]]
//       FP16:   cvt.f32.f16 [[WF:%r[0-9]+]], [[W]];
//       FP16:   cvt.rn.f16.f32 [[XH:%rs[0-9]+]]
//       FP16:   cvt.f32.f16 [[XF:%r[0-9]+]], [[XH]];
//       FP16:   fma.rn.f32 {{%r[0-9]+}}, [[XF]], [[WF]],
// FP32-LABEL: .visible .entry main_kernel_0(
//   FP32-NOT:   ld.global.b16
//   FP32-NOT:   cvt.f32.bf16
//       FP32:   fma.rn.f32

// The weights in the artifact: 16x8 f32 (512 bytes) and the bias (32, at
// the next 64-byte boundary) take 576 bytes; with bf16 the weight takes 256
// and the f32 bias 32: 320 bytes.
// RUN: aicc %s -target=cuda -o %t.f32.so
// RUN: aicc-run %t.f32.so --info | FileCheck %s --check-prefix=INFO32
// RUN: aicc %s -target=cuda -precision=bf16 -o %t.bf16.so
// RUN: aicc-run %t.bf16.so --info | FileCheck %s --check-prefix=INFO16
// INFO32: weights 576 bytes
// INFO16: weights 320 bytes
func.func @main(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %w = arith.constant dense<[[-0.60, -0.50, -0.40, -0.30, -0.20, -0.10, 0.00, 0.10], [0.20, 0.30, 0.40, 0.50, 0.60, -0.60, -0.50, -0.40], [-0.30, -0.20, -0.10, 0.00, 0.10, 0.20, 0.30, 0.40], [0.50, 0.60, -0.60, -0.50, -0.40, -0.30, -0.20, -0.10], [0.00, 0.10, 0.20, 0.30, 0.40, 0.50, 0.60, -0.60], [-0.50, -0.40, -0.30, -0.20, -0.10, 0.00, 0.10, 0.20], [0.30, 0.40, 0.50, 0.60, -0.60, -0.50, -0.40, -0.30], [-0.20, -0.10, 0.00, 0.10, 0.20, 0.30, 0.40, 0.50], [0.60, -0.60, -0.50, -0.40, -0.30, -0.20, -0.10, 0.00], [0.10, 0.20, 0.30, 0.40, 0.50, 0.60, -0.60, -0.50], [-0.40, -0.30, -0.20, -0.10, 0.00, 0.10, 0.20, 0.30], [0.40, 0.50, 0.60, -0.60, -0.50, -0.40, -0.30, -0.20], [-0.10, 0.00, 0.10, 0.20, 0.30, 0.40, 0.50, 0.60], [-0.60, -0.50, -0.40, -0.30, -0.20, -0.10, 0.00, 0.10], [0.20, 0.30, 0.40, 0.50, 0.60, -0.60, -0.50, -0.40], [-0.30, -0.20, -0.10, 0.00, 0.10, 0.20, 0.30, 0.40]]> : tensor<16x8xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]> : tensor<8xf32>
  %0 = aicc.gemm %x, %w, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = false} : (tensor<4x16xf32>, tensor<16x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
