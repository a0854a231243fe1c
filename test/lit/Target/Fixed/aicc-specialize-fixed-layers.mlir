// RUN: aicc-opt %s --split-input-file --aicc-fixed-point-requantize --aicc-specialize-fixed-layers --cse | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-fixed-point-requantize --aicc-specialize-fixed-layers=neurons-per-block=2 --cse | FileCheck %s --check-prefix=BLOCKS
// RUN: aicc-opt %s --split-input-file --aicc-fixed-point-requantize --aicc-fixed-software-pipeline | FileCheck %s --check-prefix=PIPE

// The software pipeline on the dense layer below: column 0 is (x2 << 3) - x1
// + ((x3 << 3) - x3), column 1 keeps its multiply by 85, column 2 computes
// x0 - x1 once and multiplies it by 3 = 4 - 1 (same-magnitude factoring).
// PIPE-LABEL: func.func @main
//  PIPE-SAME:   aicc.fixed.share_products = {adders_after = 6 : i64, adders_before = 7 : i64, multiplies_after = 4 : i64, multiplies_before = 4 : i64, pairs = 1 : i64}
//       PIPE:   %[[X0:.+]] = arith.extsi %{{.+}} : i8 to i32
//       PIPE:   %[[X1:.+]] = arith.extsi %{{.+}} : i8 to i32
//       PIPE:   %[[X2:.+]] = arith.extsi %{{.+}} : i8 to i32
//       PIPE:   %[[X3:.+]] = arith.extsi %{{.+}} : i8 to i32
//       PIPE:   %[[S2:.+]] = arith.shli %[[X2]], %[[C3:.+]] : i32
//       PIPE:   %[[S3:.+]] = arith.shli %[[X3]], %[[C3]] : i32
//       PIPE:   %[[M7:.+]] = arith.subi %[[S3]], %[[X3]] : i32
//       PIPE:   %[[A:.+]] = arith.subi %[[S2]], %[[X1]] : i32
//       PIPE:   arith.addi %[[A]], %[[M7]] : i32
//       PIPE:   arith.muli %{{.+}}, %c3414191_i64 : i64
//       PIPE:   arith.muli %[[X2]], %c85_i32 : i32
//       PIPE:   %[[D:.+]] = arith.subi %[[X0]], %[[X1]] : i32
//       PIPE:   %[[D4:.+]] = arith.shli %[[D]], %c2_i32 : i32
//       PIPE:   %[[ACC2:.+]] = arith.subi %[[D4]], %[[D]] : i32
//       PIPE:   arith.extsi %[[ACC2]] : i32 to i64
//   PIPE-NOT:   arith.muli %{{.+}}, %c{{[0-9]+}}_i32

// A dense row wider than neurons-per-block: a loop over groups of neurons
// around an scf.index_switch, one case (basic block) per group, each loading
// only the inputs its neurons' non-zero weights read (group 1, column 2,
// reads inputs 0 and 1).
// BLOCKS-LABEL: func.func @main
//       BLOCKS:   %[[E:.+]] = tensor.empty() : tensor<1x3xi8>
//       BLOCKS:   scf.for %[[G:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[T:.+]] = %[[E]])
//       BLOCKS:     scf.index_switch %[[G]] -> tensor<1x3xi8>
//       BLOCKS:     case 0 {
//       BLOCKS:       tensor.extract
//       BLOCKS:       %[[I0:.+]] = tensor.insert %{{.+}} into %[[T]][%{{.+}}, %c0]
//       BLOCKS:       %[[I1:.+]] = tensor.insert %{{.+}} into %[[I0]][%{{.+}}, %c1]
//       BLOCKS:       scf.yield %[[I1]]
//       BLOCKS:     case 1 {
//       BLOCKS:       tensor.extract %{{.+}}[%{{.+}}, %c0]
//       BLOCKS:       tensor.extract %{{.+}}[%{{.+}}, %c1]
//   BLOCKS-NOT:       tensor.extract
//       BLOCKS:       %[[I2:.+]] = tensor.insert %{{.+}} into %[[T]][%{{.+}}, %c2]
//       BLOCKS:       scf.yield %[[I2]]
//       BLOCKS:     default {
//       BLOCKS:       scf.yield %[[T]]

