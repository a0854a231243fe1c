// RUN: aicc-opt %s --split-input-file --aicc-reduce-precision=type=bf16 | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-reduce-precision=type=fp16 | FileCheck %s --check-prefix=F16
// RUN: not aicc-opt %s --split-input-file --aicc-reduce-precision=type=fp8 2>&1 | FileCheck %s --check-prefix=BAD

// The weight is stored in bf16 (1 + 2^-8 rounds to 1, ties to even), widened
// by a cast; the activation is rounded to bf16 and widened; the product
// stays f32.
// CHECK-LABEL: func @matmul
//   CHECK-NOT:   tensor<4x2xf32> = arith.constant
//       CHECK:   %[[XH:.+]] = aicc.cast %arg0 : tensor<3x4xf32> to tensor<3x4xbf16>
//       CHECK:   %[[X:.+]] = aicc.cast %[[XH]] : tensor<3x4xbf16> to tensor<3x4xf32>
//       CHECK:   %[[WH:.+]] = arith.constant dense<{{\[}}[1.000000e+00, -4.000000e+00], [5.000000e-01, 3.000000e+00], [-2.000000e+00, 1.000980e-01], [8.000000e+00, 1.000000e+00]]> : tensor<4x2xbf16>
//       CHECK:   %[[W:.+]] = aicc.cast %[[WH]] : tensor<4x2xbf16> to tensor<4x2xf32>
//       CHECK:   aicc.matmul %[[X]], %[[W]] : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
// fp16 keeps 1 + 2^-8 (10 mantissa bits).
// F16-LABEL: func @matmul
//       F16:   arith.constant dense<{{\[}}[1.003910e+00, -4.000000e+00]{{.*}} : tensor<4x2xf16>
//       F16:   aicc.cast %arg0 : tensor<3x4xf32> to tensor<3x4xf16>
// BAD: aicc-reduce-precision: type must be bf16 or fp16, got 'fp8'
func.func @matmul(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.00390625, -4.0], [0.5, 3.0], [-2.0, 0.1], [8.0, 1.0]]> : tensor<4x2xf32>
  %y = aicc.matmul %x, %w : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Two Gemms reading the same activation and weight convert each once; the
// bias C stays f32.
// CHECK-LABEL: func @gemm_shared
//       CHECK:   %[[XH:.+]] = aicc.cast %arg0 : tensor<3x4xf32> to tensor<3x4xbf16>
//       CHECK:   %[[X:.+]] = aicc.cast %[[XH]]
//       CHECK:   %[[BH:.+]] = arith.constant dense<{{.*}}> : tensor<2x4xbf16>
//       CHECK:   %[[B:.+]] = aicc.cast %[[BH]]
//       CHECK:   %[[C:.+]] = arith.constant dense<{{.*}}> : tensor<2xf32>
//       CHECK:   aicc.gemm %[[X]], %[[B]], %[[C]]
//       CHECK:   aicc.gemm %[[X]], %[[B]]
//   CHECK-NOT:   aicc.cast
func.func @gemm_shared(%x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %b = arith.constant dense<[[1.0, 5.0, -6.0, 2.0], [1.0, 0.5, 0.25, -1.0]]> : tensor<2x4xf32>
  %c = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %y = aicc.gemm %x, %b, %c {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true}
     : (tensor<3x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %z = aicc.gemm %x, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true}
     : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  return %y, %z : tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// A convolution's input is rounded after the op that computes it; its
// bias stays f32.
// CHECK-LABEL: func @conv
//       CHECK:   %[[WH:.+]] = arith.constant dense<{{.*}}> : tensor<2x1x1x1xbf16>
//       CHECK:   %[[W:.+]] = aicc.cast %[[WH]] : tensor<2x1x1x1xbf16> to tensor<2x1x1x1xf32>
//       CHECK:   %[[R:.+]] = aicc.relu
//       CHECK:   %[[RH:.+]] = aicc.cast %[[R]] : tensor<1x1x2x2xf32> to tensor<1x1x2x2xbf16>
//       CHECK:   %[[R2:.+]] = aicc.cast %[[RH]]
//       CHECK:   aicc.conv %[[R2]], %[[W]], %{{.+}} {{.*}} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>)
func.func @conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %r = aicc.relu %x : tensor<1x1x2x2xf32>
  %y = aicc.conv %r, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Products without a constant weight (attention's Q x K^T) stay f32.
// CHECK-LABEL: func @no_constant
//   CHECK-NOT:   aicc.cast
func.func @no_constant(%a: tensor<3x4xf32>, %b: tensor<4x2xf32>) -> tensor<3x2xf32> {
  %y = aicc.matmul %a, %b : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}
