// RUN: aicc-opt %s --convert-packed-matmul-to-vector --split-input-file --verify-diagnostics | FileCheck %s

// 8 rows in panels of 6 (one full panel, one of 2 rows); 20 columns in tiles
// of 16: one full tile in the loop, a static tail of 4 columns that needs
// one vector and masked stores. Bias along M, ReLU.
// One output row and two column tiles: the work items for threads are the
// group of full tiles (item 0) and the static tail (item 1); inside an item,
// column tiles, then batches and rows, then panels.
// CHECK-LABEL: func.func @pointwise
// CHECK-DAG: %[[MASK4:.*]] = vector.constant_mask [4] : vector<8xi1>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK: scf.parallel (%[[W:.*]]) = (%[[C0]]) to (%[[C2]]) step (%[[C1]])
// CHECK: %[[FULL:.*]] = arith.cmpi ult, %[[W]], %[[C1]]
// CHECK: scf.if %[[FULL]]
// Full column tiles: a loop with a step of NR = 16 over the item's tiles.
// CHECK: scf.for %[[OW:.*]] = %{{.*}} to %{{.*}} step %[[C16]]
// CHECK: scf.for %[[B:.*]] = %[[C0]]
// CHECK: scf.for %[[OH:.*]] = %[[C0]]
// CHECK: scf.for %[[P:.*]] =
// 6 x 2 accumulators through the reduction over channels.
// CHECK: %[[ACC:.*]]:12 = scf.for %[[C:.*]] = {{.*}} iter_args
// CHECK: vector.load %{{.*}}[%{{.*}}, %[[C]], %[[OH]], %[[OW]]] : memref<1x4x1x20xf32>, vector<8xf32>
// CHECK: memref.load %{{.*}}[%[[P]], %[[C]], %{{.*}}] : memref<2x4x6xf32>
// CHECK: vector.broadcast {{.*}} : f32 to vector<8xf32>
// CHECK-COUNT-12: vector.fma
// CHECK: scf.yield
// CHECK: memref.load %{{.*}} : memref<8xf32>
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: vector.store {{.*}} : memref<1x8x1x20xf32>, vector<8xf32>
// The last panel: 2 rows, x 2 vectors = 4 accumulators.
// CHECK: scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// The static tail at column 16, the other item: 4 valid columns, a masked
// load of x (only 4 elements are left in the row) and masked stores.
// CHECK: } else {
// CHECK: vector.maskedload %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C16]]], %[[MASK4]]
// CHECK: vector.maskedstore %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C16]]], %[[MASK4]]
// CHECK-NOT: aicc.packed_matmul
func.func @pointwise(%a: memref<2x4x6xf32>, %x: memref<1x4x1x20xf32>, %bias: memref<8xf32>, %c: memref<1x8x1x20xf32>) {
  aicc.packed_matmul %a, %x bias %bias : memref<8xf32> into %c {packed_a, tile = array<i64: 6, 16>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = "relu"}
    : memref<2x4x6xf32>, memref<1x4x1x20xf32> into memref<1x8x1x20xf32>
  return
}

// -----

// A stride-2 3x3 window: every tap loads 2 x 8 elements of the input row
// and keeps the even ones; the 9 taps are unrolled inside the channel loop.
// A plain (unpacked) a is read at [batch, row, k]; a residual is added and
// the result clipped.
// CHECK-LABEL: func.func @strided
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-9: vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14] : vector<16xf32>, vector<16xf32>
// CHECK: scf.yield
// CHECK: vector.maskedload %{{.*}} : memref<1x2x4x4xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: vector.maskedstore
func.func @strided(%a: memref<1x2x27xf32>, %x: memref<1x3x9x9xf32>, %r: memref<1x2x4x4xf32>, %c: memref<1x2x4x4xf32>) {
  aicc.packed_matmul %a, %x residual %r : memref<1x2x4x4xf32> into %c {tile = array<i64: 2, 8>, window = array<i64: 3, 3>,
      strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, activation = "clip",
      clip_min = 0.0 : f32, clip_max = 6.0 : f32}
    : memref<1x2x27xf32>, memref<1x3x9x9xf32> into memref<1x2x4x4xf32>
  return
}

// -----

