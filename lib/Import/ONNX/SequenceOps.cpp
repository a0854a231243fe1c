//===- SequenceOps.cpp - Sequence* and Optional* unrolled at import --------===//
//
// A sequence is the list of its tensors, fixed when the model is compiled
// (ContainerValues.cpp): SequenceConstruct/Empty/Insert/Erase build lists,
// SequenceAt and SequenceLength read them, ConcatFromSequence and
// SplitToSequence convert between a list and one tensor, SequenceMap imports
// its body once per element. Positions and split counts must therefore be
// compile-time constants (an unrolled Loop's iteration number is one); a
// run-time 1-D `split` gives a fixed number of tensors of run-time sizes.
// Optional, OptionalHasElement and OptionalGetElement resolve at compile
// time likewise, except for an If of a run-time condition over an empty and
// a present optional (ContainerValue::present).
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// The tensors of the sequence input `i`.
static FailureOr<SmallVector<Value>> sequenceInput(ImportContext &ic, unsigned i) {
  FailureOr<Value> v = ic.input(i);
  if (failed(v))
    return failure();
  std::optional<ContainerValue> c = getContainer(*v);
  if (!c || c->kind != ContainerValue::Sequence)
    return ic.emitError() << "input " << i << " ('" << ic.getNode().input(i)
                          << "') must be a sequence";
  return c->elems;
}

/// Input `i`, which must be a tensor.
static FailureOr<Value> tensorInput(ImportContext &ic, unsigned i) {
  FailureOr<Value> v = ic.input(i);
  if (failed(v))
    return failure();
  if (getContainer(*v))
    return ic.emitError() << "input " << i << " ('" << ic.getNode().input(i)
                          << "') must be a tensor, not a sequence or optional";
  return v;
}

/// The compile-time position of input `i` (absent: `dflt`), checked against
/// [-n, n - 1 + extra] and made non-negative.
static FailureOr<int64_t> position(ImportContext &ic, unsigned i, int64_t n, int64_t dflt,
                                   int64_t extra) {
  if (!ic.hasInput(i))
    return dflt;
  FailureOr<SmallVector<int64_t>> p =
      ic.requireConstInts(i, "position (a sequence is unrolled when aicc compiles)");
  if (failed(p))
    return failure();
  if (p->size() != 1)
    return ic.emitError() << "'position' must have one element";
  int64_t pos = p->front();
  if (pos < -n || pos > n - 1 + extra)
    return ic.emitError() << "position " << pos << " is out of range for a sequence of "
                          << n << " tensors";
  return pos < 0 ? pos + n : pos;
}

/// A position (input `i`) known only at run time: the 0-d index made
/// non-negative and checked against [0, n - 1 + extra] when the model runs.
/// Selecting by it needs `elems` (and `extraElem`) to share one type.
static FailureOr<Value> runtimePosition(ImportContext &ic, unsigned i, int64_t n,
                                        int64_t extra, ArrayRef<Value> elems,
                                        Value extraElem = Value()) {
  Type type = extraElem ? extraElem.getType() : Type();
  for (Value e : elems) {
    if (!type)
      type = e.getType();
    if (e.getType() != type || cast<RankedTensorType>(type).getNumDynamicDims())
      return ic.emitError()
             << "'position' is known only at run time, which aicc supports when every "
                "tensor of the sequence has one static shape; make it a constant";
  }
  FailureOr<Value> p = ic.input(i);
  if (failed(p))
    return failure();
  if (shapeOf(*p).size() > 1 || ShapedType::getNumElements(shapeOf(*p)) != 1)
    return ic.emitError() << "'position' must be a scalar";
  DecompositionBuilder b(ic);
  Type i64 = IntegerType::get(ic.getContext(), 64);
  DecompositionBuilder::V pos = b.reshape(b.cast(*p, i64), {});
  pos = b.select(b.ltS(pos, 0), b.addS(pos, n), pos);
  DecompositionBuilder::V ok = b.logicalAnd(b.ge(pos, b.scalarLike(pos, 0)),
                                            b.le(pos, b.scalarLike(pos, n - 1 + extra)));
  if (failed(ok) || failed(pos))
    return failure();
  return checked(ic, *ok, *pos, "'position' of " + ic.getOpType() + " is out of range");
}

