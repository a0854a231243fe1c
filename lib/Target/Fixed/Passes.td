//===- Passes.td - fixed-function target passes ------------*- tablegen -*-===//
//
// The passes between the graph pipeline and the Verilog emitter of
// -target=fixed (docs/fixed-function.md), in pipeline order.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_PASSES_TD
#define AICC_TARGET_FIXED_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldQDQMoves : Pass<"aicc-fold-qdq-moves", "func::FuncOp"> {
  let summary = "Run max pooling and reshapes between DQ and Q on the int8 values";
  let description = [{
    `quantize_linear(M(dequantize_linear(x, s, z)), s, z)` with the same
    per-tensor scale and zero point on both sides, where M is `aicc.reshape`
    or `aicc.max_pool`, becomes M applied to x. Exact: dequantization is
    monotone (s > 0), so the maximum commutes with it, and
    `round_half_even(f32(f32(x - z) * s) / s)` is `x - z` for every 8-bit x
    (the two roundings move the value by a few ulps, far below 0.5).
    ```mlir
    %d = aicc.dequantize_linear %x, %s, %z ...
    %p = aicc.max_pool %d ...
    %q = aicc.quantize_linear %p, %s, %z ...
    // becomes
    %q = aicc.max_pool %x ... : (tensor<1x8x8x8xi8>) -> tensor<1x8x4x4xi8>
    ```
  }];
}

def CheckFixedFunction : Pass<"aicc-check-fixed-function", "ModuleOp"> {
  let summary = "Check that @main is an int8 network the hardware emitter supports";
  let description = [{
    @main must take one f32 input that is quantized once per tensor to int8,
    return the int8 result of the last layer (optionally also its
    dequantized f32 value), and contain in between only `matmul_integer` and
    `conv_integer` with constant weights (each followed by an optional
    constant int32 bias `add` and a `requantize`), `max_pool` and `reshape`
    on int8 values. Any other op gets an error at its location (the ONNX
    node) naming it and what would help, e.g. quantizing the model to QDQ
    int8 first. The pass changes nothing.
  }];
}

def FixedPointRequantize : Pass<"aicc-fixed-point-requantize", "func::FuncOp"> {
  let summary = "Give every requantize an exact integer multiply, add and shift";
  let description = [{
    `aicc.requantize` is defined in f32: `round_half_even(f32(f32(acc) *
    scale[c])) + zero_point`, saturated. For each channel this pass finds
    integers M > 0, C and S such that `floor((acc * M + C) / 2^S)`,
    saturated, steps where the f32 form does, and records them as
    `aicc.fixed.multiplier`, `aicc.fixed.offset` and `aicc.fixed.shift`
    (i64 arrays, one entry per channel). Both are monotone step functions
    of acc, so they are equal iff they step at the same accumulators; the
    f32 form's steps are found by binary search over all of i32. Where no
    M, C, S follows every step (f32 products that round onto an exact .5
    go to the even neighbour, which no single floor does), the remaining
    steps are listed in `aicc.fixed.corrections` as (channel, first acc,
    last acc, delta) quadruples, added after saturation. The result equals
    the f32 form on every i32 accumulator. A scale that is not positive and
    finite, or a constant result, is an error at the op.
    ```mlir
    %q = aicc.requantize %acc {scale = array<f32: 0.00317971315>, ...}
    // gets
    //   aicc.fixed.multiplier = array<i64: 213387>, aicc.fixed.shift = array<i64: 26>,
    //   aicc.fixed.offset = array<i64: 33553445>, aicc.fixed.corrections = array<i64>
    ```
  }];
}

