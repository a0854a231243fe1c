//===- EinsumOps.cpp - ONNX Einsum as transposes, reductions and matmuls --===//
//
// Einsum is parsed into one label list per operand (an ellipsis becomes
// labels of its own, aligned right as numpy broadcasting does), then:
//  1. repeated labels in one operand take the diagonal: multiply by an
//     identity mask and sum the second occurrence away;
//  2. labels that no other operand and not the output use are summed away;
//  3. operands are combined left to right: labels shared and still needed
//     are batch dims, shared and no longer needed are contracted, the rest
//     are free; each pair is transpose + reshape + aicc.matmul + reshape;
//  4. the result is transposed into the output's label order.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"
#include "llvm/ADT/DenseSet.h"

#include <map>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

namespace {
/// Ellipsis dims get labels from here on; letters are their ASCII codes.
constexpr int kEllipsisLabel = 256;

/// An operand during the decomposition: its value and one label per dim.
struct Term {
  Value value;
  SmallVector<int> labels;
};
} // namespace

/// Parses one side of the equation ("ab...c") for an operand of `rank`
/// dims (-1 for the output, whose ellipsis has `ellipsisRank` dims).
static FailureOr<SmallVector<int>> parseTerm(ImportContext &ic, StringRef term,
                                             int64_t rank, int64_t &ellipsisRank) {
  SmallVector<int> labels;
  size_t dots = term.find("...");
  int64_t letters = 0;
  for (char ch : term)
    if (ch != '.') {
      if (!llvm::isAlpha(ch))
        return ic.emitError() << "attribute 'equation' has an invalid label '" << ch << "'";
      ++letters;
    }
  if (dots == StringRef::npos && term.count('.'))
    return ic.emitError() << "attribute 'equation' has a malformed ellipsis";
  int64_t e = 0;
  if (dots != StringRef::npos) {
    if (term.count('.') != 3)
      return ic.emitError() << "attribute 'equation' has more than one ellipsis in a term";
    e = rank < 0 ? ellipsisRank : rank - letters;
    if (e < 0)
      return ic.emitError() << "attribute 'equation' names more dims than an input has";
    if (rank >= 0)
      ellipsisRank = std::max(ellipsisRank, e);
  } else if (rank >= 0 && letters != rank) {
    return ic.emitError() << "attribute 'equation' names " << letters
                          << " dims for an input of rank " << rank;
  }
  for (size_t i = 0; i < term.size(); ++i) {
    if (i == dots) {
      // Right-aligned: an operand with fewer ellipsis dims has the last ones.
      for (int64_t k = 0; k < e; ++k)
        labels.push_back(kEllipsisLabel + (rank < 0 ? k : k + (ellipsisRank - e)));
      i += 2;
      continue;
    }
    labels.push_back(term[i]);
  }
  return labels;
}

static FailureOr<Value> transposeTo(ImportContext &ic, Term &t, ArrayRef<int> order) {
  SmallVector<int64_t> perm;
  for (int l : order)
    perm.push_back(llvm::find(t.labels, l) - t.labels.begin());
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return t.value;
  return ic.create<TransposeOp>(t.value, ArrayRef<int64_t>(perm));
}

