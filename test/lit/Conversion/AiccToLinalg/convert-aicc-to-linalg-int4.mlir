// RUN: aicc-opt %s --convert-aicc-to-linalg | FileCheck %s

// aicc.matmul_int4's reference lowering: one generic dequantizes the weight
// to [N, KB, BS/2, 2] (byte >> 4 * nibble & 15, minus the zero point, times
// the scale), reshaped to [N, KB*BS] and cut to K = 20; then the product
// (loops m, n | k) into the broadcast bias.
// CHECK-LABEL: func.func @matmul_int4
//       CHECK:   %[[D:.+]] = linalg.generic {{.*}} ins(%arg1, %arg2, %arg3 : tensor<2x2x8xui8>, tensor<2x2xf32>, tensor<2x2xui8>) outs(%{{.+}} : tensor<2x2x8x2xf32>)
//       CHECK:     linalg.index 3
//       CHECK:     arith.shrui
//       CHECK:     arith.andi
//       CHECK:     arith.subi
//       CHECK:     arith.sitofp
//       CHECK:     arith.mulf
//       CHECK:   tensor.extract_slice %{{.+}}[0, 0] [2, 20] [1, 1] : tensor<2x32xf32> to tensor<2x20xf32>
//       CHECK:   %[[BIAS:.+]] = linalg.generic {{.*}} ins(%{{.+}}, %arg4 : tensor<3x2xf32>, tensor<2xf32>)
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %{{.+}} : tensor<3x20xf32>, tensor<2x20xf32>) outs(%[[BIAS]] : tensor<3x2xf32>)
//   CHECK-NOT:   aicc.matmul_int4
func.func @matmul_int4(%x: tensor<3x20xf32>, %w: tensor<2x2x8xui8>, %s: tensor<2x2xf32>, %z: tensor<2x2xui8>, %b: tensor<2xf32>) -> tensor<3x2xf32> {
  %y = aicc.matmul_int4 %x, %w, %s, %z bias %b : tensor<2xf32> {k_size = 20 : i64} : (tensor<3x20xf32>, tensor<2x2x8xui8>, tensor<2x2xf32>, tensor<2x2xui8>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}
