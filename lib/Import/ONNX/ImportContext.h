//===- ImportContext.h - state shared by the ONNX op importers ----*- C++ -*-===//
//
// Internal to lib/Import/ONNX. `ImportContext` owns the name -> value map of
// the graph being imported and gives the per-op import functions typed access
// to the current node: its inputs, its compile-time constant inputs, its
// attributes with defaults, and builders that report shape errors at the
// node's location instead of aborting.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_IMPORT_ONNX_IMPORTCONTEXT_H
#define AICC_LIB_IMPORT_ONNX_IMPORTCONTEXT_H

#include "aicc/Import/ONNX/ONNXImporter.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>

namespace mlir::aicc::onnx_import {

//===----------------------------------------------------------------------===//
// ModelLoader.cpp
//===----------------------------------------------------------------------===//

/// Reads a binary or textual model, resolves nothing yet, and runs the ONNX
/// checker when `opts` asks for it and libonnx 1.12 knows the model's
/// versions. Errors are reported at `loc`.
LogicalResult loadModel(StringRef path, const ONNXImportOptions &opts,
                        Location loc, onnx::ModelProto &model);

/// Reads the external data of `tensor` (stored relative to `modelDir`) into a
/// fresh blob of exactly `expectedBytes` bytes, refusing paths that leave
/// `modelDir` and ranges beyond the file.
FailureOr<AsmResourceBlob> readExternalData(const onnx::TensorProto &tensor,
                                            StringRef modelDir,
                                            uint64_t expectedBytes,
                                            size_t align, Location loc);

//===----------------------------------------------------------------------===//
// TensorConversion.cpp
//===----------------------------------------------------------------------===//

/// Maps an ONNX `TensorProto::DataType` to an MLIR element type; reports an
/// error naming `valueName` for types aicc does not support.
FailureOr<Type> convertElementType(MLIRContext *ctx, int32_t dtype,
                                   StringRef valueName, Location loc);

/// The static tensor type of a graph input or output. Dynamic dimensions are
/// an error for inputs (`requireStatic`); for outputs they stay dynamic.
FailureOr<RankedTensorType> convertValueInfoType(MLIRContext *ctx,
                                                 const onnx::ValueInfoProto &vi,
                                                 bool requireStatic,
                                                 Location loc);

/// Converts a tensor (initializer or attribute) to an elements attribute:
/// dense when small, a resource blob otherwise. Sizes are checked against the
/// declared shape before anything is allocated.
FailureOr<ElementsAttr> convertTensor(MLIRContext *ctx,
                                      const onnx::TensorProto &tensor,
                                      StringRef modelDir, Location loc);

/// Tensors of more bytes than this become resource blobs.
constexpr uint64_t kDenseAttrByteLimit = 1024;

//===----------------------------------------------------------------------===//
// ImportContext
//===----------------------------------------------------------------------===//

/// The import state of one graph plus accessors for the node being imported.
class ImportContext {
public:
  ImportContext(MLIRContext *ctx, int64_t opset, std::string modelPath,
                std::string modelDir);

  MLIRContext *getContext() const { return ctx; }
  OpBuilder &getBuilder() { return builder; }
  int64_t getOpset() const { return opset; }
  StringRef getModelDir() const { return modelDir; }

  //--- graph values ---------------------------------------------------------

  /// Binds an ONNX value name to an SSA value.
  void bind(StringRef name, Value v) { values[name] = v; }
  /// Registers a constant that becomes an `arith.constant` on first use.
  void bindConstant(StringRef name, ElementsAttr attr, Location loc) {
    pendingConstants.insert_or_assign(name, std::make_pair(attr, loc));
  }
  /// The value of `name`, materialising a pending constant; null if unknown.
  Value lookup(StringRef name);
  /// Records which names the graph reads (node inputs and graph outputs).
  void setConsumedNames(llvm::StringSet<> names) { consumed = std::move(names); }
  void addConsumedName(StringRef name) { consumed.insert(name); }
  /// Records the types a graph declares for its outputs and `value_info`
  /// entries; ops whose result shape depends on tensor values at run time
  /// take their static dims from there.
  void declareTypes(const onnx::GraphProto &graph);
  /// The declared type of output `i` of the current node, or of the value
  /// it becomes through shape-preserving unary ops (Cast, Sqrt, Log, ...;
  /// only its shape is meaningful then): null when the model declares none
  /// (or no rank), or an element type aicc lacks.
  RankedTensorType declaredResultType(unsigned i) const;
  bool isConsumed(StringRef name) const { return consumed.contains(name); }
  /// The name -> value bindings, to restore after a subgraph was imported
  /// inline so its names do not leak into the enclosing graph.
  llvm::StringMap<Value> saveBindings() const { return values; }
  void restoreBindings(llvm::StringMap<Value> saved) { values = std::move(saved); }

