//===- NgramOps.cpp - TfIdfVectorizer over integer tokens ----------------===//
//
// TfIdfVectorizer counts, per row of token ids, how often each n-gram of its
// constant pool occurs, with gaps of up to `max_skip_count` tokens between
// the n-gram's items, then weights the counts (TF, IDF or TFIDF). The pool is
// known when aicc compiles, so every (n-gram, skip) pair becomes a handful of
// slices compared with constants: an n-gram (g_0 .. g_{n-1}) at skip distance
// d matches at position i when x[i + j*d] == g_j for every j, and its count
// is the number of such i. As in onnxruntime (and ONNX's reference),
// unigrams count once, not once per skip distance. String pools are out of
// scope (aicc compiles numeric tensors only).
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// Most slice-and-compare steps one TfIdfVectorizer may unroll into.
static constexpr int64_t kMaxMatchSteps = 16384;
/// Most output columns (distinct n-gram output indices) aicc builds.
static constexpr int64_t kMaxOutputColumns = 65536;

namespace {
struct Ngram {
  SmallVector<int64_t> tokens;
  int64_t outputIndex;
};
} // namespace

/// The pool's n-grams whose size is in [minN, maxN], with their output
/// indices (`ngram_indexes` is indexed by the n-gram's position among all
/// n-grams of the pool, counted from the 1-grams up).
static FailureOr<SmallVector<Ngram>> readPool(ImportContext &ic, int64_t minN, int64_t maxN) {
  if (ic.hasAttr("pool_strings"))
    return ic.emitError() << "a pool of strings needs string tensors, which aicc does not "
                             "compile (numeric tensors only); use token ids and pool_int64s";
  std::optional<SmallVector<int64_t>> pool = ic.getInts("pool_int64s");
  std::optional<SmallVector<int64_t>> counts = ic.getInts("ngram_counts");
  std::optional<SmallVector<int64_t>> indexes = ic.getInts("ngram_indexes");
  if (!pool || !counts || !indexes)
    return ic.emitError() << "expects the attributes 'pool_int64s', 'ngram_counts' and "
                             "'ngram_indexes'";
  SmallVector<Ngram> grams;
  int64_t id = 0, total = pool->size();
  for (auto [i, start] : llvm::enumerate(*counts)) {
    int64_t size = i + 1;
    int64_t end = i + 1 < counts->size() ? (*counts)[i + 1] : total;
    if (start < 0 || end < start || end > total)
      return ic.emitError() << "'ngram_counts' does not partition the pool of " << total
                            << " tokens";
    for (int64_t at = start; at + size <= end; at += size, ++id) {
      if (id >= (int64_t)indexes->size() || (*indexes)[id] < 0)
        return ic.emitError() << "'ngram_indexes' has no valid entry for n-gram " << id;
      if (size < minN || size > maxN)
        continue;
      grams.push_back({SmallVector<int64_t>(pool->begin() + at, pool->begin() + at + size),
                       (*indexes)[id]});
    }
  }
  return grams;
}

