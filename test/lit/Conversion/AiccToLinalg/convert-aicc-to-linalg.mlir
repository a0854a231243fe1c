// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --mlir-print-local-scope | FileCheck %s

// Broadcasting: a missing leading dim is dropped from the map, a stretched
// size-1 dim reads index 0.
// CHECK-LABEL: func.func @binary_broadcast
//  CHECK-SAME: (%[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<3xf32>, %[[C:.+]]: tensor<2x1xf32>, %{{.+}}: tensor<4xi32>)
//       CHECK:   %[[E0:.+]] = tensor.empty() : tensor<2x3xf32>
//       CHECK:   %[[ADD:.+]] = linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
//  CHECK-SAME:       iterator_types = ["parallel", "parallel"]
//  CHECK-SAME:       ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>) outs(%[[E0]] : tensor<2x3xf32>)
//       CHECK:     ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[S:.+]] = arith.addf %[[X]], %[[Y]] : f32
//       CHECK:       linalg.yield %[[S]] : f32
//       CHECK:   %[[MUL:.+]] = linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>]
//  CHECK-SAME:       ins(%[[ADD]], %[[C]] : tensor<2x3xf32>, tensor<2x1xf32>)
//       CHECK:       arith.mulf
//       CHECK:   %[[SUB:.+]] = linalg.generic
//       CHECK:       arith.subi
//       CHECK:   return %[[MUL]], %[[SUB]]
func.func @binary_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<2x1xf32>,
                            %i: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<4xi32>) {
  %0 = aicc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = aicc.mul %0, %c : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %2 = aicc.sub %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %1, %2 : tensor<2x3xf32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @unary
//       CHECK:   linalg.generic
//       CHECK:     ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[Z:.+]] = arith.constant 0.000000e+00 : f32
//       CHECK:       %[[R:.+]] = arith.maximumf %[[X]], %[[Z]] : f32
//       CHECK:       linalg.yield %[[R]]
//       CHECK:   linalg.generic
//       CHECK:     ^bb0(%[[X2:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[N:.+]] = arith.negf %[[X2]]
//       CHECK:       %[[EXP:.+]] = math.exp %[[N]]
//       CHECK:       %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
//       CHECK:       %[[DEN:.+]] = arith.addf %[[ONE]], %[[EXP]]
//       CHECK:       arith.divf %[[ONE]], %[[DEN]]
//       CHECK:   linalg.generic
//       CHECK:     ^bb0(%[[X3:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[SC:.+]] = arith.mulf %[[X3]], %{{.+}} : f32
//       CHECK:       %[[NEG:.+]] = arith.cmpf olt, %[[X3]], %{{.+}} : f32
//       CHECK:       arith.select %[[NEG]], %[[SC]], %[[X3]] : f32
func.func @unary(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = aicc.relu %x : tensor<4xf32>
  %1 = aicc.sigmoid %x : tensor<4xf32>
  %2 = aicc.leaky_relu %x {alpha = 0.25} : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @clip_and_cast
//       CHECK:   linalg.generic
//       CHECK:     ^bb0(%[[X:.+]]: i32, %{{.+}}: i32):
//   CHECK-DAG:       %[[LO:.+]] = arith.constant -3 : i32
//   CHECK-DAG:       %[[HI:.+]] = arith.constant 10 : i32
//       CHECK:       %[[A:.+]] = arith.maxsi %[[X]], %[[LO]] : i32
//       CHECK:       %[[B:.+]] = arith.minsi %[[A]], %[[HI]] : i32
//       CHECK:       linalg.yield %[[B]] : i32
//       CHECK:   linalg.generic
//       CHECK:     ^bb0(%[[F:.+]]: f32, %{{.+}}: i64):
//       CHECK:       %[[C:.+]] = arith.fptosi %[[F]] : f32 to i64
//       CHECK:       linalg.yield %[[C]] : i64
func.func @clip_and_cast(%i: tensor<4xi32>, %x: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xi64>) {
  %0 = aicc.clip %i {min = -3.0, max = 10.0} : tensor<4xi32>
  %1 = aicc.cast %x : tensor<4xf32> to tensor<4xi64>
  return %0, %1 : tensor<4xi32>, tensor<4xi64>
}

// -----

// BitCast reinterprets each element; unsigned types go through signless.
// CHECK-LABEL: func.func @bitcast
//       CHECK:   linalg.generic
//       CHECK:     ^bb0(%[[F:.+]]: f32, %{{.+}}: i32):
//       CHECK:       %[[B:.+]] = arith.bitcast %[[F]] : f32 to i32
//       CHECK:       linalg.yield %[[B]] : i32
//       CHECK:   linalg.generic
//       CHECK:     arith.bitcast %{{.+}} : i16 to f16
func.func @bitcast(%x: tensor<4xf32>, %u: tensor<4xui16>) -> (tensor<4xi32>, tensor<4xf16>) {
  %0 = aicc.bitcast %x : tensor<4xf32> to tensor<4xi32>
  %1 = aicc.bitcast %u : tensor<4xui16> to tensor<4xf16>
  return %0, %1 : tensor<4xi32>, tensor<4xf16>
}

// -----

// Run-time bounds are 0-d operands broadcast into the body.
// CHECK-LABEL: func.func @clip_runtime_bounds
//       CHECK:   linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>]
//  CHECK-SAME:     ins(%{{.+}}, %{{.+}} : tensor<4xf32>, tensor<f32>)
//       CHECK:     ^bb0(%[[X:.+]]: f32, %[[LO:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[A:.+]] = arith.maximumf %[[X]], %[[LO]] : f32
//       CHECK:       linalg.yield %[[A]] : f32
func.func @clip_runtime_bounds(%x: tensor<4xf32>, %lo: tensor<f32>) -> tensor<4xf32> {
  %0 = aicc.clip %x min %lo : tensor<f32> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The input is zero-padded (pads = [H begin, W begin, H end, W end]), the
// bias broadcast into the [N, G, M/G, OH, OW] accumulator, and every spatial
// input index is o * stride + k * dilation. Loops: n g m oh ow | c kh kw.
// CHECK-LABEL: func.func @conv
//  CHECK-SAME: (%[[X:.+]]: tensor<1x2x5x5xf32>, %[[W:.+]]: tensor<4x2x3x3xf32>, %[[B:.+]]: tensor<4xf32>)
//       CHECK:   %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
//       CHECK:   %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 1, 0] high[0, 0, 1, 1]
//       CHECK:     tensor.yield %[[ZERO]] : f32
//       CHECK:   } : tensor<1x2x5x5xf32> to tensor<1x2x7x6xf32>
//       CHECK:   %[[INIT:.+]] = linalg.generic
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]
//  CHECK-SAME:       ins(%{{.+}} : tensor<{{.+}}>) outs(%{{.+}} : tensor<1x1x4x2x2xf32>)
//       CHECK:       linalg.yield
//       CHECK:   %[[ACC:.+]] = linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 2 + d3, d6 * 2 + d4 * 2, d7 * 2 + d5)>,
//  CHECK-SAME:                        affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1 * 4 + d2, d3, d4, d5)>,
//  CHECK-SAME:                        affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d6, d7)>]
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]
//  CHECK-SAME:       outs(%[[INIT]] : tensor<1x1x4x2x2xf32>)
//       CHECK:     ^bb0(%[[I:.+]]: f32, %[[K:.+]]: f32, %[[O:.+]]: f32):
//       CHECK:       %[[PR:.+]] = arith.mulf %[[I]], %[[K]] : f32
//       CHECK:       %[[SUM:.+]] = arith.addf %[[O]], %[[PR]] : f32
//       CHECK:       linalg.yield %[[SUM]]
//       CHECK:   %[[FLAT:.+]] = tensor.collapse_shape %[[ACC]]
//       CHECK:   %[[OUT:.+]] = tensor.expand_shape %[[FLAT]] {{.+}} : tensor<16xf32> into tensor<1x4x2x2xf32>
//       CHECK:   return %[[OUT]]
func.func @conv(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  %0 = aicc.conv %x, %w, %b {strides = array<i64: 2, 2>, dilations = array<i64: 2, 1>,
                             pads = array<i64: 1, 0, 1, 1>, group = 1 : i64}
      : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

// Two groups, no bias, no padding: the accumulator [N, G, M/G, OH, OW]
// starts at zero, stride and dilation 1 give o + k.
// CHECK-LABEL: func.func @conv_grouped
//   CHECK-NOT:   tensor.pad
//       CHECK:   %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
//       CHECK:   %[[FILL:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<1x2x1x2x2xf32>)
//       CHECK:   linalg.generic
//  CHECK-SAME:       affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d3, d4 + d6, d5 + d7)>
//  CHECK-SAME:       affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1 + d2, d3, d4, d5)>
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]
//  CHECK-SAME:       outs(%[[FILL]] : tensor<1x2x1x2x2xf32>)
//       CHECK:   tensor.expand_shape {{.+}} into tensor<1x2x2x2xf32>
func.func @conv_grouped(%x: tensor<1x2x4x4xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %0 = aicc.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
                         pads = array<i64: 0, 0, 0, 0>, group = 2 : i64}
      : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Loops: batch m n | k; the rank-2 rhs broadcasts over the batch.
// CHECK-LABEL: func.func @matmul
//  CHECK-SAME: (%[[A:.+]]: tensor<5x2x3xf32>, %[[B:.+]]: tensor<3x4xf32>)
//       CHECK:   %[[FILL:.+]] = linalg.fill
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>]
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "reduction", "parallel"]
//  CHECK-SAME:       ins(%[[A]], %[[B]] : tensor<5x2x3xf32>, tensor<3x4xf32>) outs(%[[FILL]] : tensor<5x2x4xf32>)
func.func @matmul(%a: tensor<5x2x3xf32>, %b: tensor<3x4xf32>) -> tensor<5x2x4xf32> {
  %0 = aicc.matmul %a, %b : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

// beta * C seeds the accumulator; alpha scales each product; trans_a and
// trans_b swap the operand maps.
// CHECK-LABEL: func.func @gemm
//  CHECK-SAME: (%[[A:.+]]: tensor<3x2xf32>, %[[B:.+]]: tensor<4x3xf32>, %[[C:.+]]: tensor<4xf32>)
//       CHECK:   %[[INIT:.+]] = linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
//  CHECK-SAME:       ins(%[[C]] : tensor<4xf32>)
//       CHECK:       %[[BETA:.+]] = arith.constant 5.000000e-01 : f32
//       CHECK:       arith.mulf %{{.+}}, %[[BETA]]
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d2)>]
//  CHECK-SAME:       iterator_types = ["parallel", "reduction", "parallel"]
//  CHECK-SAME:       ins(%[[A]], %[[B]] : tensor<3x2xf32>, tensor<4x3xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
//       CHECK:       %[[P:.+]] = arith.mulf
//       CHECK:       %[[ALPHA:.+]] = arith.constant 2.000000e+00 : f32
//       CHECK:       %[[SP:.+]] = arith.mulf %[[P]], %[[ALPHA]]
//       CHECK:       arith.addf %{{.+}}, %[[SP]]
func.func @gemm(%a: tensor<3x2xf32>, %b: tensor<4x3xf32>, %c: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = aicc.gemm %a, %b, %c {alpha = 2.0, beta = 0.5, trans_a = true, trans_b = true}
      : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// ceil_mode reads one row/column past the end: the -inf padding covers it.
// CHECK-LABEL: func.func @max_pool
//  CHECK-SAME: (%[[X:.+]]: tensor<1x2x5x5xf32>)
//       CHECK:   %[[NINF:.+]] = arith.constant 0xFF800000 : f32
//       CHECK:   %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 0, 1, 1]
//       CHECK:     tensor.yield %[[NINF]]
//       CHECK:   %[[INIT:.+]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.+}} : tensor<1x2x3x3xf32>)
//       CHECK:   %[[WIN:.+]] = tensor.empty() : tensor<2x2xf32>
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d2, d3)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d5)>]
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel", "parallel"]
//  CHECK-SAME:       ins(%[[P]], %[[WIN]] : tensor<1x2x6x6xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x3x3xf32>)
//       CHECK:     ^bb0(%[[I:.+]]: f32, %{{.+}}: f32, %[[O:.+]]: f32):
//       CHECK:       arith.maximumf %[[O]], %[[I]] : f32
func.func @max_pool(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = aicc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                         ceil_mode = true} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Without count_include_pad, border windows divide by the number of real
// elements: 2 x 2, 2 x 3 or 3 x 3.
// CHECK-LABEL: func.func @avg_pool
//       CHECK:   %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
//       CHECK:   %[[P:.+]] = tensor.pad %{{.+}} low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK:   %[[SUM:.+]] = linalg.generic
//  CHECK-SAME:       ins(%[[P]], %{{.+}} : tensor<1x1x7x7xf32>, tensor<3x3xf32>)
//       CHECK:       arith.addf
//       CHECK:   %[[DIV:.+]] = arith.constant dense<{{\[}}[4.000000e+00, 6.000000e+00, 4.000000e+00], [6.000000e+00, 9.000000e+00, 6.000000e+00], [4.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<3x3xf32>
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
//  CHECK-SAME:       ins(%[[SUM]], %[[DIV]] : tensor<1x1x3x3xf32>, tensor<3x3xf32>)
//       CHECK:       arith.divf
func.func @avg_pool(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %0 = aicc.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                         ceil_mode = false, count_include_pad = false}
      : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// count_include_pad divides every window by the full kernel size.
