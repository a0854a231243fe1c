// RUN: aicc %s -target=cuda -emit=ptx | FileCheck %s

// An integer power (math.ipowi, which NVVM cannot lower) goes through
// convert-math-to-funcs: a function that outlining copies into the module
// and LLVM inlines, so the PTX calls nothing; the exponent loop multiplies.
// CHECK-LABEL: .visible .entry main_kernel(
// CHECK:         mul.lo.s32
// CHECK-NOT:     .extern
// CHECK-NOT:     call
// CHECK:         ret;
func.func @main(%x: tensor<8xi32>, %y: tensor<8xi32>) -> tensor<8xi32> {
  %0 = aicc.pow %x, %y : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  return %0 : tensor<8xi32>
}
