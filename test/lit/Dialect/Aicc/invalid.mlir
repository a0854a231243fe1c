// RUN: aicc-opt %s --split-input-file --verify-diagnostics

func.func @broadcast_mismatch(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{operands are not broadcast-compatible: 2-d and 1-d shapes differ in a dimension that is not 1}}
  // expected-error @+1 {{'aicc.add' op failed to infer returned types}}
  %0 = aicc.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @binary_element_type_mismatch(%a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'aicc.mul' op requires the same element type for all operands}}
  %0 = aicc.mul %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @result_disagrees_with_inference(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'aicc.sub' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'aicc.sub' op failed to infer returned types}}
  %0 = aicc.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @conv_channel_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{input channels (3) != weight channels * group (2)}}
  // expected-error @+1 {{'aicc.conv' op failed to infer returned types}}
  %0 = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
                         pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_bad_pads_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+2 {{expects 4 pads}}
  // expected-error @+1 {{'aicc.conv' op failed to infer returned types}}
  %0 = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
                         pads = array<i64: 1, 1>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv_bad_strides_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{expects 2 strides and dilations, one per spatial dim}}
  // expected-error @+1 {{'aicc.conv' op failed to infer returned types}}
  %0 = aicc.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 1, 1>,
                         pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{expects bias of shape [4]}}
  // expected-error @+1 {{'aicc.conv' op failed to infer returned types}}
  %0 = aicc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
                             pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_kernel_too_big(%x: tensor<1x3x2x2xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+2 {{kernel does not fit the padded input in dim 2}}
  // expected-error @+1 {{'aicc.conv' op failed to infer returned types}}
  %0 = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
                         pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
      : (tensor<1x3x2x2xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @gemm_inner_dim(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{inner dimensions differ: 3 vs 4}}
  // expected-error @+1 {{'aicc.gemm' op failed to infer returned types}}
  %0 = aicc.gemm %a, %b {alpha = 1.0, beta = 1.0, trans_a = false, trans_b = false}
      : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @gemm_c_does_not_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<3xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{C does not broadcast to [M, N]}}
  // expected-error @+1 {{'aicc.gemm' op failed to infer returned types}}
  %0 = aicc.gemm %a, %b, %c {alpha = 1.0, beta = 1.0, trans_a = false, trans_b = false}
      : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<3xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_inner_dim(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{inner dimensions differ: 3 vs 2}}
  // expected-error @+1 {{'aicc.matmul' op failed to infer returned types}}
  %0 = aicc.matmul %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @matmul_batch_mismatch(%a: tensor<2x4x3xf32>, %b: tensor<5x3x6xf32>) -> tensor<2x4x6xf32> {
  // expected-error @+2 {{batch dimensions are not broadcast-compatible}}
  // expected-error @+1 {{'aicc.matmul' op failed to infer returned types}}
  %0 = aicc.matmul %a, %b : (tensor<2x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x4x6xf32>
  return %0 : tensor<2x4x6xf32>
}

// -----

func.func @reshape_element_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{'aicc.reshape' op changes the element count from 6 to 7}}
  %0 = aicc.reshape %x : tensor<2x3xf32> to tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @transpose_repeated_perm(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+2 {{perm is not a permutation}}
  // expected-error @+1 {{'aicc.transpose' op failed to infer returned types}}
  %0 = aicc.transpose %x {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{expects a permutation of 2 dims}}
  // expected-error @+1 {{'aicc.transpose' op failed to infer returned types}}
  %0 = aicc.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{expects inputs of one rank}}
  // expected-error @+1 {{'aicc.concat' op failed to infer returned types}}
  %0 = aicc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @concat_dim_mismatch(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{inputs differ in dim 1}}
  // expected-error @+1 {{'aicc.concat' op failed to infer returned types}}
  %0 = aicc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @concat_axis_range(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{axis out of range}}
  // expected-error @+1 {{'aicc.concat' op failed to infer returned types}}
  %0 = aicc.concat %a {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @slice_negative_start(%x: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{bounds of dim 0 are not normalised}}
  // expected-error @+1 {{'aicc.slice' op failed to infer returned types}}
  %0 = aicc.slice %x {starts = array<i64: -2>, ends = array<i64: 4>, steps = array<i64: 1>}
      : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @slice_end_past_dim(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{bounds of dim 1 are not normalised}}
  // expected-error @+1 {{'aicc.slice' op failed to infer returned types}}
  %0 = aicc.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 4, 9>, steps = array<i64: 1, 1>}
      : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{expects non-zero steps}}
  // expected-error @+1 {{'aicc.slice' op failed to infer returned types}}
  %0 = aicc.slice %x {starts = array<i64: 0>, ends = array<i64: 4>, steps = array<i64: 0>}
      : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_axis_range(%x: tensor<4xf32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{axis out of range}}
  // expected-error @+1 {{'aicc.gather' op failed to infer returned types}}
  %0 = aicc.gather %x, %i {axis = 1 : i64} : (tensor<4xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @pad_bad_mode(%x: tensor<4xf32>) -> tensor<6xf32> {
  // expected-error @+2 {{unknown pad mode 'mirror'}}
  // expected-error @+1 {{'aicc.pad' op failed to infer returned types}}
  %0 = aicc.pad %x {pads = array<i64: 1, 1>, mode = "mirror", value = 0.0}
      : (tensor<4xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @pad_bad_count(%x: tensor<4x4xf32>) -> tensor<6x4xf32> {
  // expected-error @+2 {{expects 4 pads}}
  // expected-error @+1 {{'aicc.pad' op failed to infer returned types}}
  %0 = aicc.pad %x {pads = array<i64: 1, 1>, mode = "constant", value = 0.0}
      : (tensor<4x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

func.func @pad_reflect_too_wide(%x: tensor<3xf32>) -> tensor<6xf32> {
  // expected-error @+2 {{reflect padding must be smaller than the dim}}
  // expected-error @+1 {{'aicc.pad' op failed to infer returned types}}
  %0 = aicc.pad %x {pads = array<i64: 3, 0>, mode = "reflect", value = 0.0}
      : (tensor<3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @pad_crop_below_zero(%x: tensor<3xf32>) -> tensor<0xf32> {
  // expected-error @+2 {{pads crop dim 0 below zero}}
  // expected-error @+1 {{'aicc.pad' op failed to infer returned types}}
  %0 = aicc.pad %x {pads = array<i64: -2, -2>, mode = "constant", value = 0.0}
      : (tensor<3xf32>) -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @reduce_unsorted_axes(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{expects sorted, unique axes in [0, 3)}}
  // expected-error @+1 {{'aicc.reduce_sum' op failed to infer returned types}}
  %0 = aicc.reduce_sum %x {axes = array<i64: 2, 0>, keepdims = false}
      : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @reduce_axis_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expects sorted, unique axes in [0, 2)}}
  // expected-error @+1 {{'aicc.reduce_max' op failed to infer returned types}}
  %0 = aicc.reduce_max %x {axes = array<i64: 2>, keepdims = true}
      : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reduce_keepdims_result(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{'aicc.reduce_mean' op inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{'aicc.reduce_mean' op failed to infer returned types}}
  %0 = aicc.reduce_mean %x {axes = array<i64: 1>, keepdims = true}
      : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @softmax_axis_range(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'aicc.softmax' op expects axis in [0, 2), got 2}}
  %0 = aicc.softmax %x {axis = 2 : i64} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @log_softmax_negative_axis(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'aicc.log_softmax' op expects axis in [0, 2), got -1}}
  %0 = aicc.log_softmax %x {axis = -1 : i64} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @resize_bad_mode(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'aicc.resize' op supports modes 'nearest', 'linear' and 'cubic', got 'area'}}
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "area",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_scales_count(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'aicc.resize' op expects one scale per dimension}}
  %0 = aicc.resize %x {scales = array<f64: 2.0, 2.0>, mode = "nearest",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_nonpositive_scale(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{'aicc.resize' op expects positive scales}}
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 0.0, 1.0>, mode = "nearest",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @resize_rank_change(%x: tensor<1x1x2x2xf32>) -> tensor<1x4x4xf32> {
  // expected-error @+1 {{'aicc.resize' op expects input and result of one rank}}
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "nearest",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

func.func @resize_bad_coordinate_mode(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'aicc.resize' op unknown coordinate_transformation_mode 'corners'}}
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "nearest",
                       coordinate_transformation_mode = "corners", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_bad_nearest_mode(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'aicc.resize' op unknown nearest_mode 'round'}}
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "nearest",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "round",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @clip_fractional_bound_on_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'aicc.clip' op expects integral bounds for integer tensors}}
  %0 = aicc.clip %x {min = 0.0, max = 2.5} : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @batch_norm_channel_mismatch(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{expects per-channel operands of shape [3]}}
  // expected-error @+1 {{'aicc.batch_norm' op failed to infer returned types}}
  %0 = aicc.batch_norm %x, %s, %b, %s, %s {epsilon = 1.0e-5 : f64}
      : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32>)
      -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

