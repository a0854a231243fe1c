// RUN: aicc-opt %s --aicc-insert-qdq=ternary=true | FileCheck %s
// RUN: aicc-opt %s --aicc-insert-qdq="ternary=true ternary-scale=mse" | FileCheck %s --check-prefix=MSE
// RUN: aicc-opt %s --aicc-insert-qdq=ternary=true --aicc-fold-qdq | FileCheck %s --check-prefix=FOLD
// RUN: not aicc-opt %s --aicc-insert-qdq="ternary=true ternary-scale=max" 2>&1 | FileCheck %s --check-prefix=ERR

// aicc-insert-qdq with ternary weights (-quantize=ternary). Rows of the
// transB weight:
//  absmean (BitNet b1.58): {1, -2, 3}: scale mean|w| = 2, w / 2 = {0.5, -1, 1.5}
//    rounds half to even to {0, -1, 2} and clips to {0, -1, 1}; {4, 5, -6}:
//    scale 5, {0.8, 1, -1.2} -> {1, 1, -1}. Bias: int32 with scale
//    x_scale * w_scale: 0.5 / (2/255 * 2) = 31.875 -> 32, -0.25 / (2/255 * 5)
//    = -6.375 -> -6.
//  mse: {3, 2, 1} sorted: (sum of the k largest)^2 / k = 9, 12.5, 12: k = 2,
//    scale (3 + 2) / 2 = 2.5, values {0, -1, 1}; {6, 5, 4}: 36, 60.5, 75:
//    k = 3, scale 5, {1, 1, -1}.
// CHECK-LABEL: func.func @gemm
//   CHECK-DAG:   %[[W:.*]] = arith.constant dense_resource<quantized_weight> : tensor<2x3xi8>
//   CHECK-DAG:   %[[SW:.*]] = arith.constant dense<[2.000000e+00, 5.000000e+00]> : tensor<2xf32>
//       CHECK:   %[[DW:.*]] = aicc.dequantize_linear %[[W]], %[[SW]], %{{.*}} {axis = 0 : i64} : (tensor<2x3xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x3xf32>
//   CHECK-DAG:   %[[B:.*]] = arith.constant dense<[32, -6]> : tensor<2xi32>
//       CHECK:   aicc.gemm %{{.*}}, %[[DW]]
//       CHECK: quantized_weight: "0x0100000000FF010101FF"

// MSE-LABEL: func.func @gemm
//   MSE-DAG:   arith.constant dense<[2.500000e+00, 5.000000e+00]> : tensor<2xf32>
//       MSE: quantized_weight: "0x0100000000FF010101FF"

// The ternary weights fold into the integer kernels like int8 ones.
// FOLD-LABEL: func.func @gemm
//       FOLD:   aicc.matmul_integer
//       FOLD:   aicc.requantize
//   FOLD-NOT:   aicc.gemm

// ERR: error: aicc-insert-qdq: ternary-scale must be absmean or mse, not 'max'
func.func @gemm(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %g = aicc.gemm %x, %w, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true,
         aicc.input_range = array<f32: -1.0, 1.0>, aicc.output_range = array<f32: -2.0, 3.0>}
       : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %g : tensor<1x2xf32>
}
