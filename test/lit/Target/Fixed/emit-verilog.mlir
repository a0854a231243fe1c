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
// x = in - (-1); weights burned in: 0 is skipped, +-1 add/sub, +-2^k a shift,
// 3 canonical signed digits (4 - 1), 85 (four signed digits) a constant
// multiply; the bias starts the sum.
// CHECK-LABEL: // fc: aicc.matmul_integer
//  CHECK-NEXT: module layer0_dense(
//       CHECK:   input wire [31:0] in_data,
//       CHECK:   output reg [15:0] out_data
//       CHECK:   wire signed [15:0] x0 = $signed({{[{][{]}}8{in_data[7]}}, in_data[7:0]}) + 16'sd1;
//       CHECK:   wire signed {{.*}} acc0 = {{[0-9]+}}'sd7 + x0 - (x1 <<< 1) + (-x2 + (x2 <<< 2)) - x3 * {{[0-9]+}}'sd85;
// Requantization: multiply, add, arithmetic shift, zero point, saturation
// (ReLU: the lower bound is the zero point -5).
//       CHECK:   wire signed [[PW:\[[0-9]+:0\]]] p0 = $signed({{[{][{]}}8{acc0[15]}}, acc0}) * {{[0-9]+}}'sd{{[0-9]+}} + {{[0-9]+}}'sd{{[0-9]+}};
//       CHECK:   wire signed [[PW]] q0 = (p0 >>> {{[0-9]+}}) + -{{[0-9]+}}'sd5;
//       CHECK:   wire signed [9:0] c0 = q0 < -{{[0-9]+}}'sd5 ? -10'sd5 : q0 > {{[0-9]+}}'sd127 ? 10'sd127 : q0[9:0];
// 15 * 0.3 rounds to 4.5 in f32, then to 4 (even); the floor form gives 5,
// so acc 15 gets a -1 correction.
//       CHECK:   wire signed [9:0] r0 = c0 {{.*}}- ((acc0 == 16'sd15) ? 10'sd1 : 10'sd0)
//       CHECK:   assign out_next[7:0] = r0[7:0];
// Inputs with the same weight magnitude (4 and -4) are summed first.
//       CHECK:   wire signed [15:0] g1_4 = x1 - x3;
//       CHECK:   wire signed {{.*}} acc1 = -{{[0-9]+}}'sd9 + x2 + (g1_4 <<< 2);
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
// REPORT: "constant_multiplies": 1,
// REPORT: "csd_adders": 1,
// REPORT: "csd_weights": 1,
// REPORT: "factored_terms": 1,
// REPORT: "node": "fc",
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
