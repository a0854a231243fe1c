// RUN: aicc-opt %s --split-input-file --aicc-flatten-globals | FileCheck %s

// An N-d constant global becomes 1-d; its reads expand back to the N-d type.
// CHECK-LABEL: module
//       CHECK:   memref.global "private" constant @w : memref<6xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]>
//       CHECK:   func.func @read
//       CHECK:     %[[FLAT:.+]] = memref.get_global @w : memref<6xf32>
//       CHECK:     %[[E:.+]] = memref.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
//       CHECK:     return %[[E]]
module {
  memref.global "private" constant @w : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>
  func.func @read() -> memref<2x3xf32> {
    %0 = memref.get_global @w : memref<2x3xf32>
    return %0 : memref<2x3xf32>
  }
}

// -----

// Resource blobs keep their handle: the bytes are shared, not copied.
// CHECK-LABEL: module
//       CHECK:   memref.global "private" constant @r : memref<4xf32> = dense_resource<blob>
module {
  memref.global "private" constant @r : memref<2x2xf32> = dense_resource<blob>
  func.func @read() -> memref<2x2xf32> {
    %0 = memref.get_global @r : memref<2x2xf32>
    return %0 : memref<2x2xf32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// 1-d globals, uninitialised globals and non-identity layouts are left alone.
// CHECK-LABEL: module
//       CHECK:   memref.global "private" constant @v : memref<3xf32>
//       CHECK:   memref.global "private" @u : memref<2x2xf32> = uninitialized
//       CHECK:   memref.get_global @u : memref<2x2xf32>
//   CHECK-NOT:   memref.expand_shape
module {
  memref.global "private" constant @v : memref<3xf32> = dense<1.0>
  memref.global "private" @u : memref<2x2xf32> = uninitialized
  func.func @read() -> memref<2x2xf32> {
    %0 = memref.get_global @u : memref<2x2xf32>
    return %0 : memref<2x2xf32>
  }
}
