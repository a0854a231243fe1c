//===- TensorOps.cpp - shape, data-movement and constant ONNX ops ---------===//
//
// These ops are also the building blocks of exporters' shape subgraphs: every
// importer here evaluates on the host when its data operands are constants
// (see ConstantEvaluator.cpp), so those subgraphs fold away during import.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Dialect/Aicc/ShapeUtils.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// Binds output 0 and succeeds, or fails when `v` did.
static LogicalResult bindResult(ImportContext &ic, FailureOr<Value> v) {
  if (failed(v))
    return failure();
  ic.setResult(0, *v);
  return success();
}

static LogicalResult importReshape(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  if (ic.getOpset() >= 5 && ic.isRuntimeInput(1)) {
    bool allowZero = ic.getInt("allowzero", 0) != 0;
    if (auto target = ic.getSymbolic(ic.optionalInput(1)))
      return bindResult(ic, reshapeSymbolic(ic, *x, *target, allowZero));
    return bindResult(ic, reshapeToRuntimeShape(ic, *x, allowZero));
  }
  FailureOr<SmallVector<int64_t>> target =
      ic.getOpset() < 5 ? FailureOr<SmallVector<int64_t>>(
                              ic.getInts("shape").value_or(SmallVector<int64_t>()))
                        : ic.requireConstInts(1, "shape");
  if (failed(target))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  bool allowZero = ic.getInt("allowzero", 0) != 0;
  // A dynamic input: copied dims and the -1 become run-time sizes.
  if (!cast<RankedTensorType>(x->getType()).hasStaticShape()) {
    SmallVector<OpFoldResult> elems;
    for (int64_t d : *target)
      elems.push_back(ic.getBuilder().getIndexAttr(d));
    return bindResult(ic, reshapeSymbolic(ic, *x, elems, allowZero));
  }
  SmallVector<int64_t> shape;
  int64_t known = 1, inferred = -1, total = 1;
  for (int64_t d : in)
    total *= d;
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return ic.emitError() << "'shape' copies dim " << i
                              << " that the input does not have";
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return ic.emitError() << "'shape' has more than one -1";
      inferred = i;
    } else if (d < 0) {
      return ic.emitError() << "'shape' has an invalid value " << d;
    } else {
      known *= d;
    }
    shape.push_back(d);
  }
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return ic.emitError() << "cannot infer the -1 of 'shape'";
    shape[inferred] = total / known;
  } else if (known != total) {
    return ic.emitError() << "'shape' has " << known
                          << " elements, the input " << total;
  }
  return bindResult(ic, ic.reshape(*x, shape));
}

static LogicalResult importFlatten(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size(), axis = ic.getInt("axis", 1);
  if (axis < -rank || axis > rank)
    return ic.emitError() << "'axis' value " << axis
                          << " is out of range for rank " << rank;
  if (axis < 0)
    axis += rank;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t &side = d < axis ? outer : inner;
    side = ShapedType::isDynamic(in[d]) || ShapedType::isDynamic(side)
               ? ShapedType::kDynamic
               : side * in[d];
  }
  if (ShapedType::isDynamic(outer) && ShapedType::isDynamic(inner))
    return ic.emitError() << "both sides of the flattened shape are dynamic; pin "
                             "the graph inputs' dims with -input-shape";
  return bindResult(ic, ic.reshape(*x, {outer, inner}));
}

/// Squeeze/Unsqueeze whose `axes` are known only at run time: the data is
/// the input reshaped to the declared shape; the run checks that `axes`
/// names unit dims that give it. `rank` is the rank `axes` refers to.
static LogicalResult
importUnitDimsRuntimeAxes(ImportContext &ic, Value x, int64_t rank,
                          function_ref<std::optional<SmallVector<int64_t>>(ArrayRef<int64_t>)>
                              shapeFor) {
  FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "axes");
  FailureOr<Value> axes = runtimeIntVector(ic, 1, "axes");
  if (failed(declared) || failed(axes))
    return failure();
  FailureOr<Value> reshaped = ic.reshape(x, declared->getShape());
  if (failed(reshaped))
    return failure();
  return bindResult(ic, buildForRuntimeAxes(ic, *axes, rank, declared->getShape(), shapeFor,
                                            [&](ArrayRef<int64_t>) { return reshaped; }));
}

/// True when the axes input of Squeeze/Unsqueeze is a non-empty run-time value.
static bool hasRuntimeAxes(ImportContext &ic) {
  return ic.getOpset() >= 13 && ic.isRuntimeInput(1) &&
         cast<RankedTensorType>(ic.optionalInput(1).getType()).getNumElements() != 0;
}

static LogicalResult importSqueeze(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  if (hasRuntimeAxes(ic)) {
    ArrayRef<int64_t> in = shapeOf(*x);
    return importUnitDimsRuntimeAxes(
        ic, *x, in.size(), [&](ArrayRef<int64_t> s) -> std::optional<SmallVector<int64_t>> {
          SmallVector<int64_t> shape;
          for (int64_t d = 0; d < (int64_t)in.size(); ++d) {
            if (!llvm::is_contained(s, d))
              shape.push_back(in[d]);
            else if (in[d] != 1)
              return std::nullopt;
          }
          return shape;
        });
  }
  auto axes = ic.getAxes(13, 1);
  if (failed(axes))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  SmallVector<bool> drop(in.size(), false);
  if (!*axes) {
    for (size_t d = 0; d < in.size(); ++d)
      drop[d] = in[d] == 1;
  }
  for (int64_t a : axes->value_or(SmallVector<int64_t>())) {
    FailureOr<int64_t> n = ic.normaliseAxis(a, in.size(), "axes");
    if (failed(n))
      return failure();
    if (in[*n] != 1)
      return ic.emitError() << "cannot squeeze dim " << *n << " of size "
                            << in[*n];
    drop[*n] = true;
  }
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < in.size(); ++d)
    if (!drop[d])
      shape.push_back(in[d]);
  return bindResult(ic, ic.reshape(*x, shape));
}