  //--- the current node -----------------------------------------------------

  void setNode(const onnx::NodeProto &node, int64_t index);
  const onnx::NodeProto &getNode() const { return *node; }
  int64_t getNodeIndex() const { return nodeIndex; }
  StringRef getOpType() const;
  Location getLoc() const { return loc; }

  /// Reports an error at the node's location.
  InFlightDiagnostic emitError() { return mlir::emitError(loc); }

  unsigned getNumInputs() const;
  unsigned getNumOutputs() const;
  /// True when input `i` exists and is not the empty "absent" name.
  bool hasInput(unsigned i) const;
  bool hasOutput(unsigned i) const;
  /// The value of input `i`; reports an error when it is missing.
  FailureOr<Value> input(unsigned i);
  /// Inputs 0 to n-1, all required; reports the first missing one.
  FailureOr<SmallVector<Value>> inputs(unsigned n);
  /// Input `i` or null when absent.
  Value optionalInput(unsigned i);
  /// Binds output `i` of the node (ignored when the output is unnamed).
  void setResult(unsigned i, Value v);

  //--- compile-time constants -------------------------------------------------

  /// The constant value of `v` when it is a small dense constant.
  static std::optional<DenseElementsAttr> getConstant(Value v);
  /// True when input `i` exists and is not a compile-time constant.
  bool isRuntimeInput(unsigned i) {
    Value v = optionalInput(i);
    return v && !getConstant(v);
  }
  /// Input `i` as integers when it is a constant; nullopt otherwise.
  std::optional<SmallVector<int64_t>> getConstInts(unsigned i);
  /// Input `i` as integers; reports "'<what>' input of <Op> must be a
  /// compile-time constant" when it is not.
  FailureOr<SmallVector<int64_t>> requireConstInts(unsigned i, StringRef what);
  FailureOr<SmallVector<double>> requireConstFloats(unsigned i, StringRef what);
  /// `axes` of Squeeze/Unsqueeze/ReduceX: the attribute before `inputOpset`,
  /// constant input `inputIndex` from it on; nullopt when absent.
  FailureOr<std::optional<SmallVector<int64_t>>> getAxes(int64_t inputOpset,
                                                         unsigned inputIndex);

  //--- symbolic shape values (SymbolicShapes.cpp) ----------------------------

  /// The elements of a small integer tensor of rank <= 1 as constants
  /// (IntegerAttr) or index values computed from dynamic dims at run time:
  /// what exporters' Shape -> Gather -> Concat subgraphs compute over
  /// dynamic inputs. Constants qualify too; nullopt for anything else.
  std::optional<SmallVector<OpFoldResult>> getSymbolic(Value v);
  /// True when `v` has symbolic elements that are not all constants.
  bool isSymbolic(Value v) const { return symbolic.count(v); }
  void setSymbolic(Value v, SmallVector<OpFoldResult> elems) {
    symbolic[v] = std::move(elems);
  }
  /// Dim `d` of `tensor`: an index attribute when static, else a
  /// `tensor.dim` built once, right after `tensor` is defined.
  OpFoldResult dimSize(Value tensor, int64_t d);

  //--- attributes ------------------------------------------------------------

  const onnx::AttributeProto *findAttr(StringRef name) const;
  bool hasAttr(StringRef name) const { return findAttr(name) != nullptr; }
  int64_t getInt(StringRef name, int64_t dflt) const;
  double getFloat(StringRef name, double dflt) const;
  std::string getString(StringRef name, StringRef dflt) const;
  std::optional<SmallVector<int64_t>> getInts(StringRef name) const;
  std::optional<SmallVector<double>> getFloats(StringRef name) const;

  //--- building ---------------------------------------------------------------

  /// Builds `OpTy` with its result type inferred by the dialect. Shape errors
  /// come out as diagnostics at the node's location; the op is verified.
  template <typename OpTy, typename... Args>
  FailureOr<Value> create(Args &&...args) {
    OperationState state(loc, OpTy::getOperationName());
    OpTy::build(builder, state, TypeRange(), std::forward<Args>(args)...);
    SmallVector<Type, 1> types;
    if (failed(OpTy::inferReturnTypes(
            ctx, loc, state.operands, state.attributes.getDictionary(ctx),
            state.getRawProperties(), state.regions, types)))
      return failure();
    state.addTypes(types);
    return finish(builder.create(state));
  }

