//===- SymbolicShapes.cpp - shape subgraphs over dynamic dims -------------===//
//
// With dynamic graph inputs, exporters' shape subgraphs (Shape -> Gather ->
// Unsqueeze -> Concat -> Reshape, Range over the sequence length, Expand to
// [batch, sequence]) compute on dims known only at run time. The importer
// follows them symbolically: every small integer tensor of rank <= 1 keeps
// its elements as constants or index values (`tensor.dim` and arith on
// index), so Reshape, Expand, ConstantOfShape and Range get static dims
// wherever the model fixes them and a `?` with a size operand elsewhere.
// The tensors themselves are built too (`tensor.from_elements`) for any
// consumer that reads them as data; unused ones are erased at the end.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Dialect/Aicc/ShapeUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using Elems = SmallVector<OpFoldResult>;

/// Most elements a symbolic value may have.
constexpr int64_t kSymbolicElementLimit = 64;

std::optional<SmallVector<OpFoldResult>> ImportContext::getSymbolic(Value v) {
  if (!v)
    return std::nullopt;
  auto it = symbolic.find(v);
  if (it != symbolic.end())
    return it->second;
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || type.getRank() > 1 || !type.getElementType().isSignlessInteger())
    return std::nullopt;
  auto c = getConstant(v);
  if (!c || c->getNumElements() > kSymbolicElementLimit)
    return std::nullopt;
  Elems out;
  for (int64_t x : denseToInts(*c))
    out.push_back(builder.getIndexAttr(x));
  return out;
}

OpFoldResult ImportContext::dimSize(Value tensor, int64_t d) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(d))
    return builder.getIndexAttr(type.getDimSize(d));
  auto key = std::make_pair(tensor, d);
  if (Value v = dims.lookup(key))
    return v;
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointAfterValue(tensor);
  Value v = tensor::DimOp::create(builder, tensor.getLoc(), tensor, d);
  dims[key] = v;
  return v;
}

static Value indexValue(ImportContext &ic, OpFoldResult f) {
  if (auto v = dyn_cast<Value>(f))
    return v;
  return arith::ConstantIndexOp::create(ic.getBuilder(), ic.getLoc(),
                                        *getConstantIntValue(f));
}

/// Dims are never negative; values derived only by other arithmetic may be.
static bool nonNegative(OpFoldResult f) {
  if (auto c = getConstantIntValue(f))
    return *c >= 0;
  return cast<Value>(f).getDefiningOp<tensor::DimOp>() != nullptr;
}

/// `a op b` for ONNX's integer Add/Sub/Mul/Div/Max/Min on index values,
/// folded by arith's folders (constants, x * 1, x + 0, ...); nullopt when
/// the result cannot be built (division by a run-time or zero value).
static std::optional<OpFoldResult> binary(ImportContext &ic, StringRef op, OpFoldResult a,
                                          OpFoldResult b) {
  std::optional<int64_t> cb = getConstantIntValue(b);
  if (op == "Div" && (!cb || *cb == 0))
    return std::nullopt;
  OpBuilder &bld = ic.getBuilder();
  Location loc = ic.getLoc();
  Value x = indexValue(ic, a), y = indexValue(ic, b), r;
  if (op == "Add")
    r = bld.createOrFold<arith::AddIOp>(loc, x, y);
  else if (op == "Sub")
    r = bld.createOrFold<arith::SubIOp>(loc, x, y);
  else if (op == "Mul")
    r = bld.createOrFold<arith::MulIOp>(loc, x, y);
  else if (op == "Div")
    r = bld.createOrFold<arith::DivSIOp>(loc, x, y);
  else if (op == "Max")
    r = bld.createOrFold<arith::MaxSIOp>(loc, x, y);
  else if (op == "Min")
    r = bld.createOrFold<arith::MinSIOp>(loc, x, y);
  else
    return std::nullopt;
  return getAsOpFoldResult(r);
}

/// `a == b` when it is known at compile time.
static std::optional<bool> equalKnown(OpFoldResult a, OpFoldResult b) {
  std::optional<int64_t> ca = getConstantIntValue(a), cb = getConstantIntValue(b);
  if (ca && cb)
    return *ca == *cb;
  if (!ca && !cb && cast<Value>(a) == cast<Value>(b))
    return true;
  if ((ca && *ca < 0 && nonNegative(b)) || (cb && *cb < 0 && nonNegative(a)))
    return false;
  return std::nullopt;
}

