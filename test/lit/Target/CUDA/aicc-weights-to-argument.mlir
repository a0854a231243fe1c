// RUN: aicc-opt %s --allow-unregistered-dialect --aicc-weights-to-argument --split-input-file --verify-diagnostics | FileCheck %s
// RUN: aicc-opt %s --allow-unregistered-dialect --aicc-weights-to-argument="alignment=256" --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=ALIGN

// Two globals read by @main (one twice) become views of one weights
// argument at 64-byte aligned offsets in first-use order; the globals stay,
// public, with their offsets. An unused global is left alone.
// CHECK:     memref.global constant @w : memref<3xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> {aicc.weights_offset = 0 : i64}
// CHECK:     memref.global constant @b : memref<2x2xi1> = dense<{{.*}}> {aicc.weights_offset = 64 : i64}
// CHECK:     memref.global "private" constant @unused : memref<2xf32>
// CHECK-NOT: aicc.weights_offset
// CHECK:     func.func @main(%[[IN:.+]]: memref<3xf32>, %[[OUT:.+]]: memref<3xf32>, %[[W:.+]]: memref<128xi8> {aicc.weights})
// CHECK-SAME:    attributes {aicc.weights_bytes = 128 : i64}
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C64:.+]] = arith.constant 64 : index
// CHECK:     %[[V0:.+]] = memref.view %[[W]][%[[C0]]][] : memref<128xi8> to memref<3xf32>
// CHECK:     %[[V1:.+]] = memref.view %[[W]][%[[C64]]][] : memref<128xi8> to memref<2x2xi1>
// CHECK:     %[[V2:.+]] = memref.view %[[W]][%[[C0]]][] : memref<128xi8> to memref<3xf32>
// CHECK:     memref.copy %[[V0]], %[[OUT]]
// CHECK-NOT: memref.get_global
// ALIGN:     @b : memref<2x2xi1> = dense<{{.*}}> {aicc.weights_offset = 256 : i64}
// ALIGN:     %{{.+}}: memref<512xi8> {aicc.weights}
module {
  memref.global "private" constant @w : memref<3xf32> = dense<[1.0, 2.0, 3.0]>
  memref.global "private" constant @b : memref<2x2xi1> = dense<[[true, false], [false, true]]>
  memref.global "private" constant @unused : memref<2xf32> = dense<0.0>
  func.func @main(%in: memref<3xf32>, %out: memref<3xf32>) {
    %w = memref.get_global @w : memref<3xf32>
    %b = memref.get_global @b : memref<2x2xi1>
    %w2 = memref.get_global @w : memref<3xf32>
    memref.copy %w, %out : memref<3xf32> to memref<3xf32>
    "test.use"(%b, %w2) : (memref<2x2xi1>, memref<3xf32>) -> ()
    return
  }
}

// -----

// Without constant globals nothing changes.
// CHECK-LABEL: func.func @main(%{{.+}}: memref<3xf32>)
// CHECK-NOT:   aicc.weights
module {
  func.func @main(%in: memref<3xf32>) {
    return
  }
}

// -----

module {
  memref.global "private" @state : memref<3xf32> = dense<0.0>
  func.func @main(%out: memref<3xf32>) {
    // expected-error @below {{a mutable or uninitialised global cannot be a weight of the CUDA artifact}}
    %s = memref.get_global @state : memref<3xf32>
    memref.copy %s, %out : memref<3xf32> to memref<3xf32>
    return
  }
}

// -----

module {
  memref.global "private" constant @nibbles : memref<4xi4> = dense<[1, 2, 3, 4]>
  func.func @main(%out: memref<4xi4>) {
    // expected-error @below {{weight 'memref<4xi4>' is not a dense tensor of whole-byte elements}}
    %s = memref.get_global @nibbles : memref<4xi4>
    memref.copy %s, %out : memref<4xi4> to memref<4xi4>
    return
  }
}