  /// Builds `OpTy` with the given result type and verifies it.
  template <typename OpTy, typename... Args>
  FailureOr<Value> createTyped(Type resultType, Args &&...args) {
    auto op = OpTy::create(builder, loc, resultType, std::forward<Args>(args)...);
    return finish(op.getOperation());
  }

  /// A reshape to `shape` (folded on the host for constants).
  FailureOr<Value> reshape(Value v, ArrayRef<int64_t> shape);
  /// Materialises `attr` as an `arith.constant` at the node's location.
  Value constant(ElementsAttr attr);
  /// A 0-d constant of element type `et` (float or integer) holding `v`.
  Value scalar(Type et, double v);

  /// Normalises an axis against `rank`; reports an error naming `what`.
  FailureOr<int64_t> normaliseAxis(int64_t axis, int64_t rank, StringRef what);

private:
  FailureOr<Value> finish(Operation *op);

  MLIRContext *ctx;
  OpBuilder builder;
  int64_t opset;
  std::string modelPath, modelDir;
  llvm::StringMap<Value> values;
  llvm::StringMap<std::pair<ElementsAttr, Location>> pendingConstants;
  llvm::StringSet<> consumed;
  llvm::StringMap<const onnx::ValueInfoProto *> declared;
  llvm::StringMap<std::string> sameShapeAs;
  DenseMap<Value, SmallVector<OpFoldResult>> symbolic;
  DenseMap<std::pair<Value, int64_t>, Value> dims;
  const onnx::NodeProto *node = nullptr;
  int64_t nodeIndex = 0;
  Location loc;
};

/// The shape of `v`; dynamic dims (ShapedType::kDynamic) appear only in ops
/// that DynamicShapes.cpp lets through.
inline ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}
inline Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

//===----------------------------------------------------------------------===//
// RuntimeShapeInputs.cpp: shape-giving inputs known only at run time
//===----------------------------------------------------------------------===//

/// The declared static type of the node's output 0, or an error saying that
/// input `what` is not a constant and no static output shape is declared.
FailureOr<RankedTensorType> requireDeclaredShape(ImportContext &ic, StringRef what);
/// Input `i` when it is a 1-D integer tensor of static length.
FailureOr<Value> runtimeIntVector(ImportContext &ic, unsigned i, StringRef what);
/// Elementwise `v == values` for a 1-D integer `v` of `values.size()` elements.
FailureOr<Value> equalsConst(ImportContext &ic, Value v, ArrayRef<int64_t> values);
/// The 0-d i1 "`v == values` everywhere".
FailureOr<Value> allEqualConst(ImportContext &ic, Value v, ArrayRef<int64_t> values);
/// The 0-d i1 "all elements are true" / "some element is true".
FailureOr<Value> allTrue(ImportContext &ic, Value bools);
FailureOr<Value> anyTrue(ImportContext &ic, Value bools);
/// `v` guarded by the 0-d `condition` (`aicc.check`).
FailureOr<Value> checked(ImportContext &ic, Value condition, Value v,
                         const Twine &message);
/// The result of an op whose `axes` (1-D, static length k, negative values
/// counting from the end) are known only at run time: every sorted k-subset
/// of [0, rank) whose `resultShape` is `declared` is built with `build` and
/// the one `axes` names is selected at run time; a run whose `axes` names
/// none of them fails.
FailureOr<Value> buildForRuntimeAxes(
    ImportContext &ic, Value axes, int64_t rank, ArrayRef<int64_t> declared,
    function_ref<std::optional<SmallVector<int64_t>>(ArrayRef<int64_t>)> resultShape,
    function_ref<FailureOr<Value>(ArrayRef<int64_t>)> build);
/// Reshape, ConstantOfShape, Expand and Tile whose shape-giving input (input
/// 1; ConstantOfShape's input 0) is known only at run time: built for the
/// declared output shape, checked at run time.
FailureOr<Value> reshapeToRuntimeShape(ImportContext &ic, Value x, bool allowZero);
FailureOr<Value> fillRuntimeShape(ImportContext &ic, TypedAttr element);
FailureOr<Value> expandToRuntimeShape(ImportContext &ic, Value x);
FailureOr<Value> tileRuntimeRepeats(ImportContext &ic, Value x);

