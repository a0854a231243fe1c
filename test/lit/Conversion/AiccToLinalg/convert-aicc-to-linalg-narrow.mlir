// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg | FileCheck %s

// Narrow floats widen through a table of their f32 values.
// CHECK-LABEL: func @f8_to_f32
//       CHECK:   linalg.generic
//       CHECK:     arith.bitcast %{{.+}} : f8E5M2 to i8
//       CHECK:     %[[T:.+]] = arith.constant dense<{{.+}}> : tensor<256xf32>
//       CHECK:     tensor.extract %[[T]]
func.func @f8_to_f32(%x: tensor<4xf8E5M2>) -> tensor<4xf32> {
  %0 = aicc.cast %x : tensor<4xf8E5M2> to tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Narrowing rounds half to even at the target's quantum and encodes the code.
// CHECK-LABEL: func @f32_to_f8
//       CHECK:   linalg.generic
//       CHECK:     math.roundeven
//       CHECK:     arith.trunci %{{.+}} : i32 to i8
//       CHECK:     arith.bitcast %{{.+}} : i8 to f8E4M3FN
func.func @f32_to_f8(%x: tensor<4xf32>) -> tensor<4xf8E4M3FN> {
  %0 = aicc.cast %x {saturate = false} : tensor<4xf32> to tensor<4xf8E4M3FN>
  return %0 : tensor<4xf8E4M3FN>
}

// -----

// Float to int4 goes through i32 and keeps the low bits; the public
// function takes and returns the 4-bit tensors packed, two per byte.
// CHECK-LABEL: func @f32_to_i4
//  CHECK-SAME:   (%{{.+}}: tensor<5xf32>) -> tensor<3xi8>
//       CHECK:   arith.fptosi %{{.+}} : f32 to i32
//       CHECK:   arith.trunci %{{.+}} : i32 to i4
//       CHECK:   linalg.generic
//       CHECK:     arith.shli
//       CHECK:     arith.ori
func.func @f32_to_i4(%x: tensor<5xf32>) -> tensor<5xi4> {
  %0 = aicc.cast %x : tensor<5xf32> to tensor<5xi4>
  return %0 : tensor<5xi4>
}

// -----

// A packed uint2 argument is unpacked at entry.
// CHECK-LABEL: func @ui2_to_f32
//  CHECK-SAME:   (%[[P:.+]]: tensor<2xi8>) -> tensor<7xf32>
//       CHECK:   linalg.generic
//       CHECK:     tensor.extract %[[P]]
//       CHECK:     arith.shrui
//       CHECK:     arith.trunci %{{.+}} : i8 to i2
func.func @ui2_to_f32(%x: tensor<7xui2>) -> tensor<7xf32> {
  %0 = aicc.cast %x : tensor<7xui2> to tensor<7xf32>
  return %0 : tensor<7xf32>
}
