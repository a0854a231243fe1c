//===- FixedGraph.cpp - @main as a chain of integer layers -----------------===//
#include "FixedGraph.h"
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::fixed;

namespace {

constexpr StringLiteral kQuantizeHelp =
    "quantize the model to QDQ int8 first (onnxruntime quantize_static, "
    "QuantFormat.QDQ, QInt8 activations and weights); -target=fixed builds "
    "MatMul/Gemm/Conv with an int32 bias and optional Relu, MaxPool and "
    "Reshape/Flatten between the input QuantizeLinear and the output "
    "DequantizeLinear";

RankedTensorType tensorOf(Value v) { return dyn_cast<RankedTensorType>(v.getType()); }

bool isInt8(Value v) {
  auto t = tensorOf(v);
  return t && t.getElementType().isSignlessInteger(8) && t.hasStaticShape();
}

/// The integer elements of a constant tensor, widened to i64 (signed, or
/// zero-extended for unsigned types).
std::optional<SmallVector<int64_t>> constantInts(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  auto type = tensorOf(v);
  if (!cst || !type || !type.getElementType().isInteger())
    return std::nullopt;
  bool uns = type.getElementType().isUnsignedInteger();
  SmallVector<int64_t> r;
  if (auto dense = dyn_cast<DenseIntElementsAttr>(cst.getValue())) {
    for (const APInt &i : dense.getValues<APInt>())
      r.push_back(uns ? (int64_t)i.getZExtValue() : i.getSExtValue());
    return r;
  }
  auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue());
  unsigned width = type.getElementType().getIntOrFloatBitWidth();
  if (!res || !res.getRawHandle().getBlob() || (width != 8 && width != 32))
    return std::nullopt;
  ArrayRef<char> data = res.getRawHandle().getBlob()->getData();
  int64_t n = type.getNumElements();
  if ((int64_t)data.size() != n * (width / 8))
    return std::nullopt;
  for (int64_t i = 0; i < n; ++i) {
    if (width == 8)
      r.push_back(uns ? (int64_t)(uint8_t)data[i] : (int64_t)(int8_t)data[i]);
    else
      r.push_back(((const int32_t *)data.data())[i]);
  }
  return r;
}

std::optional<int64_t> scalarInt(Value v) {
  auto vals = constantInts(v);
  if (!vals || vals->size() != 1 || tensorOf(v).getRank() != 0)
    return std::nullopt;
  return (*vals)[0];
}

/// `v` with any chain of reshapes that produced it looked through.
Value stripReshapes(Value v) {
  while (auto r = v.getDefiningOp<ReshapeOp>())
    v = r.getInput();
  return v;
}

LogicalResult unsupported(Operation *op, const Twine &why) {
  return op->emitError() << "-target=fixed cannot build '" << op->getName() << "' here: "
                         << why;
}

/// The ONNX op type from the importer's location NameLoc(node, NameLoc(type)).
StringRef onnxOpType(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    if (auto child = dyn_cast<NameLoc>(name.getChildLoc()))
      return child.getName().getValue();
  return "";
}

/// What would help for an op left in float or without hardware: an op that
/// is part of a QuantizeLinear/DequantizeLinear the importer decomposed
/// means the model is QDQ already, in a form aicc-fold-qdq does not fold.
std::string floatHelp(Operation *op) {
  StringRef type = onnxOpType(op->getLoc());
  if (type == "QuantizeLinear" || type == "DequantizeLinear")
    return ("this " + type +
            " was not folded into integer arithmetic (aicc-fold-qdq folds 8-bit per-tensor "
            "or per-axis QDQ around MatMul/Gemm/Conv with an int32 bias whose scale and zero "
            "point have the same shape; see docs/quantization.md)")
        .str();
  return kQuantizeHelp.str();
}

/// Ops that compute in float (other than the input quantize and the output
/// dequantize) or that the emitter has no hardware for.
LogicalResult checkOpKinds(func::FuncOp main) {
  Operation *firstFloat = nullptr;
  for (Operation &op : main.getBody().front()) {
    if (isa<arith::ConstantOp, func::ReturnOp>(op))
      continue;
    if (!isa<QuantizeLinearOp, DequantizeLinearOp, MatMulIntegerOp, ConvIntegerOp, AddOp,
             RequantizeOp, MaxPoolOp, ReshapeOp>(op))
      return unsupported(&op, "the op has no hardware lowering yet; " + floatHelp(&op));
    bool isFloat = llvm::any_of(op.getOperandTypes(), [](Type t) {
      return isa<FloatType>(getElementTypeOrSelf(t));
    }) || llvm::any_of(op.getResultTypes(), [](Type t) {
      return isa<FloatType>(getElementTypeOrSelf(t));
    });
    if (!isFloat)
      continue;
    // The graph input may be reshaped (e.g. flattened) before it is
    // quantized: wiring only.
    bool inputQ = (isa<QuantizeLinearOp>(op) || isa<ReshapeOp>(op)) &&
                  isa<BlockArgument>(stripReshapes(op.getOperand(0)));
    bool outputDQ = isa<DequantizeLinearOp>(op) &&
                    llvm::all_of(op.getUsers(), [](Operation *u) { return isa<func::ReturnOp>(u); });
    bool constDQ = isa<DequantizeLinearOp>(op) && op.getOperand(0).getDefiningOp<arith::ConstantOp>();
    if (inputQ || outputDQ)
      continue;
    // A float compute op is the better place to point at than the DQ/Q
    // around it.
    if (!firstFloat || (isa<QuantizeLinearOp, DequantizeLinearOp>(firstFloat) && !constDQ &&
                        !isa<QuantizeLinearOp, DequantizeLinearOp>(op)))
      firstFloat = &op;
  }
  if (firstFloat)
    return unsupported(firstFloat, "it computes in float between the quantized input and "
                                   "output; " + floatHelp(firstFloat));
  return success();
}