//===----------------------------------------------------------------------===//
// RuntimeBounds.cpp: Range and Slice bounds known only at run time
//===----------------------------------------------------------------------===//

/// Input `i` as a 0-d tensor; it must hold one value (a run-time scalar such
/// as Range's bounds or Loop's trip count, given 0-d or as a one-element
/// tensor).
FailureOr<Value> scalarInput(ImportContext &ic, unsigned i, StringRef what);
/// Range whose start, limit or delta is a run-time value: `aicc.range` of
/// the computed length (the declared one, checked, when the model has it).
FailureOr<Value> rangeRuntimeBounds(ImportContext &ic);
/// Slice (opset >= 10) whose starts/ends/axes/steps include run-time values:
/// a gather per named (or dynamic) dim, checked against the declared output
/// shape.
FailureOr<Value> sliceRuntimeBounds(ImportContext &ic, Value x);
/// Pad (opset >= 11) whose pads or constant_value are run-time values: a
/// gather per padded dim (indices mapped by `mode`), masked with the value in
/// constant mode, checked against the declared output shape; without one,
/// the padded dims are dynamic.
FailureOr<Value> padRuntimeBounds(ImportContext &ic, Value x, StringRef mode);

//===----------------------------------------------------------------------===//
// Op registry
//===----------------------------------------------------------------------===//

/// Imports the current node of `ic`, binding its outputs.
using ImportFn = LogicalResult (*)(ImportContext &ic);
using OpRegistry = llvm::StringMap<ImportFn>;

//===----------------------------------------------------------------------===//
// SymbolicShapes.cpp: shape subgraphs over dynamic dims
//===----------------------------------------------------------------------===//

/// Imports the current node when it computes on symbolic shape values
/// (ImportContext::getSymbolic): Shape of a dynamic tensor, and Gather,
/// Unsqueeze, Squeeze, Concat, Reshape, Slice, Cast, integer arithmetic,
/// Equal and Where over such values. Returns false (nothing imported) when
/// the node is not one of those or its result cannot be known that way.
FailureOr<bool> importSymbolicShapeOp(ImportContext &ic);
/// The target of Reshape (`allowZero` per its attribute), Expand and
/// ConstantOfShape given as symbolic values: a tensor with `?` dims where
/// the values are run-time ones, and their sizes.
FailureOr<Value> reshapeSymbolic(ImportContext &ic, Value x,
                                 ArrayRef<OpFoldResult> target, bool allowZero);
FailureOr<Value> expandSymbolic(ImportContext &ic, Value x,
                                ArrayRef<OpFoldResult> target);
/// Integer Range with a run-time bound (`aicc.range`).
FailureOr<Value> rangeSymbolic(ImportContext &ic, Value start, Value delta,
                               OpFoldResult startV, OpFoldResult limitV,
                               OpFoldResult deltaV);

//===----------------------------------------------------------------------===//
// SelectionOps.cpp: data-dependent output sizes
//===----------------------------------------------------------------------===//

/// The positions of the true elements of the 1-D bool `mask`, in order, and
/// the run-time check that their number is the size the model declares for
/// output 0 (of `rank` dims) at `dim`; without a declaration the number is
/// the run-time count (a dynamic dim) and the check is null.
FailureOr<std::pair<Value, Value>> truePositions(ImportContext &ic, Value mask, int64_t rank,
                                                 int64_t dim);

//===----------------------------------------------------------------------===//
// NNOps.cpp: ConvTranspose, shared with Col2Im
//===----------------------------------------------------------------------===//

/// ConvTranspose's attributes (ONNX's defaults once resolved by the caller).
struct ConvTransposeParams {
  int64_t group = 1;
  SmallVector<int64_t> strides, dilations, outputPadding, pads;
  std::optional<SmallVector<int64_t>> outputShape;
  std::string autoPad = "NOTSET";
};
/// ConvTranspose of `x` [N, C, D...] with weight `w` [C, M/group, k...] and
/// an optional `bias`, as ONNX's reference computes it (through aicc.conv).
FailureOr<Value> buildConvTranspose(ImportContext &ic, Value x, Value w, Value bias,
                                    ConvTransposeParams p);

//===----------------------------------------------------------------------===//
// ContainerValues.cpp: sequences and optionals during import
//===----------------------------------------------------------------------===//

