//===- Passes.td - CUDA target passes ----------------------*- tablegen -*-===//
//
// The aicc passes of -target=cuda (docs/cuda.md). Everything else in the
// CUDA pipeline is upstream MLIR (lib/Pipelines/CUDAPipeline.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_CUDA_PASSES_TD
#define AICC_TARGET_CUDA_PASSES_TD

include "mlir/Pass/PassBase.td"

def HoistParallelDims : Pass<"aicc-hoist-parallel-dims", "func::FuncOp"> {
  let summary = "Put the parallel dimensions of linalg.generic ops first";
  let description = [{
    The CPU-oriented contraction generics of convert-aicc-to-linalg iterate
    (i, k, j) so that the innermost loop streams a row. On the GPU every
    parallel dimension should become a thread, so that all of them must be
    outside the reductions when `convert-linalg-to-parallel-loops` builds the
    outermost `scf.parallel`. This pass interchanges the iterators of each
    generic (a stable partition: parallel dimensions first, in their order,
    then the reductions), e.g. for a matmul
    ```mlir
    iterator_types = ["parallel", "reduction", "parallel"]   // (i, k, j)
    // becomes
    iterator_types = ["parallel", "parallel", "reduction"]   // (i, j, k)
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def MapLoopsToGPU : Pass<"aicc-map-loops-to-gpu", "func::FuncOp"> {
  let summary = "Run every loop nest of a bufferized function as a GPU kernel";
  let description = [{
    After bufferization, the memory plan and `convert-linalg-to-parallel-loops`,
    the host function is a sequence of loop nests over device buffers (graph
    inputs, outputs and arena views). Each outermost `scf.parallel` becomes a
    `gpu.launch` with one thread per iteration: the iteration space is
    linearised, split into blocks of `block-size` threads (fewer when the
    whole space is smaller), and each thread recovers its induction variables
    by division and remainder; a guard skips the threads past the end. Inner
    loops (reductions, e.g. a softmax row or a matmul's k) stay sequential in
    the thread. Float arithmetic in the kernels is marked
    `fastmath<contract>` (option `contract`), so that NVPTX forms
    `fma.rn.f32` as the CPU target forms FMAs. Other top-level ops that
    touch memory (`scf.for`, `memref.load/store/copy`), with the pure ops
    computing on what they loaded, run in one single-thread launch per run
    of consecutive such ops (0-d code between the loop nests).

    Weights (`memref.get_global`, and views of them) used in a kernel are
    cloned into it, so that kernel outlining copies the globals into the GPU
    module: they are uploaded with the module. Anything that cannot run on
    the device (a loop with an `scf.reduce` result, a value produced in a
    kernel and read on the host, dynamically sized buffers, calls) is an
    error at its op, whose location names the ONNX node.

    ```mlir
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c300) step (%c1, %c1) { ... }
    // becomes (1200 iterations, 256 threads per block)
    gpu.launch blocks(%bx, ...) in (%gx = %c5, ...) threads(%tx, ...) in (%sx = %c256, ...) {
      %id = bx * 256 + tx
      scf.if %id < 1200 { %i = %id / 300; %j = %id % 300; ... }
      gpu.terminator
    }
    ```
  }];
  let dependentDialects = ["gpu::GPUDialect", "scf::SCFDialect",
                           "arith::ArithDialect"];
  let options = [
    Option<"blockSize", "block-size", "int64_t", "256",
           "Threads per block (at most 1024)">,
    Option<"contract", "contract", "bool", "true",
           "Mark float arithmetic in kernels fastmath<contract> (FMA), as "
           "the CPU target contracts">,
  ];
}

def MapReductionsToBlocks : Pass<"aicc-map-reductions-to-blocks", "func::FuncOp"> {
  let summary = "Run long reductions as one block per output with a shared-memory tree";
  let description = [{
    A reduction after `convert-linalg-to-parallel-loops` is an `scf.parallel`
    over the outputs around an `scf.for` that folds one input into
    `out[i] = combine(out[i], f(in[i, k]))` (softmax's row max and sum,
    ReduceX, global pooling). `aicc-map-loops-to-gpu` would run it with one
    thread per output, each looping over the whole row. When the row has at
    least `min-length` elements, this pass instead builds a `gpu.launch` with
    one block per output: T threads (the largest power of two up to
    `block-size` and the row length) each fold a strided part of the row in a
    register, write it to workgroup (shared) memory, and a tree of halving
    steps separated by `gpu.barrier` (`bar.sync`) combines the parts down to
    32; warp 0 combines those with five `gpu.shuffle xor` steps
    (`shfl.sync.bfly`, no barrier), and thread 0 folds the result into
    `out[i]`. With fewer than 32 threads, or values that are not 32 bits
    wide, the tree goes down to one part instead. `combine` must be a commutative
    two-operand op (addf, maximumf, mulf, ...): it is reassociated, which
    changes float sums in the last bits, as a parallel reduction must.
    Contractions (more than one input read per k, e.g. a matmul's k loop) are
    left alone.
    ```mlir
    scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
      scf.for %k = %c0 to %c300 step %c1 {
        %x = memref.load %in[%i, %k]
        %a = memref.load %out[%i]
        %m = arith.maximumf %a, %x : f32
        memref.store %m, %out[%i]
      }
    }
    // becomes
    gpu.launch blocks(%b, ...) in (%c4, ...) threads(%t, ...) in (%c256, ...)
        workgroup(%shm : memref<256xf32, #gpu.address_space<workgroup>>) {
      // partial over k = t, t + 256, ...; shm[t] = partial; gpu.barrier
      // for s in 128, 64, 32: if t < s: shm[t] = max(shm[t], shm[t + s]); gpu.barrier
      // if t < 32: v = shm[t]; 5 x (v = max(v, gpu.shuffle xor v, 16 ... 1))
      //   if t == 0: out[b] = max(out[b], v)
    }
    ```
  }];
  let dependentDialects = ["gpu::GPUDialect", "scf::SCFDialect",
                           "arith::ArithDialect", "memref::MemRefDialect"];
  let options = [
    Option<"blockSize", "block-size", "int64_t", "256",
           "Most threads per block (a power of two, at most 1024)">,
    Option<"minLength", "min-length", "int64_t", "64",
           "Shortest reduction that gets a block (shorter ones stay one "
           "thread per output)">,
  ];
}

def FormNamedSoftmax : Pass<"aicc-form-named-softmax", "func::FuncOp"> {
  let summary = "Turn aicc.softmax into linalg.softmax, kept whole through bufferization";
  let description = [{
    convert-aicc-to-linalg decomposes a softmax into a max reduction, a
    subtract-and-exp, a sum reduction and a divide (with the two reductions'
    fills, six kernels on the GPU). Run before it in the CUDA pipeline, this
    pass rewrites each `aicc.softmax` of static shape and f32 elements into
    the named `linalg.softmax`, which one-shot bufferization keeps as one op
    on memrefs, for `aicc-map-softmax-to-blocks` to run as one kernel. Other
    softmaxes (dynamic shapes, other element types) and `aicc.log_softmax`
    are left to convert-aicc-to-linalg.
    ```mlir
    %0 = aicc.softmax %x {axis = 1 : i64} : tensor<4x300xf32>
    // becomes
    %e = tensor.empty() : tensor<4x300xf32>
    %0 = linalg.softmax dimension(1) ins(%x : tensor<4x300xf32>)
                                     outs(%e : tensor<4x300xf32>) -> tensor<4x300xf32>
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect"];
}

