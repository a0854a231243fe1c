// Slices with an empty result become tensor.empty: tensor.extract_slice
// rejects offsets at the end of a dim even for size 0.
// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @slice_empty_at_end
//       CHECK:   %[[E:.+]] = tensor.empty() : tensor<2x0xf32>
//   CHECK-NOT:   tensor.extract_slice
//       CHECK:   return %[[E]]
func.func @slice_empty_at_end(%x: tensor<2x8xf32>) -> tensor<2x0xf32> {
  %0 = aicc.slice %x {starts = array<i64: 0, 8>, ends = array<i64: 2, 8>,
                      steps = array<i64: 1, 1>} : (tensor<2x8xf32>) -> tensor<2x0xf32>
  return %0 : tensor<2x0xf32>
}

// -----

// An empty input dim, negative step.
// CHECK-LABEL: func.func @slice_empty_input
//       CHECK:   %[[E:.+]] = tensor.empty() : tensor<0x3xf32>
//   CHECK-NOT:   linalg.generic
//       CHECK:   return %[[E]]
func.func @slice_empty_input(%x: tensor<0x3xf32>) -> tensor<0x3xf32> {
  %0 = aicc.slice %x {starts = array<i64: 0, 2>, ends = array<i64: 0, -1>,
                      steps = array<i64: 1, -1>} : (tensor<0x3xf32>) -> tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}
