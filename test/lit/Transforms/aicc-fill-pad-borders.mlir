// RUN: aicc-opt %s --split-input-file --aicc-fill-pad-borders | FileCheck %s

// A padded NCHW buffer (1 pixel on each side of H and W), as bufferization
// leaves it: a linalg.map fill of the whole buffer, then a copy of the input
// into the interior. The top and bottom rows are filled (whole width); the
// copy becomes a parallel loop over the interior rows that fills the left
// pad, copies the row and fills the right pad.
// CHECK-LABEL: func.func @pad_nchw
//  CHECK-SAME: (%[[X:[^:]+]]: memref<1x2x3x4xf32>, %[[BUF:[^:]+]]: memref<1x2x5x6xf32>)
//   CHECK-NOT:   linalg.map
//       CHECK:   %[[TOP:.+]] = memref.subview %[[BUF]][0, 0, 0, 0] [1, 2, 1, 6] [1, 1, 1, 1]
//       CHECK:   linalg.fill ins(%[[V:.+]] : f32) outs(%[[TOP]] :
//       CHECK:   %[[BOTTOM:.+]] = memref.subview %[[BUF]][0, 0, 4, 0] [1, 2, 1, 6] [1, 1, 1, 1]
//       CHECK:   linalg.fill ins(%[[V]] : f32) outs(%[[BOTTOM]] :
//       CHECK:   scf.parallel (%[[B:.+]], %[[C:.+]], %[[H:.+]]) = (%{{.+}}, %{{.+}}, %{{.+}}) to (%{{.+}}, %{{.+}}, %{{.+}})
//       CHECK:     %[[ROW:.+]] = arith.addi %[[H]], %{{.+}} : index
//       CHECK:     %[[LEFT:.+]] = memref.subview %[[BUF]][%[[B]], %[[C]], %[[ROW]], 0] [1, 1, 1, 1] [1, 1, 1, 1]
//       CHECK:     linalg.fill ins(%[[V]] : f32) outs(%[[LEFT]] :
//       CHECK:     %[[SRC:.+]] = memref.subview %[[X]][%[[B]], %[[C]], %[[H]], 0] [1, 1, 1, 4] [1, 1, 1, 1]
//       CHECK:     %[[DST:.+]] = memref.subview %[[BUF]][%[[B]], %[[C]], %[[ROW]], 1] [1, 1, 1, 4] [1, 1, 1, 1]
//       CHECK:     linalg.copy ins(%[[SRC]] : {{.+}}) outs(%[[DST]] :
//       CHECK:     %[[RIGHT:.+]] = memref.subview %[[BUF]][%[[B]], %[[C]], %[[ROW]], 5] [1, 1, 1, 1] [1, 1, 1, 1]
//       CHECK:     linalg.fill ins(%[[V]] : f32) outs(%[[RIGHT]] :
//       CHECK:   }
//   CHECK-NOT:   linalg.fill
//   CHECK-NOT:   linalg.copy
func.func @pad_nchw(%x: memref<1x2x3x4xf32>, %buf: memref<1x2x5x6xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  linalg.map outs(%buf : memref<1x2x5x6xf32>)
    (%init: f32) {
      linalg.yield %cst : f32
    }
  %in = memref.subview %buf[0, 0, 1, 1] [1, 2, 3, 4] [1, 1, 1, 1] : memref<1x2x5x6xf32> to memref<1x2x3x4xf32, strided<[60, 30, 6, 1], offset: 7>>
  linalg.copy ins(%x : memref<1x2x3x4xf32>) outs(%in : memref<1x2x3x4xf32, strided<[60, 30, 6, 1], offset: 7>>)
  return
}

// -----

