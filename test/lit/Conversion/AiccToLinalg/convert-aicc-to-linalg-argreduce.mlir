// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --mlir-print-local-scope | FileCheck %s

// One reduction generic carries the best value and its index; the first
// element always wins so the index is valid even for -inf or NaN rows.
// CHECK-LABEL: func.func @arg_max
//       CHECK:   %[[R:.+]]:2 = linalg.generic
//  CHECK-SAME:       iterator_types = ["parallel", "reduction"]
//  CHECK-SAME:       outs(%{{.+}}, %{{.+}} : tensor<2xf32>, tensor<2xi64>)
//       CHECK:     ^bb0(%[[X:.+]]: f32, %[[BEST:.+]]: f32, %[[BI:.+]]: i64):
//       CHECK:       %[[I:.+]] = arith.index_cast %{{.+}} : index to i64
//       CHECK:       %[[GT:.+]] = arith.cmpf ogt, %[[X]], %[[BEST]] : f32
//       CHECK:       %[[FIRST:.+]] = arith.cmpi eq, %[[I]], %{{.+}} : i64
//       CHECK:       %[[TAKE:.+]] = arith.ori %[[GT]], %[[FIRST]] : i1
//       CHECK:       arith.select %[[TAKE]], %[[X]], %[[BEST]] : f32
//       CHECK:       arith.select %[[TAKE]], %[[I]], %[[BI]] : i64
//       CHECK:   tensor.expand_shape %[[R]]#1 {{.+}} into tensor<2x1xi64>
func.func @arg_max(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = aicc.arg_max %x {axis = 1 : i64, keepdims = true, select_last_index = false} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// select_last_index makes ties move the index forward: <= instead of <.
// CHECK-LABEL: func.func @arg_min_last
//       CHECK:   arith.cmpi sle
func.func @arg_min_last(%x: tensor<4xi32>) -> tensor<i64> {
  %0 = aicc.arg_min %x {axis = 0 : i64, keepdims = false, select_last_index = true} : (tensor<4xi32>) -> tensor<i64>
  return %0 : tensor<i64>
}
