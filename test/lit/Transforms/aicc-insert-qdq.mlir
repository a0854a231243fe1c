// RUN: aicc-opt %s --aicc-insert-qdq --split-input-file | FileCheck %s
// RUN: aicc-opt %s --aicc-insert-qdq --aicc-fold-qdq --split-input-file | FileCheck %s --check-prefix=FOLD

// Gemm (transB) + ReLU with calibrated ranges: the input gets a Q/DQ pair
// (range [-1, 1]: scale 2/255, zero point round(-128 - (-1) / scale) = -1 as
// -1 / scale rounds to -127.49999 in f32), the
// weight rows are int8 with scales max|w|/127 = {3, 6}/127
// ({1,-2,3} -> {42,-85,127}, {4,5,-6} -> {85,106,-127}), the bias is int32
// with scale x_scale * w_scale, and the output pair follows the ReLU with
// the range clipped at 0 ([0, 3]: scale 3/255, zero point -128).
// CHECK-LABEL: func.func @gemm_relu
//   CHECK-DAG:   %[[SX:.*]] = arith.constant dense<0.00784313772> : tensor<f32>
//   CHECK-DAG:   %[[ZX:.*]] = arith.constant dense<-1> : tensor<i8>
//       CHECK:   %[[QX:.*]] = aicc.quantize_linear %arg0, %[[SX]], %[[ZX]] {axis = 0 : i64} : (tensor<1x3xf32>, tensor<f32>, tensor<i8>) -> tensor<1x3xi8>
//       CHECK:   %[[DX:.*]] = aicc.dequantize_linear %[[QX]], %[[SX]], %[[ZX]]
//   CHECK-DAG:   %[[W:.*]] = arith.constant dense_resource<quantized_weight> : tensor<2x3xi8>
//   CHECK-DAG:   %[[SW:.*]] = arith.constant dense<[0.0236220472, 0.0472440943]> : tensor<2xf32>
//       CHECK:   %[[DW:.*]] = aicc.dequantize_linear %[[W]], %[[SW]], %{{.*}} {axis = 0 : i64} : (tensor<2x3xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x3xf32>
// 0.5 / (2/255 * 3/127) = 2698.75 -> 2699; -0.25 / (2/255 * 6/127) = -674.69 -> -675
//   CHECK-DAG:   %[[B:.*]] = arith.constant dense<[2699, -675]> : tensor<2xi32>
//       CHECK:   %[[DB:.*]] = aicc.dequantize_linear %[[B]], %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2xi32>, tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
//       CHECK:   %[[G:.*]] = aicc.gemm %[[DX]], %[[DW]], %[[DB]]
//   CHECK-NOT:   aicc.input_range
//       CHECK:   %[[R:.*]] = aicc.relu %[[G]]
//   CHECK-DAG:   %[[SY:.*]] = arith.constant dense<0.0117647061> : tensor<f32>
//   CHECK-DAG:   %[[ZY:.*]] = arith.constant dense<-128> : tensor<i8>
//       CHECK:   %[[QY:.*]] = aicc.quantize_linear %[[R]], %[[SY]], %[[ZY]]
//       CHECK:   %[[DY:.*]] = aicc.dequantize_linear %[[QY]], %[[SY]], %[[ZY]]
//       CHECK:   return %[[DY]]
//       CHECK: quantized_weight: "0x010000002AAB7F556A81"

// FOLD-LABEL: func.func @gemm_relu
//       FOLD:   %[[ACC:.*]] = aicc.matmul_integer %{{.*}}, %{{.*}} {lhs_zero_point = -1 : i64, rhs_zero_point = 0 : i64} : (tensor<1x3xi8>, tensor<3x2xi8>) -> tensor<1x2xi32>
//       FOLD:   aicc.requantize %{{.*}} {axis = 1 : i64, relu, scale = array<f32: {{.*}}>, zero_point = -128 : i64} : tensor<1x2xi32> -> tensor<1x2xi8>
//   FOLD-NOT:   aicc.gemm
func.func @gemm_relu(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %g = aicc.gemm %x, %w, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true,
         aicc.input_range = array<f32: -1.0, 1.0>, aicc.output_range = array<f32: -2.0, 3.0>}
       : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %r = aicc.relu %g : tensor<1x2xf32>
  return %r : tensor<1x2xf32>
}

// -----

// Two matmuls in a row: the second one's input is the first one's
// dequantized output (no second pair on it); both users of the last result
// read the dequantized value. MatMul weights are quantized per column
// (axis 1).
// CHECK-LABEL: func.func @chain
//       CHECK:   aicc.quantize_linear %arg0
//       CHECK:   %[[DW1:.*]] = aicc.dequantize_linear %{{.*}} {axis = 1 : i64} : (tensor<2x2xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x2xf32>
//       CHECK:   %[[M1:.*]] = aicc.matmul %{{.*}}, %[[DW1]]
//       CHECK:   %[[Q1:.*]] = aicc.quantize_linear %[[M1]]
//       CHECK:   %[[D1:.*]] = aicc.dequantize_linear %[[Q1]]
//   CHECK-NOT:   aicc.quantize_linear %[[D1]]
//       CHECK:   %[[M2:.*]] = aicc.matmul %[[D1]], %{{.*}}
//       CHECK:   %[[Q2:.*]] = aicc.quantize_linear %[[M2]]
//       CHECK:   %[[D2:.*]] = aicc.dequantize_linear %[[Q2]]
//       CHECK:   %[[S:.*]] = aicc.add %[[D2]], %[[D2]]
//       CHECK:   return %[[S]], %[[D2]]

