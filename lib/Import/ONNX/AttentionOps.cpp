//===- AttentionOps.cpp - Attention (opsets 23-25), RotaryEmbedding --------===//
//
// Attention decomposes into aicc ops the way ONNX's reference and function
// body compute it:
//
//   Y = softmax(softcap((Q * sqrt(s)) @ (K * sqrt(s))^T) + bias) @ V
//
// with an additive bias of 0 and -inf built from attn_mask, is_causal, the
// sliding window (opset 25) and nonpad_kv_seqlen (opset 24). Causal and window
// masks are aligned bottom-right: a query at row i attends key j when
// j - i <= offset, offset being the past length (internal cache), or
// nonpad_kv_seqlen[b] - q_len (external cache, a run-time value), or 0. Rows
// whose bias is -inf everywhere give zero probabilities. 3-d inputs are split
// into heads; grouped-query attention repeats each KV head.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

namespace {
/// Everything the bias and the guard need, besides the node's attributes.
struct AttentionShape {
  int64_t batch, qLen, kvLen, pastLen;
  Type et;
};
} // namespace

/// [B, S, H*D] -> [B, H, S, D].
static FailureOr<Value> splitHeads(ImportContext &ic, Value x, int64_t heads,
                                   StringRef what) {
  ArrayRef<int64_t> s = shapeOf(x);
  if (heads <= 0 || s[2] % heads != 0)
    return ic.emitError() << "the hidden size " << s[2] << " of " << what
                          << " is not a multiple of the head count " << heads;
  FailureOr<Value> r = ic.reshape(x, {s[0], s[1], heads, s[2] / heads});
  if (failed(r))
    return failure();
  return ic.create<TransposeOp>(*r, ArrayRef<int64_t>{0, 2, 1, 3});
}

/// [B, Hk, S, D] -> [B, Hk * reps, S, D], each head repeated `reps` times in
/// place (h0, h0, h1, h1, ...).
static FailureOr<Value> repeatHeads(ImportContext &ic, Value x, int64_t reps) {
  ArrayRef<int64_t> s = shapeOf(x);
  SmallVector<int64_t> shape(s);
  FailureOr<Value> r = ic.reshape(x, {s[0], s[1], 1, s[2], s[3]});
  if (failed(r))
    return failure();
  r = ic.createTyped<ExpandOp>(
      RankedTensorType::get({s[0], s[1], reps, s[2], s[3]}, elementTypeOf(x)), *r);
  if (failed(r))
    return failure();
  return ic.reshape(*r, {s[0], s[1] * reps, s[2], s[3]});
}

/// where(allowed, 0, -inf) in the element type `et`.
static FailureOr<Value> additive(ImportContext &ic, Value allowed, Type et) {
  return ic.create<WhereOp>(allowed, ic.scalar(et, 0.0), ic.scalar(et, -INFINITY));
}

