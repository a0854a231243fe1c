//===- SelectionOps.cpp - selection by value as broadcast comparisons ------===//
//
// These pick elements by value, and all become broadcast comparisons of aicc
// elementwise ops, with no sort and no new op:
//
//   OneHot: out = where(indices (wrapped by depth) == classes, on, off), the
//           classes 0..depth-1 laid along `axis`.
//   TopK:   along the axis (moved last), element i's rank is the number of
//           elements that come before it (greater, for `largest`, or equal
//           with a lower index: ONNX's tie rule); output slot p takes the
//           index of the element whose rank is p, and gathers its value. The pairwise table costs n^2 per row,
//           so TopK is limited to rows of at most kTopKRowLimit elements.
//   NonZero, Compress: an exclusive cumsum of the mask numbers the true
//           elements; slot p takes the position numbered p (then NonZero
//           unravels it, Compress gathers along the axis). Their output size
//           depends on the data: the declared one (checked at run time) or,
//           without a declaration, the run-time count (a dynamic dim).
//   Unique: pairwise row equality and lexicographic order rank the first
//           occurrences; slot p takes the one of rank p (same limits).
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

/// Largest row TopK's pairwise ranking handles (n^2 comparisons per row).
constexpr int64_t kTopKRowLimit = 4096;

/// A scalar input's value when constant, else the declared output size at
/// `dim` (checked against the run-time value with `check`).
static FailureOr<int64_t> sizeInput(ImportContext &ic, unsigned i, StringRef what, int64_t dim,
                                    Value &check) {
  FailureOr<Value> v = ic.input(i);
  if (failed(v))
    return failure();
  auto type = cast<RankedTensorType>(v->getType());
  if (!type.hasStaticShape() || type.getNumElements() != 1)
    return ic.emitError() << "'" << what << "' must hold one value, not " << type;
  if (auto c = ImportContext::getConstant(*v))
    return (int64_t)denseToFloats(*c)[0];
  RankedTensorType declared = ic.declaredResultType(0);
  if (!declared || dim >= declared.getRank() || declared.isDynamicDim(dim))
    return ic.emitError() << "'" << what << "' input of " << ic.getOpType()
                          << " is not a compile-time constant and the model declares no "
                             "static output size for it; aicc needs one of the two";
  int64_t n = declared.getDimSize(dim);
  DecompositionBuilder d(ic);
  V flat = d.reshape(d.cast(*v, IntegerType::get(ic.getContext(), 64)), {});
  V ok = d.eq(flat, ic.scalar(IntegerType::get(ic.getContext(), 64), (double)n));
  if (failed(ok))
    return failure();
  check = *ok;
  return n;
}

static LogicalResult importOneHot(ImportContext &ic) {
  FailureOr<Value> indices = ic.input(0), values = ic.input(2);
  if (failed(indices) || failed(values))
    return failure();
  auto it = cast<RankedTensorType>(indices->getType());
  if (!it.hasStaticShape())
    return ic.emitError() << "expects indices of a static shape";
  int64_t rank = it.getRank() + 1;
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  Value check;
  FailureOr<int64_t> depth = sizeInput(ic, 1, "depth", *axis, check);
  if (failed(depth))
    return failure();
  if (*depth <= 0)
    return ic.emitError() << "'depth' must be positive, not " << *depth;
  if (shapeOf(*values) != ArrayRef<int64_t>{2})
    return ic.emitError() << "'values' must hold [off, on]";
  DecompositionBuilder d(ic);
  Type i64 = IntegerType::get(ic.getContext(), 64);
  // Negative indices count from depth; others out of range match no class.
  V idx = d.cast(*indices, i64);
  idx = d.select(d.ltS(idx, 0.0), d.addS(idx, (double)*depth), idx);
  SmallVector<int64_t> idxShape(it.getShape()), classShape(rank, 1);
  idxShape.insert(idxShape.begin() + *axis, 1);
  classShape[*axis] = *depth;
  V hit = d.eq(d.reshape(idx, idxShape), d.iota(*depth, classShape));
  V off = d.reshape(d.sliceDim(*values, 0, 0, 1), {}),
    on = d.reshape(d.sliceDim(*values, 0, 1, 2), {});
  V out = d.select(hit, on, off);
  if (failed(out))
    return failure();
  if (check && failed(out = checked(ic, check, *out, "'depth' is not the declared size")))
    return failure();
  ic.setResult(0, *out);
  return success();
}

