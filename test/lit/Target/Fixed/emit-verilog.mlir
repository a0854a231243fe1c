// -target=fixed -emit=verilog on a one-layer network: the Verilog, the
// Verilator harness and report.json.
// RUN: rm -rf %t && aicc %s -target=fixed -emit=verilog -o %t
// RUN: FileCheck %s --input-file=%t/model.v
// RUN: FileCheck %s --check-prefix=HARNESS --input-file=%t/harness.cpp
// RUN: FileCheck %s --check-prefix=REPORT --input-file=%t/report.json

// -emit=verilog without -target=fixed is an error (without -emit=verilog,
// -target=fixed builds software: emit-software.mlir).
// RUN: not aicc %s -emit=verilog -o %t.v 2>&1 | FileCheck %s --check-prefix=NOTARGET
// NOTARGET: aicc: error: -emit=verilog needs -target=fixed

// One module per layer, named after the ONNX node. Centred inputs
// x = in - (-1) in [-127, 128], 9 bits; weights burned in: 0 is skipped,
// every other weight is one shifted term per canonical signed digit
// (1: x0; -2: -(x1 << 1); 3 = 4 - 1; -85 = -(1 + 4 + 16 + 64), no
// multiply). A pair of digits that occurs twice in the layer is one adder
// (DigitSharing.h): x3 + 4 x3 occurs at shifts 0 and 4 of -85 x3, so t0 is
// 5 x3 and -85 x3 is -(t0 + 16 t0) (t3). The rest is added by a balanced
// tree of two-input adders, one wire each, as wide as its values plus a 0
// below them: every adder is {a, 0} +- {b, 0} and its users take bits
// [W:1], so no adder's whole result feeds another and yosys' alumacc cannot
// merge them into a $macc (AdderTree.h). Shifts common to both operands are
// factored out: t2 is 2 x2 - x1 of the digits 4 x2 and -2 x1. The bias is
// the last add.
// CHECK-LABEL: // fc: aicc.matmul_integer
//  CHECK-NEXT: module layer0_dense(
//       CHECK:   input wire [31:0] in_data,
//       CHECK:   output reg [15:0] out_data
//       CHECK:   wire signed [8:0] x0 = $signed({{[{][{]}}1{in_data[7]}}, in_data[7:0]}) + 9'sd1;
//       CHECK:   wire signed [11:0] t0 = {$signed({{[{][{]}}2{x3[8]}}, x3}), 1'b0} + {($signed({{[{][{]}}2{x3[8]}}, x3}) <<< 2), 1'b0};
//  CHECK-NEXT:   wire signed [9:0] t1 = {x0, 1'b0} - {x2, 1'b0};
//  CHECK-NEXT:   wire signed [10:0] t2 = {($signed({{[{][{]}}1{x2[8]}}, x2}) <<< 1), 1'b0} - {$signed({{[{][{]}}1{x1[8]}}, x1}), 1'b0};
//  CHECK-NEXT:   wire signed [15:0] t3 = {$signed({{[{][{]}}4{t0[11]}}, t0[11:1]}), 1'b0} + {($signed({{[{][{]}}4{t0[11]}}, t0[11:1]}) <<< 4), 1'b0};
//  CHECK-NEXT:   wire signed [11:0] t4 = {$signed({{[{][{]}}2{t1[9]}}, t1[9:1]}), 1'b0} + {($signed({{[{][{]}}1{t2[10]}}, t2[10:1]}) <<< 1), 1'b0};
//  CHECK-NEXT:   wire signed [15:0] t5 = {$signed({{[{][{]}}4{t4[11]}}, t4[11:1]}), 1'b0} - {$signed(t3[15:1]), 1'b0};
//  CHECK-NEXT:   wire signed [15:0] acc0 = 16'sd7 + $signed({{[{][{]}}1{t5[15]}}, t5[15:1]});
// Requantization: ((acc * M + C) >>> S) + zero point, saturated (ReLU: the
// lower bound is the zero point -5). The multiply by M = 307 = 256 + 64 - 16
// + 4 - 1 is shift-adds too; 4a - a occurs at shifts 0 and 4, one adder.
//  CHECK-NEXT:   wire signed [17:0] pm0 = {($signed({{[{][{]}}1{acc0[15]}}, acc0}) <<< 2), 1'b0} - {$signed({{[{][{]}}1{acc0[15]}}, acc0}), 1'b0};
//  CHECK-NEXT:   wire signed [21:0] pm1 = {$signed({{[{][{]}}4{pm0[17]}}, pm0[17:1]}), 1'b0} + {($signed({{[{][{]}}4{pm0[17]}}, pm0[17:1]}) <<< 4), 1'b0};
//  CHECK-NEXT:   wire signed [23:0] pm2 = {$signed({{[{][{]}}2{pm1[21]}}, pm1[21:1]}), 1'b0} + {($signed({{[{][{]}}7{acc0[15]}}, acc0}) <<< 8), 1'b0};
//  CHECK-NEXT:   wire signed [[PW:\[[0-9]+:0\]]] p0 = 24'sd597 + $signed({{[{][{]}}1{pm2[23]}}, pm2[23:1]});
//       CHECK:   wire signed [[PW]] q0 = (p0 >>> {{[0-9]+}}) + -{{[0-9]+}}'sd5;
//       CHECK:   wire signed [9:0] c0 = q0 < -{{[0-9]+}}'sd5 ? -10'sd5 : q0 > {{[0-9]+}}'sd127 ? 10'sd127 : q0[9:0];
// 15 * 0.3 rounds to 4.5 in f32, then to 4 (even); the floor form gives 5,
// so acc 15 gets a -1 correction.
//       CHECK:   wire signed [9:0] r0 = c0 {{.*}}- ((acc0 == 16'sd15) ? 10'sd1 : 10'sd0)
//       CHECK:   assign out_next[7:0] = r0[7:0];
// The second output, 4 x1 + x2 - 4 x3: three digits, two adders (summing
// x1 - x3 first, as same magnitudes, would need two as well).
//       CHECK:   wire signed [11:0] t6 = {$signed({{[{][{]}}2{x2[8]}}, x2}), 1'b0} + {($signed({{[{][{]}}2{x1[8]}}, x1}) <<< 2), 1'b0};
//  CHECK-NEXT:   wire signed [12:0] t7 = {$signed({{[{][{]}}1{t6[11]}}, t6[11:1]}), 1'b0} - {($signed({{[{][{]}}3{x3[8]}}, x3}) <<< 2), 1'b0};
//  CHECK-NEXT:   wire signed [15:0] acc1 = -16'sd9 + $signed({{[{][{]}}4{t7[12]}}, t7[12:1]});
// No multiply is left in the layer.
//   CHECK-NOT:   {{[a-z0-9]+ \* }}
//       CHECK:   always @(posedge clk)
//  CHECK-NEXT:     if (en)
//  CHECK-NEXT:       out_data <= out_next;
// The top: AXI-Stream ports, one pipeline stage per layer.
//       CHECK: module top(
//       CHECK:   input wire [31:0] s_axis_tdata,
//       CHECK:   output wire [15:0] m_axis_tdata,
//       CHECK:   wire en = m_axis_tready || !m_axis_tvalid;
//       CHECK:   layer0_dense u0(.clk(aclk), .en(en), .in_data(s_axis_tdata), .out_data(d1));
//       CHECK:   assign m_axis_tdata = d1;

