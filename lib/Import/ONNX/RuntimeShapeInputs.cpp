//===- RuntimeShapeInputs.cpp - shape-giving inputs known at run time -----===//
//
// ONNX passes `shape`, `axes`, `sizes`, `repeats` and `split` as tensors.
// Exporters make them constants, but in ONNX's node tests (and in graphs that
// compute them) their values exist only at run time. When the model declares
// the static shape of the node's result, aicc compiles the node for that shape
// and guards the result with `aicc.check`, which fails the run (naming the
// node) when the run-time values disagree with the declaration. The checks are
// built from ordinary aicc elementwise ops over the small input tensor, so they
// fold away whenever the input turns out to be constant.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// "2x3x4", for messages.
static std::string dimsText(ArrayRef<int64_t> dims) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(dims, os, "x");
  return s;
}

/// Candidates beyond this many make the run-time choice too costly.
static constexpr size_t kMaxAxisCandidates = 8;

FailureOr<RankedTensorType> onnx_import::requireDeclaredShape(ImportContext &ic,
                                                              StringRef what) {
  RankedTensorType t = ic.declaredResultType(0);
  if (t && t.hasStaticShape())
    return t;
  return ic.emitError() << "'" << what << "' input of " << ic.getOpType()
                        << " is not a compile-time constant and the model declares no "
                           "static shape for its output; aicc needs one of the two "
                           "(fold the input into an initializer, or declare the "
                           "output's shape)";
}

FailureOr<Value> onnx_import::runtimeIntVector(ImportContext &ic, unsigned i,
                                               StringRef what) {
  FailureOr<Value> v = ic.input(i);
  if (failed(v))
    return failure();
  auto type = cast<RankedTensorType>(v->getType());
  if (type.getRank() != 1 || type.isDynamicDim(0) ||
      !type.getElementType().isSignlessInteger())
    return ic.emitError() << "expects the '" << what
                          << "' input to be a 1-D integer tensor of static length, not "
                          << type;
  return *v;
}

FailureOr<Value> onnx_import::equalsConst(ImportContext &ic, Value v,
                                          ArrayRef<int64_t> values) {
  auto type = cast<RankedTensorType>(v.getType());
  auto constType = RankedTensorType::get({(int64_t)values.size()}, type.getElementType());
  SmallVector<APInt> bits;
  for (int64_t x : values)
    bits.push_back(APInt(type.getElementTypeBitWidth(), x, /*isSigned=*/true));
  return ic.create<EqualOp>(v, ic.constant(DenseElementsAttr::get(constType, bits)));
}

FailureOr<Value> onnx_import::allEqualConst(ImportContext &ic, Value v,
                                            ArrayRef<int64_t> values) {
  FailureOr<Value> eq = equalsConst(ic, v, values);
  if (failed(eq))
    return failure();
  return allTrue(ic, *eq);
}

/// The 0-d "every element is true" (`any` = false) or "some element is
/// true" (`any` = true) of a bool tensor.
static FailureOr<Value> reduceBools(ImportContext &ic, Value bools, bool any) {
  auto type = cast<RankedTensorType>(bools.getType());
  if (type.getNumElements() == 0)
    return ic.scalar(type.getElementType(), any ? 0 : 1);
  Type i32 = ic.getBuilder().getI32Type();
  FailureOr<Value> ints = ic.createTyped<CastOp>(type.clone(i32), bools);
  if (failed(ints))
    return failure();
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  FailureOr<Value> r = any ? ic.create<ReduceMaxOp>(*ints, ArrayRef<int64_t>(all), false)
                           : ic.create<ReduceMinOp>(*ints, ArrayRef<int64_t>(all), false);
  if (failed(r))
    return failure();
  return ic.create<EqualOp>(*r, ic.scalar(i32, 1));
}

FailureOr<Value> onnx_import::allTrue(ImportContext &ic, Value bools) {
  return reduceBools(ic, bools, /*any=*/false);
}

FailureOr<Value> onnx_import::anyTrue(ImportContext &ic, Value bools) {
  return reduceBools(ic, bools, /*any=*/true);
}

FailureOr<Value> onnx_import::checked(ImportContext &ic, Value condition, Value v,
                                      const Twine &message) {
  return ic.createTyped<CheckOp>(v.getType(), condition, v,
                                 ic.getBuilder().getStringAttr(message));
}

/// Most sets of axes buildForRuntimeAxes enumerates.
static constexpr uint64_t kMaxAxisChoices = 1 << 16;

