// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --mlir-print-local-scope | FileCheck %s

// Element-wise gathers: one generic over the indices' shape; the index
// replaces dim `axis` (wrapped by its size 3 when negative, then clamped
// into [0, 2]) and the other dims read the element's own position.
// CHECK-LABEL: func.func @gather_elements
//  CHECK-SAME: (%[[X:.+]]: tensor<3x4xf32>, %[[IDX:.+]]: tensor<2x4xi32>)
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
//  CHECK-SAME:       ins(%[[IDX]] : tensor<2x4xi32>) outs(%{{.+}} : tensor<2x4xf32>)
//       CHECK:     ^bb0(%[[IN:.+]]: i32, %{{.+}}: f32):
//       CHECK:       %[[D1:.+]] = linalg.index 1 : index
//       CHECK:       %[[I:.+]] = arith.index_cast %[[IN]] : i32 to index
//       CHECK:       %[[C3:.+]] = arith.constant 3 : index
//       CHECK:       %[[W:.+]] = arith.addi %[[I]], %[[C3]] : index
//       CHECK:       %[[SEL:.+]] = arith.select %{{.+}}, %[[W]], %[[I]] : index
//       CHECK:       %[[LO:.+]] = arith.maxsi %[[SEL]], %{{.+}} : index
//       CHECK:       %[[C2:.+]] = arith.constant 2 : index
//       CHECK:       %[[CL:.+]] = arith.minsi %[[LO]], %[[C2]] : index
//       CHECK:       tensor.extract %[[X]][%[[CL]], %[[D1]]] : tensor<3x4xf32>
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<2x4xi32>) -> tensor<2x4xf32> {
  %0 = aicc.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x4xi32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