static LogicalResult importTopK(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  if (!xt.hasStaticShape() || xt.getRank() == 0)
    return ic.emitError() << "expects an input of static shape and rank >= 1";
  int64_t rank = xt.getRank();
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  int64_t n = xt.getDimSize(*axis);
  Value check;
  FailureOr<int64_t> k = ic.getOpset() < 10
                             ? FailureOr<int64_t>(ic.getInt("k", 1))
                             : sizeInput(ic, 1, "K", *axis, check);
  if (failed(k))
    return failure();
  if (*k < 0 || *k > n)
    return ic.emitError() << "'K' = " << *k << " is outside [0, " << n << "]";
  if (n > kTopKRowLimit)
    return ic.emitError() << "TopK over rows of " << n << " elements is not supported (at most "
                          << kTopKRowLimit << ": aicc ranks them by pairwise comparison)";
  bool largest = ic.getInt("largest", 1) != 0;
  DecompositionBuilder d(ic);

  // The axis last: [R..., n].
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i)
    if (i != *axis)
      perm.push_back(i);
  perm.push_back(*axis);
  bool moved = *axis != rank - 1;
  V rows = moved ? d.transpose(*x, perm) : V(*x);
  if (failed(rows))
    return failure();
  int64_t iAxis = shapeOf(*rows).size() - 1;
  // The index of each rank p < K (exactly one element has each rank), then
  // the values by gathering: exact for every type, NaN and -0 included.
  V idxs = d.indexOfRank(d.rankAlongLast(rows, largest), d.iota(*k, {1, *k}));
  if (failed(idxs))
    return failure();
  V vals = d.gatherElements(rows, idxs, iAxis);
  // Back to the input's dim order.
  SmallVector<int64_t> inverse(rank);
  for (int64_t i = 0; i < rank; ++i)
    inverse[perm[i]] = i;
  if (moved) {
    vals = d.transpose(vals, inverse);
    idxs = d.transpose(idxs, inverse);
  }
  if (failed(vals) || failed(idxs))
    return failure();
  if (check) {
    vals = checked(ic, check, *vals, "'K' is not the declared size");
    if (failed(vals))
      return failure();
  }
  ic.setResult(0, *vals);
  ic.setResult(1, *idxs);
  return success();
}

/// The slots of a data-dependent output: a [1, count] row 0..count-1 and,
/// when the model declares the count, the run-time check that `total` (a
/// 0-d i64) equals it; otherwise count is `total`, known at run time. A
/// declared count above `limit` (the most there can be) is an error.
struct SlotCount {
  Value row, ok;
};
static FailureOr<SlotCount> slotCount(ImportContext &ic, Value total, int64_t rank, int64_t dim,
                                      int64_t limit) {
  RankedTensorType t = ic.declaredResultType(0);
  Type i64 = IntegerType::get(ic.getContext(), 64);
  DecompositionBuilder d(ic);
  if (t && t.getRank() == rank && !t.isDynamicDim(dim)) {
    int64_t c = t.getDimSize(dim);
    if (c > limit)
      return ic.emitError() << "the output declares " << c << " elements along dim " << dim
                            << ", more than the " << limit << " the input can give";
    V ok = d.eq(total, ic.scalar(i64, (double)c));
    if (failed(ok))
      return failure();
    return SlotCount{d.iota(c, {1, c}), *ok};
  }
  OpBuilder &b = ic.getBuilder();
  Value n = tensor::ExtractOp::create(b, ic.getLoc(), total, ValueRange{});
  n = arith::IndexCastOp::create(b, ic.getLoc(), b.getIndexType(), n);
  V row = ic.createTyped<RangeOp>(RankedTensorType::get({ShapedType::kDynamic}, i64),
                                  ic.scalar(i64, 0), ic.scalar(i64, 1), n);
  row = d.reshape(row, {1, ShapedType::kDynamic});
  if (failed(row))
    return failure();
  return SlotCount{*row, Value()};
}

/// The positions of the true elements of the 1-D bool `mask`, in order, as
/// a [count] i64 tensor, and the check on the count (null when the count is
/// the run-time one): exclusive cumsum gives each true element its slot, and
/// slot p takes the position whose element fills it. Output 0 has `rank`
/// dims and the count at `dim`.
FailureOr<std::pair<Value, Value>> onnx_import::truePositions(ImportContext &ic, Value mask,
                                                              int64_t rank, int64_t dim) {
  DecompositionBuilder d(ic);
  V ones = d.cast(mask, IntegerType::get(ic.getContext(), 64));
  if (failed(ones))
    return failure();
  V slotOf = ic.create<CumSumOp>(*ones, 0, /*exclusive=*/true, /*reverse=*/false);
  V total = ic.create<ReduceSumOp>(*ones, ArrayRef<int64_t>{0}, false);
  if (failed(slotOf) || failed(total))
    return failure();
  FailureOr<SlotCount> slots = slotCount(ic, *total, rank, dim, shapeOf(mask)[0]);
  if (failed(slots))
    return failure();
  // Slot p: the true element numbered p.
  V pos = d.indexOfRank(slotOf, slots->row, mask);
  if (failed(pos))
    return failure();
  return std::make_pair(*pos, slots->ok);
}

