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

    `aicc.loop` becomes `scf.while` over (iteration, condition, carried
    values): the before region tests `iteration < trips` and the condition,
    the after region is the inlined body (its ops lowered like any other),
    and each yielded carried value is written into its argument's buffer
    (`bufferization.materialize_in_destination`), so one-shot bufferization
    keeps one buffer per carried value across iterations.

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
                           "cf::ControlFlowDialect", "scf::SCFDialect",
                           "bufferization::BufferizationDialect"];
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

def ConvertPackedMatmulIntegerToVector
    : Pass<"convert-packed-matmul-integer-to-vector", "func::FuncOp"> {
  let summary = "Expand aicc.packed_matmul_integer on memrefs into register-tiled "
                "vector code";
  let description = [{
    Runs after bufferization. Each `aicc.packed_matmul_integer` becomes a
    parallel loop over batches and output rows, then loops over column tiles
    and MR-row panels; an MR x NV tile of `vector<VLxi32>` accumulators lives
    in registers through the reduction over pairs of input channels and the
    window rows (the taps of a row unrolled). A step multiplies 2*VL sign-extended 16-bit values from
    each side and adds adjacent products into the i32 lanes (`arith.muli` of
    widened vectors, even and odd `vector.shuffle`s, `arith.addi`), the
    shape LLVM's x86 back end selects as `vpmaddwd`; it is exact for 16-bit
    by 8-bit products. The 8-bit side is widened in registers: the rows of
    channels c and c+1 interleaved byte by byte (convolutions), or a pair of
    `a`'s values broadcast (products with packed weights); the packed side
    is one load or one broadcast. The epilogue adds the bias and, for 8-bit
    results, converts to f32, multiplies by the scale, rounds half to even,
    adds the zero point, saturates (ReLU: from the zero point) and stores
    bytes, as `aicc.requantize`. Partial tiles use masked loads and stores.

    ```mlir
    aicc.packed_matmul_integer %a, %x bias %b : memref<10xi32> scale %s : memref<10xf32>
        into %c {packed_a, tile = array<i64: 4, 16>, ...}
    // becomes
    scf.parallel (%row) ... { scf.for %ow0 ... { scf.for %panel ... {
      %acc:8 = scf.for %pair ... iter_args(...) {
        %lo = vector.load %x[%b, %c0, %ih, %iw] : memref<2x3x15x15xi8>, vector<8xi8>
        %hi = vector.load %x[%b, %c1, %ih, %iw] : memref<2x3x15x15xi8>, vector<8xi8>
        %xi = vector.shuffle %lo, %hi [0, 8, 1, 9, ...] : vector<8xi8>, vector<8xi8>
        %xw = arith.extsi %xi : vector<16xi8> to vector<16xi16>
        %w = memref.load %a[%panel, %k, %c0] : memref<3x18x4xi32>
        ... (pmaddwd-shaped multiply-add into %acc)
      }
      ... (bias, requantize, vector.store of vector<8xi8>)
    } } }
    ```

    With i8 packed weights (channel quads, the `u8s8` packing of
    `aicc-form-integer-kernels`), a step covers four channels: their rows
    are interleaved byte by byte (four bytes per i32 lane), int8 inputs
    shifted to unsigned (`xor 0x80`; the bias holds the correction), and
    multiplied by the broadcast weight word with `pmaddubsw`, then summed
    into i32 by `pmaddwd` with ones (`llvm.call_intrinsic` of the x86
    intrinsics: LLVM forms neither from generic ops here). Exact when the
    weights lie in [-64, 64]; x86 only (SSSE3, AVX2 or AVX-512BW by width).
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits">
  ];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect",
                           "memref::MemRefDialect", "arith::ArithDialect",
                           "math::MathDialect", "LLVM::LLVMDialect"];
}