/// The tensor of `shape` (rank <= 1) and element type `et` holding `elems`:
/// a constant when they all are, else `tensor.from_elements`, remembered as
/// symbolic.
static Value materialise(ImportContext &ic, ArrayRef<int64_t> shape, Type et,
                         ArrayRef<OpFoldResult> elems) {
  auto type = RankedTensorType::get(shape, et);
  unsigned width = et.getIntOrFloatBitWidth();
  if (llvm::all_of(elems, [](OpFoldResult f) { return getConstantIntValue(f).has_value(); })) {
    SmallVector<APInt> vals;
    for (OpFoldResult f : elems)
      vals.push_back(APInt(width, *getConstantIntValue(f), /*isSigned=*/true,
                           /*implicitTrunc=*/true));
    return ic.constant(DenseElementsAttr::get(type, vals));
  }
  OpBuilder &b = ic.getBuilder();
  SmallVector<Value> vals;
  for (OpFoldResult f : elems) {
    if (auto c = getConstantIntValue(f))
      vals.push_back(arith::ConstantOp::create(b, ic.getLoc(), IntegerAttr::get(et, *c)));
    else
      vals.push_back(arith::IndexCastOp::create(b, ic.getLoc(), et, cast<Value>(f)));
  }
  Value t = tensor::FromElementsOp::create(b, ic.getLoc(), type, vals);
  ic.setSymbolic(t, Elems(elems));
  return t;
}

/// Input `i` as symbolic elements with its shape (rank <= 1).
struct SymInput {
  Elems elems;
  ArrayRef<int64_t> shape;
  Type et;
};
static std::optional<SymInput> symInput(ImportContext &ic, unsigned i) {
  Value v = ic.optionalInput(i);
  auto elems = ic.getSymbolic(v);
  if (!elems)
    return std::nullopt;
  return SymInput{*elems, shapeOf(v), elementTypeOf(v)};
}

static FailureOr<bool> bindSymbolic(ImportContext &ic, ArrayRef<int64_t> shape, Type et,
                                    ArrayRef<OpFoldResult> elems) {
  ic.setResult(0, materialise(ic, shape, et, elems));
  return true;
}

static FailureOr<bool> symShape(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (type.hasStaticShape())
    return false;
  int64_t rank = type.getRank();
  auto clampDim = [&](int64_t v) { return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank); };
  int64_t start = clampDim(ic.getInt("start", 0)), end = clampDim(ic.getInt("end", rank));
  Elems elems;
  for (int64_t d = start; d < end; ++d)
    elems.push_back(ic.dimSize(*x, d));
  return bindSymbolic(ic, {(int64_t)elems.size()}, IntegerType::get(ic.getContext(), 64),
                      elems);
}

static FailureOr<bool> symGather(ImportContext &ic) {
  auto data = symInput(ic, 0);
  auto idx = ic.getConstInts(1);
  Value idxValue = ic.optionalInput(1);
  int64_t axis = ic.getInt("axis", 0);
  if (!data || !idx || data->shape.size() != 1 || (axis != 0 && axis != -1) ||
      shapeOf(idxValue).size() > 1)
    return false;
  int64_t n = data->elems.size();
  Elems out;
  for (int64_t j : *idx) {
    if (j < -n || j >= n)
      return false;
    out.push_back(data->elems[j < 0 ? j + n : j]);
  }
  return bindSymbolic(ic, shapeOf(idxValue), data->et, out);
}

static FailureOr<bool> symUnitDims(ImportContext &ic, bool insert) {
  auto data = symInput(ic, 0);
  if (!data)
    return false;
  auto axes = ic.getAxes(13, 1);
  if (failed(axes))
    return failure();
  if (insert) {
    if (!data->shape.empty() || !*axes || (*axes)->size() != 1 ||
        ((**axes)[0] != 0 && (**axes)[0] != -1))
      return false;
    return bindSymbolic(ic, {1}, data->et, data->elems);
  }
  if (data->shape != ArrayRef<int64_t>{1} ||
      (*axes && ((*axes)->size() != 1 || ((**axes)[0] != 0 && (**axes)[0] != -1))))
    return false;
  return bindSymbolic(ic, {}, data->et, data->elems);
}

