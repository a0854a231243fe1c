// RUN: aicc-opt %s --split-input-file --aicc-map-softmax-to-blocks | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-map-softmax-to-blocks=block-size=64 | FileCheck %s --check-prefix=B64
// RUN: not aicc-opt %s --aicc-map-softmax-to-blocks=block-size=16 2>&1 | FileCheck %s --check-prefix=SIZE

// Rows of 300: one block per row (4), 256 threads (8 warps) and two
// workgroup buffers of one slot per warp. Max: strided fold from -inf, five
// xor shuffles (16 ... 1), lane 0 writes its warp's slot, barrier, the eight
// slots folded in order. Sum: exp(x - max) stored to out and summed, the same
// reduction; then out = out / sum. No loop stays on the host.
// CHECK-LABEL: func @rows
//       CHECK:   %[[C4:.+]] = arith.constant 4 : index
//       CHECK:   %[[C256:.+]] = arith.constant 256 : index
//       CHECK:   gpu.launch blocks(%[[B:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C4]], {{.*}} threads(%[[T:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C256]],
//  CHECK-SAME:     workgroup(%[[SMAX:.+]] : memref<8xf32, #gpu.address_space<workgroup>>, %[[SSUM:.+]] : memref<8xf32, #gpu.address_space<workgroup>>)
//       CHECK:     %[[ROW:.+]] = arith.remui %[[B]], %{{.+}} : index
//       CHECK:     %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
//       CHECK:     %[[PMAX:.+]] = scf.for %[[K:.+]] = %[[T]] to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %[[NEGINF]]) -> (f32) {
//       CHECK:       %[[X:.+]] = memref.load %{{.+}}[%[[ROW]], %[[K]]] : memref<4x300xf32>
//       CHECK:       arith.maximumf %[[ACC]], %[[X]] : f32
//       CHECK:     gpu.shuffle  xor %[[PMAX]], %{{.+}}, %{{.+}} : f32
// CHECK-COUNT-4:   gpu.shuffle  xor
//       CHECK:     scf.if
//       CHECK:       memref.store %{{.+}}, %[[SMAX]][%{{.+}}]
//       CHECK:     gpu.barrier
// CHECK-COUNT-8:   memref.load %[[SMAX]]
//       CHECK:     scf.for {{.*}} -> (f32) {
//       CHECK:       arith.subf
//       CHECK:       %[[EXP:.+]] = math.exp
//       CHECK:       memref.store %[[EXP]], %{{.+}}[%[[ROW]], %{{.+}}] : memref<4x300xf32>
//       CHECK:       arith.addf
// CHECK-COUNT-5:   gpu.shuffle  xor
//       CHECK:     memref.store %{{.+}}, %[[SSUM]][%{{.+}}]
//       CHECK:     gpu.barrier
// CHECK-COUNT-8:   memref.load %[[SSUM]]
//       CHECK:     scf.for
//       CHECK:       arith.divf
//       CHECK:     gpu.terminator
//   CHECK-NOT:   linalg.softmax
// B64-LABEL: func @rows
//       B64:   workgroup(%{{.+}} : memref<2xf32, #gpu.address_space<workgroup>>, %{{.+}} : memref<2xf32, #gpu.address_space<workgroup>>)
// B64-COUNT-2:   gpu.barrier
func.func @rows(%in: memref<4x300xf32>, %out: memref<4x300xf32>) {
  linalg.softmax dimension(1) ins(%in : memref<4x300xf32>) outs(%out : memref<4x300xf32>)
  return
}

// -----

// A softmax over the middle axis of rows of 5: 2 x 7 = 14 rows of one warp
// each (27 of its 32 lanes idle), 8 rows per block of 256 threads: 2 blocks,
// row = block * 8 + thread / 32, lane = thread % 32, and the warps past row
// 13 skip the body. The row's indices come from the row number with the
// axis slot varying. One warp per row needs neither shared memory nor a
// barrier: the shuffles are the whole reduction.
// CHECK-LABEL: func @middle_axis
//       CHECK:   %[[C2:.+]] = arith.constant 2 : index
//       CHECK:   %[[C256:.+]] = arith.constant 256 : index
//       CHECK:   gpu.launch blocks(%[[B:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C2]], {{.*}} threads(%[[T:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C256]],
//   CHECK-NOT:     workgroup
//       CHECK:     %[[FIRST:.+]] = arith.muli %[[B]], %{{.+}} : index
//       CHECK:     %[[WARP:.+]] = arith.divui %[[T]], %{{.+}} : index
//       CHECK:     %[[ROW:.+]] = arith.addi %[[FIRST]], %[[WARP]] : index
//       CHECK:     %[[LANE:.+]] = arith.remui %[[T]], %{{.+}} : index
//       CHECK:     %[[VALID:.+]] = arith.cmpi ult, %[[ROW]], %{{.+}} : index
//       CHECK:     scf.if %[[VALID]] {
//       CHECK:       %[[I2:.+]] = arith.remui %[[ROW]], %{{.+}} : index
//       CHECK:       %[[REST:.+]] = arith.divui %[[ROW]], %{{.+}} : index
//       CHECK:       %[[I0:.+]] = arith.remui %[[REST]], %{{.+}} : index
//       CHECK:       scf.for %[[K:.+]] = %[[LANE]] to
//       CHECK:         memref.load %{{.+}}[%[[I0]], %[[K]], %[[I2]]] : memref<2x5x7xf32>
// CHECK-COUNT-5:     gpu.shuffle  xor
//   CHECK-NOT:     gpu.barrier
//       CHECK:     gpu.terminator
// With 64 threads per block: 2 rows per block, 7 blocks, no guard.
// B64-LABEL: func @middle_axis
//       B64:   %[[C7:.+]] = arith.constant 7 : index
//       B64:   %[[C64:.+]] = arith.constant 64 : index
//       B64:   gpu.launch {{.*}} in (%{{.+}} = %[[C7]], {{.*}} in (%{{.+}} = %[[C64]],
//   B64-NOT:     arith.cmpi ult
//       B64:     gpu.shuffle
func.func @middle_axis(%in: memref<2x5x7xf32>, %out: memref<2x5x7xf32>) {
  linalg.softmax dimension(1) ins(%in : memref<2x5x7xf32>) outs(%out : memref<2x5x7xf32>)
  return
}

// -----

// In place (the memory plan may give both the same buffer): every thread
// reads and writes only its own elements, so the kernel is the same.
// CHECK-LABEL: func @in_place
//       CHECK:   gpu.launch
//       CHECK:     memref.load %[[BUF:.+]][
//       CHECK:     memref.store %{{.+}}, %[[BUF]][
func.func @in_place(%buf: memref<3x1000xf32>) {
  linalg.softmax dimension(1) ins(%buf : memref<3x1000xf32>) outs(%buf : memref<3x1000xf32>)
  return
}

// SIZE: aicc-map-softmax-to-blocks: block-size must be a power of two from 32 to 1024