// Bias along the batch (depthwise convolutions): loaded once per batch index.
// 3 batches of 4 rows: 12 work items, one per row; the batch is item / 4.
// CHECK-LABEL: func.func @batch_bias
// CHECK: scf.parallel (%[[W:.*]]) =
// CHECK: %[[B:.*]] = arith.divui %[[W]], %{{.*}} : index
// CHECK: scf.yield
// CHECK: %[[BV:.*]] = memref.load %{{.*}}[%[[B]]] : memref<3xf32>
// CHECK: vector.broadcast %[[BV]] : f32 to vector<8xf32>
func.func @batch_bias(%a: memref<3x1x9xf32>, %x: memref<3x1x6x6xf32>, %bias: memref<3xf32>, %c: memref<3x1x4x4xf32>) {
  aicc.packed_matmul %a, %x bias %bias : memref<3xf32> into %c {tile = array<i64: 1, 8>, window = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, bias_dim = 2}
    : memref<3x1x9xf32>, memref<3x1x6x6xf32> into memref<3x1x4x4xf32>
  return
}

// -----

// Packed x (a constant right operand in 16-column panels): each column tile
// reads its own panel, [ow0 / 16, k, 0, 0..15], contiguous and never masked;
// only the 4-column tail's stores are masked.
// CHECK-LABEL: func.func @packed_x
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: scf.for %[[OW:.*]] = %{{.*}} to %{{.*}} step %[[C16]]
// CHECK: %[[NB:.*]] = arith.divui %[[OW]], %[[C16]] : index
// CHECK: vector.load %{{.*}}[%[[NB]], %{{.*}}, %{{.*}}, %{{.*}}] : memref<2x5x1x16xf32>, vector<8xf32>
// CHECK: vector.store
// CHECK: vector.load %{{.*}}[%[[C1]], %{{.*}}, %{{.*}}, %{{.*}}] : memref<2x5x1x16xf32>, vector<8xf32>
// CHECK-NOT: vector.maskedload
// CHECK: vector.maskedstore
func.func @packed_x(%a: memref<1x3x5xf32>, %x: memref<2x5x1x16xf32>, %c: memref<1x3x1x20xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_x, tile = array<i64: 3, 16>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<1x3x5xf32>, memref<2x5x1x16xf32> into memref<1x3x1x20xf32>
  return
}

// -----

// Three output rows of one 8-column tile and 8 full panels of 4 rows plus a
// partial one: rows alone are too few items, so each row is split into 6
// chunks of panels (18 items). Chunk k runs full panels [8k/6, 8(k+1)/6);
// the last chunk also runs the partial panel.
// CHECK-LABEL: func.func @panel_chunks
// CHECK-DAG: %[[C18:.*]] = arith.constant 18 : index
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: scf.parallel (%[[W:.*]]) = (%{{.*}}) to (%[[C18]])
// CHECK: %[[ROW:.*]] = arith.divui %[[W]], %[[C6]]
// CHECK: %[[K:.*]] = arith.remui %[[W]], %[[C6]]
// CHECK: %[[LAST:.*]] = arith.cmpi eq, %[[K]], %[[C5]]
// CHECK: scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step
// CHECK: vector.load %{{.*}}[%{{.*}}, %{{.*}}, %[[ROW]], %{{.*}}] : memref<1x2x3x8xf32>
// CHECK: scf.if %[[LAST]]
// CHECK: vector.store
func.func @panel_chunks(%a: memref<9x2x4xf32>, %x: memref<1x2x3x8xf32>, %c: memref<1x34x3x8xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_a, tile = array<i64: 4, 8>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<9x2x4xf32>, memref<1x2x3x8xf32> into memref<1x34x3x8xf32>
  return
}

// -----

