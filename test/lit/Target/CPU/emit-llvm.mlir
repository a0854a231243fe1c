// RUN: aicc %s -emit=llvm -o - | FileCheck %s
// RUN: aicc %s -emit=llvm -name=tiny -o - | FileCheck %s --check-prefix=NAMED
// RUN: aicc %s -emit=so -name=tiny -o %t.so
// RUN: llvm-nm -D --defined-only %t.so | FileCheck %s --check-prefix=SO

module attributes {aicc.model_name = "tiny_mlp"} {
  func.func @main(%x: tensor<2x3xf32> {aicc.name = "x"}, %w: tensor<3x4xf32> {aicc.name = "weights"})
      -> (tensor<2xf32> {aicc.name = "sum"}, tensor<2x4xi32> {aicc.name = "rounded"}) {
    %0 = aicc.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    %1 = aicc.relu %0 : tensor<2x4xf32>
    %2 = aicc.reduce_sum %1 {axes = array<i64: 1>, keepdims = false} : (tensor<2x4xf32>) -> tensor<2xf32>
    %3 = aicc.cast %1 : tensor<2x4xf32> to tensor<2x4xi32>
    return %2, %3 : tensor<2xf32>, tensor<2x4xi32>
  }
}

// Without -name the prefix comes from the input file (output is stdout).
// CHECK: ; ModuleID = 'tiny_mlp'
// CHECK-DAG: %aicc_abi_tensor = type { ptr, i32, i32, ptr }
// CHECK-DAG: %aicc_abi_model = type { i32, i32, ptr, ptr, i32, i32, ptr, ptr, i64, i64, ptr, i32, i32, ptr }
// CHECK-DAG: @emit_llvm_model_name = private unnamed_addr constant [9 x i8] c"tiny_mlp\00"
// CHECK-DAG: @emit_llvm_input0_name = {{.*}} c"x\00"
// CHECK-DAG: @emit_llvm_input0_shape = {{.*}} [2 x i64] [i64 2, i64 3]
// CHECK-DAG: @emit_llvm_input1_name = {{.*}} c"weights\00"
// CHECK-DAG: @emit_llvm_input1_shape = {{.*}} [2 x i64] [i64 3, i64 4]
// CHECK-DAG: @emit_llvm_output0_name = {{.*}} c"sum\00"
// CHECK-DAG: @emit_llvm_output0_shape = {{.*}} [1 x i64] [i64 2]
// CHECK-DAG: @emit_llvm_output1_name = {{.*}} c"rounded\00"
// CHECK-DAG: @emit_llvm_output1_shape = {{.*}} [2 x i64] [i64 2, i64 4]
// Each tensor: name, dtype (1 = float32, 6 = int32), rank, shape.
// CHECK-DAG: @emit_llvm_input_descs = {{.*}} [2 x %aicc_abi_tensor] [%aicc_abi_tensor { ptr @emit_llvm_input0_name, i32 1, i32 2, ptr @emit_llvm_input0_shape }, %aicc_abi_tensor { ptr @emit_llvm_input1_name, i32 1, i32 2, ptr @emit_llvm_input1_shape }]
// CHECK-DAG: @emit_llvm_output_descs = {{.*}} [2 x %aicc_abi_tensor] [%aicc_abi_tensor { ptr @emit_llvm_output0_name, i32 1, i32 1, ptr @emit_llvm_output0_shape }, %aicc_abi_tensor { ptr @emit_llvm_output1_name, i32 6, i32 2, ptr @emit_llvm_output1_shape }]
// ABI version 2, 2 inputs, 2 outputs, the arena (the matmul and relu
// results, 32 bytes each rounded up to 64, both live while relu runs) and its
// alignment, the entry point.
// CHECK-DAG: @emit_llvm_descriptor = private unnamed_addr constant %aicc_abi_model { i32 4, i32 0, ptr @emit_llvm_model_name, ptr @emit_llvm_producer, i32 2, i32 2, ptr @emit_llvm_input_descs, ptr @emit_llvm_output_descs, i64 64, i64 64, ptr @emit_llvm_run, i32 0, i32 0, ptr null }
// The model function is internal; the wrapper loads 2 input and 2 output
// pointers and passes the arena and then the exec last.
// CHECK: define internal void @emit_llvm_main(ptr {{.*}}, ptr {{.*}}, ptr {{.*}}, ptr {{.*}}, ptr {{.*}}, ptr {{.*}})
// CHECK: define i32 @emit_llvm_run(ptr %[[EXEC:[0-9]+]], ptr %[[IN:[0-9]+]], ptr %[[OUT:[0-9]+]], ptr %[[ARENA:[0-9]+]])
// CHECK:   %[[I0P:.+]] = getelementptr inbounds ptr, ptr %[[IN]], i64 0
// CHECK:   %[[I0:.+]] = load ptr, ptr %[[I0P]]
// CHECK:   %[[I1P:.+]] = getelementptr inbounds ptr, ptr %[[IN]], i64 1
// CHECK:   %[[I1:.+]] = load ptr, ptr %[[I1P]]
// CHECK:   %[[O0P:.+]] = getelementptr inbounds ptr, ptr %[[OUT]], i64 0
// CHECK:   %[[O0:.+]] = load ptr, ptr %[[O0P]]
// CHECK:   %[[O1P:.+]] = getelementptr inbounds ptr, ptr %[[OUT]], i64 1
// CHECK:   %[[O1:.+]] = load ptr, ptr %[[O1P]]
// CHECK:   call void @emit_llvm_main(ptr %[[I0]], ptr %[[I1]], ptr %[[O0]], ptr %[[O1]], ptr %[[ARENA]], ptr %[[EXEC]])
// CHECK:   ret i32 0
// CHECK: define ptr @emit_llvm_model_v1()
// CHECK:   ret ptr @emit_llvm_descriptor
// The generic getter is exported by shared libraries only.
// CHECK-NOT: aicc_model_v1

// NAMED-NOT: emit_llvm
// NAMED: define i32 @tiny_run(ptr
// NAMED: define ptr @tiny_model_v1()
// NAMED-NOT: aicc_model_v1

// SO-DAG: T aicc_model_v1
// SO-DAG: T tiny_model_v1
// SO-DAG: T tiny_run
// SO-NOT: tiny_main