def MapSoftmaxToBlocks : Pass<"aicc-map-softmax-to-blocks", "func::FuncOp"> {
  let summary = "Run each bufferized linalg.softmax as one kernel, one block per row";
  let description = [{
    After bufferization and the memory plan, each `linalg.softmax` (from
    `aicc-form-named-softmax`) on static f32 memrefs becomes one `gpu.launch`
    with one block per row (every index but the softmax dimension) and T
    threads, the next power of two above the row length, at least 32 and at
    most `block-size`; rows of at most 32 elements get one warp each, with
    `block-size` / 32 rows per block (whole warps past the last row skip
    the body). Thread t handles the row's elements t, t + T, ... in
    three passes: the max of x; the sum of e = exp(x - max), storing e into
    the output; the output divided by the sum. Each reduction combines the
    threads' partials with five `gpu.shuffle xor` steps within a warp
    (`shfl.sync.bfly`), then, with more than one warp, lane 0 of each warp
    writes a workgroup (shared) slot, a `gpu.barrier` (`bar.sync`), and
    every thread folds the slots in the same order, so all threads hold the
    same max and sum. Since every thread touches only its own elements, an
    in-place softmax is safe. The sum is reassociated (last bits differ from
    the CPU's).
    ```mlir
    linalg.softmax dimension(1) ins(%in : memref<4x300xf32>) outs(%out : memref<4x300xf32>)
    // becomes
    gpu.launch blocks(%b, ...) in (%c4, ...) threads(%t, ...) in (%c256, ...)
        workgroup(%max : memref<8xf32, #gpu.address_space<workgroup>>,
                  %sum : memref<8xf32, #gpu.address_space<workgroup>>) {
      // m = max over k = t, t + 256, ... of in[b, k]; 5 shuffles; slots; barrier
      // s = sum of exp(in[b, k] - m), stored to out[b, k]; 5 shuffles; slots; barrier
      // out[b, k] = out[b, k] / s
    }
    ```
    A softmax this pass cannot run (other element types, dynamic shapes) is
    an error at the op: `aicc-form-named-softmax` does not form one.
  }];
  let dependentDialects = ["gpu::GPUDialect", "scf::SCFDialect", "arith::ArithDialect",
                           "math::MathDialect", "memref::MemRefDialect"];
  let options = [
    Option<"blockSize", "block-size", "int64_t", "256",
           "Most threads per block (a power of two from 32 to 1024)">,
  ];
}

def MergeGPUModules : Pass<"aicc-merge-gpu-modules", "ModuleOp"> {
  let summary = "Put every outlined kernel into one gpu.module";
  let description = [{
    `gpu-kernel-outlining` makes one `gpu.module` per kernel, each holding a
    `gpu.func` with the same name and its own copy of the globals it reads.
    The CUDA artifact wants one module (one PTX text, one cubin, one
    `cuModuleLoadData`, weights uploaded once): this pass moves the kernels
    into `@aicc_kernels`, each renamed after its former module, keeps one copy
    of each global (the copies are clones of the same host global), and
    updates the `gpu.launch_func` references.
    ```mlir
    gpu.launch_func @main_kernel_0::@main_kernel ...
    gpu.module @main_kernel_0 { gpu.func @main_kernel(...) kernel {...} }
    // becomes
    gpu.launch_func @aicc_kernels::@main_kernel_0 ...
    gpu.module @aicc_kernels { gpu.func @main_kernel_0(...) kernel {...} ... }
    ```
  }];
}

def WeightsToArgument : Pass<"aicc-weights-to-argument", "ModuleOp"> {
  let summary = "Read the host function's constant globals from one weights buffer";
  let description = [{
    On the GPU, weights should be data uploaded once into device memory, not
    initialised globals of the kernels' module (which PTX spells out byte by
    byte, and which every architecture's image would carry again). This pass
    lays out every constant `memref.global` that `@main` reads in one byte
    buffer (each at an offset aligned to `alignment`), appends that buffer as
    the last argument of `@main` (`{aicc.weights}`, the byte size in
    `aicc.weights_bytes`), and replaces each `memref.get_global` by a
    `memref.view` of it. The globals stay in the module, public (so that
    symbol DCE keeps them) and marked `aicc.weights_offset`, for the artifact
    to copy their bytes from.
    ```mlir
    memref.global "private" constant @w : memref<8xf32> = dense<...>
    func.func @main(%in: memref<8xf32>, %out: memref<8xf32>, %arena: memref<64xi8>) {
      %0 = memref.get_global @w : memref<8xf32>
    // becomes
    memref.global constant @w : memref<8xf32> = dense<...> {aicc.weights_offset = 0 : i64}
    func.func @main(..., %arena: memref<64xi8>, %weights: memref<64xi8> {aicc.weights})
        attributes {aicc.weights_bytes = 64 : i64} {
      %0 = memref.view %weights[%c0][] : memref<64xi8> to memref<8xf32>
    ```
    Globals with a layout or dynamic shape, and mutable ones, are errors.
  }];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
  let options = [
    Option<"alignment", "alignment", "int64_t", "64",
           "Byte alignment of each weight in the buffer (a power of two)">,
  ];
}

#endif
