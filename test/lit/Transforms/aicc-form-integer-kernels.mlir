// RUN: aicc-opt %s --aicc-form-integer-kernels --split-input-file | FileCheck %s
// RUN: aicc-opt %s --aicc-form-integer-kernels=vector-bits=512 --split-input-file | FileCheck %s --check-prefix=AVX512
// RUN: aicc-opt %s --aicc-form-integer-kernels=u8s8=true --split-input-file | FileCheck %s --check-prefix=U8S8

// A padded 3x3 conv_integer, its int32 bias add and a per-channel requantize
// with ReLU become one kernel. The input is padded once with its zero point
// (5), plus 3 columns so that the 8-wide tile of the 5-column rows loads
// whole vectors. Weights are packed in channel pairs: word [panel, pair *
// 9 + tap, row] holds w[row, 2*pair, tap] (low half) and w[row, 2*pair+1,
// tap] (high half); the third channel pairs with zero. The bias is
// -za * (sum of the row's weights) + the int32 bias: -5*54+10 = -260,
// -5*6+20 = -10, -5*2+30 = 20, -5*-1+40 = 45.
// CHECK-LABEL: func.func @conv_bias_requant
// CHECK-DAG: %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01, 1.250000e-01, 1.000000e+00]> : tensor<4xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense_resource<aicc_int_bias> : tensor<4xi32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense_resource<aicc_packed_int_weight> : tensor<1x18x4xi32>
// CHECK: %[[P:.*]] = aicc.pad %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 4>, value = 5.000000e+00 : f64} : (tensor<2x3x5x5xi8>) -> tensor<2x3x7x10xi8>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x4x5x5xi8>
// CHECK: %[[K:.*]] = aicc.packed_matmul_integer %[[W]], %[[P]] bias %[[B]] : tensor<4xi32> scale %[[S]] : tensor<4xf32> into %[[E]]
// CHECK-SAME: packed_a, relu
// CHECK-SAME: tile = array<i64: 4, 8>, window = array<i64: 3, 3>, zero_point = -3 : i64
// CHECK-NOT: aicc.conv_integer
// CHECK-NOT: aicc.requantize
// CHECK: return %[[K]]
// CHECK: aicc_int_bias: "0x04000000FCFEFFFFF6FFFFFF140000002D000000"
// Words of tap 0, pair 0: (1, 1), (0, 0), (1, 0), (-128, 0); tap 1: (2, 1), (0, 0), (0, 0), (127, 0).
// CHECK: aicc_packed_int_weight: "0x0400000001000100000000000100000080FF00000200010000000000000000007F000000
// AVX512-LABEL: func.func @conv_bias_requant
// AVX512: aicc.packed_matmul_integer {{.*}} tile = array<i64: 4, 16>
// Its weights reach -128 and 127: with u8s8, still the pair packing.
// U8S8-LABEL: func.func @conv_bias_requant
// U8S8: arith.constant dense_resource<aicc_packed_int_weight> : tensor<1x18x4xi32>
// U8S8-NOT: aicc_packed_u8s8_weight
func.func @conv_bias_requant(%x: tensor<2x3x5x5xi8>) -> tensor<2x4x5x5xi8> {
  %w = arith.constant dense<[[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]], [[-1, -2, -3], [0, 0, 0], [1, 2, 3]]], [[[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[0, 0, 0], [0, 2, 0], [0, 0, 0]], [[0, 0, 0], [0, 3, 0], [0, 0, 0]]], [[[1, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 1]]], [[[-128, 127, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]]]> : tensor<4x3x3x3xi8>
  %b = arith.constant dense<[[[10]], [[20]], [[30]], [[40]]]> : tensor<4x1x1xi32>
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64, input_zero_point = 5 : i64, weight_zero_point = 0 : i64} : (tensor<2x3x5x5xi8>, tensor<4x3x3x3xi8>) -> tensor<2x4x5x5xi32>
  %s = aicc.add %acc, %b : (tensor<2x4x5x5xi32>, tensor<4x1x1xi32>) -> tensor<2x4x5x5xi32>
  %q = aicc.requantize %s {scale = array<f32: 0.5, 0.25, 0.125, 1.0>, axis = 1 : i64, zero_point = -3 : i64, relu} : tensor<2x4x5x5xi32> -> tensor<2x4x5x5xi8>
  return %q : tensor<2x4x5x5xi8>
}

// -----

