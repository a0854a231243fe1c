// Errors are one line each, "aicc: error: <where>: <what>", and the exit
// status is non-zero.

// An op that does not lower: the error names the op's source location and
// nothing is written.
// RUN: rm -f %t.so
// RUN: not aicc %s -o %t.so 2>&1 | FileCheck %s --check-prefix=LOWER
// RUN: not test -e %t.so
// RUN: not aicc %s -emit=llvm -o - 2>&1 | FileCheck %s --check-prefix=LOWER
// LOWER: aicc: error: {{.*}}errors.mlir:[[@LINE+5]]:8: failed to legalize operation 'aicc.matmul' that was explicitly marked illegal
// LOWER-NOT: note:
// LOWER-NOT: error
// LOWER-NOT: define
func.func @main(%a: tensor<2x3xui8>, %b: tensor<3x4xui8>) -> tensor<2x4xui8> {
  %0 = aicc.matmul %a, %b : (tensor<2x3xui8>, tensor<3x4xui8>) -> tensor<2x4xui8>
  return %0 : tensor<2x4xui8>
}

// Import-only output does not lower, so it succeeds.
// RUN: aicc %s -emit=mlir -o - | FileCheck %s --check-prefix=IMPORT
// IMPORT: aicc.matmul %{{.+}}, %{{.+}} : (tensor<2x3xui8>, tensor<3x4xui8>) -> tensor<2x4xui8>

// RUN: not aicc %t.missing.mlir -emit=llvm 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: aicc: error: could not open input file {{.*}}.missing.mlir

// RUN: not aicc 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: aicc: error: no input model (see --help)

// RUN: not aicc %s -target=gpu -emit=llvm 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: aicc: error: target 'gpu' is not available; use -target=cpu, fixed or cuda

// RUN: not aicc %s -O4 -emit=llvm 2>&1 | FileCheck %s --check-prefix=OPT
// OPT: aicc: error: -O takes 0 to 3

// RUN: not aicc %s -emit=exe 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: for the --emit option: Cannot find option named 'exe'!
