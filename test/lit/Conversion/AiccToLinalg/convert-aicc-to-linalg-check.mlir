// RUN: aicc-opt %s --pass-pipeline='builtin.module(func.func(convert-aicc-to-linalg))' | FileCheck %s

// aicc.check becomes a cf.assert on its condition; the value passes through.
// CHECK-LABEL: func.func @check
// CHECK-SAME: (%[[C:.*]]: tensor<i1>, %[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[B:.*]] = tensor.extract %[[C]][] : tensor<i1>
// CHECK: cf.assert %[[B]], "the 'shape' input does not give the declared output shape 2x3"
// CHECK: return %[[X]]
func.func @check(%c: tensor<i1>, %x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = aicc.check %c, %x, "the 'shape' input does not give the declared output shape 2x3" : tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// A condition known to hold folds away.
// CHECK-LABEL: func.func @holds
// CHECK-NOT: cf.assert
func.func @holds(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %t = arith.constant dense<true> : tensor<i1>
  %r = aicc.check %t, %x, "never" : tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
