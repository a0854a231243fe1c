// RUN: aicc-opt %s --split-input-file --aicc-map-loops-to-gpu --verify-diagnostics
// RUN: not aicc-opt %s --split-input-file --aicc-map-loops-to-gpu=block-size=2048 2>&1 | FileCheck %s --check-prefix=SIZE

// SIZE: error: aicc-map-loops-to-gpu: block-size must be 1 to 1024

// Buffers sized at run time need the runtime's device allocator (not yet).
func.func @dynamic(%n: index) {
  // expected-error @below {{a buffer whose size is known only at run time is not supported by -target=cuda yet}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

func.func @reduce(%a: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @below {{a parallel loop with a reduction result is not supported by -target=cuda yet}}
  %s = scf.parallel (%i) = (%c0) to (%c8) step (%c1) init (%zero) -> f32 {
    %x = memref.load %a[%i] : memref<8xf32>
    scf.reduce(%x : f32) {
    ^bb0(%l: f32, %r: f32):
      %t = arith.addf %l, %r : f32
      scf.reduce.return %t : f32
    }
  }
  return %s : f32
}

// -----

func.func @host_reads(%a: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  // expected-error @below {{this computation produces a value that the host reads, which -target=cuda does not support yet}}
  %x = memref.load %a[%c0] : memref<8xf32>
  return %x : f32
}

// -----

func.func private @helper(memref<8xf32>)
func.func @calls(%a: memref<8xf32>) {
  // expected-error @below {{calls are not supported by -target=cuda}}
  func.call @helper(%a) : (memref<8xf32>) -> ()
  return
}

// -----

// A scalar computed from device memory and used by a later loop nest.
func.func @scalar_escapes(%a: memref<8xf32>, %b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  // expected-error @below {{this computation produces a value that the host reads, which -target=cuda does not support yet}}
  %x = memref.load %a[%c0] : memref<8xf32>
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %x, %b[%i] : memref<8xf32>
    scf.reduce
  }
  return
}

// -----

// Kernels take bare device pointers: an output whose size is dynamic has no
// static shape to address it with.
func.func @dynamic_output(%out: memref<?xf32> {aicc.name = "y"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %out, %c0 : memref<?xf32>
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    // expected-error @below {{a tensor whose shape is known only at run time (graph tensor 'y') is not supported by -target=cuda yet}}
    memref.store %zero, %out[%i] : memref<?xf32>
    scf.reduce
  }
  return
}
