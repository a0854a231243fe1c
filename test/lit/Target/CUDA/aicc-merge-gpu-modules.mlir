// RUN: aicc-opt %s --aicc-merge-gpu-modules | FileCheck %s

// Two outlined kernels, both named @main_kernel in their own modules and
// both reading a copy of @w, end up in one module with one @w.
// CHECK-LABEL: func @main
//       CHECK:   gpu.launch_func @aicc_kernels::@main_kernel blocks
//       CHECK:   gpu.launch_func @aicc_kernels::@main_kernel_0 blocks
//       CHECK: gpu.module @aicc_kernels
//   CHECK-DAG:   gpu.func @main_kernel(
//   CHECK-DAG:   gpu.func @main_kernel_0(
//   CHECK-DAG:   memref.global "private" constant @w
//   CHECK-NOT:   memref.global "private" constant @w
//   CHECK-NOT: gpu.module
module attributes {gpu.container_module} {
  func.func @main(%a: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    gpu.launch_func @main_kernel::@main_kernel blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1) args(%a : memref<4xf32>)
    gpu.launch_func @main_kernel_0::@main_kernel blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
  gpu.module @main_kernel {
    memref.global "private" constant @w : memref<4xf32> = dense<1.0>
    gpu.func @main_kernel(%a: memref<4xf32>) kernel {
      %t = gpu.thread_id x
      %w = memref.get_global @w : memref<4xf32>
      %x = memref.load %w[%t] : memref<4xf32>
      memref.store %x, %a[%t] : memref<4xf32>
      gpu.return
    }
  }
  gpu.module @main_kernel_0 {
    memref.global "private" constant @w : memref<4xf32> = dense<1.0>
    gpu.func @main_kernel(%a: memref<4xf32>) kernel {
      %t = gpu.thread_id x
      %w = memref.get_global @w : memref<4xf32>
      %x = memref.load %w[%t] : memref<4xf32>
      %y = arith.addf %x, %x : f32
      memref.store %y, %a[%t] : memref<4xf32>
      gpu.return
    }
  }
}