// Tensors must be bufferized first.
func.func @tensors(%a: tensor<1x1x1xf32>, %x: tensor<1x1x1x1xf32>, %c: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  // expected-error@+1 {{must be bufferized before convert-packed-matmul-to-vector}}
  %r = aicc.packed_matmul %a, %x into %c {tile = array<i64: 1, 8>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : tensor<1x1x1xf32>, tensor<1x1x1x1xf32> into tensor<1x1x1x1xf32> -> tensor<1x1x1x1xf32>
  return %r : tensor<1x1x1x1xf32>
}

// -----

// panels_outer: the work items are the panels (8 full ones of 4 rows, then
// the partial one); inside each, the rows and the column tiles.
// CHECK-LABEL: func.func @panels_outer
// CHECK-DAG: %[[C9:.*]] = arith.constant 9 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK: scf.parallel (%[[P:.*]]) = (%{{.*}}) to (%[[C9]])
// CHECK: %[[FULL:.*]] = arith.cmpi ult, %[[P]], %[[C8]]
// CHECK: scf.if %[[FULL]]
// CHECK: scf.for %[[B:.*]] =
// CHECK: scf.for %[[OH:.*]] =
// CHECK: memref.load %{{.*}}[%[[P]], %{{.*}}, %{{.*}}] : memref<9x2x4xf32>
// CHECK: } else {
// CHECK: memref.load %[[A:.*]][%[[C8]], %{{.*}}, %{{.*}}] : memref<9x2x4xf32>
func.func @panels_outer(%a: memref<9x2x4xf32>, %x: memref<1x2x3x8xf32>, %c: memref<1x34x3x8xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_a, panels_outer, tile = array<i64: 4, 8>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<9x2x4xf32>, memref<1x2x3x8xf32> into memref<1x34x3x8xf32>
  return
}

// -----

// column_phases = 2: x's rows hold 12 even then 12 odd columns. Taps 0, 1, 2
// of output column ow read columns ow, 12 + ow and ow + 1: plain 8-wide
// loads, no shuffles.
// CHECK-LABEL: func.func @phases
// CHECK-DAG: %[[C12:.*]] = arith.constant 12 : index
// CHECK: scf.for %[[OW:.*]] =
// CHECK: vector.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[OW]]] : memref<1x2x3x24xf32>, vector<8xf32>
// CHECK: %[[T1:.*]] = arith.addi %[[OW]], %[[C12]] : index
// CHECK: vector.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[T1]]] : memref<1x2x3x24xf32>, vector<8xf32>
// CHECK-NOT: vector.shuffle
func.func @phases(%a: memref<1x6x4xf32>, %x: memref<1x2x3x24xf32>, %c: memref<1x4x1x11xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_a, tile = array<i64: 4, 8>, window = array<i64: 1, 3>,
      strides = array<i64: 1, 2>, dilations = array<i64: 1, 1>, column_phases = 2}
    : memref<1x6x4xf32>, memref<1x2x3x24xf32> into memref<1x4x1x11xf32>
  return
}

// -----

// Flat rows: a stride-1 3x3 window over a 9x9 padded image (7x7 outputs)
// with a 72-step reduction walks the image as one row of 6*9 + 7 = 61
// positions in tiles of 16 (4 tiles instead of 7 rows of one partial tile
// each). x, the result and the residual are viewed as [B, C, H*W]; tap
// (i, j) reads 9*i + j further along the flat row.
// CHECK-LABEL: func.func @flat_rows
// CHECK-DAG: %[[C9:.*]] = arith.constant 9 : index
// CHECK-DAG: %[[C20:.*]] = arith.constant 20 : index
// CHECK: %[[XF:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : memref<1x8x9x9xf32> into memref<1x8x81xf32>
// CHECK: %[[OF:.*]] = memref.collapse_shape %{{.*}} : memref<1x6x7x7xf32> into memref<1x6x49xf32>
// CHECK: %[[RF:.*]] = memref.collapse_shape %{{.*}} : memref<1x6x7x7xf32> into memref<1x6x49xf32>
// CHECK: scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: scf.for %[[C:.*]] = {{.*}} iter_args
// CHECK: vector.load %[[XF]][%{{.*}}, %[[C]], %[[P]]] : memref<1x8x81xf32>, vector<8xf32>
// CHECK: %[[T3:.*]] = arith.addi %[[P]], %[[C9]] : index
// CHECK: vector.load %[[XF]][%{{.*}}, %[[C]], %[[T3]]]
// CHECK: %[[T8:.*]] = arith.addi %[[P]], %[[C20]] : index
// CHECK: vector.load %[[XF]][%{{.*}}, %[[C]], %[[T8]]]
// CHECK: scf.yield
// A 16-wide tile never fits in a 7-wide row: every vector's lanes split at
// the row end into two masked pieces, the second stored 2 (= 9 - 7)
// positions back; the residual is read the same way.
// CHECK: %[[ROW:.*]] = arith.divui %[[P]], %[[C9]] : index
// CHECK: %[[LO:.*]] = arith.cmpi sge
// CHECK: %[[M0:.*]] = arith.andi
// CHECK: %[[R0:.*]] = vector.maskedload %[[RF]][{{.*}}], %[[M0]], %{{.*}} : memref<1x6x49xf32>
// CHECK: vector.maskedload %[[RF]][{{.*}}], %{{.*}}, %[[R0]]
// CHECK: arith.maximumf
// CHECK: vector.maskedstore %[[OF]][{{.*}}], %[[M0]]
// CHECK: vector.maskedstore %[[OF]]
// CHECK-NOT: vector.store %{{.*}}, %[[OF]]
// CHECK: return
// A 2-channel reduction (18 steps) keeps rows: no flat views.
// CHECK-LABEL: func.func @short_reduction
// CHECK-NOT: memref.collapse_shape
// CHECK: return
func.func @flat_rows(%a: memref<1x72x6xf32>, %x: memref<1x8x9x9xf32>, %r: memref<1x6x7x7xf32>, %c: memref<1x6x7x7xf32>) {
  aicc.packed_matmul %a, %x residual %r : memref<1x6x7x7xf32> into %c {packed_a, tile = array<i64: 6, 16>, window = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = "relu"}
    : memref<1x72x6xf32>, memref<1x8x9x9xf32> into memref<1x6x7x7xf32>
  return
}
func.func @short_reduction(%a: memref<1x18x6xf32>, %x: memref<1x2x9x9xf32>, %c: memref<1x6x7x7xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_a, tile = array<i64: 6, 16>, window = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<1x18x6xf32>, memref<1x2x9x9xf32> into memref<1x6x7x7xf32>
  return
}