static FailureOr<bool> symReshape(ImportContext &ic) {
  auto data = symInput(ic, 0);
  auto target = ic.getConstInts(1);
  if (!data || !target || target->size() > 1)
    return false;
  int64_t n = data->elems.size();
  if (!target->empty() && (*target)[0] != n && (*target)[0] != -1 &&
      !((*target)[0] == 0 && !data->shape.empty()))
    return false;
  if (target->empty() && n != 1)
    return false;
  SmallVector<int64_t> shape;
  if (!target->empty())
    shape.push_back(n);
  return bindSymbolic(ic, shape, data->et, data->elems);
}

static FailureOr<bool> symConcat(ImportContext &ic) {
  int64_t axis = ic.getInt("axis", 0);
  if (axis != 0 && axis != -1)
    return false;
  Elems out;
  Type et;
  for (unsigned i = 0; i < ic.getNumInputs(); ++i) {
    auto part = symInput(ic, i);
    if (!part || part->shape.size() != 1)
      return false;
    et = part->et;
    llvm::append_range(out, part->elems);
  }
  if (!et || (int64_t)out.size() > kSymbolicElementLimit)
    return false;
  return bindSymbolic(ic, {(int64_t)out.size()}, et, out);
}

static FailureOr<bool> symCast(ImportContext &ic) {
  auto data = symInput(ic, 0);
  if (!data)
    return false;
  FailureOr<Type> to = convertElementType(ic.getContext(), ic.getInt("to", 0), "to", ic.getLoc());
  if (failed(to))
    return failure();
  if (!to->isSignlessInteger() || to->getIntOrFloatBitWidth() < 32)
    return false;
  return bindSymbolic(ic, data->shape, *to, data->elems);
}

/// Broadcasts two symbolic operands of rank <= 1: their element pairs and
/// the result shape; nullopt when the lengths do not broadcast.
static std::optional<std::pair<SmallVector<int64_t>, SmallVector<std::pair<OpFoldResult, OpFoldResult>>>>
pairUp(const SymInput &a, const SymInput &b) {
  auto shape = broadcastShapes(a.shape, b.shape);
  if (!shape)
    return std::nullopt;
  int64_t n = shape->empty() ? 1 : (*shape)[0];
  SmallVector<std::pair<OpFoldResult, OpFoldResult>> pairs;
  for (int64_t i = 0; i < n; ++i)
    pairs.push_back({a.elems[a.elems.size() == 1 ? 0 : i], b.elems[b.elems.size() == 1 ? 0 : i]});
  return std::make_pair(*shape, pairs);
}

static FailureOr<bool> symBinary(ImportContext &ic) {
  auto a = symInput(ic, 0), b = symInput(ic, 1);
  if (!a || !b || a->et != b->et)
    return false;
  auto paired = pairUp(*a, *b);
  if (!paired)
    return false;
  Elems out;
  for (auto [x, y] : paired->second) {
    std::optional<OpFoldResult> r = binary(ic, ic.getOpType(), x, y);
    if (!r)
      return false;
    out.push_back(*r);
  }
  return bindSymbolic(ic, paired->first, a->et, out);
}

static FailureOr<bool> symEqual(ImportContext &ic) {
  auto a = symInput(ic, 0), b = symInput(ic, 1);
  if (!a || !b)
    return false;
  auto paired = pairUp(*a, *b);
  if (!paired)
    return false;
  Elems out;
  for (auto [x, y] : paired->second) {
    std::optional<bool> eq = equalKnown(x, y);
    if (!eq)
      return false;
    out.push_back(ic.getBuilder().getIndexAttr(*eq));
  }
  return bindSymbolic(ic, paired->first, IntegerType::get(ic.getContext(), 1), out);
}

/// Where with a condition known at compile time (torch's Expand exports
/// replace -1 in the target shape with Where(Equal(shape, -1), 1, shape)).
static FailureOr<bool> symWhere(ImportContext &ic) {
  auto cond = symInput(ic, 0), x = symInput(ic, 1), y = symInput(ic, 2);
  if (!cond || !x || !y || x->et != y->et)
    return false;
  auto shape = broadcastShapes(cond->shape, x->shape);
  if (shape)
    shape = broadcastShapes(*shape, y->shape);
  if (!shape)
    return false;
  int64_t n = shape->empty() ? 1 : (*shape)[0];
  auto at = [&](const Elems &e, int64_t i) { return e[e.size() == 1 ? 0 : i]; };
  Elems out;
  for (int64_t i = 0; i < n; ++i) {
    std::optional<int64_t> c = getConstantIntValue(at(cond->elems, i));
    if (!c)
      return false;
    out.push_back(*c ? at(x->elems, i) : at(y->elems, i));
  }
  return bindSymbolic(ic, *shape, x->et, out);
}

