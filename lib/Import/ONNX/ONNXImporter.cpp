//===- ONNXImporter.cpp - graph-level import ------------------------------===//
//
// Builds the module/func skeleton of the IR contract (docs/importer.md),
// binds initializers and graph inputs, dispatches every node to the importer
// of its op type and finally removes what only served host evaluation.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/Path.h"

#include <deque>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

static const OpRegistry &getRegistry() {
  static const OpRegistry registry = [] {
    OpRegistry r;
    registerMathOps(r);
    registerNNOps(r);
    registerTensorOps(r);
    registerReductionOps(r);
    registerLossOps(r);
    registerAttentionOps(r);
    registerEinsumOps(r);
    registerQuantizeOps(r);
    registerRecurrentOps(r);
    registerSamplingOps(r);
    registerControlFlowOps(r);
    registerLinearAttentionOps(r);
    registerCausalConvOps(r);
    registerPoolOps(r);
    registerSpectralOps(r);
    registerSelectionOps(r);
    registerDetectionOps(r);
    registerQuantizedConvOps(r);
    registerCacheOps(r);
    registerMatrixOps(r);
    registerSequenceOps(r);
    registerNgramOps(r);
    registerPatchOps(r);
    registerRandomOps(r);
    registerRoiPoolOps(r);
    registerContribQuantOps(r);
    registerBlockedWeightOps(r);
    return r;
  }();
  return registry;
}

std::vector<SupportedONNXOp> mlir::aicc::supportedONNXOps() {
  struct Coverage {
    const char *op, *opsets, *types;
  };
  static const Coverage coverage[] = {
#define AICC_NODE_TEST_COVERAGE(op, opsets, types) {op, opsets, types},
#include "NodeTestCoverage.inc"
#undef AICC_NODE_TEST_COVERAGE
  };
  std::vector<SupportedONNXOp> ops;
  for (const auto &entry : getRegistry()) {
    SupportedONNXOp op{entry.getKey().str(), "", ""};
    for (const Coverage &c : coverage)
      if (op.name == c.op) {
        op.testedOpsets = c.opsets;
        op.testedTypes = c.types;
      }
    ops.push_back(std::move(op));
  }
  llvm::sort(ops, [](const SupportedONNXOp &a, const SupportedONNXOp &b) {
    return StringRef(a.name).compare_insensitive(b.name) < 0;
  });
  return ops;
}

static bool isDefaultDomain(StringRef domain) {
  return domain.empty() || domain == "ai.onnx";
}

namespace {
/// Imports the main graph of one model.
class GraphImporter {
public:
  GraphImporter(MLIRContext *ctx, const onnx::ModelProto &model,
                StringRef path, int64_t opset, const ONNXImportOptions &opts)
      : ctx(ctx), model(model), graph(model.graph()), opts(opts), path(path.str()),
        fileLoc(FileLineColLoc::get(ctx, path, 0, 0)),
        ic(ctx, opset, path.str(), modelDir(path)) {}

  OwningOpRef<ModuleOp> run();

private:
  static std::string modelDir(StringRef path) {
    StringRef dir = llvm::sys::path::parent_path(path);
    return dir.empty() ? "." : dir.str();
  }
  LogicalResult bindInitializers();
  LogicalResult planInput(const onnx::ValueInfoProto &in);
  LogicalResult checkContainerOptions();
  Value bindPlannedInput(size_t k, Block *entry);
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &in);
  LogicalResult importNodes();
  LogicalResult finishFunction(func::FuncOp func);

  MLIRContext *ctx;
  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  const ONNXImportOptions &opts;
  std::string path;
  Location fileLoc;
  ImportContext ic;
  llvm::StringSet<> initializerNames;

  /// How one graph input maps to function arguments: a tensor is one, a
  /// sequence `count` (`NAME[i]`), an empty optional none.
  struct PlannedInput {
    std::string name;
    bool optional = false;
    bool sequence = false;
    unsigned firstArg = 0, count = 0;
  };
  SmallVector<PlannedInput> planned;
  /// The arguments' value infos; sequence elements get synthesised ones.
  std::deque<onnx::ValueInfoProto> argInfos;
};
} // namespace

