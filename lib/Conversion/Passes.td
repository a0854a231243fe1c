//===- Passes.td - aicc conversion passes ------------------*- tablegen -*-===//
#ifndef AICC_CONVERSION_PASSES_TD
#define AICC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertAiccToLinalg : Pass<"convert-aicc-to-linalg", "func::FuncOp"> {
  let summary = "Lower aicc ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every aicc op into target-independent structured ops on tensors:
    elementwise ops become `linalg.generic` with broadcasting indexing maps,
    contractions (matmul, gemm, conv) become `linalg.generic` contractions,
    pooling and reductions become reductions over window or reduced
    dimensions, and data movement becomes `tensor` ops. Ops that cannot be
    lowered fail the pass with an error at the op's (ONNX node's) location.

    A public function's 4- and 2-bit tensor arguments and results (i4, ui4,
    i2, ui2, f4E2M1FN) become ONNX-packed `tensor<ceil(n*bits/8) x i8>`,
    unpacked at entry and packed before the return: the ABI's layout, while
    the code inside keeps one element per byte.

    Dynamic dimensions (`?`) are supported by the elementwise, matmul,
    reduction, softmax and transpose lowerings: `tensor.empty` gets its sizes
    from `tensor.dim` of the operands. Where the compiled code relies on two
    run-time sizes being equal (broadcast operands, matmul's inner dims), a
    `cf.assert` checks it; `aicc-bind-dynamic-shapes` turns failed checks
    into an error status of the run.

    ```mlir
    %r = aicc.relu %x : tensor<4xf32>
    // becomes
    %e = tensor.empty() : tensor<4xf32>
    %r = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
      ^bb0(%in: f32, %out: f32):
        %z = arith.constant 0.0 : f32
        %m = arith.maximumf %in, %z : f32
        linalg.yield %m : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "arith::ArithDialect", "math::MathDialect",
                           "cf::ControlFlowDialect"];
}

def ConvertPackedMatmulToVector
    : Pass<"convert-packed-matmul-to-vector", "func::FuncOp"> {
  let summary = "Expand aicc.packed_matmul on memrefs into register-tiled vector code";
  let description = [{
    Runs after bufferization. Each `aicc.packed_matmul` becomes loops over
    batch, output rows, column tiles and row panels; an MR x NV tile of
    accumulators (`vector<VLxf32>`) lives in registers through the reduction
    over input channels, whose window taps are unrolled. Every step loads
    NV vectors of the input row (for stride s, s*VL elements and a shuffle)
    and broadcasts MR weights into `vector.fma`. The epilogue adds the bias
    and the residual, applies ReLU/Clip and stores. Column tiles whose reads
    could leave the input row and the last partial tiles become static
    variants with `vector.maskedload`/`vector.maskedstore`; the main loops
    carry no bounds checks.

    ```mlir
    aicc.packed_matmul %a, %x into %c {packed_a, tile = array<i64: 6, 16>, ...}
        : memref<2x8x6xf32>, memref<1x8x1x16xf32> into memref<1x12x1x16xf32>
    // becomes
    scf.for %b ... { scf.for %oh ... { scf.for %ow0 ... { scf.for %panel ... {
      %acc:12 = scf.for %c ... iter_args(...) {
        %x0 = vector.load %x[...] : memref<1x8x1x16xf32>, vector<8xf32>
        %w = memref.load %a[%panel, %k, %c0] : memref<2x8x6xf32>
        %wb = vector.broadcast %w : f32 to vector<8xf32>
        %f = vector.fma %wb, %x0, %acc0 : vector<8xf32>
        ...
      }
      vector.store %acc#0, %c[...] : memref<1x12x1x16xf32>, vector<8xf32>
    } } } }
    ```
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits">
  ];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect",
                           "memref::MemRefDialect", "arith::ArithDialect"];
}

#endif // AICC_CONVERSION_PASSES_TD