/// The causal and sliding-window masks. With a compile-time offset they are
/// [q, kv] constants; with nonpad_kv_seqlen they compare the constant table of
/// j - i with the per-batch offset and are [B, 1, q, kv].
static FailureOr<Value> positionMask(ImportContext &ic, const AttentionShape &a,
                                     bool causal, int64_t left, int64_t right,
                                     Value nonpad) {
  MLIRContext *ctx = ic.getContext();
  Type i1 = IntegerType::get(ctx, 1), i64 = IntegerType::get(ctx, 64);
  if (!nonpad) {
    SmallVector<bool> keep;
    for (int64_t i = 0; i < a.qLen; ++i)
      for (int64_t j = 0; j < a.kvLen; ++j) {
        int64_t u = j - i - a.pastLen;
        keep.push_back((!causal || u <= 0) && (left < 0 || u >= -left) &&
                       (right < 0 || u <= right));
      }
    return ic.constant(
        DenseElementsAttr::get(RankedTensorType::get({a.qLen, a.kvLen}, i1), keep));
  }
  SmallVector<int64_t> diag;
  for (int64_t i = 0; i < a.qLen; ++i)
    for (int64_t j = 0; j < a.kvLen; ++j)
      diag.push_back(j - i);
  Value table = ic.constant(DenseElementsAttr::get(
      RankedTensorType::get({a.qLen, a.kvLen}, i64), ArrayRef<int64_t>(diag)));
  if (elementTypeOf(nonpad) != i64) {
    FailureOr<Value> c = ic.createTyped<CastOp>(
        RankedTensorType::get(shapeOf(nonpad), i64), nonpad);
    if (failed(c))
      return failure();
    nonpad = *c;
  }
  FailureOr<Value> offset = ic.reshape(nonpad, {a.batch, 1, 1, 1});
  if (failed(offset) ||
      failed(offset = ic.create<SubOp>(*offset, ic.scalar(i64, (double)a.qLen))))
    return failure();
  Value allowed;
  auto combine = [&](FailureOr<Value> m) -> LogicalResult {
    if (failed(m))
      return failure();
    if (!allowed) {
      allowed = *m;
      return success();
    }
    FailureOr<Value> both = ic.create<AndOp>(allowed, *m);
    if (failed(both))
      return failure();
    allowed = *both;
    return success();
  };
  auto shifted = [&](int64_t by) {
    return by ? ic.create<AddOp>(*offset, ic.scalar(i64, (double)by)) : offset;
  };
  if (causal && failed(combine(ic.create<LessEqualOp>(table, *offset))))
    return failure();
  if (left >= 0) {
    FailureOr<Value> lo = shifted(-left);
    if (failed(lo) || failed(combine(ic.create<GreaterEqualOp>(table, *lo))))
      return failure();
  }
  if (right >= 0) {
    FailureOr<Value> hi = shifted(right);
    if (failed(hi) || failed(combine(ic.create<LessEqualOp>(table, *hi))))
      return failure();
  }
  return allowed;
}

/// The additive bias of attn_mask, the causal/window masks and the padding
/// of nonpad_kv_seqlen; null when there is none.
static FailureOr<Value> buildBias(ImportContext &ic, const AttentionShape &a,
                                  Value mask, Value nonpad) {
  Value bias;
  auto add = [&](FailureOr<Value> term) -> LogicalResult {
    if (failed(term))
      return failure();
    if (!bias) {
      bias = *term;
      return success();
    }
    FailureOr<Value> sum = ic.create<AddOp>(bias, *term);
    if (failed(sum))
      return failure();
    bias = *sum;
    return success();
  };
  if (mask) {
    FailureOr<Value> m = mask;
    if (elementTypeOf(mask).isInteger(1))
      m = additive(ic, mask, a.et);
    else if (elementTypeOf(mask) != a.et)
      m = ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(mask), a.et), mask);
    if (failed(m))
      return failure();
    // A mask shorter than the keys leaves the rest masked out.
    ArrayRef<int64_t> ms = shapeOf(*m);
    if (ms.empty() || ms.back() > a.kvLen)
      return ic.emitError() << "'attn_mask' does not fit " << a.kvLen << " keys";
    if (ms.back() < a.kvLen) {
      SmallVector<int64_t> pads(2 * ms.size(), 0);
      pads.back() = a.kvLen - ms.back();
      m = ic.create<PadOp>(*m, ArrayRef<int64_t>(pads), StringRef("constant"),
                           APFloat(-INFINITY));
    }
    if (failed(add(m)))
      return failure();
  }
  bool causal = ic.getInt("is_causal", 0) != 0;
  int64_t left = ic.getInt("left_window_size", -1),
          right = ic.getInt("right_window_size", -1);
  if (left < -1 || right < -1)
    return ic.emitError() << "attributes 'left_window_size' and "
                             "'right_window_size' must be -1 or non-negative";
  if (causal || left >= 0 || right >= 0) {
    FailureOr<Value> allowed = positionMask(ic, a, causal, left, right, nonpad);
    if (failed(allowed) || failed(add(additive(ic, *allowed, a.et))))
      return failure();
  }
  if (nonpad) {
    MLIRContext *ctx = ic.getContext();
    Type i64 = IntegerType::get(ctx, 64);
    Value keys = ic.constant(DenseElementsAttr::get(
        RankedTensorType::get({a.kvLen}, i64),
        ArrayRef<int64_t>(llvm::to_vector(llvm::seq<int64_t>(0, a.kvLen)))));
    FailureOr<Value> lens = nonpad;
    if (elementTypeOf(nonpad) != i64)
      lens = ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(nonpad), i64), nonpad);
    if (failed(lens) || failed(lens = ic.reshape(*lens, {a.batch, 1, 1, 1})))
      return failure();
    FailureOr<Value> valid = ic.create<LessOp>(keys, *lens);
    if (failed(valid) || failed(add(additive(ic, *valid, a.et))))
      return failure();
  }
  return bias;
}

