//===- Passes.td - aicc transformation passes --------------*- tablegen -*-===//
#ifndef AICC_TRANSFORMS_PASSES_TD
#define AICC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PlanMemory : Pass<"aicc-plan-memory", "func::FuncOp"> {
  let summary = "Place every intermediate buffer in one arena";
  let description = [{
    Runs after bufferization and `buffer-results-to-out-params`. Every
    statically shaped `memref.alloc` in the function's entry block becomes a
    `memref.view` into one arena passed as a new last argument
    (`memref<Bxi8>`), so the generated code never
    calls malloc. So does one inside a loop (`scf.while`/`scf.for`, from
    `aicc.loop`) whose buffer no terminator yields: it lives within one
    iteration, and is planned as live for the whole loop. Buffers whose live
    ranges (first definition to last use, following views and casts) do not
    overlap share memory: offsets come from
    a greedy best-fit placement of the largest buffers first. The arena size
    is recorded on the function as `aicc.arena_bytes`.

    With `record`, the whole plan is attached to the function as
    `aicc.memory_plan` (see `include/aicc/Transforms/MemoryPlan.h`): per
    buffer its offset, size, live range (entry-block positions) and the ONNX
    node of its location, plus the arena size, the sum of all buffer sizes
    and the number of positions. `aicc -print-memory-plan` reads it. With
    `print`, the same plan is printed as a table to stderr.

    ```mlir
    %a = memref.alloc() : memref<4xf32>
    // becomes (with %arena: memref<16xi8>)
    %c0 = arith.constant 0 : index
    %a = memref.view %arena[%c0][] : memref<16xi8> to memref<4xf32>
    ```
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", "64",
           "Byte alignment of every buffer in the arena">,
    Option<"reuse", "reuse", "bool", "true",
           "Let buffers with disjoint live ranges share memory">,
    Option<"record", "record", "bool", "false",
           "Attach the plan to the function as aicc.memory_plan">,
    Option<"print", "print", "bool", "false",
           "Print the plan as a table to stderr">
  ];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
}

