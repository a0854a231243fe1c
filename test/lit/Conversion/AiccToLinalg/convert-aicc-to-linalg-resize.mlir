// Cubic resize: 4 taps per resized dim with Keys' weights of the fractional
// part; index clamping gives edge values, exclude_outside zeroes and
// renormalises the weights of taps outside the input.
// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg | FileCheck %s

// One resized dim, a = -0.75, asymmetric: x = out * 0.5.
// CHECK-LABEL: func.func @resize_cubic
//  CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>)
//       CHECK:   linalg.generic
//       CHECK:       %[[N:.+]] = linalg.index 0 : index
//       CHECK:       %[[FL:.+]] = math.floor
//       CHECK:       %[[T:.+]] = arith.subf %{{.+}}, %[[FL]] : f64
//       CHECK:       %[[BASE:.+]] = arith.index_cast %{{.+}} : i64 to index
// Far tap k(1 + t) = ((a x - 5a) x + 8a) x - 4a.
//       CHECK:       arith.constant -7.500000e-01 : f64
//       CHECK:       arith.constant 3.750000e+00 : f64
//       CHECK:       arith.constant -6.000000e+00 : f64
//       CHECK:       arith.constant 3.000000e+00 : f64
//       CHECK:       %[[I0:.+]] = arith.minsi
// Near tap k(t) = ((a + 2) x - (a + 3)) x^2 + 1.
//       CHECK:       arith.constant 1.250000e+00 : f64
//       CHECK:       arith.constant -2.250000e+00 : f64
//       CHECK:       %[[I1:.+]] = arith.minsi
//       CHECK:       %[[I2:.+]] = arith.minsi
//       CHECK:       %[[I3:.+]] = arith.minsi
//   CHECK-NOT:       arith.divf
//       CHECK:       tensor.extract %[[X]][%[[N]], %[[I0]]]
//       CHECK:       tensor.extract %[[X]][%[[N]], %[[I1]]]
//       CHECK:       tensor.extract %[[X]][%[[N]], %[[I2]]]
//       CHECK:       tensor.extract %[[X]][%[[N]], %[[I3]]]
//   CHECK-NOT:       tensor.extract
//       CHECK:       linalg.yield
func.func @resize_cubic(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %0 = aicc.resize %x {scales = array<f64: 1.0, 2.0>, mode = "cubic",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x4xf32> to tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// exclude_outside: each tap's weight is selected against 0 by whether its
// unclamped index lies in [0, 4), then divided by the sum of the four.
// CHECK-LABEL: func.func @resize_cubic_exclude_outside
//       CHECK:   linalg.generic
//       CHECK:       arith.constant -5.000000e-01 : f64
//       CHECK:       %[[IN:.+]] = arith.andi
//       CHECK:       %[[W0:.+]] = arith.select %[[IN]], %{{.+}}, %{{.+}} : f64
//       CHECK:       %[[W1:.+]] = arith.select
//       CHECK:       %[[S1:.+]] = arith.addf %[[W0]], %[[W1]] : f64
//       CHECK:       %[[W2:.+]] = arith.select
//       CHECK:       %[[S2:.+]] = arith.addf %[[S1]], %[[W2]] : f64
//       CHECK:       %[[W3:.+]] = arith.select
//       CHECK:       %[[S3:.+]] = arith.addf %[[S2]], %[[W3]] : f64
//       CHECK:       arith.divf %[[W0]], %[[S3]] : f64
//       CHECK:       arith.divf %[[W1]], %[[S3]] : f64
//       CHECK:       arith.divf %[[W2]], %[[S3]] : f64
//       CHECK:       arith.divf %[[W3]], %[[S3]] : f64
func.func @resize_cubic_exclude_outside(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %0 = aicc.resize %x {scales = array<f64: 1.0, 2.0>, mode = "cubic",
                       coordinate_transformation_mode = "half_pixel", nearest_mode = "floor",
                       exclude_outside = true, extrapolation_value = 0.0, cubic_coeff_a = -0.5}
      : tensor<1x4xf32> to tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Two resized dims: the 4 x 4 tap product.
// CHECK-LABEL: func.func @resize_cubic_2d
//       CHECK:   linalg.generic
// CHECK-COUNT-16:    tensor.extract
//   CHECK-NOT:       tensor.extract
//       CHECK:       linalg.yield
func.func @resize_cubic_2d(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "cubic",
                       coordinate_transformation_mode = "half_pixel", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// align_corners takes the output length as scale * in, as ONNX's reference
// does: 4 -> floor(4 * 0.8) = 3 maps with (4 - 1) / (3.2 - 1), not 3 / 2.
// The coefficients fold to constants ahead of the generic.
// CHECK-LABEL: func.func @resize_align_corners_fractional_scale
//       CHECK:   %[[A:.+]] = arith.constant 1.363636{{[0-9]*}} : f64
//       CHECK:   linalg.generic
//       CHECK:       arith.mulf %{{.+}}, %[[A]] : f64
func.func @resize_align_corners_fractional_scale(%x: tensor<1x4xf32>) -> tensor<1x3xf32> {
  %0 = aicc.resize %x {scales = array<f64: 1.0, 0.8>, mode = "linear",
                       coordinate_transformation_mode = "align_corners", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x4xf32> to tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Run-time scales: each resized dim's coefficients come from the scale
// extracted before the generic (here half_pixel: 1/s and 0.5/s - 0.5).
// CHECK-LABEL: func.func @resize_runtime_scales
//  CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>, %[[S:.+]]: tensor<2xf32>)
//       CHECK:   %[[S1:.+]] = tensor.extract %[[S]][%{{.+}}] : tensor<2xf32>
//       CHECK:   %[[W:.+]] = arith.extf %[[S1]] : f32 to f64
//       CHECK:   %[[A:.+]] = arith.divf %{{.+}}, %[[W]] : f64
//       CHECK:   linalg.generic
//       CHECK:       arith.mulf %{{.+}}, %[[A]] : f64
func.func @resize_runtime_scales(%x: tensor<1x4xf32>, %s: tensor<2xf32>) -> tensor<1x3xf32> {
  %0 = aicc.resize %x scales %s : tensor<2xf32> {scales = array<f64: 1.0, 0.75>, mode = "linear",
                       coordinate_transformation_mode = "half_pixel", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x4xf32> to tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// tf_half_pixel_for_nn (opset 11): x = (out + 0.5) / scale = out * 2 + 1.
// The constant scale folds: a multiply and an add per output index, no
// division (the node test checks the values).
// CHECK-LABEL: func.func @resize_tf_half_pixel_for_nn
//     CHECK: linalg.generic
//     CHECK:   %[[O:.+]] = arith.sitofp %{{.+}} : i64 to f64
//     CHECK:   %[[S:.+]] = arith.mulf %[[O]], %{{.+}} : f64
//     CHECK:   arith.addf %[[S]], %{{.+}} : f64
// CHECK-NOT:   arith.divf
func.func @resize_tf_half_pixel_for_nn(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %r = aicc.resize %x {coordinate_transformation_mode = "tf_half_pixel_for_nn", cubic_coeff_a = -7.500000e-01 : f64, exclude_outside = false, extrapolation_value = 0.000000e+00 : f64, mode = "nearest", nearest_mode = "floor", scales = array<f64: 1.0, 0.5>} : tensor<1x4xf32> to tensor<1x2xf32>
  return %r : tensor<1x2xf32>
}