// CHECK-LABEL: func.func @avg_pool_include_pad
//       CHECK:   arith.constant dense<9.000000e+00> : tensor<3x3xf32>
func.func @avg_pool_include_pad(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %0 = aicc.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                         ceil_mode = false, count_include_pad = true}
      : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @reductions
//  CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3x4xf32>,
//       CHECK:   %[[Z:.+]] = arith.constant 0.000000e+00 : f32
//       CHECK:   %[[F:.+]] = linalg.fill ins(%[[Z]] : f32) outs(%{{.+}} : tensor<2xf32>)
//       CHECK:   %[[SUM:.+]] = linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0)>]
//  CHECK-SAME:       iterator_types = ["parallel", "reduction", "reduction"]
//  CHECK-SAME:       ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[F]] : tensor<2xf32>)
//       CHECK:       arith.addf
//       CHECK:   %[[KEPT:.+]] = tensor.expand_shape %[[SUM]] {{.+}} : tensor<2xf32> into tensor<2x1x1xf32>
//       CHECK:   %[[MSUM:.+]] = linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>]
//  CHECK-SAME:       iterator_types = ["reduction", "parallel", "reduction"]
//       CHECK:   %[[MEAN:.+]] = linalg.generic
//  CHECK-SAME:       ins(%[[MSUM]] : tensor<3xf32>)
//       CHECK:       %[[N:.+]] = arith.constant 8.000000e+00 : f32
//       CHECK:       arith.divf %{{.+}}, %[[N]] : f32
//       CHECK:   %[[NINF:.+]] = arith.constant 0xFF800000 : f32
//       CHECK:   linalg.fill ins(%[[NINF]] : f32)
//       CHECK:   %[[MAX:.+]] = linalg.generic
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "reduction"]
//       CHECK:       arith.maximumf
//       CHECK:   %[[IMAX:.+]] = arith.constant 2147483647 : i32
//       CHECK:   linalg.fill ins(%[[IMAX]] : i32)
//       CHECK:   %[[MIN:.+]] = linalg.generic
//       CHECK:       arith.minsi
//       CHECK:   return %[[KEPT]], %[[MEAN]], %[[MAX]], %[[MIN]]
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi32>)
    -> (tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2xi32>) {
  %0 = aicc.reduce_sum %x {axes = array<i64: 1, 2>, keepdims = true}
      : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  %1 = aicc.reduce_mean %x {axes = array<i64: 0, 2>, keepdims = false}
      : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %2 = aicc.reduce_max %x {axes = array<i64: 2>, keepdims = false}
      : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  %3 = aicc.reduce_min %i {axes = array<i64: 1>, keepdims = false}
      : (tensor<2x3xi32>) -> tensor<2xi32>
  return %0, %1, %2, %3 : tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @global_avg_pool
//       CHECK:   linalg.generic
//  CHECK-SAME:       iterator_types = ["parallel", "parallel", "reduction", "reduction"]
//       CHECK:       arith.constant 1.200000e+01 : f32
//       CHECK:   tensor.expand_shape %{{.+}} : tensor<6xf32> into tensor<2x3x1x1xf32>
func.func @global_avg_pool(%x: tensor<2x3x3x4xf32>) -> tensor<2x3x1x1xf32> {
  %0 = aicc.global_avg_pool %x : (tensor<2x3x3x4xf32>) -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}

// -----

// max over the axis, x - max, exp, sum over the axis, divide.
// CHECK-LABEL: func.func @softmax
//  CHECK-SAME: (%[[X:.+]]: tensor<2x5xf32>)
//       CHECK:   %[[MAX:.+]] = linalg.generic
//  CHECK-SAME:       iterator_types = ["parallel", "reduction"]
//       CHECK:       arith.maximumf
//       CHECK:   %[[MAXK:.+]] = tensor.expand_shape %[[MAX]] {{.+}} : tensor<2xf32> into tensor<2x1xf32>
//       CHECK:   %[[SH:.+]] = linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>]
//  CHECK-SAME:       ins(%[[X]], %[[MAXK]] : tensor<2x5xf32>, tensor<2x1xf32>)
//       CHECK:       arith.subf
//       CHECK:   %[[E:.+]] = linalg.generic
//  CHECK-SAME:       ins(%[[SH]] : tensor<2x5xf32>)
//       CHECK:       math.exp
//       CHECK:   %[[SUM:.+]] = linalg.generic
//  CHECK-SAME:       iterator_types = ["parallel", "reduction"]
//  CHECK-SAME:       ins(%[[E]] : tensor<2x5xf32>)
//       CHECK:       arith.addf
//       CHECK:   %[[SUMK:.+]] = tensor.expand_shape %[[SUM]]
//       CHECK:   %[[R:.+]] = linalg.generic
//  CHECK-SAME:       ins(%[[E]], %[[SUMK]] : tensor<2x5xf32>, tensor<2x1xf32>)
//       CHECK:       arith.divf
//       CHECK:   return %[[R]]
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = aicc.softmax %x {axis = 1 : i64} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// log_softmax reduces over axis 0 here and ends in (x - max) - log(sum).
// CHECK-LABEL: func.func @log_softmax
//       CHECK:   linalg.generic
//  CHECK-SAME:       iterator_types = ["reduction", "parallel"]
//       CHECK:   %[[SH:.+]] = linalg.generic
//  CHECK-SAME:       affine_map<(d0, d1) -> (0, d1)>
//       CHECK:       arith.subf
//       CHECK:   linalg.generic {{.+}} ins(%[[SH]], %{{.+}} : tensor<2x5xf32>, tensor<1x5xf32>)
//       CHECK:     ^bb0(%[[S:.+]]: f32, %[[T:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[L:.+]] = math.log %[[T]] : f32
//       CHECK:       arith.subf %[[S]], %[[L]] : f32
func.func @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = aicc.log_softmax %x {axis = 0 : i64} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Per-channel a = scale / sqrt(var + eps) and b = bias - mean * a, applied
// along dim 1 through [C, 1, 1] reshapes.
// CHECK-LABEL: func.func @batch_norm
//       CHECK:   %[[A:.+]] = linalg.generic
//  CHECK-SAME:       outs(%{{.+}} : tensor<3xf32>)
//       CHECK:       %[[EPS:.+]] = arith.constant 1.000000e-03 : f32
//       CHECK:       %[[VE:.+]] = arith.addf %{{.+}}, %[[EPS]]
//       CHECK:       %[[SQ:.+]] = math.sqrt %[[VE]]
//       CHECK:       arith.divf %{{.+}}, %[[SQ]]
//       CHECK:   %[[SHIFT:.+]] = linalg.generic
//       CHECK:   %[[A3:.+]] = tensor.expand_shape %[[A]] {{.+}} : tensor<3xf32> into tensor<3x1x1xf32>
//       CHECK:   %[[S3:.+]] = tensor.expand_shape %[[SHIFT]] {{.+}} : tensor<3xf32> into tensor<3x1x1xf32>
//       CHECK:   linalg.generic
//  CHECK-SAME:       affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>, affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
//  CHECK-SAME:       ins(%{{.+}}, %[[A3]], %[[S3]] :
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>,
                      %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = aicc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f64}
      : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
