//===- AiccKernelOps.td - code-generation-level aicc ops -----*- tablegen -*-===//
//
// Ops that a target's code generation forms from graph ops: they fix data
// layouts and register tiles, work on tensors or (after bufferization) on
// memrefs in destination-passing style, and are lowered by the target.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_KERNEL_OPS_TD
#define AICC_KERNEL_OPS_TD

include "Aicc/IR/AiccBase.td"
include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"

def Aicc_F32TensorOrMemRef : AnyTypeOf<[RankedTensorOf<[F32]>, MemRefOf<[F32]>]>;
// Weights of aicc.packed_matmul may be bf16 (-precision=bf16), widened to
// f32 as the kernel loads them.
def Aicc_WeightTensorOrMemRef : AnyTypeOf<[RankedTensorOf<[F32, BF16]>, MemRefOf<[F32, BF16]>]>;

def Aicc_PackedMatmulOp : Aicc_Op<"packed_matmul", [
    AttrSizedOperandSegments, DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    DeclareOpInterfaceMethods<BufferizableOpInterface,
        ["bufferizesToMemoryRead", "bufferizesToMemoryWrite",
         "getAliasingValues", "bufferize"]>]> {
  let summary = "register-tiled matrix multiply / convolution with a fused epilogue";
  let description = [{
    The CPU back end's contraction kernel. With `x` of shape `[Bx, C, IH, IW]`
    and the result (`init`) of shape `[B, M, OH, OW]`:

    ```
    result[b, m, oh, ow] = act(sum over (c, kh, kw) of
                                 A[m, (c, kh, kw)] * x[b, c, oh*sh + kh*dh, ow*sw + kw*dw]
                               + bias + residual[b, m, oh, ow])
    ```

    where `(kh, kw)` run over `window`, `(sh, sw)` are `strides` and
    `(dh, dw)` `dilations`; the reduction index `k = (c*KH + kh)*KW + kw`.
    A 2-d convolution in NCHW is this op with the padded input as `x`; a
    matrix product `[M, K] x [K, N]` is this op with `x = [1, K, 1, N]`.

    `a` is either plain, `[Ba, M, K]` (`Ba` is 1 or `B`), or, with
    `packed_a`, packed in panels of `tile[0]` rows: `[ceil(M/MR), K, MR]`,
    `A[m, k] = a[m / MR, k, m % MR]`, rows past `M` are zero. Packed panels
    make every step of the kernel's reduction read `MR` consecutive values.
    With `packed_x` (matrix products with a constant right operand: window
    1x1, `OH` = 1), x is packed in panels of `NR` columns,
    `[ceil(OW/NR), K, 1, NR]`, `x[k, n] = x[n / NR, k, 0, n % NR]`, columns
    past `OW` zero: every reduction step reads one contiguous `NR`-wide row
    instead of a row `OW` elements away from the last.
    `tile = [MR, NR]` is the register tile: `MR` rows of the result times
    `NR` consecutive `ow` positions. `bias` is 1-d along `M` (`bias_dim = 0`),
    along `OW` (`bias_dim = 1`) or along the batch `B` (`bias_dim = 2`: a
    depthwise convolution runs as a product per channel, with the channels
    as the batch); `residual` has the result's shape.
    `activation` is `none`, `relu` or `clip` (to `[clip_min, clip_max]`),
    applied last. With `column_phases = P > 1` (strided convolutions), every
    row of x holds its columns split by phase: `P` runs of `Q = IW / P`
    columns, column `i` of the original row at `(i % P) * Q + i / P`, so
    that a tap at column `ow * P + t` reads `ow + t / P` in run `t % P`:
    consecutive outputs read consecutive elements. It requires the column
    stride to be `P`.
    `panels_outer` is a schedule hint for the code generator:
    walk the panels of `a` outermost (each read once, reused for every
    column) instead of the columns of `x`; it does not change the result. `init`'s contents are not read: the op overwrites it.

    ```mlir
    %r = aicc.packed_matmul %a, %x bias %b : tensor<64xf32> into %init
           {packed_a, tile = array<i64: 6, 16>, window = array<i64: 3, 3>,
            strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
            activation = "relu"}
         : tensor<11x576x6xf32>, tensor<1x64x58x58xf32>
           into tensor<1x64x56x56xf32> -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins Aicc_WeightTensorOrMemRef:$a, Aicc_WeightTensorOrMemRef:$x,
                       Optional<Aicc_F32TensorOrMemRef>:$bias,
                       Optional<Aicc_F32TensorOrMemRef>:$residual,
                       Aicc_F32TensorOrMemRef:$init,
                       DenseI64ArrayAttr:$tile, DenseI64ArrayAttr:$window,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       UnitAttr:$packed_a, UnitAttr:$packed_x, UnitAttr:$panels_outer,
                       DefaultValuedAttr<I64Attr, "1">:$column_phases,
                       DefaultValuedAttr<I64Attr, "0">:$bias_dim,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$activation,
                       DefaultValuedAttr<F32Attr, "0.0f">:$clip_min,
                       DefaultValuedAttr<F32Attr, "0.0f">:$clip_max);
  let results = (outs Variadic<RankedTensorOf<[F32]>>:$result);
  let assemblyFormat = [{
    $a `,` $x (`bias` $bias^ `:` type($bias))?
    (`residual` $residual^ `:` type($residual))? `into` $init attr-dict
    `:` type($a) `,` type($x) `into` type($init) (`->` type($result)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
    /// Number of rows of the product (M).
    int64_t getRows();
    /// Length of the reduction (K = C * KH * KW).
    int64_t getReduction();
  }];
}

def Aicc_IntTensorOrMemRef : AnyTypeOf<[RankedTensorOf<[I8, UI8, I32]>, MemRefOf<[I8, UI8, I32]>]>;

def Aicc_PackedMatmulIntegerOp : Aicc_Op<"packed_matmul_integer", [
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    DeclareOpInterfaceMethods<BufferizableOpInterface,
        ["bufferizesToMemoryRead", "bufferizesToMemoryWrite",
         "getAliasingValues", "bufferize"]>]> {
  let summary = "register-tiled 8-bit matrix multiply / convolution, i32 accumulation, "
                "optional requantization";
  let description = [{
    The integer counterpart of `aicc.packed_matmul`. With `x` of shape
    `[Bx, C, IH, IW]` and the result (`init`) of shape `[B, M, OH, OW]`:

    ```
    acc[b, m, oh, ow] = bias[m or ow] + sum over (c, kh, kw) of
                          A[m, c, kh, kw] * x[b, c, oh*sh + kh*dh, ow*sw + kw*dw]
    ```

    in i32 (wrapping). Exactly one of `a` and `x` is a constant packed in
    pairs of input channels (`packed_a` or `packed_x`), the other an 8-bit
    operand (`i8` sign-extends, `ui8` zero-extends):

    - `packed_a`: `a` is `[ceil(M/MR), ceil(C/2) * KH*KW, MR]` i32; word
      `[m / MR, (c/2) * KH*KW + kh*KW + kw, m % MR]` holds `A[m, c, kh, kw]`
      in its low 16 bits and `A[m, c + 1, kh, kw]` in its high 16 bits
      (c even; zero past `C` and past `M`). `x` is 8-bit. `a` may have a
      leading batch dim, `[Ba, ...]` with `Ba` dividing `B`: batch `b` then
      uses `a[b % Ba]` (a depthwise convolution runs as a product per
      channel, with the channels as the batch).
    - `packed_x` (matrix products `[M, K] x [K, N]` with a constant right
      operand: window 1x1, unit strides, `OH` = 1): `x` is
      `[ceil(OW/NR), ceil(K/2), NR]` i32, word `[n / NR, k / 2, n % NR]`
      holding `X[k, n]` (low) and `X[k + 1, n]` (high), zero past `K` and
      `N`; `a` is the 8-bit `[1 or B, M, K]`.

    The 16-bit halves are signed. Every product pairs a 16-bit value with an
    8-bit one, so a pair of products cannot overflow i32: the code generator
    uses `pmaddwd`-shaped arithmetic (sign-extended 16-bit pairs multiplied
    and added into i32), which is exact.
    `bias` (i32, 1-d) is along `M` (`bias_dim = 0`), `OW` (`bias_dim = 1`)
    or the batch (`bias_dim = 2`, length dividing `B`, batch `b` using index
    `b % length`);
    it carries the zero-point corrections (`-za * sum of weights`) and the
    quantized bias. `tile = [MR, NR]` is the register tile.

    With an i32 `init`, the result is `acc`. With an 8-bit `init`, `scale`
    (f32, one value or one per index of `bias_dim`) requantizes as
    `aicc.requantize`: `saturate(round_half_even(f32(acc) * scale) +
    zero_point)`, with `relu` clamping below at `zero_point`.

    ```mlir
    %r = aicc.packed_matmul_integer %a, %x bias %b : tensor<10xi32>
           scale %s : tensor<10xf32> into %init
           {packed_a, tile = array<i64: 4, 16>, window = array<i64: 3, 3>,
            strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
            zero_point = -128 : i64}
         : tensor<3x18x4xi32>, tensor<2x3x15x15xi8>
           into tensor<2x10x13x13xi8> -> tensor<2x10x13x13xi8>
    ```
  }];
  let arguments = (ins Aicc_IntTensorOrMemRef:$a, Aicc_IntTensorOrMemRef:$x,
                       Aicc_IntTensorOrMemRef:$bias,
                       Optional<Aicc_F32TensorOrMemRef>:$scale,
                       Aicc_IntTensorOrMemRef:$init,
                       DenseI64ArrayAttr:$tile, DenseI64ArrayAttr:$window,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       UnitAttr:$packed_a, UnitAttr:$packed_x,
                       DefaultValuedAttr<I64Attr, "0">:$bias_dim,
                       DefaultValuedAttr<I64Attr, "0">:$zero_point, UnitAttr:$relu);
  let results = (outs Variadic<RankedTensorOf<[I8, UI8, I32]>>:$result);
  let assemblyFormat = [{
    $a `,` $x `bias` $bias `:` type($bias) (`scale` $scale^ `:` type($scale))?
    `into` $init attr-dict
    `:` type($a) `,` type($x) `into` type($init) (`->` type($result)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
}

def Aicc_I32TensorOrMemRef : AnyTypeOf<[RankedTensorOf<[I32]>, MemRefOf<[I32]>]>;

def Aicc_SparseMatmulOp : Aicc_Op<"sparse_matmul", [
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    DeclareOpInterfaceMethods<BufferizableOpInterface,
        ["bufferizesToMemoryRead", "bufferizesToMemoryWrite",
         "getAliasingValues", "bufferize"]>]> {
  let summary = "product of an f32 activation with a constant sparse weight matrix";
  let description = [{
    The CPU back end's zero-skipping kernel (`aicc-form-sparse-kernels`,
    `docs/quantization.md`, section Sparsity). The weight `W [K, N]` is
    stored by output column (compressed sparse columns): the non-zeros of
    column `n` are `values[s]` at rows `indices[s]` for `s` in
    `[offsets[n], offsets[n + 1])`. The activation comes transposed,
    `xt = X^T [K, M]`, so that one weight times a contiguous run of `xt`'s
    row is a vector FMA over output rows. With `init` of shape `[M, N]`:

    ```
    result[m, n] = act(bias[n] + sum over s of values[s] * xt[indices[s], m])
    ```

    `row_tile` is the number of output rows (a multiple of the vector
    length, or all of `M`) whose accumulators stay in registers while one
    column's non-zeros stream by. `activation` is `none`, `relu` or `clip`.
    With `transposed_result`, `init` is `[N, M]` and receives the result
    transposed (`init[n, m] = result[m, n]`): what a following sparse
    product takes as its `xt`. `init`'s contents are not read.

    ```mlir
    %r = aicc.sparse_matmul %xt, %offsets, %indices, %values bias %b : tensor<256xf32>
           into %init {row_tile = 64 : i64, activation = "relu"}
         : tensor<784x128xf32>, tensor<257xi32>, tensor<20070xi32>, tensor<20070xf32>
           into tensor<128x256xf32> -> tensor<128x256xf32>
    ```
  }];
  let arguments = (ins Aicc_F32TensorOrMemRef:$xt, Aicc_I32TensorOrMemRef:$offsets,
                       Aicc_I32TensorOrMemRef:$indices, Aicc_F32TensorOrMemRef:$values,
                       Optional<Aicc_F32TensorOrMemRef>:$bias,
                       Aicc_F32TensorOrMemRef:$init,
                       I64Attr:$row_tile, UnitAttr:$transposed_result,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$activation,
                       DefaultValuedAttr<F32Attr, "0.0f">:$clip_min,
                       DefaultValuedAttr<F32Attr, "0.0f">:$clip_max);
  let results = (outs Variadic<RankedTensorOf<[F32]>>:$result);
  let assemblyFormat = [{
    $xt `,` $offsets `,` $indices `,` $values (`bias` $bias^ `:` type($bias))?
    `into` $init attr-dict
    `:` type($xt) `,` type($offsets) `,` type($indices) `,` type($values)
    `into` type($init) (`->` type($result)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
}

def Aicc_I8TensorOrMemRef : AnyTypeOf<[RankedTensorOf<[I8]>, MemRefOf<[I8]>]>;

def Aicc_PackedMatmulInt4Op : Aicc_Op<"packed_matmul_int4", [
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    DeclareOpInterfaceMethods<BufferizableOpInterface,
        ["bufferizesToMemoryRead", "bufferizesToMemoryWrite",
         "getAliasingValues", "bufferize"]>]> {
  let summary = "f32 activation times a constant blocked 4-bit weight, unpacked in registers";
  let description = [{
    The CPU back end's kernel for `aicc.matmul_int4` (`aicc-form-int4-kernels`,
    `docs/quantization.md`, section w4). With `x` `[M, K]` and `init`
    `[M, N]`, the weight is packed in panels of `NR` output columns:
    byte `[p, j, c]` of `weight` `[P, KP / 2, NR]` holds `q[p*NR + c, 2j]`
    (low nibble) and `q[p*NR + c, 2j + 1]` (high nibble), with `KP` K
    rounded up to `block_size` and columns past `N` zero. Per block
    `b = k / block_size`, `scales` and `offsets` `[P, KP / block_size, NR]`
    hold `s` and `-z * s`, so that

    ```
    result[m, n] = bias[n] + sum_k x[m, k] * (q[n, k] * s[n, b] + offsets[n, b])
    ```

    K is even. The kernel loads the bytes of two reduction steps of a
    panel's columns at once, widens them, splits the nibbles with a mask and a shift, converts
    and scales them in registers. `init`'s contents are not read.

    ```mlir
    %r = aicc.packed_matmul_int4 %x, %w, %s, %o bias %b : tensor<768xf32>
           into %init {block_size = 32 : i64}
         : tensor<1x768xf32>, tensor<12x384x64xi8>, tensor<12x24x64xf32>,
           tensor<12x24x64xf32> into tensor<1x768xf32> -> tensor<1x768xf32>
    ```
  }];
  let arguments = (ins Aicc_F32TensorOrMemRef:$x, Aicc_I8TensorOrMemRef:$weight,
                       Aicc_F32TensorOrMemRef:$scales, Aicc_F32TensorOrMemRef:$offsets,
                       Optional<Aicc_F32TensorOrMemRef>:$bias,
                       Aicc_F32TensorOrMemRef:$init, I64Attr:$block_size);
  let results = (outs Variadic<RankedTensorOf<[F32]>>:$result);
  let assemblyFormat = [{
    $x `,` $weight `,` $scales `,` $offsets (`bias` $bias^ `:` type($bias))?
    `into` $init attr-dict
    `:` type($x) `,` type($weight) `,` type($scales) `,` type($offsets)
    `into` type($init) (`->` type($result)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
}

#endif // AICC_KERNEL_OPS_TD
