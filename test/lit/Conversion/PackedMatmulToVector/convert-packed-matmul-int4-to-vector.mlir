// RUN: aicc-opt %s --split-input-file --verify-diagnostics --convert-packed-matmul-int4-to-vector | FileCheck %s
// RUN: aicc-opt %s --split-input-file --verify-diagnostics --convert-packed-matmul-int4-to-vector=vector-bits=512 | FileCheck %s --check-prefix=AVX512

// Two rows x one panel of 16 columns (two vector<8xf32>), K = 20 in blocks of
// 16: work items = 2, the second block has 2 pairs of steps (min(8, 10 - 8)).
// Per pair: one vector<8xi8> load per vector, widened, low nibble (and 15)
// and high nibble (shift 4) converted and multiplied with the broadcast
// x[m, 2j] and x[m, 2j + 1] into 4 block sums, plus the scalar sum of x.
// After the block: acc = fma(even + odd, scale, acc), then
// fma(sum x, offset, acc). Columns 13..15 are past N: the second vector's
// bias load and store are masked.
// CHECK-LABEL: func.func @kernel
//       CHECK:   scf.parallel (%{{[a-z0-9]+}}) = (%c0) to (%c2) step (%c1)
//       CHECK:     %[[ACC:.+]]:2 = scf.for %[[B:[a-z0-9]+]] = %{{.+}} iter_args(%[[A0:[a-z0-9]+]] = {{.+}}) -> (vector<8xf32>, vector<8xf32>)
//       CHECK:       %[[N:.+]] = arith.minsi
//       CHECK:       %[[SUMS:.+]]:5 = scf.for %{{.+}} = %{{.+}} to %[[N]] step %{{.+}} iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, f32)
//       CHECK:         %[[X0:.+]] = memref.load %arg0
//       CHECK:         %[[X1:.+]] = memref.load %arg0
//       CHECK:         %[[B0:.+]] = vector.broadcast %[[X0]] : f32 to vector<8xf32>
//       CHECK:         %[[Q:.+]] = vector.load %arg1[{{.+}}] : memref<1x16x16xi8>, vector<8xi8>
//       CHECK:         %[[E:.+]] = arith.extui %[[Q]] : vector<8xi8> to vector<8xi32>
//       CHECK:         %[[LO:.+]] = arith.andi %[[E]]
//       CHECK:         %[[FL:.+]] = arith.sitofp %[[LO]] : vector<8xi32> to vector<8xf32>
//       CHECK:         %[[HI:.+]] = arith.shrui %[[E]]
//       CHECK:         vector.fma %[[B0]], %[[FL]], %{{.+}} : vector<8xf32>
//       CHECK:         arith.addf %[[X0]], %[[X1]] : f32
//       CHECK:         scf.yield
//       CHECK:       %[[XS:.+]] = vector.broadcast %[[SUMS]]#4 : f32 to vector<8xf32>
//       CHECK:       %[[S0:.+]] = vector.load %arg2[%{{.+}}, %[[B]], %{{.+}}] : memref<1x2x16xf32>, vector<8xf32>
//       CHECK:       %[[O0:.+]] = vector.load %arg3[%{{.+}}, %[[B]], %{{.+}}] : memref<1x2x16xf32>, vector<8xf32>
//       CHECK:       %[[DOT:.+]] = arith.addf %[[SUMS]]#0, %[[SUMS]]#1 : vector<8xf32>
//       CHECK:       %[[T:.+]] = vector.fma %[[DOT]], %[[S0]], %[[A0]] : vector<8xf32>
//       CHECK:       vector.fma %[[XS]], %[[O0]], %[[T]] : vector<8xf32>
//       CHECK:       scf.yield
//       CHECK:     vector.load %arg4
//       CHECK:     arith.addf %[[ACC]]#0
//       CHECK:     vector.store
//       CHECK:     vector.maskedload %arg4
//       CHECK:     vector.maskedstore %arg5
//   CHECK-NOT:   aicc.packed_matmul_int4
// AVX512-LABEL: func.func @kernel
//       AVX512:   vector.load %arg1[{{.+}}] : memref<1x16x16xi8>, vector<16xi8>
//       AVX512:   arith.extui {{.+}} : vector<16xi8> to vector<16xi32>
func.func @kernel(%x: memref<2x20xf32>, %w: memref<1x16x16xi8>, %s: memref<1x2x16xf32>,
                  %o: memref<1x2x16xf32>, %b: memref<13xf32>, %out: memref<2x13xf32>) {
  aicc.packed_matmul_int4 %x, %w, %s, %o bias %b : memref<13xf32> into %out {block_size = 16 : i64}
    : memref<2x20xf32>, memref<1x16x16xi8>, memref<1x2x16xf32>, memref<1x2x16xf32> into memref<2x13xf32>
  return
}

// -----

// The kernel runs on buffers only.
func.func @tensors(%x: tensor<1x16xf32>, %w: tensor<1x8x8xi8>, %s: tensor<1x1x8xf32>,
                   %init: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{must be bufferized before convert-packed-matmul-int4-to-vector}}
  %r = aicc.packed_matmul_int4 %x, %w, %s, %s into %init {block_size = 16 : i64}
    : tensor<1x16xf32>, tensor<1x8x8xi8>, tensor<1x1x8xf32>, tensor<1x1x8xf32> into tensor<1x8xf32> -> tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}
