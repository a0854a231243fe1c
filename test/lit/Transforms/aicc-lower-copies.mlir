// RUN: aicc-opt %s --split-input-file --aicc-lower-copies | FileCheck %s

// A copy into a strided subview (the interior of a padded buffer) would call
// memrefCopy: it becomes linalg.copy.
// CHECK-LABEL: func.func @strided_target
//  CHECK-SAME: (%[[SRC:[^:]+]]: memref<4x4xf32>, %[[DST:[^:]+]]: memref<6x6xf32>)
//       CHECK:   %[[SV:.+]] = memref.subview %[[DST]][1, 1] [4, 4] [1, 1]
//   CHECK-NOT:   memref.copy
//       CHECK:   linalg.copy ins(%[[SRC]] : memref<4x4xf32>) outs(%[[SV]] : memref<4x4xf32, strided<[6, 1], offset: 7>>)
//   CHECK-NOT:   memref.copy
func.func @strided_target(%src: memref<4x4xf32>, %dst: memref<6x6xf32>) {
  %sv = memref.subview %dst[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
  memref.copy %src, %sv : memref<4x4xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
  return
}

// -----

// CHECK-LABEL: func.func @strided_source
//  CHECK-SAME: (%[[SRC:[^:]+]]: memref<8xf32>, %[[DST:[^:]+]]: memref<4xf32>)
//       CHECK:   %[[SV:.+]] = memref.subview %[[SRC]][0] [4] [2]
//       CHECK:   linalg.copy ins(%[[SV]] : memref<4xf32, strided<[2]>>) outs(%[[DST]] : memref<4xf32>)
//   CHECK-NOT:   memref.copy
func.func @strided_source(%src: memref<8xf32>, %dst: memref<4xf32>) {
  %sv = memref.subview %src[0] [4] [2] : memref<8xf32> to memref<4xf32, strided<[2]>>
  memref.copy %sv, %dst : memref<4xf32, strided<[2]>> to memref<4xf32>
  return
}

// -----

// Contiguous copies stay memref.copy (they become memcpy); copies in nested
// regions are rewritten too.
// CHECK-LABEL: func.func @mixed
//  CHECK-SAME: (%[[A:[^:]+]]: memref<4xf32>, %[[B:[^:]+]]: memref<4xf32>, %[[C:[^:]+]]: memref<8xf32>)
//       CHECK:   memref.copy %[[A]], %[[B]] : memref<4xf32> to memref<4xf32>
//       CHECK:   scf.for
//       CHECK:     %[[SV:.+]] = memref.subview %[[C]][4] [4] [1]
//       CHECK:     linalg.copy ins(%[[A]] : memref<4xf32>) outs(%[[SV]] : memref<4xf32, strided<[1], offset: 4>>)
//   CHECK-NOT:   linalg.copy
func.func @mixed(%a: memref<4xf32>, %b: memref<4xf32>, %c: memref<8xf32>) {
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    %sv = memref.subview %c[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
    memref.copy %a, %sv : memref<4xf32> to memref<4xf32, strided<[1], offset: 4>>
  }
  return
}