// A product with a constant right operand: the weights centred on their
// zero point (1) and packed into 8-column panels of K pairs (K = 3: the
// second pair is half empty), the bias along the columns,
// -2 * (column sum) + bias: -2*7+100 = 86, ...; one scale for all.
// CHECK-LABEL: func.func @matmul
// Products keep the pair packing (u8s8 is for convolutions).
// U8S8-LABEL: func.func @matmul
// U8S8: dense_resource<aicc_packed_int_weight{{.*}}> : tensor<1x2x8xi32>
// CHECK: %[[W:.*]] = arith.constant dense_resource<aicc_packed_int_weight{{.*}}> : tensor<1x2x8xi32>
// CHECK: %[[A:.*]] = aicc.reshape %{{.*}} : tensor<2x3xi8> to tensor<1x2x3xi8>
// CHECK: %[[K:.*]] = aicc.packed_matmul_integer %[[A]], %[[W]] bias %{{.*}} : tensor<5xi32> scale %{{.*}} : tensor<1xf32> into %{{.*}} {bias_dim = 1 : i64
// CHECK-SAME: packed_x
// CHECK-SAME: tile = array<i64: 2, 8>, window = array<i64: 1, 1>, zero_point = 1 : i64} : tensor<1x2x3xi8>, tensor<1x2x8xi32> into tensor<1x2x1x5xi8>
// CHECK: aicc.reshape %[[K]] : tensor<1x2x1x5xi8> to tensor<2x5xi8>
// CHECK: aicc_int_bias{{.*}}: "0x0400000056000000CE00000032010000960100000E020000"
// Column 0, pair 0: (0, -2); column 1: (1, -3); ...
// CHECK: aicc_packed_int_weight{{.*}}: "0x040000000000FEFF0100FDFF
func.func @matmul(%x: tensor<2x3xi8>) -> tensor<2x5xi8> {
  %w = arith.constant dense<[[1, 2, 3, 4, 5], [-1, -2, -3, -4, -5], [10, 0, 0, 0, -10]]> : tensor<3x5xi8>
  %b = arith.constant dense<[100, 200, 300, 400, 500]> : tensor<5xi32>
  %acc = aicc.matmul_integer %x, %w {lhs_zero_point = 2 : i64, rhs_zero_point = 1 : i64} : (tensor<2x3xi8>, tensor<3x5xi8>) -> tensor<2x5xi32>
  %s = aicc.add %acc, %b : (tensor<2x5xi32>, tensor<5xi32>) -> tensor<2x5xi32>
  %q = aicc.requantize %s {scale = array<f32: 0.5>, axis = 0 : i64, zero_point = 1 : i64} : tensor<2x5xi32> -> tensor<2x5xi8>
  return %q : tensor<2x5xi8>
}

// -----

// A depthwise conv_integer (batch 2, 3 channels) runs as 6 single-channel
// products; a has one batch per channel, each tap's weight paired with a
// zero; the bias (-za * sum) is along the batch. No requantize: i32 result.
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[W:.*]] = arith.constant dense_resource<aicc_packed_int_weight{{.*}}> : tensor<3x1x3x1xi32>
// CHECK: %[[P:.*]] = aicc.pad %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 0, 1, 0, 0, 0, 5>, value = -1.000000e+00 : f64}
// CHECK: %[[X:.*]] = aicc.reshape %[[P]] : tensor<2x3x4x10xi8> to tensor<6x1x4x10xi8>
// CHECK: %[[K:.*]] = aicc.packed_matmul_integer %[[W]], %[[X]] bias %{{.*}} : tensor<3xi32> into %{{.*}} {bias_dim = 2 : i64
// CHECK-SAME: tile = array<i64: 1, 8>, window = array<i64: 1, 3>} : tensor<3x1x3x1xi32>, tensor<6x1x4x10xi8> into tensor<6x1x4x4xi32>
// CHECK: aicc.reshape %[[K]] : tensor<6x1x4x4xi32> to tensor<2x3x4x4xi32>
// CHECK: aicc_int_bias{{.*}}: "0x04000000060000000F00000006000000"
// CHECK: aicc_packed_int_weight{{.*}}: "0x040000000100000002000000030000000400000005000000060000000700000008000000F7FF0000"
func.func @depthwise(%x: tensor<2x3x4x4xi8>) -> tensor<2x3x4x4xi32> {
  %w = arith.constant dense<[[[[1, 2, 3]]], [[[4, 5, 6]]], [[[7, 8, -9]]]]> : tensor<3x1x1x3xi8>
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, 1>, group = 3 : i64, input_zero_point = -1 : i64, weight_zero_point = 0 : i64} : (tensor<2x3x4x4xi8>, tensor<3x1x1x3xi8>) -> tensor<2x3x4x4xi32>
  return %acc : tensor<2x3x4x4xi32>
}