static LogicalResult importUnsqueeze(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  if (hasRuntimeAxes(ic)) {
    ArrayRef<int64_t> in = shapeOf(*x);
    int64_t rank = in.size() + shapeOf(ic.optionalInput(1))[0];
    return importUnitDimsRuntimeAxes(
        ic, *x, rank, [&](ArrayRef<int64_t> s) -> std::optional<SmallVector<int64_t>> {
          SmallVector<int64_t> shape;
          for (int64_t d = 0, src = 0; d < rank; ++d)
            shape.push_back(llvm::is_contained(s, d) ? 1 : in[src++]);
          return shape;
        });
  }
  auto axes = ic.getAxes(13, 1);
  if (failed(axes))
    return failure();
  if (!*axes)
    return ic.emitError() << "expects 'axes'";
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size() + (*axes)->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : **axes) {
    FailureOr<int64_t> n = ic.normaliseAxis(a, rank, "axes");
    if (failed(n))
      return failure();
    if (inserted[*n])
      return ic.emitError() << "'axes' repeats " << *n;
    inserted[*n] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0, src = 0; d < rank; ++d)
    shape.push_back(inserted[d] ? 1 : in[src++]);
  return bindResult(ic, ic.reshape(*x, shape));
}

static LogicalResult importTranspose(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  SmallVector<int64_t> perm = ic.getInts("perm").value_or(
      llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank))));
  if (auto attr = ImportContext::getConstant(*x))
    if (perm.size() == (size_t)rank && llvm::all_of(perm, [&](int64_t p) {
          return p >= 0 && p < rank;
        }))
      if (auto folded = hostTranspose(*attr, perm))
        return bindResult(ic, ic.constant(*folded));
  return bindResult(ic, ic.create<TransposeOp>(*x, ArrayRef<int64_t>(perm)));
}

static LogicalResult importConcat(ImportContext &ic) {
  SmallVector<Value> inputs;
  SmallVector<DenseElementsAttr> consts;
  for (unsigned i = 0; i < ic.getNumInputs(); ++i) {
    FailureOr<Value> v = ic.input(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
    if (auto attr = ImportContext::getConstant(*v))
      consts.push_back(*attr);
  }
  if (inputs.empty() || !ic.hasAttr("axis"))
    return ic.emitError() << "expects inputs and attribute 'axis'";
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", 0), shapeOf(inputs[0]).size(), "axis");
  if (failed(axis))
    return failure();
  if (consts.size() == inputs.size())
    if (auto folded = hostConcat(consts, *axis))
      return bindResult(ic, ic.constant(*folded));
  Builder b(ic.getContext());
  return bindResult(ic, ic.create<ConcatOp>(ValueRange(inputs),
                                            b.getI64IntegerAttr(*axis)));
}

/// Builds a slice with bounds already normalised to aicc.slice's contract.
static FailureOr<Value> buildSlice(ImportContext &ic, Value x,
                                   ArrayRef<int64_t> starts,
                                   ArrayRef<int64_t> ends,
                                   ArrayRef<int64_t> steps) {
  if (auto attr = ImportContext::getConstant(x)) {
    SmallVector<int64_t> shape;
    for (size_t d = 0; d < starts.size(); ++d) {
      int64_t n = steps[d] > 0
                      ? (ends[d] - starts[d] + steps[d] - 1) / steps[d]
                      : (starts[d] - ends[d] - steps[d] - 1) / -steps[d];
      shape.push_back(std::max<int64_t>(n, 0));
    }
    if (auto folded = hostSlice(*attr, starts, steps, shape))
      return ic.constant(*folded);
  }
  return ic.create<SliceOp>(x, starts, ends, steps);
}

static LogicalResult importSlice(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (ic.getOpset() < 10) {
    starts = ic.getInts("starts").value_or(SmallVector<int64_t>());
    ends = ic.getInts("ends").value_or(SmallVector<int64_t>());
    axes = ic.getInts("axes").value_or(SmallVector<int64_t>());
  } else {
    if (ic.isRuntimeInput(1) || ic.isRuntimeInput(2) || ic.isRuntimeInput(3) ||
        ic.isRuntimeInput(4))
      return bindResult(ic, sliceRuntimeBounds(ic, *x));
    auto s = ic.requireConstInts(1, "starts"), e = ic.requireConstInts(2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    for (auto [idx, name, out] : {std::make_tuple(3u, "axes", &axes),
                                  std::make_tuple(4u, "steps", &steps)}) {
      if (!ic.hasInput(idx))
        continue;
      auto v = ic.requireConstInts(idx, name);
      if (failed(v))
        return failure();
      *out = *v;
    }
  }
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts.size()));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return ic.emitError() << "starts, ends, axes and steps differ in length";
  SmallVector<int64_t> fs(rank, 0), fe(in), fst(rank, 1);
  for (auto [i, a] : llvm::enumerate(axes)) {
    FailureOr<int64_t> d = ic.normaliseAxis(a, rank, "axes");
    if (failed(d))
      return failure();
    int64_t dim = in[*d], st = steps[i], s = starts[i], e = ends[i];
    if (st == 0)
      return ic.emitError() << "'steps' must be non-zero";
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    if (dim == 0) {
      s = e = 0;
    } else if (st > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
    }
    fs[*d] = s;
    fe[*d] = e;
    fst[*d] = st;
  }
  return bindResult(ic, buildSlice(ic, *x, fs, fe, fst));
}

