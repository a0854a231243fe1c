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
    inputs whose weights have the same magnitude are added or subtracted
    first, and the product by each magnitude m is the sum itself (m = 1), a
    shift (2^k), a shift-add chain (at most three canonical signed digits,
    7x = (x << 3) - x) or a multiply by the immediate. The bias starts the
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
    `aicc.fixed.specialized`: per layer the node and what was built
    (zero_weights, factored_terms, add_sub, shifts, csd_weights, csd_adders,
    multiplies, corrections; a conv's loop body counted once).
    ```mlir
    %acc = aicc.matmul_integer %q, %w ...   // w = [[1], [-2], [7]], lhs zero point -1
    %y = aicc.requantize %acc {...}
    // becomes
    %x0 = arith.addi (arith.extsi %e0), 1 ...      // centred inputs
    %p1 = arith.shli %x1, 1
    %s = arith.subi %x0, %p1
    %p2 = arith.subi (arith.shli %x2, 3), %x2      // 7 = 8 - 1
    %acc = arith.addi %s, %p2
    ... arith.muli (arith.extsi %acc : i32 to i64), M; addi C; shrsi S; ...
    %y = tensor.from_elements ... : tensor<1x1xi8>
    ```
  }];
  let options = [Option<"neuronsPerBlock", "neurons-per-block", "int64_t", "16",
                        "Dense neurons per basic block in a row">];
  let dependentDialects = ["arith::ArithDialect", "scf::SCFDialect",
                           "tensor::TensorDialect"];
}

#endif