// HARNESS: #include "Vtop.h"
// HARNESS: static const size_t kInputBytes = 4;
// HARNESS: static const size_t kOutputBytes = 2;
// HARNESS: "input int8 2 1 4 5.000000000e-01 -1\n"
// HARNESS-NEXT: "output float32 2 1 2 2.500000000e-01 -5\n"
// HARNESS-NEXT: "output int8 2 1 2\n"

// REPORT: "initiation_interval": 1,
// REPORT: "name": "x",
// REPORT: "latency_cycles": 1,
// REPORT: "add_sub_weights": 2,
// REPORT: "adders": 8,
// REPORT: "constant_multiplies": 0,
// REPORT: "csd_adders": 4,
// REPORT: "csd_weights": 2,
// REPORT: "factored_terms": 1,
// REPORT: "node": "fc",
// REPORT: "requantize_adders": 4,
// REPORT: "requantize_multiplies": 0,
// REPORT: "shared_pair_uses": 2,
// REPORT: "shared_pairs": 1,
// REPORT: "shift_weights": 2,
// REPORT: "zero_weights_skipped": 1
// REPORT: "reuse": 1,

func.func @main(%x: tensor<1x4xf32> {aicc.name = "x"})
    -> (tensor<1x2xf32> {aicc.name = "y"}, tensor<1x2xi8> {aicc.name = "y_q"}) {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<-1> : tensor<i8>
  %sy = arith.constant dense<0.25> : tensor<f32>
  %zy = arith.constant dense<-5> : tensor<i8>
  %w = arith.constant dense<[[1, 0], [-2, 4], [3, 1], [-85, -4]]> : tensor<4x2xi8>
  %b = arith.constant dense<[7, -9]> : tensor<2xi32>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x4xf32>, tensor<f32>, tensor<i8>) -> tensor<1x4xi8> loc("x_q"("QuantizeLinear"))
  %acc = aicc.matmul_integer %q, %w {lhs_zero_point = -1 : i64, rhs_zero_point = 0 : i64} : (tensor<1x4xi8>, tensor<4x2xi8>) -> tensor<1x2xi32> loc("fc"("Gemm"))
  %ab = aicc.add %acc, %b : (tensor<1x2xi32>, tensor<2xi32>) -> tensor<1x2xi32> loc("fc"("Gemm"))
  %y = aicc.requantize %ab {scale = array<f32: 0.3, 0.125>, axis = 1 : i64, zero_point = -5 : i64, relu} : tensor<1x2xi32> -> tensor<1x2xi8> loc("fc"("Gemm"))
  %f = aicc.dequantize_linear %y, %sy, %zy {axis = 0 : i64} : (tensor<1x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2xf32> loc("y_dq"("DequantizeLinear"))
  return %f, %y : tensor<1x2xf32>, tensor<1x2xi8>
}

// -O0 still folds QDQ for the fixed target; hardware has no memory plan.
// RUN: rm -rf %t-O0 && aicc %s -target=fixed -emit=verilog -O0 -o %t-O0
// RUN: FileCheck %s --check-prefix=O0 --input-file=%t-O0/model.v
// O0: module layer0_dense(
// RUN: not aicc %s -target=fixed -emit=verilog -print-memory-plan -o %t-plan 2>&1 | FileCheck %s --check-prefix=PLAN
// PLAN: aicc: error: -print-memory-plan and -memory-plan-svg are for code, not -emit=verilog
