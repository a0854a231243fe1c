func.func @main(%x: tensor<1x1x4x4xf32> {aicc.name = "x"}) -> (tensor<1x2x4x4xi8> {aicc.name = "y"}) {
  %s = arith.constant dense<0.05> : tensor<f32>
  %z = arith.constant dense<-3> : tensor<i8>
  %w = arith.constant dense<[[[[-43, 12, 48], [42, 37, -52], [-28, -45, 3]]], [[[37, -3, 0], [23, -12, 40], [-34, -48, 2]]]]> : tensor<2x1x3x3xi8>
  %b = arith.constant dense<[[[[40]], [[-25]]]]> : tensor<1x2x1x1xi32>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x1x4x4xf32>, tensor<f32>, tensor<i8>) -> tensor<1x1x4x4xi8> loc("x_q"("QuantizeLinear"))
  %acc = aicc.conv_integer %q, %w {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = -3 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_zero_point = 0 : i64} : (tensor<1x1x4x4xi8>, tensor<2x1x3x3xi8>) -> tensor<1x2x4x4xi32> loc("conv"("Conv"))
  %ab = aicc.add %acc, %b : (tensor<1x2x4x4xi32>, tensor<1x2x1x1xi32>) -> tensor<1x2x4x4xi32> loc("conv"("Conv"))
  %y = aicc.requantize %ab {scale = array<f32: 0.0123, 0.0091>, axis = 1 : i64, zero_point = -7 : i64, relu} : tensor<1x2x4x4xi32> -> tensor<1x2x4x4xi8> loc("conv"("Conv"))
  return %y : tensor<1x2x4x4xi8>
}
