// Inputs the driver rejects before code generation.
// RUN: rm -rf %t && mkdir -p %t
// RUN: echo 'func.func @forward(%a: tensor<2xf32>) -> tensor<2xf32> { return %a : tensor<2xf32> }' > %t/no-main.mlir
// RUN: not aicc %t/no-main.mlir -emit=llvm -o - 2>&1 | FileCheck %s --check-prefix=NOMAIN
// NOMAIN: aicc: error: {{.*}}no-main.mlir:{{[0-9]+}}:{{[0-9]+}}: expects a func.func @main entry point

// RUN: echo 'func.func @main(%a: tensor<*xf32>) -> tensor<*xf32> { return %a : tensor<*xf32> }' > %t/unranked.mlir
// RUN: not aicc %t/unranked.mlir -emit=llvm -o - 2>&1 | FileCheck %s --check-prefix=UNRANKED
// UNRANKED: aicc: error: {{.*}}unranked.mlir:1:1: 'input_0' must be a ranked tensor, got 'tensor<*xf32>'

// RUN: echo 'func.func @main( {' > %t/syntax.mlir
// RUN: not aicc %t/syntax.mlir -emit=mlir 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: aicc: error: {{.*}}syntax.mlir:1:17: expected non-function type

// The verifier runs on .mlir input too.
// RUN: not aicc %s -emit=mlir 2>&1 | FileCheck %s --check-prefix=VERIFY
// VERIFY: aicc: error: {{.*}}invalid-input.mlir:[[@LINE+2]]:8: 'aicc.reshape' op changes the element count from 6 to 7
func.func @main(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  %0 = aicc.reshape %x : tensor<2x3xf32> to tensor<7xf32>
  return %0 : tensor<7xf32>
}