LogicalResult GraphImporter::bindInitializers() {
  for (const onnx::TensorProto &t : graph.initializer()) {
    FailureOr<ElementsAttr> attr = convertTensor(ctx, t, ic.getModelDir(), fileLoc);
    if (failed(attr))
      return failure();
    Location loc = NameLoc::get(StringAttr::get(ctx, t.name()),
                                NameLoc::get(StringAttr::get(ctx, "Initializer")));
    ic.bindConstant(t.name(), *attr, loc);
    initializerNames.insert(t.name());
  }
  if (graph.sparse_initializer_size())
    return emitError(fileLoc) << "sparse initializers are not supported";
  return success();
}

/// Imports the nodes of `graph` in order, binding their outputs in `ic`.
static LogicalResult importGraphNodes(ImportContext &ic, const onnx::GraphProto &graph) {
  const OpRegistry &registry = getRegistry();
  for (auto [index, node] : llvm::enumerate(graph.node())) {
    ic.setNode(node, index);
    bool defaultDomain = isDefaultDomain(node.domain());
    auto it = registry.find(defaultDomain ? node.op_type() : node.domain() + "." + node.op_type());
    if (!defaultDomain && it == registry.end())
      return ic.emitError() << "unsupported op '" << node.op_type() << "' of domain '"
                            << node.domain() << "'";
    if (it == registry.end())
      return ic.emitError() << "unsupported op '" << node.op_type()
                            << "'; `aicc --list-ops` lists the supported ones";
    if (!acceptsContainers(node.op_type()))
      for (const std::string &in : node.input())
        if (!in.empty() && getContainer(ic.lookup(in)))
          return ic.emitError() << "input '" << in << "' is a sequence or optional; "
                                << node.op_type() << " takes tensors";
    FailureOr<bool> symbolic = importSymbolicShapeOp(ic);
    if (failed(symbolic))
      return failure();
    if (!*symbolic && (failed(checkDynamicShapeSupport(ic)) || failed(it->second(ic))))
      return failure();
    for (const std::string &out : node.output())
      if (!out.empty() && !ic.lookup(out) && ic.isConsumed(out))
        return ic.emitError() << "output '" << out << "' of "
                              << node.op_type() << " is not supported";
  }
  return success();
}

FailureOr<SmallVector<Value>> onnx_import::importSubgraph(ImportContext &ic,
                                                          const onnx::GraphProto &body,
                                                          ValueRange inputs) {
  const onnx::NodeProto &outer = ic.getNode();
  int64_t outerIndex = ic.getNodeIndex();
  if (body.input_size() != (int)inputs.size())
    return ic.emitError() << "subgraph '" << body.name() << "' takes " << body.input_size()
                          << " inputs, " << inputs.size() << " are given";
  if (body.sparse_initializer_size())
    return ic.emitError() << "sparse initializers are not supported";
  for (const onnx::TensorProto &t : body.initializer()) {
    FailureOr<ElementsAttr> attr =
        convertTensor(ic.getContext(), t, ic.getModelDir(), ic.getLoc());
    if (failed(attr))
      return failure();
    ic.bindConstant(t.name(), *attr, ic.getLoc());
  }
  for (auto [in, v] : llvm::zip(body.input(), inputs))
    ic.bind(in.name(), v);
  for (const onnx::NodeProto &node : body.node())
    for (const std::string &in : node.input())
      ic.addConsumedName(in);
  for (const onnx::ValueInfoProto &out : body.output())
    ic.addConsumedName(out.name());
  ic.declareTypes(body);
  if (failed(importGraphNodes(ic, body)))
    return failure();
  ic.setNode(outer, outerIndex);
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &out : body.output()) {
    Value v = ic.lookup(out.name());
    if (!v)
      return ic.emitError() << "output '" << out.name() << "' of subgraph '" << body.name()
                            << "' is not produced by any node";
    results.push_back(v);
  }
  return results;
}

LogicalResult GraphImporter::importNodes() { return importGraphNodes(ic, graph); }