static FailureOr<Value> castTo(ImportContext &ic, Value v, Type et) {
  if (elementTypeOf(v) == et)
    return v;
  return ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(v), et), v);
}

static LogicalResult importAttention(ImportContext &ic) {
  FailureOr<Value> q = ic.input(0), k = ic.input(1), v = ic.input(2);
  if (failed(q) || failed(k) || failed(v))
    return failure();
  Value mask = ic.optionalInput(3), pastKey = ic.optionalInput(4),
        pastValue = ic.optionalInput(5), nonpad = ic.optionalInput(6);
  if (!pastKey != !pastValue)
    return ic.emitError() << "expects 'past_key' and 'past_value' together";
  if (nonpad && pastKey)
    return ic.emitError() << "'nonpad_kv_seqlen' cannot be combined with a past cache";
  int64_t rank = shapeOf(*q).size();
  if (rank != 3 && rank != 4)
    return ic.emitError() << "expects 3-d or 4-d Q, K and V, got " << rank << "-d Q";
  if (shapeOf(*k).size() != (size_t)rank || shapeOf(*v).size() != (size_t)rank)
    return ic.emitError() << "expects Q, K and V of one rank";
  Type et = elementTypeOf(*q);
  if (!isa<FloatType>(et))
    return ic.emitError() << "expects floating-point Q, K and V";
  if (rank == 3) {
    if (!ic.hasAttr("q_num_heads") || !ic.hasAttr("kv_num_heads"))
      return ic.emitError() << "3-d inputs need attributes 'q_num_heads' and "
                               "'kv_num_heads'";
    int64_t qHeads = ic.getInt("q_num_heads", 0), kvHeads = ic.getInt("kv_num_heads", 0);
    if (failed(q = splitHeads(ic, *q, qHeads, "Q")) ||
        failed(k = splitHeads(ic, *k, kvHeads, "K")) ||
        failed(v = splitHeads(ic, *v, kvHeads, "V")))
      return failure();
  }
  ArrayRef<int64_t> qs = shapeOf(*q);
  Builder b(ic.getContext());

  // Q and K are both scaled by sqrt(scale), rounded to the input type.
  double scale = ic.hasAttr("scale") ? ic.getFloat("scale", 1.0)
                                     : 1.0 / std::sqrt((double)qs[3]);
  Value sqrtScale = ic.scalar(et, std::sqrt(scale));
  FailureOr<Value> qScaled = ic.create<MulOp>(*q, sqrtScale);
  if (failed(qScaled))
    return failure();

  Value presentKey = *k, presentValue = *v;
  int64_t pastLen = 0;
  if (pastKey) {
    pastLen = shapeOf(pastKey)[2];
    FailureOr<Value> pk = ic.create<ConcatOp>(ValueRange{pastKey, *k}, b.getI64IntegerAttr(2));
    FailureOr<Value> pv = ic.create<ConcatOp>(ValueRange{pastValue, *v}, b.getI64IntegerAttr(2));
    if (failed(pk) || failed(pv))
      return failure();
    presentKey = *pk;
    presentValue = *pv;
  }
  AttentionShape a{qs[0], qs[2], shapeOf(presentKey)[2], pastLen, et};
  FailureOr<Value> bias = buildBias(ic, a, mask, nonpad);
  if (failed(bias))
    return failure();

  // Grouped-query attention: each KV head serves qHeads / kvHeads query heads.
  Value keys = presentKey, values = presentValue;
  int64_t qHeads = qs[1], kvHeads = shapeOf(keys)[1];
  if (qHeads != kvHeads) {
    if (kvHeads == 0 || qHeads % kvHeads != 0 || shapeOf(values)[1] != kvHeads)
      return ic.emitError() << qHeads << " query heads cannot share " << kvHeads
                            << " key/value heads";
    FailureOr<Value> rk = repeatHeads(ic, keys, qHeads / kvHeads),
                     rv = repeatHeads(ic, values, qHeads / kvHeads);
    if (failed(rk) || failed(rv))
      return failure();
    keys = *rk;
    values = *rv;
  }
  FailureOr<Value> kScaled = ic.create<MulOp>(keys, sqrtScale), kt, qk;
  if (failed(kScaled) ||
      failed(kt = ic.create<TransposeOp>(*kScaled, ArrayRef<int64_t>{0, 1, 3, 2})) ||
      failed(qk = ic.create<MatMulOp>(*qScaled, *kt)))
    return failure();
  double softcap = ic.getFloat("softcap", 0.0);
  if (softcap > 0) {
    Value cap = ic.scalar(et, softcap);
    if (failed(qk = ic.create<DivOp>(*qk, cap)) || failed(qk = ic.create<TanhOp>(*qk)) ||
        failed(qk = ic.create<MulOp>(*qk, cap)))
      return failure();
  }
  FailureOr<Value> logits = qk;
  if (*bias && failed(logits = ic.create<AddOp>(*qk, *bias)))
    return failure();

  Type softmaxType = et;
  if (ic.hasAttr("softmax_precision")) {
    FailureOr<Type> t = convertElementType(ic.getContext(), ic.getInt("softmax_precision", 1),
                                           "softmax_precision", ic.getLoc());
    if (failed(t))
      return failure();
    if (!isa<FloatType>(*t))
      return ic.emitError() << "attribute 'softmax_precision' must be a floating-point type";
    softmaxType = *t;
  }
  FailureOr<Value> probs = castTo(ic, *logits, softmaxType);
  if (failed(probs) ||
      failed(probs = ic.create<SoftmaxOp>(*probs, b.getI64IntegerAttr(3))))
    return failure();
  if (*bias) {
    // Rows the bias masks out entirely attend nothing: probabilities 0.
    int64_t biasRank = shapeOf(*bias).size();
    FailureOr<Value> rowMax = ic.create<ReduceMaxOp>(
        *bias, ArrayRef<int64_t>{biasRank - 1}, true);
    FailureOr<Value> masked;
    if (failed(rowMax) ||
        failed(masked = ic.create<EqualOp>(*rowMax, ic.scalar(et, -INFINITY))) ||
        failed(probs = ic.create<WhereOp>(*masked, ic.scalar(softmaxType, 0.0), *probs)))
      return failure();
  }
  if (failed(probs = castTo(ic, *probs, et)))
    return failure();

  int64_t mode = ic.getInt("qk_matmul_output_mode", 0);
  if (mode < 0 || mode > 3)
    return ic.emitError() << "attribute 'qk_matmul_output_mode' value " << mode
                          << " is not supported";
  Value qkOut = mode == 3 ? *probs : mode == 2 && *bias ? *logits : *qk;

  FailureOr<Value> y = ic.create<MatMulOp>(*probs, values);
  if (failed(y))
    return failure();
  if (rank == 3) {
    ArrayRef<int64_t> ys = shapeOf(*y);
    if (failed(y = ic.create<TransposeOp>(*y, ArrayRef<int64_t>{0, 2, 1, 3})) ||
        failed(y = ic.reshape(*y, {ys[0], ys[2], ys[1] * ys[3]})))
      return failure();
  }
  ic.setResult(0, *y);
  ic.setResult(1, presentKey);
  ic.setResult(2, presentValue);
  ic.setResult(3, qkOut);
  return success();
}