// linalg.fill with a pad value other than zero (max pooling's -inf), an
// asymmetric pad (none above or left, 2 below, 1 right) and a memref.copy:
// the bottom rows are filled, the rows copied with their right pad.
// CHECK-LABEL: func.func @fill_asymmetric
//  CHECK-SAME: (%[[X:[^:]+]]: memref<3x4xf32>, %[[BUF:[^:]+]]: memref<5x5xf32>)
//       CHECK:   %[[NEG:.+]] = arith.constant 0xFF800000 : f32
//       CHECK:   %[[BOTTOM:.+]] = memref.subview %[[BUF]][3, 0] [2, 5] [1, 1]
//       CHECK:   linalg.fill ins(%[[NEG]] : f32) outs(%[[BOTTOM]] :
//       CHECK:   scf.parallel (%[[R:.+]]) =
//   CHECK-NOT:     linalg.fill
//       CHECK:     linalg.copy
//       CHECK:     %[[RIGHT:.+]] = memref.subview %[[BUF]][%[[R]], 4] [1, 1] [1, 1]
//       CHECK:     linalg.fill ins(%[[NEG]] : f32) outs(%[[RIGHT]] :
//       CHECK:   }
//   CHECK-NOT:   memref.copy
func.func @fill_asymmetric(%x: memref<3x4xf32>, %buf: memref<5x5xf32>) {
  %neg = arith.constant 0xFF800000 : f32
  linalg.fill ins(%neg : f32) outs(%buf : memref<5x5xf32>)
  %in = memref.subview %buf[0, 0] [3, 4] [1, 1] : memref<5x5xf32> to memref<3x4xf32, strided<[5, 1]>>
  memref.copy %x, %in : memref<3x4xf32> to memref<3x4xf32, strided<[5, 1]>>
  return
}

// -----

// No pad in the last dimension: the rows above and below are filled and the
// copy stays as it is.
// CHECK-LABEL: func.func @rows_only
//  CHECK-SAME: (%[[X:[^:]+]]: memref<2x3xf32>, %[[BUF:[^:]+]]: memref<4x3xf32>)
//       CHECK:   memref.subview %[[BUF]][0, 0] [1, 3] [1, 1]
//       CHECK:   linalg.fill
//       CHECK:   memref.subview %[[BUF]][3, 0] [1, 3] [1, 1]
//       CHECK:   linalg.fill
//   CHECK-NOT:   scf.parallel
//       CHECK:   linalg.copy ins(%[[X]]
func.func @rows_only(%x: memref<2x3xf32>, %buf: memref<4x3xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  linalg.fill ins(%cst : f32) outs(%buf : memref<4x3xf32>)
  %in = memref.subview %buf[1, 0] [2, 3] [1, 1] : memref<4x3xf32> to memref<2x3xf32, strided<[3, 1], offset: 3>>
  linalg.copy ins(%x : memref<2x3xf32>) outs(%in : memref<2x3xf32, strided<[3, 1], offset: 3>>)
  return
}

// -----

// Something else between the fill and the copy (here a read of the buffer):
// the fill stays whole.
// CHECK-LABEL: func.func @read_between
//       CHECK:   linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<4x4xf32>)
//  CHECK-NEXT:   memref.load
func.func @read_between(%x: memref<2x2xf32>, %buf: memref<4x4xf32>, %i: index) -> f32 {
  %cst = arith.constant 0.000000e+00 : f32
  linalg.fill ins(%cst : f32) outs(%buf : memref<4x4xf32>)
  %v = memref.load %buf[%i, %i] : memref<4x4xf32>
  %in = memref.subview %buf[1, 1] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  linalg.copy ins(%x : memref<2x2xf32>) outs(%in : memref<2x2xf32, strided<[4, 1], offset: 5>>)
  return %v : f32
}

// -----

// A copy into a strided subview (every other column) does not cover the
// rest of its rows: the fill stays whole.
// CHECK-LABEL: func.func @strided_interior
//       CHECK:   linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<4x8xf32>)
func.func @strided_interior(%x: memref<2x4xf32>, %buf: memref<4x8xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  linalg.fill ins(%cst : f32) outs(%buf : memref<4x8xf32>)
  %in = memref.subview %buf[1, 0] [2, 4] [1, 2] : memref<4x8xf32> to memref<2x4xf32, strided<[8, 2], offset: 8>>
  linalg.copy ins(%x : memref<2x4xf32>) outs(%in : memref<2x4xf32, strided<[8, 2], offset: 8>>)
  return
}
