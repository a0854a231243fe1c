// Ops the conversion cannot lower stay illegal and fail the pass with an
// error at the op.
// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --verify-diagnostics

// Unsigned contractions are not lowered (signed and unsigned products differ).
func.func @unsigned_matmul(%a: tensor<2x3xui8>, %b: tensor<3x4xui8>) -> tensor<2x4xui8> {
  // expected-error @+1 {{failed to legalize operation 'aicc.matmul' that was explicitly marked illegal}}
  %0 = aicc.matmul %a, %b : (tensor<2x3xui8>, tensor<3x4xui8>) -> tensor<2x4xui8>
  return %0 : tensor<2x4xui8>
}

// -----

func.func @unsigned_gemm(%a: tensor<2x3xui16>, %b: tensor<3x4xui16>) -> tensor<2x4xui16> {
  // expected-error @+1 {{failed to legalize operation 'aicc.gemm' that was explicitly marked illegal}}
  %0 = aicc.gemm %a, %b {alpha = 1.0, beta = 1.0, trans_a = false, trans_b = false}
      : (tensor<2x3xui16>, tensor<3x4xui16>) -> tensor<2x4xui16>
  return %0 : tensor<2x4xui16>
}

// -----

func.func @unsigned_reduce(%x: tensor<2x3xui32>) -> tensor<2xui32> {
  // expected-error @+1 {{failed to legalize operation 'aicc.reduce_sum' that was explicitly marked illegal}}
  %0 = aicc.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xui32>) -> tensor<2xui32>
  return %0 : tensor<2xui32>
}

// -----

// tf_crop_and_resize needs ROI inputs the op does not carry.
func.func @resize_tf_crop_and_resize(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{failed to legalize operation 'aicc.resize' that was explicitly marked illegal}}
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "linear",
                       coordinate_transformation_mode = "tf_crop_and_resize",
                       nearest_mode = "floor", exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}
