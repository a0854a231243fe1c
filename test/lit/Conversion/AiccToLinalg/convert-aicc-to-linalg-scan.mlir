// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --mlir-print-local-scope | FileCheck %s

// Products start from 1 and multiply.
// CHECK-LABEL: func.func @reduce_prod
//       CHECK:   %[[ONE:.+]] = arith.constant 1 : i32
//       CHECK:   %[[INIT:.+]] = linalg.fill ins(%[[ONE]] : i32)
//       CHECK:   linalg.generic
//  CHECK-SAME:       iterator_types = ["parallel", "reduction"]
//  CHECK-SAME:       outs(%[[INIT]] : tensor<2xi32>)
//       CHECK:     arith.muli
func.func @reduce_prod(%x: tensor<2x3xi32>) -> tensor<2xi32> {
  %0 = aicc.reduce_prod %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// CumSum: the axis becomes an extra reduction loop (d2) that reads the
// input; an element adds the reads its range takes (k > i: reverse and
// exclusive).
// CHECK-LABEL: func.func @cumsum_reverse_exclusive
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "reduction"]
//       CHECK:     ^bb0(%[[IN:.+]]: f32, %[[ACC:.+]]: f32):
//       CHECK:       %[[I:.+]] = linalg.index 1 : index
//       CHECK:       %[[K:.+]] = linalg.index 2 : index
//       CHECK:       %[[TAKE:.+]] = arith.cmpi sgt, %[[K]], %[[I]] : index
//       CHECK:       %[[SUM:.+]] = arith.addf %[[ACC]], %[[IN]] : f32
//       CHECK:       arith.select %[[TAKE]], %[[SUM]], %[[ACC]] : f32
func.func @cumsum_reverse_exclusive(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = aicc.cumsum %x {axis = 1 : i64, exclusive = true, reverse = true} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @cumsum_inclusive
//       CHECK:   arith.cmpi sle
func.func @cumsum_inclusive(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = aicc.cumsum %x {axis = 0 : i64, exclusive = false, reverse = false} : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CumProd starts from 1 and multiplies.
// CHECK-LABEL: func.func @cumprod
//       CHECK:   %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
//       CHECK:   linalg.fill ins(%[[ONE]] : f32)
//       CHECK:   linalg.generic
//       CHECK:       arith.cmpi slt
//       CHECK:       arith.mulf
func.func @cumprod(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aicc.cumprod %x {axis = 0 : i64, exclusive = true, reverse = false} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
