// -emit=mlir prints the input as parsed; -emit=mlir-opt after the graph
// pipeline (x * 1 folds, identical ops merge above -O0).
// RUN: aicc %s -emit=mlir -o - | FileCheck %s --check-prefix=IMPORT
// RUN: aicc %s -emit=mlir-opt -o - | FileCheck %s --check-prefix=OPT
// RUN: aicc %s -emit=mlir-opt -O0 -o - | FileCheck %s --check-prefix=O0
// RUN: aicc %s -emit=mlir-opt -o %t.mlir && FileCheck %s --check-prefix=OPT --input-file=%t.mlir

// IMPORT-LABEL: func.func @main
//       IMPORT:   aicc.mul
//       IMPORT:   aicc.relu
//       IMPORT:   aicc.relu

// OPT-LABEL: func.func @main
//  OPT-SAME: (%[[X:[^:]+]]: tensor<4xf32> {aicc.name = "x"}) -> (tensor<4xf32> {aicc.name = "y"})
//   OPT-NOT:   aicc.mul
//       OPT:   %[[R:.+]] = aicc.relu %[[X]]
//   OPT-NOT:   aicc.relu
//       OPT:   %[[S:.+]] = aicc.add %[[R]], %[[R]]
//       OPT:   return %[[S]]

// O0-LABEL: func.func @main
//   O0-NOT:   aicc.mul
//       O0:   aicc.relu
//       O0:   aicc.relu
module attributes {aicc.model_name = "emit_test"} {
  func.func @main(%x: tensor<4xf32> {aicc.name = "x"}) -> (tensor<4xf32> {aicc.name = "y"}) {
    %one = arith.constant dense<1.0> : tensor<4xf32>
    %0 = aicc.mul %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %1 = aicc.relu %0 : tensor<4xf32>
    %2 = aicc.relu %0 : tensor<4xf32>
    %3 = aicc.add %1, %2 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    return %3 : tensor<4xf32>
  }
}