def ScheduleReuse : Pass<"aicc-schedule-reuse", "func::FuncOp"> {
  let summary = "Give every integer layer its reuse factor: cycles per input vector";
  let description = [{
    hls4ml's reuse factor for the Verilog of -target=fixed (`aicc -reuse=N`):
    each `matmul_integer`/`conv_integer` gets `aicc.fixed.cycles = min(N,
    outputs)`, the cycles over which the emitter spreads its output elements.
    Output element e is computed in cycle `e mod cycles` by lane `e / cycles`;
    a lane is one dot product's logic with its inputs (and, where the lane's
    outputs have different weights, its weights) selected by the cycle, so
    a layer has ceil(outputs / cycles) lanes instead of one per output.
    Consecutive outputs of a convolution are positions of one channel, so
    their weights agree and a lane shares the constant products (only the
    inputs are multiplexed); a dense layer's neurons have different weights,
    so its lanes multiply by a selected weight. The design's initiation
    interval is the largest `cycles`. N < 1 is an error at the function.
    ```mlir
    %acc = aicc.conv_integer %x, %w ... : (...) -> tensor<1x8x8x8xi32>
    // with reuse=4 gets
    %acc = aicc.conv_integer %x, %w {aicc.fixed.cycles = 4 : i64, ...}
    ```
  }];
  let options = [Option<"reuse", "reuse", "int64_t", "1",
                        "Cycles over which each layer computes its outputs">];
}