/// `elems[k]` where the run-time `pos` equals k.
static FailureOr<Value> selectAt(ImportContext &ic, Value pos, ArrayRef<Value> elems) {
  DecompositionBuilder b(ic);
  DecompositionBuilder::V r = elems.back();
  for (int64_t k = (int64_t)elems.size() - 2; k >= 0; --k)
    r = b.select(b.eq(pos, b.scalarLike(pos, k)), elems[k], r);
  return r;
}

static LogicalResult bindSequence(ImportContext &ic, ValueRange elems) {
  ic.setResult(0, makeSequence(ic, elems));
  return success();
}

static LogicalResult importSequenceConstruct(ImportContext &ic) {
  SmallVector<Value> elems;
  for (unsigned i = 0; i < ic.getNumInputs(); ++i) {
    FailureOr<Value> t = tensorInput(ic, i);
    if (failed(t))
      return failure();
    if (!elems.empty() && elementTypeOf(*t) != elementTypeOf(elems.front()))
      return ic.emitError() << "the tensors of a sequence must have one element type, got "
                            << elementTypeOf(elems.front()) << " and " << elementTypeOf(*t);
    elems.push_back(*t);
  }
  return bindSequence(ic, elems);
}

static LogicalResult importSequenceEmpty(ImportContext &ic) {
  return bindSequence(ic, {});
}

static LogicalResult importSequenceInsert(ImportContext &ic) {
  FailureOr<SmallVector<Value>> seq = sequenceInput(ic, 0);
  if (failed(seq))
    return failure();
  FailureOr<Value> t = tensorInput(ic, 1);
  if (failed(t))
    return failure();
  int64_t n = seq->size();
  if (n && elementTypeOf(*t) != elementTypeOf(seq->front()))
    return ic.emitError() << "cannot insert a tensor of " << elementTypeOf(*t)
                          << " into a sequence of " << elementTypeOf(seq->front());
  if (ic.hasInput(2) && ic.isRuntimeInput(2)) {
    FailureOr<Value> pos = runtimePosition(ic, 2, n, /*extra=*/1, *seq, *t);
    if (failed(pos))
      return failure();
    // Slot k holds the tensor where pos == k, seq[k] before it, seq[k-1] after.
    DecompositionBuilder b(ic);
    SmallVector<Value> elems;
    for (int64_t k = 0; k <= n; ++k) {
      DecompositionBuilder::V slot = k < n ? (*seq)[k] : *t;
      if (k > 0)
        slot = b.select(b.gt(*pos, b.scalarLike(*pos, k)), slot, (*seq)[k - 1]);
      slot = b.select(b.eq(*pos, b.scalarLike(*pos, k)), *t, slot);
      if (failed(slot))
        return failure();
      elems.push_back(*slot);
    }
    return bindSequence(ic, elems);
  }
  FailureOr<int64_t> pos = position(ic, 2, n, n, /*extra=*/1);
  if (failed(pos))
    return failure();
  seq->insert(seq->begin() + *pos, *t);
  return bindSequence(ic, *seq);
}

static LogicalResult importSequenceErase(ImportContext &ic) {
  FailureOr<SmallVector<Value>> seq = sequenceInput(ic, 0);
  if (failed(seq))
    return failure();
  int64_t n = seq->size();
  if (n == 0)
    return ic.emitError() << "cannot erase from an empty sequence";
  if (ic.hasInput(1) && ic.isRuntimeInput(1)) {
    FailureOr<Value> pos = runtimePosition(ic, 1, n, /*extra=*/0, *seq);
    if (failed(pos))
      return failure();
    // Slot k keeps seq[k] before the erased position, seq[k+1] from it on.
    DecompositionBuilder b(ic);
    SmallVector<Value> elems;
    for (int64_t k = 0; k + 1 < n; ++k) {
      FailureOr<Value> slot =
          b.select(b.gt(*pos, b.scalarLike(*pos, k)), (*seq)[k], (*seq)[k + 1]);
      if (failed(slot))
        return failure();
      elems.push_back(*slot);
    }
    return bindSequence(ic, elems);
  }
  FailureOr<int64_t> pos = position(ic, 1, n, n - 1, /*extra=*/0);
  if (failed(pos))
    return failure();
  seq->erase(seq->begin() + *pos);
  return bindSequence(ic, *seq);
}

