//===- AiccReductionOps.td - reductions --------------------*- tablegen -*-===//
#ifndef AICC_REDUCTION_OPS_TD
#define AICC_REDUCTION_OPS_TD

include "Aicc/IR/AiccBase.td"

class Aicc_ReduceOp<string mnemonic, string desc>
    : Aicc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = desc # " over the given axes";
  let description = [{
    Reduces the sorted, non-negative `axes` (the importer resolves ONNX's
    empty-axes and `noop_with_empty_axes` rules). With `keepdims` the reduced
    dimensions stay as size 1. Reducing an empty range gives the identity of
    the reduction.
  }];
  let arguments = (ins Aicc_NumericTensor:$input, DenseI64ArrayAttr:$axes,
                       BoolAttr:$keepdims);
  let results = (outs Aicc_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Aicc_ReduceSumOp : Aicc_ReduceOp<"reduce_sum", "sum">;
def Aicc_ReduceMeanOp : Aicc_ReduceOp<"reduce_mean", "arithmetic mean">;
def Aicc_ReduceMaxOp : Aicc_ReduceOp<"reduce_max", "maximum">;
def Aicc_ReduceMinOp : Aicc_ReduceOp<"reduce_min", "minimum">;
def Aicc_ReduceProdOp : Aicc_ReduceOp<"reduce_prod", "product">;

class Aicc_ArgReduceOp<string mnemonic, string desc>
    : Aicc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "index of the " # desc # " along one axis";
  let description = [{
    ONNX `ArgMax`/`ArgMin`: the int64 index of the }] # desc # [{ element
    along `axis` (normalised, non-negative). Ties pick the first index, or the
    last with `select_last_index`. With `keepdims` the axis stays as size 1.
  }];
  let arguments = (ins Aicc_NumericTensor:$input, I64Attr:$axis, BoolAttr:$keepdims,
                       BoolAttr:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Aicc_ArgMaxOp : Aicc_ArgReduceOp<"arg_max", "largest">;
def Aicc_ArgMinOp : Aicc_ArgReduceOp<"arg_min", "smallest">;

class Aicc_ScanOp<string mnemonic, string desc, string combine>
    : Aicc_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "cumulative " # desc # " along one axis";
  let description = [{
    ONNX `Cum}] # combine # [{` with a compile-time `axis` (normalised,
    non-negative): element `i` along `axis` is the }] # desc # [{ of the
    elements `0..i`, or `0..i-1` with `exclusive` (the empty range gives the
    identity); `reverse` takes them from the other end (`i..n-1`, or
    `i+1..n-1`).

    ```mlir
    %r = aicc.}] # mnemonic # [{ %x {axis = 1 : i64, exclusive = false, reverse = true} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Aicc_NumericTensor:$input, I64Attr:$axis, BoolAttr:$exclusive,
                       BoolAttr:$reverse);
  let results = (outs Aicc_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Aicc_CumSumOp : Aicc_ScanOp<"cumsum", "sum", "Sum">;
def Aicc_CumProdOp : Aicc_ScanOp<"cumprod", "product", "Prod">;

#endif // AICC_REDUCTION_OPS_TD
