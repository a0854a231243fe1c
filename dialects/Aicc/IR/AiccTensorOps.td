//===- AiccTensorOps.td - data movement ops ----------------*- tablegen -*-===//
#ifndef AICC_TENSOR_OPS_TD
#define AICC_TENSOR_OPS_TD

include "Aicc/IR/AiccBase.td"

def Aicc_ReshapeOp : Aicc_Op<"reshape", [Pure, AllElementTypesMatch<["input", "result"]>]> {
  let summary = "reinterpret a tensor with another shape";
  let description = [{
    Covers ONNX `Reshape`, `Flatten`, `Squeeze` and `Unsqueeze`: the result
    type carries the shape; the element count must not change. The sizes of
    the result's dynamic dims are either given, one index per `?` in order
    (exporters' Shape -> Gather -> Concat -> Reshape subgraphs over dynamic
    inputs), or omitted when there is at most one `?`, which is then the
    element count over the product of the static dims.

    ```mlir
    %r = aicc.reshape %x [%b, %s] : tensor<?x?x768xf32> to tensor<?x?x12x64xf32>
    ```
  }];
  let arguments = (ins Aicc_Tensor:$input, Variadic<Index>:$dynamic_sizes);
  let results = (outs Aicc_Tensor:$result);
  let builders = [OpBuilder<(ins "Type":$type, "Value":$input), [{
    build($_builder, $_state, type, input, ValueRange{});
  }]>];
  let assemblyFormat = [{
    $input (`[` $dynamic_sizes^ `]`)? attr-dict `:` type($input) `to` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Aicc_TransposeOp : Aicc_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "permute dimensions";
  let description = [{ Result dimension `i` is input dimension `perm[i]`. }];
  let arguments = (ins Aicc_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Aicc_ConcatOp : Aicc_Op<"concat", [Pure, InferTypeOpAdaptor, SameOperandsElementType]> {
  let summary = "join tensors along one axis";
  let arguments = (ins Variadic<Aicc_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Aicc_SliceOp : Aicc_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "strided slice with normalised bounds";
  let description = [{
    Takes elements `starts[i], starts[i]+steps[i], ...` while before
    `ends[i]` on every dimension. Bounds are normalised by the importer:
    `0 <= starts[i] < dim` (or the slice is empty), steps are non-zero, and
    for negative steps `ends[i]` may be -1 (run down to index 0).
  }];
  let arguments = (ins Aicc_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Aicc_GatherOp : Aicc_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "gather slices along one axis by index";
  let description = [{
    ONNX `Gather`: the result shape is `data[:axis] + indices + data[axis+1:]`.
    Negative indices count from the end.
  }];
  let arguments = (ins Aicc_Tensor:$data, Aicc_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Aicc_GatherElementsOp : Aicc_Op<"gather_elements", [Pure, InferTypeOpAdaptor]> {
  let summary = "gather single elements along one axis by index";
  let description = [{
    ONNX `GatherElements`: `result[i0, .., ik, ..] = data[i0, .., indices[i0, .., ik, ..], ..]`
    with the index replacing dimension `axis`. The result has the shape of
    `indices`, which has the rank of `data` and no dimension larger than
    `data`'s outside `axis`. Negative indices count from the end.

    ```mlir
    %r = aicc.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins Aicc_Tensor:$data, Aicc_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Aicc_GatherNDOp : Aicc_Op<"gather_nd", [Pure, InferTypeOpAdaptor]> {
  let summary = "gather slices by index tuples";
  let description = [{
    ONNX `GatherND`: the last dimension of `indices` (size `k`) holds index
    tuples into `data`'s dimensions `batch_dims..batch_dims+k-1`; the first
    `batch_dims` dimensions of both are shared. The result shape is
    `indices.shape[:-1] + data.shape[batch_dims+k:]`. Negative indices count
    from the end.

    ```mlir
    %r = aicc.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<2x3x4xf32>, tensor<5x2xi64>) -> tensor<5x4xf32>
    ```
  }];
  let arguments = (ins Aicc_Tensor:$data, Aicc_IndexTensor:$indices, I64Attr:$batch_dims);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Aicc_ScatterElementsOp : Aicc_Op<"scatter_elements", [Pure, InferTypeOpAdaptor]> {
  let summary = "write single elements along one axis by index";
  let description = [{
    ONNX `ScatterElements`: a copy of `data` where the element of `updates`
    at position `u` goes to `u` with dimension `axis` replaced by
    `indices[u]` (negative indices count from the end). `indices` and
    `updates` have one shape, of `data`'s rank. `reduction` is `none`
    (later updates win), `add`, `mul`, `max` or `min` (combined with what is
    there, in update order).

    ```mlir
    %r = aicc.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"}
        : (tensor<2x5xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins Aicc_Tensor:$data, Aicc_IndexTensor:$indices, Aicc_Tensor:$updates,
                       I64Attr:$axis, StrAttr:$reduction);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)
  }];
}

def Aicc_ScatterNDOp : Aicc_Op<"scatter_nd", [Pure, InferTypeOpAdaptor]> {
  let summary = "write slices by index tuples";
  let description = [{
    ONNX `ScatterND`: a copy of `data` where, for every index tuple in the
    last dimension of `indices` (size `k`), the matching slice of `updates`
    (shape `indices.shape[:-1] + data.shape[k:]`) goes to
    `data[tuple, ...]`. `reduction` is `none`, `add`, `mul`, `max` or
    `min`, as for `scatter_elements`.

    ```mlir
    %r = aicc.scatter_nd %x, %i, %u {reduction = "none"}
        : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins Aicc_Tensor:$data, Aicc_IndexTensor:$indices, Aicc_Tensor:$updates,
                       StrAttr:$reduction);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)
  }];
}

def Aicc_PadOp : Aicc_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "pad with a constant, by reflection, by edge or by wrapping";
  let description = [{
    `pads` holds begin values for every dimension then end values; negative
    values crop. `mode` is `constant`, `reflect`, `edge` or `wrap`.
  }];
  let arguments = (ins Aicc_Tensor:$input, DenseI64ArrayAttr:$pads,
                       StrAttr:$mode, F64Attr:$value);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Aicc_ExpandOp : Aicc_Op<"expand", [Pure, AllElementTypesMatch<["input", "result"]>]> {
  let summary = "broadcast to a static shape";
  let description = [{
    ONNX `Expand`: the input broadcasts (numpy rules) to the result's shape,
    which the result type carries; it must be the broadcast of the input's
    shape with the requested one, so no dimension shrinks.

    The sizes of the result's dynamic dims may be given, one index per `?`
    in order (a `shape` computed from dynamic dims, or ConstantOfShape of
    one); without them a `?` takes the input's size.

    ```mlir
    %r = aicc.expand %x : tensor<3x1xf32> to tensor<2x3x4xf32>
    %m = aicc.expand %zero [%b, %s] : tensor<f32> to tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Aicc_Tensor:$input, Variadic<Index>:$dynamic_sizes);
  let results = (outs Aicc_Tensor:$result);
  let builders = [OpBuilder<(ins "Type":$type, "Value":$input), [{
    build($_builder, $_state, type, input, ValueRange{});
  }]>];
  let assemblyFormat = [{
    $input (`[` $dynamic_sizes^ `]`)? attr-dict `:` type($input) `to` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Aicc_NumericScalar : 0DTensorOf<[AnyFloat, AnySignlessInteger]>;

def Aicc_RangeOp : Aicc_Op<"range", [Pure]> {
  let summary = "start, start + delta, ... with a run-time element count";
  let description = [{
    ONNX `Range` whose `limit` is known only at run time (position ids of a
    sequence of dynamic length): element `i` is `start + i * delta`, and
    `size` is the element count the importer computed,
    `max(ceil((limit - start) / delta), 0)`. Constant bounds fold to a
    constant during import instead.

    ```mlir
    %r = aicc.range %start, %delta, %n : tensor<i64>, tensor<i64> -> tensor<?xi64>
    ```
  }];
  let arguments = (ins Aicc_NumericScalar:$start, Aicc_NumericScalar:$delta, Index:$size);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = [{
    $start `,` $delta `,` $size attr-dict `:` type($start) `,` type($delta) `->` type($result)
  }];
  let hasVerifier = 1;
}
def Aicc_TileOp : Aicc_Op<"tile", [Pure, InferTypeOpAdaptor]> {
  let summary = "repeat a tensor along every dimension";
  let description = [{
    Result dimension `i` is input dimension `i` times `repeats[i]`; the
    input is repeated whole, as numpy's `tile` does.

    ```mlir
    %r = aicc.tile %x {repeats = array<i64: 2, 1>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Aicc_Tensor:$input, DenseI64ArrayAttr:$repeats);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Aicc_BoolScalar : 0DTensorOf<[I1]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI1Type())">;

def Aicc_CheckOp : Aicc_Op<"check", [Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "a value that is valid only when a run-time condition holds";
  let description = [{
    Passes `value` through when the 0-d `condition` is true; otherwise the
    run fails with `message` (prefixed with the node's name). The importer
    uses it where an input that shapes the result is only known at run
    time (a `shape`, `axes` or `sizes` graph input) and the model declares
    the result's static shape: the op is compiled for the declared shape and
    the check confirms at run time that the input agrees.

    ```mlir
    %r = aicc.check %ok, %x, "the 'shape' input does not match the declared shape" : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Aicc_BoolScalar:$condition, Aicc_Tensor:$value, StrAttr:$message);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$condition `,` $value `,` $message attr-dict `:` type($value)";
  let hasFolder = 1;
}

#endif // AICC_TENSOR_OPS_TD