static FailureOr<bool> symSlice(ImportContext &ic) {
  auto data = symInput(ic, 0);
  if (!data || data->shape.size() != 1 || ic.getOpset() < 10)
    return false;
  auto starts = ic.getConstInts(1), ends = ic.getConstInts(2);
  std::optional<SmallVector<int64_t>> axes, steps;
  if (ic.hasInput(3) && !(axes = ic.getConstInts(3)))
    return false;
  if (ic.hasInput(4) && !(steps = ic.getConstInts(4)))
    return false;
  if (!starts || !ends || starts->size() != 1 || ends->size() != 1 ||
      (axes && (axes->size() != 1 || ((*axes)[0] != 0 && (*axes)[0] != -1))) ||
      (steps && (steps->size() != 1 || (*steps)[0] == 0)))
    return false;
  int64_t n = data->elems.size(), step = steps ? (*steps)[0] : 1;
  auto clampIndex = [&](int64_t v, int64_t lo, int64_t hi) {
    v = v < 0 ? v + n : v;
    return std::clamp(v, lo, hi);
  };
  int64_t s = step > 0 ? clampIndex((*starts)[0], 0, n) : clampIndex((*starts)[0], -1, n - 1);
  int64_t e = step > 0 ? clampIndex((*ends)[0], 0, n) : clampIndex((*ends)[0], -1, n - 1);
  Elems out;
  for (int64_t i = s; step > 0 ? i < e : i > e; i += step)
    out.push_back(data->elems[i]);
  return bindSymbolic(ic, {(int64_t)out.size()}, data->et, out);
}

FailureOr<bool> onnx_import::importSymbolicShapeOp(ImportContext &ic) {
  StringRef op = ic.getOpType();
  if (op == "Shape")
    return symShape(ic);
  bool anySymbolic = false;
  for (const std::string &name : ic.getNode().input())
    if (!name.empty())
      if (Value v = ic.lookup(name); v && ic.isSymbolic(v))
        anySymbolic = true;
  if (!anySymbolic)
    return false;
  if (op == "Gather")
    return symGather(ic);
  if (op == "Unsqueeze" || op == "Squeeze")
    return symUnitDims(ic, op == "Unsqueeze");
  if (op == "Reshape")
    return symReshape(ic);
  if (op == "Concat")
    return symConcat(ic);
  if (op == "Cast")
    return symCast(ic);
  if (llvm::is_contained({"Add", "Sub", "Mul", "Div", "Max", "Min"}, op))
    return symBinary(ic);
  if (op == "Equal")
    return symEqual(ic);
  if (op == "Where")
    return symWhere(ic);
  if (op == "Slice")
    return symSlice(ic);
  return false;
}

//===----------------------------------------------------------------------===//
// Consumers of symbolic shapes
//===----------------------------------------------------------------------===//

/// The static shape and dynamic sizes of a result whose dims are `dims`.
static std::pair<SmallVector<int64_t>, SmallVector<Value>>
splitDims(ImportContext &ic, ArrayRef<OpFoldResult> dims) {
  SmallVector<int64_t> shape;
  SmallVector<Value> sizes;
  for (OpFoldResult d : dims) {
    if (auto c = getConstantIntValue(d)) {
      shape.push_back(*c);
    } else {
      shape.push_back(ShapedType::kDynamic);
      sizes.push_back(indexValue(ic, d));
    }
  }
  return {shape, sizes};
}

