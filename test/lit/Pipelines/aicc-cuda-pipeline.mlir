// RUN: aicc-opt %s --split-input-file --pass-pipeline='builtin.module(aicc-cuda-pipeline{serialize=false})' | FileCheck %s
// RUN: aicc-opt %s --split-input-file --pass-pipeline='builtin.module(aicc-cuda-pipeline)' | FileCheck %s --check-prefix=BIN

// Softmax after a ReLU: the graph is bufferized like the CPU's (output as an
// out-parameter, intermediates in the arena), each loop nest is a kernel
// launched from @main, and all kernels live in one GPU module targeting
// sm_80. The ReLU runs one thread per element, 1200 of them in 5 blocks,
// into an arena view; the softmax is one kernel (aicc-form-named-softmax,
// aicc-map-softmax-to-blocks): one block of 256 threads per row, warp
// shuffles and a shared slot per warp for the max and the sum.
// CHECK-LABEL: func.func @main
//  CHECK-SAME:   %[[X:.+]]: memref<4x300xf32>, %[[Y:.+]]: memref<4x300xf32> {bufferize.result}, %[[ARENA:.+]]: memref<{{[0-9]+}}xi8>)
//  CHECK-SAME:   aicc.arena_bytes
//   CHECK-NOT:   memref.alloc
//       CHECK:   %[[V:.+]] = memref.view %[[ARENA]]
//       CHECK:   gpu.launch_func @aicc_kernels::@main_kernel blocks in (%c5, %c1, %c1) threads in (%c256, %c1, %c1) args(%[[X]] : memref<4x300xf32>, %[[V]] : memref<4x300xf32>)
//       CHECK:   gpu.launch_func @aicc_kernels::@main_kernel_0 blocks in (%c4, %c1, %c1) threads in (%c256, %c1, %c1) args(%[[V]] : memref<4x300xf32>, %[[Y]] : memref<4x300xf32>)
//   CHECK-NOT:   gpu.launch_func
//       CHECK:   return
//       CHECK: gpu.module @aicc_kernels [#nvvm.target<chip = "sm_80", features = "+ptx80">]
//       CHECK:   gpu.func @main_kernel(
//  CHECK-SAME:     kernel attributes {known_block_size = array<i32: 256, 1, 1>, known_grid_size = array<i32: 5, 1, 1>}
//       CHECK:     gpu.block_id x
//       CHECK:     gpu.thread_id x
//       CHECK:     arith.maximumf
//       CHECK:   gpu.func @main_kernel_0(
//  CHECK-SAME:     workgroup(%{{.+}} : memref<8xf32, #gpu.address_space<workgroup>>, %{{.+}} : memref<8xf32, #gpu.address_space<workgroup>>)
//       CHECK:     scf.for
//       CHECK:       arith.maximumf
//       CHECK:     gpu.shuffle  xor
//       CHECK:     gpu.barrier
//       CHECK:     arith.divf
// BIN-LABEL: func.func @main
//       BIN: gpu.binary @aicc_kernels [#gpu.object<#nvvm.target<chip = "sm_80", features = "+ptx80">, {{.*}}assembly = "{{.*}}.target sm_80{{.*}}.visible .entry main_kernel(
//   BIN-NOT: gpu.module
func.func @main(%x: tensor<4x300xf32>) -> tensor<4x300xf32> {
  %0 = aicc.relu %x : tensor<4x300xf32>
  %1 = aicc.softmax %0 {axis = 1 : i64} : tensor<4x300xf32>
  return %1 : tensor<4x300xf32>
}

// -----

// Gemm with constant weights: (i, k, j) becomes one thread per output
// element with k sequential; the weights and bias are views of the weights
// buffer (the last argument of @main, aicc-weights-to-argument), passed to
// the kernels as arguments; the GPU module has no globals.
// CHECK:       memref.global constant @[[B:.+]] : memref<4xf32> = dense<{{.*}}> {aicc.weights_offset = 256 : i64
// CHECK:       memref.global constant @[[W:.+]] : memref<16x4xf32> = dense<{{.*}}> {aicc.weights_offset = 0 : i64
//       CHECK: func.func @main(%{{.+}}: memref<8x16xf32>, %{{.+}}: memref<8x4xf32> {bufferize.result}, %{{.+}}: memref<0xi8>, %[[WB:.+]]: memref<320xi8> {aicc.weights})
//  CHECK-SAME:     aicc.weights_bytes = 320
//   CHECK-NOT:   memref.get_global
//   CHECK-DAG:   %[[WV:.+]] = memref.view %[[WB]][%{{.+}}][] : memref<320xi8> to memref<16x4xf32>
//   CHECK-DAG:   %[[BV:.+]] = memref.view %[[WB]][%{{.+}}][] : memref<320xi8> to memref<4xf32>
//       CHECK:   gpu.launch_func @aicc_kernels::@{{.+}} args(%[[BV]] : memref<4xf32>, %{{.+}} : memref<8x4xf32>)
//       CHECK:   gpu.launch_func @aicc_kernels::@{{.+}} args(%{{.+}} : memref<8x16xf32>, %[[WV]] : memref<16x4xf32>, %{{.+}} : memref<8x4xf32>)
//       CHECK: gpu.module @aicc_kernels
//   CHECK-NOT:   memref.global
//       CHECK:   gpu.func @main_kernel_0(%{{.+}}: memref<8x16xf32>, %[[KW:.+]]: memref<16x4xf32>,
//       CHECK:     scf.for
//       CHECK:       memref.load %[[KW]]
//       CHECK:       arith.mulf {{.*}} fastmath<contract>
//       CHECK:       arith.addf {{.*}} fastmath<contract>
func.func @main(%x: tensor<8x16xf32>) -> tensor<8x4xf32> {
  %w = arith.constant dense<[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.6],
                             [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.7]]> : tensor<16x4xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = aicc.gemm %x, %w, %b {alpha = 1.0 : f64, beta = 1.0 : f64, trans_a = false, trans_b = false} : (tensor<8x16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