static LogicalResult importSplit(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", 0), in.size(), "axis");
  if (failed(axis))
    return failure();
  int64_t dim = in[*axis], n = ic.getNumOutputs();
  SmallVector<int64_t> sizes;
  Value splitCheck;
  if (ic.getOpset() < 13) {
    sizes = ic.getInts("split").value_or(SmallVector<int64_t>());
  } else if (ic.isRuntimeInput(1)) {
    // Run-time sizes: the declared outputs' sizes along the axis, checked
    // when the model runs.
    for (unsigned i = 0; i < ic.getNumOutputs(); ++i) {
      RankedTensorType t = ic.declaredResultType(i);
      if (!t || t.getRank() != (int64_t)in.size() || t.isDynamicDim(*axis))
        return ic.emitError() << "'split' input of Split is not a compile-time constant and "
                                 "the model declares no static size for output "
                              << i << " along the axis; aicc needs one of the two";
      sizes.push_back(t.getDimSize(*axis));
    }
    FailureOr<Value> given = runtimeIntVector(ic, 1, "split");
    if (failed(given))
      return failure();
    if (shapeOf(*given)[0] != (int64_t)sizes.size())
      return ic.emitError() << "'split' has " << shapeOf(*given)[0] << " values for "
                            << sizes.size() << " outputs";
    FailureOr<Value> all = allEqualConst(ic, *given, sizes);
    if (failed(all))
      return failure();
    splitCheck = *all;
  } else if (ic.hasInput(1)) {
    auto s = ic.requireConstInts(1, "split");
    if (failed(s))
      return failure();
    sizes = *s;
  }
  if (sizes.empty() && ic.hasAttr("num_outputs")) {
    n = ic.getInt("num_outputs", n);
    if (n <= 0 || n != ic.getNumOutputs())
      return ic.emitError() << "attribute 'num_outputs' does not match the "
                               "number of outputs";
    int64_t chunk = (dim + n - 1) / n;
    for (int64_t i = 0; i < n; ++i)
      sizes.push_back(std::max<int64_t>(0, std::min(chunk, dim - i * chunk)));
  } else if (sizes.empty()) {
    if (n == 0 || dim % n != 0)
      return ic.emitError() << "cannot split dim " << dim << " into " << n
                            << " equal parts";
    sizes.assign(n, dim / n);
  }
  int64_t sum = 0;
  for (int64_t s : sizes)
    sum += s < 0 ? dim + 1 : s;
  if ((int64_t)sizes.size() != ic.getNumOutputs() || sum != dim)
    return ic.emitError() << "'split' sizes do not add up to dim " << dim
                          << " over " << ic.getNumOutputs() << " outputs";
  SmallVector<int64_t> starts(in.size(), 0), ends(in), steps(in.size(), 1);
  int64_t offset = 0;
  for (auto [i, s] : llvm::enumerate(sizes)) {
    starts[*axis] = offset;
    ends[*axis] = offset + s;
    offset += s;
    FailureOr<Value> part = buildSlice(ic, *x, starts, ends, steps);
    if (succeeded(part) && splitCheck)
      part = checked(ic, splitCheck, *part,
                     "the 'split' input does not match the declared output sizes");
    if (failed(part))
      return failure();
    ic.setResult(i, *part);
  }
  return success();
}

static LogicalResult importGather(ImportContext &ic) {
  FailureOr<Value> data = ic.input(0), idx = ic.input(1);
  if (failed(data) || failed(idx))
    return failure();
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", 0), shapeOf(*data).size(), "axis");
  if (failed(axis))
    return failure();
  auto d = ImportContext::getConstant(*data), i = ImportContext::getConstant(*idx);
  // Constant indices out of range are an error in ONNX; with pinned shapes
  // they are, e.g., position ids past a transformer's position table.
  if (i && i->getElementType().isIntOrIndex()) {
    int64_t dim = shapeOf(*data)[*axis];
    for (int64_t j : denseToInts(*i))
      if (j < -dim || j >= dim)
        return ic.emitError() << "index " << j << " is out of range for axis " << *axis
                              << " of size " << dim;
  }
  if (d && i)
    if (auto folded = hostGather(*d, *i, *axis))
      return bindResult(ic, ic.constant(*folded));
  Builder b(ic.getContext());
  return bindResult(ic, ic.create<GatherOp>(*data, *idx, b.getI64IntegerAttr(*axis)));
}

static LogicalResult importGatherElements(ImportContext &ic) {
  FailureOr<Value> data = ic.input(0), idx = ic.input(1);
  if (failed(data) || failed(idx))
    return failure();
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", 0), shapeOf(*data).size(), "axis");
  if (failed(axis))
    return failure();
  return bindResult(ic, ic.create<GatherElementsOp>(*data, *idx, *axis));
}

static LogicalResult importGatherND(ImportContext &ic) {
  FailureOr<Value> data = ic.input(0), idx = ic.input(1);
  if (failed(data) || failed(idx))
    return failure();
  return bindResult(ic, ic.create<GatherNDOp>(*data, *idx, ic.getInt("batch_dims", 0)));
}

/// The `reduction` attribute of ScatterElements/ScatterND (opset 16+; max and
/// min from 18).
static FailureOr<std::string> scatterReduction(ImportContext &ic) {
  std::string reduction = ic.getString("reduction", "none");
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction))
    return ic.emitError() << "attribute 'reduction' value '" << reduction
                          << "' is not supported";
  return reduction;
}

