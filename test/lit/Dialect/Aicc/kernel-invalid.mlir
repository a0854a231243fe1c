// Verifier errors of the code-generation-level kernel ops.
// RUN: aicc-opt %s --split-input-file --verify-diagnostics

func.func @packed_shape(%a: tensor<2x18x4xf32>, %x: tensor<1x2x6x6xf32>, %e: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{expects packed a of shape [2, 18, 6]}}
  %0 = aicc.packed_matmul %a, %x into %e {packed_a, tile = array<i64: 6, 8>, window = array<i64: 3, 3>,
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<2x18x4xf32>, tensor<1x2x6x6xf32> into tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @window_past_input(%a: tensor<1x8x18xf32>, %x: tensor<1x2x5x6xf32>, %e: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{window reads past x's spatial dim 0}}
  %0 = aicc.packed_matmul %a, %x into %e {tile = array<i64: 6, 8>, window = array<i64: 3, 3>,
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<1x8x18xf32>, tensor<1x2x5x6xf32> into tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @reduction_mismatch(%a: tensor<1x8x17xf32>, %x: tensor<1x2x6x6xf32>, %e: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{expects a of shape [1 or 1, 8, 18]}}
  %0 = aicc.packed_matmul %a, %x into %e {tile = array<i64: 6, 8>, window = array<i64: 3, 3>,
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<1x8x17xf32>, tensor<1x2x6x6xf32> into tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @bias_length(%a: tensor<1x8x2xf32>, %x: tensor<1x2x1x5xf32>, %b: tensor<8xf32>, %e: tensor<1x8x1x5xf32>) {
  // expected-error @+1 {{expects bias of shape [5] along bias_dim}}
  %0 = aicc.packed_matmul %a, %x bias %b : tensor<8xf32> into %e {tile = array<i64: 6, 8>,
         window = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, bias_dim = 1}
       : tensor<1x8x2xf32>, tensor<1x2x1x5xf32> into tensor<1x8x1x5xf32> -> tensor<1x8x1x5xf32>
  return
}

// -----

func.func @activation(%a: tensor<1x8x2xf32>, %x: tensor<1x2x1x5xf32>, %e: tensor<1x8x1x5xf32>) {
  // expected-error @+1 {{expects activation none, relu or clip}}
  %0 = aicc.packed_matmul %a, %x into %e {tile = array<i64: 6, 8>, window = array<i64: 1, 1>,
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = "gelu"}
       : tensor<1x8x2xf32>, tensor<1x2x1x5xf32> into tensor<1x8x1x5xf32> -> tensor<1x8x1x5xf32>
  return
}

// -----

func.func @mixed(%a: memref<1x8x2xf32>, %x: tensor<1x2x1x5xf32>, %e: tensor<1x8x1x5xf32>) {
  // expected-error @+1 {{expects all operands to be tensors or all memrefs}}
  %0 = aicc.packed_matmul %a, %x into %e {tile = array<i64: 6, 8>, window = array<i64: 1, 1>,
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : memref<1x8x2xf32>, tensor<1x2x1x5xf32> into tensor<1x8x1x5xf32> -> tensor<1x8x1x5xf32>
  return
}

// -----

func.func @zero_tile(%a: tensor<1x8x2xf32>, %x: tensor<1x2x1x5xf32>, %e: tensor<1x8x1x5xf32>) {
  // expected-error @+1 {{expects positive tile, window, strides and dilations}}
  %0 = aicc.packed_matmul %a, %x into %e {tile = array<i64: 0, 8>, window = array<i64: 1, 1>,
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<1x8x2xf32>, tensor<1x2x1x5xf32> into tensor<1x8x1x5xf32> -> tensor<1x8x1x5xf32>
  return
}

// -----

func.func @packed_x_shape(%a: tensor<1x3x5xf32>, %x: tensor<1x5x1x16xf32>, %e: tensor<1x3x1x20xf32>) {
  // expected-error @+1 {{expects packed x of shape [2, K, 1, 16]}}
  %0 = aicc.packed_matmul %a, %x into %e {packed_x, tile = array<i64: 3, 16>, window = array<i64: 1, 1>,
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<1x3x5xf32>, tensor<1x5x1x16xf32> into tensor<1x3x1x20xf32> -> tensor<1x3x1x20xf32>
  return
}

// -----

func.func @packed_x_window(%a: tensor<1x3x45xf32>, %x: tensor<2x5x1x16xf32>, %e: tensor<1x3x1x20xf32>) {
  // expected-error @+1 {{expects packed x only with one output row, a 1x1 window and unit strides}}
  %0 = aicc.packed_matmul %a, %x into %e {packed_x, tile = array<i64: 3, 16>, window = array<i64: 3, 3>,
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<1x3x45xf32>, tensor<2x5x1x16xf32> into tensor<1x3x1x20xf32> -> tensor<1x3x1x20xf32>
  return
}

// -----

func.func @phases_not_stride(%a: memref<1x6x4xf32>, %x: memref<1x2x3x24xf32>, %c: memref<1x4x1x11xf32>) {
  // expected-error @+1 {{expects column_phases to be 1, or the column stride with x's width a multiple of it}}
  aicc.packed_matmul %a, %x into %c {packed_a, tile = array<i64: 4, 8>, window = array<i64: 1, 3>,
      strides = array<i64: 1, 2>, dilations = array<i64: 1, 1>, column_phases = 3}
    : memref<1x6x4xf32>, memref<1x2x3x24xf32> into memref<1x4x1x11xf32>
  return
}

// -----

func.func @int_both_packed(%a: tensor<1x18x4xi32>, %x: tensor<1x3x7x10xi8>, %b: tensor<4xi32>, %e: tensor<1x4x5x5xi32>) {
  // expected-error @+1 {{expects exactly one of packed_a and packed_x}}
  %0 = aicc.packed_matmul_integer %a, %x bias %b : tensor<4xi32> into %e {packed_a, packed_x,
         tile = array<i64: 4, 8>, window = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<1x18x4xi32>, tensor<1x3x7x10xi8> into tensor<1x4x5x5xi32> -> tensor<1x4x5x5xi32>
  return
}

// -----

func.func @int_packed_shape(%a: tensor<1x27x4xi32>, %x: tensor<1x3x7x10xi8>, %b: tensor<4xi32>, %e: tensor<1x4x5x5xi32>) {
  // expected-error @+1 {{expects packed a of shape [1, 18, 4]}}
  %0 = aicc.packed_matmul_integer %a, %x bias %b : tensor<4xi32> into %e {packed_a,
         tile = array<i64: 4, 8>, window = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<1x27x4xi32>, tensor<1x3x7x10xi8> into tensor<1x4x5x5xi32> -> tensor<1x4x5x5xi32>
  return
}

// -----

func.func @int_scale_without_bytes(%a: tensor<1x18x4xi32>, %x: tensor<1x3x7x10xi8>, %b: tensor<4xi32>, %s: tensor<4xf32>, %e: tensor<1x4x5x5xi32>) {
  // expected-error @+1 {{expects a scale exactly when init is 8-bit}}
  %0 = aicc.packed_matmul_integer %a, %x bias %b : tensor<4xi32> scale %s : tensor<4xf32> into %e {packed_a,
         tile = array<i64: 4, 8>, window = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<1x18x4xi32>, tensor<1x3x7x10xi8> into tensor<1x4x5x5xi32> -> tensor<1x4x5x5xi32>
  return
}

// -----

func.func @int_batch_bias(%a: tensor<3x1x3x1xi32>, %x: tensor<6x1x4x10xi8>, %b: tensor<4xi32>, %e: tensor<6x1x4x4xi32>) {
  // expected-error @+1 {{expects an i32 bias of shape [divisor of B] along bias_dim}}
  %0 = aicc.packed_matmul_integer %a, %x bias %b : tensor<4xi32> into %e {packed_a, bias_dim = 2 : i64,
         tile = array<i64: 1, 8>, window = array<i64: 1, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
       : tensor<3x1x3x1xi32>, tensor<6x1x4x10xi8> into tensor<6x1x4x4xi32> -> tensor<6x1x4x4xi32>
  return
}

// -----

func.func @sparse_offsets(%xt: tensor<3x20xf32>, %o: tensor<5xi32>, %i: tensor<7xi32>, %v: tensor<7xf32>, %e: tensor<20x5xf32>) {
  // expected-error @+1 {{expects offsets of shape [6]}}
  %0 = aicc.sparse_matmul %xt, %o, %i, %v into %e {row_tile = 16 : i64}
       : tensor<3x20xf32>, tensor<5xi32>, tensor<7xi32>, tensor<7xf32> into tensor<20x5xf32> -> tensor<20x5xf32>
  return
}

// -----

func.func @sparse_rows(%xt: tensor<3x20xf32>, %o: tensor<6xi32>, %i: tensor<7xi32>, %v: tensor<7xf32>, %e: tensor<20x5xf32>) {
  // expected-error @+1 {{expects init [M, N] (or [N, M] with transposed_result) and xt [K, M]}}
  %0 = aicc.sparse_matmul %xt, %o, %i, %v into %e {row_tile = 16 : i64, transposed_result}
       : tensor<3x20xf32>, tensor<6xi32>, tensor<7xi32>, tensor<7xf32> into tensor<20x5xf32> -> tensor<20x5xf32>
  return
}

// -----

func.func @sparse_values(%xt: tensor<3x20xf32>, %o: tensor<6xi32>, %i: tensor<7xi32>, %v: tensor<6xf32>, %e: tensor<20x5xf32>) {
  // expected-error @+1 {{expects indices and values of one equal length}}
  %0 = aicc.sparse_matmul %xt, %o, %i, %v into %e {row_tile = 16 : i64}
       : tensor<3x20xf32>, tensor<6xi32>, tensor<7xi32>, tensor<6xf32> into tensor<20x5xf32> -> tensor<20x5xf32>
  return
}

// -----

func.func @int4_panels(%x: memref<1x16xf32>, %w: memref<2x8x8xi8>, %s: memref<2x1x8xf32>,
                       %out: memref<1x8xf32>) {
  // expected-error @+1 {{expects ceil(N / NR) panels: 1}}
  aicc.packed_matmul_int4 %x, %w, %s, %s into %out {block_size = 16 : i64}
    : memref<1x16xf32>, memref<2x8x8xi8>, memref<2x1x8xf32>, memref<2x1x8xf32> into memref<1x8xf32>
  return
}

// -----

func.func @int4_rows(%x: memref<1x20xf32>, %w: memref<1x8x8xi8>, %s: memref<1x2x8xf32>,
                     %out: memref<1x8xf32>) {
  // expected-error @+1 {{expects weight rows for K rounded up to block_size: 16}}
  aicc.packed_matmul_int4 %x, %w, %s, %s into %out {block_size = 16 : i64}
    : memref<1x20xf32>, memref<1x8x8xi8>, memref<1x2x8xf32>, memref<1x2x8xf32> into memref<1x8xf32>
  return
}