/// Calls `fn` with every sorted `k`-subset of [0, n).
static void forEachSubset(int64_t n, int64_t k,
                          function_ref<void(ArrayRef<int64_t>)> fn) {
  auto s = llvm::to_vector(llvm::seq<int64_t>(0, k));
  while (true) {
    fn(s);
    int64_t i = k - 1;
    while (i >= 0 && s[i] == n - k + i)
      --i;
    if (i < 0)
      return;
    ++s[i];
    for (int64_t j = i + 1; j < k; ++j)
      s[j] = s[j - 1] + 1;
  }
}

FailureOr<Value> onnx_import::buildForRuntimeAxes(
    ImportContext &ic, Value axes, int64_t rank, ArrayRef<int64_t> declared,
    function_ref<std::optional<SmallVector<int64_t>>(ArrayRef<int64_t>)> resultShape,
    function_ref<FailureOr<Value>(ArrayRef<int64_t>)> build) {
  int64_t k = shapeOf(axes)[0];
  if (k > rank)
    return ic.emitError() << "'axes' has " << k << " values for rank " << rank;
  // Every choice gives a result of the same rank (Unsqueeze: `rank`): a
  // declared shape of another rank matches none, whatever the count.
  auto first = llvm::to_vector(llvm::seq<int64_t>(0, k));
  if (std::optional<SmallVector<int64_t>> shape = resultShape(first);
      shape && shape->size() != declared.size())
    return ic.emitError() << "'axes' has " << k << " values, which give a result of rank "
                          << shape->size() << ", but the declared output has rank "
                          << declared.size();
  // C(rank, k) choices are tried at compile time: refuse an absurd count.
  uint64_t choices = 1;
  for (int64_t i = 1; i <= std::min(k, rank - k) && choices <= kMaxAxisChoices; ++i)
    choices = choices * (rank - std::min(k, rank - k) + i) / i;
  if (choices > kMaxAxisChoices)
    return ic.emitError() << "more than " << kMaxAxisChoices << " choices of " << k
                          << " 'axes' among " << rank << " dims; make 'axes' a constant";
  SmallVector<SmallVector<int64_t>> candidates;
  forEachSubset(rank, k, [&](ArrayRef<int64_t> s) {
    if (std::optional<SmallVector<int64_t>> shape = resultShape(s))
      if (ArrayRef<int64_t>(*shape) == declared)
        candidates.emplace_back(s);
  });
  if (candidates.empty())
    return ic.emitError() << "no choice of " << k << " 'axes' gives the declared output shape ["
                          << declared << "]";
  if (candidates.size() > kMaxAxisCandidates)
    return ic.emitError() << candidates.size()
                          << " choices of 'axes' give the declared output shape; aicc "
                             "picks among at most "
                          << kMaxAxisCandidates << " at run time: make 'axes' a constant";
  // Negative axes count from the end: normalise once.
  Type et = elementTypeOf(axes);
  FailureOr<Value> negative = ic.create<LessOp>(axes, ic.scalar(et, 0));
  FailureOr<Value> shifted = ic.create<AddOp>(axes, ic.scalar(et, rank));
  if (failed(negative) || failed(shifted))
    return failure();
  FailureOr<Value> norm = ic.create<WhereOp>(*negative, *shifted, axes);
  if (failed(norm))
    return failure();
  // `axes` names the set S when every value is in S and every member of S
  // appears (|S| = k, so no value repeats).
  auto matches = [&](ArrayRef<int64_t> s) -> FailureOr<Value> {
    Value inSet;
    Value covered;
    for (int64_t member : s) {
      FailureOr<Value> eq = ic.create<EqualOp>(*norm, ic.scalar(et, member));
      if (failed(eq))
        return failure();
      FailureOr<Value> appears = anyTrue(ic, *eq);
      if (failed(appears))
        return failure();
      FailureOr<Value> in = inSet ? ic.create<OrOp>(inSet, *eq) : eq;
      FailureOr<Value> cov = covered ? ic.create<AndOp>(covered, *appears) : appears;
      if (failed(in) || failed(cov))
        return failure();
      inSet = *in;
      covered = *cov;
    }
    FailureOr<Value> all = allTrue(ic, inSet);
    if (failed(all))
      return failure();
    return ic.create<AndOp>(*all, covered);
  };
  FailureOr<Value> result = build(candidates.back());
  FailureOr<Value> any = matches(candidates.back());
  if (failed(result) || failed(any))
    return failure();
  for (ArrayRef<int64_t> s : llvm::reverse(ArrayRef(candidates).drop_back())) {
    FailureOr<Value> here = build(s), match = matches(s);
    if (failed(here) || failed(match))
      return failure();
    if (*here != *result && failed(result = ic.create<WhereOp>(*match, *here, *result)))
      return failure();
    if (failed(any = ic.create<OrOp>(*any, *match)))
      return failure();
  }
  return checked(ic, *any, *result,
                 "the 'axes' input does not give the declared output shape " +
                     dimsText(declared));
}