/// ScatterElements, and the deprecated Scatter (opsets 9-10) it replaced.
static LogicalResult importScatterElements(ImportContext &ic) {
  FailureOr<Value> data = ic.input(0), idx = ic.input(1), upd = ic.input(2);
  if (failed(data) || failed(idx) || failed(upd))
    return failure();
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", 0), shapeOf(*data).size(), "axis");
  FailureOr<std::string> reduction = scatterReduction(ic);
  if (failed(axis) || failed(reduction))
    return failure();
  return bindResult(ic, ic.create<ScatterElementsOp>(*data, *idx, *upd, *axis,
                                                     StringRef(*reduction)));
}

static LogicalResult importScatterND(ImportContext &ic) {
  FailureOr<Value> data = ic.input(0), idx = ic.input(1), upd = ic.input(2);
  if (failed(data) || failed(idx) || failed(upd))
    return failure();
  FailureOr<std::string> reduction = scatterReduction(ic);
  if (failed(reduction))
    return failure();
  return bindResult(ic, ic.create<ScatterNDOp>(*data, *idx, *upd, StringRef(*reduction)));
}

/// ReverseSequence: along `time_axis`, element t of batch b reads
/// len[b] - 1 - t while t < len[b] and t otherwise; the index table is built
/// from the run-time lengths and read with gather_elements.
static LogicalResult importReverseSequence(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), lens = ic.input(1);
  if (failed(x) || failed(lens))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  if (rank < 2)
    return ic.emitError() << "expects an input of rank >= 2";
  int64_t tAxis = ic.getInt("time_axis", 0), bAxis = ic.getInt("batch_axis", 1);
  if ((tAxis != 0 && tAxis != 1) || (bAxis != 0 && bAxis != 1) || tAxis == bAxis)
    return ic.emitError() << "attributes 'time_axis' and 'batch_axis' must be 0 and 1";
  int64_t steps = shape[tAxis], batch = shape[bAxis];
  if (shapeOf(*lens) != ArrayRef<int64_t>{batch})
    return ic.emitError() << "'sequence_lens' must have " << batch << " values";
  Type i64 = IntegerType::get(ic.getContext(), 64);
  SmallVector<int64_t> tShape(rank, 1), bShape(rank, 1);
  tShape[tAxis] = steps;
  bShape[bAxis] = batch;
  Value t = ic.constant(DenseElementsAttr::get(
      RankedTensorType::get(tShape, i64),
      ArrayRef<int64_t>(llvm::to_vector(llvm::seq<int64_t>(0, steps)))));
  FailureOr<Value> l = lens;
  if (elementTypeOf(*lens) != i64)
    l = ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(*lens), i64), *lens);
  FailureOr<Value> inside, rev, idx;
  if (failed(l) || failed(l = ic.reshape(*l, bShape)) ||
      failed(inside = ic.create<LessOp>(t, *l)) ||
      failed(rev = ic.create<SubOp>(*l, ic.scalar(i64, 1))) ||
      failed(rev = ic.create<SubOp>(*rev, t)) ||
      failed(idx = ic.create<WhereOp>(*inside, *rev, t)))
    return failure();
  if (shapeOf(*idx) != shape &&
      failed(idx = ic.createTyped<ExpandOp>(RankedTensorType::get(shape, i64), *idx)))
    return failure();
  return bindResult(ic, ic.create<GatherElementsOp>(*x, *idx, tAxis));
}

/// DepthToSpace and SpaceToDepth on [N, C, H, W]: reshape to 6-d, transpose,
/// reshape back, as ONNX's reference does. `mode` is DCR (default) or CRD.
template <bool ToSpace>
static LogicalResult importDepthSpace(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> s = shapeOf(*x);
  if (s.size() != 4)
    return ic.emitError() << "expects a 4-d input (N, C, H, W)";
  int64_t b = ic.getInt("blocksize", 0);
  if (b <= 0)
    return ic.emitError() << "attribute 'blocksize' must be positive";
  std::string mode = ic.getString("mode", "DCR");
  if (mode != "DCR" && mode != "CRD")
    return ic.emitError() << "attribute 'mode' value '" << mode << "' is not supported";
  bool dcr = mode == "DCR";
  int64_t n = s[0], c = s[1], h = s[2], w = s[3];
  SmallVector<int64_t> split, perm, out;
  if (ToSpace) {
    if (c % (b * b) != 0)
      return ic.emitError() << "channels " << c << " are not a multiple of blocksize^2";
    split = dcr ? SmallVector<int64_t>{n, b, b, c / (b * b), h, w}
                : SmallVector<int64_t>{n, c / (b * b), b, b, h, w};
    perm = dcr ? SmallVector<int64_t>{0, 3, 4, 1, 5, 2}
               : SmallVector<int64_t>{0, 1, 4, 2, 5, 3};
    out = {n, c / (b * b), h * b, w * b};
  } else {
    if (h % b != 0 || w % b != 0)
      return ic.emitError() << "spatial dims " << h << "x" << w
                            << " are not multiples of the blocksize";
    split = {n, c, h / b, b, w / b, b};
    perm = dcr ? SmallVector<int64_t>{0, 3, 5, 1, 2, 4}
               : SmallVector<int64_t>{0, 1, 3, 5, 2, 4};
    out = {n, c * b * b, h / b, w / b};
  }
  FailureOr<Value> r = ic.reshape(*x, split);
  if (failed(r) || failed(r = ic.create<TransposeOp>(*r, ArrayRef<int64_t>(perm))))
    return failure();
  return bindResult(ic, ic.reshape(*r, out));
}

