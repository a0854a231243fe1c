//===- ImportContext.cpp - value map, node accessors, builders ------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

ImportContext::ImportContext(MLIRContext *ctx, int64_t opset,
                             std::string modelPath, std::string modelDir)
    : ctx(ctx), builder(ctx), opset(opset), modelPath(std::move(modelPath)),
      modelDir(std::move(modelDir)), loc(UnknownLoc::get(ctx)) {}

Value ImportContext::lookup(StringRef name) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  auto pending = pendingConstants.find(name);
  if (pending == pendingConstants.end())
    return {};
  auto [attr, constLoc] = pending->second;
  Value v = arith::ConstantOp::create(builder, constLoc, cast<TypedAttr>(attr));
  values[name] = v;
  return v;
}

void ImportContext::setNode(const onnx::NodeProto &n, int64_t index) {
  node = &n;
  nodeIndex = index;
  std::string name = n.name();
  if (name.empty())
    name = n.op_type() + "_" + std::to_string(index);
  // node name (op type (opset N or the domain)): the driver prints
  // "name (Op, opset N): " before every diagnostic at this location.
  bool defaultDomain = n.domain().empty() || n.domain() == "ai.onnx";
  std::string version =
      defaultDomain ? "opset " + std::to_string(opset) : std::string(n.domain());
  loc = NameLoc::get(StringAttr::get(ctx, name),
                     NameLoc::get(StringAttr::get(ctx, n.op_type()),
                                  NameLoc::get(StringAttr::get(ctx, version))));
}

StringRef ImportContext::getOpType() const { return node->op_type(); }

unsigned ImportContext::getNumInputs() const { return node->input_size(); }
unsigned ImportContext::getNumOutputs() const { return node->output_size(); }

bool ImportContext::hasInput(unsigned i) const {
  return i < (unsigned)node->input_size() && !node->input(i).empty();
}

bool ImportContext::hasOutput(unsigned i) const {
  return i < (unsigned)node->output_size() && !node->output(i).empty();
}

FailureOr<Value> ImportContext::input(unsigned i) {
  if (!hasInput(i))
    return emitError() << "expects input " << i;
  Value v = lookup(node->input(i));
  if (!v)
    return emitError() << "input '" << node->input(i)
                       << "' is not produced by any earlier node";
  return v;
}

FailureOr<SmallVector<Value>> ImportContext::inputs(unsigned n) {
  SmallVector<Value> values;
  for (unsigned i = 0; i < n; ++i) {
    FailureOr<Value> v = input(i);
    if (failed(v))
      return failure();
    values.push_back(*v);
  }
  return values;
}

Value ImportContext::optionalInput(unsigned i) {
  if (!hasInput(i))
    return {};
  return lookup(node->input(i));
}

void ImportContext::setResult(unsigned i, Value v) {
  if (hasOutput(i))
    values[node->output(i)] = v;
}

/// Ops whose output 0 has the shape of their input 0.
static bool preservesShape(StringRef op) {
  static const llvm::StringSet<> ops = {
      "Abs",   "Cast",  "CastLike", "Ceil",  "Erf",     "Exp",        "Floor",
      "Identity", "Log", "Neg",     "Reciprocal", "Relu", "Round",  "Sigmoid",
      "Sign",  "Softplus", "Sqrt",  "Tanh"};
  return ops.contains(op);
}

void ImportContext::declareTypes(const onnx::GraphProto &graph) {
  for (const onnx::ValueInfoProto &vi : graph.value_info())
    declared[vi.name()] = &vi;
  for (const onnx::ValueInfoProto &vi : graph.output())
    declared[vi.name()] = &vi;
  for (const onnx::NodeProto &n : graph.node())
    if (preservesShape(n.op_type()) && n.input_size() && n.output_size() &&
        !n.input(0).empty() && !n.output(0).empty())
      sameShapeAs.try_emplace(n.input(0), n.output(0));
}

RankedTensorType ImportContext::declaredResultType(unsigned i) const {
  if (!hasOutput(i))
    return {};
  // The value's own declaration, else that of what it becomes through
  // shape-preserving unary ops (function bodies such as ReduceL2's
  // expansion declare only their final output).
  std::string name = node->output(i);
  auto it = declared.find(name);
  for (int step = 0; it == declared.end() && step < 8; ++step) {
    auto next = sameShapeAs.find(name);
    if (next == sameShapeAs.end())
      return {};
    name = next->second;
    it = declared.find(name);
  }
  if (it == declared.end())
    return {};
  const onnx::ValueInfoProto &vi = *it->second;
  if (!vi.type().has_tensor_type() || !vi.type().tensor_type().has_shape())
    return {};
  // Probe the element type without reporting: an unknown one only means the
  // declaration cannot help.
  ScopedDiagnosticHandler silence(ctx, [](Diagnostic &) { return success(); });
  FailureOr<RankedTensorType> t =
      convertValueInfoType(ctx, vi, /*requireStatic=*/false, loc);
  return succeeded(t) ? *t : RankedTensorType();
}

std::optional<DenseElementsAttr> ImportContext::getConstant(Value v) {
  DenseElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (!attr.isSplat() && attr.getNumElements() > kHostEvalElementLimit)
    return std::nullopt;
  return attr;
}

