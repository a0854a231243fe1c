//===- ModelSignature.cpp - read a model's inputs and outputs ----------------===//
#include "aicc/Target/ModelSignature.h"
#include "aicc/abi.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::aicc {

int32_t dtypeOf(Type t) {
  if (t.isF32()) return AICC_DTYPE_FLOAT32;
  if (t.isF64()) return AICC_DTYPE_FLOAT64;
  if (t.isF16()) return AICC_DTYPE_FLOAT16;
  if (t.isBF16()) return AICC_DTYPE_BFLOAT16;
  if (isa<Float8E4M3FNType>(t)) return AICC_DTYPE_FLOAT8E4M3FN;
  if (isa<Float8E4M3FNUZType>(t)) return AICC_DTYPE_FLOAT8E4M3FNUZ;
  if (isa<Float8E5M2Type>(t)) return AICC_DTYPE_FLOAT8E5M2;
  if (isa<Float8E5M2FNUZType>(t)) return AICC_DTYPE_FLOAT8E5M2FNUZ;
  if (isa<Float8E8M0FNUType>(t)) return AICC_DTYPE_FLOAT8E8M0;
  if (isa<Float4E2M1FNType>(t)) return AICC_DTYPE_FLOAT4E2M1;
  if (t.isInteger(1)) return AICC_DTYPE_BOOL;
  auto it = dyn_cast<IntegerType>(t);
  if (!it)
    return AICC_DTYPE_INVALID;
  bool u = it.isUnsigned();
  switch (it.getWidth()) {
  case 2: return u ? AICC_DTYPE_UINT2 : AICC_DTYPE_INT2;
  case 4: return u ? AICC_DTYPE_UINT4 : AICC_DTYPE_INT4;
  case 8: return u ? AICC_DTYPE_UINT8 : AICC_DTYPE_INT8;
  case 16: return u ? AICC_DTYPE_UINT16 : AICC_DTYPE_INT16;
  case 32: return u ? AICC_DTYPE_UINT32 : AICC_DTYPE_INT32;
  case 64: return u ? AICC_DTYPE_UINT64 : AICC_DTYPE_INT64;
  default: return AICC_DTYPE_INVALID;
  }
}

static FailureOr<TensorSignature> tensorSignature(func::FuncOp func, Type type,
                                                  DictionaryAttr attrs,
                                                  const Twine &fallbackName) {
  TensorSignature sig;
  auto nameAttr = attrs ? attrs.getAs<StringAttr>("aicc.name") : StringAttr();
  sig.name = nameAttr ? nameAttr.str() : fallbackName.str();
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return func.emitError() << "'" << sig.name << "' must be a ranked tensor, got "
                            << type;
  sig.dtype = dtypeOf(tensor.getElementType());
  if (!sig.dtype)
    return func.emitError() << "'" << sig.name << "' has unsupported element type "
                            << tensor.getElementType();
  for (int64_t d : tensor.getShape())
    sig.shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
  return sig;
}

FailureOr<ModelSignature> extractModelSignature(ModuleOp module) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    return module.emitError("expects a func.func @main entry point");
  ModelSignature sig;
  auto name = module->getAttrOfType<StringAttr>("aicc.model_name");
  sig.modelName = name ? name.str() : "model";
  FunctionType type = func.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    auto t = tensorSignature(func, type.getInput(i), func.getArgAttrDict(i),
                             "input_" + Twine(i));
    if (failed(t))
      return failure();
    sig.inputs.push_back(*t);
  }
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    auto t = tensorSignature(func, type.getResult(i), func.getResultAttrDict(i),
                             "output_" + Twine(i));
    if (failed(t))
      return failure();
    sig.outputs.push_back(*t);
  }
  return sig;
}

} // namespace mlir::aicc
