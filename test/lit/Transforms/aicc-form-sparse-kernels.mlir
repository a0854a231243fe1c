// RUN: aicc-opt %s --split-input-file --aicc-form-sparse-kernels | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-form-sparse-kernels=min-zero-fraction=0.9 | FileCheck %s --check-prefix=STRICT

// A matmul with an 87.5%-zero weight [8, 2], its bias add and ReLU become
// one kernel: non-zeros by column (column 0: rows 2, 3; column 1: none), the
// activation transposed, leading dims folded into the 8 rows.
// CHECK-LABEL: func @matmul_bias_relu
//   CHECK-DAG:   %[[OFF:.+]] = arith.constant dense<[0, 2, 2]> : tensor<3xi32>
//   CHECK-DAG:   %[[IDX:.+]] = arith.constant dense<[2, 3]> : tensor<2xi32>
//   CHECK-DAG:   %[[VAL:.+]] = arith.constant dense<[-2.000000e+00, 8.000000e+00]> : tensor<2xf32>
//       CHECK:   %[[X:.+]] = aicc.reshape %arg0 : tensor<2x4x8xf32> to tensor<8x8xf32>
//       CHECK:   %[[XT:.+]] = aicc.transpose %[[X]] {perm = array<i64: 1, 0>} : (tensor<8x8xf32>) -> tensor<8x8xf32>
//       CHECK:   %[[K:.+]] = aicc.sparse_matmul %[[XT]], %[[OFF]], %[[IDX]], %[[VAL]] bias %arg1 : tensor<2xf32> into %{{.+}} {activation = "relu", row_tile = 8 : i64}
//       CHECK:   aicc.reshape %[[K]] : tensor<8x2xf32> to tensor<2x4x2xf32>
//   CHECK-NOT:   aicc.matmul
//   CHECK-NOT:   aicc.relu
// 87.5% zeros is below the strict threshold of 0.9:
// STRICT-LABEL: func @matmul_bias_relu
//       STRICT:   aicc.matmul
//   STRICT-NOT:   aicc.sparse_matmul
func.func @matmul_bias_relu(%x: tensor<2x4x8xf32>, %b: tensor<2xf32>) -> tensor<2x4x2xf32> {
  %w = arith.constant dense<[[0.0, 0.0], [0.0, 0.0], [-2.0, 0.0], [8.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]> : tensor<8x2xf32>
  %0 = aicc.matmul %x, %w : (tensor<2x4x8xf32>, tensor<8x2xf32>) -> tensor<2x4x2xf32>
  %1 = aicc.add %0, %b : (tensor<2x4x2xf32>, tensor<2xf32>) -> tensor<2x4x2xf32>
  %2 = aicc.relu %1 : tensor<2x4x2xf32>
  return %2 : tensor<2x4x2xf32>
}

// -----

// Gemm with transB: B [N, K] is read by rows; its C is the bias. 100
// rows: a row tile of 64 (eight AVX2 vectors).
// CHECK-LABEL: func @gemm_trans_b
//   CHECK-DAG:   %[[OFF:.+]] = arith.constant dense<[0, 1, 2]> : tensor<3xi32>
//   CHECK-DAG:   %[[IDX:.+]] = arith.constant dense<[3, 0]> : tensor<2xi32>
//       CHECK:   aicc.sparse_matmul %{{.+}}, %[[OFF]], %[[IDX]], %{{.+}} bias %arg1 : tensor<2xf32> into %{{.+}} {row_tile = 64 : i64}
//  CHECK-SAME:   tensor<8x100xf32>
func.func @gemm_trans_b(%a: tensor<100x8xf32>, %c: tensor<2xf32>) -> tensor<100x2xf32> {
  %b = arith.constant dense<[[0.0, 0.0, 0.0, 7.0, 0.0, 0.0, 0.0, 0.0], [1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32>
  %0 = aicc.gemm %a, %b, %c {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true}
       : (tensor<100x8xf32>, tensor<2x8xf32>, tensor<2xf32>) -> tensor<100x2xf32>
  return %0 : tensor<100x2xf32>
}

// -----

// Left alone: a single-row product with 87.5% zeros (fewer rows than
// min-rows need 95%), a dense weight, a
// weight that is not a constant.
// CHECK-LABEL: func @not_sparse
//   CHECK-NOT:   aicc.sparse_matmul
//       CHECK:   return
func.func @not_sparse(%x: tensor<1x4xf32>, %y: tensor<8x4xf32>, %v: tensor<4x2xf32>)
    -> (tensor<1x2xf32>, tensor<8x2xf32>, tensor<8x2xf32>) {
  %w = arith.constant dense<[[0.0, 0.0], [0.0, 0.0], [-2.0, 0.0], [0.0, 0.0]]> : tensor<4x2xf32>
  %d = arith.constant dense<[[1.0, -4.0], [1.0, 3.0], [-2.0, 1.0], [8.0, 0.0]]> : tensor<4x2xf32>
  %0 = aicc.matmul %x, %w : (tensor<1x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
  %1 = aicc.matmul %y, %d : (tensor<8x4xf32>, tensor<4x2xf32>) -> tensor<8x2xf32>
  %2 = aicc.matmul %y, %v : (tensor<8x4xf32>, tensor<4x2xf32>) -> tensor<8x2xf32>
  return %0, %1, %2 : tensor<1x2xf32>, tensor<8x2xf32>, tensor<8x2xf32>
}

// -----

// A long reduction (K = 3072): the row tile shrinks to 32 so that the
// transposed activation's slice (K x 32 x 4 bytes) stays in L2. An all-zero
// weight has no non-zeros at all.
// CHECK-LABEL: func @long_reduction
// STRICT-LABEL: func @long_reduction
//   CHECK-DAG:   arith.constant dense<0> : tensor<9xi32>
//   CHECK-DAG:   arith.constant dense<> : tensor<0xi32>
//       CHECK:   aicc.sparse_matmul {{.*}} {row_tile = 32 : i64} : tensor<3072x64xf32>
func.func @long_reduction(%x: tensor<64x3072xf32>) -> tensor<64x8xf32> {
  %w = arith.constant dense<0.0> : tensor<3072x8xf32>
  %0 = aicc.matmul %x, %w : (tensor<64x3072xf32>, tensor<3072x8xf32>) -> tensor<64x8xf32>
  return %0 : tensor<64x8xf32>
}

// -----

// A sparse feed-forward block: the first kernel writes its result
// transposed ([N, M], transposed_result), which is the second kernel's xt;
// only the block's input is transposed.
// CHECK-LABEL: func @feed_forward
// STRICT-LABEL: func @feed_forward
//       CHECK:   %[[XT:.+]] = aicc.transpose %arg0
//       CHECK:   %[[H:.+]] = aicc.sparse_matmul %[[XT]], {{.*}} {activation = "relu", row_tile = 8 : i64, transposed_result} : tensor<4x8xf32>, {{.*}} into tensor<2x8xf32> -> tensor<2x8xf32>
//   CHECK-NOT:   aicc.transpose
//       CHECK:   aicc.sparse_matmul %[[H]], {{.*}} {row_tile = 8 : i64} : tensor<2x8xf32>, {{.*}} into tensor<8x4xf32>
func.func @feed_forward(%x: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %w1 = arith.constant dense<[[0.0, 0.0], [0.0, 0.0], [-2.0, 0.0], [0.0, 0.0]]> : tensor<4x2xf32>
  %w2 = arith.constant dense<[[0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]]> : tensor<2x4xf32>
  %0 = aicc.matmul %x, %w1 : (tensor<8x4xf32>, tensor<4x2xf32>) -> tensor<8x2xf32>
  %1 = aicc.relu %0 : tensor<8x2xf32>
  %2 = aicc.matmul %1, %w2 : (tensor<8x2xf32>, tensor<2x4xf32>) -> tensor<8x4xf32>
  return %2 : tensor<8x4xf32>
}

// -----

// A 1x1 convolution (stride 1, unpadded, batch 1; 13 of 16 weights zero):
// the pixels are the rows, the NCHW input is xt [C, H*W] as it is, the
// weight [M, C] is read by rows (output channel 0: input channel 3; channel
// 1: 0 and 6), and the transposed result [M, H*W] is the NCHW output; bias
// and ReLU fold in.
// CHECK-LABEL: func @conv_1x1
//   CHECK-DAG:   %[[OFF:.+]] = arith.constant dense<[0, 1, 3]> : tensor<3xi32>
//   CHECK-DAG:   %[[IDX:.+]] = arith.constant dense<[3, 0, 6]> : tensor<3xi32>
//       CHECK:   %[[XT:.+]] = aicc.reshape %arg0 : tensor<1x8x4x4xf32> to tensor<8x16xf32>
//       CHECK:   %[[K:.+]] = aicc.sparse_matmul %[[XT]], %[[OFF]], %[[IDX]], %{{.+}} bias %arg1 : tensor<2xf32> into %{{.+}} {activation = "relu", row_tile = 16 : i64, transposed_result} : {{.*}} into tensor<2x16xf32>
//       CHECK:   aicc.reshape %[[K]] : tensor<2x16xf32> to tensor<1x2x4x4xf32>
//   CHECK-NOT:   aicc.transpose
//   CHECK-NOT:   aicc.conv
// STRICT-LABEL: func @conv_1x1
func.func @conv_1x1(%x: tensor<1x8x4x4xf32>, %b: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[0.0]], [[0.0]], [[0.0]], [[5.0]], [[0.0]], [[0.0]], [[0.0]], [[0.0]]],
                             [[[1.0]], [[0.0]], [[0.0]], [[0.0]], [[0.0]], [[0.0]], [[-3.0]], [[0.0]]]]> : tensor<2x8x1x1xf32>
  %0 = aicc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
     : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = aicc.relu %0 : tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// A one-step reduction keeps the dense product: nothing to skip, and the
// transposed [M, 1] activation would be a strided view (ONNX's DFT of
// length 1 multiplies by a zero [1, 1] imaginary part).
// CHECK-LABEL: func.func @single_step
//   CHECK-NOT:   aicc.sparse_matmul
//       CHECK:   aicc.matmul
func.func @single_step(%x: tensor<100x1xf32>) -> tensor<100x1xf32> {
  %w = arith.constant dense<0.0> : tensor<1x1xf32>
  %0 = aicc.matmul %x, %w : (tensor<100x1xf32>, tensor<1x1xf32>) -> tensor<100x1xf32>
  return %0 : tensor<100x1xf32>
}
