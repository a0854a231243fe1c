// RUN: aicc-opt %s --split-input-file --verify-diagnostics | FileCheck %s
// Round trip of aicc.loop; its verifier errors are in loop-invalid.mlir.

// CHECK-LABEL: func.func @counted
//       CHECK: %[[N:.+]], %[[R:.+]] = aicc.loop trips %{{.+}} while %{{.+}} iter_args(%{{.+}}) : (tensor<i64>, tensor<i1>, tensor<2xf32>) -> (tensor<i64>, tensor<2xf32>) {
//       CHECK: ^bb0(%[[I:.+]]: tensor<i64>, %[[V:.+]]: tensor<2xf32>):
//       CHECK:   %[[S:.+]] = aicc.add %[[V]], %arg1
//       CHECK:   aicc.yield %arg2, %[[S]] : tensor<i1>, tensor<2xf32>
func.func @counted(%m: tensor<i64>, %x: tensor<2xf32>, %c: tensor<i1>) -> (tensor<i64>, tensor<2xf32>) {
  %n, %r = aicc.loop trips %m while %c iter_args(%x) : (tensor<i64>, tensor<i1>, tensor<2xf32>) -> (tensor<i64>, tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<2xf32>):
    %s = aicc.add %v, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    aicc.yield %c, %s : tensor<i1>, tensor<2xf32>
  }
  return %n, %r : tensor<i64>, tensor<2xf32>
}

// -----

// A while-loop: no trip count, the body computes the condition.
// CHECK-LABEL: func.func @while
//       CHECK: aicc.loop while %{{.+}} iter_args(%{{.+}}) : (tensor<i1>, tensor<f32>) -> (tensor<i64>, tensor<f32>)
//       CHECK:   aicc.yield %{{.+}}, %{{.+}} : tensor<i1>, tensor<f32>
func.func @while(%c: tensor<i1>, %x: tensor<f32>, %lim: tensor<f32>) -> tensor<f32> {
  %n, %r = aicc.loop while %c iter_args(%x) : (tensor<i1>, tensor<f32>) -> (tensor<i64>, tensor<f32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<f32>):
    %d = aicc.add %v, %v : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %go = aicc.less %d, %lim : (tensor<f32>, tensor<f32>) -> tensor<i1>
    aicc.yield %go, %d : tensor<i1>, tensor<f32>
  }
  return %r : tensor<f32>
}

// -----

// Nothing carried: only the iteration count comes out.
// CHECK-LABEL: func.func @count_only
//       CHECK: aicc.loop trips %{{.+}} while %{{.+}} : (tensor<i64>, tensor<i1>) -> tensor<i64> {
func.func @count_only(%m: tensor<i64>, %c: tensor<i1>) -> tensor<i64> {
  %n = aicc.loop trips %m while %c : (tensor<i64>, tensor<i1>) -> tensor<i64> {
  ^bb0(%i: tensor<i64>):
    aicc.yield %c : tensor<i1>
  }
  return %n : tensor<i64>
}
