//===- RuntimeBounds.cpp - Range, Slice and Pad bounds known at run time ---===//
//
// Range's start/limit/delta, Slice's starts/ends/axes/steps and Pad's pads
// are constants in exported models but graph inputs in ONNX's node tests and
// in graphs that compute them. They become arithmetic on run-time values:
//
// - Range: the element count is `max(ceil((limit - start) / delta), 0)`; the
//   result is `aicc.range` of that length (dynamic unless the model declares
//   the output's size, which the run then checks).
// - Pad: per padded dim, the source index of every output position
//   (output index - begin, mapped into the input by the mode) feeds a
//   gather; constant mode masks the out-of-range positions with the value.
//   Without a declared static output the padded dims are dynamic.
// - Slice: per dim, the ONNX bounds rules (negative values count from the
//   end, clamping, negative steps) give a start and a count; the result is a
//   gather along the dim by `aicc.range(start, step, count)`. The counts must
//   match the output shape the model declares, checked at run time; dynamic
//   input dims (a Pad's) are read at run time.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

namespace {
/// Scalar arithmetic at the node's location.
struct Scalars {
  ImportContext &ic;
  OpBuilder &b;
  Location loc;
  explicit Scalars(ImportContext &ic) : ic(ic), b(ic.getBuilder()), loc(ic.getLoc()) {}

