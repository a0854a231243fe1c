//===- AiccQuantOps.td - quantization ops ------------------*- tablegen -*-===//
//
// 8-bit linear quantization: the ONNX QuantizeLinear/DequantizeLinear pair
// (per tensor or per axis) and the integer ops aicc-fold-qdq rewrites QDQ
// contractions into. Scales are f32, zero points have the quantized type.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_QUANT_OPS_TD
#define AICC_QUANT_OPS_TD

include "Aicc/IR/AiccBase.td"

def Aicc_QuantTensor : RankedTensorOf<[I8, UI8]>;
def Aicc_I32Tensor : RankedTensorOf<[I32]>;

def Aicc_QuantizeLinearOp : Aicc_Op<"quantize_linear", [Pure, InferTypeOpAdaptor]> {
  let summary = "f32 to (u)int8: saturate(round_half_even(x / scale) + zero_point)";
  let description = [{
    ONNX `QuantizeLinear` to an 8-bit integer type. `scale` (f32) and
    `zero_point` (the result's element type) have the same shape: 0-d (per
    tensor) or 1-d with one value per index of dimension `axis` of `x`.
    `x / scale` is an f32 division; the result takes `zero_point`'s type.

    ```mlir
    %q = aicc.quantize_linear %x, %s, %z {axis = 1 : i64}
         : (tensor<2x4xf32>, tensor<f32>, tensor<i8>) -> tensor<2x4xi8>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32]>:$input, RankedTensorOf<[F32]>:$scale,
                       Aicc_QuantTensor:$zero_point, I64Attr:$axis);
  let results = (outs Aicc_QuantTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point attr-dict `:` functional-type(operands, results)
  }];
}

def Aicc_DequantizeLinearOp : Aicc_Op<"dequantize_linear", [Pure, InferTypeOpAdaptor]> {
  let summary = "(u)int8 or int32 to f32: (x - zero_point) * scale";
  let description = [{
    ONNX `DequantizeLinear` from an 8-bit or 32-bit integer type, computed in
    f32 (`x - zero_point` exactly for 8-bit values). `scale` (f32) and
    `zero_point` (the input's element type) are 0-d or 1-d along `axis`.

    ```mlir
    %y = aicc.dequantize_linear %q, %s, %z {axis = 0 : i64}
         : (tensor<4x3xi8>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I8, UI8, I32]>:$input, RankedTensorOf<[F32]>:$scale,
                       RankedTensorOf<[I8, UI8, I32]>:$zero_point, I64Attr:$axis);
  let results = (outs RankedTensorOf<[F32]>:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point attr-dict `:` functional-type(operands, results)
  }];
}

