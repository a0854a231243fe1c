// RUN: aicc-opt %s --aicc-fold-qdq --split-input-file | FileCheck %s

// Gemm with a per-channel int8 weight (transB: axis 0), an int32 bias with
// scale x_scale * w_scale and a ReLU: the weight constant is transposed on
// the host, the bias added to the i32 accumulator, and the multiplier is
// 0.5 * {0.25, 0.125} / 0.0625 = {2, 1}.
// CHECK-LABEL: func.func @gemm
//       CHECK:   %[[W:.*]] = arith.constant dense_resource<qdq_transposed> : tensor<3x2xi8>
//   CHECK-NOT:   aicc.gemm
//   CHECK-NOT:   aicc.relu
//       CHECK:   %[[ACC:.*]] = aicc.matmul_integer %arg0, %[[W]] {lhs_zero_point = 3 : i64, rhs_zero_point = 0 : i64} : (tensor<1x3xui8>, tensor<3x2xi8>) -> tensor<1x2xi32>
//       CHECK:   %[[B:.*]] = aicc.add %[[ACC]], %{{.*}} : (tensor<1x2xi32>, tensor<2xi32>) -> tensor<1x2xi32>
//       CHECK:   %[[Q:.*]] = aicc.requantize %[[B]] {axis = 1 : i64, relu, scale = array<f32: 2.000000e+00, 1.000000e+00>, zero_point = -5 : i64} : tensor<1x2xi32> -> tensor<1x2xi8>
//   CHECK-NOT:   aicc.quantize_linear
//       CHECK:   return %[[Q]]
//       CHECK: qdq_transposed: "0x010000000104FE0503FA"
func.func @gemm(%x: tensor<1x3xui8>) -> tensor<1x2xi8> {
  %sx = arith.constant dense<0.5> : tensor<f32>
  %zx = arith.constant dense<3> : tensor<ui8>
  %w = arith.constant dense<[[1, -2, 3], [4, 5, -6]]> : tensor<2x3xi8>
  %sw = arith.constant dense<[0.25, 0.125]> : tensor<2xf32>
  %zw = arith.constant dense<0> : tensor<2xi8>
  %b = arith.constant dense<[7, -9]> : tensor<2xi32>
  %sb = arith.constant dense<[0.125, 0.0625]> : tensor<2xf32>
  %zb = arith.constant dense<0> : tensor<2xi32>
  %sy = arith.constant dense<0.0625> : tensor<f32>
  %zy = arith.constant dense<-5> : tensor<i8>
  %dx = aicc.dequantize_linear %x, %sx, %zx {axis = 0 : i64} : (tensor<1x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x3xf32>
  %dw = aicc.dequantize_linear %w, %sw, %zw {axis = 0 : i64} : (tensor<2x3xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x3xf32>
  %db = aicc.dequantize_linear %b, %sb, %zb {axis = 0 : i64} : (tensor<2xi32>, tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  %g = aicc.gemm %dx, %dw, %db {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %r = aicc.relu %g : tensor<1x2xf32>
  %q = aicc.quantize_linear %r, %sy, %zy {axis = 1 : i64} : (tensor<1x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2xi8>
  return %q : tensor<1x2xi8>
}

// -----

// Conv with a per-tensor weight and no bias: the multiplier is one value.
// CHECK-LABEL: func.func @conv
//       CHECK:   %[[ACC:.*]] = aicc.conv_integer %arg0, %{{.*}} {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = -1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_zero_point = 2 : i64} : (tensor<1x2x4x4xi8>, tensor<3x2x3x3xi8>) -> tensor<1x3x4x4xi32>
//       CHECK:   aicc.requantize %[[ACC]] {axis = 0 : i64, scale = array<f32: 2.500000e-01>, zero_point = 0 : i64} : tensor<1x3x4x4xi32> -> tensor<1x3x4x4xi8>
func.func @conv(%x: tensor<1x2x4x4xi8>, %w: tensor<3x2x3x3xi8>) -> tensor<1x3x4x4xi8> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %zx = arith.constant dense<-1> : tensor<i8>
  %zw = arith.constant dense<2> : tensor<i8>
  %zy = arith.constant dense<0> : tensor<i8>
  %dx = aicc.dequantize_linear %x, %s, %zx {axis = 0 : i64} : (tensor<1x2x4x4xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x4x4xf32>
  %dw = aicc.dequantize_linear %w, %s, %zw {axis = 0 : i64} : (tensor<3x2x3x3xi8>, tensor<f32>, tensor<i8>) -> tensor<3x2x3x3xf32>
  %c = aicc.conv %dx, %dw {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x4x4xf32>
  %sy = arith.constant dense<1.0> : tensor<f32>
  %q = aicc.quantize_linear %c, %sy, %zy {axis = 1 : i64} : (tensor<1x3x4x4xf32>, tensor<f32>, tensor<i8>) -> tensor<1x3x4x4xi8>
  return %q : tensor<1x3x4x4xi8>
}

// -----

// Not folded: a float bias (onnxruntime keeps such a node in float too), and
// a matmul whose result has a second user.
// CHECK-LABEL: func.func @unfolded
//   CHECK-NOT:   aicc.matmul_integer
//   CHECK-NOT:   aicc.requantize
//       CHECK:   return
func.func @unfolded(%x: tensor<1x2xi8>, %w: tensor<2x2xi8>, %b: tensor<2xf32>) -> (tensor<1x2xi8>, tensor<1x2xi8>, tensor<1x2xf32>) {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i8>
  %dx = aicc.dequantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2xf32>
  %dw = aicc.dequantize_linear %w, %s, %z {axis = 0 : i64} : (tensor<2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<2x2xf32>
  %g = aicc.gemm %dx, %dw, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = false} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %q = aicc.quantize_linear %g, %s, %z {axis = 1 : i64} : (tensor<1x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2xi8>
  %m = aicc.matmul %dx, %dw : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %q2 = aicc.quantize_linear %m, %s, %z {axis = 1 : i64} : (tensor<1x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2xi8>
  return %q, %q2, %m : tensor<1x2xi8>, tensor<1x2xi8>, tensor<1x2xf32>
}