  Value i64(int64_t v) { return arith::ConstantIntOp::create(b, loc, v, 64); }
  /// Element `i` of a 0-d or 1-D integer tensor as i64.
  Value element(Value t, int64_t i) {
    SmallVector<Value> idx;
    if (shapeOf(t).size() == 1)
      idx.push_back(arith::ConstantIndexOp::create(b, loc, i));
    Value e = tensor::ExtractOp::create(b, loc, t, idx);
    unsigned w = e.getType().getIntOrFloatBitWidth();
    return w < 64 ? arith::ExtSIOp::create(b, loc, b.getI64Type(), e).getResult() : e;
  }
  Value select(Value c, Value x, Value y) { return arith::SelectOp::create(b, loc, c, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value clamp(Value v, int64_t lo, int64_t hi) { return clamp(v, i64(lo), i64(hi)); }
  Value clamp(Value v, Value lo, Value hi) {
    v = arith::MaxSIOp::create(b, loc, v, lo);
    return arith::MinSIOp::create(b, loc, v, hi);
  }
  /// Dim `d` of `t` as i64 (a `tensor.dim` when it is dynamic).
  Value dim(Value t, int64_t d) {
    OpFoldResult f = ic.dimSize(t, d);
    if (auto c = getConstantIntValue(f))
      return i64(*c);
    return arith::IndexCastOp::create(b, loc, b.getI64Type(), cast<Value>(f));
  }
  /// The entries j < k of a per-axis list (Slice's starts, Pad's pads) that
  /// may name dim `d` of a rank-`rank` tensor, each with its i1 "entry j
  /// names d": without `axes` entry d; with constant axes (negative ones
  /// counting from the end) only the matching entries; with run-time axes
  /// every entry, compared at run time.
  SmallVector<std::pair<int64_t, Value>>
  entriesNaming(Value axes, const std::optional<SmallVector<int64_t>> &constAxes, int64_t k,
                int64_t rank, int64_t d) {
    SmallVector<std::pair<int64_t, Value>> out;
    Value yes = arith::ConstantIntOp::create(b, loc, 1, 1);
    for (int64_t j = 0; j < k; ++j) {
      if (!axes) {
        if (j == d)
          out.push_back({j, yes});
      } else if (constAxes) {
        int64_t a = (*constAxes)[j] < 0 ? (*constAxes)[j] + rank : (*constAxes)[j];
        if (a == d)
          out.push_back({j, yes});
      } else {
        Value a = element(axes, j);
        a = select(cmp(arith::CmpIPredicate::slt, a, i64(0)), add(a, i64(rank)), a);
        out.push_back({j, cmp(arith::CmpIPredicate::eq, a, i64(d))});
      }
    }
    return out;
  }
  /// A 0-d tensor holding scalar `v`.
  Value tensor0d(Value v) {
    return tensor::FromElementsOp::create(b, loc, RankedTensorType::get({}, v.getType()),
                                          ValueRange{v});
  }
};
} // namespace

FailureOr<Value> onnx_import::scalarInput(ImportContext &ic, unsigned i, StringRef what) {
  FailureOr<Value> v = ic.input(i);
  if (failed(v))
    return failure();
  auto type = cast<RankedTensorType>(v->getType());
  if (!type.hasStaticShape() || type.getNumElements() != 1)
    return ic.emitError() << "'" << what << "' of " << ic.getOpType()
                          << " must hold one value, not " << type;
  return type.getRank() == 0 ? *v : ic.reshape(*v, {});
}

FailureOr<Value> onnx_import::rangeRuntimeBounds(ImportContext &ic) {
  FailureOr<Value> start = scalarInput(ic, 0, "start"), limit = scalarInput(ic, 1, "limit"),
                   delta = scalarInput(ic, 2, "delta");
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  Type et = elementTypeOf(*start);
  if (elementTypeOf(*limit) != et || elementTypeOf(*delta) != et)
    return ic.emitError() << "start, limit and delta of Range differ in type";
  Scalars s(ic);
  OpBuilder &b = s.b;
  Type f64 = b.getF64Type();
  auto asF64 = [&](Value t) -> Value {
    Value e = tensor::ExtractOp::create(b, s.loc, t, ValueRange{});
    if (auto ft = dyn_cast<FloatType>(et))
      return ft.getWidth() < 64 ? arith::ExtFOp::create(b, s.loc, f64, e).getResult() : e;
    return arith::SIToFPOp::create(b, s.loc, f64, e);
  };
  // max(ceil((limit - start) / delta), 0), in f64 (exact for |values| < 2^53),
  // clamped below 2^62 before the conversion; ceil(q) = trunc(q) + (q > trunc(q)).
  auto f64Const = [&](double v) {
    return arith::ConstantFloatOp::create(b, s.loc, cast<FloatType>(f64), APFloat(v));
  };
  Value span = arith::SubFOp::create(b, s.loc, asF64(*limit), asF64(*start));
  Value q = arith::DivFOp::create(b, s.loc, span, asF64(*delta));
  q = arith::MaximumFOp::create(b, s.loc, q, f64Const(0.0));
  q = arith::MinimumFOp::create(b, s.loc, q, f64Const(4611686018427387904.0));
  Value whole = arith::FPToSIOp::create(b, s.loc, b.getI64Type(), q);
  Value above = arith::CmpFOp::create(b, s.loc, arith::CmpFPredicate::OGT, q,
                                      arith::SIToFPOp::create(b, s.loc, f64, whole));
  Value count = s.add(whole, arith::ExtUIOp::create(b, s.loc, b.getI64Type(), above));

  RankedTensorType declared = ic.declaredResultType(0);
  if (declared && declared.getRank() == 1 && !declared.isDynamicDim(0)) {
    int64_t size = declared.getDimSize(0);
    FailureOr<Value> r = ic.createTyped<RangeOp>(
        RankedTensorType::get({size}, et), *start, *delta,
        arith::ConstantIndexOp::create(b, s.loc, size).getResult());
    if (failed(r))
      return failure();
    Value ok = s.tensor0d(s.cmp(arith::CmpIPredicate::eq, count, s.i64(size)));
    return checked(ic, ok, *r,
                   "start, limit and delta give another length than the declared " +
                       Twine(size));
  }
  Value size = arith::IndexCastOp::create(b, s.loc, b.getIndexType(), count);
  return ic.createTyped<RangeOp>(RankedTensorType::get({ShapedType::kDynamic}, et), *start,
                                 *delta, size);
}

/// The declared static output type, which must have the input's rank.
static FailureOr<RankedTensorType> declaredOfRank(ImportContext &ic, StringRef what,
                                                  int64_t rank) {
  FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, what);
  if (succeeded(declared) && declared->getRank() != rank)
    return ic.emitError() << "the declared output has rank " << declared->getRank()
                          << ", the input " << rank;
  return declared;
}

FailureOr<Value> onnx_import::sliceRuntimeBounds(ImportContext &ic, Value x) {
  auto xType = cast<RankedTensorType>(x.getType());
  int64_t rank = xType.getRank();
  FailureOr<RankedTensorType> declared = declaredOfRank(ic, "starts", rank);
  if (failed(declared))
    return failure();
  FailureOr<Value> starts = runtimeIntVector(ic, 1, "starts"),
                   ends = runtimeIntVector(ic, 2, "ends");
  if (failed(starts) || failed(ends))
    return failure();
  int64_t k = shapeOf(*starts)[0];
  Value axesIn = ic.optionalInput(3), stepsIn = ic.optionalInput(4);
  for (Value v : {*ends, axesIn, stepsIn})
    if (v && (shapeOf(v).size() != 1 || shapeOf(v)[0] != k))
      return ic.emitError() << "starts, ends, axes and steps differ in length";
  std::optional<SmallVector<int64_t>> constAxes = ic.getConstInts(3);

  Scalars s(ic);
  using P = arith::CmpIPredicate;
  Value result = x, allOk;
  Type i64 = s.b.getI64Type();
  for (int64_t d = 0; d < rank; ++d) {
    // A dynamic input dim (a Pad's run-time result) is read at run time.
    Value dim = s.dim(x, d);
    // Which of the k entries name dim d (the last one wins); a dim no entry
    // names is taken whole (gathered whole when dynamic, so the result gets
    // the declared static dim, checked).
    Value start = s.i64(0), end = dim, step = s.i64(1);
    auto named = s.entriesNaming(axesIn, constAxes, k, rank, d);
    if (named.empty() && !xType.isDynamicDim(d))
      continue;
    for (auto [j, here] : named) {
      start = s.select(here, s.element(*starts, j), start);
      end = s.select(here, s.element(*ends, j), end);
      if (stepsIn)
        step = s.select(here, s.element(stepsIn, j), step);
    }
    // ONNX's rules: negative bounds count from the end, then clamp to
    // [0, dim] (positive steps) or [-1, dim - 1] (negative steps).
    Value positive = s.cmp(P::sgt, step, s.i64(0));
    Value dimMinus1 = s.sub(dim, s.i64(1));
    auto normalise = [&](Value v) {
      v = s.select(s.cmp(P::slt, v, s.i64(0)), s.add(v, dim), v);
      return s.select(positive, s.clamp(v, s.i64(0), dim), s.clamp(v, s.i64(-1), dimMinus1));
    };
    start = normalise(start);
    end = normalise(end);
    // count = max(ceil((end - start) / step), 0) for either sign of step.
    Value count = arith::CeilDivSIOp::create(s.b, s.loc, s.sub(end, start), step);
    count = arith::MaxSIOp::create(s.b, s.loc, count, s.i64(0));
    Value nonZeroStep = s.cmp(P::ne, step, s.i64(0));
    int64_t n = declared->getDimSize(d);
    Value ok = arith::AndIOp::create(s.b, s.loc, nonZeroStep,
                                     s.cmp(P::eq, count, s.i64(n)));
    allOk = allOk ? arith::AndIOp::create(s.b, s.loc, allOk, ok).getResult() : ok;
    // The gather reads indices start, start + step, ... (in range by the
    // clamping above when the count is right; the check fails the run
    // otherwise).
    Value safeStep = s.select(nonZeroStep, step, s.i64(1));
    if (xType.isDynamicDim(d) && n > 0) {
      // The gather clamps its indices into the dim, which must then not be
      // empty: checked before it reads.
      FailureOr<Value> guarded =
          checked(ic, s.tensor0d(s.cmp(P::sgt, dim, s.i64(0))), result,
                  "starts, ends, axes and steps do not give the declared output shape");
      if (failed(guarded))
        return failure();
      result = *guarded;
    }
    FailureOr<Value> indices = ic.createTyped<RangeOp>(
        RankedTensorType::get({n}, i64), s.tensor0d(start), s.tensor0d(safeStep),
        arith::ConstantIndexOp::create(s.b, s.loc, n).getResult());
    if (failed(indices))
      return failure();
    FailureOr<Value> gathered =
        ic.create<GatherOp>(result, *indices, s.b.getI64IntegerAttr(d));
    if (failed(gathered))
      return failure();
    result = *gathered;
  }
  if (!allOk)
    return result;
  return checked(ic, s.tensor0d(allOk), result,
                 "starts, ends, axes and steps do not give the declared output shape");
}

/// Source indices along one dim of Pad: `src` = output index - begin, mapped
/// into [0, n) by `mode`; `valid` (constant mode) marks the in-range ones.
static FailureOr<std::pair<Value, Value>> padIndices(ImportContext &ic, Value src, int64_t n,
                                                     StringRef mode) {
  Type i64 = IntegerType::get(ic.getContext(), 64);
  Value zero = ic.scalar(i64, 0), last = ic.scalar(i64, (double)(n - 1));
  auto clamp = [&](Value v) -> FailureOr<Value> {
    FailureOr<Value> lo = ic.create<MaxOp>(v, zero);
    return failed(lo) ? lo : ic.create<MinOp>(*lo, last);
  };
  mlir::Builder b(ic.getContext());
  if (mode == "constant") {
    FailureOr<Value> ge = ic.create<GreaterEqualOp>(src, zero),
                     le = ic.create<LessEqualOp>(src, last), idx = clamp(src);
    if (failed(ge) || failed(le) || failed(idx))
      return failure();
    FailureOr<Value> valid = ic.create<AndOp>(*ge, *le);
    if (failed(valid))
      return failure();
    return std::make_pair(*idx, *valid);
  }
  if (mode == "edge") {
    FailureOr<Value> idx = clamp(src);
    return failed(idx) ? FailureOr<std::pair<Value, Value>>(failure())
                       : std::make_pair(*idx, Value());
  }
  if (mode == "wrap") {
    FailureOr<Value> idx = ic.create<ModOp>(src, ic.scalar(i64, (double)n), b.getBoolAttr(false));
    return failed(idx) ? FailureOr<std::pair<Value, Value>>(failure())
                       : std::make_pair(*idx, Value());
  }
  // reflect: period 2(n - 1), folded back into [0, n).
  if (n == 1) {
    FailureOr<Value> idx = ic.create<MulOp>(src, zero);
    return failed(idx) ? FailureOr<std::pair<Value, Value>>(failure())
                       : std::make_pair(*idx, Value());
  }
  Value period = ic.scalar(i64, (double)(2 * (n - 1)));
  FailureOr<Value> m = ic.create<ModOp>(src, period, b.getBoolAttr(false));
  if (failed(m))
    return failure();
  FailureOr<Value> inside = ic.create<LessOp>(*m, ic.scalar(i64, (double)n)),
                   mirrored = ic.create<SubOp>(period, *m);
  if (failed(inside) || failed(mirrored))
    return failure();
  FailureOr<Value> idx = ic.create<WhereOp>(*inside, *m, *mirrored);
  return failed(idx) ? FailureOr<std::pair<Value, Value>>(failure())
                     : std::make_pair(*idx, Value());
}

FailureOr<Value> onnx_import::padRuntimeBounds(ImportContext &ic, Value x, StringRef mode) {
  auto xType = cast<RankedTensorType>(x.getType());
  if (!xType.hasStaticShape())
    return ic.emitError() << "'pads' of Pad known only at run time needs a static input shape";
  if (mode != "constant" && mode != "edge" && mode != "reflect" && mode != "wrap")
    return ic.emitError() << "attribute 'mode' value '" << mode << "' is not supported";
  int64_t rank = xType.getRank();
  // Without a declared static output shape the padded dims are dynamic:
  // their sizes n + begin + end are computed when the model runs (the
  // expanded CenterCropPad pads by amounts that Max/Sub/Div compute from a
  // run-time `shape`, then slices the result to the declared size).
  RankedTensorType declared = ic.declaredResultType(0);
  if (declared && !declared.hasStaticShape())
    declared = {};
  if (declared && declared.getRank() != rank)
    return ic.emitError() << "the declared output has rank " << declared.getRank()
                          << ", the input " << rank;
  FailureOr<Value> pads = runtimeIntVector(ic, 1, "pads");
  if (failed(pads))
    return failure();
  // Which dims the pads name: all, the constant `axes`, or run-time ones
  // (then every dim is gathered, by begin = end = 0 where none names it).
  Value axesIn = ic.optionalInput(3);
  if (axesIn && shapeOf(axesIn).size() != 1)
    return ic.emitError() << "'axes' must be a 1-D tensor";
  std::optional<SmallVector<int64_t>> constAxes =
      axesIn ? ic.getConstInts(3) : std::optional<SmallVector<int64_t>>();
  int64_t k = axesIn ? shapeOf(axesIn)[0] : rank;
  if (shapeOf(*pads)[0] != 2 * k)
    return ic.emitError() << "'pads' has " << shapeOf(*pads)[0] << " values, expected " << 2 * k;
  if (constAxes)
    for (int64_t &a : *constAxes) {
      FailureOr<int64_t> d = ic.normaliseAxis(a, rank, "axes");
      if (failed(d))
        return failure();
      a = *d;
    }
  Value value;
  if (ic.hasInput(2)) {
    FailureOr<Value> v = ic.input(2);
    if (failed(v))
      return failure();
    if (cast<RankedTensorType>(v->getType()).getNumElements() != 1)
      return ic.emitError() << "'constant_value' must be a scalar";
    value = shapeOf(*v).empty() ? *v : *ic.reshape(*v, {});
  } else {
    value = ic.scalar(xType.getElementType(), 0.0);
  }

  Scalars s(ic);
  Type i64 = s.b.getI64Type();
  Value result = x, allOk;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t n = xType.getDimSize(d);
    Value begin = s.i64(0), end = s.i64(0);
    auto named = s.entriesNaming(axesIn, constAxes, k, rank, d);
    if (named.empty())
      continue;
    for (auto [j, here] : named) {
      begin = s.select(here, s.element(*pads, j), begin);
      end = s.select(here, s.element(*pads, j + k), end);
    }
    Value size = s.add(s.add(begin, end), s.i64(n)), count;
    int64_t out = ShapedType::kDynamic;
    Value ok;
    if (declared) {
      out = declared.getDimSize(d);
      ok = s.cmp(arith::CmpIPredicate::eq, size, s.i64(out));
      count = arith::ConstantIndexOp::create(s.b, s.loc, out);
    } else {
      // Negative pads crop; they may not remove more than the dim.
      ok = s.cmp(arith::CmpIPredicate::sge, size, s.i64(0));
      count = arith::IndexCastOp::create(s.b, s.loc, s.b.getIndexType(),
                                         arith::MaxSIOp::create(s.b, s.loc, size, s.i64(0)));
    }
    allOk = allOk ? arith::AndIOp::create(s.b, s.loc, allOk, ok).getResult() : ok;
    if (n == 0)
      return ic.emitError() << "padding an empty dim with run-time 'pads' is not supported";
    FailureOr<Value> src =
        ic.createTyped<RangeOp>(RankedTensorType::get({out}, i64),
                                s.tensor0d(s.sub(s.i64(0), begin)), s.tensor0d(s.i64(1)), count);
    if (failed(src))
      return failure();
    FailureOr<std::pair<Value, Value>> idx = padIndices(ic, *src, n, mode);
    if (failed(idx))
      return failure();
    FailureOr<Value> gathered = ic.create<GatherOp>(result, idx->first, s.b.getI64IntegerAttr(d));
    if (failed(gathered))
      return failure();
    result = *gathered;
    if (idx->second) {
      SmallVector<int64_t> maskShape(rank, 1);
      maskShape[d] = out;
      FailureOr<Value> mask =
          declared ? ic.reshape(idx->second, maskShape)
                   : ic.createTyped<ReshapeOp>(RankedTensorType::get(maskShape, s.b.getI1Type()),
                                               idx->second, ValueRange{count});
      if (failed(mask) || failed(gathered = ic.create<WhereOp>(*mask, result, value)))
        return failure();
      result = *gathered;
    }
  }
  if (!allOk)
    return result;
  return checked(ic, s.tensor0d(allOk), result,
                 declared ? "'pads' does not give the declared output shape"
                          : "'pads' crops a dim below size 0");
}
