// -target=fixed -emit=verilog shares digit pairs across a layer's outputs
// (DigitSharing.h): x0 + x1 occurs in all three dot products (at shift 0 in
// the first two, at shift 1 in the third, whose weights are 2 and 2), so it
// is one adder wire, and every output's sum uses that wire instead of
// adding x0 and x1 again.
// RUN: rm -rf %t && aicc %s -target=fixed -emit=verilog -o %t
// RUN: FileCheck %s --input-file=%t/model.v
// RUN: FileCheck %s --check-prefix=REPORT --input-file=%t/report.json

// Weights (rows: outputs) 1 1 3 0 / 1 1 -1 1 / 2 2 0 1. The most frequent
// pair, x0 + x1 (3 times), is one adder P; then x2 - P (twice: 3 x2 + P is
// 4 x2 - (x2 - P), and P - x2 + x3 is x3 - (x2 - P)) is Q. Five adders in
// all, against six without sharing.
// CHECK-LABEL: module layer0_dense(
//       CHECK:   wire signed [10:0] [[P:t[0-9]+]] = {$signed({{[{][{]}}1{x0[8]}}, x0}), 1'b0} + {$signed({{[{][{]}}1{x1[8]}}, x1}), 1'b0};
//  CHECK-NEXT:   wire signed [10:0] [[Q:t[0-9]+]] = {$signed({{[{][{]}}1{x2[8]}}, x2}), 1'b0} - {$signed([[P]][10:1]), 1'b0};
// The outputs use the shared wires; x0 and x1 are not added again.
//   CHECK-NOT:   {{[^a-z0-9_]x[01][^0-9]}}
//       CHECK:   wire signed [11:0] [[A0:t[0-9]+]] = {($signed({{[{][{]}}2{x2[8]}}, x2}) <<< 2), 1'b0} - {$signed({{[{][{]}}1{[[Q]][10]}}, [[Q]][10:1]}), 1'b0};
//  CHECK-NEXT:   wire signed [11:0] acc0 = 12'sd5 + $signed({{[{][{]}}1{[[A0]][11]}}, [[A0]][11:1]});
//   CHECK-NOT:   {{[^a-z0-9_]x[01][^0-9]}}
//       CHECK:   wire signed [10:0] [[A1:t[0-9]+]] = {$signed({{[{][{]}}1{x3[8]}}, x3}), 1'b0} - {$signed([[Q]][10:1]), 1'b0};
//  CHECK-NEXT:   wire signed [11:0] acc1 = -12'sd3 + $signed({{[{][{]}}2{[[A1]][10]}}, [[A1]][10:1]});
//   CHECK-NOT:   {{[^a-z0-9_]x[01][^0-9]}}
//       CHECK:   wire signed [11:0] [[A2:t[0-9]+]] = {$signed({{[{][{]}}2{x3[8]}}, x3}), 1'b0} + {($signed({{[{][{]}}1{[[P]][10]}}, [[P]][10:1]}) <<< 1), 1'b0};
//  CHECK-NEXT:   wire signed [11:0] acc2 = $signed({{[{][{]}}1{[[A2]][11]}}, [[A2]][11:1]});
//   CHECK-NOT:   {{[^a-z0-9_]x[01][^0-9]}}
//       CHECK: endmodule

// REPORT: "adders": 5,
// REPORT: "shared_pair_uses": 5,
// REPORT: "shared_pairs": 2,

func.func @main(%x: tensor<1x4xf32> {aicc.name = "x"}) -> (tensor<1x3xi8> {aicc.name = "y"}) {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<-1> : tensor<i8>
  %w = arith.constant dense<[[1, 1, 2], [1, 1, 2], [3, -1, 0], [0, 1, 1]]> : tensor<4x3xi8>
  %b = arith.constant dense<[5, -3, 0]> : tensor<3xi32>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<1x4xf32>, tensor<f32>, tensor<i8>) -> tensor<1x4xi8> loc("x_q"("QuantizeLinear"))
  %acc = aicc.matmul_integer %q, %w {lhs_zero_point = -1 : i64, rhs_zero_point = 0 : i64} : (tensor<1x4xi8>, tensor<4x3xi8>) -> tensor<1x3xi32> loc("fc"("Gemm"))
  %ab = aicc.add %acc, %b : (tensor<1x3xi32>, tensor<3xi32>) -> tensor<1x3xi32> loc("fc"("Gemm"))
  %y = aicc.requantize %ab {scale = array<f32: 0.0371, 0.0371, 0.0371>, axis = 1 : i64, zero_point = 0 : i64} : tensor<1x3xi32> -> tensor<1x3xi8> loc("fc"("Gemm"))
  return %y : tensor<1x3xi8>
}