static LogicalResult importPad(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  std::string mode = ic.getString("mode", "constant");
  SmallVector<int64_t> pads;
  double value = 0;
  if (ic.getOpset() < 11) {
    pads = ic.getInts(ic.getOpset() < 2 ? "paddings" : "pads")
               .value_or(SmallVector<int64_t>());
    value = ic.getFloat("value", 0.0);
  } else {
    if (ic.isRuntimeInput(1) || ic.isRuntimeInput(2))
      return bindResult(ic, padRuntimeBounds(ic, *x, mode));
    auto p = ic.requireConstInts(1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (ic.hasInput(2)) {
      auto v = ic.requireConstFloats(2, "constant_value");
      if (failed(v))
        return failure();
      if (v->size() > 1)
        return ic.emitError() << "'constant_value' must be a scalar";
      value = v->empty() ? 0.0 : (*v)[0];
    }
    if (ic.hasInput(3)) {
      auto axes = ic.requireConstInts(3, "axes");
      if (failed(axes))
        return failure();
      if (pads.size() != 2 * axes->size())
        return ic.emitError() << "'pads' needs 2 values per axis";
      SmallVector<int64_t> full(2 * rank, 0);
      for (auto [i, a] : llvm::enumerate(*axes)) {
        FailureOr<int64_t> d = ic.normaliseAxis(a, rank, "axes");
        if (failed(d))
          return failure();
        full[*d] = pads[i];
        full[*d + rank] = pads[i + axes->size()];
      }
      pads = full;
    }
  }
  if ((int64_t)pads.size() != 2 * rank)
    return ic.emitError() << "'pads' has " << pads.size() << " values, expected "
                          << 2 * rank;
  return bindResult(ic, ic.create<PadOp>(*x, ArrayRef<int64_t>(pads),
                                         StringRef(mode), APFloat(value)));
}

/// CenterCropPad: per named axis, crop the centre (start (dim - size) / 2)
/// or pad with zeros around it (before (size - dim) / 2), as onnx's
/// reference does. A run-time `shape` takes the declared output dims and is
/// checked against them.
static LogicalResult importCenterCropPad(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), shapeIn = ic.input(1);
  if (failed(x) || failed(shapeIn))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size();
  if (!cast<RankedTensorType>(x->getType()).hasStaticShape())
    return ic.emitError() << "expects an input of static shape";
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (auto a = ic.getInts("axes")) {
    axes.clear();
    for (int64_t v : *a) {
      FailureOr<int64_t> d = ic.normaliseAxis(v, rank, "axes");
      if (failed(d))
        return failure();
      axes.push_back(*d);
    }
  }
  SmallVector<int64_t> sizes;
  Value check;
  if (auto c = ic.getConstInts(1)) {
    sizes = *c;
  } else {
    FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "shape");
    FailureOr<Value> given = runtimeIntVector(ic, 1, "shape");
    if (failed(declared) || failed(given))
      return failure();
    if (declared->getRank() != rank)
      return ic.emitError() << "the declared output has rank " << declared->getRank();
    for (int64_t a : axes)
      sizes.push_back(declared->getDimSize(a));
    if (shapeOf(*given)[0] != (int64_t)sizes.size())
      return ic.emitError() << "'shape' has " << shapeOf(*given)[0] << " values for "
                            << sizes.size() << " axes";
    FailureOr<Value> ok = allEqualConst(ic, *given, sizes);
    if (failed(ok))
      return failure();
    check = *ok;
  }
  if (sizes.size() != axes.size())
    return ic.emitError() << "'shape' has " << sizes.size() << " values for " << axes.size()
                          << " axes";
  SmallVector<int64_t> starts(rank, 0), ends(in), steps(rank, 1), pads(2 * rank, 0);
  bool crop = false, pad = false;
  for (auto [a, size] : llvm::zip(axes, sizes)) {
    if (size < 0)
      return ic.emitError() << "'shape' has a negative size " << size;
    int64_t dim = in[a];
    if (size < dim) {
      starts[a] = (dim - size) / 2;
      ends[a] = starts[a] + size;
      crop = true;
    } else if (size > dim) {
      pads[a] = (size - dim) / 2;
      pads[a + rank] = size - dim - pads[a];
      pad = true;
    }
  }
  FailureOr<Value> r = *x;
  if (crop)
    r = buildSlice(ic, *x, starts, ends, steps);
  if (succeeded(r) && pad)
    r = ic.create<PadOp>(*r, ArrayRef<int64_t>(pads), StringRef("constant"), APFloat(0.0));
  if (succeeded(r) && check)
    r = checked(ic, check, *r, "the 'shape' input does not give the declared output shape");
  return bindResult(ic, r);
}

static LogicalResult importShape(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size();
  auto clampDim = [&](int64_t v) {
    return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank);
  };
  int64_t start = clampDim(ic.getInt("start", 0));
  int64_t end = clampDim(ic.getInt("end", rank));
  SmallVector<int64_t> dims(in.begin() + start,
                            in.begin() + std::max(start, end));
  auto type = RankedTensorType::get({(int64_t)dims.size()},
                                    IntegerType::get(ic.getContext(), 64));
  return bindResult(ic, ic.constant(DenseElementsAttr::get(type, ArrayRef<int64_t>(dims))));
}

static LogicalResult importConstant(ImportContext &ic) {
  MLIRContext *ctx = ic.getContext();
  Builder b(ctx);
  ElementsAttr attr;
  if (const onnx::AttributeProto *a = ic.findAttr("value")) {
    FailureOr<ElementsAttr> t = convertTensor(ctx, a->t(), ic.getModelDir(), ic.getLoc());
    if (failed(t))
      return failure();
    attr = *t;
  } else if (const onnx::AttributeProto *a = ic.findAttr("value_float")) {
    attr = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()), a->f());
  } else if (const onnx::AttributeProto *a = ic.findAttr("value_int")) {
    attr = DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                  (int64_t)a->i());
  } else if (auto fs = ic.getFloats("value_floats")) {
    SmallVector<float> vals(fs->begin(), fs->end());
    attr = DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)vals.size()}, b.getF32Type()),
        ArrayRef<float>(vals));
  } else if (auto is = ic.getInts("value_ints")) {
    attr = DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)is->size()}, b.getI64Type()),
        ArrayRef<int64_t>(*is));
  } else {
    StringRef name = ic.getNode().attribute_size()
                         ? StringRef(ic.getNode().attribute(0).name())
                         : StringRef("value");
    return ic.emitError() << "attribute '" << name << "' is not supported";
  }
  if (ic.hasOutput(0))
    ic.bindConstant(ic.getNode().output(0), attr, ic.getLoc());
  return success();
}