def ConvertPackedMatmulInt4ToVector
    : Pass<"convert-packed-matmul-int4-to-vector", "func::FuncOp"> {
  let summary = "Expand aicc.packed_matmul_int4 on memrefs into vector loops that unpack "
                "the 4-bit weights in registers";
  let description = [{
    Runs after bufferization. Each `aicc.packed_matmul_int4` becomes an
    `scf.parallel` over (row, panel of NR columns). Per block of the
    reduction the panel's scales and offsets are loaded into NV =
    NR / (vector-bits / 32) vectors; per pair of reduction steps, a
    `vector<VLxi8>` load per vector holds both steps' weights: `arith.extui`
    to i32, `andi 15` (even step) and `shrui 4` (odd step), `sitofp`, then
    `fma(broadcast x[m, k], q, sum)` into block sums kept apart for even and
    odd steps, and the scalar sum of x over the block. After each block,
    `acc = fma(even + odd, scale, acc)` and `acc = fma(sum x, offset, acc)`
    (offset = -zero_point * scale): one FMA per weight. The epilogue adds
    the bias and stores (masked for a partial last panel).
    ```mlir
    aicc.packed_matmul_int4 %x, %w, %s, %o into %out {block_size = 32 : i64}
      : memref<1x64xf32>, memref<1x32x8xi8>, memref<1x2x8xf32>, memref<1x2x8xf32>
        into memref<1x8xf32>
    // becomes
    scf.parallel (%i) = (%c0) to (%c1) step (%c1) {
      %acc:2 = scf.for %b = %c0 to %c2 step %c1 iter_args(...) {
        %s = vector.load %s[...] ... scf.for %j = %c0 to %c16 step %c1 iter_args(...) {
          %q = vector.load %w[%p, %jj, %c0] : memref<1x32x8xi8>, vector<8xi8>
          %e = arith.extui %q : vector<8xi8> to vector<8xi32> ...
    ```
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits (256: AVX2, 512: AVX-512)">
  ];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect", "arith::ArithDialect",
                           "memref::MemRefDialect"];
}

def ConvertSparseMatmulToVector
    : Pass<"convert-sparse-matmul-to-vector", "func::FuncOp"> {
  let summary = "Expand aicc.sparse_matmul on memrefs into vector loops over the non-zeros";
  let description = [{
    Runs after bufferization. Each `aicc.sparse_matmul` becomes an
    `scf.parallel` over panels of 8 output columns (a static variant for a
    last partial panel). For each tile of `row_tile` output rows and each
    column of the panel, `ceil(row_tile / 8)` `vector<8xf32>` accumulators
    live in registers while an `scf.for` walks the column's non-zeros: load
    the row index, broadcast the weight, `vector.fma` it with the contiguous
    rows of the transposed activation (a masked load for a partial last
    vector), prefetching (row tiles of 32 rows or more) the row of the non-zero
    8 steps ahead. The panel's results are transposed in registers (8x8 blocks
    of `vector.shuffle`s), then bias, ReLU/Clip and one vector store per
    output row (masked for a partial panel). The vectors are 256-bit
    whatever the target's width.
    ```mlir
    aicc.sparse_matmul %xt, %off, %idx, %val into %out {row_tile = 64 : i64}
      : memref<768x128xf32>, memref<3073xi32>, memref<235930xi32>, memref<235930xf32>
        into memref<128x3072xf32>
    // becomes
    scf.parallel (%p) = (%c0) to (%c384) step (%c1) {
      scf.for %m0 = %c0 to %c128 step %c64 {
        %acc:8 = scf.for %s = %first to %last step %c1 iter_args(...) {
          %k = memref.load %idx[%s]  ...  %w = vector.broadcast ...
          %x0 = vector.load %xt[%k, %m0] ... %a0 = vector.fma %w, %x0, %acc0 ...
        ... (8 columns), vector.shuffle ..., vector.store %row, %out[%m, %n0]
    ```
  }];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect",
                           "arith::ArithDialect", "memref::MemRefDialect"];
}

#endif // AICC_CONVERSION_PASSES_TD