/// Sequences and optionals exist only while a model is imported: aicc
/// unrolls them into their tensors. A sequence or optional value is a
/// handle, an `unrealized_conversion_cast` of its elements (none for an empty
/// one) to `none`, marked `aicc.sequence` or `aicc.optional`. The ops that
/// know them (SequenceOps.cpp, Identity, If, Loop) look through handles;
/// graph inputs and outputs of these types are flattened into tensors
/// (docs/importer.md), and every handle is dead when the import ends.
struct ContainerValue {
  enum Kind { Sequence, Optional } kind;
  /// The tensors of a sequence; the value of a present optional (a tensor
  /// or a sequence handle), nothing for an empty one.
  SmallVector<Value> elems;
  /// An optional whose presence is known only at run time (an If of a
  /// run-time condition over an empty and a present one): the 0-d i1
  /// "present"; `elems` holds the value it has then. Null otherwise.
  Value present = {};
};
Value makeSequence(ImportContext &ic, ValueRange elems);
/// An optional holding `v`, or an empty one when `v` is null; with
/// `present` (0-d i1), one that holds `v` only when `present` is true.
Value makeOptional(ImportContext &ic, Value v, Value present = {});
/// `v` (a tensor, or a handle whose tensors are wrapped) guarded by the 0-d
/// `present`: the run fails with `message` where it is false.
FailureOr<Value> requirePresent(ImportContext &ic, Value v, Value present, const Twine &message);
std::optional<ContainerValue> getContainer(Value v);
/// Whether ops of `opType` take sequence and optional inputs; every other op
/// gets an error naming the input instead.
bool acceptsContainers(StringRef opType);
/// The If of a run-time condition over two branch values that are handles:
/// element by element `Where(flag, t, e)`, when both have one structure.
FailureOr<Value> selectContainers(ImportContext &ic, Value flag, Value t, Value e);
/// The tensors a graph output of value `v` becomes, named `name` for a
/// tensor, `name[i]` for sequence elements; an empty optional gives none.
LogicalResult flattenGraphOutput(ImportContext &ic, Value v, StringRef name,
                                 SmallVectorImpl<std::pair<std::string, Value>> &out);

/// Rejects the current node when one of its inputs has a dynamic dimension
/// and its op type does not support them yet (DynamicShapes.cpp).
LogicalResult checkDynamicShapeSupport(ImportContext &ic);

void registerMathOps(OpRegistry &registry);
void registerNNOps(OpRegistry &registry);
void registerTensorOps(OpRegistry &registry);
void registerReductionOps(OpRegistry &registry);
void registerLossOps(OpRegistry &registry);
void registerAttentionOps(OpRegistry &registry);
void registerEinsumOps(OpRegistry &registry);
void registerQuantizeOps(OpRegistry &registry);
void registerRecurrentOps(OpRegistry &registry);
void registerSamplingOps(OpRegistry &registry);
void registerControlFlowOps(OpRegistry &registry);
void registerLinearAttentionOps(OpRegistry &registry);
void registerCausalConvOps(OpRegistry &registry);
void registerPoolOps(OpRegistry &registry);
void registerSpectralOps(OpRegistry &registry);
void registerSelectionOps(OpRegistry &registry);
void registerDetectionOps(OpRegistry &registry);
void registerQuantizedConvOps(OpRegistry &registry);
void registerCacheOps(OpRegistry &registry);
void registerMatrixOps(OpRegistry &registry);
void registerSequenceOps(OpRegistry &registry);
void registerNgramOps(OpRegistry &registry);
void registerPatchOps(OpRegistry &registry);
void registerRandomOps(OpRegistry &registry);
void registerRoiPoolOps(OpRegistry &registry);
/// onnxruntime's com.microsoft QOperator ops (ContribQuantOps.cpp).
void registerContribQuantOps(OpRegistry &registry);
/// Ops of other domains are registered as "<domain>.<op type>".
void registerBlockedWeightOps(OpRegistry &registry);

/// Imports the nodes of `body` inline at the current insertion point, for
/// control flow unrolled at compile time: its inputs are bound to `inputs`
/// (in order), outer values stay visible, its initializers become
/// constants. Returns its outputs; the current node of `ic` is restored.
FailureOr<SmallVector<Value>> importSubgraph(ImportContext &ic, const onnx::GraphProto &body,
                                             ValueRange inputs);

