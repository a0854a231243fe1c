// RUN: aicc-opt %s --convert-sparse-matmul-to-vector --split-input-file --verify-diagnostics | FileCheck %s

// 11 columns in panels of 8: one full panel and a static partial one of
// 3. 20 rows in tiles of 16: a full tile (two vectors) and a static tile of
// 4 rows (one masked vector). Work items are (row tile, panel), row tile
// major: 2 x 2, each dispatched to its static variant by scf.if. Column
// n's non-zeros are [offsets[n], offsets[n + 1]).
// CHECK-LABEL: func.func @bias_relu
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%[[C4]]) step
// CHECK: %[[TILE:.*]] = arith.divui %[[I]], %{{.*}}
// CHECK: %[[PANEL:.*]] = arith.remui %[[I]], %{{.*}}
// CHECK: %[[FULLP:.*]] = arith.cmpi ult, %[[PANEL]]
// CHECK: scf.if %[[FULLP]] {
// CHECK: %[[N0:.*]] = arith.muli %[[PANEL]]
// CHECK: %[[FULLT:.*]] = arith.cmpi ult, %[[TILE]]
// CHECK: scf.if %[[FULLT]] {
// CHECK: %[[M0:.*]] = arith.muli %[[TILE]]
// The bias along the panel's 8 columns: one vector.
// CHECK: %[[BIAS:.*]] = vector.load %{{.*}}[%[[N0]]] : memref<11xf32>, vector<8xf32>
// First column: the reduction over its non-zeros, two accumulators.
// CHECK: %[[F:.*]] = memref.load %{{.*}}[%[[N0]]] : memref<12xi32>
// CHECK: %[[FIRST:.*]] = arith.index_castui %[[F]]
// CHECK: %[[LAST:.*]] = arith.index_castui
// CHECK: %[[ACC:.*]]:2 = scf.for %[[S:.*]] = %[[FIRST]] to %[[LAST]] step %{{.*}} iter_args
// CHECK: %[[KI:.*]] = memref.load %{{.*}}[%[[S]]] : memref<30xi32>
// CHECK: %[[K:.*]] = arith.index_castui %[[KI]]
// Tiles under 32 rows do not prefetch.
// CHECK-NOT: memref.prefetch
// CHECK: %[[W:.*]] = memref.load %{{.*}}[%[[S]]] : memref<30xf32>
// CHECK: %[[WV:.*]] = vector.broadcast %[[W]]
// CHECK: %[[X0:.*]] = vector.load %{{.*}}[%[[K]], %[[M0]]] : memref<6x20xf32>, vector<8xf32>
// CHECK: vector.fma %[[WV]], %[[X0]]
// CHECK: vector.load %{{.*}}[%[[K]], %{{.*}}] : memref<6x20xf32>, vector<8xf32>
// CHECK: vector.fma
// CHECK: scf.yield
// Seven more columns, then per 8 rows an 8x8 transpose in 24 shuffles.
// CHECK-COUNT-7: scf.for
// CHECK: %[[T0:.*]] = vector.shuffle %[[ACC]]#0, %{{.*}} [0, 8, 1, 9, 4, 12, 5, 13]
// CHECK-COUNT-23: vector.shuffle
// Then bias, ReLU, and a whole row of the panel per store.
// CHECK: %[[R0:.*]] = arith.addf %{{.*}}, %[[BIAS]]
// CHECK: %[[A0:.*]] = arith.maximumf %[[R0]]
// CHECK: vector.store %[[A0]], %{{.*}}[%[[M0]], %[[N0]]] : memref<20x11xf32>, vector<8xf32>
// CHECK-COUNT-15: vector.store
// The 4-row tail tile: one masked load per step, 4 row stores.
// CHECK: } else {
// CHECK: scf.for
// CHECK: vector.maskedload %{{.*}} : memref<6x20xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-4: vector.store
// CHECK-NOT: vector.store
// The partial panel of columns 8-10: masked bias loads and stores.
// CHECK: } else {
// CHECK: vector.maskedload %{{.*}} : memref<11xf32>
// CHECK: scf.for
// CHECK: vector.maskedstore
// CHECK: return
func.func @bias_relu(%xt: memref<6x20xf32>, %off: memref<12xi32>, %idx: memref<30xi32>,
                     %val: memref<30xf32>, %b: memref<11xf32>, %out: memref<20x11xf32>) {
  aicc.sparse_matmul %xt, %off, %idx, %val bias %b : memref<11xf32> into %out
      {row_tile = 16 : i64, activation = "relu"}
      : memref<6x20xf32>, memref<12xi32>, memref<30xi32>, memref<30xf32> into memref<20x11xf32>
  return
}