LogicalResult GraphImporter::finishFunction(func::FuncOp func) {
  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  SmallVector<std::pair<std::string, Value>> flat;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    Value v = ic.lookup(out.name());
    if (!v)
      return emitError(fileLoc) << "graph output '" << out.name()
                                << "' is not produced by any node";
    if (getContainer(v)) {
      if (failed(flattenGraphOutput(ic, v, out.name(), flat)))
        return failure();
      continue;
    }
    if (!out.type().has_tensor_type())
      return emitError(fileLoc) << "graph output '" << out.name()
                                << "' is declared as a sequence or optional but computes a "
                                   "tensor";
    FailureOr<RankedTensorType> declared =
        convertValueInfoType(ctx, out, /*requireStatic=*/false, fileLoc);
    if (failed(declared))
      return failure();
    auto actual = cast<RankedTensorType>(v.getType());
    if (*declared && (declared->getElementType() != actual.getElementType() ||
                      failed(verifyCompatibleShape(*declared, actual))))
      return emitError(fileLoc) << "graph output '" << out.name()
                                << "' is declared as " << *declared
                                << " but computes " << actual;
    flat.emplace_back(out.name(), v);
  }
  for (auto &[name, v] : flat) {
    results.push_back(v);
    resultTypes.push_back(v.getType());
  }
  OpBuilder &b = ic.getBuilder();
  func::ReturnOp::create(b, fileLoc, results);
  func.setFunctionType(
      FunctionType::get(ctx, func.getArgumentTypes(), resultTypes));
  for (auto [i, out] : llvm::enumerate(flat))
    func.setResultAttr(i, "aicc.name", StringAttr::get(ctx, out.first));
  // Drop constants and ops that only fed host-evaluated shape computations.
  Block &body = func.getBody().front();
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
    if (isOpTriviallyDead(&op))
      op.erase();
  for (Operation &op : body)
    if (isa<UnrealizedConversionCastOp>(op))
      return op.emitError("a sequence or optional value is still used after import");
  return success();
}

/// Plans the arguments of graph input `in`: tensors as they are; a sequence
/// of -sequence-length N as N tensors; an optional as its value, or nothing
/// when -optional-absent names it.
LogicalResult GraphImporter::planInput(const onnx::ValueInfoProto &in) {
  PlannedInput p;
  p.name = in.name();
  p.firstArg = argInfos.size();
  const onnx::TypeProto *type = &in.type();
  if (type->has_optional_type()) {
    p.optional = true;
    if (llvm::is_contained(opts.absentOptionals, in.name())) {
      planned.push_back(p);
      return success();
    }
    type = &type->optional_type().elem_type();
  }
  if (type->has_sequence_type()) {
    auto len = opts.sequenceLengths.find(in.name());
    if (len == opts.sequenceLengths.end())
      return emitError(fileLoc) << "graph input '" << in.name()
                                << "' is a sequence; aicc compiles sequences of a fixed "
                                   "length: give it with -sequence-length="
                                << in.name() << ":N";
    const onnx::TypeProto &elem = type->sequence_type().elem_type();
    if (!elem.has_tensor_type())
      return emitError(fileLoc) << "graph input '" << in.name()
                                << "' is a sequence of non-tensors, which aicc does not "
                                   "support";
    p.sequence = true;
    p.count = len->second;
    for (int64_t i = 0; i < len->second; ++i) {
      onnx::ValueInfoProto &vi = argInfos.emplace_back();
      vi.set_name(in.name() + "[" + std::to_string(i) + "]");
      *vi.mutable_type() = elem;
    }
  } else if (type->has_tensor_type()) {
    onnx::ValueInfoProto &vi = argInfos.emplace_back(in);
    *vi.mutable_type() = *type;
    p.count = 1;
  } else {
    return emitError(fileLoc) << "graph input '" << in.name()
                              << "' is neither a tensor, a sequence of tensors nor an "
                                 "optional of one; aicc does not support it";
  }
  planned.push_back(p);
  return success();
}

/// Rejects -sequence-length and -optional-absent for names that are not
/// sequence or optional graph inputs.
LogicalResult GraphImporter::checkContainerOptions() {
  for (const auto &[name, len] : opts.sequenceLengths) {
    if (len < 0)
      return emitError(fileLoc) << "-sequence-length for '" << name << "' is negative";
    if (!llvm::any_of(planned, [&](const PlannedInput &p) {
          return p.name == name && p.sequence;
        }))
      return emitError(fileLoc) << "-sequence-length names '" << name
                                << "', which is not a sequence graph input";
  }
  for (const std::string &name : opts.absentOptionals)
    if (!llvm::any_of(planned, [&](const PlannedInput &p) {
          return p.name == name && p.optional;
        }))
      return emitError(fileLoc) << "-optional-absent names '" << name
                                << "', which is not an optional graph input";
  return success();
}

/// The value graph input `k` of the plan is bound to.
Value GraphImporter::bindPlannedInput(size_t k, Block *entry) {
  const PlannedInput &p = planned[k];
  auto args = entry->getArguments().slice(p.firstArg, p.count);
  Value v;
  if (p.sequence)
    v = makeSequence(ic, ValueRange(args));
  else if (p.count)
    v = args.front();
  return p.optional ? makeOptional(ic, v) : v;
}

