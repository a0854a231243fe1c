//===- RecurrentOps.cpp - RNN, GRU, LSTM unrolled over time ----------------===//
//
// The sequence length is static, so the recurrences unroll into one step of
// aicc ops per time step and direction (gate order as ONNX defines it):
//
//   RNN:  H = f(X W^T + H R^T + Wb + Rb)
//   GRU:  z, r = f(...), h = g(X Wh^T + (r * H) Rh^T + Rbh + Wbh)  (or
//         r * (H Rh^T + Rbh) with linear_before_reset), H = (1 - z) h + z H
//   LSTM: i, f, o = f(... + P * C), c = g(...), C = f C + i c, H = o h(C)
//
// The batch may be dynamic; the sequence length must be static.
// A run-time sequence_lens masks the steps at or past a batch's length: H
// and C keep their value and Y is 0 there (a reversed direction thus starts
// at its batch's last valid step).
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

namespace {
enum class Cell { RNN, GRU, LSTM };

/// The node's attributes and the static sizes of the recurrence.
struct Recurrence {
  Cell cell;
  int64_t seq, batch, input, hidden, dirs, gates;
  bool reverseOnly, layout;
  std::optional<double> clip;
  SmallVector<std::string> activations;
  Type et;
};

/// Sizes and helpers shared by the steps of one node.
class StepBuilder {
public:
  StepBuilder(ImportContext &ic, const Recurrence &r) : ic(ic), r(r) {}

  FailureOr<Value> slice(Value v, ArrayRef<std::pair<int64_t, int64_t>> ranges) {
    ArrayRef<int64_t> s = shapeOf(v);
    SmallVector<int64_t> starts(s.size(), 0), ends(s), steps(s.size(), 1);
    for (auto [d, range] : llvm::enumerate(ranges)) {
      if (range.first < 0)
        continue;
      starts[d] = range.first;
      ends[d] = range.second;
    }
    return ic.create<SliceOp>(v, starts, ends, steps);
  }

  /// Row `d` of a [dirs, ...] tensor without its leading dim.
  FailureOr<Value> direction(Value v, int64_t d) {
    SmallVector<std::pair<int64_t, int64_t>> ranges{{d, d + 1}};
    FailureOr<Value> s = slice(v, ranges);
    if (failed(s))
      return failure();
    return ic.reshape(*s, shapeOf(*s).drop_front());
  }

  /// Gate `g` (of size hidden) along the last dim.
  FailureOr<Value> gate(Value v, int64_t g) {
    SmallVector<std::pair<int64_t, int64_t>> ranges(shapeOf(v).size(), {-1, -1});
    ranges.back() = {g * r.hidden, (g + 1) * r.hidden};
    return slice(v, ranges);
  }

  FailureOr<Value> activate(Value v, unsigned which) {
    StringRef name = r.activations[which];
    if (name == "Tanh")
      return ic.create<TanhOp>(v);
    if (name == "Sigmoid")
      return ic.create<SigmoidOp>(v);
    if (name == "Relu")
      return ic.create<ReluOp>(v);
    return ic.emitError() << "activation '" << name << "' is not supported";
  }

  FailureOr<Value> clipped(Value v) {
    if (!r.clip)
      return v;
    mlir::Builder b(ic.getContext());
    return ic.createTyped<ClipOp>(v.getType(), v, Value(), Value(),
                                  b.getF64FloatAttr(-*r.clip), b.getF64FloatAttr(*r.clip));
  }

  FailureOr<Value> add(FailureOr<Value> a, Value b) {
    if (failed(a))
      return failure();
    return b ? ic.create<AddOp>(*a, b) : a;
  }

  ImportContext &ic;
  const Recurrence &r;
};
} // namespace

/// The weights of one direction, transposed for x @ W: [in, G*H], [H, G*H],
/// and the biases [G*H] (Wb + Rb; GRU keeps Rb of the h gate apart).
struct DirectionWeights {
  Value w, r, bias, hiddenRb, peep;
};

