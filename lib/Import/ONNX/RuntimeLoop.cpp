//===- RuntimeLoop.cpp - ONNX Loop as an aicc.loop -------------------------===//
//
// A Loop that ControlFlowOps.cpp does not unroll (a trip count or condition
// known only at run time, or more iterations than it unrolls) becomes an
// `aicc.loop`. The body subgraph is imported once into the loop's block,
// where it reads outer values directly. Loop-carried values must keep their
// type (a body output less static than its input is an error naming the
// node; one more static is cast back).
//
// Scan outputs need the trip count: a [M, row...] buffer is carried through
// the loop and iteration i writes row i (`tensor.insert_slice`, in place
// after bufferization); the output is its first `iterations` rows, a
// dynamic dim 0 the runtime reports. A while-loop (no M) with scan outputs
// would need buffers that grow, and is an error.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// `v` (a body output for carried value `k`) as `type`, or an error when
/// the carried value would change shape across iterations.
static FailureOr<Value> asCarriedType(ImportContext &ic, Value v, Type type, size_t k) {
  if (v.getType() == type)
    return v;
  auto from = cast<RankedTensorType>(v.getType());
  auto to = cast<RankedTensorType>(type);
  bool widens = from.getElementType() == to.getElementType() &&
                from.getRank() == to.getRank() &&
                llvm::all_of(llvm::seq<int64_t>(0, to.getRank()), [&](int64_t d) {
                  return to.isDynamicDim(d) || from.getDimSize(d) == to.getDimSize(d);
                });
  if (!widens)
    return ic.emitError() << "loop-carried value " << k << " changes type from " << type
                          << " to " << v.getType()
                          << " in the body; aicc runs Loop bodies whose carried values keep "
                             "their type";
  return tensor::CastOp::create(ic.getBuilder(), ic.getLoc(), type, v).getResult();
}

/// The 0-d i64 index of a `tensor<i64>` value.
static Value indexOf(ImportContext &ic, Value t) {
  OpBuilder &b = ic.getBuilder();
  Value e = tensor::ExtractOp::create(b, ic.getLoc(), t, ValueRange{});
  return arith::IndexCastOp::create(b, ic.getLoc(), b.getIndexType(), e);
}

/// Checks that scan output `k`'s rows (`rowType`) can be allocated for the
/// trip count `trips` up front.
static LogicalResult checkScanRows(ImportContext &ic, int64_t k, RankedTensorType rowType,
                                   Value trips) {
  if (!rowType.hasStaticShape())
    return ic.emitError() << "scan output " << k << " of the Loop has the dynamic type "
                          << rowType << "; aicc needs its rows' shape to allocate them";
  std::optional<DenseElementsAttr> m = ImportContext::getConstant(trips);
  if (!m)
    return success();
  // Rows are allocated for all M iterations; torch exports while-loops with
  // M = INT64_MAX.
  int64_t bits = rowType.getElementTypeBitWidth();
  int64_t rowBytes = std::max<int64_t>(1, rowType.getNumElements() * ((bits + 7) / 8));
  int64_t count = denseToInts(*m).front();
  if (count > (int64_t(1) << 32) / rowBytes)
    return ic.emitError() << "scan output " << k << " of the Loop would need " << count
                          << " rows of " << rowBytes
                          << " bytes allocated up front (the trip count 'M')";
  return success();
}

/// Adds a [?, row...] scan-output buffer argument to `block` (its type
/// appended to `bufferTypes`) and returns the buffer with `row` written at
/// index `at` of dim 0.
static Value insertScanRow(ImportContext &ic, Block *block, Value row, Value at,
                           SmallVectorImpl<RankedTensorType> &bufferTypes) {
  OpBuilder &b = ic.getBuilder();
  Location loc = ic.getLoc();
  auto rowType = cast<RankedTensorType>(row.getType());
  SmallVector<int64_t> shape{ShapedType::kDynamic};
  llvm::append_range(shape, rowType.getShape());
  auto bufType = RankedTensorType::get(shape, rowType.getElementType());
  Value buf = block->addArgument(bufType, loc);
  bufferTypes.push_back(bufType);
  SmallVector<OpFoldResult> offsets(shape.size(), b.getIndexAttr(0));
  offsets[0] = at;
  SmallVector<OpFoldResult> sizes{b.getIndexAttr(1)}, strides(shape.size(), b.getIndexAttr(1));
  for (int64_t s : rowType.getShape())
    sizes.push_back(b.getIndexAttr(s));
  return tensor::InsertSliceOp::create(b, loc, row, buf, offsets, sizes, strides).getResult();
}