def SpecializeFixedLayers : Pass<"aicc-specialize-fixed-layers", "ModuleOp"> {
  let summary = "Turn each integer layer into arith with the weights as immediates";
  let description = [{
    The software form of -target=fixed (`aicc M.onnx -target=fixed -o M.so`),
    after aicc-fixed-pipeline. Reads @main's chain as the Verilog emitter does
    and replaces every `matmul_integer`/`conv_integer` + bias `add` +
    `requantize` by integer arith on its int8 input, one dot product per
    output neuron with the weights burned in: a zero weight produces no op,
    any other `arith.muli x, |w|` added to (w > 0) or subtracted from
    (w < 0) the sum. Shifts, shift-add chains and shared subexpressions are
    left to aicc-fixed-share-products and aicc-fixed-strength-reduce, which
    the software pipeline runs next (aicc-fixed-software-pipeline). The bias starts the
    sum; requantization is the `aicc.fixed.*` form (multiply, add, shift,
    zero point, saturation, rounding corrections), bit-exact with the f32
    definition. A dense row of at most `neurons-per-block` outputs is fully
    unrolled (`tensor.extract` per used input, `tensor.from_elements`); a
    wider one becomes an `scf.for` over groups of that many neurons around an
    `scf.index_switch` with one case per group, so that each group is its own
    basic block (LLVM's code generation is superlinear in block size), and
    several rows loop over the rows; a conv's output channels are unrolled
    inside `scf.for` loops over output rows and columns, on the input padded
    with its zero point. Weight and bias tensors are erased. An accumulator
    that can exceed 32 bits is an error at the layer. @main gets
    `aicc.fixed.specialized`: per layer the node, zero_weights, products
    (non-zero weight terms) and corrections (a conv's loop body counted once).
    ```mlir
    %acc = aicc.matmul_integer %q, %w ...   // w = [[1], [-2], [0], [7]], lhs zero point -1
    %y = aicc.requantize %acc {...}
    // becomes
    %x0 = arith.addi (arith.extsi %e0), 1 ...      // centred inputs (not x2)
    %p0 = arith.muli %x0, 1
    %p1 = arith.muli %x1, 2
    %s = arith.subi %p0, %p1
    %p3 = arith.muli %x3, 7
    %acc = arith.addi %s, %p3
    ... arith.muli (arith.extsi %acc : i32 to i64), M; addi C; shrsi S; ...
    %y = tensor.from_elements ... : tensor<1x1xi8>
    ```
  }];
  let options = [Option<"neuronsPerBlock", "neurons-per-block", "int64_t", "16",
                        "Dense neurons per basic block in a row">];
  let dependentDialects = ["arith::ArithDialect", "scf::SCFDialect",
                           "tensor::TensorDialect"];
}

def FixedShareProducts : Pass<"aicc-fixed-share-products"> {
  let summary = "Compute shared subexpressions of a block's constant dot products once";
  let description = [{
    Works on plain arith (i2 to i64), block by block: every tree of
    `addi`/`subi` (a dot product) becomes a linear form, a constant plus
    coefficient * leaf, looking through `muli leaf, C`. Coefficients with
    at most `max-digits` canonical signed digits are split into their digits
    +-(leaf << s); a longer one stays the product `leaf * |C|`, built once
    for all the sums of the block that use it. Then, greedily (Hartley's
    common-subexpression elimination, what da4ml does): the pair of digits
    that occurs most often across the forms, up to a common shift and sign,
    `t = x_a + r * (x_b << d)`, is computed once and replaces each
    non-overlapping occurrence (`s * (t << k)`), while some pair occurs at
    least `min-uses` times (2 by default); same-magnitude terms of one sum (3a - 3b = 3(a - b)) are a
    case of it. The sums that changed or hold a constant product are rebuilt
    with one `muli leaf, |C|` per leaf, added or subtracted, for
    aicc-fixed-strength-reduce. Exact: arithmetic modulo 2^n. The op gets
    `aicc.fixed.share_products` (also the pass statistics): adders of the
    sums' digits before and after (digits - 1 per sum, plus one per
    extracted pair), constant multiplies before and after, pairs extracted.
    ```mlir
    // s0 = 3x + 5y + z, s1 = 5y - w + 3x (muli by 3 and 5, addi, subi)
    // becomes t = ((y + y * 4) + x * 4) - x = 3x + 5y once (three pairs),
    %s0 = arith.addi %z, %t : i32
    %s1 = arith.subi %t, %w : i32   // 5 adders instead of 8
    ```
  }];
  let options = [Option<"maxDigits", "max-digits", "int64_t", "3",
                        "Coefficients with at most this many CSD digits are split into digits">,
                 Option<"minUses", "min-uses", "int64_t", "2",
                        "Extract a pair only where it occurs at least this often (2 or more)">];
  let statistics = [
    Statistic<"numAddersBefore", "adders-before", "Adders of the sums' digits before sharing">,
    Statistic<"numAddersAfter", "adders-after", "Adders after sharing, extracted pairs included">,
    Statistic<"numProductsBefore", "multiplies-before", "Constant products too long for shift-adds, per sum">,
    Statistic<"numProductsAfter", "multiplies-after", "Distinct constant products built">,
    Statistic<"numPairs", "pairs", "Shared pairs extracted">,
  ];
  let dependentDialects = ["arith::ArithDialect"];
}

def FixedStrengthReduce : Pass<"aicc-fixed-strength-reduce"> {
  let summary = "Multiply by a constant with shifts and adds of its CSD digits";
  let description = [{
    `arith.muli x, C` (i2 to i64, C an `arith.constant` on either side)
    becomes the shifts and adds of C's canonical signed digits when C has at
    most `max-digits` of them; C is taken modulo 2^n, so a digit at bit n
    vanishes: 0 is the constant 0, 1 is x, -1 is `0 - x`, +-2^k a shift (and
    `0 - ` it), INT_MIN `x << (n-1)`, 7 is `(x << 3) - x`, -3 is
    `x - (x << 2)`. Longer constants stay multiplies. Exact in wrapping
    arithmetic (overflow flags of the multiply are dropped). The op gets
    `aicc.fixed.strength_reduce` (also the pass statistics): multiplies
    reduced and kept, shifts and adds built.
    ```mlir
    %c7 = arith.constant 7 : i32
    %y = arith.muli %x, %c7 : i32
    // becomes
    %s = arith.shli %x, %c3 : i32
    %y = arith.subi %s, %x : i32
    ```
  }];
  let options = [Option<"maxDigits", "max-digits", "int64_t", "3",
                        "Constants with at most this many CSD digits become shift-adds">];
  let statistics = [
    Statistic<"numReduced", "reduced", "Multiplies turned into shifts and adds">,
    Statistic<"numKept", "kept", "Multiplies by a constant kept (too many digits)">,
    Statistic<"numShifts", "shifts", "Shifts built">,
    Statistic<"numAdds", "adds", "Adds and subtracts built">,
  ];
  let dependentDialects = ["arith::ArithDialect"];
}

#endif
