// RUN: aicc-opt %s --aicc-bind-dynamic-shapes --split-input-file | FileCheck %s

// A dynamic input is rebuilt from its pointer and exec->input_shapes[0]; the
// dynamic output is written into exec->alloc_output(state, 0, shape); the
// dynamic intermediate comes from exec->alloc_scratch and its dealloc goes.
// CHECK-LABEL: func.func @main
//  CHECK-SAME: (%[[X:.+]]: !llvm.ptr, %[[W:.+]]: memref<4x3xf32>, %[[Y:.+]]: !llvm.ptr {bufferize.result}, %[[EXEC:.+]]: !llvm.ptr {aicc.exec})
//  CHECK-SAME: attributes {aicc.needs_exec}
//       CHECK:   %[[SHAPES_ADDR:.+]] = llvm.getelementptr %[[EXEC]][0, 4]
//       CHECK:   %[[SHAPES:.+]] = llvm.load %[[SHAPES_ADDR]] : !llvm.ptr -> !llvm.ptr
//       CHECK:   %[[DIMS:.+]] = llvm.load %{{.+}} : !llvm.ptr -> !llvm.ptr
//       CHECK:   %[[N:.+]] = llvm.load %{{.+}} : !llvm.ptr -> i64
//       CHECK:   llvm.insertvalue %[[X]], %{{.+}}[0]
//       CHECK:   %[[XM:.+]] = builtin.unrealized_conversion_cast %{{.+}} to memref<?x4xf32>
//       CHECK:   llvm.getelementptr %[[EXEC]][0, 7]
//       CHECK:   %[[TMP:.+]] = llvm.call %{{.+}}(%{{.+}}, %{{.+}}) : !llvm.ptr, (!llvm.ptr, i64) -> !llvm.ptr
//       CHECK:   %[[TM:.+]] = builtin.unrealized_conversion_cast %{{.+}} to memref<?x3xf32>
//       CHECK:   linalg.matmul ins(%[[XM]], %[[W]] : memref<?x4xf32>, memref<4x3xf32>) outs(%[[TM]] : memref<?x3xf32>)
//       CHECK:   llvm.getelementptr %[[EXEC]][0, 6]
//       CHECK:   %[[OUT:.+]] = llvm.call %{{.+}}(%{{.+}}, %{{.+}}, %{{.+}}) : !llvm.ptr, (!llvm.ptr, i32, !llvm.ptr) -> !llvm.ptr
//       CHECK:   %[[OM:.+]] = builtin.unrealized_conversion_cast %{{.+}} to memref<?x3xf32>
//       CHECK:   memref.copy %[[TM]], %[[OM]]
//   CHECK-NOT:   memref.dealloc
//   CHECK-NOT:   memref.alloc
//       CHECK:   return
func.func @main(%x: memref<?x4xf32>, %w: memref<4x3xf32>, %y: memref<?x3xf32> {bufferize.result}) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x4xf32>
  %t = memref.alloc(%n) {alignment = 64 : i64} : memref<?x3xf32>
  linalg.matmul ins(%x, %w : memref<?x4xf32>, memref<4x3xf32>) outs(%t : memref<?x3xf32>)
  memref.copy %t, %y : memref<?x3xf32> to memref<?x3xf32>
  memref.dealloc %t : memref<?x3xf32>
  return
}

// -----

// A run-time check becomes a call of exec->fail with the node's name; the
// function keeps its static arguments and gets the exec argument.
// CHECK: llvm.mlir.global internal constant @__aicc_check_0("add_1 (Add): sizes differ\00")
// CHECK-LABEL: func.func @checks
//  CHECK-SAME: (%{{.+}}: memref<4xf32>, %{{.+}}: index, %[[EXEC:.+]]: !llvm.ptr {aicc.exec})
//       CHECK:   %[[BAD:.+]] = arith.xori
//       CHECK:   scf.if %[[BAD]] {
//       CHECK:     %[[MSG:.+]] = llvm.mlir.addressof @__aicc_check_0
//       CHECK:     llvm.getelementptr %[[EXEC]][0, 8]
//       CHECK:     llvm.call %{{.+}}(%{{.+}}, %[[MSG]]) : !llvm.ptr, (!llvm.ptr, !llvm.ptr) -> ()
//   CHECK-NOT:   cf.assert
func.func @checks(%a: memref<4xf32>, %n: index) {
  %c4 = arith.constant 4 : index
  %ok = arith.cmpi eq, %n, %c4 : index
  cf.assert %ok, "sizes differ" loc("add_1"("Add"))
  return
}
