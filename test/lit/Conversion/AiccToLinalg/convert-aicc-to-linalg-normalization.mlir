// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --mlir-print-local-scope | FileCheck %s

// f16 input, f32 stash: mean and variance reduce the trailing axes in f32;
// the normalised value truncates to f16 before scale and bias.
// CHECK-LABEL: func.func @layer_norm
//       CHECK:   %[[X:.+]] = linalg.generic {{.*}} ins(%{{.+}} : tensor<2x3x4xf16>) outs(%{{.+}} : tensor<2x3x4xf32>)
//       CHECK:     arith.extf
//       CHECK:   %[[SUM:.+]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "reduction"]{{.*}} ins(%[[X]] : tensor<2x3x4xf32>)
//       CHECK:   %[[MEAN:.+]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2xf32>)
//       CHECK:     arith.constant 1.200000e+01 : f32
//       CHECK:   %[[M:.+]] = tensor.expand_shape %[[MEAN]] {{.*}} into tensor<2x1x1xf32>
//       CHECK:   %[[SQ:.+]] = linalg.generic {{.*}} ins(%[[X]], %[[M]] : tensor<2x3x4xf32>, tensor<2x1x1xf32>)
//       CHECK:     arith.subf
//       CHECK:     arith.mulf
//       CHECK:   linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "reduction"]{{.*}} ins(%[[SQ]] : tensor<2x3x4xf32>)
//       CHECK:   %[[INV:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<2x1x1xf32>)
//       CHECK:     %[[E:.+]] = arith.addf %{{.+}}, %{{.+}} : f32
//       CHECK:     %[[SD:.+]] = math.sqrt %[[E]] : f32
//       CHECK:     arith.divf %{{.+}}, %[[SD]] : f32
//       CHECK:   linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, 0, 0)>, affine_map<(d0, d1, d2) -> (d0, 0, 0)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
//  CHECK-SAME:     ins(%[[X]], %[[M]], %[[INV]], %{{.+}}, %{{.+}} : tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>, tensor<3x4xf16>, tensor<4xf16>)
//       CHECK:     %[[D:.+]] = arith.subf
//       CHECK:     %[[N:.+]] = arith.mulf %[[D]]
//       CHECK:     %[[T:.+]] = arith.truncf %[[N]] : f32 to f16
//       CHECK:     %[[S:.+]] = arith.mulf %[[T]], %{{.+}} : f16
//       CHECK:     arith.addf %[[S]], %{{.+}} : f16
func.func @layer_norm(%x: tensor<2x3x4xf16>, %s: tensor<3x4xf16>, %b: tensor<4xf16>) -> tensor<2x3x4xf16> {
  %0 = aicc.layer_norm %x, %s, %b {axis = 1 : i64, epsilon = 1.0e-6 : f64, stash_type = f32}
      : (tensor<2x3x4xf16>, tensor<3x4xf16>, tensor<4xf16>) -> tensor<2x3x4xf16>
  return %0 : tensor<2x3x4xf16>
}

// -----

// Same stash type: no conversion; no bias: no add.
// CHECK-LABEL: func.func @layer_norm_no_bias
//   CHECK-NOT:   arith.extf
//       CHECK:   linalg.generic {{.*}} ins(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : tensor<3x4xf32>, tensor<3x1xf32>, tensor<3x1xf32>, tensor<4xf32>)
//       CHECK:     %[[N:.+]] = arith.mulf
//   CHECK-NOT:     arith.truncf
//       CHECK:     %[[Y:.+]] = arith.mulf %[[N]], %{{.+}} : f32
//  CHECK-NEXT:     linalg.yield %[[Y]] : f32
func.func @layer_norm_no_bias(%x: tensor<3x4xf32>, %s: tensor<4xf32>) -> tensor<3x4xf32> {
  %0 = aicc.layer_norm %x, %s {axis = 1 : i64, epsilon = 1.0e-5 : f64, stash_type = f32}
      : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
