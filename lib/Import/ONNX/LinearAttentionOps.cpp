//===- LinearAttentionOps.cpp - LinearAttention unrolled over time ---------===//
//
// LinearAttention (opset 27) keeps a [B, H_kv, d_k, d_v] state and, per time
// step t, following ONNX's reference in f32:
//
//   gated:  S = S * exp(g_t)                        (per head or per key dim)
//   delta:  v_t = beta_t * (v_t - k_t S)
//   write:  S = S + k_t^T v_t                        (outer product)
//   read:   o_t = scale * q_t S'   (S' repeats each KV head for its query heads)
//
// The sequence length is static, so the steps unroll; q/k/v stay [B, H, 1, D]
// rows so the read and the retrieval are batched matmuls.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

/// [B, T, H*D] -> [B, H, T, D] in f32.
static V splitHeadsF32(DecompositionBuilder &b, Value x, int64_t heads, int64_t dim) {
  ArrayRef<int64_t> s = shapeOf(x);
  Type f32 = Float32Type::get(x.getContext());
  return b.cast(b.transpose(b.reshape(x, {s[0], s[1], heads, dim}), {0, 2, 1, 3}), f32);
}

/// Row `t` of a [B, H, T, D] tensor: [B, H, 1, D].
static V step(DecompositionBuilder &b, V x, int64_t t) { return b.sliceDim(x, 2, t, t + 1); }

static LogicalResult importLinearAttention(ImportContext &ic) {
  FailureOr<Value> q = ic.input(0), k = ic.input(1), v = ic.input(2);
  if (failed(q) || failed(k) || failed(v))
    return failure();
  Value past = ic.optionalInput(3), decay = ic.optionalInput(4), beta = ic.optionalInput(5);
  std::string rule = ic.getString("update_rule", "gated_delta");
  if (!llvm::is_contained({"linear", "gated", "delta", "gated_delta"}, rule))
    return ic.emitError() << "attribute 'update_rule' value '" << rule << "' is not supported";
  bool gating = rule == "gated" || rule == "gated_delta";
  bool deltaRule = rule == "delta" || rule == "gated_delta";
  if (gating != (decay != nullptr))
    return ic.emitError() << "update_rule '" << rule << "' " << (gating ? "needs" : "forbids")
                          << " the 'decay' input";
  if (deltaRule != (beta != nullptr))
    return ic.emitError() << "update_rule '" << rule << "' " << (deltaRule ? "needs" : "forbids")
                          << " the 'beta' input";
  int64_t hq = ic.getInt("q_num_heads", 0), hkv = ic.getInt("kv_num_heads", 0);
  if (hq <= 0 || hkv <= 0 || hq % hkv != 0)
    return ic.emitError() << "'q_num_heads' (" << hq << ") must be a positive multiple of "
                          << "'kv_num_heads' (" << hkv << ")";
  ArrayRef<int64_t> qs = shapeOf(*q), ks = shapeOf(*k), vs = shapeOf(*v);
  if (qs.size() != 3 || ks.size() != 3 || vs.size() != 3 || qs[2] % hq || ks[2] % hkv ||
      vs[2] % hkv || ks[0] != qs[0] || vs[0] != qs[0] || ks[1] != qs[1] || vs[1] != qs[1])
    return ic.emitError() << "query, key and value must be [B, T, H*D] with the hidden sizes "
                             "divisible by their head counts";
  int64_t batch = qs[0], steps = qs[1], dk = qs[2] / hq, dv = vs[2] / hkv, group = hq / hkv;
  if (ks[2] / hkv != dk)
    return ic.emitError() << "key head size " << ks[2] / hkv << " differs from query's " << dk;

  DecompositionBuilder b(ic);
  Type f32 = Float32Type::get(ic.getContext());
  V q4 = splitHeadsF32(b, *q, hq, dk), k4 = splitHeadsF32(b, *k, hkv, dk),
    v4 = splitHeadsF32(b, *v, hkv, dv);
  V gate = failure(), beta4 = failure();
  if (decay) {
    ArrayRef<int64_t> ds = shapeOf(decay);
    if (ds.size() != 3 || ds[0] != batch || ds[1] != steps ||
        (ds[2] != hkv && ds[2] != hkv * dk))
      return ic.emitError() << "'decay' must be [B, T, kv_num_heads] or [B, T, kv_num_heads*d_k]";
    gate = b.unary<ExpOp>(splitHeadsF32(b, decay, hkv, ds[2] / hkv));
  }
  if (beta) {
    ArrayRef<int64_t> bs = shapeOf(beta);
    if (bs.size() != 3 || bs[0] != batch || bs[1] != steps || (bs[2] != hkv && bs[2] != 1))
      return ic.emitError() << "'beta' must be [B, T, kv_num_heads] or [B, T, 1]";
    beta4 = splitHeadsF32(b, beta, bs[2], 1);
  }
  SmallVector<int64_t> stateShape{batch, hkv, dk, dv};
  V state = past ? b.cast(past, f32) : V(b.splat(f32, stateShape, 0.0));
  if (past && shapeOf(past) != ArrayRef<int64_t>(stateShape))
    return ic.emitError() << "'past_state' must be [" << stateShape << "]";
  double scale = ic.getFloat("scale", 0.0);
  if (scale == 0.0)
    scale = 1.0 / std::sqrt((double)dk);

  SmallVector<V> outputs;
  for (int64_t t = 0; t < steps; ++t) {
    V kt = step(b, k4, t), vt = step(b, v4, t);
    if (gating) {
      // [B, H, 1, X] -> [B, H, X, 1]: the gate scales the key dims' rows.
      V g = step(b, gate, t);
      if (failed(g))
        return failure();
      ArrayRef<int64_t> gs = shapeOf(*g);
      state = b.mul(state, b.reshape(g, {gs[0], gs[1], gs[3], 1}));
    }
    if (deltaRule) {
      V retrieved = b.binary<MatMulOp>(kt, state);
      vt = b.mul(step(b, beta4, t), b.sub(vt, retrieved));
    }
    state = b.add(state, b.mul(b.reshape(kt, {batch, hkv, dk, 1}), vt));
    V read = state;
    if (group > 1)
      read = b.reshape(b.expand(b.reshape(state, {batch, hkv, 1, dk, dv}),
                                {batch, hkv, group, dk, dv}),
                       {batch, hq, dk, dv});
    outputs.push_back(b.mulS(b.binary<MatMulOp>(step(b, q4, t), read), scale));
    if (failed(outputs.back()))
      return failure();
  }
  V out = b.cast(b.reshape(b.transpose(b.concat(outputs, 2), {0, 2, 1, 3}),
                           {batch, steps, hq * dv}),
                 elementTypeOf(*q));
  V present = b.cast(state, past ? elementTypeOf(past) : elementTypeOf(*q));
  if (failed(out) || failed(present))
    return failure();
  ic.setResult(0, *out);
  ic.setResult(1, *present);
  return success();
}

void mlir::aicc::onnx_import::registerLinearAttentionOps(OpRegistry &r) {
  r["LinearAttention"] = importLinearAttention;
}