//       CHECK:   %[[E:.+]] = tensor.empty() : tensor<4x2x3xf32>
//       CHECK:   %[[T:.+]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
//       CHECK:   return %[[T]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = aicc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat
//  CHECK-SAME: (%[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<2x5xf32>)
//       CHECK:   %[[E:.+]] = tensor.empty() : tensor<2x8xf32>
//       CHECK:   %[[I0:.+]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x8xf32>
//       CHECK:   %[[I1:.+]] = tensor.insert_slice %[[B]] into %[[I0]][0, 3] [2, 5] [1, 1] : tensor<2x5xf32> into tensor<2x8xf32>
//       CHECK:   return %[[I1]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %0 = aicc.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Positive steps become one extract_slice; a negative step reads through
// tensor.extract at start + i * step.
// CHECK-LABEL: func.func @slice
//  CHECK-SAME: (%[[X:.+]]: tensor<6x4xf32>, %[[V:.+]]: tensor<8xf32>)
//       CHECK:   %[[S:.+]] = tensor.extract_slice %[[X]][1, 0] [2, 3] [2, 1] : tensor<6x4xf32> to tensor<2x3xf32>
//       CHECK:   %[[R:.+]] = linalg.generic
//   CHECK-NOT:       ins(
//       CHECK:       %[[I:.+]] = linalg.index 0 : index
//       CHECK:       %[[STEP:.+]] = arith.constant -2 : index
//       CHECK:       %[[M:.+]] = arith.muli %[[I]], %[[STEP]] : index
//       CHECK:       %[[START:.+]] = arith.constant 7 : index
//       CHECK:       %[[J:.+]] = arith.addi %[[M]], %[[START]] : index
//       CHECK:       %[[LO:.+]] = arith.maxsi %[[J]], %{{.+}} : index
//       CHECK:       %[[CL:.+]] = arith.minsi %[[LO]], %{{.+}} : index
//       CHECK:       %[[E:.+]] = tensor.extract %[[V]][%[[CL]]] : tensor<8xf32>
//       CHECK:       linalg.yield %[[E]]
//       CHECK:   return %[[S]], %[[R]]
func.func @slice(%x: tensor<6x4xf32>, %v: tensor<8xf32>) -> (tensor<2x3xf32>, tensor<3xf32>) {
  %0 = aicc.slice %x {starts = array<i64: 1, 0>, ends = array<i64: 5, 3>, steps = array<i64: 2, 1>}
      : (tensor<6x4xf32>) -> tensor<2x3xf32>
  %1 = aicc.slice %v {starts = array<i64: 7>, ends = array<i64: 1>, steps = array<i64: -2>}
      : (tensor<8xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<3xf32>
}

// -----

// Indices feed the generic through a map of the gathered dims; negative
// indices wrap by the axis size (5), then clamp into [0, 4].
// CHECK-LABEL: func.func @gather
//  CHECK-SAME: (%[[X:.+]]: tensor<3x5xf32>, %[[IDX:.+]]: tensor<2x2xi64>)
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
//  CHECK-SAME:       ins(%[[IDX]] : tensor<2x2xi64>) outs(%{{.+}} : tensor<3x2x2xf32>)
//       CHECK:     ^bb0(%[[IN:.+]]: i64, %{{.+}}: f32):
//       CHECK:       %[[D0:.+]] = linalg.index 0 : index
//       CHECK:       %[[I:.+]] = arith.index_cast %[[IN]] : i64 to index
//       CHECK:       %[[NEG:.+]] = arith.cmpi slt, %[[I]], %{{.+}} : index
//       CHECK:       %[[C5:.+]] = arith.constant 5 : index
//       CHECK:       %[[W:.+]] = arith.addi %[[I]], %[[C5]] : index
//       CHECK:       %[[SEL:.+]] = arith.select %[[NEG]], %[[W]], %[[I]] : index
//       CHECK:       %[[LO:.+]] = arith.maxsi %[[SEL]], %{{.+}} : index
//       CHECK:       %[[C4:.+]] = arith.constant 4 : index
//       CHECK:       %[[CL:.+]] = arith.minsi %[[LO]], %[[C4]] : index
//       CHECK:       tensor.extract %[[X]][%[[D0]], %[[CL]]] : tensor<3x5xf32>
func.func @gather(%x: tensor<3x5xf32>, %i: tensor<2x2xi64>) -> tensor<3x2x2xf32> {
  %0 = aicc.gather %x, %i {axis = 1 : i64} : (tensor<3x5xf32>, tensor<2x2xi64>) -> tensor<3x2x2xf32>
  return %0 : tensor<3x2x2xf32>
}

// -----

// Constant mode: negative pads crop through extract_slice, the rest is a
// tensor.pad with the value.
// CHECK-LABEL: func.func @pad_constant
//  CHECK-SAME: (%[[X:.+]]: tensor<3x4xf32>)
//       CHECK:   %[[C:.+]] = tensor.extract_slice %[[X]][0, 0] [2, 4] [1, 1] : tensor<3x4xf32> to tensor<2x4xf32>
//       CHECK:   %[[V:.+]] = arith.constant 1.500000e+00 : f32
//       CHECK:   %[[P:.+]] = tensor.pad %[[C]] low[2, 0] high[0, 1]
//       CHECK:     tensor.yield %[[V]] : f32
//       CHECK:   } : tensor<2x4xf32> to tensor<4x5xf32>
//       CHECK:   return %[[P]]
func.func @pad_constant(%x: tensor<3x4xf32>) -> tensor<4x5xf32> {
  %0 = aicc.pad %x {pads = array<i64: 2, 0, -1, 1>, mode = "constant", value = 1.5}
      : (tensor<3x4xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Reflect: i = out - pad_begin, then |i|, then 2 * (n - 1) - i past the end.
// CHECK-LABEL: func.func @pad_reflect
//  CHECK-SAME: (%[[X:.+]]: tensor<3xf32>)
//       CHECK:   linalg.generic
//  CHECK-SAME:       outs(%{{.+}} : tensor<6xf32>)
//       CHECK:       %[[O:.+]] = linalg.index 0 : index
//       CHECK:       %[[PB:.+]] = arith.constant 2 : index
//       CHECK:       %[[I:.+]] = arith.subi %[[O]], %[[PB]] : index
//       CHECK:       %[[NI:.+]] = arith.subi %{{.+}}, %[[I]] : index
//       CHECK:       %[[ABS:.+]] = arith.maxsi %[[I]], %[[NI]] : index
//       CHECK:       %[[TWO:.+]] = arith.constant 4 : index
//       CHECK:       %[[BACK:.+]] = arith.subi %[[TWO]], %[[ABS]] : index
//       CHECK:       arith.minsi %[[ABS]], %[[BACK]] : index
//       CHECK:       tensor.extract %[[X]]
func.func @pad_reflect(%x: tensor<3xf32>) -> tensor<6xf32> {
  %0 = aicc.pad %x {pads = array<i64: 2, 1>, mode = "reflect", value = 0.0}
      : (tensor<3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// Wrap: ((i % n) + n) % n.
// CHECK-LABEL: func.func @pad_wrap
//       CHECK:       %[[I:.+]] = arith.subi
//       CHECK:       %[[N:.+]] = arith.constant 3 : index
//       CHECK:       %[[R:.+]] = arith.remsi %[[I]], %[[N]] : index
//       CHECK:       %[[A:.+]] = arith.addi %[[R]], %{{.+}} : index
//       CHECK:       arith.remsi %[[A]], %{{.+}} : index
//       CHECK:       tensor.extract
func.func @pad_wrap(%x: tensor<3xi32>) -> tensor<5xi32> {
  %0 = aicc.pad %x {pads = array<i64: 1, 1>, mode = "wrap", value = 0.0}
      : (tensor<3xi32>) -> tensor<5xi32>
  return %0 : tensor<5xi32>
}

// -----

// Edge: only the clamp into [0, n - 1].
// CHECK-LABEL: func.func @pad_edge
//       CHECK:       %[[I:.+]] = arith.subi
//       CHECK:       %[[LO:.+]] = arith.maxsi %[[I]], %{{.+}} : index
//       CHECK:       %[[HI:.+]] = arith.constant 2 : index
//       CHECK:       %[[CL:.+]] = arith.minsi %[[LO]], %[[HI]] : index
//       CHECK:       tensor.extract %{{.+}}[%[[CL]]] : tensor<3xf32>
//   CHECK-NOT:       arith.remsi
func.func @pad_edge(%x: tensor<3xf32>) -> tensor<6xf32> {
  %0 = aicc.pad %x {pads = array<i64: 1, 2>, mode = "edge", value = 0.0}
      : (tensor<3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// Nearest/asymmetric/floor: x_in = floor(x_out * 0.5) on the two resized
// dims; N and C are read at the output index.
// CHECK-LABEL: func.func @resize_nearest
//  CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2xf32>)
//       CHECK:   %[[HALF:.+]] = arith.constant 5.000000e-01 : f64
//       CHECK:   linalg.generic
//   CHECK-NOT:       ins(
//  CHECK-SAME:       outs(%{{.+}} : tensor<1x1x4x4xf32>)
//       CHECK:       %[[N:.+]] = linalg.index 0 : index
//       CHECK:       %[[C:.+]] = linalg.index 1 : index
//       CHECK:       %[[H:.+]] = linalg.index 2 : index
//       CHECK:       arith.mulf %{{.+}}, %[[HALF]] : f64
//       CHECK:       math.floor
//       CHECK:       %[[HI:.+]] = arith.minsi
//       CHECK:       linalg.index 3 : index
//       CHECK:       math.floor
//       CHECK:       %[[WI:.+]] = arith.minsi
//       CHECK:       tensor.extract %[[X]][%[[N]], %[[C]], %[[HI]], %[[WI]]] : tensor<1x1x2x2xf32>
func.func @resize_nearest(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "nearest",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Linear over one resized dim: two taps weighted (1 - w) and w.
// CHECK-LABEL: func.func @resize_linear
//       CHECK:   linalg.generic
//       CHECK:       %[[FL:.+]] = math.floor
//       CHECK:       %[[W:.+]] = arith.subf %{{.+}}, %[[FL]] : f64
//       CHECK:       %[[W0:.+]] = arith.subf %{{.+}}, %[[W]] : f64
//       CHECK:       %[[E0:.+]] = tensor.extract
//       CHECK:       %[[V0:.+]] = arith.extf %[[E0]] : f32 to f64
//       CHECK:       arith.mulf %[[V0]], %{{.+}} : f64
//       CHECK:       %[[E1:.+]] = tensor.extract
//       CHECK:       %[[V1:.+]] = arith.extf %[[E1]] : f32 to f64
//       CHECK:       arith.mulf %[[V1]], %{{.+}} : f64
//   CHECK-NOT:       tensor.extract
//       CHECK:       linalg.yield
func.func @resize_linear(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %0 = aicc.resize %x {scales = array<f64: 1.0, 2.0>, mode = "linear",
                       coordinate_transformation_mode = "half_pixel", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x4xf32> to tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @reshape
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
//       CHECK:   %[[F:.+]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
//       CHECK:   %[[R:.+]] = tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [6, 4] : tensor<24xf32> into tensor<6x4xf32>
//       CHECK:   return %[[R]]
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = aicc.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}