/// Imports the body into `block` (of a loop with `carried.size()` carried
/// values) and ends it with the yield: the next condition, the carried
/// values, then each scan output written at row `iteration` of a new
/// [?, row...] block argument, whose types go to `bufferTypes`.
static LogicalResult importBody(ImportContext &ic, const onnx::GraphProto &body, Block *block,
                                ArrayRef<Value> carried, Value trips, int64_t firstIteration,
                                SmallVectorImpl<RankedTensorType> &bufferTypes) {
  OpBuilder &b = ic.getBuilder();
  Location loc = ic.getLoc();
  Type i1 = b.getI1Type();
  DecompositionBuilder d(ic);
  Value iterArg = block->getArgument(0);
  FailureOr<Value> iteration = iterArg;
  if (firstIteration != 0)
    iteration = d.addS(iterArg, (double)firstIteration);
  if (failed(iteration))
    return failure();
  // The body runs only when its condition holds, so it sees true.
  bool yes = true;
  SmallVector<Value> inputs{
      *iteration,
      ic.constant(DenseElementsAttr::get(RankedTensorType::get({}, i1), ArrayRef<bool>(yes)))};
  llvm::append_range(inputs, block->getArguments().drop_front());
  FailureOr<SmallVector<Value>> outs = importSubgraph(ic, body, inputs);
  if (failed(outs))
    return failure();
  FailureOr<Value> next = ic.reshape(outs->front(), {});
  if (succeeded(next) && elementTypeOf(*next) != i1)
    next = d.cast(*next, i1);
  if (failed(next))
    return failure();
  SmallVector<Value> yielded{*next};
  size_t numCarried = carried.size();
  for (size_t k = 0; k < numCarried; ++k) {
    FailureOr<Value> v = asCarriedType(ic, (*outs)[1 + k], carried[k].getType(), k);
    if (failed(v))
      return failure();
    yielded.push_back(*v);
  }
  for (auto [k, row] : llvm::enumerate(ArrayRef(*outs).drop_front(1 + numCarried))) {
    auto rowType = cast<RankedTensorType>(row.getType());
    if (failed(checkScanRows(ic, k, rowType, trips)))
      return failure();
    yielded.push_back(insertScanRow(ic, block, row, indexOf(ic, iterArg), bufferTypes));
  }
  YieldOp::create(b, loc, yielded);
  return success();
}

/// `loop` rebuilt (before itself) to carry, after its carried values, a
/// [max(M, 0), row...] buffer of each type in `bufferTypes`; the body moves
/// over.
static LoopOp addScanBuffers(ImportContext &ic, LoopOp loop, Value trips,
                             ArrayRef<RankedTensorType> bufferTypes) {
  OpBuilder &b = ic.getBuilder();
  Location loc = ic.getLoc();
  b.setInsertionPoint(loop);
  SmallVector<Value> inits(loop.getInits());
  Value rows = arith::MaxSIOp::create(b, loc, indexOf(ic, trips),
                                      arith::ConstantIndexOp::create(b, loc, 0));
  for (RankedTensorType t : bufferTypes)
    inits.push_back(tensor::EmptyOp::create(b, loc, t, ValueRange{rows}));
  SmallVector<Type> resultTypes = llvm::to_vector(ValueRange(inits).getTypes());
  auto withBuffers = LoopOp::create(b, loc, loop.getIterations().getType(), resultTypes,
                                    trips, loop.getCond(), inits);
  withBuffers.getBody().takeBody(loop.getBody());
  loop.erase();
  return withBuffers;
}

