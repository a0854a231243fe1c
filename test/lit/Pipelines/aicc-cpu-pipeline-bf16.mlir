// RUN: aicc-opt %s --pass-pipeline='builtin.module(aicc-cpu-pipeline)' | FileCheck %s

// bf16 arithmetic and math are computed in f32 and rounded back with integer
// code: no bf16 floating-point instruction reaches LLVM, so no libgcc helper
// (__truncsfbf2) is needed at load time. (exp itself becomes an f32
// polynomial, aicc-approximate-math.)
// CHECK-LABEL: llvm.func @main
//       CHECK:   llvm.intr.fma({{.*}}) : (f32, f32, f32) -> f32
//       CHECK:   llvm.fdiv {{.*}} : f32
//   CHECK-NOT:   llvm.fdiv {{.*}} : bf16
//   CHECK-NOT:   llvm.fptrunc {{.*}} to bf16
func.func @main(%x: tensor<8xbf16>) -> tensor<8xbf16> {
  %0 = aicc.exp %x : tensor<8xbf16>
  %1 = aicc.div %0, %x : (tensor<8xbf16>, tensor<8xbf16>) -> tensor<8xbf16>
  return %1 : tensor<8xbf16>
}
