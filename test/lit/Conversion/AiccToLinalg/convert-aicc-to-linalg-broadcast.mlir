// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --mlir-print-local-scope | FileCheck %s

// Expand is a broadcasting copy: stretched dims read index 0.
// CHECK-LABEL: func.func @expand
//       CHECK:   %[[E:.+]] = tensor.empty() : tensor<2x3x4xf32>
//       CHECK:   linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, 0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
//  CHECK-SAME:     ins(%{{.+}} : tensor<3x1xf32>) outs(%[[E]] : tensor<2x3x4xf32>)
//  CHECK-NEXT:     ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
//  CHECK-NEXT:       linalg.yield %[[IN]] : f32
func.func @expand(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = aicc.expand %x : tensor<3x1xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tile interleaves unit dims, broadcasts them to the repeats and collapses.
// CHECK-LABEL: func.func @tile
//       CHECK:   %[[X:.+]] = tensor.expand_shape %{{.+}} {{.*}} into tensor<1x3x1x2xi32>
//       CHECK:   %[[B:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (0, d1, 0, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
//  CHECK-SAME:     ins(%[[X]] : tensor<1x3x1x2xi32>) outs(%{{.+}} : tensor<2x3x4x2xi32>)
//       CHECK:   tensor.collapse_shape %[[B]]
//       CHECK:   tensor.expand_shape {{.*}} into tensor<6x8xi32>
func.func @tile(%x: tensor<3x2xi32>) -> tensor<6x8xi32> {
  %0 = aicc.tile %x {repeats = array<i64: 2, 4>} : (tensor<3x2xi32>) -> tensor<6x8xi32>
  return %0 : tensor<6x8xi32>
}