/// Takes the diagonal of every label repeated within `t`.
static LogicalResult takeDiagonals(ImportContext &ic, Term &t) {
  for (size_t p = 0; p < t.labels.size(); ++p)
    for (size_t q = p + 1; q < t.labels.size(); ++q) {
      if (t.labels[p] != t.labels[q])
        continue;
      ArrayRef<int64_t> s = shapeOf(t.value);
      if (s[p] != s[q])
        return ic.emitError() << "label '" << (char)t.labels[p]
                              << "' repeats with sizes " << s[p] << " and " << s[q];
      Type et = elementTypeOf(t.value);
      SmallVector<int64_t> maskShape(s.size(), 1);
      maskShape[p] = maskShape[q] = s[p];
      SmallVector<Attribute> vals;
      Attribute one = isa<FloatType>(et) ? (Attribute)FloatAttr::get(et, 1.0)
                                         : IntegerAttr::get(et, 1);
      Attribute zero = isa<FloatType>(et) ? (Attribute)FloatAttr::get(et, 0.0)
                                          : IntegerAttr::get(et, 0);
      for (int64_t i = 0; i < s[p]; ++i)
        for (int64_t j = 0; j < s[p]; ++j)
          vals.push_back(i == j ? one : zero);
      Value eye = ic.constant(
          DenseElementsAttr::get(RankedTensorType::get(maskShape, et), vals));
      FailureOr<Value> m = ic.create<MulOp>(t.value, eye);
      if (failed(m) ||
          failed(m = ic.create<ReduceSumOp>(*m, ArrayRef<int64_t>{(int64_t)q}, false)))
        return failure();
      t.value = *m;
      t.labels.erase(t.labels.begin() + q);
      --q;
    }
  return success();
}

/// Sums away the labels of `t` that `needed` does not contain.
static LogicalResult sumUnneeded(ImportContext &ic, Term &t,
                                 function_ref<bool(int)> needed) {
  SmallVector<int64_t> axes;
  SmallVector<int> kept;
  for (auto [i, l] : llvm::enumerate(t.labels)) {
    if (needed(l))
      kept.push_back(l);
    else
      axes.push_back(i);
  }
  if (axes.empty())
    return success();
  FailureOr<Value> r = ic.create<ReduceSumOp>(t.value, ArrayRef<int64_t>(axes), false);
  if (failed(r))
    return failure();
  t.value = *r;
  t.labels = kept;
  return success();
}

static int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}

/// Combines two terms, keeping the labels `keep` asks for.
static FailureOr<Term> contract(ImportContext &ic, Term &a, Term &b,
                                function_ref<bool(int)> keep) {
  SmallVector<int> batch, inner, freeA, freeB;
  for (int l : a.labels) {
    bool inB = llvm::is_contained(b.labels, l);
    (inB ? (keep(l) ? batch : inner) : freeA).push_back(l);
  }
  for (int l : b.labels)
    if (!llvm::is_contained(a.labels, l))
      freeB.push_back(l);
  auto sizes = [](Term &t, ArrayRef<int> labels) {
    SmallVector<int64_t> s;
    for (int l : labels)
      s.push_back(shapeOf(t.value)[llvm::find(t.labels, l) - t.labels.begin()]);
    return s;
  };
  SmallVector<int64_t> innerA = sizes(a, inner), innerB = sizes(b, inner);
  if (innerA != innerB)
    return ic.emitError() << "contracted labels differ in size between operands";
  SmallVector<int> orderA(batch), orderB(batch);
  orderA.append(freeA);
  orderA.append(inner);
  orderB.append(inner);
  orderB.append(freeB);
  FailureOr<Value> ta = transposeTo(ic, a, orderA), tb = transposeTo(ic, b, orderB);
  if (failed(ta) || failed(tb))
    return failure();
  SmallVector<int64_t> batchA = sizes(a, batch), batchB = sizes(b, batch);
  SmallVector<int64_t> fa = sizes(a, freeA), fb = sizes(b, freeB);
  SmallVector<int64_t> shapeA(batchA), shapeB(batchB);
  shapeA.append({product(fa), product(innerA)});
  shapeB.append({product(innerA), product(fb)});
  FailureOr<Value> ra = ic.reshape(*ta, shapeA), rb = ic.reshape(*tb, shapeB), mm;
  if (failed(ra) || failed(rb) || failed(mm = ic.create<MatMulOp>(*ra, *rb)))
    return failure();
  SmallVector<int64_t> out(shapeOf(*mm).drop_back(2));
  out.append(fa);
  out.append(fb);
  FailureOr<Value> r = ic.reshape(*mm, out);
  if (failed(r))
    return failure();
  Term t{*r, batch};
  t.labels.append(freeA);
  t.labels.append(freeB);
  return t;
}

