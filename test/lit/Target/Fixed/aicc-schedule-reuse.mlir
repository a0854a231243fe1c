// RUN: aicc-opt %s --split-input-file --aicc-schedule-reuse=reuse=4 --verify-diagnostics | FileCheck %s
// RUN: aicc-opt %s --split-input-file --aicc-schedule-reuse --verify-diagnostics | FileCheck %s --check-prefix=ONE
// RUN: not aicc-opt %s --split-input-file --aicc-schedule-reuse=reuse=0 2>&1 | FileCheck %s --check-prefix=ZERO

// Every integer layer gets min(reuse, its output count) cycles; the
// function records the factor asked for.
// CHECK-LABEL: func.func @two_layers
//  CHECK-SAME:   aicc.fixed.reuse = 4 : i64
// 8 outputs: 4 cycles (two lanes).
//       CHECK:   aicc.matmul_integer {{.*}}aicc.fixed.cycles = 4 : i64
// 2 outputs: 2 cycles, one lane.
//       CHECK:   aicc.conv_integer {{.*}}aicc.fixed.cycles = 2 : i64
// ONE-LABEL: func.func @two_layers
//       ONE:   aicc.matmul_integer {{.*}}aicc.fixed.cycles = 1 : i64
//       ONE:   aicc.conv_integer {{.*}}aicc.fixed.cycles = 1 : i64
// ZERO: error: the reuse factor must be at least 1, got 0
func.func @two_layers(%q: tensor<1x3xi8>, %w: tensor<3x8xi8>, %img: tensor<1x1x2x1xi8>,
                      %k: tensor<1x1x1x1xi8>) -> (tensor<1x8xi32>, tensor<1x1x2x1xi32>) {
  %a = aicc.matmul_integer %q, %w {lhs_zero_point = 0 : i64, rhs_zero_point = 0 : i64} : (tensor<1x3xi8>, tensor<3x8xi8>) -> tensor<1x8xi32>
  %c = aicc.conv_integer %img, %k {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_zero_point = 0 : i64} : (tensor<1x1x2x1xi8>, tensor<1x1x1x1xi8>) -> tensor<1x1x2x1xi32>
  return %a, %c : tensor<1x8xi32>, tensor<1x1x2x1xi32>
}
