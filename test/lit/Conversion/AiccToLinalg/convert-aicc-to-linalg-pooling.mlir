// Integer max_pool: pads and the init hold the lowest value of the type;
// unsigned elements are compared as signless integers with maxui.
// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @max_pool_ui8
//  CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xui8>)
//       CHECK:   %[[Z:.+]] = arith.constant 0 : i8
//       CHECK:   %[[ZU:.+]] = builtin.unrealized_conversion_cast %[[Z]] : i8 to ui8
//       CHECK:   %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK:     tensor.yield %[[ZU]] : ui8
//       CHECK:   %[[INIT:.+]] = linalg.fill ins(%[[ZU]] : ui8)
//       CHECK:   linalg.generic
//  CHECK-SAME:       ins(%[[P]], %{{.+}} : tensor<1x1x6x6xui8>, tensor<3x3xui8>)
//  CHECK-SAME:       outs(%[[INIT]] : tensor<1x1x2x2xui8>)
//       CHECK:     ^bb0(%[[IN:.+]]: ui8, %{{.+}}: ui8, %[[ACC:.+]]: ui8):
//   CHECK-DAG:       %[[A:.+]] = builtin.unrealized_conversion_cast %[[ACC]] : ui8 to i8
//   CHECK-DAG:       %[[B:.+]] = builtin.unrealized_conversion_cast %[[IN]] : ui8 to i8
//       CHECK:       %[[M:.+]] = arith.maxui %[[A]], %[[B]] : i8
//       CHECK:       %[[R:.+]] = builtin.unrealized_conversion_cast %[[M]] : i8 to ui8
//       CHECK:       linalg.yield %[[R]] : ui8
func.func @max_pool_ui8(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8> {
  %0 = aicc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                         ceil_mode = false} : (tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8>
  return %0 : tensor<1x1x2x2xui8>
}

// -----

// Signless integers are signed: pad with the signed minimum, maxsi.
// CHECK-LABEL: func.func @max_pool_i8
//       CHECK:   %[[MIN:.+]] = arith.constant -128 : i8
//       CHECK:   tensor.pad
//       CHECK:     tensor.yield %[[MIN]] : i8
//       CHECK:   linalg.fill ins(%[[MIN]] : i8)
//       CHECK:   linalg.generic
//       CHECK:     ^bb0(%[[IN:.+]]: i8, %{{.+}}: i8, %[[ACC:.+]]: i8):
//       CHECK:       %[[M:.+]] = arith.maxsi %[[ACC]], %[[IN]] : i8
//       CHECK:       linalg.yield %[[M]] : i8
//   CHECK-NOT:   unrealized_conversion_cast
func.func @max_pool_i8(%x: tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8> {
  %0 = aicc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                         ceil_mode = false} : (tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8>
  return %0 : tensor<1x1x2x2xi8>
}