static FailureOr<DirectionWeights> loadDirection(StepBuilder &b, int64_t d, Value w, Value r,
                                                 Value bias, Value peep, bool rbApart) {
  ImportContext &ic = b.ic;
  DirectionWeights dw;
  FailureOr<Value> wd = b.direction(w, d), rd = b.direction(r, d);
  if (failed(wd) || failed(rd) ||
      failed(wd = ic.create<TransposeOp>(*wd, ArrayRef<int64_t>{1, 0})) ||
      failed(rd = ic.create<TransposeOp>(*rd, ArrayRef<int64_t>{1, 0})))
    return failure();
  dw.w = *wd;
  dw.r = *rd;
  int64_t gh = b.r.gates * b.r.hidden;
  if (bias) {
    FailureOr<Value> bd = b.direction(bias, d), wb, rb, sum;
    if (failed(bd) || failed(wb = b.slice(*bd, {{0, gh}})) ||
        failed(rb = b.slice(*bd, {{gh, 2 * gh}})))
      return failure();
    if (rbApart) {
      // Rbh joins r * (H Rh + Rbh); the sum keeps only Wbh for that gate.
      FailureOr<Value> rbzr = b.slice(*rb, {{0, 2 * b.r.hidden}}),
                       rbh = b.slice(*rb, {{2 * b.r.hidden, gh}});
      if (failed(rbzr) || failed(rbh))
        return failure();
      Value zero = ic.constant(DenseElementsAttr::get(
          RankedTensorType::get({b.r.hidden}, b.r.et), FloatAttr::get(b.r.et, 0.0)));
      mlir::Builder mb(ic.getContext());
      FailureOr<Value> rbNoH =
          ic.create<ConcatOp>(ValueRange{*rbzr, zero}, mb.getI64IntegerAttr(0));
      if (failed(rbNoH))
        return failure();
      rb = rbNoH;
      dw.hiddenRb = *rbh;
    }
    if (failed(sum = ic.create<AddOp>(*wb, *rb)))
      return failure();
    dw.bias = *sum;
  }
  if (peep) {
    FailureOr<Value> pd = b.direction(peep, d);
    if (failed(pd))
      return failure();
    dw.peep = *pd;
  }
  return dw;
}

