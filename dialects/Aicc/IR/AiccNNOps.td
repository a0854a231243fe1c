//===- AiccNNOps.td - neural-network ops -------------------*- tablegen -*-===//
#ifndef AICC_NN_OPS_TD
#define AICC_NN_OPS_TD

include "Aicc/IR/AiccBase.td"

def Aicc_ConvOp : Aicc_Op<"conv", [Pure, InferTypeOpAdaptor]> {
  let summary = "N-d grouped convolution (NCHW layout)";
  let description = [{
    ONNX `Conv`: input `[N, C, D1..Dk]`, weight `[M, C/group, K1..Kk]`,
    optional bias `[M]`. `pads` holds k begin values then k end values;
    `auto_pad` is resolved by the importer. The output is
    `[N, M, O1..Ok]` with `Oi = (Di + pb + pe - dil*(Ki-1) - 1) / stride + 1`.

    ```mlir
    %y = aicc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
           pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
         : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins Aicc_FloatTensor:$input, Aicc_FloatTensor:$weight,
                       Optional<Aicc_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pads, I64Attr:$group);
  let results = (outs Aicc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Aicc_GemmOp : Aicc_Op<"gemm", [Pure, InferTypeOpAdaptor]> {
  let summary = "general matrix multiply: alpha * op(A) * op(B) + beta * C";
  let description = [{
    ONNX `Gemm` on 2-d operands; `op(X)` transposes when `trans_a`/`trans_b`
    is set. The optional `c` broadcasts to `[M, N]`.
  }];
  let arguments = (ins Aicc_NumericTensor:$a, Aicc_NumericTensor:$b,
                       Optional<Aicc_NumericTensor>:$c,
                       F64Attr:$alpha, F64Attr:$beta, BoolAttr:$trans_a,
                       BoolAttr:$trans_b);
  let results = (outs Aicc_NumericTensor:$result);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Aicc_MatMulOp : Aicc_Op<"matmul", [Pure, InferTypeOpAdaptor, SameOperandsElementType]> {
  let summary = "numpy matmul with batch broadcasting";
  let description = [{
    ONNX `MatMul`: 1-d operands are promoted (and the added dimension
    removed from the result) and leading batch dimensions broadcast.
  }];
  let arguments = (ins Aicc_NumericTensor:$lhs, Aicc_NumericTensor:$rhs);
  let results = (outs Aicc_NumericTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def Aicc_BatchNormOp : Aicc_Op<"batch_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "inference-mode batch normalisation over dimension 1";
  let description = [{
    `y = scale * (x - mean) / sqrt(var + epsilon) + bias`, with the
    per-channel operands of shape `[C]` applied along dimension 1.
  }];
  let arguments = (ins Aicc_FloatTensor:$input, Aicc_FloatTensor:$scale,
                       Aicc_FloatTensor:$bias, Aicc_FloatTensor:$mean,
                       Aicc_FloatTensor:$variance, F64Attr:$epsilon);
  let results = (outs Aicc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}

def Aicc_LayerNormOp : Aicc_Op<"layer_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "layer normalisation over the trailing dimensions";
  let description = [{
    Normalises the input over dimensions `axis..rank-1`:
    `y = (x - mean) / sqrt(var + epsilon) * scale + bias`. Mean and
    (biased) variance are computed in `stash_type`; the normalised value is
    converted to the input's element type before scale and bias apply, as in
    ONNX `LayerNormalization`. `scale` and the optional `bias` broadcast
    (numpy rules) to the normalised shape `x.shape[axis:]`.

    ```mlir
    %y = aicc.layer_norm %x, %scale, %bias {axis = 2 : i64, epsilon = 1.0e-05 : f64, stash_type = f32}
        : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Aicc_FloatTensor:$input, Aicc_FloatTensor:$scale,
                       Optional<Aicc_FloatTensor>:$bias, I64Attr:$axis,
                       F64Attr:$epsilon, TypeAttrOf<AnyFloat>:$stash_type);
  let results = (outs Aicc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

class Aicc_SoftmaxBase<string mnemonic, string desc>
    : Aicc_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = desc # " along one axis";
  let description = [{
    Computes }] # desc # [{ along `axis` (opset 13 semantics; the importer
    rewrites the older flatten-to-2-d form).
  }];
  let arguments = (ins Aicc_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Aicc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}
def Aicc_SoftmaxOp : Aicc_SoftmaxBase<"softmax", "softmax">;
def Aicc_LogSoftmaxOp : Aicc_SoftmaxBase<"log_softmax", "log of softmax">;

class Aicc_PoolBase<string mnemonic, string desc, dag extraArgs,
                    Type tensorType = Aicc_FloatTensor>
    : Aicc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = desc # " pooling over the spatial dimensions (NCHW)";
  let description = [{
    Pools windows of `kernel_shape` over `[N, C, D1..Dk]`. `pads` holds k
    begin then k end values; `ceil_mode` rounds the output size up (a
    window must still start inside the input or its begin padding).
    `max_pool` also takes integers (signless as signed, or unsigned).
  }];
  let arguments = !con((ins tensorType:$input,
                            DenseI64ArrayAttr:$kernel_shape,
                            DenseI64ArrayAttr:$strides,
                            DenseI64ArrayAttr:$dilations,
                            DenseI64ArrayAttr:$pads, BoolAttr:$ceil_mode),
                       extraArgs);
  let results = (outs tensorType:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}
def Aicc_MaxPoolOp : Aicc_PoolBase<"max_pool", "max", (ins), Aicc_NumericTensor>;
def Aicc_AvgPoolOp : Aicc_PoolBase<"avg_pool", "average",
                                   (ins BoolAttr:$count_include_pad)>;

def Aicc_GlobalAvgPoolOp : Aicc_Op<"global_avg_pool", [Pure, InferTypeOpAdaptor]> {
  let summary = "mean over all spatial dimensions, keeping them as size 1";
  let arguments = (ins Aicc_FloatTensor:$input);
  let results = (outs Aicc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Aicc_ResizeOp : Aicc_Op<"resize", [Pure]> {
  let summary = "nearest, (multi)linear or (multi)cubic resampling";
  let description = [{
    ONNX `Resize` with the output size given by the result type and the
    per-dimension `scales` used for coordinate transformation. `mode` is
    `nearest`, `linear` or `cubic`; `coordinate_transformation_mode` and
    `nearest_mode` take ONNX's values. `cubic` interpolates 4 taps per
    resized dimension with Keys' kernel of parameter `cubic_coeff_a`
    (ONNX's default -0.75, elided when equal to it); taps outside the input
    take the edge value, or with `exclude_outside` get weight 0 and the
    other weights are renormalised.

    When the scales are known only at run time (a `scales` graph input),
    `runtime_scales` (f32, one per dimension) replaces `scales` in the
    coordinate transformation; the result type still fixes the output size.
  }];
  let arguments = (ins Aicc_FloatTensor:$input,
                       Optional<RankedTensorOf<[F32]>>:$runtime_scales,
                       DenseF64ArrayAttr:$scales,
                       StrAttr:$mode, StrAttr:$coordinate_transformation_mode,
                       StrAttr:$nearest_mode, BoolAttr:$exclude_outside,
                       F64Attr:$extrapolation_value,
                       DefaultValuedAttr<F64Attr, "-0.75">:$cubic_coeff_a);
  let results = (outs Aicc_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scales` $runtime_scales^ `:` type($runtime_scales))? attr-dict `:`
    type($input) `to` type($result)
  }];
  let hasVerifier = 1;
}

#endif // AICC_NN_OPS_TD
