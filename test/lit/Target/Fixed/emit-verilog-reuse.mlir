// -target=fixed -emit=verilog -reuse=2 on a one-layer network (the layer of
// emit-verilog.mlir): its two outputs share one lane, computed in phases 0
// and 1; the top accepts a vector every 2 cycles.
// RUN: rm -rf %t && aicc %s -target=fixed -emit=verilog -reuse=2 -o %t
// RUN: FileCheck %s --input-file=%t/model.v
// RUN: FileCheck %s --check-prefix=REPORT --input-file=%t/report.json
// RUN: FileCheck %s --check-prefix=HARNESS --input-file=%t/harness.cpp

// -reuse is for hardware only, and at least 1.
// RUN: not aicc %s -reuse=2 -o %t.so 2>&1 | FileCheck %s --check-prefix=NOTARGET
// RUN: not aicc %s -target=fixed -reuse=2 -o %t.so 2>&1 | FileCheck %s --check-prefix=NOTARGET
// NOTARGET: aicc: error: -reuse needs -target=fixed -emit=verilog
// RUN: not aicc %s -target=fixed -emit=verilog -reuse=0 -o %t-0 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: aicc: error: -reuse must be at least 1 (1: fully parallel), got 0

// Weight 1 in phase 0 and none (0) in phase 1: one product by 1 of the
// input selected by the phase (0 in phase 1). The other slots' weights
// differ between the two neurons (-2/4, 3/1, -85/-4): a multiply of the
// input by the weight of the current phase, as narrow as the weights.
// The bias is selected too.
// CHECK-LABEL: module layer0_dense(
//       CHECK:   input wire [0:0] phase,
//       CHECK:   wire signed [8:0] s0_0 = (phase == 1'd0 ? x0 : 9'sd0);
//       CHECK:   wire signed [8:0] xs0_1 = x1;
//       CHECK:   wire signed [3:0] ws0_1 = (phase == 1'd0 ? -4'sd2 : 4'sd4);
//       CHECK:   wire signed [12:0] m0_1 = xs0_1 * ws0_1;
//       CHECK:   wire signed [7:0] ws0_3 = (phase == 1'd0 ? -8'sd85 : -8'sd4);
//       CHECK:   wire signed [16:0] m0_3 = xs0_3 * ws0_3;
// The products are added by a tree of two-input adders, each as wide as
// its range (m0_3 in [-10880, 10795] needs 15 of its 17 bits).
//       CHECK:   wire signed [11:0] t0 = {$signed({{[{][{]}}2{s0_0[8]}}, s0_0}), 1'b0} + {$signed(m0_2[10:0]), 1'b0};
//  CHECK-NEXT:   wire signed [15:0] t1 = {$signed({{[{][{]}}2{m0_1[12]}}, m0_1}), 1'b0} + {$signed(m0_3[14:0]), 1'b0};
//  CHECK-NEXT:   wire signed [15:0] t2 = {$signed({{[{][{]}}4{t0[11]}}, t0[11:1]}), 1'b0} + {$signed(t1[15:1]), 1'b0};
//  CHECK-NEXT:   wire signed [15:0] acc0 = (phase == 1'd0 ? 16'sd7 : -16'sd9) + $signed({{[{][{]}}1{t2[15]}}, t2[15:1]});
// One requantizer: the multiplier and offset of the phase's channel, one
// shift (channel 1's multiplier and offset scaled up to the larger shift).
//       CHECK:   wire signed [[PW:\[[0-9]+:0\]]] p0 = {{.*}} * (phase == 1'd0 ? {{[0-9]+}}'sd{{[0-9]+}} : {{[0-9]+}}'sd{{[0-9]+}}) + (phase == 1'd0 ? {{.*}} : {{.*}});
//       CHECK:   wire signed [[PW]] q0 = (p0 >>> {{[0-9]+}}) + -{{[0-9]+}}'sd5;
// Each rounding correction applies in its channel's phase only.
//       CHECK:   wire signed [9:0] r0 = c0 - ((phase == 1'd0) && (acc0 == 16'sd15) ? 10'sd1 : 10'sd0)
//  CHECK-SAME:   + ((phase == 1'd1) && (acc0 == 16'sd12) ? 10'sd1 : 10'sd0)
// Phase 0's output waits in a register; phase 1 (the last) goes straight to
// the output register, loaded when the stage advances.
//       CHECK:   reg [7:0] h0;
//  CHECK-NEXT:   always @(posedge clk)
//  CHECK-NEXT:     if (phase == 1'd0)
//  CHECK-NEXT:       h0 <= r0[7:0];
//  CHECK-NEXT:   assign out_next[7:0] = h0;
//  CHECK-NEXT:   assign out_next[15:8] = r0[7:0];
//       CHECK:       out_data <= out_next;
// The top: a phase counter that waits in the last phase until the output
// side can take data; an input register; input accepted only on a step.
//       CHECK: module top(
//       CHECK:   wire en = m_axis_tready || !m_axis_tvalid;
//       CHECK:   reg [0:0] phase;
//       CHECK:   wire step = en && phase == 1'd1;
//       CHECK:       phase <= 1'd0;
//       CHECK:     else if (phase != 1'd1)
//       CHECK:       d0 <= s_axis_tdata;
//       CHECK:   reg [1:0] valid;
//       CHECK:   assign s_axis_tready = step;
//       CHECK:     else if (step)
//  CHECK-NEXT:       valid <= {valid[0:0], s_axis_tvalid};
// The output is taken once: valid drops after the handshake until the next step.
//  CHECK-NEXT:     else if (m_axis_tready)
//  CHECK-NEXT:       valid[1] <= 1'b0;
//       CHECK:   layer0_dense u0(.clk(aclk), .en(step), .phase(phase), .in_data(d0), .out_data(d1));

// HARNESS: static const long long kInitiationInterval = 2;
// HARNESS: bool stalls = argc == 4 && std::string(argv[3]) == "--random-stalls";
// HARNESS: offer = sent < vectors && (offer || coin());
// HARNESS: top.m_axis_tready = coin();
// HARNESS: initiation_interval=%lld

// REPORT: "initiation_interval": 2,
// REPORT: "latency_cycles": 3,
// REPORT: "cycles": 2,
// REPORT: "input_selects": 1,
// REPORT: "lanes": 1,
// REPORT: "selected_weight_multiplies": 3,
// REPORT: "reuse": 2,

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
