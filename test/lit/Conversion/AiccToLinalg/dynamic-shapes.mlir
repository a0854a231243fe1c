// RUN: aicc-opt %s --pass-pipeline='builtin.module(func.func(convert-aicc-to-linalg),resolve-shaped-type-result-dims,cse,canonicalize)' | FileCheck %s

// Dynamic dims take their sizes from tensor.dim of the operands; dims that
// are provably the same need no run-time check.
// CHECK-LABEL: func.func @mlp
//       CHECK:   %[[N:.+]] = tensor.dim %arg0, %c0 : tensor<?x4xf32>
//       CHECK:   tensor.empty(%[[N]]) : tensor<?x3xf32>
//       CHECK:   linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<?x4xf32>, tensor<4x3xf32>)
//   CHECK-NOT:   cf.assert
//       CHECK:   tensor.empty(%[[N]]) : tensor<?xf32>
//       CHECK:   tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [%[[N]], 1] : tensor<?xf32> into tensor<?x1xf32>
//       CHECK:   return %{{.+}} : tensor<?x3xf32>
func.func @mlp(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = aicc.matmul %x, %w : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %1 = aicc.add %0, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %2 = aicc.relu %1 : tensor<?x3xf32>
  %3 = aicc.softmax %2 {axis = 1 : i64} : tensor<?x3xf32>
  return %3 : tensor<?x3xf32>
}

// Two unrelated dynamic dims must agree at run time: a cf.assert checks it
// and the loop runs over the smaller one, so no read leaves a buffer.
// CHECK-LABEL: func.func @two_inputs
//   CHECK-DAG:   %[[A:.+]] = tensor.dim %arg0, %c0
//   CHECK-DAG:   %[[B:.+]] = tensor.dim %arg1, %c0
//       CHECK:   %[[EQ:.+]] = arith.cmpi eq, %[[A]], %[[B]] : index
//       CHECK:   cf.assert %[[EQ]], "dimension sizes differ at run time
//       CHECK:   %[[M:.+]] = arith.minsi %[[A]], %[[B]] : index
//       CHECK:   tensor.empty(%[[M]]) : tensor<?x8xf32>
func.func @two_inputs(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = aicc.add %a, %b : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// Mean over a dynamic dim divides by its run-time size; transpose permutes
// the sizes.
// CHECK-LABEL: func.func @mean_transpose
//       CHECK:   %[[S:.+]] = tensor.dim %arg0, %c1 : tensor<2x?xf32>
//       CHECK:   arith.index_cast %[[S]] : index to i64
//       CHECK:   tensor.empty(%[[S]]) : tensor<?x2xf32>
//       CHECK:   linalg.transpose
func.func @mean_transpose(%x: tensor<2x?xf32>) -> (tensor<2x1xf32>, tensor<?x2xf32>) {
  %0 = aicc.reduce_mean %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x?xf32>) -> tensor<2x1xf32>
  %1 = aicc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x?xf32>) -> tensor<?x2xf32>
  return %0, %1 : tensor<2x1xf32>, tensor<?x2xf32>
}
