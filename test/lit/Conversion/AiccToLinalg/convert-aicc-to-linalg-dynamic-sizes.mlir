// RUN: aicc-opt %s --pass-pipeline='builtin.module(func.func(convert-aicc-to-linalg))' | FileCheck %s

// Reshapes and broadcasts whose dynamic result sizes are given (symbolic
// shape subgraphs), and aicc.range over a run-time length.

// Dims that group are a view: expand_shape with the given sizes.
// CHECK-LABEL: func.func @reshape_view
// CHECK: tensor.expand_shape %arg0 {{\[}}[0], [1], [2, 3]] output_shape [%arg1, %arg2, 2, 4] : tensor<?x?x8xf32> into tensor<?x?x2x4xf32>
func.func @reshape_view(%x: tensor<?x?x8xf32>, %b: index, %s: index) -> tensor<?x?x2x4xf32> {
  %r = aicc.reshape %x [%b, %s] : tensor<?x?x8xf32> to tensor<?x?x2x4xf32>
  return %r : tensor<?x?x2x4xf32>
}
// CHECK-LABEL: func.func @reshape_merge
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<?x?x2x4xf32> into tensor<?x?x8xf32>
func.func @reshape_merge(%x: tensor<?x?x2x4xf32>, %b: index, %s: index) -> tensor<?x?x8xf32> {
  %r = aicc.reshape %x [%b, %s] : tensor<?x?x2x4xf32> to tensor<?x?x8xf32>
  return %r : tensor<?x?x8xf32>
}
// Dims that do not group: tensor.reshape by an i64 shape.
// CHECK-LABEL: func.func @reshape_general
// CHECK-DAG: %[[A:.*]] = arith.index_cast %arg1 : index to i64
// CHECK-DAG: %[[B:.*]] = arith.index_cast %arg2 : index to i64
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[A]], %[[B]] : tensor<2xi64>
// CHECK: tensor.reshape %arg0(%[[SHAPE]])
func.func @reshape_general(%x: tensor<?x?xf32>, %a: index, %b: index) -> tensor<?x?xf32> {
  %r = aicc.reshape %x [%a, %b] : tensor<?x?xf32> to tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
// CHECK-LABEL: func.func @expand_sizes
// CHECK: %[[E:.*]] = tensor.empty(%arg1, %arg2) : tensor<?x?xi64>
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<1x?xi64>) outs(%[[E]] : tensor<?x?xi64>)
func.func @expand_sizes(%x: tensor<1x?xi64>, %b: index, %s: index) -> tensor<?x?xi64> {
  %r = aicc.expand %x [%b, %s] : tensor<1x?xi64> to tensor<?x?xi64>
  return %r : tensor<?x?xi64>
}
// CHECK-LABEL: func.func @range
// CHECK: %[[E:.*]] = tensor.empty(%arg0) : tensor<?xi64>
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[N:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[STEP:.*]] = arith.muli %[[N]], %{{.*}} : i64
// CHECK: arith.addi %{{.*}}, %[[STEP]] : i64
func.func @range(%n: index) -> tensor<?xi64> {
  %s = arith.constant dense<2> : tensor<i64>
  %d = arith.constant dense<3> : tensor<i64>
  %r = aicc.range %s, %d, %n : tensor<i64>, tensor<i64> -> tensor<?xi64>
  return %r : tensor<?xi64>
}