static LogicalResult importSequenceAt(ImportContext &ic) {
  FailureOr<SmallVector<Value>> seq = sequenceInput(ic, 0);
  if (failed(seq))
    return failure();
  if (!ic.hasInput(1))
    return ic.emitError() << "expects input 1 ('position')";
  if (seq->empty())
    return ic.emitError() << "SequenceAt of an empty sequence";
  if (ic.isRuntimeInput(1)) {
    FailureOr<Value> pos = runtimePosition(ic, 1, seq->size(), /*extra=*/0, *seq);
    FailureOr<Value> r = failed(pos) ? FailureOr<Value>(failure()) : selectAt(ic, *pos, *seq);
    if (failed(r))
      return failure();
    ic.setResult(0, *r);
    return success();
  }
  FailureOr<int64_t> pos = position(ic, 1, seq->size(), 0, /*extra=*/0);
  if (failed(pos))
    return failure();
  ic.setResult(0, (*seq)[*pos]);
  return success();
}

static LogicalResult importSequenceLength(ImportContext &ic) {
  FailureOr<SmallVector<Value>> seq = sequenceInput(ic, 0);
  if (failed(seq))
    return failure();
  ic.setResult(0, ic.scalar(IntegerType::get(ic.getContext(), 64), seq->size()));
  return success();
}

static LogicalResult importConcatFromSequence(ImportContext &ic) {
  FailureOr<SmallVector<Value>> seq = sequenceInput(ic, 0);
  if (failed(seq))
    return failure();
  if (seq->empty())
    return ic.emitError() << "cannot concatenate an empty sequence";
  bool newAxis = ic.getInt("new_axis", 0) != 0;
  int64_t rank = shapeOf(seq->front()).size();
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", 0), rank + (newAxis ? 1 : 0), "axis");
  if (failed(axis))
    return failure();
  DecompositionBuilder b(ic);
  SmallVector<DecompositionBuilder::V> parts;
  for (Value t : *seq) {
    if ((int64_t)shapeOf(t).size() != rank)
      return ic.emitError() << "the tensors of the sequence have different ranks";
    if (!newAxis) {
      parts.push_back(t);
      continue;
    }
    SmallVector<int64_t> shape(shapeOf(t));
    shape.insert(shape.begin() + *axis, 1);
    parts.push_back(b.reshape(t, shape));
  }
  FailureOr<Value> r = b.concat(parts, *axis);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// SplitToSequence with a run-time 1-D `split` of static length k: k
/// tensors whose size along `axis` is known only at run time (a dynamic
/// dim), each a gather of `aicc.range(offset, 1, size)`. The sizes must be
/// non-negative and add up to the dim, checked when the model runs (the
/// gather clamps its indices into the dim, so a bad `split` reads nothing
/// outside it).
static FailureOr<SmallVector<Value>> splitRuntimeSizes(ImportContext &ic, Value x, Value split,
                                                       int64_t axis) {
  OpBuilder &b = ic.getBuilder();
  Location loc = ic.getLoc();
  auto st = cast<RankedTensorType>(split.getType());
  int64_t k = st.getDimSize(0), dim = shapeOf(x)[axis];
  if (!st.getElementType().isSignlessInteger())
    return ic.emitError() << "expects an integer 'split', not " << st;
  if (dim == 0)
    return ic.emitError() << "splitting an empty dim with a run-time 'split' is not supported";
  auto i64 = [&](int64_t v) -> Value { return arith::ConstantIntOp::create(b, loc, v, 64); };
  auto tensor0d = [&](Value v) -> Value {
    return tensor::FromElementsOp::create(b, loc, RankedTensorType::get({}, v.getType()),
                                          ValueRange{v});
  };
  Value offset = i64(0), ok = arith::ConstantIntOp::create(b, loc, 1, 1);
  SmallVector<Value> parts;
  for (int64_t j = 0; j < k; ++j) {
    Value e = tensor::ExtractOp::create(
        b, loc, split, ValueRange{arith::ConstantIndexOp::create(b, loc, j).getResult()});
    if (e.getType().getIntOrFloatBitWidth() < 64)
      e = arith::ExtSIOp::create(b, loc, b.getI64Type(), e);
    // Sizes in [0, dim] (so no part is larger than the input); the check
    // below fails the run where one is not.
    Value size = arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, e, i64(0)),
                                        i64(dim));
    ok = arith::AndIOp::create(
        b, loc, ok, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, e, size));
    FailureOr<Value> idx = ic.createTyped<RangeOp>(
        RankedTensorType::get({ShapedType::kDynamic}, b.getI64Type()), tensor0d(offset),
        tensor0d(i64(1)), arith::IndexCastOp::create(b, loc, b.getIndexType(), size).getResult());
    if (failed(idx))
      return failure();
    FailureOr<Value> part = ic.create<GatherOp>(x, *idx, b.getI64IntegerAttr(axis));
    if (failed(part))
      return failure();
    parts.push_back(*part);
    offset = arith::AddIOp::create(b, loc, offset, size);
  }
  ok = arith::AndIOp::create(
      b, loc, ok, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, offset, i64(dim)));
  for (Value &part : parts) {
    FailureOr<Value> c = checked(ic, tensor0d(ok), part,
                                 "the sizes of 'split' are negative or do not add up to the "
                                 "size " + Twine(dim) + " of dim " + Twine(axis));
    if (failed(c))
      return failure();
    part = *c;
  }
  return parts;
}