// -----

func.func @on_tensors(%xt: tensor<6x20xf32>, %off: tensor<4xi32>, %idx: tensor<5xi32>,
                      %val: tensor<5xf32>, %out: tensor<20x3xf32>) -> tensor<20x3xf32> {
  // expected-error @+1 {{must be bufferized before convert-sparse-matmul-to-vector}}
  %r = aicc.sparse_matmul %xt, %off, %idx, %val into %out {row_tile = 16 : i64}
      : tensor<6x20xf32>, tensor<4xi32>, tensor<5xi32>, tensor<5xf32> into tensor<20x3xf32> -> tensor<20x3xf32>
  return %r : tensor<20x3xf32>
}

// -----

// transposed_result: init is [N, M]; each column's accumulators are stored
// as they are, at [n, m0 + 8v], with the column's bias broadcast; no
// shuffles. 12 rows: one full vector and a masked one of 4.
// CHECK-LABEL: func.func @transposed
// CHECK: %[[ACC:.*]]:2 = scf.for
// CHECK: scf.yield
// CHECK-NOT: vector.shuffle
// CHECK: %[[B0:.*]] = vector.extract %{{.*}}[0] : f32 from vector<8xf32>
// CHECK: %[[BV:.*]] = vector.broadcast %[[B0]]
// CHECK: %[[V0:.*]] = arith.addf %[[ACC]]#0, %[[BV]]
// CHECK: vector.store %[[V0]], %{{.*}}[%{{.*}}, %{{.*}}] : memref<8x12xf32>, vector<8xf32>
// CHECK: %[[V1:.*]] = arith.addf %[[ACC]]#1, %[[BV]]
// CHECK: vector.maskedstore %{{.*}}, %[[V1]] : memref<8x12xf32>, vector<8xi1>, vector<8xf32>
func.func @transposed(%xt: memref<6x12xf32>, %off: memref<9xi32>, %idx: memref<30xi32>,
                      %val: memref<30xf32>, %b: memref<8xf32>, %out: memref<8x12xf32>) {
  aicc.sparse_matmul %xt, %off, %idx, %val bias %b : memref<8xf32> into %out
      {row_tile = 12 : i64, transposed_result}
      : memref<6x12xf32>, memref<9xi32>, memref<30xi32>, memref<30xf32> into memref<8x12xf32>
  return
}

// -----

// Row tiles of 32 rows or more prefetch the row of the non-zero 8 steps
// ahead (clamped to the column's last), one cache line per 16 rows.
// CHECK-LABEL: func.func @prefetch
// CHECK: arith.index_castui
// CHECK: %[[LAST:.*]] = arith.index_castui
// CHECK: scf.for %[[S:.*]] = %{{.*}} to %[[LAST]]
// CHECK: %[[END:.*]] = arith.subi %[[LAST]], %{{.*}}
// CHECK: %[[NEXT:.*]] = arith.addi %[[S]], %{{.*}}
// CHECK: %[[AHEAD:.*]] = arith.minui %[[NEXT]], %[[END]]
// CHECK: %[[KI:.*]] = memref.load %{{.*}}[%[[AHEAD]]] : memref<30xi32>
// CHECK: %[[KA:.*]] = arith.index_castui %[[KI]]
// CHECK: memref.prefetch %{{.*}}[%[[KA]], %{{.*}}], read, locality<3>, data : memref<6x32xf32>
// CHECK: memref.prefetch %{{.*}}[%[[KA]], %{{.*}}], read, locality<3>, data : memref<6x32xf32>
// CHECK-NOT: memref.prefetch
// CHECK-COUNT-4: vector.fma
func.func @prefetch(%xt: memref<6x32xf32>, %off: memref<9xi32>, %idx: memref<30xi32>,
                    %val: memref<30xf32>, %out: memref<32x8xf32>) {
  aicc.sparse_matmul %xt, %off, %idx, %val into %out {row_tile = 32 : i64}
      : memref<6x32xf32>, memref<9xi32>, memref<30xi32>, memref<30xf32> into memref<32x8xf32>
  return
}
