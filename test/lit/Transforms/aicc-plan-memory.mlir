// RUN: aicc-opt %s --split-input-file --aicc-plan-memory | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-plan-memory="reuse=false" | FileCheck %s --check-prefix=NOREUSE
// RUN: aicc-opt %s --split-input-file --aicc-plan-memory="alignment=256" | FileCheck %s --check-prefix=ALIGN
// RUN: not aicc-opt %s --split-input-file --aicc-plan-memory="alignment=48" 2>&1 | FileCheck %s --check-prefix=BADALIGN

// BADALIGN: error: aicc-plan-memory: alignment must be a power of two

// A chain of three 64-byte buffers: %a dies before %c is defined, so %c
// takes %a's place; %b lives across both and gets its own.
// CHECK-LABEL: func.func @chain
//  CHECK-SAME: (%[[IN:[^:]+]]: memref<16xf32>, %[[OUT:[^:]+]]: memref<16xf32>, %[[ARENA:[^:]+]]: memref<128xi8>)
//  CHECK-SAME: attributes {aicc.arena_bytes = 128 : i64}
//   CHECK-NOT:   memref.alloc
//       CHECK:   %[[OA:.+]] = arith.constant 0 : index
//       CHECK:   %[[A:.+]] = memref.view %[[ARENA]][%[[OA]]][] : memref<128xi8> to memref<16xf32>
//       CHECK:   memref.copy %[[IN]], %[[A]]
//       CHECK:   %[[OB:.+]] = arith.constant 64 : index
//       CHECK:   %[[B:.+]] = memref.view %[[ARENA]][%[[OB]]][] : memref<128xi8> to memref<16xf32>
//       CHECK:   memref.copy %[[A]], %[[B]]
//       CHECK:   %[[OC:.+]] = arith.constant 0 : index
//       CHECK:   %[[C:.+]] = memref.view %[[ARENA]][%[[OC]]][] : memref<128xi8> to memref<16xf32>
//       CHECK:   memref.copy %[[B]], %[[C]]
//       CHECK:   memref.copy %[[C]], %[[OUT]]
//   CHECK-NOT:   memref.dealloc
//       CHECK:   return

// Without reuse every buffer gets its own range.
// NOREUSE-LABEL: func.func @chain
//  NOREUSE-SAME: %{{[^:]+}}: memref<192xi8>)
//  NOREUSE-SAME: attributes {aicc.arena_bytes = 192 : i64}
//       NOREUSE: arith.constant 0 : index
//       NOREUSE: arith.constant 64 : index
//       NOREUSE: arith.constant 128 : index

// With 256-byte alignment every 64-byte buffer takes 256 bytes.
// ALIGN-LABEL: func.func @chain
//  ALIGN-SAME: %{{[^:]+}}: memref<512xi8>)
//  ALIGN-SAME: attributes {aicc.arena_bytes = 512 : i64}
//       ALIGN: arith.constant 0 : index
//       ALIGN: arith.constant 256 : index
//       ALIGN: arith.constant 0 : index
func.func @chain(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %a, %b : memref<16xf32> to memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  memref.copy %b, %c : memref<16xf32> to memref<16xf32>
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Sizes round up to the alignment (12 and 40 bytes -> 64); all three
// buffers are live together: the largest goes first, ties keep their order.
// CHECK-LABEL: func.func @overlapping
//  CHECK-SAME: %{{[^:]+}}: memref<256xi8>)
//  CHECK-SAME: attributes {aicc.arena_bytes = 256 : i64}
//       CHECK:   %[[OS:.+]] = arith.constant 128 : index
//       CHECK:   memref.view %{{.+}}[%[[OS]]][] : memref<256xi8> to memref<3xf32>
//       CHECK:   %[[OL:.+]] = arith.constant 0 : index
//       CHECK:   memref.view %{{.+}}[%[[OL]]][] : memref<256xi8> to memref<32xf32>
//       CHECK:   %[[OM:.+]] = arith.constant 192 : index
//       CHECK:   memref.view %{{.+}}[%[[OM]]][] : memref<256xi8> to memref<10xf32>

// ALIGN-LABEL: func.func @overlapping
//  ALIGN-SAME: attributes {aicc.arena_bytes = 768 : i64}

// NOREUSE-LABEL: func.func @overlapping
//  NOREUSE-SAME: attributes {aicc.arena_bytes = 256 : i64}
func.func @overlapping(%x: memref<3xf32>, %y: memref<32xf32>, %z: memref<10xf32>) {
  %s = memref.alloc() : memref<3xf32>
  %l = memref.alloc() : memref<32xf32>
  %m = memref.alloc() : memref<10xf32>
  memref.copy %x, %s : memref<3xf32> to memref<3xf32>
  memref.copy %y, %l : memref<32xf32> to memref<32xf32>
  memref.copy %z, %m : memref<10xf32> to memref<10xf32>
  memref.copy %s, %x : memref<3xf32> to memref<3xf32>
  memref.copy %l, %y : memref<32xf32> to memref<32xf32>
  memref.copy %m, %z : memref<10xf32> to memref<10xf32>
  return
}

// -----

// A use through an alias (collapse_shape) or inside a nested region keeps the
// buffer alive: %b is defined after %a's last direct use but must not share
// with it.
// CHECK-LABEL: func.func @aliases_extend_lifetime
//  CHECK-SAME: attributes {aicc.arena_bytes = 128 : i64}
//       CHECK:   %[[OA:.+]] = arith.constant 0 : index
//       CHECK:   %[[A:.+]] = memref.view %{{.+}}[%[[OA]]][] : memref<128xi8> to memref<4x4xf32>
//       CHECK:   memref.collapse_shape %[[A]]
//       CHECK:   %[[OB:.+]] = arith.constant 64 : index
//       CHECK:   memref.view %{{.+}}[%[[OB]]][] : memref<128xi8> to memref<16xf32>
func.func @aliases_extend_lifetime(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<4x4xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  memref.copy %in, %flat : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    memref.copy %flat, %out : memref<16xf32> to memref<16xf32>
  }
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Dynamic allocations stay; a function without static allocations still
// gets an (empty) arena so every entry point has the same calling shape.
// CHECK-LABEL: func.func @dynamic
//  CHECK-SAME: (%{{[^:]+}}: index, %{{[^:]+}}: memref<0xi8>) attributes {aicc.arena_bytes = 0 : i64}
//       CHECK:   memref.alloc(%{{.+}}) : memref<?xf32>
//   CHECK-NOT:   memref.view
func.func @dynamic(%n: index) {
  %a = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  return
}

// -----

// Declarations are left alone.
// CHECK-LABEL: func.func private @external(memref<4xf32>)
//   CHECK-NOT:   aicc.arena_bytes
func.func private @external(memref<4xf32>)