//===----------------------------------------------------------------------===//
// Ops whose result shape a run-time input gives
//===----------------------------------------------------------------------===//

/// A 1-D bool constant.
static Value boolConstant(ImportContext &ic, ArrayRef<bool> bits) {
  auto type = RankedTensorType::get({(int64_t)bits.size()}, ic.getBuilder().getI1Type());
  return ic.constant(DenseElementsAttr::get(type, bits));
}

/// `a | (b & mask)` for bool tensors and a constant mask; `a` alone when the
/// mask is all false.
static FailureOr<Value> orMasked(ImportContext &ic, Value a, Value b, ArrayRef<bool> mask) {
  if (llvm::none_of(mask, [](bool m) { return m; }))
    return a;
  FailureOr<Value> masked = ic.create<AndOp>(b, boolConstant(ic, mask));
  if (failed(masked))
    return failure();
  return ic.create<OrOp>(a, *masked);
}

FailureOr<Value> onnx_import::reshapeToRuntimeShape(ImportContext &ic, Value x,
                                                    bool allowZero) {
  FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "shape");
  FailureOr<Value> shape = runtimeIntVector(ic, 1, "shape");
  if (failed(declared) || failed(shape))
    return failure();
  ArrayRef<int64_t> out = declared->getShape(), in = shapeOf(x);
  int64_t k = shapeOf(*shape)[0];
  if (k != (int64_t)out.size())
    return ic.emitError() << "'shape' has " << k << " values; the declared output has rank "
                          << out.size();
  if (!cast<RankedTensorType>(x.getType()).hasStaticShape() ||
      declared->getNumElements() != cast<RankedTensorType>(x.getType()).getNumElements())
    return ic.emitError() << "the declared output shape [" << out
                          << "] does not hold the input's elements";
  // Each value is the declared dim, -1 (inferred), or 0 copying an equal
  // input dim; at most one -1.
  SmallVector<bool> copies;
  for (int64_t i = 0; i < k; ++i)
    copies.push_back(!allowZero && i < (int64_t)in.size() && in[i] == out[i]);
  FailureOr<Value> exact = equalsConst(ic, *shape, out);
  FailureOr<Value> inferred = equalsConst(ic, *shape, SmallVector<int64_t>(k, -1));
  FailureOr<Value> zero = equalsConst(ic, *shape, SmallVector<int64_t>(k, 0));
  if (failed(exact) || failed(inferred) || failed(zero))
    return failure();
  FailureOr<Value> ok = ic.create<OrOp>(*exact, *inferred);
  if (failed(ok) || failed(ok = orMasked(ic, *ok, *zero, copies)))
    return failure();
  Type i32 = ic.getBuilder().getI32Type();
  FailureOr<Value> minusOnes =
      ic.createTyped<CastOp>(RankedTensorType::get({k}, i32), *inferred);
  if (failed(minusOnes))
    return failure();
  FailureOr<Value> count = ic.create<ReduceSumOp>(*minusOnes, ArrayRef<int64_t>{0}, false);
  if (failed(count))
    return failure();
  FailureOr<Value> single = ic.create<LessEqualOp>(*count, ic.scalar(i32, 1));
  FailureOr<Value> all = allTrue(ic, *ok);
  if (failed(single) || failed(all))
    return failure();
  FailureOr<Value> cond = ic.create<AndOp>(*all, *single);
  FailureOr<Value> reshaped = ic.reshape(x, out);
  if (failed(cond) || failed(reshaped))
    return failure();
  return checked(ic, *cond, *reshaped,
                 "the 'shape' input does not give the declared output shape " +
                     dimsText(out));
}

