// RUN: aicc-opt %s --split-input-file --aicc-prune-weights=pattern=2:4 | FileCheck %s --check-prefix=S24
// RUN: aicc-opt %s --split-input-file --aicc-prune-weights=pattern=unstructured:0.5 | FileCheck %s --check-prefix=U50
// RUN: not aicc-opt %s --split-input-file --aicc-prune-weights=pattern=3:2 2>&1 | FileCheck %s --check-prefix=BAD

// A matmul's weight [K, N]: 2:4 groups run down each column (along K).
// S24-LABEL: func @matmul
//       S24:   %[[W:.+]] = arith.constant dense<{{\[}}[0.000000e+00, -4.000000e+00], [0.000000e+00, 3.000000e+00], [-2.000000e+00, 0.000000e+00], [8.000000e+00, 0.000000e+00]]> : tensor<4x2xf32>
//       S24:   aicc.matmul %{{.+}}, %[[W]]
// Unstructured 0.5: the 4 smallest magnitudes of 8 (0.1, 0.5, 1, 1) are zeroed.
// U50-LABEL: func @matmul
//       U50:   %[[W:.+]] = arith.constant dense<{{\[}}[0.000000e+00, -4.000000e+00], [0.000000e+00, 3.000000e+00], [-2.000000e+00, 0.000000e+00], [8.000000e+00, 0.000000e+00]]> : tensor<4x2xf32>
//       U50:   aicc.matmul %{{.+}}, %[[W]]
// BAD: expects unstructured:F or N:M (e.g. 2:4), got '3:2'
func.func @matmul(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, -4.0], [0.5, 3.0], [-2.0, 0.1], [8.0, 1.0]]> : tensor<4x2xf32>
  %y = aicc.matmul %x, %w : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Gemm with transB: B is [N, K], so the groups are the rows' runs of 4.
// S24-LABEL: func @gemm_trans_b
//       S24:   %[[B:.+]] = arith.constant dense<{{\[}}[0.000000e+00, 5.000000e+00, -6.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 0.000000e+00, -1.000000e+00]]> : tensor<2x4xf32>
//       S24:   aicc.gemm %{{.+}}, %[[B]]
func.func @gemm_trans_b(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %b = arith.constant dense<[[1.0, 5.0, -6.0, 2.0], [1.0, 0.5, 0.25, -1.0]]> : tensor<2x4xf32>
  %y = aicc.gemm %x, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true}
     : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// A conv weight [M, C, KH, KW]: groups along (C, KH, KW), 8 values per
// output channel here, so two groups each. A weight that is not a constant
// is left alone.
// S24-LABEL: func @conv
//       S24:   %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[0.000000e+00, 2.000000e+00], [0.000000e+00, -3.000000e+00]], {{\[}}[5.000000e+00, 0.000000e+00], [0.000000e+00, 6.000000e+00]]]]> : tensor<1x2x2x2xf32>
//       S24:   aicc.conv %{{.+}}, %[[W]]
//       S24:   aicc.conv %{{.+}}, %arg1
func.func @conv(%x: tensor<1x2x4x4xf32>, %v: tensor<1x2x2x2xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) {
  %w = arith.constant dense<[[[[1.0, 2.0], [-1.0, -3.0]], [[5.0, 0.5], [-0.5, 6.0]]]]> : tensor<1x2x2x2xf32>
  %y = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
     : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x3x3xf32>
  %z = aicc.conv %x, %v {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
     : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x3x3xf32>
  return %y, %z : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>
}
