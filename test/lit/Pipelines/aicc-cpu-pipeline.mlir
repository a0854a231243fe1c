// RUN: aicc-opt %s --split-input-file --pass-pipeline='builtin.module(aicc-cpu-pipeline)' | FileCheck %s
// RUN: aicc-opt %s --split-input-file --pass-pipeline='builtin.module(aicc-graph-pipeline)' | FileCheck %s --check-prefix=GRAPH
// RUN: aicc-opt %s --split-input-file --pass-pipeline='builtin.module(aicc-graph-pipeline{opt-level=0})' | FileCheck %s --check-prefix=GRAPH0

// Everything ends in the LLVM dialect: @main takes one bare pointer per
// input and output plus the arena and the exec (threads), records the arena
// size, and neither allocates nor calls MLIR's runtime helpers. Loops this
// small stay on the calling thread: no call of the parallel_for helper.
// CHECK-LABEL: llvm.func @main
//  CHECK-SAME: (%{{[a-z0-9]+}}: !llvm.ptr, %{{[a-z0-9]+}}: !llvm.ptr, %{{[a-z0-9]+}}: !llvm.ptr, %{{[a-z0-9]+}}: !llvm.ptr {bufferize.result}, %{{[a-z0-9]+}}: !llvm.ptr, %{{[a-z0-9]+}}: !llvm.ptr {aicc.exec})
//  CHECK-SAME: attributes {aicc.arena_bytes = {{[1-9][0-9]*}} : i64}
//   CHECK-NOT:   {{func|memref|linalg|tensor|aicc|bufferization|scf|cf|affine|builtin}}.
//   CHECK-NOT:   memrefCopy
//   CHECK-NOT:   malloc
//   CHECK-NOT:   llvm.call
//       CHECK:   llvm.return
//   CHECK-NOT:   llvm.func
//   CHECK-NOT:   memrefCopy
//   CHECK-NOT:   malloc

// GRAPH-LABEL: func.func @main
//       GRAPH:   aicc.conv
//       GRAPH:   aicc.relu
//       GRAPH:   aicc.global_avg_pool
//       GRAPH:   aicc.reshape
//       GRAPH:   aicc.softmax
// GRAPH0-LABEL: func.func @main
func.func @main(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  %0 = aicc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
                             pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
      : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %1 = aicc.relu %0 : tensor<1x3x4x4xf32>
  %2 = aicc.global_avg_pool %1 : (tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf32>
  %3 = aicc.reshape %2 : tensor<1x3x1x1xf32> to tensor<1x3xf32>
  %4 = aicc.softmax %3 {axis = 1 : i64} : tensor<1x3xf32>
  return %4 : tensor<1x3xf32>
}

// -----

// Two outputs; concat and pad copy into strided views of their buffers,
// which must become loops rather than memrefCopy calls.
// CHECK-LABEL: llvm.func @main
//  CHECK-SAME: (%{{[a-z0-9]+}}: !llvm.ptr, %{{[a-z0-9]+}}: !llvm.ptr, %{{[a-z0-9]+}}: !llvm.ptr {bufferize.result}, %{{[a-z0-9]+}}: !llvm.ptr {bufferize.result}, %{{[a-z0-9]+}}: !llvm.ptr, %{{[a-z0-9]+}}: !llvm.ptr {aicc.exec})
//   CHECK-NOT:   memrefCopy
//   CHECK-NOT:   malloc
//   CHECK-NOT:   llvm.call
//       CHECK:   llvm.return
//   CHECK-NOT:   memrefCopy
//   CHECK-NOT:   malloc

// The graph pipeline folds x + 0 and, above -O0, merges the two identical
// relus (CSE).
// GRAPH-LABEL: func.func @main
//  GRAPH-SAME: (%[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<2x2xf32>)
//   GRAPH-NOT:   aicc.add %[[A]]
//       GRAPH:   %[[R:.+]] = aicc.relu %[[A]]
//   GRAPH-NOT:   aicc.relu
//       GRAPH:   %[[S:.+]] = aicc.add %[[R]], %[[R]]
//       GRAPH:   %[[C:.+]] = aicc.concat %[[S]], %[[B]]
//       GRAPH:   %[[P:.+]] = aicc.pad %[[C]]
//       GRAPH:   return %[[C]], %[[P]]

// GRAPH0-LABEL: func.func @main
//  GRAPH0-SAME: (%[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<2x2xf32>)
//   GRAPH0-NOT:   aicc.add %[[A]]
//       GRAPH0:   %[[R1:.+]] = aicc.relu %[[A]]
//       GRAPH0:   %[[R2:.+]] = aicc.relu %[[A]]
//       GRAPH0:   aicc.add %[[R1]], %[[R2]]
func.func @main(%a: tensor<2x3xf32>, %b: tensor<2x2xf32>) -> (tensor<2x5xf32>, tensor<4x7xf32>) {
  %zero = arith.constant dense<0.0> : tensor<2x3xf32>
  %a0 = aicc.add %a, %zero : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %r1 = aicc.relu %a0 : tensor<2x3xf32>
  %r2 = aicc.relu %a0 : tensor<2x3xf32>
  %s = aicc.add %r1, %r2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = aicc.concat %s, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
  %p = aicc.pad %c {pads = array<i64: 1, 1, 1, 1>, mode = "constant", value = 0.0}
      : (tensor<2x5xf32>) -> tensor<4x7xf32>
  return %c, %p : tensor<2x5xf32>, tensor<4x7xf32>
}
