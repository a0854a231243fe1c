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

// -----

// GatherND: each output element reads its index tuple from the indices
// (here one value, after the batch dim) and then the data.
// CHECK-LABEL: func.func @gather_nd
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>, %[[IDX:.+]]: tensor<2x1xi64>)
//       CHECK:   linalg.generic
//  CHECK-SAME:       outs(%{{.+}} : tensor<2x4xf32>)
//       CHECK:       %[[D0:.+]] = linalg.index 0 : index
//       CHECK:       %[[D1:.+]] = linalg.index 1 : index
//       CHECK:       %[[RAW:.+]] = tensor.extract %[[IDX]][%[[D0]], %{{.+}}] : tensor<2x1xi64>
//       CHECK:       %[[I:.+]] = arith.index_cast %[[RAW]] : i64 to index
//       CHECK:       %[[CL:.+]] = arith.minsi
//       CHECK:       tensor.extract %[[X]][%[[D0]], %[[CL]], %[[D1]]] : tensor<2x3x4xf32>
func.func @gather_nd(%x: tensor<2x3x4xf32>, %i: tensor<2x1xi64>) -> tensor<2x4xf32> {
  %0 = aicc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// ScatterElements: the data initialises the result; dim 0 of the updates
// shares the data's loop, the axis gets a reduction loop (d2), and an update
// is added where its index equals the element's position on the axis.
// CHECK-LABEL: func.func @scatter_elements
//  CHECK-SAME: (%[[X:.+]]: tensor<3x5xf32>, %[[IDX:.+]]: tensor<3x2xi64>, %[[U:.+]]: tensor<3x2xf32>)
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "reduction"]
//  CHECK-SAME:       ins(%[[U]], %[[IDX]] : tensor<3x2xf32>, tensor<3x2xi64>) outs(%[[X]] : tensor<3x5xf32>)
//       CHECK:     ^bb0(%[[UPD:.+]]: f32, %[[RAW:.+]]: i64, %[[OLD:.+]]: f32):
//       CHECK:       %[[POS:.+]] = linalg.index 1 : index
//       CHECK:       %[[I:.+]] = arith.minsi
//       CHECK:       %[[HIT:.+]] = arith.cmpi eq, %[[POS]], %[[I]] : index
//       CHECK:       %[[SUM:.+]] = arith.addf %[[OLD]], %[[UPD]] : f32
//       CHECK:       arith.select %[[HIT]], %[[SUM]], %[[OLD]] : f32
func.func @scatter_elements(%x: tensor<3x5xf32>, %i: tensor<3x2xi64>, %u: tensor<3x2xf32>) -> tensor<3x5xf32> {
  %0 = aicc.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"} : (tensor<3x5xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// ScatterND: the index tuples' dim is the reduction loop (d2); the update
// slice's trailing dim shares the data's loop; the tuple is read from the
// indices and compared with the element's position.
// CHECK-LABEL: func.func @scatter_nd
//  CHECK-SAME: (%[[X:.+]]: tensor<4x3xf32>, %[[IDX:.+]]: tensor<2x1xi64>, %[[U:.+]]: tensor<2x3xf32>)
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "reduction"]
//  CHECK-SAME:       ins(%[[U]] : tensor<2x3xf32>) outs(%[[X]] : tensor<4x3xf32>)
//       CHECK:     ^bb0(%[[UPD:.+]]: f32, %[[OLD:.+]]: f32):
//       CHECK:       %[[T:.+]] = linalg.index 2 : index
//       CHECK:       tensor.extract %[[IDX]][%[[T]], %{{.+}}] : tensor<2x1xi64>
//       CHECK:       %[[I:.+]] = arith.minsi
//       CHECK:       %[[POS:.+]] = linalg.index 0 : index
//       CHECK:       %[[HIT:.+]] = arith.cmpi eq, %[[POS]], %[[I]] : index
//       CHECK:       arith.select %[[HIT]], %[[UPD]], %[[OLD]] : f32
func.func @scatter_nd(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = aicc.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