/// Binds output 0: `out`, checked by `ok` when the count was declared.
static LogicalResult bindCounted(ImportContext &ic, V out, Value ok, StringRef message) {
  if (failed(out) || (ok && failed(out = checked(ic, ok, *out, message))))
    return failure();
  ic.setResult(0, *out);
  return success();
}

/// NonZero: [rank, count] coordinates of the non-zero elements, row-major.
static LogicalResult importNonZero(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  if (!xt.hasStaticShape())
    return ic.emitError() << "expects an input of static shape";
  int64_t n = xt.getNumElements();
  DecompositionBuilder d(ic);
  V flat = d.reshape(*x, {n});
  V mask = d.logicalNot(d.eq(flat, d.scalarLike(flat, 0.0)));
  if (failed(mask))
    return failure();
  FailureOr<std::pair<Value, Value>> pos = truePositions(ic, *mask, 2, 1);
  if (failed(pos))
    return failure();
  int64_t count = shapeOf(pos->first)[0];
  // Row d: (position / stride_d) % dim_d.
  Type i64 = IntegerType::get(ic.getContext(), 64);
  SmallVector<V> rows;
  int64_t stride = n;
  for (int64_t dim = 0; dim < xt.getRank(); ++dim) {
    stride /= std::max<int64_t>(xt.getDimSize(dim), 1);
    V c = d.div(pos->first, ic.scalar(i64, (double)std::max<int64_t>(stride, 1)));
    if (failed(c))
      return failure();
    c = ic.create<ModOp>(*c, ic.scalar(i64, (double)std::max<int64_t>(xt.getDimSize(dim), 1)),
                         ic.getBuilder().getBoolAttr(false));
    rows.push_back(d.reshape(c, {1, count}));
  }
  if (xt.getRank() == 0)
    rows.push_back(d.reshape(pos->first, {1, count}));
  V out = rows.size() == 1 ? rows[0] : d.concat(rows, 0);
  return bindCounted(ic, out, pos->second, "the number of non-zero elements is not the declared one");
}

/// Compress: the slices along `axis` (or of the flattened input) whose
/// condition is true.
static LogicalResult importCompress(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), cond = ic.input(1);
  if (failed(x) || failed(cond))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  if (!xt.hasStaticShape() || shapeOf(*cond).size() != 1 || shapeOf(*cond)[0] < 0)
    return ic.emitError() << "expects an input of static shape and a 1-D condition";
  DecompositionBuilder d(ic);
  Value data = *x;
  int64_t axis = 0;
  if (ic.hasAttr("axis")) {
    FailureOr<int64_t> a = ic.normaliseAxis(ic.getInt("axis", 0), xt.getRank(), "axis");
    if (failed(a))
      return failure();
    axis = *a;
  } else {
    V flat = d.reshape(*x, {xt.getNumElements()});
    if (failed(flat))
      return failure();
    data = *flat;
  }
  int64_t dim = shapeOf(data)[axis], len = std::min(shapeOf(*cond)[0], dim);
  // Only the first min(len(condition), dim) entries count.
  V mask = d.cast(*cond, IntegerType::get(ic.getContext(), 1));
  if (len != shapeOf(*cond)[0])
    mask = d.sliceDim(mask, 0, 0, len);
  if (failed(mask))
    return failure();
  FailureOr<std::pair<Value, Value>> pos =
      truePositions(ic, *mask, shapeOf(data).size(), axis);
  if (failed(pos))
    return failure();
  V out = ic.create<GatherOp>(data, pos->first, ic.getBuilder().getI64IntegerAttr(axis));
  return bindCounted(ic, out, pos->second, "the number of true conditions is not the declared size");
}