/// The type of a graph input: as declared, with -input-shape pins applied.
FailureOr<RankedTensorType>
GraphImporter::inputType(const onnx::ValueInfoProto &in) {
  auto pin = opts.inputShapes.find(in.name());
  if (pin == opts.inputShapes.end()) {
    // Symbolic and unknown dims stay dynamic (`?`); only the rank is needed.
    FailureOr<RankedTensorType> type =
        convertValueInfoType(ctx, in, /*requireStatic=*/false, fileLoc);
    if (succeeded(type) && !*type)
      return emitError(fileLoc) << "input '" << in.name()
                                << "' has no shape (not even a rank); give "
                                   "one with -input-shape";
    return type;
  }
  FailureOr<RankedTensorType> declared =
      convertValueInfoType(ctx, in, /*requireStatic=*/false, fileLoc);
  if (failed(declared))
    return failure();
  ArrayRef<int64_t> shape = pin->second;
  if (llvm::any_of(shape, [](int64_t d) { return d < 0; }))
    return emitError(fileLoc) << "-input-shape for '" << in.name()
                              << "' has a negative dimension";
  if (*declared) {
    if (declared->getRank() != (int64_t)shape.size())
      return emitError(fileLoc) << "-input-shape for '" << in.name() << "' has rank "
                                << shape.size() << ", the model declares rank "
                                << declared->getRank();
    for (auto [i, d] : llvm::enumerate(declared->getShape()))
      if (!ShapedType::isDynamic(d) && d != shape[i])
        return emitError(fileLoc)
               << "-input-shape for '" << in.name() << "' sets dim " << i << " to "
               << shape[i] << ", the model fixes it to " << d;
  }
  Type elt = *declared ? declared->getElementType() : Type();
  if (!elt) {
    FailureOr<Type> t = convertElementType(
        ctx, in.type().tensor_type().elem_type(), in.name(), fileLoc);
    if (failed(t))
      return failure();
    elt = *t;
  }
  return RankedTensorType::get(shape, elt);
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  if (failed(bindInitializers()))
    return nullptr;
  for (const onnx::ValueInfoProto &in : graph.input())
    if (!initializerNames.contains(in.name()) && failed(planInput(in)))
      return nullptr;
  if (failed(checkContainerOptions()))
    return nullptr;
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const onnx::ValueInfoProto &in : argInfos) {
    FailureOr<RankedTensorType> type = inputType(in);
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
    args.push_back(&in);
  }
  for (const auto &[name, shape] : opts.inputShapes)
    if (!llvm::any_of(args, [&](auto *in) { return in->name() == name; }))
      return emitError(fileLoc) << "-input-shape names '" << name
                                << "', which is not a graph input", nullptr;
  llvm::StringSet<> consumed;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &in : node.input())
      consumed.insert(in);
  for (const onnx::ValueInfoProto &out : graph.output())
    consumed.insert(out.name());
  ic.setConsumedNames(std::move(consumed));
  ic.declareTypes(graph);

  OpBuilder &b = ic.getBuilder();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  std::string name = graph.name();
  if (name.empty())
    name = llvm::sys::path::stem(path).str();
  (*module)->setAttr("aicc.model_name", StringAttr::get(ctx, name));
  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(b, fileLoc, "main",
                                   FunctionType::get(ctx, argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, in] : llvm::enumerate(args))
    func.setArgAttr(i, "aicc.name", StringAttr::get(ctx, in->name()));
  b.setInsertionPointToEnd(entry);
  for (size_t k = 0; k < planned.size(); ++k)
    ic.bind(planned[k].name, bindPlannedInput(k, entry));
  if (failed(importNodes()) || failed(finishFunction(func)) ||
      failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> mlir::aicc::importONNXFile(MLIRContext &ctx,
                                                 StringRef path,
                                                 const ONNXImportOptions &opts) {
  ctx.loadDialect<AiccDialect, func::FuncDialect, arith::ArithDialect, tensor::TensorDialect>();
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  onnx::ModelProto model;
  if (failed(loadModel(path, opts, fileLoc, model)))
    return nullptr;
  std::optional<int64_t> opset;
  for (const onnx::OperatorSetIdProto &imp : model.opset_import())
    if (isDefaultDomain(imp.domain()))
      opset = imp.version();
  if (!opset) {
    emitError(fileLoc) << "the model imports no ai.onnx opset";
    return nullptr;
  }
  return GraphImporter(&ctx, model, path, *opset, opts).run();
}