// -----

// Flat rows on a 20-wide image (22-wide padded rows): a tile inside one
// output row stores plainly at result position row * 20 + column; one
// across a row end takes the masked pieces.
// CHECK-LABEL: func.func @flat_rows_wide
// CHECK: %[[OF:.*]] = memref.collapse_shape %{{.*}} : memref<1x6x4x20xf32> into memref<1x6x80xf32>
// CHECK: %[[IN:.*]] = arith.cmpi ule
// CHECK: scf.if %[[IN]] {
// CHECK: vector.store %{{.*}}, %[[OF]]
// CHECK: } else {
// CHECK: vector.maskedstore %[[OF]]
func.func @flat_rows_wide(%a: memref<1x72x6xf32>, %x: memref<1x8x6x22xf32>, %c: memref<1x6x4x20xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_a, tile = array<i64: 6, 16>, window = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<1x72x6xf32>, memref<1x8x6x22xf32> into memref<1x6x4x20xf32>
  return
}

// -----

// A last column tile of one column (17 = 16 + 1) over a reduction of 64
// steps: the full tile runs as usual, the tail column as a column product:
// per step x's element is broadcast and each of 8 panels' 6 weights is one
// masked vector (panels past the last one, here 2, load the last one again
// and store nothing); the epilogue is one loop over the rows up to the range's
// end or M (8), reading the 8 accumulators concatenated into one vector at lane
// (row / 6) * 8 + row % 6. No masked stores.
// CHECK-LABEL: func.func @column_tail
// CHECK-DAG: %[[MASK6:.*]] = vector.constant_mask [6] : vector<8xi1>
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK: %[[ACC:.*]]:12 = scf.for
// CHECK: } else {
// CHECK: scf.for %[[P0:.*]] = %{{.*}} to %[[END:.*]] step %[[C8]]
// CHECK: %[[LAST:.*]] = arith.subi %[[END]], %{{.*}}
// CHECK-COUNT-7: arith.minui %{{.*}}, %[[LAST]]
// CHECK: %[[Q7:.*]] = arith.minui %{{.*}}, %[[LAST]]
// CHECK: %[[COL:.*]]:8 = scf.for %[[K:.*]] = {{.*}} iter_args
// CHECK: %[[XS:.*]] = memref.load %{{.*}}[%{{.*}}, %[[K]], %{{.*}}, %[[C16]]] : memref<1x64x1x17xf32>
// CHECK: %[[XV:.*]] = vector.broadcast %[[XS]] : f32 to vector<8xf32>
// CHECK-COUNT-7: vector.maskedload {{.*}} : memref<2x64x6xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK: vector.maskedload %{{.*}}[%[[Q7]], %[[K]], %{{.*}}], %[[MASK6]]
// CHECK: vector.fma %{{.*}}, %[[XV]]
// CHECK: scf.yield
// CHECK: %[[ALL:.*]] = vector.shuffle {{.*}} : vector<32xf32>, vector<32xf32>
// CHECK: %[[MB:.*]] = arith.muli %[[P0]], %{{.*}}
// CHECK: %[[MRAW:.*]] = arith.addi %[[MB]], %{{.*}}
// CHECK: %[[ME:.*]] = arith.minui %[[MRAW]], %[[LIMIT:.*]] : index
// CHECK: scf.for %[[M:.*]] = %[[MB]] to %[[ME]]
// CHECK: %[[REL:.*]] = arith.subi %[[M]], %[[MB]]
// CHECK-DAG: arith.remui %[[REL]]
// CHECK-DAG: arith.divui %[[REL]]
// CHECK: %[[LANE:.*]] = arith.addi
// CHECK: vector.extract %[[ALL]][%[[LANE]]] : f32 from vector<64xf32>
// CHECK: memref.load %{{.*}}[%[[M]]] : memref<8xf32>
// CHECK: memref.load %{{.*}}[%{{.*}}, %[[M]], %{{.*}}, %[[C16]]] : memref<1x8x1x17xf32>
// CHECK: arith.maximumf
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %[[M]], %{{.*}}, %[[C16]]] : memref<1x8x1x17xf32>
// CHECK-NOT: vector.maskedstore
// CHECK: return
func.func @column_tail(%a: memref<2x64x6xf32>, %x: memref<1x64x1x17xf32>, %bias: memref<8xf32>, %r: memref<1x8x1x17xf32>, %c: memref<1x8x1x17xf32>) {
  aicc.packed_matmul %a, %x bias %bias : memref<8xf32> residual %r : memref<1x8x1x17xf32> into %c {packed_a, tile = array<i64: 6, 16>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = "relu"}
    : memref<2x64x6xf32>, memref<1x64x1x17xf32> into memref<1x8x1x17xf32>
  return
}

