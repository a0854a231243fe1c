// -target=fixed without -emit=verilog: the specialised software form. The
// one-layer network of emit-verilog.mlir compiles to LLVM IR whose only
// globals are the ABI descriptor (names, shapes): the weights and the bias
// are immediates in @..._main, not arrays.
// RUN: aicc %s -target=fixed -emit=llvm -o - | FileCheck %s --implicit-check-not='x i8] [i8' --implicit-check-not='x i32] [i32' --implicit-check-not='x i16] [i16'
// CHECK: @{{.+}}_input0_shape = private unnamed_addr constant [2 x i64] [i64 1, i64 4]
// CHECK: @{{.+}}_output0_shape = private unnamed_addr constant [2 x i64] [i64 1, i64 2]
// CHECK: @{{.+}}_descriptor = private unnamed_addr constant %aicc_abi_model
// CHECK: define internal void @{{.+}}_main(
// CHECK: define i32 @{{.+}}_run(

// A shared library with the CPU target's entry points, run by aicc-run.
// RUN: aicc %s -target=fixed -o %t.so
// RUN: aicc-run %t.so --bench 3 | FileCheck %s --check-prefix=BENCH
// RUN: llvm-nm-22 -D --defined-only %t.so | FileCheck %s --check-prefix=SYMS
// BENCH: latency_ms median=
// SYMS: aicc_model_v1
// SYMS: {{.+}}_model_v1
// SYMS: {{.+}}_run

// -emit=obj writes the object and its C header, as for -target=cpu.
// RUN: aicc %s -target=fixed -emit=obj -o %t.o
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t.h
// HEADER: int32_t {{.+}}_run(

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
