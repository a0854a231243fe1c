// RUN: aicc-opt %s --split-input-file --aicc-fold-qdq-moves | FileCheck %s

// max_pool and reshape between a DQ and a Q with the same per-tensor scale
// and zero point run on the int8 values.
// CHECK-LABEL: func.func @pool_flatten
//  CHECK-SAME:   (%[[X:.*]]: tensor<1x2x4x4xi8>)
//       CHECK:   %[[P:.*]] = aicc.max_pool %[[X]] {{.*}} : (tensor<1x2x4x4xi8>) -> tensor<1x2x2x2xi8>
//       CHECK:   %[[R:.*]] = aicc.reshape %[[P]] : tensor<1x2x2x2xi8> to tensor<1x8xi8>
//   CHECK-NOT:   aicc.quantize_linear
//       CHECK:   return %[[R]]
func.func @pool_flatten(%x: tensor<1x2x4x4xi8>) -> tensor<1x8xi8> {
  %s = arith.constant dense<0.02> : tensor<f32>
  %z = arith.constant dense<-128> : tensor<i8>
  %d = aicc.dequantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x2x4x4xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x4x4xf32>
  %p = aicc.max_pool %d {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %q = aicc.quantize_linear %p, %s, %z {axis = 0 : i64} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xi8>
  %d2 = aicc.dequantize_linear %q, %s, %z {axis = 0 : i64} : (tensor<1x2x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xf32>
  %r = aicc.reshape %d2 : tensor<1x2x2x2xf32> to tensor<1x8xf32>
  %q2 = aicc.quantize_linear %r, %s, %z {axis = 0 : i64} : (tensor<1x8xf32>, tensor<f32>, tensor<i8>) -> tensor<1x8xi8>
  return %q2 : tensor<1x8xi8>
}

// -----

// A different output scale changes the values: left in float.
// CHECK-LABEL: func.func @rescale
//       CHECK:   aicc.dequantize_linear
//       CHECK:   aicc.max_pool {{.*}} -> tensor<1x1x1x1xf32>
//       CHECK:   aicc.quantize_linear
func.func @rescale(%x: tensor<1x1x2x2xi8>) -> tensor<1x1x1x1xi8> {
  %s = arith.constant dense<0.02> : tensor<f32>
  %s2 = arith.constant dense<0.04> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i8>
  %d = aicc.dequantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x1x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x1x2x2xf32>
  %p = aicc.max_pool %d {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  %q = aicc.quantize_linear %p, %s2, %z {axis = 0 : i64} : (tensor<1x1x1x1xf32>, tensor<f32>, tensor<i8>) -> tensor<1x1x1x1xi8>
  return %q : tensor<1x1x1x1xi8>
}