FailureOr<Value> onnx_import::fillRuntimeShape(ImportContext &ic, TypedAttr element) {
  FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "input");
  FailureOr<Value> shape = runtimeIntVector(ic, 0, "input");
  if (failed(declared) || failed(shape))
    return failure();
  ArrayRef<int64_t> out = declared->getShape();
  if (shapeOf(*shape)[0] != (int64_t)out.size())
    return ic.emitError() << "'input' has " << shapeOf(*shape)[0]
                          << " values; the declared output has rank " << out.size();
  FailureOr<Value> all = allEqualConst(ic, *shape, out);
  if (failed(all))
    return failure();
  auto type = RankedTensorType::get(out, element.getType());
  return checked(ic, *all, ic.constant(DenseElementsAttr::get(type, element)),
                 "the 'input' shape does not match the declared output shape " +
                     dimsText(out));
}

FailureOr<Value> onnx_import::expandToRuntimeShape(ImportContext &ic, Value x) {
  FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "shape");
  FailureOr<Value> shape = runtimeIntVector(ic, 1, "shape");
  if (failed(declared) || failed(shape))
    return failure();
  ArrayRef<int64_t> out = declared->getShape(), in = shapeOf(x);
  int64_t rank = out.size(), k = shapeOf(*shape)[0], inRank = in.size();
  if (rank != std::max(k, inRank))
    return ic.emitError() << "the declared output has rank " << rank << ", not "
                          << std::max(k, inRank) << " as 'shape' and the input give";
  // Output dim i: input dim i - (rank - inRank), shape value i - (rank - k).
  SmallVector<int64_t> expected;
  SmallVector<bool> oneAllowed;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t j = i - (rank - inRank);
    bool fixed = j >= 0 && in[j] != 1, given = i - (rank - k) >= 0;
    // A dim that is not 1 in the input, or that 'shape' does not reach,
    // is the input's (or 1).
    if ((fixed || !given) && out[i] != (j >= 0 ? in[j] : 1))
      return ic.emitError() << "the declared output shape [" << out
                            << "] is not a broadcast of the input's [" << in << "]";
    if (!given)
      continue;
    expected.push_back(out[i]);
    oneAllowed.push_back(fixed);
  }
  FailureOr<Value> exact = equalsConst(ic, *shape, expected);
  FailureOr<Value> one = equalsConst(ic, *shape, SmallVector<int64_t>(k, 1));
  if (failed(exact) || failed(one))
    return failure();
  FailureOr<Value> ok = orMasked(ic, *exact, *one, oneAllowed);
  if (failed(ok))
    return failure();
  FailureOr<Value> all = allTrue(ic, *ok);
  FailureOr<Value> expanded = ic.createTyped<ExpandOp>(*declared, x);
  if (failed(all) || failed(expanded))
    return failure();
  return checked(ic, *all, *expanded,
                 "the 'shape' input does not give the declared output shape " +
                     dimsText(out));
}

FailureOr<Value> onnx_import::tileRuntimeRepeats(ImportContext &ic, Value x) {
  FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "repeats");
  FailureOr<Value> repeats = runtimeIntVector(ic, 1, "repeats");
  if (failed(declared) || failed(repeats))
    return failure();
  ArrayRef<int64_t> out = declared->getShape(), in = shapeOf(x);
  if (shapeOf(*repeats)[0] != (int64_t)in.size() || out.size() != in.size())
    return ic.emitError() << "'repeats' and the declared output need the input's rank "
                          << in.size();
  SmallVector<int64_t> expected;
  SmallVector<bool> anyRepeat;
  for (auto [o, i] : llvm::zip(out, in)) {
    if (i == 0 ? o != 0 : o % i != 0)
      return ic.emitError() << "the declared output shape [" << out
                            << "] does not tile the input's [" << in << "]";
    expected.push_back(i == 0 ? 1 : o / i);
    anyRepeat.push_back(i == 0);
  }
  FailureOr<Value> exact = equalsConst(ic, *repeats, expected);
  if (failed(exact))
    return failure();
  // An empty input dim takes any repeat count: those are always true.
  FailureOr<Value> ok = *exact;
  if (llvm::any_of(anyRepeat, [](bool b) { return b; }))
    ok = ic.create<OrOp>(*exact, boolConstant(ic, anyRepeat));
  FailureOr<Value> all = failed(ok) ? FailureOr<Value>(failure()) : allTrue(ic, *ok);
  FailureOr<Value> tiled = ic.create<TileOp>(x, ArrayRef<int64_t>(expected));
  if (failed(all) || failed(tiled))
    return failure();
  return checked(ic, *all, *tiled,
                 "the 'repeats' input does not give the declared output shape " +
                     dimsText(out));
}