FailureOr<Value> onnx_import::reshapeSymbolic(ImportContext &ic, Value x,
                                              ArrayRef<OpFoldResult> target, bool allowZero) {
  ArrayRef<int64_t> in = shapeOf(x);
  Elems dims;
  int64_t inferred = -1;
  for (auto [i, t] : llvm::enumerate(target)) {
    std::optional<int64_t> c = getConstantIntValue(t);
    if (c && *c == 0 && !allowZero) {
      if (i >= in.size())
        return ic.emitError() << "'shape' copies dim " << i << " that the input does not have";
      dims.push_back(ic.dimSize(x, i));
    } else if (c && *c == -1) {
      if (inferred >= 0)
        return ic.emitError() << "'shape' has more than one -1";
      inferred = i;
      dims.push_back(ic.getBuilder().getIndexAttr(1));
    } else if (c && *c < 0) {
      return ic.emitError() << "'shape' has an invalid value " << *c;
    } else {
      dims.push_back(t);
    }
  }
  if (inferred >= 0) {
    OpFoldResult total = ic.getBuilder().getIndexAttr(1), known = total;
    for (int64_t d = 0; d < (int64_t)in.size(); ++d)
      total = *binary(ic, "Mul", total, ic.dimSize(x, d));
    for (OpFoldResult d : dims)
      known = *binary(ic, "Mul", known, d);
    std::optional<int64_t> k = getConstantIntValue(known);
    if (k && *k == 0)
      return ic.emitError() << "cannot infer the -1 of 'shape'";
    Value quotient = arith::DivUIOp::create(ic.getBuilder(), ic.getLoc(), indexValue(ic, total),
                                            indexValue(ic, known));
    OpFoldResult q = quotient;
    if (auto ct = getConstantIntValue(total); ct && k)
      q = ic.getBuilder().getIndexAttr(*ct / *k);
    dims[inferred] = q;
  }
  auto [shape, sizes] = splitDims(ic, dims);
  auto type = RankedTensorType::get(shape, elementTypeOf(x));
  if (type.hasStaticShape() && shapeOf(x) == ArrayRef<int64_t>(shape))
    return x;
  if (type.hasStaticShape() && cast<RankedTensorType>(x.getType()).hasStaticShape())
    return ic.reshape(x, shape);
  return ic.createTyped<ReshapeOp>(type, x, sizes);
}

FailureOr<Value> onnx_import::expandSymbolic(ImportContext &ic, Value x,
                                             ArrayRef<OpFoldResult> target) {
  ArrayRef<int64_t> in = shapeOf(x);
  int64_t rank = std::max<int64_t>(in.size(), target.size());
  Elems dims;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t xi = d - (rank - (int64_t)in.size()), ti = d - (rank - (int64_t)target.size());
    OpFoldResult t = ti >= 0 ? target[ti] : OpFoldResult(ic.getBuilder().getIndexAttr(1));
    std::optional<int64_t> tc = getConstantIntValue(t);
    if (tc && *tc < 0)
      return ic.emitError() << "'shape' has a negative dim " << *tc;
    if (xi < 0 || in[xi] == 1) {
      dims.push_back(t);
    } else if (!ShapedType::isDynamic(in[xi])) {
      if (tc && *tc != 1 && *tc != in[xi])
        return ic.emitError() << "the input does not broadcast to 'shape'";
      dims.push_back(ic.getBuilder().getIndexAttr(in[xi]));
    } else if (tc && *tc == 1) {
      dims.push_back(ic.dimSize(x, xi));
    } else if (tc) {
      dims.push_back(t);
    } else {
      dims.push_back(*binary(ic, "Max", ic.dimSize(x, xi), t));
    }
  }
  auto [shape, sizes] = splitDims(ic, dims);
  auto type = RankedTensorType::get(shape, elementTypeOf(x));
  if (type == x.getType() && sizes.empty())
    return x;
  return ic.createTyped<ExpandOp>(type, x, sizes);
}

FailureOr<Value> onnx_import::rangeSymbolic(ImportContext &ic, Value start, Value delta,
                                            OpFoldResult startV, OpFoldResult limitV,
                                            OpFoldResult deltaV) {
  std::optional<int64_t> step = getConstantIntValue(deltaV);
  if (!step || *step == 0)
    return ic.emitError() << "'delta' of Range must be a non-zero compile-time constant "
                             "when 'limit' or 'start' is known only at run time";
  // ceil((limit - start) / delta), at least 0.
  OpFoldResult span = *binary(ic, "Sub", limitV, startV);
  span = *binary(ic, "Add", span, ic.getBuilder().getIndexAttr(*step > 0 ? *step - 1 : *step + 1));
  OpFoldResult n = *binary(ic, "Div", span, deltaV);
  n = *binary(ic, "Max", n, ic.getBuilder().getIndexAttr(0));
  std::optional<int64_t> cn = getConstantIntValue(n);
  auto type = RankedTensorType::get({cn ? *cn : ShapedType::kDynamic}, elementTypeOf(start));
  return ic.createTyped<RangeOp>(type, start, delta, indexValue(ic, n));
}
