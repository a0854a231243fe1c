// RUN: aicc-opt %s --convert-packed-matmul-integer-to-vector --split-input-file | FileCheck %s

// A 3x3 convolution over 3 channels (one full channel pair, then the third
// channel paired with zeros), 4 x 8 tile of i32 accumulators, one 5-column
// partial tile per output row; per-channel requantize with ReLU.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[A:.*]]: memref<1x18x4xi32>, %[[X:.*]]: memref<2x3x7x10xi8>, %[[B:.*]]: memref<4xi32>, %[[S:.*]]: memref<4xf32>, %[[C:.*]]: memref<2x4x5x5xi8>)
// CHECK-DAG: %[[ZERO8:.*]] = arith.constant dense<0> : vector<8xi8>
// CHECK-DAG: %[[MASK:.*]] = vector.constant_mask [5] : vector<8xi1>
// Work items are the 2 x 5 output rows.
// CHECK: scf.parallel (%[[ROW:.*]]) = (%{{.*}}) to (%c10) step (%c1) {
// The reduction over channel pairs carries the 4 accumulators.
// CHECK: %[[ACC:.*]]:4 = scf.for %[[P:.*]] = %c0 to %c1 step %c1 iter_args({{.*}}) -> (vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>) {
// Window rows in a loop, the 3 taps of a row unrolled.
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args({{.*}}) -> (vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>) {
// CHECK:   %[[LO:.*]] = vector.load %[[X]][{{.*}}] : memref<2x3x7x10xi8>, vector<8xi8>
// CHECK:   %[[HI:.*]] = vector.load %[[X]][{{.*}}] : memref<2x3x7x10xi8>, vector<8xi8>
// CHECK:   %[[IL:.*]] = vector.shuffle %[[LO]], %[[HI]] [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15]
// CHECK:   %[[XW:.*]] = arith.extsi %[[IL]] : vector<16xi8> to vector<16xi16>
// CHECK:   %[[W:.*]] = memref.load %[[A]][{{.*}}] : memref<1x18x4xi32>
// CHECK:   %[[WB:.*]] = vector.broadcast %[[W]] : i32 to vector<8xi32>
// CHECK:   %[[WP:.*]] = vector.bitcast %[[WB]] : vector<8xi32> to vector<16xi16>
// pmaddwd: widen both, multiply, add the odd and even products.
// CHECK:   %[[X32:.*]] = arith.extsi %[[XW]] : vector<16xi16> to vector<16xi32>
// CHECK:   %[[W32:.*]] = arith.extsi %[[WP]] : vector<16xi16> to vector<16xi32>
// CHECK:   %[[PR:.*]] = arith.muli %[[W32]], %[[X32]] : vector<16xi32>
// CHECK:   %[[OD:.*]] = vector.shuffle %[[PR]], %[[PR]] [1, 3, 5, 7, 9, 11, 13, 15]
// CHECK:   %[[EV:.*]] = vector.shuffle %[[PR]], %[[PR]] [0, 2, 4, 6, 8, 10, 12, 14]
// CHECK:   %[[SUM:.*]] = arith.addi %[[EV]], %[[OD]] : vector<8xi32>
// CHECK:   arith.addi %{{.*}}, %[[SUM]] : vector<8xi32>
// CHECK:   scf.yield
// The odd third channel: its row interleaved with zeros.
// CHECK: %[[LAST:.*]] = vector.load %[[X]][{{.*}}] : memref<2x3x7x10xi8>, vector<8xi8>
// CHECK: vector.shuffle %[[LAST]], %[[ZERO8]] [0, 8, 1, 9
// Epilogue of row 0: bias, f32 scale, round half to even, zero point, ReLU
// (max with the zero point), saturate, 5 bytes stored.
// CHECK: %[[BI:.*]] = memref.load %[[B]][{{.*}}] : memref<4xi32>
// CHECK: %[[RB:.*]] = vector.broadcast %[[BI]] : i32 to vector<8xi32>
// CHECK: %[[SI:.*]] = memref.load %[[S]][{{.*}}] : memref<4xf32>
// CHECK: %[[RS:.*]] = vector.broadcast %[[SI]] : f32 to vector<8xf32>
// CHECK: %[[V:.*]] = arith.addi %{{.*}}, %[[RB]] : vector<8xi32>
// CHECK: %[[F:.*]] = arith.sitofp %[[V]] : vector<8xi32> to vector<8xf32>
// CHECK: %[[M:.*]] = arith.mulf %[[F]], %[[RS]] : vector<8xf32>
// CHECK: %[[R:.*]] = math.roundeven %[[M]] : vector<8xf32>
// CHECK: %[[Z:.*]] = arith.addf %[[R]], %[[ZP:.*]] : vector<8xf32>
// CHECK: %[[LOW:.*]] = arith.maxnumf %[[Z]], %[[ZP]] : vector<8xf32>
// CHECK: %[[HIGH:.*]] = arith.minnumf %[[LOW]], %{{.*}} : vector<8xf32>
// CHECK: %[[I:.*]] = arith.fptosi %[[HIGH]] : vector<8xf32> to vector<8xi32>
// CHECK: %[[Q:.*]] = arith.trunci %[[I]] : vector<8xi32> to vector<8xi8>
// CHECK: vector.maskedstore %[[C]][{{.*}}], %[[MASK]], %[[Q]] : memref<2x4x5x5xi8>, vector<8xi1>, vector<8xi8>
// CHECK-NOT: aicc.packed_matmul_integer
func.func @conv(%a: memref<1x18x4xi32>, %x: memref<2x3x7x10xi8>, %b: memref<4xi32>, %s: memref<4xf32>, %c: memref<2x4x5x5xi8>) {
  aicc.packed_matmul_integer %a, %x bias %b : memref<4xi32> scale %s : memref<4xf32> into %c {packed_a, relu, tile = array<i64: 4, 8>, window = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, zero_point = -3 : i64} : memref<1x18x4xi32>, memref<2x3x7x10xi8> into memref<2x4x5x5xi8>
  return
}

// -----

// Packed weights on the right (K = 3: one full pair, then a half one): the
// weight panel row is one load; a's pair of bytes is widened and broadcast;
// i32 results with the bias along the columns.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: memref<1x2x3xi8>, %[[X:.*]]: memref<1x2x8xi32>, %[[B:.*]]: memref<5xi32>, %[[C:.*]]: memref<1x2x1x5xi32>)
// CHECK: scf.for %[[P:.*]] = %c0 to %c1 step %c1 iter_args
// CHECK:   %[[XV:.*]] = vector.load %[[X]][%c0, %[[P]], %c0] : memref<1x2x8xi32>, vector<8xi32>
// CHECK:   vector.bitcast %[[XV]] : vector<8xi32> to vector<16xi16>
// CHECK:   %[[AB:.*]] = vector.load %[[A]][{{.*}}] : memref<1x2x3xi8>, vector<2xi8>
// CHECK:   %[[AW:.*]] = arith.extsi %[[AB]] : vector<2xi8> to vector<2xi16>
// CHECK:   %[[AI:.*]] = vector.bitcast %[[AW]] : vector<2xi16> to vector<1xi32>
// CHECK:   vector.broadcast %[[AI]] : vector<1xi32> to vector<8xi32>
// The last, half pair: one byte and a zero.
// CHECK: %[[L:.*]] = memref.load %[[A]][{{.*}}] : memref<1x2x3xi8>
// CHECK: vector.insert %[[L]], %{{.*}} [0] : i8 into vector<2xi8>
// CHECK: %[[BV:.*]] = vector.maskedload %[[B]][%c0], %{{.*}}, %{{.*}} : memref<5xi32>, vector<8xi1>, vector<8xi32> into vector<8xi32>
// CHECK: %[[O:.*]] = arith.addi %{{.*}}, %[[BV]] : vector<8xi32>
// CHECK: vector.maskedstore %[[C]][{{.*}}], %{{.*}}, %[[O]] : memref<1x2x1x5xi32>, vector<8xi1>, vector<8xi32>
func.func @matmul(%a: memref<1x2x3xi8>, %x: memref<1x2x8xi32>, %b: memref<5xi32>, %c: memref<1x2x1x5xi32>) {
  aicc.packed_matmul_integer %a, %x bias %b : memref<5xi32> into %c {packed_x, bias_dim = 1 : i64, tile = array<i64: 2, 8>, window = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : memref<1x2x3xi8>, memref<1x2x8xi32> into memref<1x2x1x5xi32>
  return
}

// -----

// i8 weights: channel quads for pmaddubsw (5 channels: one full quad, then
// one channel with three zero rows). The rows of channels c..c+3 are
// interleaved byte by byte, then by 16-bit pairs (four bytes per i32 lane),
// and int8 x is shifted to unsigned by xor 0x80; each row's weight word (4
// bytes) is broadcast; pmaddubsw, then pmaddwd by ones, then the add.
// CHECK-LABEL: func.func @conv_u8s8
// CHECK-SAME: (%[[A:.*]]: memref<1x2x8xi8>, %[[X:.*]]: memref<1x5x1x8xi8>, %{{.*}}: memref<2xi32>, %{{.*}}: memref<1x2x1x8xi32>)
// CHECK-DAG: %[[ZERO8:.*]] = arith.constant dense<0> : vector<8xi8>
// CHECK-DAG: %[[SHIFT:.*]] = arith.constant dense<-128> : vector<32xi8>
// CHECK-DAG: %[[ONES:.*]] = arith.constant dense<1> : vector<16xi16>
// CHECK: %[[ACC:.*]]:2 = scf.for %[[Q:.*]] = %c0 to %c1 step %c1 iter_args(%[[A0:.*]] = %{{.*}}, %[[A1:.*]] = %{{.*}}) -> (vector<8xi32>, vector<8xi32>) {
// CHECK:   %[[C0:.*]] = arith.muli %[[Q]], %c4 : index
// CHECK:   %[[R0:.*]] = vector.load %[[X]][%c0, %[[C0]], %c0, %{{.*}}] : memref<1x5x1x8xi8>, vector<8xi8>
// CHECK:   %[[R1:.*]] = vector.load %[[X]]{{.*}} : memref<1x5x1x8xi8>, vector<8xi8>
// CHECK:   %[[R2:.*]] = vector.load %[[X]]{{.*}} : memref<1x5x1x8xi8>, vector<8xi8>
// CHECK:   %[[R3:.*]] = vector.load %[[X]]{{.*}} : memref<1x5x1x8xi8>, vector<8xi8>
// CHECK:   %[[I01:.*]] = vector.shuffle %[[R0]], %[[R1]] [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15] : vector<8xi8>, vector<8xi8>
// CHECK:   %[[H01:.*]] = vector.bitcast %[[I01]] : vector<16xi8> to vector<8xi16>
// CHECK:   %[[I23:.*]] = vector.shuffle %[[R2]], %[[R3]] [0, 8, 1, 9
// CHECK:   %[[H23:.*]] = vector.bitcast %[[I23]] : vector<16xi8> to vector<8xi16>
// CHECK:   %[[Q4:.*]] = vector.shuffle %[[H01]], %[[H23]] [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15] : vector<8xi16>, vector<8xi16>
// CHECK:   %[[XB:.*]] = vector.bitcast %[[Q4]] : vector<16xi16> to vector<32xi8>
// CHECK:   %[[XU:.*]] = arith.xori %[[XB]], %[[SHIFT]] : vector<32xi8>
// CHECK:   %[[W:.*]] = vector.load %[[A]][%{{.*}}, %[[Q]], %c0] : memref<1x2x8xi8>, vector<4xi8>
// CHECK:   %[[WI:.*]] = vector.bitcast %[[W]] : vector<4xi8> to vector<1xi32>
// CHECK:   %[[WB:.*]] = vector.broadcast %[[WI]] : vector<1xi32> to vector<8xi32>
// CHECK:   %[[WS:.*]] = vector.bitcast %[[WB]] : vector<8xi32> to vector<32xi8>
// CHECK:   %[[P16:.*]] = llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"(%[[XU]], %[[WS]]) : (vector<32xi8>, vector<32xi8>) -> vector<16xi16>
// CHECK:   %[[P32:.*]] = llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%[[P16]], %[[ONES]]) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK:   arith.addi %[[A0]], %[[P32]] : vector<8xi32>
// Row 1's weight word is bytes 4..7 of the panel row.
// CHECK:   vector.load %[[A]][%{{.*}}, %[[Q]], %c4] : memref<1x2x8xi8>, vector<4xi8>
// CHECK:   scf.yield
// The fifth channel with three rows of zeros.
// CHECK: %[[LAST:.*]] = vector.load %[[X]]{{.*}} : memref<1x5x1x8xi8>, vector<8xi8>
// CHECK: vector.shuffle %[[LAST]], %[[ZERO8]] [0, 8, 1, 9
// CHECK: vector.shuffle %[[ZERO8]], %[[ZERO8]] [0, 8, 1, 9
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// CHECK-NOT: aicc.packed_matmul_integer
func.func @conv_u8s8(%a: memref<1x2x8xi8>, %x: memref<1x5x1x8xi8>, %b: memref<2xi32>, %c: memref<1x2x1x8xi32>) {
  aicc.packed_matmul_integer %a, %x bias %b : memref<2xi32> into %c {packed_a, tile = array<i64: 2, 8>, window = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : memref<1x2x8xi8>, memref<1x5x1x8xi8> into memref<1x2x1x8xi32>
  return
}

// -----

// uint8 x needs no shift.
// CHECK-LABEL: func.func @conv_u8s8_uint8
// CHECK-NOT: arith.xori
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
func.func @conv_u8s8_uint8(%a: memref<1x1x4xi8>, %x: memref<1x4x1x8xui8>, %b: memref<1xi32>, %c: memref<1x1x1x8xi32>) {
  aicc.packed_matmul_integer %a, %x bias %b : memref<1xi32> into %c {packed_a, tile = array<i64: 1, 8>, window = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : memref<1x1x4xi8>, memref<1x4x1x8xui8> into memref<1x1x1x8xi32>
  return
}