def LowerCopies : Pass<"aicc-lower-copies", "func::FuncOp"> {
  let summary = "Turn strided memref.copy into linalg.copy";
  let description = [{
    `memref.copy` between buffers with non-identity layouts (e.g. the copy of
    a padded tensor's interior) lowers to a call of MLIR's `memrefCopy`
    runtime helper, which compiled models must not depend on. This pass
    rewrites such copies into `linalg.copy`, which later becomes plain loops.
    Contiguous copies stay `memref.copy` and become `memcpy`.

    ```mlir
    memref.copy %a, %b : memref<4xf32> to memref<4xf32, strided<[1], offset: 5>>
    // becomes
    linalg.copy ins(%a : memref<4xf32>) outs(%b : memref<4xf32, strided<[1], offset: 5>>)
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def FillPadBorders : Pass<"aicc-fill-pad-borders", "func::FuncOp"> {
  let summary = "Fill only the border of a padded buffer whose interior is copied";
  let description = [{
    Runs after bufferization and `aicc-lower-copies`. A pad bufferizes to a
    fill of the whole buffer with the pad value followed by a copy of the
    input into a subview of it, which writes the interior twice (MobileNetV2:
    3-4% of a run in `memset`). When a whole-buffer `linalg.fill` (or a
    `linalg.map` without inputs yielding a value from outside its body) is
    followed, with only subviews in between, by a copy (`linalg.copy` or
    `memref.copy`) into a static unit-stride subview of the same buffer, only
    the border is filled: for each dimension d but the last, the part below
    and the part above the interior (earlier dimensions over the interior
    only, later ones whole); the last dimension's pads are written with the
    copy, row by row (an `scf.parallel` over the interior's rows: left pad,
    the row, right pad), so each row's cache lines are written in one pass.
    Without pads in the last dimension the copy stays as it is.

    ```mlir
    linalg.fill ins(%zero : f32) outs(%buf : memref<4x6xf32>)
    %in = memref.subview %buf[1, 2] [2, 3] [1, 1] : ... to memref<2x3xf32, strided<[6, 1], offset: 8>>
    linalg.copy ins(%x : memref<2x3xf32>) outs(%in : ...)
    // becomes fills of %buf[0, 0][1, 6] and %buf[3, 0][1, 6], then
    scf.parallel (%r) = (%c0) to (%c2) step (%c1) {
      // fill %buf[%r + 1, 0][1, 2], copy %x[%r, 0][1, 3] to
      // %buf[%r + 1, 2][1, 3], fill %buf[%r + 1, 5][1, 1]
    }
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect", "memref::MemRefDialect",
                           "scf::SCFDialect", "arith::ArithDialect"];
}

def FlattenGlobals : Pass<"aicc-flatten-globals", "ModuleOp"> {
  let summary = "Store constant globals as 1-d buffers";
  let description = [{
    Rewrites every N-d `memref.global` with an initial value into a 1-d
    global of the same elements (resource blobs are shared, not copied), and
    each `memref.get_global` into a `get_global` of the 1-d buffer followed
    by `memref.expand_shape` back to the original type. LLVM then holds each
    weight tensor as one flat constant array instead of one uniqued constant
    per innermost row, which keeps compile time and memory near model size.

    ```mlir
    memref.global "private" constant @w : memref<2x3xf32> = dense<...>
    %0 = memref.get_global @w : memref<2x3xf32>
    // becomes
    memref.global "private" constant @w : memref<6xf32> = dense<...>
    %1 = memref.get_global @w : memref<6xf32>
    %0 = memref.expand_shape %1 [[0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
    ```
  }];
  let dependentDialects = ["memref::MemRefDialect"];
}

def FormMatmulKernels : Pass<"aicc-form-matmul-kernels", "func::FuncOp"> {
  let summary = "Turn f32 conv, matmul and gemm into aicc.packed_matmul";
  let description = [{
    The CPU back end's contraction strategy, decided on the aicc dialect:
    static f32 2-d convolutions with constant weights (group 1 or
    depthwise), matrix
    products and Gemm (alpha 1, A not transposed) become
    `aicc.packed_matmul`. The pass picks the register tile (MR rows times
    NR = NV vectors of `ow` positions) from the vector width with a cost
    model that counts FMAs, loads and the wasted lanes of partial tiles; packs
    convolution weights into MR-row panels and transposes Gemm's constant
    `B` at compile time; pads the convolution input once; and folds the
    bias, a following same-shaped `aicc.add` (residual) and `aicc.relu` /
    constant `aicc.clip` into the kernel's epilogue. 1x1 stride-1
    convolutions read the image as one flat row. Depthwise convolutions
    (batch 1) become one single-row product per channel, the channels being
    the kernel's batch. Convolutions whose input fits in L2 next to a panel
    but whose weights are more than twice as large (small late-stage
    images) are marked `panels_outer`, so that the code generator reads each
    weight panel once, and their tile is costed with x's loads from L2.

    ```mlir
    %c = aicc.conv %x, %w, %b {...} : (...) -> tensor<1x64x56x56xf32>
    %r = aicc.relu %c : tensor<1x64x56x56xf32>
    // becomes
    %p = aicc.pad %x {...}
    %wp = arith.constant dense_resource<aicc_packed_weight> : tensor<11x576x6xf32>
    %r = aicc.packed_matmul %wp, %p bias %b into %e {packed_a, activation = "relu", ...}
    ```
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits (256: AVX2, 512: AVX-512)">
  ];
  let dependentDialects = ["tensor::TensorDialect", "arith::ArithDialect"];
}

def FormIntegerKernels : Pass<"aicc-form-integer-kernels", "func::FuncOp"> {
  let summary = "Turn integer conv and matmul with constant weights into "
                "aicc.packed_matmul_integer";
  let description = [{
    The CPU back end's strategy for the integer contractions that
    `aicc-fold-qdq` forms: static `aicc.conv_integer` (2-d, group 1) and
    `aicc.matmul_integer` (2-d right operand) with constant 8-bit weights
    become `aicc.packed_matmul_integer`. The weights are centred on their
    zero point and packed at compile time in pairs of input channels (two
    16-bit halves per i32 word, the operand layout of `pmaddwd`) into
    MR-row panels (convolutions) or NR-column panels (products); the input
    zero point's correction `-za * sum(w - zw)` per output channel, plus a
    following constant i32 `aicc.add` along the channel dim, becomes the
    kernel's bias; a following `aicc.requantize` (one scale, or one per
    channel) runs in the kernel's epilogue. Convolution inputs are padded
    once with their zero point; 1x1 stride-1 convolutions read the image as
    one flat row. The result is exactly the integer ops' (same i32
    accumulator, same requantization arithmetic).

    ```mlir
    %acc = aicc.conv_integer %x, %w {input_zero_point = 11 : i64, ...}
    %b = aicc.add %acc, %bias : (tensor<2x10x13x13xi32>, tensor<10x1x1xi32>) -> ...
    %q = aicc.requantize %b {axis = 1 : i64, scale = array<f32: ...>, zero_point = -128 : i64}
    // becomes
    %p = aicc.pad %x {mode = "constant", value = 1.100000e+01 : f64, ...}
    %wp = arith.constant dense_resource<aicc_packed_int_weight> : tensor<3x18x4xi32>
    %q = aicc.packed_matmul_integer %wp, %p bias %c : tensor<10xi32>
           scale %s : tensor<10xf32> into %e {packed_a, zero_point = -128 : i64, ...}
    ```

    With `u8s8` (x86 targets with AVX2; the driver sets it), a group-1
    convolution whose centred weights all lie in [-64, 64] (reduce_range
    weights) is packed instead in quads of input channels, four signed bytes
    per i32 word (`a` of i8 `[ceil(M/MR), ceil(C/4)*KH*KW, 4*MR]`), for
    `vpmaddubsw`: the activations are multiplied as unsigned bytes (int8
    inputs shifted by 128, whose correction `-128 * sum(w - zw)` joins the
    bias), and a pair of u8 x s8 products cannot saturate its int16 sum
    (2 * 255 * 64 = 32640), so the result is unchanged. A layer with any
    weight outside [-64, 64] keeps the pair packing.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits (256: AVX2, 512: AVX-512)">,
    Option<"u8s8", "u8s8", "bool", "false",
           "Pack convolution weights in [-64, 64] in quads for vpmaddubsw "
           "(the target must have AVX2, or SSSE3 at 128 bits)">
  ];
  let dependentDialects = ["tensor::TensorDialect", "arith::ArithDialect"];
}

def BindEmptyTensors : Pass<"aicc-bind-empty-tensors", "func::FuncOp"> {
  let summary = "Pass graph tensors without elements as bare pointers";
  let description = [{
    MLIR's bare-pointer calling convention, which the entry point uses,
    refuses memrefs of rank 2 or more with a zero-sized dimension (such as
    `memref<2x0x4xf32>`). A public function's argument whose memref type
    has no elements becomes `!llvm.ptr` (never read or written: there is no
    data), and its uses see a zero-sized `memref.alloca` of the old type.
  }];
  let dependentDialects = ["LLVM::LLVMDialect", "memref::MemRefDialect"];
}

def BindDynamicShapes : Pass<"aicc-bind-dynamic-shapes", "ModuleOp"> {
  let summary = "Bind dynamic dimensions of the entry function to the runtime";
  let description = [{
    Runs on bufferized code, after the static memory plan. Implements the
    dynamic-shape half of the entry-point ABI (aicc/abi.h version 3,
    `aicc_abi_exec_t`) for every public function with a body, adding the
    `%exec: !llvm.ptr {aicc.exec}` argument when it is missing:

    - an input argument with dynamic dims becomes `!llvm.ptr`; its memref is
      rebuilt from the pointer and `exec->input_shapes[i]`;
    - an output out-param (marked `bufferize.result`) with dynamic dims
      becomes an unused `!llvm.ptr`; the `memref.copy` that wrote it now
      writes a buffer from `exec->alloc_output(state, k, shape)`, sized by
      the copy's source;
    - a `memref.alloc` with dynamic sizes takes its bytes from
      `exec->alloc_scratch(state, bytes)` (freed by the runtime when the run
      returns); its `memref.dealloc`s are dropped;
    - `cf.assert %ok, "msg"` becomes `scf.if` not ok: `exec->fail(state,
      "<node> (<op>): msg")`, so a failed run-time check is an error status
      of the run, not an abort.

    Functions that got any of these are marked `aicc.needs_exec`. Memref
    descriptors are built in the LLVM dialect and cast to memrefs with
    `unrealized_conversion_cast`, which the LLVM conversion removes.
    ```mlir
    func.func @main(%x: memref<?x4xf32>, %y: memref<?x4xf32> {bufferize.result}, ...)
    // becomes
    func.func @main(%x: !llvm.ptr, %y: !llvm.ptr {bufferize.result}, ..., %exec: !llvm.ptr {aicc.exec})
    ```
  }];
  let dependentDialects = ["LLVM::LLVMDialect", "scf::SCFDialect",
                           "arith::ArithDialect", "memref::MemRefDialect"];
}

def OutlineParallelLoops : Pass<"aicc-outline-parallel-loops", "ModuleOp"> {
  let summary = "Hand large scf.parallel loops to the runtime's thread pool";
  let description = [{
    Implements the threading half of the entry-point ABI (aicc/abi.h,
    `aicc_abi_exec_t`). Every public function with a body gets a new last
    argument `%exec: !llvm.ptr {aicc.exec}` unless it has one. Each outermost `scf.parallel`
    without reductions whose estimated work (loop trip counts times the
    operations they run) reaches `min-work` is outlined:

    - its leading dimensions, up to at least `min-items` work items, are
      linearised into one range `[0, W)`; the remaining dimensions stay an
      `scf.parallel` inside the item;
    - the body moves into `func.func private @<fn>_task<i>(%ctx: !llvm.ptr,
      %begin: i64, %end: i64)`, which runs items `[begin, end)`;
    - the values the loop captures are stored into a stack struct (memrefs as
      their LLVM descriptors, through `unrealized_conversion_cast`s that the
      LLVM conversion removes); constants are cloned instead;
    - the loop is replaced by a call of `__aicc_parallel_for(%exec, W, @task,
      %ctx)`, which calls `exec->parallel_for` or, when `exec` or its
      `parallel_for` is null, runs `task(ctx, 0, W)` itself.

    Smaller loops stay in place and later become sequential loops. Every
    output element is written by the one item that owns it, in the same
    order for any split, so results do not depend on the thread count.
    ```mlir
    scf.parallel (%i) = (%c0) to (%c64) step (%c1) { ... }
    // becomes
    %ctx = llvm.alloca ... ; llvm.store of the captured values
    llvm.call @__aicc_parallel_for(%exec, %c64_i64, %task, %ctx)
    ```
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", "32768",
           "Estimated operations below which a loop stays sequential">,
    Option<"minItems", "min-items", "int64_t", "64",
           "Work items to expose before inner dimensions stay sequential">
  ];
  let dependentDialects = ["LLVM::LLVMDialect", "scf::SCFDialect",
                           "arith::ArithDialect", "func::FuncDialect"];
}

def ApproximateMath : Pass<"aicc-approximate-math", "func::FuncOp"> {
  let summary = "Replace f32 erf, tanh and exp with inline polynomial approximations";
  let description = [{
    `math.erf`, `math.tanh` and `math.exp` on f32 (scalars or vectors) become
    MLIR's polynomial approximations (range reduction plus minimax
    polynomials, a few ULP from libm), built from arith ops only. Without
    them every element of a GELU, a softmax or a sigmoid is a call into libm
    (`erff`, `expf`), which also keeps LLVM from vectorising the loop: a
    BERT-base run spent 10% of its time in `erff` calls.
    ```mlir
    %y = math.erf %x : f32
    // becomes arith.mulf / arith.addf / arith.select ... on %x
    ```
  }];
  let dependentDialects = ["arith::ArithDialect", "math::MathDialect",
                           "vector::VectorDialect"];
}

def FoldQDQ : Pass<"aicc-fold-qdq", "func::FuncOp"> {
  let summary = "Rewrite QDQ contractions into integer contractions with requantization";
  let description = [{
    Matches `quantize_linear(C(dequantize_linear(x), dequantize_linear(w),
    [dequantize_linear(b)]))`, optionally with an `aicc.relu` before the
    quantize, where C is `aicc.matmul` (2-d weight), `aicc.gemm` (alpha and
    beta 1, A not transposed) or `aicc.conv`; x is (u)int8 per tensor, w is
    (u)int8 per tensor or per output channel with one zero point, b is int32
    with zero point 0 and scale `x_scale * w_scale`, and every scale and zero
    point is a constant. The result is `aicc.matmul_integer` /
    `aicc.conv_integer` (i32), plus the int32 bias, then `aicc.requantize`
    with scale `x_scale * w_scale / y_scale` (f32, in that order), which is
    what onnxruntime's QLinearConv/QGemm/QLinearMatMul kernels compute, so
    outputs match onnxruntime with graph optimisations on bit for bit.
    Anything else is left as it is (see docs/quantization.md).
    ```mlir
    %x = aicc.dequantize_linear %xq, %sx, %zx ...
    %w = aicc.dequantize_linear %wq, %sw, %zw ...
    %y = aicc.matmul %x, %w ...
    %q = aicc.quantize_linear %y, %sy, %zy ...
    // becomes
    %acc = aicc.matmul_integer %xq, %wq {lhs_zero_point = .., rhs_zero_point = ..}
    %q = aicc.requantize %acc {scale = array<f32: ..>, zero_point = ..}
    ```
  }];
}

def InsertQDQ : Pass<"aicc-insert-qdq", "func::FuncOp"> {
  let summary = "Quantize calibrated f32 contractions statically (int8 QDQ)";
  let description = [{
    Static post-training quantization, the pass behind `aicc -quantize=int8`.
    Every `aicc.conv`, `aicc.matmul` (2-d weight) and `aicc.gemm` (alpha and
    beta 1, no transA) with an f32 constant weight (and bias) that carries
    calibrated ranges `aicc.input_range` and `aicc.output_range`
    (`array<f32: min, max>`, written by the driver's calibration step) gets
    - its input through `quantize_linear`/`dequantize_linear`: per tensor,
      asymmetric int8, `scale = (max - min) / 255` over the range widened to
      include 0, `zero_point = round(-128 - min / scale)`; an input that is
      the dequantized output of a layer quantized before is reused as is,
      and when it only moves such an output (through `max_pool`,
      `reshape`, `transpose`), each move gets a pair with that output's
      scale and zero point (onnxruntime's form: exact on the integers, and
      what the fixed-function target's `aicc-fold-qdq-moves` folds);
    - its weight as an int8 constant, symmetric per output channel
      (`scale[c] = max|w[c]| / 127`, values in [-127, 127]) behind a
      per-axis `dequantize_linear`;
    - its bias as an int32 constant with scale `x_scale * w_scale[c]`;
    - its output (after a ReLU that is its only user, whose range is then
      clipped at 0) through a quantize/dequantize pair with the output range.
    This is the QDQ form `aicc-fold-qdq` turns into integer contractions.
    Candidates without both ranges or that the conditions above exclude are
    left in f32; the range attributes are removed from every candidate.
    ```mlir
    %y = aicc.gemm %x, %w, %b {aicc.input_range = array<f32: -1.0, 1.0>,
                               aicc.output_range = array<f32: -2.0, 3.0>, ...}
    // becomes
    %q = aicc.quantize_linear %x, %sx, %zx ...
    %dx = aicc.dequantize_linear %q, %sx, %zx ...
    %dw = aicc.dequantize_linear %wq, %sw, %zw {axis = 0 : i64} ...   // int8 per channel
    %db = aicc.dequantize_linear %bq, %sb, %zb ...                    // int32
    %y = aicc.gemm %dx, %dw, %db ...
    %qy = aicc.quantize_linear %y, %sy, %zy ...
    %dy = aicc.dequantize_linear %qy, %sy, %zy ...
    ```
    With `ternary` (`aicc -quantize=ternary`), weights are {-1, 0, +1} per
    output channel times an f32 scale (int8 values, so the same integer
    kernels run them): `ternary-scale=absmean` is BitNet b1.58's
    `scale = mean|w[c]|`, `q = clamp(round(w / scale), -1, 1)`;
    `ternary-scale=mse` makes the k largest |w[c]| +-1 with their mean as the
    scale, k chosen to minimise the channel's squared error.
  }];
  let options = [
    Option<"ternary", "ternary", "bool", "false",
           "Ternary weights ({-1, 0, 1} times a per-channel scale) instead of int8">,
    Option<"ternaryScale", "ternary-scale", "std::string", "\"absmean\"",
           "How ternary scales are chosen: absmean (BitNet b1.58) or mse">,
  ];
}

def QuantizeDynamic : Pass<"aicc-quantize-dynamic", "func::FuncOp"> {
  let summary = "Quantize f32 matmul/gemm with constant weights dynamically (int8)";
  let description = [{
    The pass behind `aicc -quantize=dynamic`. Every `aicc.matmul` with a 2-d
    f32 constant weight and `aicc.gemm` (alpha 1, no transA, beta 1 when it
    has a bias) with an f32 constant B becomes, as onnxruntime's
    DynamicQuantizeLinear + MatMulInteger graphs compute it:
    - the activation quantized per call to uint8 per tensor:
      `scale = (max(x, 0) - min(x, 0)) / 255` (reductions over the whole
      tensor at run time), `zero_point = round(clip(-min / scale, 0, 255))`;
    - the weight as an int8 constant, symmetric per output column;
    - `aicc.matmul_integer` of the two (zero points 0: the packed integer
      kernel takes it), minus `zero_point * colsum(w)` in i32 (colsum a
      constant), converted to f32 and multiplied by `scale * w_scale[n]`;
      then the float bias.
    An all-zero activation gets the smallest normal scale instead of 0.
    Convolutions and matmuls whose right operand is not constant stay f32.
    ```mlir
    %y = aicc.matmul %x, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
    // becomes reduce_min/reduce_max, quantize_linear to ui8, then
    %acc = aicc.matmul_integer %xq, %wq {lhs_zero_point = 0 : i64, rhs_zero_point = 0 : i64}
    ```
  }];
}

def QuantizeW4 : Pass<"aicc-quantize-w4", "func::FuncOp"> {
  let summary = "Quantize f32 matmul/gemm constant weights to blocked 4-bit (aicc.matmul_int4)";
  let description = [{
    The pass behind `aicc -quantize=w4`. Every `aicc.matmul` with a 2-d f32
    constant weight `[K, N]` and `aicc.gemm` (alpha 1, no transA, beta 1
    when it has a bias along N) with an f32 constant B becomes
    `aicc.matmul_int4`, the op com.microsoft.MatMulNBits imports to:
    per output column and block of `block-size` consecutive k, asymmetric
    uint4 as onnxruntime's MatMulNBits quantizer computes it:
    `min = min(w, 0)`, `max = max(w, 0)`, `scale = (max - min) / 15`,
    `zero_point = clamp(round(-min / scale), 0, 15)`,
    `q = clamp(round(w / scale) + zero_point, 0, 15)`. Activations stay f32.
    ```mlir
    %y = aicc.matmul %x, %w : (tensor<1x64xf32>, tensor<64x8xf32>) -> tensor<1x8xf32>
    // becomes
    %y = aicc.matmul_int4 %x, %q, %s, %z {k_size = 64 : i64} : (...) -> tensor<1x8xf32>
    ```
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", "32",
           "Consecutive k sharing a scale and zero point (a power of 2, >= 16)">
  ];
  let dependentDialects = ["arith::ArithDialect"];
}

def FormInt4Kernels : Pass<"aicc-form-int4-kernels", "func::FuncOp"> {
  let summary = "Turn aicc.matmul_int4 with constant weights into aicc.packed_matmul_int4";
  let description = [{
    The CPU back end's strategy for 4-bit blocked weights: a static
    `aicc.matmul_int4` whose weight, scales and zero points are constants
    becomes `aicc.packed_matmul_int4`. The weight bytes are regrouped at
    compile time into panels of NR output columns (NR = up to 4 vectors,
    `vector-bits / 32` lanes each): byte `[p, j, c]` holds steps `2j` and
    `2j + 1` of column `p*NR + c`, so one vector load brings two reduction
    steps of the panel; scales and `-zero_point * scale` are packed the
    same way per block. Leading dims of the activation fold into the rows.
    ```mlir
    %y = aicc.matmul_int4 %x, %q, %s, %z {k_size = 64 : i64} : (...) -> tensor<1x8xf32>
    // becomes
    %w = arith.constant dense<...> : tensor<1x32x8xui8>
    %y = aicc.packed_matmul_int4 %x, %w, %s, %o into %e {block_size = 32 : i64}
    ```
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits (256: AVX2, 512: AVX-512)">
  ];
  let dependentDialects = ["tensor::TensorDialect", "arith::ArithDialect"];
}

def PruneWeights : Pass<"aicc-prune-weights", "func::FuncOp"> {
  let summary = "Zero the smallest constant MatMul/Gemm/Conv weights (magnitude pruning)";
  let description = [{
    The pass behind `aicc -prune=...`, for sparsity experiments: every
    `aicc.matmul` (2-d right operand), `aicc.gemm` (B) and `aicc.conv`
    (weight) whose weight is an f32 constant gets a pruned copy.
    `pattern=unstructured:F` zeroes the fraction F of the layer's weights
    with the smallest magnitudes; `pattern=N:M` keeps the N largest of every
    M consecutive weights along the reduction (K; for convolutions input
    channel, then window row and column), e.g. `2:4`.
    ```mlir
    %w = arith.constant dense<[[1.0, -4.0], [0.5, 3.0], [-2.0, 0.1], [8.0, 1.0]]> : tensor<4x2xf32>
    %y = aicc.matmul %x, %w ...
    // with pattern=2:4 becomes
    %p = arith.constant dense<[[0.0, -4.0], [0.0, 3.0], [-2.0, 0.0], [8.0, 0.0]]> : tensor<4x2xf32>
    %y = aicc.matmul %x, %p ...
    ```
  }];
  let options = [
    Option<"pattern", "pattern", "std::string", "\"unstructured:0.5\"",
           "unstructured:F (fraction F of the weights zeroed) or N:M (N of every M kept)">
  ];
}

def ReducePrecision : Pass<"aicc-reduce-precision", "func::FuncOp"> {
  let summary = "Run f32 matmul/gemm/conv with constant weights on bf16 or f16 inputs";
  let description = [{
    The pass behind `aicc -precision=bf16|fp16`. Every `aicc.matmul`
    (right operand), `aicc.gemm` (B) and `aicc.conv` (weight) with f32
    elements whose weight is a constant gets the weight stored in `type`
    (rounded to nearest even; half the bytes) and widened back by an
    `aicc.cast`, and its activation (matmul's left operand, gemm's A, the
    conv's input) rounded to `type` and widened again. The op itself stays
    f32: products and sums are f32 (fp32 accumulation), the result is f32,
    biases and everything else stay f32. Back ends consume the casts: the
    CUDA kernels widen the weights as they load them, the CPU's
    `aicc-form-matmul-kernels` packs bf16 weights (`docs/quantization.md`).
    A weight or activation used by several products is converted once.
    ```mlir
    %w = arith.constant dense<...> : tensor<4x2xf32>
    %y = aicc.matmul %x, %w : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
    // with type=bf16 becomes
    %wh = arith.constant dense<...> : tensor<4x2xbf16>
    %w2 = aicc.cast %wh : tensor<4x2xbf16> to tensor<4x2xf32>
    %xh = aicc.cast %x : tensor<3x4xf32> to tensor<3x4xbf16>
    %x2 = aicc.cast %xh : tensor<3x4xbf16> to tensor<3x4xf32>
    %y = aicc.matmul %x2, %w2 : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
    ```
  }];
  let options = [
    Option<"type", "type", "std::string", "\"bf16\"",
           "The reduced element type of weights and activations: bf16 or fp16">
  ];
}

def FormSparseKernels : Pass<"aicc-form-sparse-kernels", "func::FuncOp"> {
  let summary = "Turn f32 matmul and gemm with sparse constant weights into aicc.sparse_matmul";
  let description = [{
    Runs before `aicc-form-matmul-kernels`. A static f32 `aicc.matmul`
    (2-d constant right operand) or `aicc.gemm` (alpha 1, no transA,
    constant B, C absent or a bias along N with beta 1) whose weight has at
    least `min-zero-fraction` exact zeros (`min-zero-fraction-few-rows` when
    the product has fewer than `min-rows` rows; leading dims of the
    activation fold into the rows) becomes `aicc.sparse_matmul`: the weight's non-zeros packed by output
    column at compile time (offsets, row indices, values), the activation
    transposed to [K, M], a bias along N (Gemm's C or a following
    `aicc.add`) and a following `aicc.relu` folded into the epilogue. A 1x1
    convolution (stride 1, unpadded, group 1, batch 1) is the same product
    with the pixels as rows: its NCHW input is `xt` as it is and the kernel
    writes the NCHW output (`transposed_result`). The
    defaults are the measured crossover of `bench/sparse_matmul.py`
    (`docs/quantization.md`, section Sparsity).
    ```mlir
    %y = aicc.matmul %x, %w : (tensor<128x768xf32>, tensor<768x3072xf32>) -> tensor<128x3072xf32>
    // becomes
    %xt = aicc.transpose %x {perm = array<i64: 1, 0>} : ... -> tensor<768x128xf32>
    %y = aicc.sparse_matmul %xt, %offsets, %indices, %values into %e {row_tile = 64 : i64}
    ```
  }];
  // The defaults are measured (bench/sparse_matmul.py, docs/quantization.md,
  // section Sparsity): with 64 or 128 rows the sparse kernel was 0.93-1.16x
  // the dense one at 70% zeros and 1.2-1.8x at 80%; with one row 0.42-0.46x
  // at 80%, 0.79-1.29x at 90% (depending on the run) and 2.3-3.1x at 95%.
  let options = [
    Option<"minZeroFraction", "min-zero-fraction", "double", "0.8",
           "Fraction of zero weights from which the sparse kernel is used">,
    Option<"minRows", "min-rows", "int64_t", "8",
           "Products with fewer rows (M) need min-zero-fraction-few-rows">,
    Option<"minZeroFractionFewRows", "min-zero-fraction-few-rows", "double", "0.95",
           "Fraction of zero weights from which products with fewer than min-rows "
           "rows use the sparse kernel">,
    Option<"report", "report", "bool", "false",
           "Emit a remark at each product that gets the sparse kernel (aicc -sparsity's report)">
  ];
  let dependentDialects = ["tensor::TensorDialect", "arith::ArithDialect"];
}

#endif // AICC_TRANSFORMS_PASSES_TD
