// -precision: --help lists it; unknown values, -target=fixed, fp16 on the
// CPU and -quantize are errors; bf16 on the CPU stores the Gemm's weight
// as bf16 and rounds its activation.
// RUN: aicc --help | FileCheck %s --check-prefix=HELP
// HELP: --precision=<fp32|bf16|fp16> - Arithmetic of MatMul/Gemm/Conv with constant weights
// RUN: not aicc %s -precision=int8 -o %t.so 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: aicc: error: -precision expects fp32, bf16 or fp16, got 'int8'
// RUN: not aicc %s -precision=bf16 -target=fixed -o %t.so 2>&1 | FileCheck %s --check-prefix=FIXED
// FIXED: aicc: error: -precision=bf16 is not available with -target=fixed
// RUN: not aicc %s -precision=fp16 -o %t.so 2>&1 | FileCheck %s --check-prefix=FP16
// FP16: aicc: error: -precision=fp16 is for -target=cuda; on the CPU use -precision=bf16
// RUN: not aicc %s -precision=bf16 -quantize=dynamic -o %t.so 2>&1 | FileCheck %s --check-prefix=QUANT
// QUANT: aicc: error: -precision=bf16 does not combine with -quantize
// RUN: aicc %s -precision=bf16 -emit=llvm -o - | FileCheck %s --check-prefix=LLVM
// The packed weight is a bf16 constant; the activation is rounded to
// nearest even (0x7fff plus the lowest kept bit) before the kernel.
// LLVM: constant [{{[0-9]+}} x bfloat]
// LLVM: 32767
// The kernel loads 8 bf16 weights and widens them (zero-extend, shift by 16).
// LLVM: load <8 x bfloat>
func.func @main(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %w = arith.constant dense<[[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.7]]> : tensor<16x8xf32>
  %0 = aicc.matmul %x, %w : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
