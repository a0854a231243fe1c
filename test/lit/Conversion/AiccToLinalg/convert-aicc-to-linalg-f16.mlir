// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg | FileCheck %s

// f16 products accumulate in f32 and round to f16 once at the end.
// CHECK-LABEL: func.func @matmul_f16
//       CHECK:   %[[ACC:.+]] = linalg.generic
//  CHECK-SAME:       outs(%{{.+}} : tensor<2x4xf32>)
//       CHECK:     ^bb0(%[[A:.+]]: f16, %[[B:.+]]: f16, %[[O:.+]]: f32):
//       CHECK:       %[[EA:.+]] = arith.extf %[[A]] : f16 to f32
//       CHECK:       %[[EB:.+]] = arith.extf %[[B]] : f16 to f32
//       CHECK:       %[[P:.+]] = arith.mulf %[[EA]], %[[EB]] : f32
//       CHECK:       arith.addf %[[O]], %[[P]] : f32
//       CHECK:   linalg.generic
//  CHECK-SAME:       ins(%[[ACC]] : tensor<2x4xf32>) outs(%{{.+}} : tensor<2x4xf16>)
//       CHECK:       arith.truncf %{{.+}} : f32 to f16
func.func @matmul_f16(%a: tensor<2x3xf16>, %b: tensor<3x4xf16>) -> tensor<2x4xf16> {
  %0 = aicc.matmul %a, %b : (tensor<2x3xf16>, tensor<3x4xf16>) -> tensor<2x4xf16>
  return %0 : tensor<2x4xf16>
}

// -----

// f32 contractions accumulate in f32 with no conversions.
// CHECK-LABEL: func.func @matmul_f32
//   CHECK-NOT:   arith.extf
//   CHECK-NOT:   arith.truncf
func.func @matmul_f32(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = aicc.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