FailureOr<SmallVector<Value>>
onnx_import::importRuntimeLoop(ImportContext &ic, const onnx::GraphProto &body, Value trips,
                               Value cond, ArrayRef<Value> carried, int64_t firstIteration) {
  OpBuilder &b = ic.getBuilder();
  Location loc = ic.getLoc();
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  auto i64Scalar = RankedTensorType::get({}, i64);
  int64_t numCarried = carried.size();
  int64_t numScanOut = body.output_size() - 1 - numCarried;
  if (numScanOut < 0)
    return ic.emitError() << "the Loop body has " << body.output_size()
                          << " outputs, fewer than the condition and " << numCarried
                          << " carried values";
  if (numScanOut > 0 && (!trips || firstIteration != 0))
    return ic.emitError() << "a Loop with scan outputs whose iteration count is not bounded "
                             "by the trip count 'M' is not supported (aicc allocates the "
                             "scan outputs' rows up front)";
  DecompositionBuilder d(ic);
  FailureOr<Value> m = trips, c = cond;
  if (trips && elementTypeOf(trips) != i64)
    m = d.cast(trips, i64);
  if (elementTypeOf(cond) != i1)
    c = d.cast(cond, i1);
  if (failed(m) || failed(c))
    return failure();
  trips = *m;
  cond = *c;

  // The loop is built for the carried values first; scan outputs' buffers,
  // whose row types are known once the body is imported, are added after.
  OpBuilder::InsertPoint outer = b.saveInsertionPoint();
  SmallVector<Type> carriedTypes = llvm::to_vector(ValueRange(carried).getTypes());
  auto loop = LoopOp::create(b, loc, i64Scalar, carriedTypes, trips, cond, carried);
  SmallVector<Type> argTypes{i64Scalar};
  llvm::append_range(argTypes, carriedTypes);
  Block *block = b.createBlock(&loop.getBody(), {}, argTypes,
                               SmallVector<Location>(argTypes.size(), loc));
  SmallVector<RankedTensorType> bufferTypes;
  if (failed(importBody(ic, body, block, carried, trips, firstIteration, bufferTypes)))
    return failure();
  if (!bufferTypes.empty())
    loop = addScanBuffers(ic, loop, trips, bufferTypes);
  b.restoreInsertionPoint(outer);
  if (failed(mlir::verify(loop)))
    return failure();

  // Scan outputs: the rows of the iterations run.
  SmallVector<Value> results(loop.getResults().take_front(numCarried));
  Value ran = indexOf(ic, loop.getIterations());
  for (auto [k, t] : llvm::enumerate(bufferTypes)) {
    Value buf = loop.getResults()[numCarried + k];
    SmallVector<OpFoldResult> offsets(t.getRank(), b.getIndexAttr(0)),
        strides(t.getRank(), b.getIndexAttr(1)), sizes{ran};
    for (int64_t s : t.getShape().drop_front())
      sizes.push_back(b.getIndexAttr(s));
    results.push_back(
        tensor::ExtractSliceOp::create(b, loc, t, buf, offsets, sizes, strides).getResult());
  }
  return results;
}

/// Row `at` (an index) of `v` along dim 0, without that dim.
static Value rowOf(ImportContext &ic, Value v, Value at) {
  OpBuilder &b = ic.getBuilder();
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<OpFoldResult> offsets(t.getRank(), b.getIndexAttr(0)),
      strides(t.getRank(), b.getIndexAttr(1)), sizes{b.getIndexAttr(1)};
  offsets[0] = at;
  for (int64_t s : t.getShape().drop_front())
    sizes.push_back(b.getIndexAttr(s));
  auto rowType = RankedTensorType::get(t.getShape().drop_front(), t.getElementType());
  return tensor::ExtractSliceOp::create(b, ic.getLoc(), rowType, v, offsets, sizes, strides);
}

/// The permutation that moves dim `from` of a rank-`rank` tensor to `to`.
static SmallVector<int64_t> moveDim(int64_t rank, int64_t from, int64_t to) {
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank; ++d)
    if (d != from)
      perm.push_back(d);
  perm.insert(perm.begin() + to, from);
  return perm;
}

