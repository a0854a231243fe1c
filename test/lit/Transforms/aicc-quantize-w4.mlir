// RUN: aicc-opt %s --split-input-file --aicc-quantize-w4=block-size=16 | FileCheck %s
// RUN: not aicc-opt %s --split-input-file --aicc-quantize-w4=block-size=12 2>&1 | FileCheck %s --check-prefix=BAD

// One column w[k] = k - 5 (k < 16), one block: min -5, max 10, scale 1,
// zero point 5, q = k: bytes 2j | (2j + 1) << 4 = 34j + 16.
// CHECK-LABEL: func.func @matmul
//   CHECK-DAG:   %[[Q:.*]] = arith.constant dense<{{\[\[\[}}16, 50, 84, 118, 152, 186, 220, 254]]]> : tensor<1x1x8xui8>
//   CHECK-DAG:   %[[Z:.*]] = arith.constant dense<5> : tensor<1x1xui8>
//   CHECK-DAG:   %[[S:.*]] = arith.constant dense<1.000000e+00> : tensor<1x1xf32>
//       CHECK:   %[[Y:.*]] = aicc.matmul_int4 %arg0, %[[Q]], %[[S]], %[[Z]] {k_size = 16 : i64} : (tensor<2x16xf32>, tensor<1x1x8xui8>, tensor<1x1xf32>, tensor<1x1xui8>) -> tensor<2x1xf32>
//   CHECK-NOT:   aicc.matmul %
//       CHECK:   return %[[Y]]
// BAD: error: aicc-quantize-w4: block-size must be a power of 2 >= 16, got 12
func.func @matmul(%x: tensor<2x16xf32>) -> tensor<2x1xf32> {
  %w = arith.constant dense<[[-5.0], [-4.0], [-3.0], [-2.0], [-1.0], [0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0], [9.0], [10.0]]> : tensor<16x1xf32>
  %y = aicc.matmul %x, %w : (tensor<2x16xf32>, tensor<16x1xf32>) -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// -----

// Gemm with transB ([N, K] = [2, 20]: two blocks, the second partial) and a
// bias: the bias is added after. An all-positive block keeps 0 in range
// (zero point 0). A matmul with a non-constant weight and a convolution stay f32.
// CHECK-LABEL: func.func @gemm_and_others
//       CHECK:   %[[Y:.*]] = aicc.matmul_int4 %arg0, {{.*}} {k_size = 20 : i64} : (tensor<1x20xf32>, tensor<2x2x8xui8>, tensor<2x2xf32>, tensor<2x2xui8>) -> tensor<1x2xf32>
//       CHECK:   aicc.add %[[Y]], %arg1 : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
//       CHECK:   aicc.matmul %arg0, %arg2
//       CHECK:   aicc.conv
//   CHECK-NOT:   aicc.gemm
func.func @gemm_and_others(%x: tensor<1x20xf32>, %b: tensor<2xf32>, %v: tensor<20x3xf32>,
                           %img: tensor<1x1x4x4xf32>) -> (tensor<1x2xf32>, tensor<1x3xf32>, tensor<1x1x4x4xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x20xf32>
  %y = aicc.gemm %x, %w, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true} : (tensor<1x20xf32>, tensor<2x20xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %z = aicc.matmul %x, %v : (tensor<1x20xf32>, tensor<20x3xf32>) -> tensor<1x3xf32>
  %k = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %c = aicc.conv %img, %k {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return %y, %z, %c : tensor<1x2xf32>, tensor<1x3xf32>, tensor<1x1x4x4xf32>
}