static LogicalResult importConstantOfShape(ImportContext &ic) {
  Attribute elt = FloatAttr::get(Float32Type::get(ic.getContext()), 0.0);
  if (const onnx::AttributeProto *a = ic.findAttr("value")) {
    FailureOr<ElementsAttr> t =
        convertTensor(ic.getContext(), a->t(), ic.getModelDir(), ic.getLoc());
    if (failed(t))
      return failure();
    auto dense = dyn_cast<DenseElementsAttr>(*t);
    if (!dense || dense.getNumElements() != 1)
      return ic.emitError() << "attribute 'value' must hold one element";
    elt = dense.getSplatValue<Attribute>();
  }
  if (ic.isRuntimeInput(0)) {
    if (auto target = ic.getSymbolic(ic.optionalInput(0))) {
      auto scalarType = RankedTensorType::get({}, cast<TypedAttr>(elt).getType());
      return bindResult(ic, expandSymbolic(ic, ic.constant(DenseElementsAttr::get(scalarType, elt)),
                                           *target));
    }
    return bindResult(ic, fillRuntimeShape(ic, cast<TypedAttr>(elt)));
  }
  FailureOr<SmallVector<int64_t>> shape = ic.requireConstInts(0, "input");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return ic.emitError() << "'input' has a negative dim " << d;
  auto type = RankedTensorType::get(*shape, cast<TypedAttr>(elt).getType());
  if (ic.hasOutput(0))
    ic.bindConstant(ic.getNode().output(0), DenseElementsAttr::get(type, elt),
                    ic.getLoc());
  return success();
}

static LogicalResult importIdentity(ImportContext &ic) {
  return bindResult(ic, ic.input(0));
}

/// Inference-mode Dropout is the identity and its mask is all true. Training
/// mode draws random masks, which a compiled inference graph cannot do.
static LogicalResult importDropout(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  Value ok;
  if (ic.getOpset() >= 12 && ic.hasInput(2)) {
    FailureOr<Value> mode = ic.input(2);
    if (failed(mode))
      return failure();
    if (cast<RankedTensorType>(mode->getType()).getNumElements() != 1)
      return ic.emitError() << "'training_mode' must hold one value";
    std::optional<DenseElementsAttr> c = ImportContext::getConstant(*mode);
    std::optional<SmallVector<double>> ratio;
    if (ic.hasInput(1))
      if (auto r = ImportContext::getConstant(ic.optionalInput(1)))
        ratio = denseToFloats(*r);
    bool zeroRatio = ratio && (*ratio)[0] == 0.0;
    if (c && c->getSplatValue<bool>() && !zeroRatio)
      return ic.emitError() << "training-mode Dropout draws random masks; aicc "
                               "compiles inference graphs";
    if (!c && !zeroRatio) {
      // A run-time training_mode: the identity is right in inference mode and
      // for a zero ratio; anything else fails the run.
      FailureOr<Value> inference = ic.create<NotOp>(*ic.reshape(*mode, {}));
      if (failed(inference))
        return failure();
      ok = *inference;
      if (ic.hasInput(1)) {
        FailureOr<Value> r = ic.reshape(ic.optionalInput(1), {});
        FailureOr<Value> none =
            succeeded(r) ? ic.create<EqualOp>(*r, ic.scalar(elementTypeOf(*r), 0.0)) : r;
        if (failed(none) || failed(none = ic.create<OrOp>(ok, *none)))
          return failure();
        ok = *none;
      }
    }
  }
  if (ok) {
    FailureOr<Value> y = checked(ic, ok, *x,
                                 "training-mode Dropout with a non-zero ratio draws random "
                                 "masks; aicc compiles inference graphs");
    if (failed(y))
      return failure();
    x = y;
  }
  if (ic.hasOutput(1) && ic.isConsumed(ic.getNode().output(1))) {
    auto maskType = RankedTensorType::get(shapeOf(*x), IntegerType::get(ic.getContext(), 1));
    auto mask = DenseElementsAttr::get(maskType, true);
    if (!ok) {
      ic.bindConstant(ic.getNode().output(1), mask, ic.getLoc());
    } else {
      FailureOr<Value> m = checked(ic, ok, ic.constant(mask),
                                   "training-mode Dropout with a non-zero ratio draws random "
                                   "masks; aicc compiles inference graphs");
      if (failed(m))
        return failure();
      ic.setResult(1, *m);
    }
  }
  ic.setResult(0, *x);
  return success();
}

/// Expand broadcasts the input and the 'shape' input together (numpy rules).
static LogicalResult importExpand(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  if (ic.isRuntimeInput(1)) {
    if (auto target = ic.getSymbolic(ic.optionalInput(1)))
      return bindResult(ic, expandSymbolic(ic, *x, *target));
    return bindResult(ic, expandToRuntimeShape(ic, *x));
  }
  FailureOr<SmallVector<int64_t>> target = ic.requireConstInts(1, "shape");
  if (failed(target))
    return failure();
  for (int64_t d : *target)
    if (d < 0)
      return ic.emitError() << "'shape' has a negative dim " << d;
  auto shape = broadcastShapes(shapeOf(*x), *target);
  if (!shape)
    return ic.emitError() << "the input does not broadcast to 'shape'";
  // Integer constants (position ids: arange expanded over the batch) stay
  // constants, so a Gather reading them can check its indices.
  if (auto c = ImportContext::getConstant(*x))
    if (auto folded = hostExpand(*c, *shape))
      return bindResult(ic, ic.constant(*folded));
  return bindResult(ic, ic.createTyped<ExpandOp>(
                            RankedTensorType::get(*shape, elementTypeOf(*x)), *x));
}

