// RUN: aicc-opt %s --pass-pipeline='builtin.module(func.func(aicc-bind-empty-tensors))' | FileCheck %s

// Arguments without elements become pointers; their uses read a zero-sized
// alloca. Other arguments and private functions stay as they are.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%{{.*}}: !llvm.ptr, %[[Y:.*]]: memref<3xf32>, %{{.*}}: !llvm.ptr {bufferize.result})
// CHECK-DAG: %[[X:.*]] = memref.alloca() : memref<2x0x4xf32>
// CHECK-DAG: %[[Z:.*]] = memref.alloca() : memref<2x0x4xf32>
// CHECK: memref.copy %[[X]], %[[Z]]
// CHECK: return
func.func @main(%x: memref<2x0x4xf32>, %y: memref<3xf32>, %z: memref<2x0x4xf32> {bufferize.result}) {
  memref.copy %x, %z : memref<2x0x4xf32> to memref<2x0x4xf32>
  return
}

// CHECK-LABEL: func.func private @helper
// CHECK-SAME: memref<0x2xf32>
func.func private @helper(%x: memref<0x2xf32>) {
  return
}