static LogicalResult importEinsum(ImportContext &ic) {
  std::string eq;
  for (char ch : ic.getString("equation", ""))
    if (!llvm::isSpace(ch))
      eq.push_back(ch);
  StringRef lhs = eq, rhs;
  bool explicitOut = StringRef(eq).contains("->");
  if (explicitOut)
    std::tie(lhs, rhs) = StringRef(eq).split("->");
  SmallVector<StringRef> inTerms;
  lhs.split(inTerms, ',');
  if (inTerms.size() != ic.getNumInputs())
    return ic.emitError() << "attribute 'equation' has " << inTerms.size()
                          << " input terms for " << ic.getNumInputs() << " inputs";
  SmallVector<Term> terms;
  int64_t ellipsisRank = 0;
  for (auto [i, term] : llvm::enumerate(inTerms)) {
    FailureOr<Value> v = ic.input(i);
    if (failed(v))
      return failure();
    FailureOr<SmallVector<int>> labels =
        parseTerm(ic, term, shapeOf(*v).size(), ellipsisRank);
    if (failed(labels))
      return failure();
    terms.push_back({*v, *labels});
  }
  // Relabel the ellipsis dims of operands parsed before the widest one.
  for (auto [i, term] : llvm::enumerate(inTerms)) {
    int64_t unused = ellipsisRank;
    FailureOr<SmallVector<int>> labels =
        parseTerm(ic, term, shapeOf(terms[i].value).size(), unused);
    if (failed(labels))
      return failure();
    terms[i].labels = *labels;
  }
  SmallVector<int> outLabels;
  if (explicitOut) {
    FailureOr<SmallVector<int>> labels = parseTerm(ic, rhs, -1, ellipsisRank);
    if (failed(labels))
      return failure();
    outLabels = *labels;
    llvm::SmallDenseSet<int> seen;
    for (int l : outLabels) {
      if (!seen.insert(l).second)
        return ic.emitError() << "attribute 'equation' repeats an output label";
      if (llvm::none_of(terms, [&](Term &t) { return llvm::is_contained(t.labels, l); }))
        return ic.emitError() << "attribute 'equation' has an output label no input has";
    }
  } else {
    // Implicit output: the ellipsis, then the letters used once, sorted.
    for (int64_t k = 0; k < ellipsisRank; ++k)
      outLabels.push_back(kEllipsisLabel + k);
    std::map<int, int> counts;
    for (Term &t : terms)
      for (int l : t.labels)
        if (l < kEllipsisLabel)
          ++counts[l];
    for (auto [l, n] : counts)
      if (n == 1)
        outLabels.push_back(l);
  }

  auto usedElsewhere = [&](size_t self, int l) {
    if (llvm::is_contained(outLabels, l))
      return true;
    for (auto [j, t] : llvm::enumerate(terms))
      if (j != self && llvm::is_contained(t.labels, l))
        return true;
    return false;
  };
  for (auto [i, t] : llvm::enumerate(terms))
    if (failed(takeDiagonals(ic, t)) ||
        failed(sumUnneeded(ic, t, [&](int l) { return usedElsewhere(i, l); })))
      return failure();
  Term acc = terms[0];
  for (size_t i = 1; i < terms.size(); ++i) {
    auto keep = [&](int l) {
      if (llvm::is_contained(outLabels, l))
        return true;
      for (size_t j = i + 1; j < terms.size(); ++j)
        if (llvm::is_contained(terms[j].labels, l))
          return true;
      return false;
    };
    FailureOr<Term> c = contract(ic, acc, terms[i], keep);
    if (failed(c))
      return failure();
    acc = *c;
  }
  if (failed(sumUnneeded(ic, acc, [&](int l) { return llvm::is_contained(outLabels, l); })))
    return failure();
  FailureOr<Value> r = transposeTo(ic, acc, outLabels);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

void onnx_import::registerEinsumOps(OpRegistry &r) { r["Einsum"] = importEinsum; }