static LogicalResult importTile(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  if (ic.getOpset() >= 6 && ic.isRuntimeInput(1))
    return bindResult(ic, tileRuntimeRepeats(ic, *x));
  FailureOr<SmallVector<int64_t>> repeats = ic.requireConstInts(1, "repeats");
  if (failed(repeats))
    return failure();
  if (repeats->size() != shapeOf(*x).size())
    return ic.emitError() << "'repeats' has " << repeats->size()
                          << " values for an input of rank " << shapeOf(*x).size();
  return bindResult(ic, ic.create<TileOp>(*x, ArrayRef<int64_t>(*repeats)));
}

/// Most elements Range may fold to on the host.
constexpr int64_t kRangeElementLimit = 1 << 24;

/// Range has constant bounds in practice; it becomes a constant tensor.
static LogicalResult importRange(ImportContext &ic) {
  FailureOr<Value> start = ic.input(0);
  if (failed(start))
    return failure();
  Type et = elementTypeOf(*start);
  auto type = [&](int64_t n) { return RankedTensorType::get({n}, et); };
  if (ic.isRuntimeInput(0) || ic.isRuntimeInput(1) || ic.isRuntimeInput(2)) {
    auto s = ic.getSymbolic(*start), l = ic.getSymbolic(ic.optionalInput(1)),
         d = ic.getSymbolic(ic.optionalInput(2));
    if (s && l && d && s->size() == 1 && l->size() == 1 && d->size() == 1)
      return bindResult(ic, rangeSymbolic(ic, *start, ic.optionalInput(2), (*s)[0], (*l)[0],
                                          (*d)[0]));
    return bindResult(ic, rangeRuntimeBounds(ic));
  }
  if (auto ft = dyn_cast<FloatType>(et)) {
    auto s = ic.requireConstFloats(0, "start"), l = ic.requireConstFloats(1, "limit"),
         d = ic.requireConstFloats(2, "delta");
    if (failed(s) || failed(l) || failed(d))
      return failure();
    if (s->size() != 1 || l->size() != 1 || d->size() != 1 || (*d)[0] == 0)
      return ic.emitError() << "expects scalar bounds and a non-zero 'delta'";
    double n = std::max(std::ceil(((*l)[0] - (*s)[0]) / (*d)[0]), 0.0);
    if (n > kRangeElementLimit)
      return ic.emitError() << "Range has " << n << " elements, more than "
                            << kRangeElementLimit << " aicc folds";
    SmallVector<APFloat> vals;
    for (int64_t i = 0; i < (int64_t)n; ++i) {
      APFloat v((*s)[0] + i * (*d)[0]);
      bool lost;
      v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      vals.push_back(v);
    }
    return bindResult(ic, ic.constant(DenseElementsAttr::get(type(n), vals)));
  }
  auto s = ic.requireConstInts(0, "start"), l = ic.requireConstInts(1, "limit"),
       d = ic.requireConstInts(2, "delta");
  if (failed(s) || failed(l) || failed(d))
    return failure();
  if (s->size() != 1 || l->size() != 1 || d->size() != 1 || (*d)[0] == 0)
    return ic.emitError() << "expects scalar bounds and a non-zero 'delta'";
  int64_t lo = (*s)[0], step = (*d)[0], span = (*l)[0] - lo;
  // ceil(span / step) for either sign of step.
  int64_t n = std::max<int64_t>(
      (span + (step > 0 ? step - 1 : step + 1)) / step, 0);
  if (n > kRangeElementLimit)
    return ic.emitError() << "Range has " << n << " elements, more than "
                          << kRangeElementLimit << " aicc folds";
  SmallVector<APInt> vals;
  for (int64_t i = 0; i < n; ++i)
    vals.push_back(APInt(et.getIntOrFloatBitWidth(), lo + i * step,
                         /*isSigned=*/true, /*implicitTrunc=*/true));
  return bindResult(ic, ic.constant(DenseElementsAttr::get(type(n), vals)));
}

/// The value `v` as an attribute of element type `et` (float or integer).
static Attribute scalarAttr(Type et, int64_t v) {
  if (isa<FloatType>(et))
    return FloatAttr::get(et, (double)v);
  return IntegerAttr::get(et, v);
}

/// Size depends only on the static shape: an int64 scalar constant.
static LogicalResult importSize(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  int64_t n = 1;
  for (int64_t d : shapeOf(*x))
    n *= d;
  auto type = RankedTensorType::get({}, IntegerType::get(ic.getContext(), 64));
  return bindResult(ic, ic.constant(DenseElementsAttr::get(type, n)));
}

/// EyeLike reads only the input's shape: a constant with ones on diagonal k.
static LogicalResult importEyeLike(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() != 2)
    return ic.emitError() << "EyeLike takes a 2-d input, not " << shape.size() << "-d";
  Type et = elementTypeOf(*x);
  if (ic.hasAttr("dtype")) {
    FailureOr<Type> t = convertElementType(
        ic.getContext(), ic.getInt("dtype", 0),
        ic.hasOutput(0) ? ic.getNode().output(0) : "output", ic.getLoc());
    if (failed(t))
      return failure();
    et = *t;
  }
  if (shape[0] * shape[1] > kRangeElementLimit)
    return ic.emitError() << "EyeLike has more than " << kRangeElementLimit
                          << " elements";
  int64_t k = ic.getInt("k", 0);
  Attribute one = scalarAttr(et, 1), zero = scalarAttr(et, 0);
  SmallVector<Attribute> vals;
  for (int64_t i = 0, n = shape[0] * shape[1]; i < n; ++i)
    vals.push_back(i % shape[1] - i / shape[1] == k ? one : zero);
  return bindResult(ic, ic.constant(DenseElementsAttr::get(
                            RankedTensorType::get(shape, et), vals)));
}