/// The one user of `v` that continues the chain (not the output dequantize
/// or the return), or null at the end.
FailureOr<Operation *> nextInChain(Value v) {
  Operation *next = nullptr;
  for (Operation *u : v.getUsers()) {
    if (isa<func::ReturnOp, DequantizeLinearOp>(u))
      continue;
    if (next && next != u)
      return unsupported(u, "the value it reads also feeds '" + next->getName().getStringRef() +
                                "'; only straight chains of layers are supported yet");
    next = u;
  }
  return next;
}

/// contraction -> [add constant bias] -> requantize, from the contraction.
FailureOr<Layer> contractionLayer(Operation *op, Value in) {
  Layer l;
  bool conv = isa<ConvIntegerOp>(op);
  l.kind = conv ? Layer::Conv : Layer::Dense;
  l.op = op;
  Value w = op->getOperand(1);
  if (op->getOperand(0) != in)
    return unsupported(op, "its data input must be the previous layer's output");
  auto wv = constantInts(w);
  if (!wv)
    return unsupported(op, "the weight is not a constant; weights are burned into the logic");
  int64_t zw = conv ? cast<ConvIntegerOp>(op).getWeightZeroPoint()
                    : cast<MatMulIntegerOp>(op).getRhsZeroPoint();
  l.inputZeroPoint = conv ? cast<ConvIntegerOp>(op).getInputZeroPoint()
                          : cast<MatMulIntegerOp>(op).getLhsZeroPoint();
  for (int64_t x : *wv)
    l.weight.push_back(x - zw);
  l.weightShape = llvm::to_vector(tensorOf(w).getShape());
  l.inType = tensorOf(in);
  auto accType = tensorOf(op->getResult(0));
  int64_t channelAxis = conv ? 1 : accType.getRank() - 1;
  int64_t channels = accType.getDimSize(channelAxis);
  l.bias.assign(channels, 0);
  Value acc = op->getResult(0);
  if (!acc.hasOneUse())
    return unsupported(op, "its accumulator must feed one bias add or requantize");
  Operation *user = *acc.getUsers().begin();
  if (auto add = dyn_cast<AddOp>(user)) {
    Value other = add.getOperand(0) == acc ? add.getOperand(1) : add.getOperand(0);
    auto bt = tensorOf(other);
    auto bv = constantInts(other);
    int64_t pos = bt ? channelAxis - (accType.getRank() - bt.getRank()) : -1;
    if (!bv || (int64_t)bv->size() != channels || pos < 0 || bt.getDimSize(pos) != channels ||
        add.getType() != accType)
      return unsupported(add, "the bias must be a constant int32 with one value per output "
                              "channel");
    l.bias = *bv;
    if (!add.getResult().hasOneUse())
      return unsupported(add, "the biased accumulator must feed one requantize");
    user = *add.getResult().getUsers().begin();
  }
  auto rq = dyn_cast<RequantizeOp>(user);
  if (!rq)
    return unsupported(user, "an integer contraction must be requantized to int8 here");
  if (rq.getScale().size() != 1 && rq.getAxis() != channelAxis)
    return unsupported(rq, "per-axis scales must be along the output channels");
  if (!isInt8(rq.getResult()))
    return unsupported(rq, "the result must be int8 (QuantType.QInt8 activations)");
  l.requantize = rq;
  l.outType = tensorOf(rq.getResult());
  return l;
}

} // namespace

func::FuncOp fixed::findMain(ModuleOp module) {
  if (auto f = module.lookupSymbol<func::FuncOp>("main"))
    return f;
  auto funcs = llvm::to_vector(module.getOps<func::FuncOp>());
  return funcs.size() == 1 ? funcs.front() : func::FuncOp();
}