// A dense layer, weights as immediates. Column 0 (0, -1, 8, 7): no op for
// input 0, the others `muli x, |w|` added or subtracted (-1: 0 - x * 1).
// Column 1 (1, 0, 85): the bias 9 starts the sum. Column 2 (3, -3). Input 4
// has only zero weights and is never read. The weight and bias tensors are
// gone; @main records what was built for the layer. Shifts, CSD chains and
// sharing are aicc-fixed-share-products' and aicc-fixed-strength-reduce's
// (PIPE below: the software pipeline runs them next).
// CHECK-LABEL: func.func @main
//  CHECK-SAME:   aicc.fixed.specialized = [{corrections = 0 : i64, node = "fc", products = 7 : i64, zero_weights = 8 : i64}]
//   CHECK-NOT:   dense<{{\[\[}}0, 1, 3]
//       CHECK:   %[[Q:.+]] = aicc.quantize_linear
//       CHECK:   %[[C0:.+]] = arith.constant 0 : index
//       CHECK:   %[[E0:.+]] = tensor.extract %[[Q]][%[[C0]], %[[C0]]]
//       CHECK:   %[[X0:.+]] = arith.extsi %[[E0]] : i8 to i32
//       CHECK:   %[[E1:.+]] = tensor.extract %[[Q]][%[[C0]], %c1]
//       CHECK:   %[[X1:.+]] = arith.extsi %[[E1]] : i8 to i32
//       CHECK:   %[[X2:.+]] = arith.extsi
//       CHECK:   %[[X3:.+]] = arith.extsi
//   CHECK-NOT:   tensor.extract
// Column 0.
//       CHECK:   %[[P1:.+]] = arith.muli %[[X1]], %c1_i32 : i32
//       CHECK:   %[[N1:.+]] = arith.subi %c0_i32, %[[P1]] : i32
//       CHECK:   %[[P2:.+]] = arith.muli %[[X2]], %c8_i32 : i32
//       CHECK:   %[[A:.+]] = arith.addi %[[N1]], %[[P2]] : i32
//       CHECK:   %[[P3:.+]] = arith.muli %[[X3]], %c7_i32 : i32
//       CHECK:   %[[ACC0:.+]] = arith.addi %[[A]], %[[P3]] : i32
// Requantization: widen, multiply, add, arithmetic shift, saturate.
//       CHECK:   %[[W:.+]] = arith.extsi %[[ACC0]] : i32 to i64
//       CHECK:   %[[P:.+]] = arith.muli %[[W]], %c3414191_i64 : i64
//       CHECK:   %[[P2:.+]] = arith.addi %[[P]], %c536870912_i64 : i64
//       CHECK:   %[[SH:.+]] = arith.shrsi %[[P2]], %c30_i64 : i64
//       CHECK:   arith.maxsi %[[SH]], %c-128_i64 : i64
//       CHECK:   arith.minsi
//       CHECK:   %[[Y0:.+]] = arith.trunci %{{.+}} : i32 to i8
// Column 1.
//       CHECK:   %[[B0:.+]] = arith.muli %[[X0]], %c1_i32 : i32
//       CHECK:   %[[B:.+]] = arith.addi %c9_i32, %[[B0]] : i32
//       CHECK:   %[[M85:.+]] = arith.muli %[[X2]], %c85_i32 : i32
//       CHECK:   arith.addi %[[B]], %[[M85]] : i32
//       CHECK:   %[[Y1:.+]] = arith.trunci %{{.+}} : i32 to i8
// Column 2.
//       CHECK:   %[[G0:.+]] = arith.muli %[[X0]], %c3_i32 : i32
//       CHECK:   %[[G1:.+]] = arith.muli %[[X1]], %c3_i32 : i32
//       CHECK:   %[[ACC2:.+]] = arith.subi %[[G0]], %[[G1]] : i32
//       CHECK:   arith.extsi %[[ACC2]] : i32 to i64
//       CHECK:   %[[Y2:.+]] = arith.trunci %{{.+}} : i32 to i8
//       CHECK:   %[[R:.+]] = tensor.from_elements %[[Y0]], %[[Y1]], %[[Y2]] : tensor<1x3xi8>
//       CHECK:   return %[[R]]
//   CHECK-NOT:   aicc.matmul_integer
//   CHECK-NOT:   aicc.requantize
func.func @main(%x: tensor<1x5xf32> {aicc.name = "x"}) -> (tensor<1x3xi8> {aicc.name = "y"}) {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i8>
  %w = arith.constant dense<[[0, 1, 3], [-1, 0, -3], [8, 85, 0], [7, 0, 0], [0, 0, 0]]> : tensor<5x3xi8>
  %b = arith.constant dense<[0, 9, 0]> : tensor<3xi32>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x5xf32>, tensor<f32>, tensor<i8>) -> tensor<1x5xi8>
  %acc = aicc.matmul_integer %q, %w {lhs_zero_point = 0 : i64, rhs_zero_point = 0 : i64} : (tensor<1x5xi8>, tensor<5x3xi8>) -> tensor<1x3xi32> loc("fc"("Gemm"))
  %ab = aicc.add %acc, %b : (tensor<1x3xi32>, tensor<3xi32>) -> tensor<1x3xi32>
  %y = aicc.requantize %ab {scale = array<f32: 0.00317971315>, axis = 1 : i64, zero_point = 0 : i64} : tensor<1x3xi32> -> tensor<1x3xi8>
  return %y : tensor<1x3xi8>
}

