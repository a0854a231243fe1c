//===- AiccBase.td - aicc dialect definition ---------------*- tablegen -*-===//
#ifndef AICC_BASE_TD
#define AICC_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Aicc_Dialect : Dialect {
  let name = "aicc";
  let cppNamespace = "::mlir::aicc";
  let summary = "Target-independent tensor operations of ONNX models";
  let description = [{
    The `aicc` dialect is the graph-level vocabulary of the aicc compiler. The
    ONNX importer produces it; fusion, quantization, sparsity and layout passes
    rewrite it; the CPU, CUDA and fixed-function back ends lower it.

    Ops work on ranked tensors with value semantics. Shape inference lives on
    the ops (`InferTypeOpInterface`): each op computes its result type from its
    operands and attributes, and the verifier checks a given result type
    against it. ONNX attributes that became inputs in later opsets are
    normalised by the importer: the op always carries the resolved values.
    Elementwise binary ops follow numpy broadcasting.
  }];
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

class Aicc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Aicc_Dialect, mnemonic, traits>;

def Aicc_Tensor : RankedTensorOf<[AnyType]>;
def Aicc_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Aicc_NumericTensor : RankedTensorOf<[AnyFloat, AnySignlessInteger, AnyUnsignedInteger]>;
def Aicc_BoolTensor : RankedTensorOf<[I1]>;
def Aicc_IntegerTensor : RankedTensorOf<[AnySignlessInteger, AnyUnsignedInteger]>;
def Aicc_IndexTensor : RankedTensorOf<[I32, I64]>;

#endif // AICC_BASE_TD