/// Unique: over the rows of x (the slices along `axis`, or the elements),
/// eq[i, j] (rows equal), before[i, j] (row j sorts before row i,
/// lexicographically) and first[i] (no equal row precedes i) give every first
/// occurrence its rank: among the first occurrences, by value (`sorted`) or
/// by position. Slot p of the output takes the first occurrence of rank p.
static LogicalResult importUnique(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  if (!xt.hasStaticShape())
    return ic.emitError() << "expects an input of static shape";
  DecompositionBuilder d(ic);
  Type i64 = IntegerType::get(ic.getContext(), 64);
  bool hasAxis = ic.hasAttr("axis");
  int64_t axis = 0;
  Value data = *x;
  V rows;
  if (hasAxis) {
    FailureOr<int64_t> a = ic.normaliseAxis(ic.getInt("axis", 0), xt.getRank(), "axis");
    if (failed(a))
      return failure();
    axis = *a;
    SmallVector<int64_t> perm = {axis};
    for (int64_t i = 0; i < xt.getRank(); ++i)
      if (i != axis)
        perm.push_back(i);
    int64_t n = xt.getDimSize(axis);
    rows = d.reshape(d.transpose(*x, perm), {n, xt.getNumElements() / std::max<int64_t>(n, 1)});
  } else {
    V flat = d.reshape(*x, {xt.getNumElements()});
    if (failed(flat))
      return failure();
    data = *flat;
    rows = d.reshape(flat, {xt.getNumElements(), 1});
  }
  if (failed(rows))
    return failure();
  int64_t n = shapeOf(*rows)[0], m = shapeOf(*rows)[1];
  if (n > kTopKRowLimit)
    return ic.emitError() << "Unique over " << n << " rows is not supported (at most "
                          << kTopKRowLimit << ": aicc compares them pairwise)";
  V a = d.reshape(rows, {n, 1, m}), b = d.reshape(rows, {1, n, m});
  V eqK = d.eq(a, b);
  // eq[i, j]: no element differs.
  V differ = d.cast(d.logicalNot(eqK), i64);
  if (failed(differ) ||
      failed(differ = ic.create<ReduceSumOp>(*differ, ArrayRef<int64_t>{2}, false)))
    return failure();
  V eq = d.eq(differ, ic.scalar(i64, 0));
  // before[i, j]: at the first differing element, row j's is smaller.
  V prefixEq = d.cast(eqK, i64);
  if (failed(prefixEq) ||
      failed(prefixEq = ic.create<CumProdOp>(*prefixEq, 2, /*exclusive=*/true, false)))
    return failure();
  V decides = d.select(d.lt(b, a), prefixEq, ic.scalar(i64, 0));
  if (failed(decides) ||
      failed(decides = ic.create<ReduceSumOp>(*decides, ArrayRef<int64_t>{2}, false)))
    return failure();
  V before = d.gt(decides, ic.scalar(i64, 0));
  // first[i]: no equal row at a lower index.
  Value jLower = d.strictlyLower(n);
  V dups = d.cast(d.logicalAnd(eq, jLower), i64);
  if (failed(dups) || failed(dups = ic.create<ReduceSumOp>(*dups, ArrayRef<int64_t>{1}, false)))
    return failure();
  V first = d.eq(dups, ic.scalar(i64, 0));
  V firstRow = d.reshape(first, {1, n});
  // rank[i]: first occurrences before row i, by value or by position.
  V rankOf = d.cast(d.logicalAnd(firstRow, ic.getInt("sorted", 1) ? before : V(jLower)), i64);
  if (failed(rankOf) ||
      failed(rankOf = ic.create<ReduceSumOp>(*rankOf, ArrayRef<int64_t>{1}, false)))
    return failure();
  // inverse[i]: the rank of the first occurrence equal to row i.
  V inverse = d.select(d.logicalAnd(eq, firstRow), d.reshape(rankOf, {1, n}), ic.scalar(i64, 0));
  if (failed(inverse) ||
      failed(inverse = ic.create<ReduceSumOp>(*inverse, ArrayRef<int64_t>{1}, false)))
    return failure();
  // The number of unique rows: declared (and checked), or known at run time.
  V total = d.cast(first, i64);
  if (failed(total) || failed(total = ic.create<ReduceSumOp>(*total, ArrayRef<int64_t>{0}, false)))
    return failure();
  FailureOr<SlotCount> slots = slotCount(ic, *total, shapeOf(data).size(), axis, n);
  if (failed(slots))
    return failure();
  // Slot p: the first occurrence of rank p.
  V idx = d.indexOfRank(rankOf, slots->row, first);
  V counts = d.cast(d.eq(d.reshape(inverse, {n, 1}), slots->row), i64);
  if (failed(idx) || failed(counts) ||
      failed(counts = ic.create<ReduceSumOp>(*counts, ArrayRef<int64_t>{0}, false)))
    return failure();
  V y = ic.create<GatherOp>(data, *idx, ic.getBuilder().getI64IntegerAttr(axis));
  if (failed(bindCounted(ic, y, slots->ok, "the number of unique values is not the declared one")))
    return failure();
  ic.setResult(1, *idx);
  ic.setResult(2, *inverse);
  ic.setResult(3, *counts);
  return success();
}

void mlir::aicc::onnx_import::registerSelectionOps(OpRegistry &r) {
  r["Unique"] = importUnique;
  r["Compress"] = importCompress;
  r["NonZero"] = importNonZero;
  r["OneHot"] = importOneHot;
  r["TopK"] = importTopK;
}
