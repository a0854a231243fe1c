// RUN: aicc-opt %s --split-input-file --aicc-plan-memory | FileCheck %s

// Buffers inside a loop (aicc.loop after bufferization) live within one
// iteration: they go into the arena too, planned as live for the whole
// loop, so they share no bytes with %outer (read in every iteration) nor
// with each other; %after, defined after the loop, reuses %outer's bytes.
// CHECK-LABEL: func.func @loop_body
//  CHECK-SAME: %[[ARENA:[^:]+]]: memref<192xi8>)
//  CHECK-SAME: attributes {aicc.arena_bytes = 192 : i64}
//   CHECK-NOT:   memref.alloc
//       CHECK:   %[[OO:.+]] = arith.constant 0 : index
//       CHECK:   %[[OUTER:.+]] = memref.view %[[ARENA]][%[[OO]]][]
//       CHECK:   scf.while
//       CHECK:   } do {
//       CHECK:     %[[OT:.+]] = arith.constant {{64|128}} : index
//       CHECK:     memref.view %[[ARENA]][%[[OT]]][]
//       CHECK:     %[[OU:.+]] = arith.constant {{64|128}} : index
//       CHECK:     memref.view %[[ARENA]][%[[OU]]][]
//       CHECK:     scf.yield
//       CHECK:   %[[OA:.+]] = arith.constant 0 : index
//       CHECK:   memref.view %[[ARENA]][%[[OA]]][]
func.func @loop_body(%in: memref<16xf32>, %state: memref<16xf32>, %out: memref<16xf32>, %n: i64) {
  %outer = memref.alloc() : memref<16xf32>
  memref.copy %in, %outer : memref<16xf32> to memref<16xf32>
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = scf.while (%i = %c0) : (i64) -> i64 {
    %go = arith.cmpi slt, %i, %n : i64
    scf.condition(%go) %i : i64
  } do {
  ^bb0(%i: i64):
    %t = memref.alloc() : memref<16xf32>
    memref.copy %outer, %t : memref<16xf32> to memref<16xf32>
    %u = memref.alloc() : memref<16xf32>
    memref.copy %t, %u : memref<16xf32> to memref<16xf32>
    memref.copy %u, %state : memref<16xf32> to memref<16xf32>
    %i1 = arith.addi %i, %c1 : i64
    scf.yield %i1 : i64
  }
  %after = memref.alloc() : memref<16xf32>
  memref.copy %state, %after : memref<16xf32> to memref<16xf32>
  memref.copy %after, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// A buffer that a loop yields to its next iteration outlives one iteration:
// it is left alone.
// CHECK-LABEL: func.func @yielded
//  CHECK-SAME: attributes {aicc.arena_bytes = 0 : i64}
//       CHECK:   memref.alloc() : memref<16xf32>
func.func @yielded(%in: memref<16xf32>, %n: index) -> memref<16xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%b = %in) -> memref<16xf32> {
    %t = memref.alloc() : memref<16xf32>
    memref.copy %b, %t : memref<16xf32> to memref<16xf32>
    scf.yield %t : memref<16xf32>
  }
  return %r : memref<16xf32>
}
