// RUN: aicc-opt %s --split-input-file --aicc-outline-parallel-loops='min-work=64 min-items=4' | FileCheck %s

// A large 1-d loop: the public function gets the exec argument, the loop's
// captures (two memrefs and a scale) go into a stack struct allocated in the
// entry block, and the body moves into a task that runs items
// [begin, end). The constant bound is cloned into the task, not captured.
// CHECK-LABEL: func.func @scale
//  CHECK-SAME: (%[[X:.*]]: memref<256xf32>, %[[Y:.*]]: memref<256xf32>, %[[S:.*]]: f32, %[[EXEC:.*]]: !llvm.ptr {aicc.exec})
//       CHECK:   %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, f32, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
//       CHECK:   %[[N:.*]] = arith.index_cast %{{.*}} : index to i64
//       CHECK:   %[[XD:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<256xf32> to !llvm.struct
//       CHECK:   llvm.insertvalue %[[XD]], %{{.*}}[0]
//       CHECK:   llvm.insertvalue %[[S]], %{{.*}}[1]
//       CHECK:   llvm.store %{{.*}}, %[[CTX]]
//       CHECK:   %[[FN:.*]] = constant @scale_task0 : (!llvm.ptr, i64, i64) -> ()
//       CHECK:   %[[FNP:.*]] = builtin.unrealized_conversion_cast %[[FN]] : (!llvm.ptr, i64, i64) -> () to !llvm.ptr
//       CHECK:   llvm.call @__aicc_parallel_for(%[[EXEC]], %[[N]], %[[FNP]], %[[CTX]])
//   CHECK-NOT:   scf.parallel
//       CHECK:   return
// CHECK-LABEL: func.func private @scale_task0
//  CHECK-SAME: (%[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
//       CHECK:   %[[PACKED:.*]] = llvm.load %[[C]]
//       CHECK:   %[[F0:.*]] = llvm.extractvalue %[[PACKED]][0]
//       CHECK:   %[[TX:.*]] = builtin.unrealized_conversion_cast %[[F0]] : !llvm.struct<{{.*}}> to memref<256xf32>
//       CHECK:   %[[B:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
//       CHECK:   %[[E:.*]] = arith.index_cast %[[END]] : i64 to index
//       CHECK:   scf.for %[[I:.*]] = %[[B]] to %[[E]]
//       CHECK:     memref.load %[[TX]][%{{.*}}]
//       CHECK:     arith.mulf
//       CHECK:     memref.store
// The dispatcher: exec->parallel_for(pool, n, task, ctx), or task(ctx, 0, n)
// when exec or parallel_for is null.
// CHECK-LABEL: llvm.func internal @__aicc_parallel_for
//       CHECK:   llvm.icmp "eq"
//       CHECK:   llvm.getelementptr %{{.*}}[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32, ptr, ptr, ptr, ptr, ptr, ptr, ptr)>
//       CHECK:   llvm.getelementptr %{{.*}}[0, 2]
//       CHECK:   llvm.call %{{.*}}(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : !llvm.ptr, (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr) -> ()
//       CHECK:   llvm.call %{{.*}}(%{{.*}}, %{{.*}}, %{{.*}}) : !llvm.ptr, (!llvm.ptr, i64, i64) -> ()
func.func @scale(%x: memref<256xf32>, %y: memref<256xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  scf.parallel (%i) = (%c0) to (%c256) step (%c1) {
    %v = memref.load %x[%i] : memref<256xf32>
    %r = arith.mulf %v, %s : f32
    memref.store %r, %y[%i] : memref<256xf32>
  }
  return
}

// -----

// Too little work (8 iterations of 3 ops < min-work): the loop stays.
// Private functions get no exec argument.
// CHECK-LABEL: func.func @small
//  CHECK-SAME: %{{.*}}: !llvm.ptr {aicc.exec}
//       CHECK:   scf.parallel
//   CHECK-NOT:   llvm.call
// CHECK-LABEL: func.func private @helper
//  CHECK-SAME: (%{{[^,]*}}: memref<1024xf32>)
//       CHECK:   scf.parallel
func.func @small(%x: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %f, %x[%i] : memref<8xf32>
  }
  return
}
func.func private @helper(%x: memref<1024xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c1024 = arith.constant 1024 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c1024) step (%c1) {
    memref.store %f, %x[%i] : memref<1024xf32>
  }
  return
}

// -----

// A 3-d loop of 2 x 4 x 8: the first two dimensions (8 items >= min-items)
// are linearised and split back with remsi/divsi; the third stays a parallel
// loop inside the item.
// CHECK-LABEL: func.func @nest
//       CHECK:   %[[N0:.*]] = arith.ceildivsi
//       CHECK:   %[[N1:.*]] = arith.ceildivsi
//       CHECK:   %[[N:.*]] = arith.muli %[[N0]], %[[N1]]
//       CHECK:   llvm.call @__aicc_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// CHECK-LABEL: func.func private @nest_task0
//       CHECK:   scf.for %[[W:.*]] =
//       CHECK:     %[[J:.*]] = arith.remsi %[[W]]
//       CHECK:     %[[I:.*]] = arith.divsi %[[W]]
//       CHECK:     scf.parallel (%[[K:.*]]) =
//       CHECK:       memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}, %[[K]]]
func.func @nest(%x: memref<2x4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%c2, %c4, %c8) step (%c1, %c1, %c1) {
    memref.store %f, %x[%i, %j, %k] : memref<2x4x8xf32>
  }
  return
}

// -----

// Loops with reductions stay sequential.
// CHECK-LABEL: func.func @sum
//       CHECK:   scf.parallel
//       CHECK:   scf.reduce
//   CHECK-NOT:   llvm.call
func.func @sum(%x: memref<1024xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c1024 = arith.constant 1024 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.parallel (%i) = (%c0) to (%c1024) step (%c1) init (%zero) -> f32 {
    %v = memref.load %x[%i] : memref<1024xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}
