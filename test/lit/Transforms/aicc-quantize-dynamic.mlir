// RUN: aicc-opt %s --aicc-quantize-dynamic --split-input-file | FileCheck %s

// MatMul with a constant weight: the activation's range is reduced at run
// time, the scale and zero point computed from it, the activation quantized
// to uint8; the weight is int8 per column with scale max|col| / 127
// (column {1, 0.5} -> {127, 64}, column {-4, 2} -> {-127, 64}), the integer
// product is corrected by zp * colsum(w) (colsum {191, -63}) and rescaled by
// scale * w_scale.
// CHECK-LABEL: func.func @matmul
//       CHECK:   %[[LO:.*]] = aicc.reduce_min %arg0 {axes = array<i64: 0, 1>, keepdims = false} : (tensor<3x2xf32>) -> tensor<f32>
//       CHECK:   %[[HI:.*]] = aicc.reduce_max %arg0 {axes = array<i64: 0, 1>, keepdims = false}
//       CHECK:   %[[ZP:.*]] = aicc.round
//       CHECK:   %[[ZU:.*]] = aicc.cast %[[ZP]] : tensor<f32> to tensor<ui8>
//       CHECK:   %[[XQ:.*]] = aicc.quantize_linear %arg0, %[[S:.*]], %[[ZU]] {axis = 0 : i64} : (tensor<3x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<3x2xui8>
//       CHECK:   %[[ACC:.*]] = aicc.matmul_integer %[[XQ]], %{{.*}} {lhs_zero_point = 0 : i64, rhs_zero_point = 0 : i64} : (tensor<3x2xui8>, tensor<2x2xi8>) -> tensor<3x2xi32>
//       CHECK:   %[[ZI:.*]] = aicc.cast %[[ZP]] : tensor<f32> to tensor<i32>
//       CHECK:   %[[SUMS:.*]] = arith.constant dense<[191, -63]> : tensor<2xi32>
//       CHECK:   %[[CORR:.*]] = aicc.mul %[[ZI]], %[[SUMS]] : (tensor<i32>, tensor<2xi32>) -> tensor<2xi32>
//       CHECK:   %[[C:.*]] = aicc.sub %[[ACC]], %[[CORR]]
//       CHECK:   %[[F:.*]] = aicc.cast %[[C]] : tensor<3x2xi32> to tensor<3x2xf32>
//       CHECK:   %[[M:.*]] = aicc.mul %[[S]], %{{.*}} : (tensor<f32>, tensor<2xf32>) -> tensor<2xf32>
//       CHECK:   %[[Y:.*]] = aicc.mul %[[F]], %[[M]]
//   CHECK-NOT:   aicc.matmul %
//       CHECK:   return %[[Y]]
//       CHECK: dynamic_weight: "0x010000007F814040"
func.func @matmul(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, -4.0], [0.5, 2.0]]> : tensor<2x2xf32>
  %y = aicc.matmul %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Gemm with transB: the weight is transposed at compile time to [K, N] and
// the float bias is added after the rescale. Convolutions stay f32.
// CHECK-LABEL: func.func @gemm_conv
//       CHECK:   aicc.matmul_integer %{{.*}}, %{{.*}} {{.*}} : (tensor<1x3xui8>, tensor<3x2xi8>) -> tensor<1x2xi32>
//       CHECK:   %[[Y:.*]] = aicc.mul %{{.*}}, %{{.*}} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
//       CHECK:   %[[B:.*]] = aicc.add %[[Y]], %{{.*}} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
//   CHECK-NOT:   aicc.gemm
//       CHECK:   aicc.conv
//       CHECK:   return %[[B]]
func.func @gemm_conv(%x: tensor<1x3xf32>, %img: tensor<1x1x2x2xf32>) -> (tensor<1x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<[[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %g = aicc.gemm %x, %w, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true}
       : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %k = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %c = aicc.conv %img, %k {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %g, %c : tensor<1x2xf32>, tensor<1x1x2x2xf32>
}