FailureOr<SmallVector<Value>>
onnx_import::importScanAsLoop(ImportContext &ic, const onnx::GraphProto &body,
                              ArrayRef<Value> states, ArrayRef<Value> scans,
                              const ScanAxes &axes, int64_t steps) {
  OpBuilder &b = ic.getBuilder();
  Location loc = ic.getLoc();
  DecompositionBuilder d(ic);
  // Scan inputs with their scanned axis first.
  SmallVector<Value> inputs;
  for (auto [j, v] : llvm::enumerate(scans)) {
    FailureOr<Value> t = v;
    if (axes.inAxes[j] != 0)
      t = d.transpose(v, moveDim(shapeOf(v).size(), axes.inAxes[j], 0));
    if (failed(t))
      return failure();
    inputs.push_back(*t);
  }
  auto i64Scalar = RankedTensorType::get({}, b.getI64Type());
  Value trips = ic.constant(DenseElementsAttr::get(i64Scalar, steps));
  bool yes = true;
  auto boolScalar = RankedTensorType::get({}, b.getI1Type());
  Value cond = ic.constant(DenseElementsAttr::get(boolScalar, ArrayRef<bool>(yes)));
  OpBuilder::InsertPoint outer = b.saveInsertionPoint();
  SmallVector<Type> stateTypes = llvm::to_vector(ValueRange(states).getTypes());
  auto loop = LoopOp::create(b, loc, i64Scalar, stateTypes, trips, cond, states);
  SmallVector<Type> argTypes{i64Scalar};
  llvm::append_range(argTypes, stateTypes);
  Block *block = b.createBlock(&loop.getBody(), {}, argTypes,
                               SmallVector<Location>(argTypes.size(), loc));
  // Step i reads (and writes) row i, or steps - 1 - i in reverse.
  Value i = indexOf(ic, block->getArgument(0));
  Value last = arith::ConstantIndexOp::create(b, loc, steps - 1);
  Value back = arith::SubIOp::create(b, loc, last, i);
  SmallVector<Value> bodyInputs(block->getArguments().drop_front());
  for (auto [j, v] : llvm::enumerate(inputs))
    bodyInputs.push_back(rowOf(ic, v, axes.inDirs[j] ? back : i));
  FailureOr<SmallVector<Value>> outs = importSubgraph(ic, body, bodyInputs);
  if (failed(outs))
    return failure();
  if (outs->size() < states.size())
    return ic.emitError() << "the Scan body has " << outs->size() << " outputs, fewer than "
                          << states.size() << " states";
  SmallVector<Value> yielded{cond};
  for (auto [k, s] : llvm::enumerate(states)) {
    FailureOr<Value> v = asCarriedType(ic, (*outs)[k], s.getType(), k);
    if (failed(v))
      return failure();
    yielded.push_back(*v);
  }
  SmallVector<RankedTensorType> bufferTypes;
  for (auto [k, row] : llvm::enumerate(ArrayRef(*outs).drop_front(states.size()))) {
    auto rowType = cast<RankedTensorType>(row.getType());
    if (failed(checkScanRows(ic, k, rowType, trips)))
      return failure();
    bool reverse = k < axes.outDirs.size() && axes.outDirs[k];
    yielded.push_back(insertScanRow(ic, block, row, reverse ? back : i, bufferTypes));
  }
  YieldOp::create(b, loc, yielded);
  if (!bufferTypes.empty())
    loop = addScanBuffers(ic, loop, trips, bufferTypes);
  b.restoreInsertionPoint(outer);
  if (failed(mlir::verify(loop)))
    return failure();

  // The scan outputs: all `steps` rows, stacked along their axes.
  SmallVector<Value> results(loop.getResults().take_front(states.size()));
  for (auto [k, t] : llvm::enumerate(bufferTypes)) {
    Value buf = loop.getResults()[states.size() + k];
    SmallVector<int64_t> shape{steps};
    llvm::append_range(shape, t.getShape().drop_front());
    auto outType = RankedTensorType::get(shape, t.getElementType());
    SmallVector<OpFoldResult> offsets(t.getRank(), b.getIndexAttr(0)),
        strides(t.getRank(), b.getIndexAttr(1)), sizes;
    for (int64_t s : shape)
      sizes.push_back(b.getIndexAttr(s));
    FailureOr<Value> out =
        tensor::ExtractSliceOp::create(b, loc, outType, buf, offsets, sizes, strides)
            .getResult();
    int64_t axis = k < axes.outAxes.size() ? axes.outAxes[k] : 0;
    FailureOr<int64_t> norm = ic.normaliseAxis(axis, shape.size(), "scan_output_axes");
    if (failed(norm))
      return failure();
    if (*norm != 0)
      out = d.transpose(*out, moveDim(shape.size(), 0, *norm));
    if (failed(out))
      return failure();
    results.push_back(*out);
  }
  return results;
}