// -----

// A 1x1 convolution reads the image as one flat row (2x8 -> 16 columns, no
// padding needed). A requantize along another axis than the channels stays
// outside the kernel, which then returns i32.
// CHECK-LABEL: func.func @pointwise_axis_mismatch
// CHECK: aicc.reshape %{{.*}} : tensor<1x4x2x8xi8> to tensor<1x4x1x16xi8>
// CHECK-NOT: aicc.pad
// CHECK: %[[K:.*]] = aicc.packed_matmul_integer
// CHECK-SAME: into tensor<1x2x1x16xi32>
// CHECK: %[[R:.*]] = aicc.reshape %[[K]] : tensor<1x2x1x16xi32> to tensor<1x2x2x8xi32>
// CHECK: aicc.requantize %[[R]] {axis = 2 : i64
func.func @pointwise_axis_mismatch(%x: tensor<1x4x2x8xi8>) -> tensor<1x2x2x8xi8> {
  %w = arith.constant dense<1> : tensor<2x4x1x1xi8>
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, input_zero_point = 0 : i64, weight_zero_point = 0 : i64} : (tensor<1x4x2x8xi8>, tensor<2x4x1x1xi8>) -> tensor<1x2x2x8xi32>
  %q = aicc.requantize %acc {scale = array<f32: 0.5, 0.25>, axis = 2 : i64, zero_point = 0 : i64} : tensor<1x2x2x8xi32> -> tensor<1x2x2x8xi8>
  return %q : tensor<1x2x2x8xi8>
}

// -----

// Left alone: weights that are not constants, and uint8 inputs that need
// padding (aicc.pad cannot lower a ui8 padding value).
// CHECK-LABEL: func.func @not_constant
// CHECK: aicc.conv_integer
// CHECK-LABEL: func.func @uint8_padded
// CHECK-NOT: aicc.pad
// CHECK: aicc.conv_integer
func.func @not_constant(%x: tensor<1x2x4x4xi8>, %w: tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi32> {
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, input_zero_point = 0 : i64, weight_zero_point = 0 : i64} : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi32>
  return %acc : tensor<1x2x4x4xi32>
}
func.func @uint8_padded(%x: tensor<1x2x4x4xui8>) -> tensor<1x2x4x4xi32> {
  %w = arith.constant dense<1> : tensor<2x2x3x3xi8>
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, weight_zero_point = 0 : i64} : (tensor<1x2x4x4xui8>, tensor<2x2x3x3xi8>) -> tensor<1x2x4x4xi32>
  return %acc : tensor<1x2x4x4xi32>
}

// -----

// A bias that reaches the add through a reshape of a constant (as ResNet's
// last layers are imported) is folded too, so the requantize still fuses.
// CHECK-LABEL: func.func @reshaped_bias
// CHECK: %[[K:.*]] = aicc.packed_matmul_integer {{.*}} into tensor<1x2x1x16xi8>
// CHECK-NOT: aicc.add
// CHECK-NOT: aicc.requantize
// CHECK: aicc_int_bias{{.*}}: "0x040000000700000009000000"
func.func @reshaped_bias(%x: tensor<1x4x2x8xi8>) -> tensor<1x2x2x8xi8> {
  %w = arith.constant dense<1> : tensor<2x4x1x1xi8>
  %b = arith.constant dense<[7, 9]> : tensor<2xi32>
  %br = aicc.reshape %b : tensor<2xi32> to tensor<2x1x1xi32>
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, input_zero_point = 0 : i64, weight_zero_point = 0 : i64} : (tensor<1x4x2x8xi8>, tensor<2x4x1x1xi8>) -> tensor<1x2x2x8xi32>
  %s = aicc.add %acc, %br : (tensor<1x2x2x8xi32>, tensor<2x1x1xi32>) -> tensor<1x2x2x8xi32>
  %q = aicc.requantize %s {scale = array<f32: 0.5, 0.25>, axis = 1 : i64, zero_point = 0 : i64} : tensor<1x2x2x8xi32> -> tensor<1x2x2x8xi8>
  return %q : tensor<1x2x2x8xi8>
}