std::optional<SmallVector<int64_t>> ImportContext::getConstInts(unsigned i) {
  auto attr = getConstant(optionalInput(i));
  if (!attr || !attr->getElementType().isIntOrIndex())
    return std::nullopt;
  return denseToInts(*attr);
}

FailureOr<SmallVector<int64_t>>
ImportContext::requireConstInts(unsigned i, StringRef what) {
  if (!hasInput(i))
    return emitError() << "expects the '" << what << "' input";
  if (failed(input(i)))
    return failure();
  if (auto ints = getConstInts(i))
    return *ints;
  return emitError() << "'" << what << "' input of " << getOpType()
                     << " must be a compile-time constant";
}

FailureOr<SmallVector<double>>
ImportContext::requireConstFloats(unsigned i, StringRef what) {
  if (!hasInput(i))
    return emitError() << "expects the '" << what << "' input";
  FailureOr<Value> v = input(i);
  if (failed(v))
    return failure();
  if (auto attr = getConstant(*v))
    return denseToFloats(*attr);
  return emitError() << "'" << what << "' input of " << getOpType()
                     << " must be a compile-time constant";
}

FailureOr<std::optional<SmallVector<int64_t>>>
ImportContext::getAxes(int64_t inputOpset, unsigned inputIndex) {
  using Result = std::optional<SmallVector<int64_t>>;
  if (opset < inputOpset)
    return Result(getInts("axes"));
  if (!hasInput(inputIndex))
    return Result();
  // An `axes` input of static length 0 is empty whatever feeds it.
  if (Value v = optionalInput(inputIndex)) {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.hasStaticShape() && type.getNumElements() == 0)
      return Result(SmallVector<int64_t>());
  }
  FailureOr<SmallVector<int64_t>> axes = requireConstInts(inputIndex, "axes");
  if (failed(axes))
    return failure();
  return Result(*axes);
}

const onnx::AttributeProto *ImportContext::findAttr(StringRef name) const {
  for (const onnx::AttributeProto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t ImportContext::getInt(StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *a = findAttr(name);
  return a ? a->i() : dflt;
}

double ImportContext::getFloat(StringRef name, double dflt) const {
  const onnx::AttributeProto *a = findAttr(name);
  return a ? a->f() : dflt;
}

std::string ImportContext::getString(StringRef name, StringRef dflt) const {
  const onnx::AttributeProto *a = findAttr(name);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>> ImportContext::getInts(StringRef name) const {
  const onnx::AttributeProto *a = findAttr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

std::optional<SmallVector<double>>
ImportContext::getFloats(StringRef name) const {
  const onnx::AttributeProto *a = findAttr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<double>(a->floats().begin(), a->floats().end());
}

FailureOr<Value> ImportContext::finish(Operation *op) {
  if (failed(mlir::verify(op, /*verifyRecursively=*/false))) {
    op->erase();
    return failure();
  }
  return op->getResult(0);
}

Value ImportContext::constant(ElementsAttr attr) {
  return arith::ConstantOp::create(builder, loc, cast<TypedAttr>(attr));
}

Value ImportContext::scalar(Type et, double v) {
  auto type = RankedTensorType::get({}, et);
  if (isa<FloatType>(et))
    return constant(DenseElementsAttr::get(type, FloatAttr::get(et, v)));
  return constant(DenseElementsAttr::get(type, IntegerAttr::get(et, (int64_t)v)));
}

FailureOr<Value> ImportContext::reshape(Value v, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return v;
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (auto attr = getConstant(v))
    if (auto folded = hostReshape(*attr, shape))
      return constant(*folded);
  if (resultType.getNumDynamicDims() <= 1)
    return createTyped<ReshapeOp>(resultType, v);
  // Several dynamic dims: only unit dims may come or go (Squeeze,
  // Unsqueeze), so each `?` is the size of the input's matching dim.
  SmallVector<int64_t> kept;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.getDimSize(d) != 1)
      kept.push_back(d);
  SmallVector<Value> sizes;
  size_t next = 0;
  bool matches = true;
  for (int64_t d : shape) {
    if (d == 1)
      continue;
    if (next == kept.size() || d != type.getDimSize(kept[next])) {
      matches = false;
      break;
    }
    if (ShapedType::isDynamic(d))
      sizes.push_back(getValueOrCreateConstantIndexOp(builder, loc, dimSize(v, kept[next])));
    ++next;
  }
  if (!matches || next != kept.size())
    return emitError() << "reshape of " << type << " to several dynamic dims is supported "
                          "only where unit dims come or go; pin the graph inputs' symbolic "
                          "dimensions with -input-shape NAME:D1xD2x...";
  return createTyped<ReshapeOp>(resultType, v, sizes);
}

FailureOr<int64_t> ImportContext::normaliseAxis(int64_t axis, int64_t rank,
                                                StringRef what) {
  if (axis < -rank || axis >= rank)
    return emitError() << "'" << what << "' value " << axis
                       << " is out of range for rank " << rank;
  return axis < 0 ? axis + rank : axis;
}