func.func @pool_kernel_count(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+2 {{expects one kernel extent per spatial dim}}
  // expected-error @+1 {{'aicc.max_pool' op failed to infer returned types}}
  %0 = aicc.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 1, 1>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                         ceil_mode = false} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @pool_negative_pads(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+2 {{expects non-negative pads}}
  // expected-error @+1 {{'aicc.avg_pool' op failed to infer returned types}}
  %0 = aicc.avg_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>,
                         dilations = array<i64: 1, 1>, pads = array<i64: -1, 0, 0, 0>,
                         ceil_mode = false, count_include_pad = false}
      : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Only max_pool takes integers.
func.func @avg_pool_integer(%x: tensor<1x1x4x4xi32>) -> tensor<1x1x2x2xi32> {
  // expected-error @+1 {{'aicc.avg_pool' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<1x1x4x4xi32>'}}
  %0 = aicc.avg_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                         ceil_mode = false, count_include_pad = false}
      : (tensor<1x1x4x4xi32>) -> tensor<1x1x2x2xi32>
  return %0 : tensor<1x1x2x2xi32>
}

// -----

func.func @pool_wrong_result(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32> {
  // ceil_mode gives 3x3 here, not 2x2.
  // expected-error @+2 {{'aicc.max_pool' op inferred type(s) 'tensor<1x1x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x1x2x2xf32>'}}
  // expected-error @+1 {{'aicc.max_pool' op failed to infer returned types}}
  %0 = aicc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                         ceil_mode = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @global_avg_pool_rank(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expects input [N,C,D...] of rank >= 3}}
  // expected-error @+1 {{'aicc.global_avg_pool' op failed to infer returned types}}
  %0 = aicc.global_avg_pool %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @sqrt_on_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'aicc.sqrt' op operand #0 must be ranked tensor of floating-point values}}
  %0 = aicc.sqrt %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @clip_bound_twice(%x: tensor<4xf32>, %lo: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'aicc.clip' op expects each bound as an attribute or an operand, not both}}
  %0 = aicc.clip %x min %lo : tensor<f32> {min = 0.0 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_bound_not_scalar(%x: tensor<4xf32>, %lo: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'aicc.clip' op expects bound operands of type 'tensor<f32>'}}
  %0 = aicc.clip %x min %lo : tensor<1xf32> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gelu_bad_approximate(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects approximate to be "none" or "tanh"}}
  %0 = aicc.gelu %x {approximate = "fast"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @celu_zero_alpha(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects a non-zero alpha}}
  %0 = aicc.celu %x {alpha = 0.0} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @less_wrong_result(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'aicc.less' op result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = aicc.less %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @bit_shift_direction(%u: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{expects direction to be "left" or "right"}}
  %0 = aicc.bit_shift %u, %u {direction = "up"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @bit_shift_float(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of signless integer or unsigned integer values}}
  %0 = aicc.bit_shift %x, %x {direction = "left"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @prelu_slope_widens(%x: tensor<3xf32>, %s: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{slope does not broadcast to the input's shape}}
  // expected-error @+1 {{'aicc.prelu' op failed to infer returned types}}
  %0 = aicc.prelu %x, %s : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @where_mismatch(%c: tensor<2xi1>, %x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{condition, x and y are not broadcast-compatible}}
  // expected-error @+1 {{'aicc.where' op failed to infer returned types}}
  %0 = aicc.where %c, %x, %x : (tensor<2xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @where_element_types(%c: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xi32>) -> tensor<3xf32> {
  // expected-error @+2 {{expects x and y of one element type}}
  // expected-error @+1 {{'aicc.where' op failed to infer returned types}}
  %0 = aicc.where %c, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @expand_shrinks(%x: tensor<3x4xf32>) -> tensor<3x1xf32> {
  // expected-error @+1 {{expects the result shape to be a broadcast of the input shape}}
  %0 = aicc.expand %x : tensor<3x4xf32> to tensor<3x1xf32>
  return %0 : tensor<3x1xf32>
}

// -----

func.func @tile_repeats(%x: tensor<3x4xf32>) -> tensor<6x4xf32> {
  // expected-error @+2 {{expects 2 repeats}}
  // expected-error @+1 {{'aicc.tile' op failed to infer returned types}}
  %0 = aicc.tile %x {repeats = array<i64: 2>} : (tensor<3x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

func.func @layer_norm_axis(%x: tensor<3x4xf32>, %s: tensor<4xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{expects axis in [0, 2), got 2}}
  // expected-error @+1 {{'aicc.layer_norm' op failed to infer returned types}}
  %0 = aicc.layer_norm %x, %s {axis = 2 : i64, epsilon = 1.0e-5 : f64, stash_type = f32}
      : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @layer_norm_scale(%x: tensor<3x4xf32>, %s: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{expects scale and bias of the input's element type that broadcast to the normalised shape}}
  // expected-error @+1 {{'aicc.layer_norm' op failed to infer returned types}}
  %0 = aicc.layer_norm %x, %s {axis = 1 : i64, epsilon = 1.0e-5 : f64, stash_type = f32}
      : (tensor<3x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @arg_max_axis(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error @+2 {{expects axis in [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = aicc.arg_max %x {axis = 2 : i64, keepdims = false, select_last_index = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @gather_elements_rank(%x: tensor<3x4xf32>, %i: tensor<4xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{expects indices of the data's rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = aicc.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_elements_dim(%x: tensor<3x4xf32>, %i: tensor<2x5xi64>) -> tensor<2x5xf32> {
  // expected-error @+2 {{indices dim 1 exceeds the data's}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = aicc.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x5xi64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @cumsum_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'aicc.cumsum' op expects axis in [0, 2)}}
  %0 = aicc.cumsum %x {axis = 2 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reduce_prod_axes(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{expects sorted, unique axes in [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = aicc.reduce_prod %x {axes = array<i64: 2>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_nd_tuple(%x: tensor<2x3xf32>, %i: tensor<4x3xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{index tuples of 3 values do not fit 2 data dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = aicc.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<2x3xf32>, tensor<4x3xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_elements_reduction(%x: tensor<2x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x1xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{unknown reduction 'sub'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = aicc.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "sub"} : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @scatter_elements_shapes(%x: tensor<2x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x2xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expects indices and updates of one shape, of the data's rank}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = aicc.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "none"} : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @scatter_nd_updates(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{expects updates of shape indices.shape[:-1] + data.shape[k:]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = aicc.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @bitwise_float(%a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'aicc.bitwise_and' op operand #0 must be ranked tensor of}}
  %0 = aicc.bitwise_and %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @cumprod_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'aicc.cumprod' op expects axis in [0, 2)}}
  %0 = aicc.cumprod %x {axis = -1 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @bitcast_width(%x: tensor<3xf32>) -> tensor<3xi64> {
  // expected-error @+1 {{'aicc.bitcast' op expects element types of the same bit width, got 'f32' and 'i64'}}
  %0 = aicc.bitcast %x : tensor<3xf32> to tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @reshape_sizes(%x: tensor<?x8xf32>, %a: index) -> tensor<?x?x4xf32> {
  // expected-error @+1 {{'aicc.reshape' op expects 2 dynamic sizes, one per '?' of the result, got 1}}
  %0 = aicc.reshape %x [%a] : tensor<?x8xf32> to tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

func.func @reshape_no_sizes(%x: tensor<?x8xf32>) -> tensor<?x?x4xf32> {
  // expected-error @+1 {{'aicc.reshape' op needs the sizes of its dynamic result dims}}
  %0 = aicc.reshape %x : tensor<?x8xf32> to tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

func.func @expand_sizes(%x: tensor<f32>, %a: index) -> tensor<?x?xf32> {
  // expected-error @+1 {{'aicc.expand' op expects 2 dynamic sizes, one per '?' of the result, got 1}}
  %0 = aicc.expand %x [%a] : tensor<f32> to tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @range_rank(%s: tensor<i64>, %n: index) -> tensor<?x?xi64> {
  // expected-error @+1 {{'aicc.range' op expects 1-D result and scalar bounds of one element type}}
  %0 = aicc.range %s, %s, %n : tensor<i64>, tensor<i64> -> tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// -----

func.func @matmul_int4_k(%x: tensor<1x40xf32>, %w: tensor<2x2x8xui8>, %s: tensor<2x2xf32>,
                         %z: tensor<2x2xui8>) -> tensor<1x2xf32> {
  // expected-error @+2 {{expects K = 40 in the last of 2 blocks of 16}}
  // expected-error @+1 {{'aicc.matmul_int4' op failed to infer returned types}}
  %y = aicc.matmul_int4 %x, %w, %s, %z {k_size = 40 : i64} : (tensor<1x40xf32>, tensor<2x2x8xui8>, tensor<2x2xf32>, tensor<2x2xui8>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @matmul_int4_scales(%x: tensor<1x32xf32>, %w: tensor<2x2x8xui8>, %s: tensor<2xf32>,
                              %z: tensor<2x2xui8>) -> tensor<1x2xf32> {
  // expected-error @+2 {{expects scales and zero points of shape [2, 2]}}
  // expected-error @+1 {{'aicc.matmul_int4' op failed to infer returned types}}
  %y = aicc.matmul_int4 %x, %w, %s, %z {k_size = 32 : i64} : (tensor<1x32xf32>, tensor<2x2x8xui8>, tensor<2xf32>, tensor<2x2xui8>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