def Aicc_MatMulIntegerOp : Aicc_Op<"matmul_integer", [Pure, InferTypeOpAdaptor]> {
  let summary = "(u)int8 matmul with zero points, accumulated in i32";
  let description = [{
    `result[..., m, n] = sum_k (lhs[..., m, k] - lhs_zero_point) *
    (rhs[k, n] - rhs_zero_point)` in i32: `lhs` has rank >= 2 (leading dims
    are batch dims), `rhs` is 2-d. Zero points lie in their operand's range.

    ```mlir
    %acc = aicc.matmul_integer %a, %b {lhs_zero_point = -3 : i64, rhs_zero_point = 0 : i64}
           : (tensor<1x8xi8>, tensor<8x4xi8>) -> tensor<1x4xi32>
    ```
  }];
  let arguments = (ins Aicc_QuantTensor:$lhs, Aicc_QuantTensor:$rhs,
                       I64Attr:$lhs_zero_point, I64Attr:$rhs_zero_point);
  let results = (outs Aicc_I32Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Aicc_ConvIntegerOp : Aicc_Op<"conv_integer", [Pure, InferTypeOpAdaptor]> {
  let summary = "(u)int8 grouped convolution with zero points, accumulated in i32";
  let description = [{
    `aicc.conv` (same window attributes and shapes, no bias) of
    `input - input_zero_point` and `weight - weight_zero_point`, in i32;
    padding contributes zeros to the centred input, as in ONNX `ConvInteger`.

    ```mlir
    %acc = aicc.conv_integer %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
             pads = array<i64: 1, 1, 1, 1>, group = 1 : i64, input_zero_point = 5 : i64,
             weight_zero_point = 0 : i64}
           : (tensor<1x3x8x8xui8>, tensor<4x3x3x3xi8>) -> tensor<1x4x8x8xi32>
    ```
  }];
  let arguments = (ins Aicc_QuantTensor:$input, Aicc_QuantTensor:$weight,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pads, I64Attr:$group,
                       I64Attr:$input_zero_point, I64Attr:$weight_zero_point);
  let results = (outs Aicc_I32Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight attr-dict `:` functional-type(operands, results)
  }];
}

def Aicc_RequantizeOp : Aicc_Op<"requantize", [Pure]> {
  let summary = "i32 accumulator to (u)int8: saturate(round_half_even(f32(x) * scale) + zero_point)";
  let description = [{
    The output stage of an integer contraction, as onnxruntime's CPU kernels
    (MlasRequantizeOutput) compute it: the accumulator is converted to f32,
    multiplied by the f32 `scale` (one value, or one per index of dimension
    `axis`), rounded half to even, offset by `zero_point` and saturated to the
    result's 8-bit type. With `relu`, values below `zero_point` become it.

    ```mlir
    %q = aicc.requantize %acc {scale = array<f32: 0.5, 0.25>, axis = 1 : i64,
           zero_point = -128 : i64} : tensor<1x2xi32> -> tensor<1x2xi8>
    ```
  }];
  let arguments = (ins Aicc_I32Tensor:$input, DenseF32ArrayAttr:$scale, I64Attr:$axis,
                       I64Attr:$zero_point, UnitAttr:$relu);
  let results = (outs Aicc_QuantTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Aicc_MatMulInt4Op : Aicc_Op<"matmul_int4", [Pure, InferTypeOpAdaptor]> {
  let summary = "f32 activation times a blocked 4-bit weight (com.microsoft.MatMulNBits)";
  let description = [{
    `result[..., n] = bias[n] + sum_k input[..., k] * W[n, k]` with the
    weight dequantized per block of `BS` consecutive `k`:
    `W[n, k] = (q[n, k] - zero_points[n, k / BS]) * scales[n, k / BS]`.
    `weight` is `[N, KB, BS / 2]` ui8 (onnxruntime's MatMulNBits layout for
    4 bits): byte `[n, b, j]` holds `q[n, b*BS + 2j]` in its low nibble and
    `q[n, b*BS + 2j + 1]` in its high nibble; `scales` is f32 `[N, KB]`,
    `zero_points` ui8 `[N, KB]` with one value in [0, 15] per byte (unpacked);
    `k_size` is K (at most `KB * BS`: the last block may be partial). The
    input has rank >= 2 and K as its last dim; `bias` (optional) is `[N]`.

    ```mlir
    %y = aicc.matmul_int4 %x, %w, %s, %z {k_size = 64 : i64}
         : (tensor<1x64xf32>, tensor<8x2x16xui8>, tensor<8x2xf32>, tensor<8x2xui8>)
           -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32]>:$input, RankedTensorOf<[UI8]>:$weight,
                       RankedTensorOf<[F32]>:$scales, RankedTensorOf<[UI8]>:$zero_points,
                       Optional<RankedTensorOf<[F32]>>:$bias, I64Attr:$k_size);
  let results = (outs RankedTensorOf<[F32]>:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $scales `,` $zero_points (`bias` $bias^ `:` type($bias))?
    attr-dict `:` `(` type($input) `,` type($weight) `,` type($scales) `,` type($zero_points)
    `)` `->` type($result)
  }];
}

#endif // AICC_QUANT_OPS_TD
