// RUN: aicc-opt %s --split-input-file --aicc-map-reductions-to-blocks | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-map-reductions-to-blocks=block-size=64 | FileCheck %s --check-prefix=B64
// RUN: aicc-opt %s --split-input-file --aicc-map-reductions-to-blocks=block-size=16 | FileCheck %s --check-prefix=B16
// RUN: not aicc-opt %s --aicc-map-reductions-to-blocks=block-size=100 2>&1 | FileCheck %s --check-prefix=SIZE

// A row max over 300 elements: one block per row (4 blocks), 256 threads
// with a workgroup buffer; each thread folds k = t, t + 256, ...; then
// 3 halving steps (128, 64, 32) between barriers; the last 32 partials in
// warp 0 by five xor shuffles (no more barriers); thread 0 folds into out.
// CHECK-LABEL: func @row_max
//       CHECK:   %[[C256:.+]] = arith.constant 256 : index
//       CHECK:   gpu.launch blocks(%[[B:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c4{{(_[0-9]+)?}}, {{.*}} threads(%[[T:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C256]],
//  CHECK-SAME:     workgroup(%[[SHM:.+]] : memref<256xf32, #gpu.address_space<workgroup>>)
//       CHECK:     %[[FIRST:.+]] = memref.load %{{.+}}[%{{.+}}, %{{.+}}] : memref<4x300xf32>
//       CHECK:     %[[PART:.+]] = scf.for %{{.+}} = %{{.+}} to %{{.+}} step %[[C256]] iter_args(%[[ACC:.+]] = %[[FIRST]]) -> (f32)
//       CHECK:       arith.maximumf %[[ACC]],
//       CHECK:     memref.store %[[PART]], %[[SHM]][%[[T]]]
//       CHECK:     gpu.barrier
//       CHECK:     arith.maximumf
//       CHECK:     gpu.barrier
//       CHECK:     arith.maximumf
//       CHECK:     gpu.barrier
//       CHECK:     arith.maximumf
//       CHECK:     gpu.barrier
//   CHECK-NOT:     gpu.barrier
//       CHECK:     %[[IS0:.+]] = arith.cmpi eq, %[[T]], %{{.+}}
//       CHECK:     %[[WARP0:.+]] = arith.cmpi ult, %[[T]], %{{.+}}
//       CHECK:     scf.if %[[WARP0]] {
//       CHECK:       %[[V:.+]] = memref.load %[[SHM]][%[[T]]]
//       CHECK:       gpu.shuffle  xor %[[V]], %{{.+}}, %{{.+}} : f32
// CHECK-COUNT-4:     gpu.shuffle  xor
//   CHECK-NOT:     gpu.barrier
//       CHECK:       scf.if %[[IS0]] {
//       CHECK:         memref.load
//       CHECK:         arith.maximumf
//       CHECK:         memref.store
//       CHECK:     gpu.terminator
//   CHECK-NOT:   scf.parallel
// B64-LABEL: func @row_max
//       B64:   workgroup(%{{.+}} : memref<64xf32, #gpu.address_space<workgroup>>)
// B64-COUNT-2:   gpu.barrier
//   B64-NOT:   gpu.barrier
// B64-COUNT-5:   gpu.shuffle  xor
// Fewer than 32 threads: the whole tree in shared memory, no shuffle.
// B16-LABEL: func @row_max
//       B16:   workgroup(%{{.+}} : memref<16xf32, #gpu.address_space<workgroup>>)
// B16-COUNT-5:   gpu.barrier
//   B16-NOT:   gpu.shuffle
func.func @row_max(%in: memref<4x300xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c300 = arith.constant 300 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.for %k = %c0 to %c300 step %c1 {
      %x = memref.load %in[%i, %k] : memref<4x300xf32>
      %a = memref.load %out[%i] : memref<4xf32>
      %m = arith.maximumf %a, %x : f32
      memref.store %m, %out[%i] : memref<4xf32>
    }
    scf.reduce
  }
  return
}

// -----

// Short rows stay one thread per row (aicc-map-loops-to-gpu's business).
// CHECK-LABEL: func @short_rows
//   CHECK-NOT:   gpu.launch
//       CHECK:   scf.parallel
func.func @short_rows(%in: memref<4x8xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.for %k = %c0 to %c8 step %c1 {
      %x = memref.load %in[%i, %k] : memref<4x8xf32>
      %a = memref.load %out[%i] : memref<4xf32>
      %s = arith.addf %a, %x : f32
      memref.store %s, %out[%i] : memref<4xf32>
    }
    scf.reduce
  }
  return
}

// -----

// A matmul's k loop reads two inputs per k: a contraction, left alone.
// CHECK-LABEL: func @contraction
//   CHECK-NOT:   gpu.launch
//       CHECK:   scf.parallel
func.func @contraction(%a: memref<4x128xf32>, %b: memref<128x4xf32>, %c: memref<4x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c128 = arith.constant 128 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c4) step (%c1, %c1) {
    scf.for %k = %c0 to %c128 step %c1 {
      %x = memref.load %a[%i, %k] : memref<4x128xf32>
      %y = memref.load %b[%k, %j] : memref<128x4xf32>
      %acc = memref.load %c[%i, %j] : memref<4x4xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      memref.store %s, %c[%i, %j] : memref<4x4xf32>
    }
    scf.reduce
  }
  return
}

// SIZE: error: aicc-map-reductions-to-blocks: block-size must be a power of two up to 1024
