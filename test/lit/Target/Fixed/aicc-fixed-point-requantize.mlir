// RUN: aicc-opt %s --split-input-file --aicc-fixed-point-requantize --verify-diagnostics | FileCheck %s

// Per channel, scales as quantize_static makes them (no f32 product in
// range lands on an exact .5): one multiply, offset and shift each, no
// corrections.
// CHECK-LABEL: func.func @per_channel
// 213387 / 2^26 and 177467 / 2^23 are the scales to 7 digits; the offsets
// sit near half a step.
//       CHECK:   aicc.requantize %arg0 {aicc.fixed.corrections = array<i64>, aicc.fixed.multiplier = array<i64: 213387, 177467>, aicc.fixed.offset = array<i64: 33553445, 4194304>, aicc.fixed.shift = array<i64: 26, 23>
func.func @per_channel(%acc: tensor<1x2xi32>) -> tensor<1x2xi8> {
  %q = aicc.requantize %acc {scale = array<f32: 0.00317971315, 0.0211557169>, axis = 1 : i64, zero_point = -3 : i64, relu} : tensor<1x2xi32> -> tensor<1x2xi8>
  return %q : tensor<1x2xi8>
}

// -----

// 0.5: every odd accumulator is an exact tie, rounded to even, which no
// single floor((acc * M + C) / 2^S) follows; the rest are corrections.
// CHECK-LABEL: func.func @ties
//       CHECK:   aicc.fixed.corrections = array<i64: 0, {{-?[0-9]+}}, {{-?[0-9]+}}, {{-?1}}
func.func @ties(%acc: tensor<4xi32>) -> tensor<4xi8> {
  %q = aicc.requantize %acc {scale = array<f32: 0.5>, axis = 0 : i64, zero_point = 0 : i64} : tensor<4xi32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

// -----

func.func @not_positive(%acc: tensor<4xi32>) -> tensor<4xi8> {
  // expected-error @+1 {{requantize scale -2.500000e+00 has no integer multiply-and-shift form}}
  %q = aicc.requantize %acc {scale = array<f32: -2.5>, axis = 0 : i64, zero_point = 0 : i64} : tensor<4xi32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}