/// One time step of one direction; updates `h` (and `c`).
static LogicalResult step(StepBuilder &b, const DirectionWeights &dw, Value xt, Value &h,
                          Value &c, unsigned actBase) {
  ImportContext &ic = b.ic;
  const Recurrence &r = b.r;
  FailureOr<Value> xw = ic.create<MatMulOp>(xt, dw.w), hr;
  if (failed(xw))
    return failure();
  if (r.cell == Cell::GRU) {
    FailureOr<Value> xg = b.add(xw, dw.bias), xz, xr, xh, rz, rr, rh;
    if (failed(xg) || failed(hr = ic.create<MatMulOp>(h, dw.r)) ||
        failed(xz = b.gate(*xg, 0)) || failed(xr = b.gate(*xg, 1)) ||
        failed(xh = b.gate(*xg, 2)) || failed(rz = b.gate(*hr, 0)) ||
        failed(rr = b.gate(*hr, 1)))
      return failure();
    FailureOr<Value> z = ic.create<AddOp>(*xz, *rz), rt = ic.create<AddOp>(*xr, *rr), ht;
    if (failed(z) || failed(rt) || failed(z = b.clipped(*z)) || failed(rt = b.clipped(*rt)) ||
        failed(z = b.activate(*z, actBase)) || failed(rt = b.activate(*rt, actBase)))
      return failure();
    if (ic.getInt("linear_before_reset", 0)) {
      if (failed(rh = b.gate(*hr, 2)) || failed(rh = b.add(rh, dw.hiddenRb)) ||
          failed(rh = ic.create<MulOp>(*rt, *rh)))
        return failure();
    } else {
      FailureOr<Value> rhRows = b.slice(dw.r, {{-1, -1}, {2 * r.hidden, 3 * r.hidden}}), gated;
      if (failed(rhRows) || failed(gated = ic.create<MulOp>(*rt, h)) ||
          failed(rh = ic.create<MatMulOp>(*gated, *rhRows)) || failed(rh = b.add(rh, dw.hiddenRb)))
        return failure();
    }
    if (failed(ht = ic.create<AddOp>(*xh, *rh)) || failed(ht = b.clipped(*ht)) ||
        failed(ht = b.activate(*ht, actBase + 1)))
      return failure();
    // H = (1 - z) * h + z * H = h + z * (H - h)
    FailureOr<Value> diff = ic.create<SubOp>(h, *ht), next;
    if (failed(diff) || failed(diff = ic.create<MulOp>(*z, *diff)) ||
        failed(next = ic.create<AddOp>(*ht, *diff)))
      return failure();
    h = *next;
    return success();
  }
  FailureOr<Value> g;
  if (failed(hr = ic.create<MatMulOp>(h, dw.r)) || failed(g = ic.create<AddOp>(*xw, *hr)) ||
      failed(g = b.add(g, dw.bias)))
    return failure();
  if (r.cell == Cell::RNN) {
    if (failed(g = b.clipped(*g)) || failed(g = b.activate(*g, actBase)))
      return failure();
    h = *g;
    return success();
  }
  // LSTM gates i, o, f, c; peepholes i, o, f.
  FailureOr<Value> gi = b.gate(*g, 0), go = b.gate(*g, 1), gf = b.gate(*g, 2),
                   gc = b.gate(*g, 3);
  if (failed(gi) || failed(go) || failed(gf) || failed(gc))
    return failure();
  auto peep = [&](FailureOr<Value> x, int64_t k, Value cell) -> FailureOr<Value> {
    if (failed(x) || !dw.peep)
      return x;
    FailureOr<Value> p = b.gate(dw.peep, k), pc;
    if (failed(p) || failed(pc = ic.create<MulOp>(*p, cell)))
      return failure();
    return ic.create<AddOp>(*x, *pc);
  };
  FailureOr<Value> i = peep(gi, 0, c), f = peep(gf, 2, c), ct, cNew, o, hNew;
  if (failed(i) || failed(f) || failed(i = b.clipped(*i)) || failed(f = b.clipped(*f)) ||
      failed(ct = b.clipped(*gc)) || failed(i = b.activate(*i, actBase)) ||
      failed(f = b.activate(*f, actBase)) || failed(ct = b.activate(*ct, actBase + 1)) ||
      failed(f = ic.create<MulOp>(*f, c)) || failed(i = ic.create<MulOp>(*i, *ct)) ||
      failed(cNew = ic.create<AddOp>(*f, *i)) || failed(o = peep(go, 1, *cNew)) ||
      failed(o = b.clipped(*o)) || failed(o = b.activate(*o, actBase)) ||
      failed(hNew = b.activate(*cNew, actBase + 2)) || failed(hNew = ic.create<MulOp>(*o, *hNew)))
    return failure();
  h = *hNew;
  c = *cNew;
  return success();
}

