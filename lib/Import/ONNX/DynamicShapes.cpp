//===- DynamicShapes.cpp - which op importers accept dynamic dimensions ----===//
//
// Graph inputs keep their symbolic dimensions (`?` in the aicc types) unless
// -input-shape pins them. Only some op importers and lowerings handle `?`
// dims so far; every other node that sees one is rejected here, before its
// importer runs, with an error that says how to get a static compile.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// ONNX ops whose importer and lowering handle dynamic input dimensions:
/// their result shapes follow from the input shapes and attributes or
/// constant inputs alone.
static const llvm::StringSet<> &dynamicCapableOps() {
  static const llvm::StringSet<> ops = {
      // elementwise (numpy broadcasting)
      "Abs", "Acos", "Acosh", "Add", "And", "Asin", "Asinh", "Atan", "Atanh",
      "BitShift", "BitwiseAnd", "BitwiseNot", "BitwiseOr", "BitwiseXor", "Cast",
      "Ceil", "Celu", "Clip", "Cos", "Cosh", "Div", "Elu", "Equal", "Erf", "Exp",
      "Floor", "Gelu", "Greater", "GreaterOrEqual", "HardSigmoid", "HardSwish",
      "Identity", "IsInf", "IsNaN", "LeakyRelu", "Less", "LessOrEqual", "Log",
      "Max", "Min", "Mish", "Mod", "Mul", "Neg", "Not", "Or", "Pow", "PRelu",
      "Reciprocal", "Relu", "Round", "Selu", "Sigmoid", "Sign", "Sin", "Sinh",
      "Softplus", "Softsign", "Sqrt", "Sub", "Tan", "Tanh", "ThresholdedRelu",
      "Where", "Xor",
      // contractions and normalisations
      "Gemm", "MatMul", "Softmax", "LogSoftmax",
      // reductions with constant axes
      "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd",
      "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum",
      "ReduceLogSumExp",
      // data movement (Flatten: one side of the axis may be dynamic;
      // Reshape and Expand take symbolic shapes, SymbolicShapes.cpp)
      "Flatten", "Transpose", "Reshape", "Expand", "Squeeze", "Unsqueeze", "Gather",
      "Split", "Trilu", "LayerNormalization",
      // recurrences: a dynamic batch (their importer rejects the rest)
      "RNN", "GRU", "LSTM",
      // sequences and optionals: lists of tensors, unrolled at import
      "SequenceConstruct", "SequenceInsert", "SequenceErase", "SequenceAt",
      "SequenceLength", "SequenceMap", "ConcatFromSequence", "SplitToSequence",
      "Optional", "OptionalHasElement", "OptionalGetElement"};
  return ops;
}

/// ONNX ops whose importer and lowering handle a dynamic batch (dim 0 of
/// their inputs) while every other dim is static.
static const llvm::StringSet<> &dynamicBatchOps() {
  static const llvm::StringSet<> ops = {"Conv", "MaxPool", "AveragePool",
                                        "GlobalAveragePool", "GlobalMaxPool",
                                        "BatchNormalization"};
  return ops;
}

static bool hasDynamicDim(Value v, bool batchAllowed) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t)
    return false;
  for (int64_t d = batchAllowed ? 1 : 0; d < t.getRank(); ++d)
    if (t.isDynamicDim(d))
      return true;
  return false;
}

LogicalResult onnx_import::checkDynamicShapeSupport(ImportContext &ic) {
  if (dynamicCapableOps().contains(ic.getOpType()))
    return success();
  // Slice with run-time bounds reads its input's dims at run time
  // (sliceRuntimeBounds) and gives the declared static shape.
  if (ic.getOpType() == "Slice" && ic.getOpset() >= 10 &&
      llvm::any_of(llvm::seq(1u, 5u), [&](unsigned i) { return ic.isRuntimeInput(i); }))
    return success();
  bool batchAllowed = dynamicBatchOps().contains(ic.getOpType());
  const onnx::NodeProto &node = ic.getNode();
  for (const std::string &name : node.input()) {
    if (name.empty())
      continue;
    Value v = ic.lookup(name);
    if (!v || !hasDynamicDim(v, batchAllowed))
      continue;
    std::string type;
    llvm::raw_string_ostream os(type);
    os << v.getType();
    return ic.emitError() << "input '" << name << "' has the dynamic shape " << type
                          << "; aicc compiles " << ic.getOpType()
                          << (batchAllowed ? " with a dynamic batch (dim 0) only"
                                           : " with static shapes only")
                          << " so far: pin the graph "
                             "inputs' symbolic dimensions with -input-shape "
                             "NAME:D1xD2x...";
  }
  return success();
}
