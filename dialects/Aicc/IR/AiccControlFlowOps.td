//===- AiccControlFlowOps.td - loops with a run-time trip count -*- tablegen -*-===//
#ifndef AICC_CONTROL_FLOW_OPS_TD
#define AICC_CONTROL_FLOW_OPS_TD

include "Aicc/IR/AiccBase.td"

def Aicc_I64Scalar : 0DTensorOf<[I64]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI64Type())">;

def Aicc_LoopOp : Aicc_Op<"loop", [AttrSizedOperandSegments, RecursiveMemoryEffects,
                                   SingleBlock]> {
  let summary = "ONNX Loop: a body run while a count and a condition allow";
  let description = [{
    Runs `body` for iterations `0, 1, ...` while the iteration number is
    below `trips` (when given) and the condition holds: `cond` before the
    first iteration, then the one the body yields. The body's arguments are
    the iteration number (`tensor<i64>`) and the loop-carried values, which
    start as `iter_args`; it yields the next condition (`tensor<i1>`) and the
    next carried values, which keep their types. The results are the number
    of iterations run and the final carried values. The body reads values of
    the enclosing function directly (ONNX subgraphs capture outer values).

    The importer builds it for a Loop it does not unroll: a trip count or
    condition known only at run time, or more iterations than it unrolls.
    `convert-aicc-to-linalg` lowers it to `scf.while` on tensors, each
    carried value updated in place in its buffer.

    ```mlir
    %n, %acc = aicc.loop trips %m while %c iter_args(%x)
        : (tensor<i64>, tensor<i1>, tensor<2xf32>) -> (tensor<i64>, tensor<2xf32>) {
    ^bb0(%i: tensor<i64>, %v: tensor<2xf32>):
      %s = aicc.add %v, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      aicc.yield %c, %s : tensor<i1>, tensor<2xf32>
    }
    ```
  }];
  let arguments = (ins Optional<Aicc_I64Scalar>:$trips, Aicc_BoolScalar:$cond,
                       Variadic<Aicc_Tensor>:$inits);
  let results = (outs Aicc_I64Scalar:$iterations, Variadic<Aicc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`trips` $trips^)? `while` $cond (`iter_args` `(` $inits^ `)`)? attr-dict-with-keyword
    `:` functional-type(operands, results) $body
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The body's block argument for the iteration number.
    ::mlir::BlockArgument getIterationArg() { return getBody().getArgument(0); }
    /// The body's block arguments for the carried values.
    ::mlir::Block::BlockArgListType getCarriedArgs() {
      return getBody().getArguments().drop_front();
    }
  }];
}

def Aicc_YieldOp : Aicc_Op<"yield", [Pure, Terminator, HasParent<"LoopOp">]> {
  let summary = "the next condition and carried values of an aicc.loop";
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // AICC_CONTROL_FLOW_OPS_TD