/// Slices the last dim of `x` from `start` to `end` by `step`.
static FailureOr<Value> lastDim(ImportContext &ic, Value x, int64_t start, int64_t end,
                                int64_t step = 1) {
  ArrayRef<int64_t> s = shapeOf(x);
  SmallVector<int64_t> starts(s.size(), 0), ends(s), steps(s.size(), 1);
  starts.back() = start;
  ends.back() = end;
  steps.back() = step;
  return ic.create<SliceOp>(x, starts, ends, steps);
}

/// RotaryEmbedding (opset 23), as ONNX's reference: on [B, S, H, D] (4-d
/// inputs are [B, H, S, D], 3-d ones [B, S, H*D]) the first
/// rotary_embedding_dim values of every head rotate as complex pairs (halves,
/// or even/odd with `interleaved`) by the cos/sin cache rows of each position.
static LogicalResult importRotaryEmbedding(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), cosCache = ic.input(1), sinCache = ic.input(2);
  if (failed(x) || failed(cosCache) || failed(sinCache))
    return failure();
  Value positions = ic.optionalInput(3);
  ArrayRef<int64_t> inShape = shapeOf(*x);
  int64_t rank = inShape.size();
  Builder b(ic.getContext());
  FailureOr<Value> in = *x;
  if (rank == 4) {
    in = ic.create<TransposeOp>(*x, ArrayRef<int64_t>{0, 2, 1, 3});
  } else if (rank == 3) {
    int64_t heads = ic.getInt("num_heads", 0);
    if (heads <= 0 || inShape[2] % heads != 0)
      return ic.emitError() << "3-d inputs need attribute 'num_heads' dividing "
                            << inShape[2];
    in = ic.reshape(*x, {inShape[0], inShape[1], heads, inShape[2] / heads});
  } else {
    return ic.emitError() << "expects a 3-d or 4-d input";
  }
  if (failed(in))
    return failure();
  ArrayRef<int64_t> s = shapeOf(*in);
  int64_t d = s[3], rd = ic.getInt("rotary_embedding_dim", 0);
  if (rd == 0)
    rd = d;
  if (rd <= 0 || rd > d || rd % 2 != 0)
    return ic.emitError() << "attribute 'rotary_embedding_dim' = " << rd
                          << " does not fit the head size " << d;
  bool interleaved = ic.getInt("interleaved", 0) != 0;
  FailureOr<Value> c = *cosCache, sn = *sinCache;
  if (positions && (failed(c = ic.create<GatherOp>(*c, positions, b.getI64IntegerAttr(0))) ||
                    failed(sn = ic.create<GatherOp>(*sn, positions, b.getI64IntegerAttr(0)))))
    return failure();
  SmallVector<int64_t> cacheShape{s[0], s[1], 1, rd / 2};
  if (shapeOf(*c) != ArrayRef<int64_t>{s[0], s[1], rd / 2} || shapeOf(*sn) != shapeOf(*c))
    return ic.emitError() << "the cos/sin caches do not give [" << s[0] << ", " << s[1]
                          << ", " << rd / 2 << "] values";
  if (failed(c = ic.reshape(*c, cacheShape)) || failed(sn = ic.reshape(*sn, cacheShape)))
    return failure();
  FailureOr<Value> x1 = interleaved ? lastDim(ic, *in, 0, rd, 2) : lastDim(ic, *in, 0, rd / 2),
                   x2 = interleaved ? lastDim(ic, *in, 1, rd, 2) : lastDim(ic, *in, rd / 2, rd);
  FailureOr<Value> cx1 = ic.create<MulOp>(*c, *x1), sx2 = ic.create<MulOp>(*sn, *x2),
                   sx1 = ic.create<MulOp>(*sn, *x1), cx2 = ic.create<MulOp>(*c, *x2), re, im,
                   rot;
  if (failed(x1) || failed(x2) || failed(cx1) || failed(sx2) || failed(sx1) || failed(cx2) ||
      failed(re = ic.create<SubOp>(*cx1, *sx2)) || failed(im = ic.create<AddOp>(*sx1, *cx2)))
    return failure();
  if (interleaved) {
    SmallVector<int64_t> pair{s[0], s[1], s[2], rd / 2, 1};
    if (failed(re = ic.reshape(*re, pair)) || failed(im = ic.reshape(*im, pair)) ||
        failed(rot = ic.create<ConcatOp>(ValueRange{*re, *im}, b.getI64IntegerAttr(4))) ||
        failed(rot = ic.reshape(*rot, {s[0], s[1], s[2], rd})))
      return failure();
  } else if (failed(rot = ic.create<ConcatOp>(ValueRange{*re, *im}, b.getI64IntegerAttr(3)))) {
    return failure();
  }
  if (rd < d) {
    FailureOr<Value> rest = lastDim(ic, *in, rd, d);
    if (failed(rest) ||
        failed(rot = ic.create<ConcatOp>(ValueRange{*rot, *rest}, b.getI64IntegerAttr(3))))
      return failure();
  }
  FailureOr<Value> y = rank == 4 ? ic.create<TransposeOp>(*rot, ArrayRef<int64_t>{0, 2, 1, 3})
                                 : ic.reshape(*rot, inShape);
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

void onnx_import::registerAttentionOps(OpRegistry &r) {
  r["Attention"] = importAttention;
  r["RotaryEmbedding"] = importRotaryEmbedding;
}