template <Cell C>
static LogicalResult importRecurrence(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), w = ic.input(1), rw = ic.input(2);
  if (failed(x) || failed(w) || failed(rw))
    return failure();
  Recurrence r;
  r.cell = C;
  r.gates = C == Cell::RNN ? 1 : C == Cell::GRU ? 3 : 4;
  r.layout = ic.getInt("layout", 0) != 0;
  r.et = elementTypeOf(*x);
  if (!isa<FloatType>(r.et))
    return ic.emitError() << "expects a floating-point input";
  if (shapeOf(*x).size() != 3)
    return ic.emitError() << "expects a 3-d input";
  if (r.layout && failed(x = ic.create<TransposeOp>(*x, ArrayRef<int64_t>{1, 0, 2})))
    return failure();
  r.seq = shapeOf(*x)[0];
  r.batch = shapeOf(*x)[1];
  r.input = shapeOf(*x)[2];
  // The steps unroll at compile time, so only the batch may be dynamic.
  if (ShapedType::isDynamic(r.seq) || ShapedType::isDynamic(r.input))
    return ic.emitError() << "the sequence length and input size must be static (the steps "
                             "unroll at compile time); only the batch may be dynamic: pin the "
                             "graph inputs' symbolic dimensions with -input-shape NAME:D1xD2x...";
  r.hidden = ic.getInt("hidden_size", shapeOf(*rw).back());
  std::string direction = ic.getString("direction", "forward");
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
    return ic.emitError() << "attribute 'direction' value '" << direction
                          << "' is not supported";
  r.dirs = direction == "bidirectional" ? 2 : 1;
  r.reverseOnly = direction == "reverse";
  if (shapeOf(*w) != ArrayRef<int64_t>{r.dirs, r.gates * r.hidden, r.input} ||
      shapeOf(*rw) != ArrayRef<int64_t>{r.dirs, r.gates * r.hidden, r.hidden})
    return ic.emitError() << "W or R does not match hidden_size " << r.hidden
                          << " and the direction";
  if (ic.hasAttr("clip"))
    r.clip = ic.getFloat("clip", 0.0);
  if (C == Cell::LSTM && ic.getInt("input_forget", 0) != 0)
    return ic.emitError() << "attribute 'input_forget' = 1 is not supported";
  if (ic.hasAttr("activation_alpha") || ic.hasAttr("activation_beta"))
    return ic.emitError() << "attributes 'activation_alpha'/'activation_beta' are not supported";
  unsigned perDir = C == Cell::RNN ? 1 : C == Cell::GRU ? 2 : 3;
  if (const onnx::AttributeProto *a = ic.findAttr("activations")) {
    for (const std::string &s : a->strings())
      r.activations.push_back(s);
    if (r.activations.size() != perDir * r.dirs)
      return ic.emitError() << "attribute 'activations' needs " << perDir * r.dirs << " values";
  } else {
    SmallVector<std::string> dflt =
        C == Cell::RNN   ? SmallVector<std::string>{"Tanh"}
        : C == Cell::GRU ? SmallVector<std::string>{"Sigmoid", "Tanh"}
                         : SmallVector<std::string>{"Sigmoid", "Tanh", "Tanh"};
    for (int64_t d = 0; d < r.dirs; ++d)
      r.activations.append(dflt);
  }

  StepBuilder b(ic, r);
  mlir::Builder mb(ic.getContext());
  Value bias = ic.optionalInput(3), lens = ic.optionalInput(4), h0 = ic.optionalInput(5),
        c0 = C == Cell::LSTM ? ic.optionalInput(6) : Value(),
        peep = C == Cell::LSTM ? ic.optionalInput(7) : Value();
  auto initial = [&](Value v) -> FailureOr<Value> {
    if (!v && ShapedType::isDynamic(r.batch))
      return expandSymbolic(ic, ic.scalar(r.et, 0.0),
                            {mb.getIndexAttr(r.dirs), ic.dimSize(*x, 1), mb.getIndexAttr(r.hidden)});
    if (!v)
      return ic.constant(DenseElementsAttr::get(
          RankedTensorType::get({r.dirs, r.batch, r.hidden}, r.et), FloatAttr::get(r.et, 0.0)));
    return r.layout ? ic.create<TransposeOp>(v, ArrayRef<int64_t>{1, 0, 2}) : FailureOr<Value>(v);
  };
  FailureOr<Value> hInit = initial(h0), cInit = initial(c0);
  if (failed(hInit) || failed(cInit))
    return failure();

  // Per step t, whether each batch is still inside its sequence: [batch, 1].
  SmallVector<Value> valid(r.seq);
  if (lens) {
    Type i64 = IntegerType::get(ic.getContext(), 64);
    FailureOr<Value> l = lens;
    if (elementTypeOf(lens) != i64)
      l = ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(lens), i64), lens);
    if (failed(l) || failed(l = ic.reshape(*l, {r.batch, 1})))
      return failure();
    for (int64_t t = 0; t < r.seq; ++t) {
      FailureOr<Value> m = ic.create<LessOp>(ic.scalar(i64, (double)t), *l);
      if (failed(m))
        return failure();
      valid[t] = *m;
    }
  }
  Value zeroH = ic.scalar(r.et, 0.0);

  SmallVector<SmallVector<Value>> ys(r.dirs, SmallVector<Value>(r.seq));
  SmallVector<Value> hLast, cLast;
  for (int64_t d = 0; d < r.dirs; ++d) {
    FailureOr<DirectionWeights> dw =
        loadDirection(b, d, *w, *rw, bias, peep, C == Cell::GRU);
    FailureOr<Value> hd = b.direction(*hInit, d), cd = b.direction(*cInit, d);
    if (failed(dw) || failed(hd) || failed(cd))
      return failure();
    Value h = *hd, c = *cd;
    bool backward = r.reverseOnly || d == 1;
    for (int64_t k = 0; k < r.seq; ++k) {
      int64_t t = backward ? r.seq - 1 - k : k;
      FailureOr<Value> xt = b.slice(*x, {{t, t + 1}});
      if (failed(xt) || failed(xt = ic.reshape(*xt, {r.batch, r.input})))
        return failure();
      Value hNew = h, cNew = c;
      if (failed(step(b, *dw, *xt, hNew, cNew, perDir * d)))
        return failure();
      Value y = hNew;
      if (valid[t]) {
        FailureOr<Value> hm = ic.create<WhereOp>(valid[t], hNew, h),
                         cm = ic.create<WhereOp>(valid[t], cNew, c),
                         ym = ic.create<WhereOp>(valid[t], hNew, zeroH);
        if (failed(hm) || failed(cm) || failed(ym))
          return failure();
        hNew = *hm;
        cNew = *cm;
        y = *ym;
      }
      h = hNew;
      c = cNew;
      ys[d][t] = y;
    }
    hLast.push_back(h);
    cLast.push_back(c);
  }

  auto stack = [&](ArrayRef<Value> parts, ArrayRef<int64_t> partShape,
                   int64_t axis) -> FailureOr<Value> {
    SmallVector<Value> reshaped;
    for (Value p : parts) {
      FailureOr<Value> v = ic.reshape(p, partShape);
      if (failed(v))
        return failure();
      reshaped.push_back(*v);
    }
    if (reshaped.size() == 1)
      return reshaped[0];
    return ic.create<ConcatOp>(ValueRange(reshaped), mb.getI64IntegerAttr(axis));
  };
  // Y: [seq, dirs, batch, hidden] (layout 1: [batch, seq, dirs, hidden]).
  if (ic.hasOutput(0)) {
    SmallVector<Value> perDirY;
    for (int64_t d = 0; d < r.dirs; ++d) {
      FailureOr<Value> yd = stack(ys[d], {1, 1, r.batch, r.hidden}, 0);
      if (failed(yd))
        return failure();
      perDirY.push_back(*yd);
    }
    FailureOr<Value> y = perDirY.size() == 1
                             ? FailureOr<Value>(perDirY[0])
                             : ic.create<ConcatOp>(ValueRange(perDirY), mb.getI64IntegerAttr(1));
    if (failed(y) ||
        (r.layout && failed(y = ic.create<TransposeOp>(*y, ArrayRef<int64_t>{2, 0, 1, 3}))))
      return failure();
    ic.setResult(0, *y);
  }
  // Y_h, Y_c: [dirs, batch, hidden] (layout 1: [batch, dirs, hidden]).
  for (auto [idx, last] : {std::make_pair(1u, &hLast), std::make_pair(2u, &cLast)}) {
    if (!ic.hasOutput(idx) || (idx == 2 && C != Cell::LSTM))
      continue;
    FailureOr<Value> v = stack(*last, {1, r.batch, r.hidden}, 0);
    if (failed(v) ||
        (r.layout && failed(v = ic.create<TransposeOp>(*v, ArrayRef<int64_t>{1, 0, 2}))))
      return failure();
    ic.setResult(idx, *v);
  }
  return success();
}

void onnx_import::registerRecurrentOps(OpRegistry &r) {
  r["RNN"] = importRecurrence<Cell::RNN>;
  r["GRU"] = importRecurrence<Cell::GRU>;
  r["LSTM"] = importRecurrence<Cell::LSTM>;
}