// -----

// With u8s8, weights in [-64, 64] (both ends here) are packed in channel
// quads, one signed byte each: byte [panel, quad * taps + tap, 4 * row + c %
// 4] = w[row, c, tap]. 5 channels: the second quad holds one. The kernel
// multiplies x + 128, so the bias is -(za + 128) * (sum of the row's
// weights): -131 * 6 = -786 (0xFFFFFCEE), -131 * 4 = -524 (0xFFFFFDF4).
// Without u8s8, the pair packing.
// CHECK-LABEL: func.func @conv_u8s8
// CHECK: arith.constant dense_resource<aicc_packed_int_weight{{.*}}> : tensor<1x3x2xi32>
// U8S8-LABEL: func.func @conv_u8s8
// U8S8: %[[W:.*]] = arith.constant dense_resource<aicc_packed_u8s8_weight> : tensor<1x2x8xi8>
// U8S8: aicc.packed_matmul_integer %[[W]], %{{.*}} bias %{{.*}} : tensor<2xi32> into %{{.*}} {{.*}}packed_a{{.*}} : tensor<1x2x8xi8>, tensor<1x5x1x16xi8> into tensor<1x2x1x16xi32>
// U8S8: aicc_int_bias{{.*}}: "0x04000000EEFCFFFFF4FDFFFF"
// Quad 0: row 0 (1, -64, 64, 2), row 1 (-1, 0, 0, 0); quad 1: (3, 0, 0, 0), (5, 0, 0, 0).
// U8S8: aicc_packed_u8s8_weight: "0x0100000001C04002FF0000000300000005000000"
func.func @conv_u8s8(%x: tensor<1x5x4x4xi8>) -> tensor<1x2x4x4xi32> {
  %w = arith.constant dense<[[[[1]], [[-64]], [[64]], [[2]], [[3]]], [[[-1]], [[0]], [[0]], [[0]], [[5]]]]> : tensor<2x5x1x1xi8>
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, input_zero_point = 3 : i64, weight_zero_point = 0 : i64} : (tensor<1x5x4x4xi8>, tensor<2x5x1x1xi8>) -> tensor<1x2x4x4xi32>
  return %acc : tensor<1x2x4x4xi32>
}

// -----

// One centred weight past 64 (65 - 0): the layer keeps the pair packing.
// U8S8-LABEL: func.func @conv_u8s8_fallback
// U8S8: arith.constant dense_resource<aicc_packed_int_weight{{.*}}> : tensor<1x3x2xi32>
// U8S8-NOT: aicc_packed_u8s8_weight
func.func @conv_u8s8_fallback(%x: tensor<1x5x4x4xi8>) -> tensor<1x2x4x4xi32> {
  %w = arith.constant dense<[[[[1]], [[-64]], [[65]], [[2]], [[3]]], [[[-1]], [[0]], [[0]], [[0]], [[5]]]]> : tensor<2x5x1x1xi8>
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, input_zero_point = 3 : i64, weight_zero_point = 0 : i64} : (tensor<1x5x4x4xi8>, tensor<2x5x1x1xi8>) -> tensor<1x2x4x4xi32>
  return %acc : tensor<1x2x4x4xi32>
}

// -----

// A weight zero point of -10: centred weights -54 - (-10) = -44 ... 54 - (-10)
// = 64 fit; the centred values are packed, uint8 input: no shift, bias -za
// * sum = -200 * (64 + -44) = -4000 (0xFFFFF060).
// U8S8-LABEL: func.func @conv_u8s8_zw_uint8
// U8S8: aicc_int_bias{{.*}}: "0x0400000060F0FFFF"
// U8S8: aicc_packed_u8s8_weight{{.*}}: "0x0100000040D40000"
func.func @conv_u8s8_zw_uint8(%x: tensor<1x2x4x4xui8>) -> tensor<1x1x4x4xi32> {
  %w = arith.constant dense<[[[[54]], [[-54]]]]> : tensor<1x2x1x1xi8>
  %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, input_zero_point = 200 : i64, weight_zero_point = -10 : i64} : (tensor<1x2x4x4xui8>, tensor<1x2x1x1xi8>) -> tensor<1x1x4x4xi32>
  return %acc : tensor<1x1x4x4xi32>
}
