func.func @main(%x: tensor<1x16xf32> {aicc.name = "x"}) -> (tensor<1x8xi8> {aicc.name = "y"}) {
  %s = arith.constant dense<0.05> : tensor<f32>
  %z = arith.constant dense<-3> : tensor<i8>
  %w = arith.constant dense<[[-57, 54, 46, -11, -5, 17, 37, 38], [-60, 29, -3, -26, 32, 42, -31, 15], [60, -47, 55, -20, -57, -58, -57, 23], [9, -59, 60, 52, -12, 27, -33, -6], [32, -57, 7, -32, 37, -4, 60, 3], [10, -31, -16, -31, 26, -32, 37, -2], [-23, 58, -58, -7, 47, 57, 11, 58], [22, -48, -37, 20, 32, 50, -23, -45], [35, -18, 54, 32, 31, 4, 59, -6], [4, 46, 56, 25, -36, -22, -24, 15], [52, 3, 48, 60, 4, -10, 15, 49], [-56, 1, -29, 35, 42, -9, -7, 25], [-38, -14, 10, 52, 29, 39, 26, 34], [-13, -49, -4, 24, 5, -47, 39, -40], [6, 47, -10, -13, 2, 33, -57, 0], [-55, -21, 30, 48, 18, 15, 14, -10]]> : tensor<16x8xi8>
  %b = arith.constant dense<[40, -25, 3, 0, 17, -90, 55, 8]> : tensor<8xi32>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x16xf32>, tensor<f32>, tensor<i8>) -> tensor<1x16xi8> loc("x_q"("QuantizeLinear"))
  %acc = aicc.matmul_integer %q, %w {lhs_zero_point = -3 : i64, rhs_zero_point = 0 : i64} : (tensor<1x16xi8>, tensor<16x8xi8>) -> tensor<1x8xi32> loc("fc"("Gemm"))
  %ab = aicc.add %acc, %b : (tensor<1x8xi32>, tensor<8xi32>) -> tensor<1x8xi32> loc("fc"("Gemm"))
  %y = aicc.requantize %ab {scale = array<f32: 0.01435, 0.00670, 0.00763, 0.00420, 0.00719, 0.01872, 0.01277, 0.01047>, axis = 1 : i64, zero_point = -7 : i64, relu} : tensor<1x8xi32> -> tensor<1x8xi8> loc("fc"("Gemm"))
  return %y : tensor<1x8xi8>
}
