// RUN: aicc-opt %s --aicc-form-matmul-kernels --split-input-file | FileCheck %s
// RUN: aicc-opt %s --aicc-form-matmul-kernels=vector-bits=512 --split-input-file | FileCheck %s --check-prefix=AVX512

// A padded 3x3 convolution with bias, a residual add and ReLU becomes one
// kernel: the input is padded once, the weight packed into one panel of 8
// rows (8-wide rows of output want one vector and 8 accumulator rows), the
// epilogue fused.
// CHECK-LABEL: func.func @conv_residual_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[R:.*]]: tensor<1x8x8x8xf32>)
// CHECK: %[[W:.*]] = arith.constant dense_resource<aicc_packed_weight{{.*}}> : tensor<1x27x8xf32>
// CHECK: %[[P:.*]] = aicc.pad %[[X]] {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.000000e+00 : f64} : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x8x8x8xf32>
// CHECK: %[[K:.*]] = aicc.packed_matmul %[[W]], %[[P]] bias %{{.*}} : tensor<8xf32> residual %[[R]] : tensor<1x8x8x8xf32> into %[[E]]
// CHECK-SAME: activation = "relu"
// CHECK-SAME: packed_a
// CHECK-SAME: tile = array<i64: 8, 8>, window = array<i64: 3, 3>
// CHECK-NOT: aicc.conv
// CHECK-NOT: aicc.add
// CHECK-NOT: aicc.relu
// CHECK: return %[[K]]
// AVX512-LABEL: func.func @conv_residual_relu
// AVX512: aicc.packed_matmul {{.*}} tile = array<i64: 8, 16>
func.func @conv_residual_relu(%x: tensor<1x3x8x8xf32>, %r: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x3x3xf32>
  %b = arith.constant dense<1.0> : tensor<8xf32>
  %c = aicc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %s = aicc.add %c, %r : (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %y = aicc.relu %s : tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// A 1x1 stride-1 convolution reads the image as one flat row of H*W
// columns; Clip(0, 6) becomes the clip epilogue.
// CHECK-LABEL: func.func @pointwise_clip
// CHECK: %[[XF:.*]] = aicc.reshape %{{.*}} : tensor<1x4x5x5xf32> to tensor<1x4x1x25xf32>
// CHECK: %[[K:.*]] = aicc.packed_matmul %{{.*}}, %[[XF]] into %{{.*}} {activation = "clip", clip_max = 6.000000e+00 : f32
// CHECK-SAME: window = array<i64: 1, 1>
// CHECK-SAME: -> tensor<1x16x1x25xf32>
// CHECK: aicc.reshape %[[K]] : tensor<1x16x1x25xf32> to tensor<1x16x5x5xf32>
func.func @pointwise_clip(%x: tensor<1x4x5x5xf32>) -> tensor<1x16x5x5xf32> {
  %w = arith.constant dense<0.25> : tensor<16x4x1x1xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x4x5x5xf32>, tensor<16x4x1x1xf32>) -> tensor<1x16x5x5xf32>
  %y = aicc.clip %c {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x16x5x5xf32>
  return %y : tensor<1x16x5x5xf32>
}

// -----

// Grouped (not depthwise) convolutions and run-time weights keep the generic
// lowering.
// CHECK-LABEL: func.func @not_formed
// CHECK: aicc.conv
// CHECK: aicc.conv
// CHECK-NOT: aicc.packed_matmul
func.func @not_formed(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) {
  %g = arith.constant dense<0.25> : tensor<4x2x1x1xf32>
  %0 = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32>
  %1 = aicc.conv %x, %g {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 2 : i64}
       : (tensor<1x4x5x5xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x5x5xf32>
  return %0, %1 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
}

// -----

// MatMul followed by a bias add over N: the product reads the right operand
// row by row ([K, N] as x = [1, K, 1, N]); the bias runs along the columns.
// CHECK-LABEL: func.func @matmul_bias
// CHECK: %[[A:.*]] = aicc.reshape %{{.*}} : tensor<2x3x16xf32> to tensor<1x6x16xf32>
// CHECK: %[[X:.*]] = aicc.reshape %{{.*}} : tensor<16x20xf32> to tensor<1x16x1x20xf32>
// CHECK: aicc.packed_matmul %[[A]], %[[X]] bias %{{.*}} : tensor<20xf32> into %{{.*}} {bias_dim = 1 : i64
// CHECK-NOT: aicc.add
func.func @matmul_bias(%a: tensor<2x3x16xf32>, %w: tensor<16x20xf32>, %b: tensor<20xf32>) -> tensor<2x3x20xf32> {
  %0 = aicc.matmul %a, %w : (tensor<2x3x16xf32>, tensor<16x20xf32>) -> tensor<2x3x20xf32>
  %1 = aicc.add %0, %b : (tensor<2x3x20xf32>, tensor<20xf32>) -> tensor<2x3x20xf32>
  return %1 : tensor<2x3x20xf32>
}

// -----

// Gemm with a constant transposed B: B is transposed and packed into
// NR-column panels ([ceil(N/NR), K, 1, NR], here one panel of 8) at compile
// time.
// CHECK-LABEL: func.func @gemm_trans_b
// CHECK: %[[B:.*]] = arith.constant dense_resource<aicc_packed_weight{{.*}}> : tensor<1x3x1x8xf32>
// CHECK: aicc.packed_matmul %{{.*}}, %[[B]] bias
// CHECK-SAME: bias_dim = 1
// CHECK-SAME: packed_x
// CHECK-SAME: tile = array<i64: 4, 8>
func.func @gemm_trans_b(%a: tensor<4x3xf32>, %c: tensor<2xf32>) -> tensor<4x2xf32> {
  %b = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = aicc.gemm %a, %b, %c {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = true}
       : (tensor<4x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// A depthwise convolution: channels become the kernel's batch, each a
// single-row product with its own 9 weights (plain a [C, 1, 9]) and its
// bias (bias_dim = 2, along the batch); ReLU6 is fused.
// CHECK-LABEL: func.func @depthwise
// CHECK-DAG: %[[W:.*]] = arith.constant dense_resource<aicc_depthwise_weight{{.*}}> : tensor<4x1x9xf32>
// CHECK: %[[P:.*]] = aicc.pad %{{.*}} : (tensor<1x4x7x7xf32>) -> tensor<1x4x9x9xf32>
// CHECK: %[[X:.*]] = aicc.reshape %[[P]] : tensor<1x4x9x9xf32> to tensor<4x1x9x9xf32>
// CHECK: %[[K:.*]] = aicc.packed_matmul %[[W]], %[[X]] bias %{{.*}} : tensor<4xf32> into %{{.*}} {activation = "clip", bias_dim = 2 : i64
// CHECK-SAME: tile = array<i64: 1, 8>
// CHECK-SAME: -> tensor<4x1x7x7xf32>
// CHECK: aicc.reshape %[[K]] : tensor<4x1x7x7xf32> to tensor<1x4x7x7xf32>
func.func @depthwise(%x: tensor<1x4x7x7xf32>, %b: tensor<4xf32>) -> tensor<1x4x7x7xf32> {
  %w = arith.constant dense<0.5> : tensor<4x1x3x3xf32>
  %c = aicc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 4 : i64}
       : (tensor<1x4x7x7xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x7x7xf32>
  %y = aicc.clip %c {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4x7x7xf32>
  return %y : tensor<1x4x7x7xf32>
}

// -----

// The bias may be defined between the product and the add (unrolled
// recurrences): its reshape goes at the add, not at the product.
// CHECK-LABEL: func.func @late_bias
// CHECK: %[[B:.*]] = aicc.neg
// CHECK: aicc.packed_matmul %{{.*}}, %{{.*}} bias %[[B]] : tensor<4xf32>
func.func @late_bias(%a: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = aicc.matmul %a, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = aicc.neg %b : tensor<4xf32>
  %2 = aicc.add %0, %1 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}

// -----

// A small image with large weights (x 1.2 KB, weights 36 KB): the kernel is
// scheduled panels outermost, and the tile accounts for x's loads from L2
// (6 x 16 rather than 2 x 32 for 16 columns x 96 rows). An image that does
// not fit in L2 next to a panel (x 512 KB) keeps columns outermost.
// CHECK-LABEL: func.func @small_image_big_weights
// CHECK: aicc.packed_matmul
// CHECK-SAME: panels_outer
// CHECK-SAME: tile = array<i64: 6, 16>
// CHECK-LABEL: func.func @big_image
// CHECK: aicc.packed_matmul
// CHECK-NOT: panels_outer
// CHECK: return
func.func @small_image_big_weights(%x: tensor<1x96x4x4xf32>) -> tensor<1x96x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<96x96x1x1xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x96x4x4xf32>, tensor<96x96x1x1xf32>) -> tensor<1x96x4x4xf32>
  return %c : tensor<1x96x4x4xf32>
}
func.func @big_image(%x: tensor<1x8x128x128xf32>) -> tensor<1x256x128x128xf32> {
  %w = arith.constant dense<0.5> : tensor<256x8x1x1xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x8x128x128xf32>, tensor<256x8x1x1xf32>) -> tensor<1x256x128x128xf32>
  return %c : tensor<1x256x128x128xf32>
}

// -----

// A 3x3 stride-2 convolution on a 7-wide padded image (9 columns): padded
// once more on the right to 10 columns, each row split into its even and odd
// columns (5 each), and the kernel told so (column_phases = 2). A strided
// 1x1 convolution takes every second pixel once and becomes a pointwise
// product over the flattened 4x4 result.
// CHECK-LABEL: func.func @strided
// CHECK: %[[P:.*]] = aicc.pad %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 2>, {{.*}}} : (tensor<1x4x7x7xf32>) -> tensor<1x4x9x10xf32>
// CHECK: %[[R:.*]] = aicc.reshape %[[P]] : tensor<1x4x9x10xf32> to tensor<1x4x9x5x2xf32>
// CHECK: %[[T:.*]] = aicc.transpose %[[R]] {perm = array<i64: 0, 1, 2, 4, 3>}
// CHECK: %[[S:.*]] = aicc.reshape %[[T]] : tensor<1x4x9x2x5xf32> to tensor<1x4x9x10xf32>
// CHECK: aicc.packed_matmul %{{.*}}, %[[S]] into
// CHECK-SAME: column_phases = 2
// CHECK-SAME: strides = array<i64: 2, 2>
// CHECK: %[[D:.*]] = aicc.slice %{{.*}} {ends = array<i64: 1, 4, 7, 7>, starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 2, 2>} : (tensor<1x4x7x7xf32>) -> tensor<1x4x4x4xf32>
// CHECK: %[[F:.*]] = aicc.reshape %[[D]] : tensor<1x4x4x4xf32> to tensor<1x4x1x16xf32>
// CHECK: aicc.packed_matmul %{{.*}}, %[[F]] into
// CHECK-SAME: strides = array<i64: 1, 1>
func.func @strided(%x: tensor<1x4x7x7xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x4x3x3xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
       : (tensor<1x4x7x7xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x4x4xf32>
  %w1 = arith.constant dense<0.25> : tensor<8x4x1x1xf32>
  %d = aicc.conv %x, %w1 {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x4x7x7xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %c, %d : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

// -----

// The tile cost counts a broadcast of a weight as two FMA issues and a
// vector load of x as four, which rules out 2 x 32 tiles (8 FMAs against 6
// loads per step; they ran 1.2-1.4x slower on ResNet-50's 56x56 layers).
// The stride-1 3x3 window is walked across row ends (58-wide padded rows,
// (56-1)*58 + 56 positions), where 4 x 24 tiles leave no partial tile; the
// 1x1 convolution on the flattened image (3136 columns) takes 4 x 24 too.
// On a 7x7 image (9-wide padded rows), 6 x 16 tiles across rows instead of
// one broadcast-bound 12 x 8 tile per row.
// CHECK-LABEL: func.func @tile_56_wide
// CHECK: aicc.packed_matmul
// CHECK-SAME: tile = array<i64: 4, 24>, window = array<i64: 3, 3>
// CHECK: aicc.packed_matmul
// CHECK-SAME: tile = array<i64: 4, 24>, window = array<i64: 1, 1>
// CHECK-LABEL: func.func @tile_7_wide
// CHECK: aicc.packed_matmul
// CHECK-SAME: tile = array<i64: 6, 16>, window = array<i64: 3, 3>
func.func @tile_56_wide(%x: tensor<1x64x56x56xf32>) -> (tensor<1x64x56x56xf32>, tensor<1x256x56x56xf32>) {
  %w = arith.constant dense<0.5> : tensor<64x64x3x3xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
       : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<1x64x56x56xf32>
  %w1 = arith.constant dense<0.25> : tensor<256x64x1x1xf32>
  %d = aicc.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
       : (tensor<1x64x56x56xf32>, tensor<256x64x1x1xf32>) -> tensor<1x256x56x56xf32>
  return %c, %d : tensor<1x64x56x56xf32>, tensor<1x256x56x56xf32>
}
func.func @tile_7_wide(%x: tensor<1x64x7x7xf32>) -> tensor<1x64x7x7xf32> {
  %w = arith.constant dense<0.5> : tensor<64x64x3x3xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
       : (tensor<1x64x7x7xf32>, tensor<64x64x3x3xf32>) -> tensor<1x64x7x7xf32>
  return %c : tensor<1x64x7x7xf32>
}

// -----

// bf16 weights (aicc-reduce-precision: a bf16 constant widened by a cast)
// are packed as bf16 panels: the convolution's a, the matmul's packed x.
// Depthwise weights are widened to f32 at compile time.
// CHECK-LABEL: func.func @bf16_weights
// CHECK-DAG: arith.constant dense_resource<aicc_packed_weight{{.*}}> : tensor<1x27x8xbf16>
// CHECK-DAG: arith.constant dense_resource<aicc_packed_weight{{.*}}> : tensor<1x64x1x16xbf16>
// CHECK-DAG: arith.constant dense_resource<aicc_depthwise_weight{{.*}}> : tensor<8x1x9xf32>
// CHECK-NOT: aicc.cast {{.*}}xbf16> to
// CHECK: return
func.func @bf16_weights(%x: tensor<1x3x8x8xf32>, %m: tensor<4x64xf32>) -> (tensor<1x8x8x8xf32>, tensor<4x16xf32>, tensor<1x8x8x8xf32>) {
  %wh = arith.constant dense<0.5> : tensor<8x3x3x3xbf16>
  %w = aicc.cast %wh : tensor<8x3x3x3xbf16> to tensor<8x3x3x3xf32>
  %c = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  %vh = arith.constant dense<0.25> : tensor<64x16xbf16>
  %v = aicc.cast %vh : tensor<64x16xbf16> to tensor<64x16xf32>
  %y = aicc.matmul %m, %v : (tensor<4x64xf32>, tensor<64x16xf32>) -> tensor<4x16xf32>
  %dh = arith.constant dense<0.5> : tensor<8x1x3x3xbf16>
  %d = aicc.cast %dh : tensor<8x1x3x3xbf16> to tensor<8x1x3x3xf32>
  %e = aicc.conv %c, %d {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 8 : i64}
       : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %c, %y, %e : tensor<1x8x8x8xf32>, tensor<4x16xf32>, tensor<1x8x8x8xf32>
}
