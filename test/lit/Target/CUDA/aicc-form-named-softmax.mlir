// RUN: aicc-opt %s --split-input-file --aicc-form-named-softmax | FileCheck %s

// A static f32 softmax becomes linalg.softmax on a fresh destination.
// CHECK-LABEL: func @rows
//       CHECK:   %[[E:.+]] = tensor.empty() : tensor<4x300xf32>
//       CHECK:   %[[S:.+]] = linalg.softmax dimension(1) ins(%{{.+}} : tensor<4x300xf32>) outs(%[[E]] : tensor<4x300xf32>) -> tensor<4x300xf32>
//       CHECK:   return %[[S]]
//   CHECK-NOT:   aicc.softmax
func.func @rows(%x: tensor<4x300xf32>) -> tensor<4x300xf32> {
  %0 = aicc.softmax %x {axis = 1 : i64} : tensor<4x300xf32>
  return %0 : tensor<4x300xf32>
}

// -----

// Any axis.
// CHECK-LABEL: func @middle_axis
//       CHECK:   linalg.softmax dimension(1) ins(%{{.+}} : tensor<2x5x7xf32>)
func.func @middle_axis(%x: tensor<2x5x7xf32>) -> tensor<2x5x7xf32> {
  %0 = aicc.softmax %x {axis = 1 : i64} : tensor<2x5x7xf32>
  return %0 : tensor<2x5x7xf32>
}

// -----

// What aicc-map-softmax-to-blocks cannot run stays for convert-aicc-to-linalg:
// other element types, dynamic shapes, rank 0, and log_softmax.
// CHECK-LABEL: func @left_alone
//   CHECK-NOT:   linalg.softmax
//       CHECK:   aicc.softmax %{{.+}} {axis = 1 : i64} : tensor<4x300xf16>
//       CHECK:   aicc.softmax %{{.+}} {axis = 1 : i64} : tensor<?x300xf32>
//       CHECK:   aicc.softmax %{{.+}} {axis = 0 : i64} : tensor<f32>
//       CHECK:   aicc.log_softmax %{{.+}} {axis = 1 : i64} : tensor<4x300xf32>
//   CHECK-NOT:   linalg.softmax
func.func @left_alone(%h: tensor<4x300xf16>, %d: tensor<?x300xf32>, %s: tensor<f32>,
                      %x: tensor<4x300xf32>)
    -> (tensor<4x300xf16>, tensor<?x300xf32>, tensor<f32>, tensor<4x300xf32>) {
  %0 = aicc.softmax %h {axis = 1 : i64} : tensor<4x300xf16>
  %1 = aicc.softmax %d {axis = 1 : i64} : tensor<?x300xf32>
  %2 = aicc.softmax %s {axis = 0 : i64} : tensor<f32>
  %3 = aicc.log_softmax %x {axis = 1 : i64} : tensor<4x300xf32>
  return %0, %1, %2, %3 : tensor<4x300xf16>, tensor<?x300xf32>, tensor<f32>, tensor<4x300xf32>
}