// -----

// panels_outer with a one-column tail (ResNet-50's 1x1 convolutions on 7x7
// images): the work items are groups of 8 panels (10 full panels and a
// partial one: 2 groups); each panel's full tiles, then the group's tail
// column as a column product, whose range ends at panel 11 (the partial one
// included) in the last group.
// CHECK-LABEL: func.func @panels_outer_column_tail
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C11:.*]] = arith.constant 11 : index
// CHECK: scf.parallel (%[[G:.*]]) = (%{{.*}}) to (%[[C2]])
// CHECK: %[[ISLAST:.*]] = arith.cmpi eq, %[[G]], %{{.*}}
// CHECK: scf.for %{{.*}} = {{.*}} step %{{.*}} iter_args
// CHECK: scf.if %[[ISLAST]]
// CHECK: %[[END:.*]] = arith.select %[[ISLAST]], %[[C11]], %{{.*}} : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[END]]
// CHECK-COUNT-8: vector.fma {{.*}} : vector<8xf32>
// CHECK: scf.yield
// CHECK: memref.store {{.*}} : memref<1x64x1x17xf32>
func.func @panels_outer_column_tail(%a: memref<11x96x6xf32>, %x: memref<1x96x1x17xf32>, %c: memref<1x64x1x17xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_a, panels_outer, tile = array<i64: 6, 16>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<11x96x6xf32>, memref<1x96x1x17xf32> into memref<1x64x1x17xf32>
  return
}

// -----

// bf16 weights (-precision=bf16): packed x and packed a are loaded as bf16
// and widened to f32 before the FMAs.
// CHECK-LABEL: func.func @bf16_packed_x
// CHECK: %[[V:.*]] = vector.load %{{.*}} : memref<2x5x1x16xbf16>, vector<8xbf16>
// CHECK: arith.extf %[[V]] : vector<8xbf16> to vector<8xf32>
// CHECK: vector.fma
func.func @bf16_packed_x(%a: memref<1x3x5xf32>, %x: memref<2x5x1x16xbf16>, %c: memref<1x3x1x20xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_x, tile = array<i64: 3, 16>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<1x3x5xf32>, memref<2x5x1x16xbf16> into memref<1x3x1x20xf32>
  return
}

// -----

// CHECK-LABEL: func.func @bf16_packed_a
// CHECK: %[[S:.*]] = memref.load %{{.*}} : memref<1x9x4xbf16>
// CHECK: %[[F:.*]] = arith.extf %[[S]] : bf16 to f32
// CHECK: vector.broadcast %[[F]] : f32 to vector<8xf32>
func.func @bf16_packed_a(%a: memref<1x9x4xbf16>, %x: memref<1x1x10x10xf32>, %c: memref<1x4x8x8xf32>) {
  aicc.packed_matmul %a, %x into %c {packed_a, tile = array<i64: 4, 8>, window = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<1x9x4xbf16>, memref<1x1x10x10xf32> into memref<1x4x8x8xf32>
  return
}

// -----

// expected-error @+2 {{expects bf16 x only when packed}}
func.func @bf16_x_unpacked(%a: memref<1x3x5xf32>, %x: memref<1x5x1x20xbf16>, %c: memref<1x3x1x20xf32>) {
  aicc.packed_matmul %a, %x into %c {tile = array<i64: 3, 16>, window = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
    : memref<1x3x5xf32>, memref<1x5x1x20xbf16> into memref<1x3x1x20xf32>
  return
}