/// Loop as an `aicc.loop` (RuntimeLoop.cpp), for a Loop that is not
/// unrolled: `trips` (0-d, or null for none) and `cond` (0-d) start it,
/// `carried` are its initial carried values, and the body sees iteration
/// numbers from `firstIteration` on. Returns the final carried values, then
/// the scan outputs (dim 0: the iterations run).
FailureOr<SmallVector<Value>> importRuntimeLoop(ImportContext &ic, const onnx::GraphProto &body,
                                                Value trips, Value cond,
                                                ArrayRef<Value> carried,
                                                int64_t firstIteration);

/// The axes and directions of a Scan (opset 9+), normalised.
struct ScanAxes {
  SmallVector<int64_t> inAxes, inDirs, outAxes, outDirs;
};

/// Scan of `steps` steps as an `aicc.loop` (RuntimeLoop.cpp), for scans
/// longer than the importer unrolls: returns the final states, then the
/// scan outputs.
FailureOr<SmallVector<Value>> importScanAsLoop(ImportContext &ic, const onnx::GraphProto &body,
                                               ArrayRef<Value> states, ArrayRef<Value> scans,
                                               const ScanAxes &axes, int64_t steps);

//===----------------------------------------------------------------------===//
// ConstantEvaluator.cpp: host evaluation of shape subgraphs
//===----------------------------------------------------------------------===//

/// Most elements a constant may have to be evaluated on the host.
constexpr int64_t kHostEvalElementLimit = 1 << 16;

/// Host versions of data-movement and integer ops. Each returns nullopt when
/// it does not apply (too large, unsupported element type); the caller then
/// emits the aicc op.
std::optional<DenseElementsAttr> hostReshape(DenseElementsAttr a,
                                             ArrayRef<int64_t> shape);
std::optional<DenseElementsAttr> hostGather(DenseElementsAttr data,
                                            DenseElementsAttr indices,
                                            int64_t axis);
std::optional<DenseElementsAttr> hostConcat(ArrayRef<DenseElementsAttr> parts,
                                            int64_t axis);
std::optional<DenseElementsAttr> hostSlice(DenseElementsAttr a,
                                           ArrayRef<int64_t> starts,
                                           ArrayRef<int64_t> steps,
                                           ArrayRef<int64_t> resultShape);
std::optional<DenseElementsAttr> hostTranspose(DenseElementsAttr a,
                                               ArrayRef<int64_t> perm);
std::optional<DenseElementsAttr> hostCast(DenseElementsAttr a, Type to);
/// Integer Add/Sub/Mul/Div/Max/Min/BitwiseAnd/BitwiseOr/BitwiseXor and Mod
/// ("Mod": numpy's, "FMod": C's) with numpy broadcasting.
std::optional<DenseElementsAttr> hostIntBinary(StringRef op,
                                               DenseElementsAttr lhs,
                                               DenseElementsAttr rhs);
/// Integer Neg/Abs/Sign/BitwiseNot, and Not of bools.
std::optional<DenseElementsAttr> hostIntUnary(StringRef op, DenseElementsAttr a);
/// Equal/Less/LessOrEqual/Greater/GreaterOrEqual of integers or bools, and
/// And/Or/Xor of bools (bool result).
std::optional<DenseElementsAttr> hostIntCompare(StringRef op,
                                                DenseElementsAttr lhs,
                                                DenseElementsAttr rhs);
/// Where on integer or bool x and y (Expand's -1 handling in torch's exports).
std::optional<DenseElementsAttr> hostWhere(DenseElementsAttr cond,
                                           DenseElementsAttr x,
                                           DenseElementsAttr y);
/// ReduceSum/ReduceProd/ReduceMax/ReduceMin of an integer constant over
/// `axes` (sorted, distinct, non-negative).
std::optional<DenseElementsAttr> hostIntReduce(StringRef op, DenseElementsAttr a,
                                               ArrayRef<int64_t> axes,
                                               bool keepdims);
/// Expand of an integer or bool constant to `shape` (a broadcast of the input).
std::optional<DenseElementsAttr> hostExpand(DenseElementsAttr a,
                                            ArrayRef<int64_t> shape);
/// Reads integer or float elements of a dense attribute.
SmallVector<int64_t> denseToInts(DenseElementsAttr a);
SmallVector<double> denseToFloats(DenseElementsAttr a);

} // namespace mlir::aicc::onnx_import

#endif // AICC_LIB_IMPORT_ONNX_IMPORTCONTEXT_H
