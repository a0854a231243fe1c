// RUN: aicc-opt %s --split-input-file --aicc-form-int4-kernels | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-form-int4-kernels=vector-bits=512 | FileCheck %s --check-prefix=AVX512

// N = 3 columns in one panel of 8 (AVX2; 16 with AVX-512): byte j of column
// n (n * 16 + j) moves to [panel, j, n], columns past N zero; scales and
// offsets -z * s per block packed alike; leading dims fold into the rows.
// CHECK-LABEL: func.func @panel
//   CHECK-DAG:   %[[W:.+]] = arith.constant dense<{{\[\[\[}}0, 16, 32, 0, 0, 0, 0, 0], [1, 17, 33, 0, 0, 0, 0, 0], {{.*}}]]> : tensor<1x8x8xi8>
//   CHECK-DAG:   %[[S:.+]] = arith.constant dense<{{\[\[\[}}5.000000e-01, 2.000000e+00, 1.000000e+00, 0.000000e+00, {{.*}}]]]> : tensor<1x1x8xf32>
//   CHECK-DAG:   %[[O:.+]] = arith.constant dense<{{\[\[\[}}-4.000000e+00, -2.000000e+00, -0.000000e+00, 0.000000e+00, {{.*}}]]]> : tensor<1x1x8xf32>
//       CHECK:   %[[X:.+]] = aicc.reshape %arg0 : tensor<1x2x16xf32> to tensor<2x16xf32>
//       CHECK:   %[[K:.+]] = aicc.packed_matmul_int4 %[[X]], %[[W]], %[[S]], %[[O]] bias %arg1 : tensor<3xf32> into %{{.+}} {block_size = 16 : i64} : tensor<2x16xf32>, tensor<1x8x8xi8>, tensor<1x1x8xf32>, tensor<1x1x8xf32> into tensor<2x3xf32> -> tensor<2x3xf32>
//       CHECK:   aicc.reshape %[[K]] : tensor<2x3xf32> to tensor<1x2x3xf32>
//   CHECK-NOT:   aicc.matmul_int4
// AVX512-LABEL: func.func @panel
//       AVX512:   aicc.packed_matmul_int4 {{.*}} : tensor<2x16xf32>, tensor<1x8x16xi8>, tensor<1x1x16xf32>, tensor<1x1x16xf32> into tensor<2x3xf32>
func.func @panel(%x: tensor<1x2x16xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
  %w = arith.constant dense<[[[0, 1, 2, 3, 4, 5, 6, 7]], [[16, 17, 18, 19, 20, 21, 22, 23]], [[32, 33, 34, 35, 36, 37, 38, 39]]]> : tensor<3x1x8xui8>
  %s = arith.constant dense<[[0.5], [2.0], [1.0]]> : tensor<3x1xf32>
  %z = arith.constant dense<[[8], [1], [0]]> : tensor<3x1xui8>
  %y = aicc.matmul_int4 %x, %w, %s, %z bias %b : tensor<3xf32> {k_size = 16 : i64} : (tensor<1x2x16xf32>, tensor<3x1x8xui8>, tensor<3x1xf32>, tensor<3x1xui8>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}

// -----

// 40 columns on AVX2: four vectors per panel (NR = 32), two panels; K = 20
// in blocks of 16: weight rows for 32 steps.
// CHECK-LABEL: func.func @wide
//       CHECK:   aicc.packed_matmul_int4 {{.*}} : tensor<1x20xf32>, tensor<2x16x32xi8>, tensor<2x2x32xf32>, tensor<2x2x32xf32> into tensor<1x40xf32>
func.func @wide(%x: tensor<1x20xf32>) -> tensor<1x40xf32> {
  %w = arith.constant dense<17> : tensor<40x2x8xui8>
  %s = arith.constant dense<1.0> : tensor<40x2xf32>
  %z = arith.constant dense<8> : tensor<40x2xui8>
  %y = aicc.matmul_int4 %x, %w, %s, %z {k_size = 20 : i64} : (tensor<1x20xf32>, tensor<40x2x8xui8>, tensor<40x2xf32>, tensor<40x2xui8>) -> tensor<1x40xf32>
  return %y : tensor<1x40xf32>
}

// -----

// A weight that is not a constant, and an odd K, stay for the generic lowering.
// CHECK-LABEL: func.func @left_alone
//       CHECK:   aicc.matmul_int4 %arg0, %arg1
//       CHECK:   aicc.matmul_int4 %arg2
//   CHECK-NOT:   aicc.packed_matmul_int4
func.func @left_alone(%x: tensor<1x16xf32>, %w: tensor<2x1x8xui8>, %x2: tensor<1x15xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %s = arith.constant dense<1.0> : tensor<2x1xf32>
  %z = arith.constant dense<8> : tensor<2x1xui8>
  %y = aicc.matmul_int4 %x, %w, %s, %z {k_size = 16 : i64} : (tensor<1x16xf32>, tensor<2x1x8xui8>, tensor<2x1xf32>, tensor<2x1xui8>) -> tensor<1x2xf32>
  %c = arith.constant dense<3> : tensor<2x1x8xui8>
  %y2 = aicc.matmul_int4 %x2, %c, %s, %z {k_size = 15 : i64} : (tensor<1x15xf32>, tensor<2x1x8xui8>, tensor<2x1xf32>, tensor<2x1xui8>) -> tensor<1x2xf32>
  return %y, %y2 : tensor<1x2xf32>, tensor<1x2xf32>
}
