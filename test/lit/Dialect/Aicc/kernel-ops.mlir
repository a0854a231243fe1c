// Round trip of the code-generation-level kernel ops, on tensors and memrefs.
// RUN: aicc-opt %s | aicc-opt | FileCheck %s
// RUN: aicc-opt %s --mlir-print-op-generic | aicc-opt | FileCheck %s

// CHECK-LABEL: func.func @packed_matmul_tensors
// CHECK: %[[R:.*]] = aicc.packed_matmul %{{.*}}, %{{.*}} bias %{{.*}} : tensor<8xf32> residual %{{.*}} : tensor<1x8x4x4xf32> into %{{.*}} {activation = "relu", dilations = array<i64: 1, 1>, packed_a, strides = array<i64: 1, 1>, tile = array<i64: 6, 8>, window = array<i64: 3, 3>} : tensor<2x18x6xf32>, tensor<1x2x6x6xf32> into tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
func.func @packed_matmul_tensors(%a: tensor<2x18x6xf32>, %x: tensor<1x2x6x6xf32>, %b: tensor<8xf32>,
                                 %r: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %e = tensor.empty() : tensor<1x8x4x4xf32>
  %0 = aicc.packed_matmul %a, %x bias %b : tensor<8xf32> residual %r : tensor<1x8x4x4xf32> into %e
         {packed_a, tile = array<i64: 6, 8>, window = array<i64: 3, 3>, strides = array<i64: 1, 1>,
          dilations = array<i64: 1, 1>, activation = "relu"}
       : tensor<2x18x6xf32>, tensor<1x2x6x6xf32> into tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @packed_matmul_memrefs
// CHECK: aicc.packed_matmul %{{.*}}, %{{.*}} bias %{{.*}} : memref<5xf32> into %{{.*}} {activation = "clip", bias_dim = 1 : i64, clip_max = 6.000000e+00 : f32, clip_min = -1.000000e+00 : f32, dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>, tile = array<i64: 4, 8>, window = array<i64: 1, 1>} : memref<2x3x7xf32>, memref<2x7x1x5xf32> into memref<2x3x1x5xf32>
func.func @packed_matmul_memrefs(%a: memref<2x3x7xf32>, %x: memref<2x7x1x5xf32>, %b: memref<5xf32>,
                                 %c: memref<2x3x1x5xf32>) {
  aicc.packed_matmul %a, %x bias %b : memref<5xf32> into %c
      {tile = array<i64: 4, 8>, window = array<i64: 1, 1>, strides = array<i64: 1, 1>,
       dilations = array<i64: 1, 1>, bias_dim = 1, activation = "clip", clip_min = -1.0 : f32,
       clip_max = 6.0 : f32}
    : memref<2x3x7xf32>, memref<2x7x1x5xf32> into memref<2x3x1x5xf32>
  return
}

// CHECK-LABEL: func.func @packed_matmul_integer
// CHECK: aicc.packed_matmul_integer %{{.*}}, %{{.*}} bias %{{.*}} : tensor<4xi32> scale %{{.*}} : tensor<4xf32> into %{{.*}} {{{.*}}packed_a, relu{{.*}}zero_point = -3 : i64} : tensor<1x18x4xi32>, tensor<2x3x7x10xi8> into tensor<2x4x5x5xi8> -> tensor<2x4x5x5xi8>
// CHECK: aicc.packed_matmul_integer %{{.*}}, %{{.*}} bias %{{.*}} : memref<5xi32> into %{{.*}} {bias_dim = 1 : i64{{.*}}packed_x{{.*}}} : memref<1x2x3xui8>, memref<1x2x8xi32> into memref<1x2x1x5xi32>
func.func @packed_matmul_integer(%a: tensor<1x18x4xi32>, %x: tensor<2x3x7x10xi8>, %b: tensor<4xi32>, %s: tensor<4xf32>, %e: tensor<2x4x5x5xi8>,
                                 %ma: memref<1x2x3xui8>, %mx: memref<1x2x8xi32>, %mb: memref<5xi32>, %mc: memref<1x2x1x5xi32>) -> tensor<2x4x5x5xi8> {
  %0 = aicc.packed_matmul_integer %a, %x bias %b : tensor<4xi32> scale %s : tensor<4xf32> into %e {packed_a, relu,
         tile = array<i64: 4, 8>, window = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, zero_point = -3 : i64}
       : tensor<1x18x4xi32>, tensor<2x3x7x10xi8> into tensor<2x4x5x5xi8> -> tensor<2x4x5x5xi8>
  aicc.packed_matmul_integer %ma, %mx bias %mb : memref<5xi32> into %mc {packed_x, bias_dim = 1 : i64,
         tile = array<i64: 2, 8>, window = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : memref<1x2x3xui8>, memref<1x2x8xi32> into memref<1x2x1x5xi32>
  return %0 : tensor<2x4x5x5xi8>
}

// CHECK-LABEL: func.func @sparse_matmul
// CHECK: aicc.sparse_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} : tensor<5xf32> into %{{.*}} {activation = "relu", row_tile = 16 : i64} : tensor<3x20xf32>, tensor<6xi32>, tensor<7xi32>, tensor<7xf32> into tensor<20x5xf32> -> tensor<20x5xf32>
// CHECK: aicc.sparse_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} into %{{.*}} {row_tile = 8 : i64, transposed_result} : memref<3x8xf32>, memref<6xi32>, memref<7xi32>, memref<7xf32> into memref<5x8xf32>
func.func @sparse_matmul(%xt: tensor<3x20xf32>, %o: tensor<6xi32>, %i: tensor<7xi32>, %v: tensor<7xf32>,
                         %b: tensor<5xf32>, %e: tensor<20x5xf32>, %mxt: memref<3x8xf32>, %mo: memref<6xi32>,
                         %mi: memref<7xi32>, %mv: memref<7xf32>, %me: memref<5x8xf32>) -> tensor<20x5xf32> {
  %0 = aicc.sparse_matmul %xt, %o, %i, %v bias %b : tensor<5xf32> into %e {row_tile = 16 : i64, activation = "relu"}
       : tensor<3x20xf32>, tensor<6xi32>, tensor<7xi32>, tensor<7xf32> into tensor<20x5xf32> -> tensor<20x5xf32>
  aicc.sparse_matmul %mxt, %mo, %mi, %mv into %me {row_tile = 8 : i64, transposed_result}
       : memref<3x8xf32>, memref<6xi32>, memref<7xi32>, memref<7xf32> into memref<5x8xf32>
  return %0 : tensor<20x5xf32>
}

// CHECK-LABEL: func.func @packed_matmul_int4
// CHECK: aicc.packed_matmul_int4 %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} : tensor<3xf32> into %{{.*}} {block_size = 16 : i64} : tensor<2x20xf32>, tensor<1x16x8xi8>, tensor<1x2x8xf32>, tensor<1x2x8xf32> into tensor<2x3xf32> -> tensor<2x3xf32>
// CHECK: aicc.packed_matmul_int4 %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} into %{{.*}} {block_size = 32 : i64} : memref<1x32xf32>, memref<1x16x8xi8>, memref<1x1x8xf32>, memref<1x1x8xf32> into memref<1x8xf32>
func.func @packed_matmul_int4(%x: tensor<2x20xf32>, %w: tensor<1x16x8xi8>, %s: tensor<1x2x8xf32>,
                              %b: tensor<3xf32>, %e: tensor<2x3xf32>, %mx: memref<1x32xf32>,
                              %mw: memref<1x16x8xi8>, %ms: memref<1x1x8xf32>,
                              %me: memref<1x8xf32>) -> tensor<2x3xf32> {
  %0 = aicc.packed_matmul_int4 %x, %w, %s, %s bias %b : tensor<3xf32> into %e {block_size = 16 : i64}
       : tensor<2x20xf32>, tensor<1x16x8xi8>, tensor<1x2x8xf32>, tensor<1x2x8xf32> into tensor<2x3xf32> -> tensor<2x3xf32>
  aicc.packed_matmul_int4 %mx, %mw, %ms, %ms into %me {block_size = 32 : i64}
       : memref<1x32xf32>, memref<1x16x8xi8>, memref<1x1x8xf32>, memref<1x1x8xf32> into memref<1x8xf32>
  return %0 : tensor<2x3xf32>
}