// -----

// A conv: the input is padded with its zero point (3), then loops over the
// output rows and columns; inside, each output channel is unrolled. Channel
// 0 (weights 1 at (0,0), -2 at (1,1)) reads two taps, centred by subtracting
// the zero point; channel 1 has only zero weights: its accumulator is the
// bias (-4, widened for the requantization). The loop body is counted once.
// CHECK-LABEL: func.func @main
//  CHECK-SAME:   aicc.fixed.specialized = [{corrections = 0 : i64, node = "", products = 2 : i64, zero_weights = 6 : i64}]
//       CHECK:   %[[P:.+]] = aicc.pad %{{.+}} {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 0, 0>, value = 3.0{{.*}}} : (tensor<1x1x3x3xi8>) -> tensor<1x1x4x4xi8>
//       CHECK:   %[[E:.+]] = tensor.empty() : tensor<1x2x3x3xi8>
//       CHECK:   scf.for %[[OY:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[T0:.+]] = %[[E]])
//       CHECK:     scf.for %[[OX:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[T1:.+]] = %[[T0]])
//       CHECK:       %[[A:.+]] = tensor.extract %[[P]][%{{.+}}, %{{.+}}, %[[OY]], %[[OX]]]
//       CHECK:       %[[AX:.+]] = arith.extsi %[[A]] : i8 to i32
//       CHECK:       %[[AC:.+]] = arith.subi %[[AX]], %c3_i32 : i32
//       CHECK:       tensor.extract %[[P]]
//       CHECK:       %[[BC:.+]] = arith.subi %{{.+}}, %c3_i32 : i32
//       CHECK:       %[[A1:.+]] = arith.muli %[[AC]], %c1_i32 : i32
//       CHECK:       %[[B2:.+]] = arith.muli %[[BC]], %c2_i32 : i32
//       CHECK:       arith.subi %[[A1]], %[[B2]] : i32
//       CHECK:       %[[T2:.+]] = tensor.insert %{{.+}} into %[[T1]][%{{.+}}, %{{.+}}, %[[OY]], %[[OX]]]
//   CHECK-NOT:       tensor.extract
//       CHECK:       arith.extsi %c-4_i32 : i32 to i64
//       CHECK:       tensor.insert %{{.+}} into %[[T2]]
//   CHECK-NOT:   aicc.conv_integer
func.func @main(%x: tensor<1x1x3x3xf32> {aicc.name = "x"}) -> (tensor<1x2x3x3xi8> {aicc.name = "y"}) {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<3> : tensor<i8>
  %w = arith.constant dense<[[[[1, 0], [0, -2]]], [[[0, 0], [0, 0]]]]> : tensor<2x1x2x2xi8>
  %b = arith.constant dense<[[[0]], [[-4]]]> : tensor<2x1x1xi32>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x1x3x3xf32>, tensor<f32>, tensor<i8>) -> tensor<1x1x3x3xi8>
  %acc = aicc.conv_integer %q, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 0, 0>, group = 1 : i64, input_zero_point = 3 : i64, weight_zero_point = 0 : i64} : (tensor<1x1x3x3xi8>, tensor<2x1x2x2xi8>) -> tensor<1x2x3x3xi32>
  %ab = aicc.add %acc, %b : (tensor<1x2x3x3xi32>, tensor<2x1x1xi32>) -> tensor<1x2x3x3xi32>
  %y = aicc.requantize %ab {scale = array<f32: 0.00317971315>, axis = 1 : i64, zero_point = 0 : i64} : tensor<1x2x3x3xi32> -> tensor<1x2x3x3xi8>
  return %y : tensor<1x2x3x3xi8>
}