FailureOr<FixedChain> fixed::collectFixedChain(func::FuncOp main) {
  if (main.isExternal() || main.getNumArguments() != 1)
    return main.emitError() << "-target=fixed needs a model with exactly one input";
  auto argType = dyn_cast<RankedTensorType>(main.getArgument(0).getType());
  if (!argType || !argType.hasStaticShape())
    return main.emitError() << "-target=fixed needs a static input shape (pin it with "
                               "-input-shape=NAME:D1x...)";
  if (failed(checkOpKinds(main)))
    return failure();
  FixedChain chain;
  Value arg = main.getArgument(0);
  while (arg.hasOneUse() && isa<ReshapeOp>(*arg.getUsers().begin()))
    arg = arg.getUsers().begin()->getResult(0);
  if (!arg.hasOneUse() || !isa<QuantizeLinearOp>(*arg.getUsers().begin()))
    return main.emitError() << "-target=fixed needs the input to be quantized once, by a "
                               "QuantizeLinear; " << kQuantizeHelp;
  chain.input = cast<QuantizeLinearOp>(*arg.getUsers().begin());
  if (!isInt8(chain.input.getResult()) || chain.input.getScale().getType().getRank() != 0)
    return unsupported(chain.input, "the input must be quantized per tensor to int8 "
                                    "(QuantType.QInt8) with a static shape");
  Value v = chain.input.getResult();
  while (true) {
    FailureOr<Operation *> next = nextInChain(v);
    if (failed(next))
      return failure();
    if (!*next)
      break;
    Operation *op = *next;
    if (isa<MatMulIntegerOp, ConvIntegerOp>(op)) {
      FailureOr<Layer> l = contractionLayer(op, v);
      if (failed(l))
        return failure();
      chain.layers.push_back(*l);
      v = l->requantize.getResult();
      continue;
    }
    if (!isa<MaxPoolOp, ReshapeOp>(op) || op->getOperand(0) != v || !isInt8(op->getResult(0)))
      return unsupported(op, "expected a layer on the previous layer's int8 output; " +
                                 Twine(kQuantizeHelp));
    if (auto pool = dyn_cast<MaxPoolOp>(op); pool && pool.getCeilMode())
      return unsupported(op, "ceil_mode max pooling is not supported yet");
    chain.layers.push_back(Layer{isa<MaxPoolOp>(op) ? Layer::MaxPool : Layer::Reshape, op, {},
                                 {}, 0, {}, RequantizeOp(), tensorOf(v),
                                 tensorOf(op->getResult(0))});
    v = op->getResult(0);
  }
  if (chain.layers.empty())
    return main.emitError() << "-target=fixed found no integer layer; " << kQuantizeHelp;
  chain.output = v;
  // Every returned value is the chain's result, or its dequantized value.
  for (Value r : main.getBody().front().getTerminator()->getOperands()) {
    if (r == v)
      continue;
    auto dq = r.getDefiningOp<DequantizeLinearOp>();
    auto scale = dq ? dq.getScale().getDefiningOp<arith::ConstantOp>() : nullptr;
    auto zp = dq ? scalarInt(dq.getZeroPoint()) : std::nullopt;
    auto sattr = scale ? dyn_cast<DenseFPElementsAttr>(scale.getValue()) : nullptr;
    if (!dq || dq.getInput() != v || !zp || !sattr || !sattr.isSplat() ||
        tensorOf(dq.getScale()).getRank() != 0)
      return main.emitError() << "-target=fixed needs every model output to be the last "
                                 "layer's int8 result or its per-tensor DequantizeLinear";
    chain.outputScale = sattr.getSplatValue<float>();
    chain.outputZeroPoint = *zp;
  }
  return chain;
}

/// Channel c's fixed-point requantization, from aicc-fixed-point-requantize's
/// attributes (checked by the caller).
FixedPointScale fixed::channelScale(RequantizeOp rq, int64_t c) {
  auto m = rq->getAttrOfType<DenseI64ArrayAttr>(kFixedMultiplierAttr).asArrayRef();
  auto o = rq->getAttrOfType<DenseI64ArrayAttr>(kFixedOffsetAttr).asArrayRef();
  auto s = rq->getAttrOfType<DenseI64ArrayAttr>(kFixedShiftAttr).asArrayRef();
  auto k = rq->getAttrOfType<DenseI64ArrayAttr>(kFixedCorrectionsAttr).asArrayRef();
  size_t i = m.size() == 1 ? 0 : c;
  FixedPointScale f{m[i], o[i], s[i], {}};
  for (size_t j = 0; j + 3 < k.size(); j += 4)
    if (k[j] == (int64_t)i)
      f.corrections.push_back({k[j + 1], k[j + 2], k[j + 3]});
  return f;
}

/// The attributes aicc-fixed-point-requantize leaves, with one entry per
/// scale.
bool fixed::hasFixedPoint(RequantizeOp rq) {
  size_t n = rq.getScale().size();
  auto has = [&](StringRef name) {
    auto a = rq->getAttrOfType<DenseI64ArrayAttr>(name);
    return a && (size_t)a.size() == n;
  };
  auto k = rq->getAttrOfType<DenseI64ArrayAttr>(kFixedCorrectionsAttr);
  return has(kFixedMultiplierAttr) && has(kFixedOffsetAttr) && has(kFixedShiftAttr) && k &&
         k.size() % 4 == 0;
}
