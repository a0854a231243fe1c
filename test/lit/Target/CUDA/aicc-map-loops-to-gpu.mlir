// RUN: aicc-opt %s --split-input-file --aicc-map-loops-to-gpu | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-map-loops-to-gpu=block-size=128 | FileCheck %s --check-prefix=B128

// 4 x 300 = 1200 iterations: 5 blocks of 256 threads, a guard for the last
// 80; the innermost dimension is the remainder (neighbouring threads,
// neighbouring elements); the add may contract.
// CHECK-LABEL: func @elementwise
//   CHECK-DAG:   %[[C5:.+]] = arith.constant 5 : index
//   CHECK-DAG:   %[[C256:.+]] = arith.constant 256 : index
//       CHECK:   gpu.launch blocks(%[[BX:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C5]], %{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) threads(%[[TX:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C256]],
//       CHECK:     %[[BASE:.+]] = arith.muli %[[BX]], %[[C256]]
//       CHECK:     %[[ID:.+]] = arith.addi %[[BASE]], %[[TX]]
//       CHECK:     %[[IN:.+]] = arith.cmpi ult, %[[ID]], %{{.+}}
//       CHECK:     scf.if %[[IN]]
//       CHECK:       %[[J:.+]] = arith.remui %[[ID]], %{{.+}}
//       CHECK:       %[[I:.+]] = arith.divui %[[ID]], %{{.+}}
//       CHECK:       arith.addf {{.*}} fastmath<contract>
//       CHECK:     gpu.terminator
//   CHECK-NOT:   scf.parallel
// B128-LABEL: func @elementwise
//   B128-DAG:   %[[C10:.+]] = arith.constant 10 : index
//   B128-DAG:   %[[C128:.+]] = arith.constant 128 : index
//       B128:   gpu.launch blocks({{.*}}) in (%{{.+}} = %[[C10]], {{.*}} threads({{.*}}) in (%{{.+}} = %[[C128]],
func.func @elementwise(%a: memref<4x300xf32>, %b: memref<4x300xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c300 = arith.constant 300 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c300) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<4x300xf32>
    %y = arith.addf %x, %x : f32
    memref.store %y, %b[%i, %j] : memref<4x300xf32>
    scf.reduce
  }
  return
}

// -----

// A row reduction: one thread per row (4 threads, no guard: 4 is a whole
// block), the loop over the row stays sequential inside the kernel. The
// weight is read in the kernel, so its get_global moves in with it.
// CHECK-LABEL: func @rows
//       CHECK:   gpu.launch
//  CHECK-SAME:     threads(%{{.+}}, %{{.+}}, %{{.+}}) in (%{{.+}} = %c4{{(_[0-9]+)?}},
//   CHECK-NOT:     scf.if
//       CHECK:     memref.get_global @w
//       CHECK:     scf.for
//       CHECK:       arith.maximumf
//       CHECK:     gpu.terminator
memref.global "private" constant @w : memref<4x8xf32> = dense<1.0>
func.func @rows(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %w = memref.get_global @w : memref<4x8xf32>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.for %k = %c0 to %c8 step %c1 {
      %x = memref.load %w[%i, %k] : memref<4x8xf32>
      %m = memref.load %out[%i] : memref<4xf32>
      %r = arith.maximumf %x, %m : f32
      memref.store %r, %out[%i] : memref<4xf32>
    }
    scf.reduce
  }
  return
}

// -----

// A memory access outside any parallel loop runs in a one-thread kernel.
// CHECK-LABEL: func @scalar
//       CHECK:   %[[ONE:.+]] = arith.constant 1 : index
//       CHECK:   gpu.launch blocks({{.*}}) in (%{{.+}} = %[[ONE]], %{{.+}} = %[[ONE]], %{{.+}} = %[[ONE]]) threads({{.*}}) in (%{{.+}} = %[[ONE]], %{{.+}} = %[[ONE]], %{{.+}} = %[[ONE]])
//  CHECK-NEXT:     memref.store
//  CHECK-NEXT:     gpu.terminator
func.func @scalar(%out: memref<f32>) {
  %cst = arith.constant 1.0 : f32
  memref.store %cst, %out[] : memref<f32>
  return
}

// -----

// 0-d ops between loop nests (a layer norm over every axis: load the sum,
// divide, store the mean): the load, the arithmetic on what it loaded and
// the store are one single-thread kernel; the host keeps the views.
// CHECK-LABEL: func @scalar_chain
//       CHECK:   memref.view
//       CHECK:   gpu.launch
//  CHECK-NEXT:     %[[SUM:.+]] = memref.load
//  CHECK-NEXT:     %[[MEAN:.+]] = arith.divf %[[SUM]], %{{.+}} fastmath<contract>
//  CHECK-NEXT:     memref.store %[[MEAN]]
//  CHECK-NEXT:     gpu.terminator
//   CHECK-NOT:   gpu.launch
func.func @scalar_chain(%arena: memref<128xi8>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %n = arith.constant 12.0 : f32
  %sum = memref.view %arena[%c0][] : memref<128xi8> to memref<f32>
  %mean = memref.view %arena[%c64][] : memref<128xi8> to memref<f32>
  %s = memref.load %sum[] : memref<f32>
  %m = arith.divf %s, %n : f32
  memref.store %m, %mean[] : memref<f32>
  return
}

// -----

// A view with static strides and offset (a conv's padded interior) is a
// valid kernel operand: the bare pointer plus the static layout address it.
// CHECK-LABEL: func @strided_view
//       CHECK:   %[[SUB:.+]] = memref.subview
//       CHECK:   gpu.launch
//       CHECK:     memref.store %{{.+}}, %[[SUB]]
func.func @strided_view(%in: memref<4x4xf32>, %padded: memref<6x6xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %sub = memref.subview %padded[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c4) step (%c1, %c1) {
    %x = memref.load %in[%i, %j] : memref<4x4xf32>
    memref.store %x, %sub[%i, %j] : memref<4x4xf32, strided<[6, 1], offset: 7>>
    scf.reduce
  }
  return
}