/// Trilu keeps the upper (j - i >= k) or lower (j - i <= k) triangle of the
/// last two dims: aicc.where over a mask. A constant k gives a constant mask;
/// a run-time k compares the host-computed [N, M] table of j - i with it.
static LogicalResult importTrilu(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() < 2)
    return ic.emitError() << "expects an input of rank >= 2";
  bool upper = ic.getInt("upper", 1) != 0;
  int64_t n = shape[shape.size() - 2], m = shape.back();
  MLIRContext *ctx = ic.getContext();
  Value k;
  int64_t constK = 0;
  if (ic.hasInput(1)) {
    FailureOr<Value> kv = ic.input(1);
    if (failed(kv))
      return failure();
    if (shapeOf(*kv).size() > 1 || (shapeOf(*kv).size() == 1 && shapeOf(*kv)[0] != 1))
      return ic.emitError() << "'k' must hold one value";
    if (std::optional<SmallVector<int64_t>> c = ic.getConstInts(1))
      constK = (*c)[0];
    else
      k = *kv;
  }
  Value mask;
  auto maskType = RankedTensorType::get({n, m}, IntegerType::get(ctx, 1));
  if (ShapedType::isDynamic(n) || ShapedType::isDynamic(m)) {
    // Dynamic rows or columns: j - i from two run-time ranges.
    if (!k)
      k = ic.scalar(IntegerType::get(ctx, 64), (double)constK);
    else if (shapeOf(k).size() == 1)
      k = *ic.reshape(k, {});
    Type i64 = IntegerType::get(ctx, 64);
    Value zero = ic.scalar(i64, 0), one = ic.scalar(i64, 1);
    auto range = [&](int64_t d) -> FailureOr<Value> {
      OpFoldResult size = ic.dimSize(*x, shape.size() + d);
      int64_t len = getConstantIntValue(size).value_or(ShapedType::kDynamic);
      return ic.createTyped<RangeOp>(RankedTensorType::get({len}, i64), zero, one,
                                     getValueOrCreateConstantIndexOp(ic.getBuilder(),
                                                                     ic.getLoc(), size));
    };
    FailureOr<Value> rows = range(-2), cols = range(-1);
    if (failed(rows) || failed(cols))
      return failure();
    FailureOr<Value> column = ic.reshape(*rows, {n, 1});
    if (failed(column))
      return failure();
    FailureOr<Value> diag = ic.create<SubOp>(*cols, *column);
    if (failed(diag))
      return failure();
    FailureOr<Value> cmp = upper ? ic.create<GreaterEqualOp>(*diag, k)
                                 : ic.create<LessEqualOp>(*diag, k);
    if (failed(cmp))
      return failure();
    mask = *cmp;
  } else if (!k) {
    SmallVector<bool> keep;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < m; ++j)
        keep.push_back(upper ? j - i >= constK : j - i <= constK);
    mask = ic.constant(DenseElementsAttr::get(maskType, keep));
  } else {
    SmallVector<int64_t> diag;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < m; ++j)
        diag.push_back(j - i);
    Value table = ic.constant(DenseElementsAttr::get(
        RankedTensorType::get({n, m}, IntegerType::get(ctx, 64)), ArrayRef<int64_t>(diag)));
    FailureOr<Value> cmp = upper ? ic.create<GreaterEqualOp>(table, k)
                                 : ic.create<LessEqualOp>(table, k);
    if (failed(cmp))
      return failure();
    mask = *cmp;
  }
  Type et = elementTypeOf(*x);
  Value zeros = ic.constant(
      DenseElementsAttr::get(RankedTensorType::get({}, et), scalarAttr(et, 0)));
  return bindResult(ic, ic.create<WhereOp>(mask, *x, zeros));
}

void onnx_import::registerTensorOps(OpRegistry &r) {
  r["Trilu"] = importTrilu;
  r["Reshape"] = importReshape;
  r["Flatten"] = importFlatten;
  r["Squeeze"] = importSqueeze;
  r["Unsqueeze"] = importUnsqueeze;
  r["Transpose"] = importTranspose;
  r["Concat"] = importConcat;
  r["Slice"] = importSlice;
  r["Split"] = importSplit;
  r["Gather"] = importGather;
  r["CenterCropPad"] = importCenterCropPad;
  r["DepthToSpace"] = importDepthSpace<true>;
  r["GatherND"] = importGatherND;
  r["ReverseSequence"] = importReverseSequence;
  r["ScatterElements"] = importScatterElements;
  r["Scatter"] = importScatterElements;
  r["ScatterND"] = importScatterND;
  r["SpaceToDepth"] = importDepthSpace<false>;
  r["GatherElements"] = importGatherElements;
  r["Pad"] = importPad;
  r["Shape"] = importShape;
  r["Constant"] = importConstant;
  r["ConstantOfShape"] = importConstantOfShape;
  r["Identity"] = importIdentity;
  r["Dropout"] = importDropout;
  r["Expand"] = importExpand;
  r["Tile"] = importTile;
  r["Range"] = importRange;
  r["Size"] = importSize;
  r["EyeLike"] = importEyeLike;
}