static LogicalResult importTfIdfVectorizer(ImportContext &ic) {
  FailureOr<Value> in = ic.input(0);
  if (failed(in))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*in);
  Type et = elementTypeOf(*in);
  if (!et.isInteger(32) && !et.isInteger(64))
    return ic.emitError() << "expects int32 or int64 token ids, got " << et;
  if (shape.empty() || shape.size() > 2 || ShapedType::isDynamicShape(shape))
    return ic.emitError() << "expects a static 1-D or 2-D input";
  int64_t minN = ic.getInt("min_gram_length", 0), maxN = ic.getInt("max_gram_length", 0);
  int64_t maxSkip = ic.getInt("max_skip_count", 0);
  std::string mode = ic.getString("mode", "");
  if (minN < 1 || maxN < minN || maxSkip < 0)
    return ic.emitError() << "needs 1 <= min_gram_length <= max_gram_length and "
                             "max_skip_count >= 0";
  if (mode != "TF" && mode != "IDF" && mode != "TFIDF")
    return ic.emitError() << "unknown mode '" << mode << "' (TF, IDF or TFIDF)";
  FailureOr<SmallVector<Ngram>> grams = readPool(ic, minN, maxN);
  if (failed(grams))
    return failure();
  SmallVector<int64_t> indexes = *ic.getInts("ngram_indexes");
  int64_t outSize = *llvm::max_element(indexes) + 1;
  // One column is built per output index, so an absurd index is refused
  // before anything is allocated for it.
  if (outSize > kMaxOutputColumns)
    return ic.emitError() << "'ngram_indexes' names output column " << outSize - 1
                          << "; aicc builds at most " << kMaxOutputColumns << " columns";
  std::optional<SmallVector<double>> weights = ic.getFloats("weights");
  if (weights && !weights->empty() && (int64_t)weights->size() < outSize)
    return ic.emitError() << "'weights' has " << weights->size() << " entries, the output "
                          << outSize;

  int64_t rows = shape.size() == 2 ? shape[0] : 1, len = shape.back();
  int64_t steps = 0;
  for (const Ngram &g : *grams)
    steps += g.tokens.size() * (g.tokens.size() == 1 ? 1 : maxSkip + 1);
  if (steps > kMaxMatchSteps)
    return ic.emitError() << "the pool unrolls into " << steps << " comparisons, more than the "
                          << kMaxMatchSteps << " aicc builds";

  DecompositionBuilder b(ic);
  Type f32 = Float32Type::get(ic.getContext());
  DecompositionBuilder::V x = b.reshape(*in, {rows, len});
  // Per output index, the sum of its n-grams' counts ([rows, 1] each).
  SmallVector<std::optional<DecompositionBuilder::V>> perOutput(outSize);
  for (const Ngram &g : *grams) {
    int64_t n = g.tokens.size();
    for (int64_t d = 1; d <= (n == 1 ? 1 : maxSkip + 1); ++d) {
      int64_t width = len - (n - 1) * d;
      if (width <= 0)
        break;
      DecompositionBuilder::V match;
      for (int64_t j = 0; j < n; ++j) {
        DecompositionBuilder::V items = b.sliceDim(x, 1, j * d, j * d + width);
        DecompositionBuilder::V eq = b.eq(items, b.scalarLike(items, g.tokens[j]));
        match = j == 0 ? eq : b.logicalAnd(match, eq);
      }
      DecompositionBuilder::V count = b.cast(match, f32);
      if (failed(count))
        return failure();
      count = ic.create<ReduceSumOp>(*count, ArrayRef<int64_t>{1}, true);
      std::optional<DecompositionBuilder::V> &acc = perOutput[g.outputIndex];
      acc = acc ? b.add(*acc, count) : count;
    }
  }
  SmallVector<DecompositionBuilder::V> columns;
  for (std::optional<DecompositionBuilder::V> &c : perOutput)
    columns.push_back(c ? *c : DecompositionBuilder::V(b.splat(f32, {rows, 1}, 0.0)));
  DecompositionBuilder::V tf = b.concat(columns, 1);

  DecompositionBuilder::V y = tf;
  bool weighted = weights && !weights->empty();
  Value w;
  if (weighted) {
    SmallVector<float> row(weights->begin(), weights->begin() + outSize);
    w = ic.constant(DenseElementsAttr::get(RankedTensorType::get({1, outSize}, f32),
                                           ArrayRef<float>(row)));
  }
  if (mode == "IDF") {
    DecompositionBuilder::V present = b.gtS(tf, 0.0);
    DecompositionBuilder::V ones = b.splat(f32, {rows, outSize}, 1.0);
    y = b.select(present, weighted ? b.expand(w, {rows, outSize}) : ones,
                 b.splat(f32, {rows, outSize}, 0.0));
  } else if (mode == "TFIDF" && weighted) {
    y = b.mul(tf, w);
  }
  FailureOr<Value> r = b.reshape(y, shape.size() == 2 ? SmallVector<int64_t>{rows, outSize}
                                                     : SmallVector<int64_t>{outSize});
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

void mlir::aicc::onnx_import::registerNgramOps(OpRegistry &r) {
  r["TfIdfVectorizer"] = importTfIdfVectorizer;
}