// FOLD-LABEL: func.func @chain
//   FOLD-COUNT-2:   aicc.matmul_integer
//   FOLD-NOT:   aicc.matmul %
func.func @chain(%x: tensor<4x2xf32>) -> (tensor<4x2xf32>, tensor<4x2xf32>) {
  %w1 = arith.constant dense<[[1.0, 0.5], [-1.0, 0.25]]> : tensor<2x2xf32>
  %w2 = arith.constant dense<[[2.0, 0.0], [0.0, -2.0]]> : tensor<2x2xf32>
  %m1 = aicc.matmul %x, %w1 {aicc.input_range = array<f32: -4.0, 4.0>, aicc.output_range = array<f32: -5.0, 5.0>}
        : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
  %m2 = aicc.matmul %m1, %w2 {aicc.input_range = array<f32: -5.0, 5.0>, aicc.output_range = array<f32: -10.0, 10.0>}
        : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
  %s = aicc.add %m2, %m2 : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  return %s, %m2 : tensor<4x2xf32>, tensor<4x2xf32>
}

// -----

// Conv: weights per output channel (axis 0), input pair, output pair.
// CHECK-LABEL: func.func @conv
//       CHECK:   aicc.quantize_linear %arg0
//       CHECK:   aicc.dequantize_linear %{{.*}} {axis = 0 : i64} : (tensor<2x1x1x1xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x1x1x1xf32>
//       CHECK:   %[[C:.*]] = aicc.conv
//       CHECK:   aicc.quantize_linear %[[C]]
// FOLD-LABEL: func.func @conv
//       FOLD:   aicc.conv_integer
//       FOLD:   aicc.requantize
func.func @conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64,
         aicc.input_range = array<f32: 0.0, 1.0>, aicc.output_range = array<f32: -2.0, 0.5>}
       : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}

// -----

// Left in f32: a weight that is not a constant, a gemm with alpha 2, and a
// matmul without ranges; the range attributes are dropped.
// CHECK-LABEL: func.func @skipped
//   CHECK-NOT:   aicc.quantize_linear
//   CHECK-NOT:   aicc.input_range
//       CHECK:   aicc.matmul %arg0, %arg1
//       CHECK:   aicc.gemm
//       CHECK:   aicc.matmul %arg0, %cst
//   CHECK-NOT:   aicc.quantize_linear
func.func @skipped(%x: tensor<2x2xf32>, %y: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %a = aicc.matmul %x, %y {aicc.input_range = array<f32: -1.0, 1.0>, aicc.output_range = array<f32: -1.0, 1.0>}
       : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %b = aicc.gemm %x, %w {alpha = 2.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = false,
         aicc.input_range = array<f32: -1.0, 1.0>, aicc.output_range = array<f32: -1.0, 1.0>}
       : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = aicc.matmul %x, %w : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %a, %b, %c : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// A max_pool and a reshape between two layers: each gets a pair with the
// first layer's output parameters (scale 2/255, zero point -128 after the
// ReLU), and the second layer's own calibrated input range is not used.
// CHECK-LABEL: func.func @moved
//       CHECK:   %[[S:.*]] = arith.constant dense<0.00784313772> : tensor<f32>
//       CHECK:   %[[Z:.*]] = arith.constant dense<-128> : tensor<i8>
//       CHECK:   %[[Q0:.*]] = aicc.quantize_linear %{{.*}}, %[[S]], %[[Z]]
//       CHECK:   %[[D0:.*]] = aicc.dequantize_linear %[[Q0]]
//       CHECK:   %[[P:.*]] = aicc.max_pool %[[D0]]
//   CHECK-DAG:   %[[S1:.*]] = arith.constant dense<0.00784313772> : tensor<f32>
//   CHECK-DAG:   %[[Z1:.*]] = arith.constant dense<-128> : tensor<i8>
//       CHECK:   %[[Q1:.*]] = aicc.quantize_linear %[[P]], %[[S1]], %[[Z1]]
//       CHECK:   %[[D1:.*]] = aicc.dequantize_linear %[[Q1]]
//       CHECK:   %[[R:.*]] = aicc.reshape %[[D1]]
//   CHECK-DAG:   %[[S2:.*]] = arith.constant dense<0.00784313772> : tensor<f32>
//   CHECK-DAG:   %[[Z2:.*]] = arith.constant dense<-128> : tensor<i8>
//       CHECK:   %[[Q2:.*]] = aicc.quantize_linear %[[R]], %[[S2]], %[[Z2]]
//       CHECK:   %[[D2:.*]] = aicc.dequantize_linear %[[Q2]]
//       CHECK:   aicc.matmul %[[D2]]
func.func @moved(%x: tensor<1x1x2x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[[[0.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64,
         aicc.input_range = array<f32: 0.0, 1.0>, aicc.output_range = array<f32: -2.0, 2.0>}
       : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %r = aicc.relu %c : tensor<1x2x2x2xf32>
  %p = aicc.max_pool %r {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %f = aicc.reshape %p : tensor<1x2x1x1xf32> to tensor<1x2xf32>
  %w2 = arith.constant dense<[[1.0, 0.5], [-1.0, 0.25]]> : tensor<2x2xf32>
  %m = aicc.matmul %f, %w2 {aicc.input_range = array<f32: 0.0, 0.5>, aicc.output_range = array<f32: -1.0, 1.0>}
       : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}