static LogicalResult importSplitToSequence(ImportContext &ic) {
  FailureOr<Value> x = tensorInput(ic, 0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", 0), shape.size(), "axis");
  if (failed(axis))
    return failure();
  int64_t dim = shape[*axis];
  if (ShapedType::isDynamic(dim))
    return ic.emitError() << "the split dim " << *axis
                          << " is dynamic; a sequence's length is fixed when aicc compiles: "
                             "pin it with -input-shape";
  SmallVector<int64_t> sizes;
  bool squeeze = false;
  if (!ic.hasInput(1)) {
    sizes.assign(dim, 1);
    squeeze = ic.getInt("keepdims", 1) == 0;
  } else {
    Value given = ic.optionalInput(1);
    if (ic.isRuntimeInput(1) && shapeOf(given).size() == 1 &&
        !ShapedType::isDynamic(shapeOf(given)[0])) {
      FailureOr<SmallVector<Value>> parts = splitRuntimeSizes(ic, *x, given, *axis);
      return failed(parts) ? failure() : bindSequence(ic, *parts);
    }
    FailureOr<SmallVector<int64_t>> split = ic.requireConstInts(
        1, "split (a sequence's length is fixed when aicc compiles; a run-time 1-D 'split' "
           "gives one, a run-time scalar does not)");
    if (failed(split))
      return failure();
    Value s = ic.optionalInput(1);
    if (shapeOf(s).empty()) {
      int64_t chunk = split->front();
      if (chunk <= 0)
        return ic.emitError() << "'split' must be positive, got " << chunk;
      for (int64_t begin = 0; begin < dim; begin += chunk)
        sizes.push_back(std::min(chunk, dim - begin));
    } else {
      sizes = *split;
      int64_t total = 0;
      for (int64_t v : sizes) {
        if (v < 0)
          return ic.emitError() << "'split' has a negative size " << v;
        total += v;
      }
      if (total != dim)
        return ic.emitError() << "the sizes of 'split' add up to " << total
                              << ", not to the size " << dim << " of dim " << *axis;
    }
  }
  DecompositionBuilder b(ic);
  SmallVector<Value> elems;
  int64_t begin = 0;
  for (int64_t size : sizes) {
    DecompositionBuilder::V part = b.sliceDim(*x, *axis, begin, begin + size);
    begin += size;
    if (squeeze) {
      SmallVector<int64_t> squeezed(shape);
      squeezed.erase(squeezed.begin() + *axis);
      part = b.reshape(part, squeezed);
    }
    if (failed(part))
      return failure();
    elems.push_back(*part);
  }
  return bindSequence(ic, elems);
}

static LogicalResult importSequenceMap(ImportContext &ic) {
  const onnx::AttributeProto *body = ic.findAttr("body");
  if (!body || body->type() != onnx::AttributeProto::GRAPH)
    return ic.emitError() << "expects the graph attribute 'body'";
  FailureOr<SmallVector<Value>> first = sequenceInput(ic, 0);
  if (failed(first))
    return failure();
  size_t n = first->size();
  // Per input: the sequence's tensors, or one tensor given to every step.
  SmallVector<SmallVector<Value>> seqs;
  SmallVector<Value> tensors;
  for (unsigned i = 0; i < ic.getNumInputs(); ++i) {
    FailureOr<Value> v = ic.input(i);
    if (failed(v))
      return failure();
    std::optional<ContainerValue> c = getContainer(*v);
    if (c && c->kind != ContainerValue::Sequence)
      return ic.emitError() << "input " << i << " must be a sequence or a tensor";
    if (c && c->elems.size() != n)
      return ic.emitError() << "input " << i << " is a sequence of " << c->elems.size()
                            << " tensors, input 0 one of " << n;
    seqs.push_back(c ? c->elems : SmallVector<Value>());
    tensors.push_back(c ? Value() : *v);
  }
  llvm::StringMap<Value> saved = ic.saveBindings();
  SmallVector<SmallVector<Value>> outputs(body->g().output_size());
  for (size_t step = 0; step < n; ++step) {
    SmallVector<Value> inputs;
    for (auto [s, t] : llvm::zip(seqs, tensors))
      inputs.push_back(t ? t : s[step]);
    FailureOr<SmallVector<Value>> outs = importSubgraph(ic, body->g(), inputs);
    if (failed(outs))
      return failure();
    for (auto [k, v] : llvm::enumerate(*outs)) {
      if (getContainer(v))
        return ic.emitError() << "the SequenceMap body's output " << k
                              << " must be a tensor";
      outputs[k].push_back(v);
    }
  }
  ic.restoreBindings(std::move(saved));
  for (auto [k, elems] : llvm::enumerate(outputs))
    ic.setResult(k, makeSequence(ic, elems));
  return success();
}

static LogicalResult importOptional(ImportContext &ic) {
  Value v;
  if (ic.hasInput(0)) {
    FailureOr<Value> in = ic.input(0);
    if (failed(in))
      return failure();
    v = *in;
  } else if (!ic.hasAttr("type")) {
    return ic.emitError() << "an empty Optional needs the attribute 'type'";
  }
  ic.setResult(0, makeOptional(ic, v));
  return success();
}

static LogicalResult importOptionalHasElement(ImportContext &ic) {
  bool has = false;
  if (ic.hasInput(0)) {
    FailureOr<Value> in = ic.input(0);
    if (failed(in))
      return failure();
    std::optional<ContainerValue> c = getContainer(*in);
    if (c && c->present) {
      ic.setResult(0, c->present);
      return success();
    }
    has = !c || c->kind != ContainerValue::Optional || !c->elems.empty();
  }
  Type i1 = IntegerType::get(ic.getContext(), 1);
  ic.setResult(0, ic.constant(DenseElementsAttr::get(RankedTensorType::get({}, i1),
                                                     ArrayRef<bool>(has))));
  return success();
}

static LogicalResult importOptionalGetElement(ImportContext &ic) {
  FailureOr<Value> in = ic.input(0);
  if (failed(in))
    return failure();
  std::optional<ContainerValue> c = getContainer(*in);
  if (!c || c->kind != ContainerValue::Optional) {
    ic.setResult(0, *in);
    return success();
  }
  if (c->elems.empty())
    return ic.emitError() << "the optional '" << ic.getNode().input(0)
                          << "' is empty (known when aicc compiles), so it has no element";
  if (c->present) {
    FailureOr<Value> v = requirePresent(ic, c->elems.front(), c->present,
                                        "the optional '" + ic.getNode().input(0) +
                                            "' is empty in this run, so it has no element");
    if (failed(v))
      return failure();
    ic.setResult(0, *v);
    return success();
  }
  ic.setResult(0, c->elems.front());
  return success();
}

void mlir::aicc::onnx_import::registerSequenceOps(OpRegistry &r) {
  r["SequenceConstruct"] = importSequenceConstruct;
  r["SequenceEmpty"] = importSequenceEmpty;
  r["SequenceInsert"] = importSequenceInsert;
  r["SequenceErase"] = importSequenceErase;
  r["SequenceAt"] = importSequenceAt;
  r["SequenceLength"] = importSequenceLength;
  r["ConcatFromSequence"] = importConcatFromSequence;
  r["SplitToSequence"] = importSplitToSequence;
  r["SequenceMap"] = importSequenceMap;
  r["Optional"] = importOptional;
  r["OptionalHasElement"] = importOptionalHasElement;
  r["OptionalGetElement"] = importOptionalGetElement;
}
