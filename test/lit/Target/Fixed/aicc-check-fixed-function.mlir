// RUN: aicc-opt %s --split-input-file --aicc-check-fixed-function --verify-diagnostics | FileCheck %s

// A quantized dense layer with bias and ReLU, returned as int8 and
// dequantized: accepted and left unchanged.
// CHECK-LABEL: func.func @main
//       CHECK:   aicc.matmul_integer
//       CHECK:   aicc.requantize
func.func @main(%x: tensor<1x3xf32>) -> (tensor<1x2xf32>, tensor<1x2xi8>) {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<-1> : tensor<i8>
  %w = arith.constant dense<[[1, 0], [-2, 4], [3, 1]]> : tensor<3x2xi8>
  %b = arith.constant dense<[7, -9]> : tensor<2xi32>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x3xf32>, tensor<f32>, tensor<i8>) -> tensor<1x3xi8>
  %acc = aicc.matmul_integer %q, %w {lhs_zero_point = -1 : i64, rhs_zero_point = 0 : i64} : (tensor<1x3xi8>, tensor<3x2xi8>) -> tensor<1x2xi32>
  %ab = aicc.add %acc, %b : (tensor<1x2xi32>, tensor<2xi32>) -> tensor<1x2xi32>
  %y = aicc.requantize %ab {scale = array<f32: 0.25, 0.125>, axis = 1 : i64, zero_point = -5 : i64, relu} : tensor<1x2xi32> -> tensor<1x2xi8>
  %f = aicc.dequantize_linear %y, %s, %z {axis = 0 : i64} : (tensor<1x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2xf32>
  return %f, %y : tensor<1x2xf32>, tensor<1x2xi8>
}

// -----

// The float input may be flattened before it is quantized (wiring only).
// CHECK-LABEL: func.func @main
//       CHECK:   aicc.reshape %arg0
func.func @main(%x: tensor<1x1x3xf32>) -> tensor<1x2xi8> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<-1> : tensor<i8>
  %w = arith.constant dense<[[1, 0], [-2, 4], [3, 1]]> : tensor<3x2xi8>
  %f = aicc.reshape %x : tensor<1x1x3xf32> to tensor<1x3xf32>
  %q = aicc.quantize_linear %f, %s, %z {axis = 0 : i64} : (tensor<1x3xf32>, tensor<f32>, tensor<i8>) -> tensor<1x3xi8>
  %acc = aicc.matmul_integer %q, %w {lhs_zero_point = -1 : i64, rhs_zero_point = 0 : i64} : (tensor<1x3xi8>, tensor<3x2xi8>) -> tensor<1x2xi32>
  %y = aicc.requantize %acc {scale = array<f32: 0.25>, axis = 1 : i64, zero_point = 0 : i64} : tensor<1x2xi32> -> tensor<1x2xi8>
  return %y : tensor<1x2xi8>
}

// -----

// A float op between the quantized input and output is named, with what
// would help.
func.func @main(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i8>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x3xf32>, tensor<f32>, tensor<i8>) -> tensor<1x3xi8>
  %d = aicc.dequantize_linear %q, %s, %z {axis = 0 : i64} : (tensor<1x3xi8>, tensor<f32>, tensor<i8>) -> tensor<1x3xf32>
  // expected-error @+1 {{-target=fixed cannot build 'aicc.add' here: it computes in float between the quantized input and output; quantize the model to QDQ int8 first}}
  %a = aicc.add %d, %d : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  return %a : tensor<1x3xf32>
}

// -----

// Ops without a hardware lowering.
func.func @main(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{-target=fixed cannot build 'aicc.softmax' here: the op has no hardware lowering yet}}
  %y = aicc.softmax %x {axis = 1 : i64} : tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// One graph input only (one AXI-Stream port).
// expected-error @+1 {{-target=fixed needs a model with exactly one input}}
func.func @main(%x: tensor<1x3xf32>, %w: tensor<3x2xi8>) -> tensor<1x3xf32> {
  return %x : tensor<1x3xf32>
}

// -----

// Branches (one value feeding two layers) are not supported yet.
func.func @main(%x: tensor<1x2x2x2xf32>) -> tensor<1x8xi8> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i8>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xi8>
  // expected-error @+1 {{the value it reads also feeds 'aicc.reshape'; only straight chains of layers are supported yet}}
  %r = aicc.reshape %q : tensor<1x2x2x2xi8> to tensor<1x8xi8>
  %r2 = aicc.reshape %q : tensor<1x2x2x2xi8> to tensor<1x8xi8>
  return %r : tensor<1x8xi8>
}
