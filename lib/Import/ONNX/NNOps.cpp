//===- NNOps.cpp - convolution, pooling, normalisation, softmax, resize ---===//
#include "DecompositionBuilder.h"
#include "WindowAttrs.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

FailureOr<Window> onnx_import::resolveWindow(ImportContext &ic, ArrayRef<int64_t> kernel,
                                            ArrayRef<int64_t> in) {
  size_t k = in.size();
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides = ic.getInts("strides").value_or(SmallVector<int64_t>(k, 1));
  w.dilations = ic.getInts("dilations").value_or(SmallVector<int64_t>(k, 1));
  w.pads = ic.getInts("pads").value_or(SmallVector<int64_t>(2 * k, 0));
  for (auto [name, vals, n] : {std::make_tuple("kernel_shape", &w.kernel, k),
                               std::make_tuple("strides", &w.strides, k),
                               std::make_tuple("dilations", &w.dilations, k),
                               std::make_tuple("pads", &w.pads, 2 * k)}) {
    if (vals->size() != n)
      return ic.emitError() << "attribute '" << name << "' has "
                            << vals->size() << " values, expected " << n;
    for (int64_t v : *vals)
      if (v < 0 || (v == 0 && StringRef(name) != "pads"))
        return ic.emitError() << "attribute '" << name
                              << "' has an invalid value " << v;
  }
  std::string autoPad = ic.getString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET")
    return w;
  if (autoPad == "VALID") {
    w.pads.assign(2 * k, 0);
    return w;
  }
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return ic.emitError() << "attribute 'auto_pad' has unsupported value '"
                          << autoPad << "'";
  for (size_t i = 0; i < k; ++i) {
    int64_t out = (in[i] + w.strides[i] - 1) / w.strides[i];
    int64_t total = std::max<int64_t>(
        0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 -
               in[i]);
    int64_t small = total / 2;
    w.pads[i] = autoPad == "SAME_UPPER" ? small : total - small;
    w.pads[i + k] = total - w.pads[i];
  }
  return w;
}

FailureOr<int64_t> onnx_import::spatialRank(ImportContext &ic, Value x) {
  int64_t rank = shapeOf(x).size();
  if (rank < 3)
    return ic.emitError() << "expects an input of rank >= 3 (N, C, D...), got "
                          << rank;
  return rank - 2;
}

static LogicalResult importConv(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), w = ic.input(1);
  if (failed(x) || failed(w) || failed(spatialRank(ic, *x)))
    return failure();
  ArrayRef<int64_t> ws = shapeOf(*w);
  SmallVector<int64_t> kernel = ic.getInts("kernel_shape").value_or(
      SmallVector<int64_t>(ws.drop_front(std::min<size_t>(2, ws.size()))));
  FailureOr<Window> win = resolveWindow(ic, kernel, shapeOf(*x).drop_front(2));
  if (failed(win))
    return failure();
  if (ArrayRef<int64_t>(win->kernel) != ws.drop_front(2))
    return ic.emitError() << "attribute 'kernel_shape' does not match the weight";
  Builder b(ic.getContext());
  FailureOr<Value> r = ic.create<ConvOp>(
      *x, *w, ic.optionalInput(2), b.getDenseI64ArrayAttr(win->strides),
      b.getDenseI64ArrayAttr(win->dilations), b.getDenseI64ArrayAttr(win->pads),
      b.getI64IntegerAttr(ic.getInt("group", 1)));
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// The weight of ConvTranspose as a Conv weight: [C, M/g, k...] ->
/// [M, C/g, k...] with every spatial dim reversed; folded on the host when
/// the weight is a constant.
static FailureOr<Value> transposedConvWeight(ImportContext &ic, Value w, int64_t group) {
  ArrayRef<int64_t> ws = shapeOf(w);
  int64_t c = ws[0], mg = ws[1], rank = ws.size();
  SmallVector<int64_t> grouped{group, c / group, mg}, perm{0, 2, 1}, merged{group * mg, c / group};
  grouped.append(ws.begin() + 2, ws.end());
  merged.append(ws.begin() + 2, ws.end());
  for (int64_t d = 3; d < rank + 1; ++d)
    perm.push_back(d);
  SmallVector<int64_t> starts(rank, 0), ends(merged), steps(rank, 1);
  for (int64_t d = 2; d < rank; ++d) {
    starts[d] = merged[d] - 1;
    ends[d] = -1;
    steps[d] = -1;
  }
  if (auto attr = ImportContext::getConstant(w))
    if (auto g = hostReshape(*attr, grouped))
      if (auto t = hostTranspose(*g, perm))
        if (auto m = hostReshape(*t, merged))
          if (auto f = hostSlice(*m, starts, steps, merged))
            return ic.constant(*f);
  FailureOr<Value> r = ic.reshape(w, grouped);
  if (failed(r) || failed(r = ic.create<TransposeOp>(*r, ArrayRef<int64_t>(perm))) ||
      failed(r = ic.reshape(*r, merged)))
    return failure();
  return ic.create<SliceOp>(*r, starts, ends, steps);
}

/// ConvTranspose as ONNX's reference computes it, through aicc.conv: the
/// input is spread by the strides (zeros between elements), padded by
/// (k' - 1 - pad_begin, k' - 1 - pad_end + output_padding) with k' the
/// dilated kernel extent (negative pads crop), and convolved at stride 1
/// with the flipped, channel-transposed weight. An `output_shape` sets the
/// end padding (auto_pad SAME_* derives the pads from it).
static LogicalResult importConvTranspose(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), w = ic.input(1);
  if (failed(x) || failed(w))
    return failure();
  FailureOr<int64_t> k = spatialRank(ic, *x);
  if (failed(k))
    return failure();
  ConvTransposeParams p;
  p.group = ic.getInt("group", 1);
  auto get = [&](StringRef name, int64_t n, int64_t dflt) {
    return ic.getInts(name).value_or(SmallVector<int64_t>(n, dflt));
  };
  p.strides = get("strides", *k, 1);
  p.dilations = get("dilations", *k, 1);
  p.outputPadding = get("output_padding", *k, 0);
  p.pads = get("pads", 2 * *k, 0);
  p.outputShape = ic.getInts("output_shape");
  p.autoPad = ic.getString("auto_pad", "NOTSET");
  ArrayRef<int64_t> ws = shapeOf(*w);
  if (auto ks = ic.getInts("kernel_shape");
      ks && ws.size() > 2 && *ks != SmallVector<int64_t>(ws.begin() + 2, ws.end()))
    return ic.emitError() << "attribute 'kernel_shape' does not match the weight";
  FailureOr<Value> r = buildConvTranspose(ic, *x, *w, ic.optionalInput(2), p);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

FailureOr<Value> onnx_import::buildConvTranspose(ImportContext &ic, Value x, Value w,
                                                 Value bias, ConvTransposeParams p) {
  int64_t k = (int64_t)shapeOf(x).size() - 2;
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  int64_t group = p.group;
  if (ws.size() != xs.size() || group <= 0 || xs[1] != ws[0] || ws[0] % group != 0)
    return ic.emitError() << "the weight does not match the input's channels and 'group'";
  SmallVector<int64_t> kernel(ws.begin() + 2, ws.end());
  SmallVector<int64_t> &strides = p.strides, &dil = p.dilations, &outPad = p.outputPadding,
                       &pads = p.pads;
  std::optional<SmallVector<int64_t>> &outShape = p.outputShape;
  if (strides.size() != (size_t)k || dil.size() != (size_t)k || outPad.size() != (size_t)k ||
      pads.size() != (size_t)(2 * k) || (outShape && outShape->size() != (size_t)k))
    return ic.emitError() << "attributes do not match " << k << " spatial dims";
  std::string autoPad = p.autoPad;
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return ic.emitError() << "attribute 'auto_pad' has unsupported value '" << autoPad << "'";
  SmallVector<int64_t> full(k), spread(xs.begin(), xs.begin() + 2);
  for (int64_t i = 0; i < k; ++i) {
    int64_t in = xs[i + 2], ext = (kernel[i] - 1) * dil[i] + 1;
    full[i] = strides[i] * (in - 1) + outPad[i] + ext;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      int64_t out = outShape ? (*outShape)[i] : in * strides[i];
      int64_t total = full[i] - out, half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      pads[i] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[i + k] = total - pads[i];
    } else if (autoPad == "VALID") {
      pads[i] = pads[i + k] = 0;
    }
  }
  // Spread: [N, C, D1, 1, D2, 1, ...] padded to [.., Di, si, ..], merged,
  // then cut after the last element.
  FailureOr<Value> v = x;
  if (llvm::any_of(strides, [](int64_t s) { return s != 1; })) {
    SmallVector<int64_t> inter(xs.begin(), xs.begin() + 2), merged(inter), cut(inter);
    SmallVector<int64_t> interPads(2 * (2 + 2 * k), 0);
    int64_t interRank = 2 + 2 * k;
    for (int64_t i = 0; i < k; ++i) {
      inter.append({xs[i + 2], 1});
      interPads[interRank + 3 + 2 * i] = strides[i] - 1;
      merged.push_back(xs[i + 2] * strides[i]);
      cut.push_back((xs[i + 2] - 1) * strides[i] + 1);
    }
    SmallVector<int64_t> zeros(cut.size(), 0), ones(cut.size(), 1);
    if (failed(v = ic.reshape(*v, inter)) ||
        failed(v = ic.create<PadOp>(*v, ArrayRef<int64_t>(interPads), StringRef("constant"),
                                    APFloat(0.0))) ||
        failed(v = ic.reshape(*v, merged)) || failed(v = ic.create<SliceOp>(*v, zeros, cut, ones)))
      return failure();
  }
  SmallVector<int64_t> convPads(2 * (2 + k), 0);
  for (int64_t i = 0; i < k; ++i) {
    int64_t ext = (kernel[i] - 1) * dil[i] + 1;
    int64_t out = outShape && autoPad == "NOTSET" ? (*outShape)[i]
                                                  : full[i] - pads[i] - pads[i + k];
    int64_t spreadLen = (xs[i + 2] - 1) * strides[i] + 1;
    convPads[2 + i] = ext - 1 - pads[i];
    convPads[2 + k + 2 + i] = out - spreadLen - convPads[2 + i] + ext - 1;
  }
  if (llvm::any_of(convPads, [](int64_t p) { return p != 0; }) &&
      failed(v = ic.create<PadOp>(*v, ArrayRef<int64_t>(convPads), StringRef("constant"),
                                  APFloat(0.0))))
    return failure();
  FailureOr<Value> wf = transposedConvWeight(ic, w, group);
  if (failed(wf))
    return failure();
  Builder b(ic.getContext());
  return ic.create<ConvOp>(
      *v, *wf, bias, b.getDenseI64ArrayAttr(SmallVector<int64_t>(k, 1)),
      b.getDenseI64ArrayAttr(dil), b.getDenseI64ArrayAttr(SmallVector<int64_t>(2 * k, 0)),
      b.getI64IntegerAttr(group));
}

template <typename OpTy>
static LogicalResult importPool(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x) || failed(spatialRank(ic, *x)))
    return failure();
  if (std::is_same_v<OpTy, MaxPoolOp> && ic.hasOutput(1))
    return importMaxPoolWithIndices(ic);
  std::optional<SmallVector<int64_t>> kernel = ic.getInts("kernel_shape");
  if (!kernel)
    return ic.emitError() << "expects attribute 'kernel_shape'";
  FailureOr<Window> win = resolveWindow(ic, *kernel, shapeOf(*x).drop_front(2));
  if (failed(win))
    return failure();
  Builder b(ic.getContext());
  bool ceil = ic.getInt("ceil_mode", 0) != 0;
  FailureOr<Value> r;
  if constexpr (std::is_same_v<OpTy, AvgPoolOp>)
    r = ic.create<AvgPoolOp>(*x, ArrayRef<int64_t>(win->kernel),
                             ArrayRef<int64_t>(win->strides),
                             ArrayRef<int64_t>(win->dilations),
                             ArrayRef<int64_t>(win->pads), ceil,
                             ic.getInt("count_include_pad", 0) != 0);
  else
    r = ic.create<MaxPoolOp>(*x, ArrayRef<int64_t>(win->kernel),
                             ArrayRef<int64_t>(win->strides),
                             ArrayRef<int64_t>(win->dilations),
                             ArrayRef<int64_t>(win->pads), ceil);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importGlobalAveragePool(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> r = ic.create<GlobalAvgPoolOp>(*x);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importGemm(ImportContext &ic) {
  FailureOr<Value> a = ic.input(0), b = ic.input(1);
  if (failed(a) || failed(b))
    return failure();
  FailureOr<Value> r = ic.create<GemmOp>(
      *a, *b, ic.optionalInput(2), APFloat(ic.getFloat("alpha", 1.0)),
      APFloat(ic.getFloat("beta", 1.0)), ic.getInt("transA", 0) != 0,
      ic.getInt("transB", 0) != 0);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importMatMul(ImportContext &ic) {
  FailureOr<Value> a = ic.input(0), b = ic.input(1);
  if (failed(a) || failed(b))
    return failure();
  FailureOr<Value> r = ic.create<MatMulOp>(*a, *b);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// BatchNormalization with training_mode = 1 (opset 14+), as ONNX's
/// reference: normalised with the batch statistics (mean and population
/// variance over every dim but 1); outputs 1 and 2 are the running mean and
/// variance, `input * momentum + batch * (1 - momentum)`.
static LogicalResult importBatchNormTraining(ImportContext &ic,
                                            ArrayRef<Value> in) {
  Value x = in[0];
  int64_t rank = shapeOf(x).size();
  if (rank < 2)
    return ic.emitError() << "expects an input of rank >= 2";
  SmallVector<int64_t> axes = {0};
  llvm::append_range(axes, llvm::seq<int64_t>(2, rank));
  Type et = elementTypeOf(x);
  double momentum = ic.getFloat("momentum", 0.9f);
  FailureOr<Value> meanKeep = ic.create<ReduceMeanOp>(x, ArrayRef<int64_t>(axes), true),
                   d, var, mean, y;
  if (failed(meanKeep) || failed(d = ic.create<SubOp>(x, *meanKeep)) ||
      failed(var = ic.create<MulOp>(*d, *d)) ||
      failed(var = ic.create<ReduceMeanOp>(*var, ArrayRef<int64_t>(axes), false)) ||
      failed(mean = ic.reshape(*meanKeep, shapeOf(*var))) ||
      failed(y = ic.create<BatchNormOp>(x, in[1], in[2], *mean, *var,
                                        APFloat(ic.getFloat("epsilon", 1e-5f)))))
    return failure();
  ic.setResult(0, *y);
  // running = input * momentum + batch * (1 - momentum), only when used.
  for (unsigned i : {1u, 2u}) {
    if (!ic.hasOutput(i))
      continue;
    Value input = in[i + 2], batch = i == 1 ? *mean : *var;
    FailureOr<Value> a = ic.create<MulOp>(input, ic.scalar(elementTypeOf(input), momentum)),
                     b = ic.create<MulOp>(batch, ic.scalar(et, 1.0 - momentum)), r;
    if (failed(a) || failed(b) || failed(r = ic.create<AddOp>(*a, *b)))
      return failure();
    ic.setResult(i, *r);
  }
  return success();
}

static LogicalResult importBatchNorm(ImportContext &ic) {
  bool training = ic.getOpset() >= 14 && ic.getInt("training_mode", 0) != 0;
  if (ic.getInt("training_mode", 0) != 0 && !training)
    return ic.emitError() << "attribute 'training_mode' needs opset 14";
  if (training) {
    FailureOr<SmallVector<Value>> operands = ic.inputs(5);
    if (failed(operands))
      return failure();
    return importBatchNormTraining(ic, *operands);
  }
  if (ic.getOpset() < 9 && ic.getInt("spatial", 1) != 1)
    return ic.emitError() << "attribute 'spatial' = 0 is not supported";
  for (unsigned i = 1; i < ic.getNumOutputs(); ++i)
    if (ic.hasOutput(i) && ic.isConsumed(ic.getNode().output(i)))
      return ic.emitError() << "training-mode output '"
                            << ic.getNode().output(i) << "' is not supported";
  FailureOr<SmallVector<Value>> operands = ic.inputs(5);
  if (failed(operands))
    return failure();
  ArrayRef<Value> in = *operands;
  FailureOr<Value> r = ic.create<BatchNormOp>(
      in[0], in[1], in[2], in[3], in[4],
      APFloat(ic.getFloat("epsilon", 1e-5f)));
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importGlobalMaxPool(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x) || failed(spatialRank(ic, *x)))
    return failure();
  auto axes = llvm::to_vector(llvm::seq<int64_t>(2, shapeOf(*x).size()));
  FailureOr<Value> r = ic.create<ReduceMaxOp>(*x, ArrayRef<int64_t>(axes), true);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// (x - mean) / sqrt(var + eps) over `axes` (kept), var = mean((x - mean)^2).
static FailureOr<Value> normalise(ImportContext &ic, Value x, ArrayRef<int64_t> axes,
                                  double eps) {
  FailureOr<Value> mean = ic.create<ReduceMeanOp>(x, axes, true), d, var, sd;
  if (failed(mean) || failed(d = ic.create<SubOp>(x, *mean)) ||
      failed(var = ic.create<MulOp>(*d, *d)) ||
      failed(var = ic.create<ReduceMeanOp>(*var, axes, true)) ||
      failed(sd = ic.create<AddOp>(*var, ic.scalar(elementTypeOf(x), eps))) ||
      failed(sd = ic.create<SqrtOp>(*sd)))
    return failure();
  return ic.create<DivOp>(*d, *sd);
}

/// Per-channel `scale * y + bias` with [C] operands applied along dim 1.
static FailureOr<Value> channelAffine(ImportContext &ic, Value y, Value scale,
                                      Value bias) {
  int64_t rank = shapeOf(y).size(), c = shapeOf(y)[1];
  SmallVector<int64_t> chShape(rank - 1, 1);
  chShape[0] = c;
  for (Value v : {scale, bias})
    if (shapeOf(v).size() != 1 || shapeOf(v)[0] != c)
      return ic.emitError() << "expects scale and bias of shape [" << c << "]";
  FailureOr<Value> s = ic.reshape(scale, chShape), b = ic.reshape(bias, chShape), r;
  if (failed(s) || failed(b) || failed(r = ic.create<MulOp>(y, *s)))
    return failure();
  return ic.create<AddOp>(*r, *b);
}

static LogicalResult importInstanceNorm(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), scale = ic.input(1), bias = ic.input(2);
  if (failed(x) || failed(scale) || failed(bias) || failed(spatialRank(ic, *x)))
    return failure();
  auto axes = llvm::to_vector(llvm::seq<int64_t>(2, shapeOf(*x).size()));
  FailureOr<Value> y = normalise(ic, *x, axes, ic.getFloat("epsilon", 1e-5f));
  if (failed(y) || failed(y = channelAffine(ic, *y, *scale, *bias)))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// GroupNormalization (opset 21: per-channel scale and bias): the channels
/// split into `num_groups` groups normalised over the group and the spatial
/// dims, in `stash_type`.
static LogicalResult importGroupNorm(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), scale = ic.input(1), bias = ic.input(2);
  if (failed(x) || failed(scale) || failed(bias) || failed(spatialRank(ic, *x)))
    return failure();
  if (ic.getOpset() < 21)
    return ic.emitError() << "GroupNormalization before opset 21 (per-group scale "
                             "and bias) is not supported";
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t groups = ic.getInt("num_groups", 0), n = shape[0], c = shape[1];
  if (groups <= 0 || c % groups != 0)
    return ic.emitError() << "attribute 'num_groups' = " << groups
                          << " does not divide " << c << " channels";
  FailureOr<Type> stash = convertElementType(
      ic.getContext(), ic.getInt("stash_type", 1), "stash_type", ic.getLoc());
  if (failed(stash))
    return failure();
  if (!isa<FloatType>(*stash))
    return ic.emitError() << "attribute 'stash_type' must be a floating-point type";
  Type et = elementTypeOf(*x);
  int64_t rest = 1;
  for (int64_t d : shape.drop_front(1))
    rest *= d;
  FailureOr<Value> g = ic.reshape(*x, {n, groups, rest / groups}), y;
  if (failed(g))
    return failure();
  if (et != *stash &&
      failed(g = ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(*g), *stash), *g)))
    return failure();
  if (failed(y = normalise(ic, *g, {2}, ic.getFloat("epsilon", 1e-5f))))
    return failure();
  if (et != *stash &&
      failed(y = ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(*y), et), *y)))
    return failure();
  if (failed(y = ic.reshape(*y, shape)) || failed(y = channelAffine(ic, *y, *scale, *bias)))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// LRN: y = x / (bias + alpha / size * sum of x^2 over the `size` channels
/// around c)^beta; the window sum adds `size` shifted slices of the squares,
/// zero-padded along the channels.
static LogicalResult importLRN(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x) || failed(spatialRank(ic, *x)))
    return failure();
  int64_t size = ic.getInt("size", 0);
  if (size <= 0)
    return ic.emitError() << "attribute 'size' must be positive";
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size(), c = shape[1];
  Type et = elementTypeOf(*x);
  SmallVector<int64_t> pads(2 * rank, 0);
  pads[1] = (size - 1) / 2;
  pads[rank + 1] = size - 1 - pads[1];
  FailureOr<Value> sq = ic.create<MulOp>(*x, *x), padded, sum;
  if (failed(sq) || failed(padded = ic.create<PadOp>(*sq, ArrayRef<int64_t>(pads),
                                                     StringRef("constant"), APFloat(0.0))))
    return failure();
  SmallVector<int64_t> starts(rank, 0), ends(shape), steps(rank, 1);
  for (int64_t i = 0; i < size; ++i) {
    starts[1] = i;
    ends[1] = i + c;
    FailureOr<Value> part = ic.create<SliceOp>(*padded, starts, ends, steps);
    if (failed(part) || (i && failed(part = ic.create<AddOp>(*sum, *part))))
      return failure();
    sum = part;
  }
  double alpha = ic.getFloat("alpha", 1e-4f), beta = ic.getFloat("beta", 0.75f),
         bias = ic.getFloat("bias", 1.0f);
  FailureOr<Value> den;
  if (failed(den = ic.create<MulOp>(*sum, ic.scalar(et, alpha / size))) ||
      failed(den = ic.create<AddOp>(*den, ic.scalar(et, bias))) ||
      failed(den = ic.create<PowOp>(*den, ic.scalar(et, beta))) ||
      failed(den = ic.create<DivOp>(*x, *den)))
    return failure();
  ic.setResult(0, *den);
  return success();
}

/// MeanVarianceNormalization: (x - mean) / (sqrt(E[x^2] - E[x]^2) + 1e-9)
/// over `axes` (default [0, 2, 3]), as ONNX's function body computes it.
static LogicalResult importMVN(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  SmallVector<int64_t> axes = ic.getInts("axes").value_or(SmallVector<int64_t>{0, 2, 3});
  for (int64_t &a : axes) {
    FailureOr<int64_t> n = ic.normaliseAxis(a, rank, "axes");
    if (failed(n))
      return failure();
    a = *n;
  }
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  FailureOr<Value> mean = ic.create<ReduceMeanOp>(*x, ArrayRef<int64_t>(axes), true),
                   sq = ic.create<MulOp>(*x, *x), meanSq, sqMean, var, sd, d, y;
  if (failed(mean) || failed(sq) ||
      failed(meanSq = ic.create<ReduceMeanOp>(*sq, ArrayRef<int64_t>(axes), true)) ||
      failed(sqMean = ic.create<MulOp>(*mean, *mean)) ||
      failed(var = ic.create<SubOp>(*meanSq, *sqMean)) || failed(sd = ic.create<SqrtOp>(*var)) ||
      failed(sd = ic.create<AddOp>(*sd, ic.scalar(elementTypeOf(*x), 1e-9))) ||
      failed(d = ic.create<SubOp>(*x, *mean)) || failed(y = ic.create<DivOp>(*d, *sd)))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// The Mean and InvStdDev outputs of LayerNormalization, in the stash type
/// with the normalised dims kept as 1, built from aicc reductions. Only
/// imported when the graph reads them.
static LogicalResult importLayerNormStats(ImportContext &ic, Value x,
                                          int64_t axis, double epsilon,
                                          FloatType stash) {
  if (elementTypeOf(x) != stash) {
    FailureOr<Value> c =
        ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(x), stash), x);
    if (failed(c))
      return failure();
    x = *c;
  }
  auto axes = llvm::to_vector(llvm::seq<int64_t>(axis, shapeOf(x).size()));
  FailureOr<Value> mean = ic.create<ReduceMeanOp>(x, ArrayRef<int64_t>(axes), true);
  if (failed(mean))
    return failure();
  FailureOr<Value> d = ic.create<SubOp>(x, *mean), sq, var, sd, inv;
  if (failed(d) || failed(sq = ic.create<MulOp>(*d, *d)) ||
      failed(var = ic.create<ReduceMeanOp>(*sq, ArrayRef<int64_t>(axes), true)))
    return failure();
  Value eps = ic.constant(DenseElementsAttr::get(RankedTensorType::get({}, stash),
                                                 FloatAttr::get(stash, epsilon)));
  if (failed(sd = ic.create<AddOp>(*var, eps)) ||
      failed(sd = ic.create<SqrtOp>(*sd)) ||
      failed(inv = ic.create<ReciprocalOp>(*sd)))
    return failure();
  ic.setResult(1, *mean);
  ic.setResult(2, *inv);
  return success();
}

static LogicalResult importLayerNorm(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), scale = ic.input(1);
  if (failed(x) || failed(scale))
    return failure();
  Value bias = ic.optionalInput(2);
  int64_t rank = shapeOf(*x).size();
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  FailureOr<Type> stash = convertElementType(
      ic.getContext(), ic.getInt("stash_type", 1), "stash_type", ic.getLoc());
  if (failed(stash))
    return failure();
  auto stashType = dyn_cast<FloatType>(*stash);
  if (!stashType)
    return ic.emitError() << "attribute 'stash_type' must be a floating-point type";
  double epsilon = ic.getFloat("epsilon", 1e-5f);
  FailureOr<Value> r = ic.create<LayerNormOp>(*x, *scale, bias, (uint64_t)*axis,
                                              APFloat(epsilon), stashType);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  bool stats = false;
  for (unsigned i : {1u, 2u})
    stats |= ic.hasOutput(i) && ic.isConsumed(ic.getNode().output(i));
  return stats ? importLayerNormStats(ic, *x, *axis, epsilon, stashType) : success();
}

/// RMSNormalization (opset 23): y = x / sqrt(mean(x^2 over axis..) + eps)
/// computed in the stash type, converted back, times `scale`.
static LogicalResult importRMSNorm(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), scale = ic.input(1);
  if (failed(x) || failed(scale))
    return failure();
  int64_t rank = shapeOf(*x).size();
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  FailureOr<Type> stash = convertElementType(
      ic.getContext(), ic.getInt("stash_type", 1), "stash_type", ic.getLoc());
  if (failed(stash))
    return failure();
  if (!isa<FloatType>(*stash))
    return ic.emitError() << "attribute 'stash_type' must be a floating-point type";
  Type et = elementTypeOf(*x);
  FailureOr<Value> xs = *x;
  if (et != *stash)
    xs = ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(*x), *stash), *x);
  auto axes = llvm::to_vector(llvm::seq<int64_t>(*axis, rank));
  FailureOr<Value> sq, ms, rms, y;
  if (failed(xs) || failed(sq = ic.create<MulOp>(*xs, *xs)) ||
      failed(ms = ic.create<ReduceMeanOp>(*sq, ArrayRef<int64_t>(axes), true)) ||
      failed(rms = ic.create<AddOp>(*ms, ic.scalar(*stash, ic.getFloat("epsilon", 1e-5f)))) ||
      failed(rms = ic.create<SqrtOp>(*rms)) || failed(rms = ic.create<ReciprocalOp>(*rms)) ||
      failed(y = ic.create<MulOp>(*xs, *rms)))
    return failure();
  if (et != *stash &&
      failed(y = ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(*x), et), *y)))
    return failure();
  if (failed(y = ic.create<MulOp>(*y, *scale)))
    return failure();
  if (shapeOf(*y) != shapeOf(*x))
    return ic.emitError() << "'scale' does not broadcast to the input's shape";
  ic.setResult(0, *y);
  return success();
}

/// LpNormalization: x / norm_p(x along axis), 0 where the norm is 0.
static LogicalResult importLpNorm(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  int64_t p = ic.getInt("p", 2);
  if (p != 1 && p != 2)
    return ic.emitError() << "attribute 'p' value " << p << " is not supported (1 or 2)";
  Type et = elementTypeOf(*x);
  FailureOr<Value> t = p == 1 ? ic.create<AbsOp>(*x) : ic.create<MulOp>(*x, *x), norm,
                   zero, q, y;
  if (failed(t) ||
      failed(norm = ic.create<ReduceSumOp>(*t, ArrayRef<int64_t>{*axis}, true)) ||
      (p == 2 && failed(norm = ic.create<SqrtOp>(*norm))) ||
      failed(zero = ic.create<EqualOp>(*norm, ic.scalar(et, 0.0))) ||
      failed(q = ic.create<DivOp>(*x, *norm)) ||
      failed(y = ic.create<WhereOp>(*zero, ic.scalar(et, 0.0), *q)))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// Softmax/LogSoftmax. Before opset 13 the op flattens the input to 2-d
/// around `axis`; that becomes reshape -> softmax(last axis) -> reshape.
template <typename OpTy>
static LogicalResult importSoftmax(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  if (rank == 0)
    return ic.emitError() << "expects an input of rank >= 1";
  bool legacy = ic.getOpset() < 13;
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", legacy ? 1 : -1), rank, "axis");
  if (failed(axis))
    return failure();
  Builder b(ic.getContext());
  FailureOr<Value> r;
  if (!legacy || *axis == rank - 1) {
    r = ic.create<OpTy>(*x, b.getI64IntegerAttr(*axis));
  } else {
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < *axis ? outer : inner) *= shape[d];
    FailureOr<Value> flat = ic.reshape(*x, {outer, inner});
    if (failed(flat))
      return failure();
    FailureOr<Value> s = ic.create<OpTy>(*flat, b.getI64IntegerAttr(1));
    if (failed(s))
      return failure();
    r = ic.reshape(*s, shape);
  }
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// Hardmax: 1 at the first maximum along the axis, 0 elsewhere, i.e.
/// cast(arg_max(x, axis, keepdims) == iota along the axis). Before opset 13
/// the input is flattened to 2-d around `axis` (default 1), as for Softmax.
static LogicalResult importHardmax(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  if (rank == 0)
    return ic.emitError() << "expects an input of rank >= 1";
  bool legacy = ic.getOpset() < 13;
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", legacy ? 1 : -1), rank, "axis");
  if (failed(axis))
    return failure();
  FailureOr<Value> in = *x;
  int64_t a = *axis;
  if (legacy) {
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < a ? outer : inner) *= shape[d];
    in = ic.reshape(*x, {outer, inner});
    a = 1;
  }
  if (failed(in))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*in);
  int64_t n = inShape[a];
  SmallVector<int64_t> iotaShape(inShape.size(), 1);
  iotaShape[a] = n;
  Value iota = ic.constant(DenseElementsAttr::get(
      RankedTensorType::get(iotaShape, IntegerType::get(ic.getContext(), 64)),
      ArrayRef<int64_t>(llvm::to_vector(llvm::seq<int64_t>(0, n)))));
  FailureOr<Value> best = ic.create<ArgMaxOp>(*in, a, true, false), hot, r;
  if (failed(best) || failed(hot = ic.create<EqualOp>(*best, iota)) ||
      failed(r = ic.createTyped<CastOp>(cast<RankedTensorType>(in->getType()), *hot)) ||
      failed(r = ic.reshape(*r, shape)))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// The constant float input `i`, treating an empty tensor as absent (opsets
/// 11-12 pass an empty `scales` alongside `sizes`).
static FailureOr<std::optional<SmallVector<double>>>
optionalConstFloats(ImportContext &ic, unsigned i, StringRef what) {
  if (!ic.hasInput(i))
    return std::optional<SmallVector<double>>();
  FailureOr<SmallVector<double>> v = ic.requireConstFloats(i, what);
  if (failed(v))
    return failure();
  if (v->empty())
    return std::optional<SmallVector<double>>();
  return std::optional<SmallVector<double>>(*v);
}

/// The source coordinate of output index `y` along one axis under ONNX's
/// coordinate_transformation_mode (`outWidth` = scale * input size);
/// `extrapolated` is set for tf_crop_and_resize outside the input.
static double resizeSourceCoordinate(StringRef ctm, int64_t y, double scale,
                                     int64_t in, int64_t out, double r0, double r1,
                                     bool &extrapolated) {
  double outWidth = scale * in;
  extrapolated = false;
  if (ctm == "align_corners")
    return outWidth == 1 ? 0.0 : y * (in - 1) / (outWidth - 1);
  if (ctm == "asymmetric")
    return y / scale;
  if (ctm == "tf_crop_and_resize") {
    double x = outWidth == 1 ? (r1 - r0) * (in - 1) / 2
                             : y * (r1 - r0) * (in - 1) / (outWidth - 1);
    x += r0 * (in - 1);
    extrapolated = x < 0 || x > in - 1;
    return x;
  }
  if (ctm == "pytorch_half_pixel")
    return outWidth == 1 ? -0.5 : (y + 0.5) / scale - 0.5;
  if (ctm == "half_pixel_symmetric") {
    double offset = in / 2.0 * (1 - out / outWidth);
    return offset + (y + 0.5) / scale - 0.5;
  }
  return (y + 0.5) / scale - 0.5; // half_pixel
}

/// The interpolation weights of one output point at fractional offset
/// `ratio` (in (0, 1]), ONNX's reference get_coeffs.
static SmallVector<double> resizeCoefficients(StringRef mode, StringRef nearest,
                                              bool antialias, double a,
                                              double ratio, double scale) {
  auto normalised = [](SmallVector<double> c) {
    double sum = 0;
    for (double v : c)
      sum += v;
    for (double &v : c)
      v /= sum;
    return c;
  };
  if (mode == "nearest") {
    if (ratio == std::floor(ratio))
      return {0, 1};
    if (nearest == "round_prefer_ceil")
      return {double(ratio < 0.5), double(ratio >= 0.5)};
    if (nearest == "floor")
      return {1, 0};
    if (nearest == "ceil")
      return {0, 1};
    return {double(ratio <= 0.5), double(ratio > 0.5)};
  }
  double sc = std::min(scale, 1.0);
  SmallVector<double> c;
  if (mode == "linear") {
    if (!antialias)
      return {1 - ratio, ratio};
    int64_t start = (int64_t)std::floor(-1 / sc) + 1;
    for (int64_t i = start; i < 2 - start; ++i)
      c.push_back(std::clamp(1 - std::fabs((i - ratio) * sc), 0.0, 1.0));
    return normalised(c);
  }
  auto cubic = [a](double x) {
    x = std::fabs(x);
    if (x <= 1)
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2)
      return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    return 0.0;
  };
  if (!antialias)
    return {cubic(ratio + 1), cubic(ratio), cubic(1 - ratio), cubic(2 - ratio)};
  int64_t start = (int64_t)std::floor(-2 / sc) + 1;
  for (int64_t i = start; i < 2 - start; ++i)
    c.push_back(cubic(sc * (i - ratio)));
  return normalised(c);
}

/// Resize as ONNX's reference computes it, one axis at a time: each output
/// point along the axis is a weighted sum of edge-clamped input taps, i.e.
/// a constant [out, in] matrix (built on the host) times the input viewed as
/// [outer, in, inner]. Used where aicc.resize has no equivalent: antialias
/// and tf_crop_and_resize (whose points outside the roi become
/// `extrapolation` through a constant mask). `roi` holds 2 * rank values.
static FailureOr<Value>
separableResize(ImportContext &ic, Value x, ArrayRef<int64_t> outShape,
                ArrayRef<double> scales, ArrayRef<double> roi, StringRef mode,
                StringRef ctm, StringRef nearest, bool antialias,
                bool excludeOutside, double extrapolation, double cubicA) {
  Type et = elementTypeOf(x);
  int64_t rank = outShape.size();
  auto close = [](double u, double v) {
    return std::fabs(u - v) <= 1e-9 * std::max(std::fabs(u), std::fabs(v));
  };
  Value cur = x;
  for (int64_t d = 0; d < rank; ++d) {
    SmallVector<int64_t> shape(shapeOf(cur));
    int64_t in = shape[d], out = outShape[d];
    double r0 = roi.empty() ? 0.0 : roi[d], r1 = roi.empty() ? 1.0 : roi[d + rank];
    if (close(scales[d], 1.0) && out == in && close(r0, 0.0) && close(r1, 1.0))
      continue;
    if (in <= 0 || out <= 0)
      return ic.emitError() << "Resize of dim " << d << " (" << in << " -> " << out
                            << ") with antialias or tf_crop_and_resize needs non-empty dims";
    if (in * out > kHostEvalElementLimit * 16)
      return ic.emitError() << "Resize along dim " << d << " (" << in << " -> "
                            << out << ") is too large for the separable form";
    SmallVector<double> weights(out * in, 0.0);
    SmallVector<bool> inside(out, true);
    bool anyOutside = false;
    for (int64_t y = 0; y < out; ++y) {
      bool extrapolated;
      double src = resizeSourceCoordinate(ctm, y, scales[d], in, out, r0, r1,
                                          extrapolated);
      if (extrapolated) {
        inside[y] = false;
        anyOutside = true;
        continue;
      }
      double ratio = src == std::floor(src) ? 1.0 : src - std::floor(src);
      SmallVector<double> c =
          resizeCoefficients(mode, nearest, antialias, cubicA, ratio, scales[d]);
      int64_t n = c.size(), pad = (n + 1) / 2;
      double xp = src + pad, p = std::floor(xp), frac = xp - p;
      int64_t offset = n % 2 == 0 ? (frac == 0 ? -(n / 2) : -(n / 2) + 1)
                                  : (frac <= 0.5 ? -((n - 1) / 2) : -((n - 1) / 2) + 1);
      int64_t start = (int64_t)p + offset - pad;
      if (excludeOutside) {
        double sum = 0;
        for (int64_t k = 0; k < n; ++k) {
          if (start + k < 0 || start + k >= in)
            c[k] = 0;
          sum += c[k];
        }
        for (double &v : c)
          v /= sum == 0 ? 1.0 : sum;
      }
      for (int64_t k = 0; k < n; ++k)
        weights[y * in + std::clamp<int64_t>(start + k, 0, in - 1)] += c[k];
    }
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < rank; ++i)
      if (i != d)
        (i < d ? outer : inner) *= shape[i];
    SmallVector<Attribute> w;
    for (double v : weights)
      w.push_back(FloatAttr::get(et, v));
    Value wc = ic.constant(DenseElementsAttr::get(RankedTensorType::get({out, in}, et), w));
    shape[d] = out;
    FailureOr<Value> r = ic.reshape(cur, {outer, in, inner});
    if (failed(r) || failed(r = ic.create<MatMulOp>(wc, *r)) ||
        failed(r = ic.reshape(*r, shape)))
      return failure();
    if (anyOutside) {
      SmallVector<int64_t> maskShape(rank, 1);
      maskShape[d] = out;
      Value mask = ic.constant(DenseElementsAttr::get(
          RankedTensorType::get(maskShape, IntegerType::get(ic.getContext(), 1)),
          ArrayRef<bool>(inside)));
      if (failed(r = ic.create<WhereOp>(mask, *r, ic.scalar(et, extrapolation))))
        return failure();
    }
    cur = *r;
  }
  return cur;
}

/// Linear tf_crop_and_resize whose `roi` (starts then ends of `axes`) is
/// known only at run time: separableResize's [out, in] weight matrix of each
/// axis built from graph arithmetic in f64 instead of on the host. The source
/// coordinate is ONNX's (`y * (r1 - r0) * (in - 1) / (out - 1) + r0 * (in - 1)`);
/// the taps floor(src) and floor(src) + 1, edge-clamped, get 1 - frac and frac;
/// points outside the input become `extrapolation`.
static FailureOr<Value> runtimeRoiLinearResize(ImportContext &ic, Value x, Value roi,
                                               ArrayRef<int64_t> outShape,
                                               ArrayRef<int64_t> axes, double extrapolation) {
  DecompositionBuilder b(ic);
  Type et = elementTypeOf(x), f64 = ic.getBuilder().getF64Type();
  int64_t rank = outShape.size(), k = axes.size();
  if (shapeOf(roi) != ArrayRef<int64_t>{2 * k})
    return ic.emitError() << "'roi' must hold " << 2 * k << " values";
  auto f64Iota = [&](int64_t n, ArrayRef<int64_t> shape) { return b.cast(b.iota(n, shape), f64); };
  DecompositionBuilder::V wideRoi = b.cast(roi, f64);
  Value cur = x;
  for (auto [i, d] : llvm::enumerate(axes)) {
    SmallVector<int64_t> shape(shapeOf(cur));
    int64_t in = shape[d], out = outShape[d];
    if (in <= 0 || out <= 0)
      return ic.emitError() << "Resize of dim " << d << " (" << in << " -> " << out
                            << ") with tf_crop_and_resize needs non-empty dims";
    DecompositionBuilder::V r0 = b.reshape(b.sliceDim(wideRoi, 0, i, i + 1), {}),
                            r1 = b.reshape(b.sliceDim(wideRoi, 0, k + i, k + i + 1), {});
    // In the reference's order of operations.
    DecompositionBuilder::V src =
        out == 1 ? b.div(b.mulS(b.sub(r1, r0), in - 1), b.scalarLike(r0, 2))
                 : b.div(b.mulS(b.mul(f64Iota(out, {out, 1}), b.sub(r1, r0)), in - 1),
                         b.scalarLike(r0, out - 1));
    src = b.add(src, b.mulS(r0, in - 1));
    DecompositionBuilder::V outside = b.logicalOr(b.ltS(src, 0), b.gtS(src, in - 1));
    DecompositionBuilder::V low = b.floor(src), frac = b.sub(src, low);
    DecompositionBuilder::V taps = f64Iota(in, {1, in});
    DecompositionBuilder::V w0 = b.select(b.eq(taps, b.clip(low, 0, in - 1)),
                                          b.rsubS(1.0, frac), b.scalarLike(frac, 0));
    DecompositionBuilder::V w1 = b.select(b.eq(taps, b.clip(b.addS(low, 1), 0, in - 1)), frac,
                                          b.scalarLike(frac, 0));
    DecompositionBuilder::V weights = b.cast(b.add(w0, w1), et);
    int64_t outer = 1, inner = 1;
    for (int64_t j = 0; j < rank; ++j)
      if (j != (int64_t)d)
        (j < (int64_t)d ? outer : inner) *= shape[j];
    shape[d] = out;
    SmallVector<int64_t> maskShape(rank, 1);
    maskShape[d] = out;
    DecompositionBuilder::V r = b.reshape(cur, {outer, in, inner});
    if (failed(weights) || failed(r) || failed(r = ic.create<MatMulOp>(*weights, *r)))
      return failure();
    r = b.select(b.reshape(outside, maskShape), b.scalarLike(r, extrapolation),
                 b.reshape(r, shape));
    if (failed(r))
      return failure();
    cur = *r;
  }
  return cur;
}

namespace {
/// What resizeRuntimeScales and runtimeScalesAntialiasResize share: the
/// declared output, the scales in f64 and the 0-d "they give it".
struct RuntimeScales {
  RankedTensorType declared;
  Value wide, ok;
};
} // namespace

/// Scales known only at run time (`scales`, one f32 per axis): the output
/// size is the declared one, and the run checks that floor(scale * in +
/// `bias`), with the scale in f64 (`wideScales` when given, else `scales`
/// widened), gives it. `what` names the input that made them.
static FailureOr<RuntimeScales> checkRuntimeScales(ImportContext &ic, Value x,
                                                   FailureOr<Value> scales, Value wideScales,
                                                   double bias, StringRef what,
                                                   ArrayRef<int64_t> axes) {
  FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, what);
  if (failed(declared) || failed(scales))
    return failure();
  ArrayRef<int64_t> in = shapeOf(x), out = declared->getShape();
  int64_t rank = in.size();
  auto st = cast<RankedTensorType>(scales->getType());
  if (st.getRank() != 1 || st.getDimSize(0) != (int64_t)axes.size() ||
      !st.getElementType().isF32())
    return ic.emitError() << "expects 'scales' as " << axes.size() << " f32 values, not " << st;
  if ((int64_t)out.size() != rank)
    return ic.emitError() << "the declared output has rank " << out.size() << ", not " << rank;
  SmallVector<double> inAxes, outAxes;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(axes, d) && out[d] != in[d])
      return ic.emitError() << "the declared output resizes dim " << d
                            << ", which 'axes' leaves alone";
  for (int64_t a : axes) {
    inAxes.push_back(in[a]);
    outAxes.push_back(out[a]);
  }
  // floor(in * scale) in f64, as ONNX's reference sizes the output.
  Type f64 = ic.getBuilder().getF64Type();
  auto f64Vector = [&](ArrayRef<double> v) {
    return ic.constant(DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)v.size()}, f64), ArrayRef<double>(v)));
  };
  FailureOr<Value> wide = wideScales ? FailureOr<Value>(wideScales)
                                     : ic.createTyped<CastOp>(st.clone(f64), *scales),
                   size, ok, all;
  if (failed(wide) || failed(size = ic.create<MulOp>(*wide, f64Vector(inAxes))) ||
      (bias != 0.0 && failed(size = ic.create<AddOp>(*size, ic.scalar(f64, bias)))) ||
      failed(size = ic.create<FloorOp>(*size)) ||
      failed(ok = ic.create<EqualOp>(*size, f64Vector(outAxes))) || failed(all = allTrue(ic, *ok)))
    return failure();
  return RuntimeScales{*declared, *wide, *all};
}

/// Resize whose scales are known only at run time: the coordinates use the
/// run-time scales (checkRuntimeScales checks the declared size).
static FailureOr<Value> resizeRuntimeScales(ImportContext &ic, Value x, FailureOr<Value> scales,
                                            Value wideScales, double bias, StringRef what,
                                            ArrayRef<int64_t> axes, StringRef mode,
                                            StringRef ctm, bool v10) {
  FailureOr<RuntimeScales> rs = checkRuntimeScales(ic, x, scales, wideScales, bias, what, axes);
  if (failed(rs))
    return failure();
  ArrayRef<int64_t> in = shapeOf(x), out = rs->declared.getShape();
  int64_t rank = in.size();
  auto st = cast<RankedTensorType>(scales->getType());
  SmallVector<double> placeholder(rank, 1.0);
  for (int64_t d = 0; d < rank; ++d)
    if (in[d] > 0 && out[d] > 0)
      placeholder[d] = double(out[d]) / in[d];
  // One scale per dim: 1 where `axes` leaves the dim alone.
  Value full = *scales;
  if (axes != ArrayRef<int64_t>(llvm::to_vector(llvm::seq<int64_t>(0, rank)))) {
    SmallVector<Value> parts;
    Type f32 = st.getElementType();
    for (int64_t d = 0; d < rank; ++d) {
      auto pos = llvm::find(axes, d);
      if (pos == axes.end()) {
        parts.push_back(ic.constant(DenseElementsAttr::get(
            RankedTensorType::get({1}, f32), FloatAttr::get(f32, 1.0))));
        continue;
      }
      int64_t i = pos - axes.begin();
      FailureOr<Value> one = ic.create<SliceOp>(*scales, ArrayRef<int64_t>{i},
                                                ArrayRef<int64_t>{i + 1}, ArrayRef<int64_t>{1});
      if (failed(one))
        return failure();
      parts.push_back(*one);
    }
    FailureOr<Value> joined = ic.create<ConcatOp>(parts, 0);
    if (failed(joined))
      return failure();
    full = *joined;
  }
  // Resize-10 rounds like Upsample: floor when enlarging, ceil when
  // shrinking; floor(in * s) >= in exactly when s >= 1.
  std::string nearest = ic.getString("nearest_mode", "round_prefer_floor");
  if (v10)
    nearest = llvm::all_of(llvm::zip(in, out), [](auto p) {
                return std::get<1>(p) >= std::get<0>(p);
              })
                  ? "floor"
                  : "ceil";
  FailureOr<Value> r = ic.createTyped<ResizeOp>(
      rs->declared, x, full, ArrayRef<double>(placeholder), mode, ctm, nearest,
      ic.getInt("exclude_outside", 0) != 0, APFloat(ic.getFloat("extrapolation_value", 0.0)),
      APFloat(ic.getFloat("cubic_coeff_a", -0.75)));
  if (failed(r))
    return failure();
  return checked(ic, rs->ok, *r, "the '" + what + "' input does not give the declared output shape");
}

/// Antialiased linear or cubic Resize whose `scales` are known only at run
/// time: separableResize's [out, in] weight matrix of each axis built from
/// graph arithmetic in f64. Every tap p in [-M, in + M) of output point y
/// weighs filter((p - src(y)) * min(scale, 1)), normalised over the taps
/// (those outside the input zeroed first with exclude_outside), and the taps
/// outside the input fold onto the edge (a constant [in + 2M, in] matrix).
/// That is ONNX's reference window: its taps are the ones where the filter
/// is not zero. M bounds the filter's reach, (1 or 2) / min(scale, 1), for
/// the smallest scale that gives the declared size, which is checked.
static FailureOr<Value> runtimeScalesAntialiasResize(ImportContext &ic, Value x, Value scales,
                                                     ArrayRef<int64_t> axes, StringRef mode,
                                                     StringRef ctm) {
  FailureOr<RuntimeScales> rs = checkRuntimeScales(ic, x, scales, Value(), 0.0, "scales", axes);
  if (failed(rs))
    return failure();
  DecompositionBuilder b(ic);
  Type et = elementTypeOf(x), f64 = ic.getBuilder().getF64Type();
  int64_t rank = shapeOf(x).size();
  bool cubic = mode == "cubic", excludeOutside = ic.getInt("exclude_outside", 0) != 0;
  double a = ic.getFloat("cubic_coeff_a", -0.75);
  Value cur = x;
  for (auto [i, d] : llvm::enumerate(axes)) {
    SmallVector<int64_t> shape(shapeOf(cur));
    int64_t in = shape[d], out = rs->declared.getDimSize(d);
    if (in <= 0 || out <= 0)
      return ic.emitError() << "Resize of dim " << d << " (" << in << " -> " << out
                            << ") with antialias needs non-empty dims";
    int64_t reach = (int64_t)std::ceil((cubic ? 2.0 : 1.0) * std::max(double(in) / out, 1.0));
    int64_t margin = reach + 2, taps = in + 2 * margin;
    if (out * taps > kHostEvalElementLimit * 16)
      return ic.emitError() << "Resize along dim " << d << " (" << in << " -> " << out
                            << ") is too large for the separable form";
    DecompositionBuilder::V scale = b.reshape(b.sliceDim(rs->wide, 0, i, i + 1), {});
    DecompositionBuilder::V sc = b.min(scale, b.scalarLike(scale, 1.0));
    DecompositionBuilder::V y = b.cast(b.iota(out, {out, 1}), f64);
    DecompositionBuilder::V outWidth = b.mulS(scale, in);
    // The source coordinate of each output point, as resizeSourceCoordinate.
    DecompositionBuilder::V centred = b.subS(b.div(b.addS(y, 0.5), scale), 0.5), src;
    if (ctm == "align_corners")
      src = b.select(b.eq(outWidth, b.scalarLike(outWidth, 1.0)), b.scalarLike(y, 0.0),
                     b.div(b.mulS(y, in - 1), b.subS(outWidth, 1.0)));
    else if (ctm == "asymmetric")
      src = b.div(y, scale);
    else if (ctm == "pytorch_half_pixel")
      src = b.select(b.eq(outWidth, b.scalarLike(outWidth, 1.0)), b.scalarLike(y, -0.5),
                     centred);
    else if (ctm == "half_pixel_symmetric")
      src = b.add(b.mulS(b.rsubS(1.0, b.div(b.scalarLike(outWidth, out), outWidth)), in / 2.0),
                  centred);
    else
      src = centred;
    SmallVector<double> positions;
    for (int64_t p = -margin; p < in + margin; ++p)
      positions.push_back(double(p));
    Value pos = ic.constant(DenseElementsAttr::get(RankedTensorType::get({1, taps}, f64),
                                                   ArrayRef<double>(positions)));
    DecompositionBuilder::V t = b.abs(b.mul(b.sub(pos, src), sc)), w;
    if (!cubic) {
      w = b.clip(b.rsubS(1.0, t), 0.0, 1.0);
    } else {
      // ((a + 2) t - (a + 3)) t^2 + 1 for t <= 1, ((a t - 5a) t + 8a) t - 4a
      // for t < 2, else 0.
      DecompositionBuilder::V near =
          b.addS(b.mul(b.subS(b.mulS(t, a + 2), a + 3), b.mul(t, t)), 1.0);
      DecompositionBuilder::V far =
          b.subS(b.mul(b.addS(b.mul(b.subS(b.mulS(t, a), 5 * a), t), 8 * a), t), 4 * a);
      w = b.select(b.le(t, b.scalarLike(t, 1.0)), near,
                   b.select(b.lt(t, b.scalarLike(t, 2.0)), far, b.scalarLike(t, 0.0)));
    }
    if (excludeOutside) {
      SmallVector<bool> insideTaps;
      for (int64_t p = -margin; p < in + margin; ++p)
        insideTaps.push_back(p >= 0 && p < in);
      Value mask = ic.constant(DenseElementsAttr::get(
          RankedTensorType::get({1, taps}, IntegerType::get(ic.getContext(), 1)),
          ArrayRef<bool>(insideTaps)));
      w = b.select(mask, w, b.scalarLike(w, 0.0));
    }
    if (failed(w))
      return failure();
    DecompositionBuilder::V sum = ic.create<ReduceSumOp>(*w, ArrayRef<int64_t>{1}, true);
    sum = b.select(b.eq(sum, b.scalarLike(sum, 0.0)), b.scalarLike(sum, 1.0), sum);
    w = b.div(w, sum);
    // Taps outside the input read its edge.
    SmallVector<double> fold(taps * in, 0.0);
    for (int64_t p = -margin; p < in + margin; ++p)
      fold[(p + margin) * in + std::clamp<int64_t>(p, 0, in - 1)] = 1.0;
    Value foldC = ic.constant(DenseElementsAttr::get(RankedTensorType::get({taps, in}, f64),
                                                     ArrayRef<double>(fold)));
    if (failed(w) || failed(w = ic.create<MatMulOp>(*w, foldC)))
      return failure();
    DecompositionBuilder::V weights = b.cast(w, et);
    int64_t outer = 1, inner = 1;
    for (int64_t j = 0; j < rank; ++j)
      if (j != (int64_t)d)
        (j < (int64_t)d ? outer : inner) *= shape[j];
    shape[d] = out;
    DecompositionBuilder::V r = b.reshape(cur, {outer, in, inner});
    if (failed(weights) || failed(r) || failed(r = ic.create<MatMulOp>(*weights, *r)) ||
        failed(r = b.reshape(r, shape)))
      return failure();
    cur = *r;
  }
  return checked(ic, rs->ok, cur, "the 'scales' input does not give the declared output shape");
}

/// Resize to run-time `sizes` (i64, one per axis) with keep_aspect_ratio_policy
/// not_larger (`smallest`) or not_smaller: one scale for every axis, the
/// smallest or largest of sizes / in, in f64 as ONNX's reference computes it;
/// the output is the declared one, round(in * scale) checked at run time.
static FailureOr<Value> resizeKeepAspectRatio(ImportContext &ic, Value x, Value sizes,
                                              ArrayRef<int64_t> axes, bool smallest,
                                              StringRef mode, StringRef ctm) {
  DecompositionBuilder b(ic);
  Type f64 = ic.getBuilder().getF64Type(), f32 = ic.getBuilder().getF32Type();
  SmallVector<double> inAxes;
  for (int64_t a : axes)
    inAxes.push_back(shapeOf(x)[a]);
  int64_t k = axes.size();
  Value in = ic.constant(DenseElementsAttr::get(RankedTensorType::get({k}, f64),
                                                ArrayRef<double>(inAxes)));
  DecompositionBuilder::V ratio = b.div(b.cast(sizes, f64), in);
  DecompositionBuilder::V common = b.sliceDim(ratio, 0, 0, 1);
  for (int64_t i = 1; i < k; ++i)
    common = smallest ? b.min(common, b.sliceDim(ratio, 0, i, i + 1))
                      : b.max(common, b.sliceDim(ratio, 0, i, i + 1));
  DecompositionBuilder::V wide = b.expand(common, {k});
  if (failed(wide))
    return failure();
  return resizeRuntimeScales(ic, x, b.cast(wide, f32), *wide, 0.5, "sizes", axes, mode, ctm,
                             /*v10=*/false);
}

static LogicalResult importResize(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size();
  bool v10 = ic.getOpset() < 11;
  std::string mode = ic.getString("mode", "nearest");
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return ic.emitError() << "attribute 'mode' value '" << mode
                          << "' is not supported";
  bool antialias = ic.getInt("antialias", 0) != 0;
  if (antialias && mode == "nearest")
    return ic.emitError() << "attribute 'antialias' = 1 needs mode 'linear' or 'cubic'";
  std::string ctm = v10 ? "asymmetric"
                        : ic.getString("coordinate_transformation_mode",
                                       "half_pixel");
  static const char *const ctms[] = {"half_pixel", "half_pixel_symmetric",
                                     "pytorch_half_pixel", "align_corners",
                                     "asymmetric", "tf_crop_and_resize",
                                     "tf_half_pixel_for_nn"};
  if (!llvm::is_contained(ctms, ctm))
    return ic.emitError() << "attribute 'coordinate_transformation_mode' value '"
                          << ctm << "' is not supported";
  SmallVector<int64_t> axes =
      ic.getInts("axes").value_or(llvm::to_vector(llvm::seq<int64_t>(0, rank)));
  for (int64_t &a : axes) {
    FailureOr<int64_t> n = ic.normaliseAxis(a, rank, "axes");
    if (failed(n))
      return failure();
    a = *n;
  }
  unsigned scalesInput = v10 ? 1 : 2;
  if (ic.isRuntimeInput(scalesInput) &&
      cast<RankedTensorType>(ic.optionalInput(scalesInput).getType()).getNumElements() != 0) {
    if (ctm == "tf_crop_and_resize")
      return ic.emitError() << "'scales' input of Resize must be a compile-time constant "
                               "with tf_crop_and_resize";
    FailureOr<Value> r =
        antialias ? runtimeScalesAntialiasResize(ic, *x, ic.optionalInput(scalesInput), axes,
                                                 mode, ctm)
                  : resizeRuntimeScales(ic, *x, ic.input(scalesInput), Value(), 0.0, "scales",
                                        axes, mode, ctm, v10);
    if (failed(r))
      return failure();
    ic.setResult(0, *r);
    return success();
  }
  auto scales = optionalConstFloats(ic, scalesInput, "scales");
  if (failed(scales))
    return failure();
  SmallVector<int64_t> out(in);
  SmallVector<double> full(rank, 1.0);
  Value sizesCheck;
  auto bindChecked = [&](FailureOr<Value> r) -> LogicalResult {
    if (succeeded(r) && sizesCheck)
      r = checked(ic, sizesCheck, *r, "the 'sizes' input does not match the declared output shape");
    if (failed(r))
      return failure();
    ic.setResult(0, *r);
    return success();
  };
  if (*scales) {
    if ((*scales)->size() != axes.size())
      return ic.emitError() << "'scales' has " << (*scales)->size()
                            << " values, expected " << axes.size();
    for (auto [a, s] : llvm::zip(axes, **scales)) {
      if (!(s > 0))
        return ic.emitError() << "'scales' must be positive";
      full[a] = s;
      out[a] = (int64_t)std::floor(in[a] * s);
    }
  } else {
    if (v10 || !ic.hasInput(3))
      return ic.emitError() << "expects a 'scales' or 'sizes' input";
    // Run-time sizes: the declared output's, checked when the model runs.
    FailureOr<SmallVector<int64_t>> sizes = failure();
    if (ic.isRuntimeInput(3)) {
      FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "sizes");
      FailureOr<Value> given = runtimeIntVector(ic, 3, "sizes");
      if (failed(declared) || failed(given))
        return failure();
      if (declared->getRank() != rank || shapeOf(*given)[0] != (int64_t)axes.size())
        return ic.emitError() << "'sizes' and the declared output do not match the input's rank";
      std::string policy = ic.getString("keep_aspect_ratio_policy", "stretch");
      if (policy == "not_larger" || policy == "not_smaller") {
        if (antialias || ctm == "tf_crop_and_resize")
          return ic.emitError() << "'sizes' input of Resize must be a compile-time constant "
                                   "with keep_aspect_ratio_policy '"
                                << policy << "' and antialias or tf_crop_and_resize";
        FailureOr<Value> r = resizeKeepAspectRatio(ic, *x, *given, axes, policy == "not_larger",
                                                   mode, ctm);
        if (failed(r))
          return failure();
        ic.setResult(0, *r);
        return success();
      }
      sizes = SmallVector<int64_t>();
      for (int64_t a : axes)
        sizes->push_back(declared->getDimSize(a));
      FailureOr<Value> all = allEqualConst(ic, *given, *sizes);
      if (failed(all))
        return failure();
      sizesCheck = *all;
    } else {
      sizes = ic.requireConstInts(3, "sizes");
    }
    if (failed(sizes))
      return failure();
    if (sizes->size() != axes.size())
      return ic.emitError() << "'sizes' has " << sizes->size()
                            << " values, expected " << axes.size();
    std::string policy = ic.getString("keep_aspect_ratio_policy", "stretch");
    if (policy != "stretch" && policy != "not_larger" && policy != "not_smaller")
      return ic.emitError() << "attribute 'keep_aspect_ratio_policy' value '"
                            << policy << "' is not supported";
    double common = policy == "not_larger" ? INFINITY : 0.0;
    for (auto [a, s] : llvm::zip(axes, *sizes)) {
      if (s <= 0 || in[a] <= 0)
        return ic.emitError() << "'sizes' must be positive";
      double ratio = (double)s / in[a];
      common = policy == "not_larger" ? std::min(common, ratio)
                                      : std::max(common, ratio);
      full[a] = ratio;
      out[a] = s;
    }
    if (policy != "stretch")
      for (int64_t a : axes) {
        full[a] = common;
        out[a] = (int64_t)std::floor(in[a] * common + 0.5);
      }
  }
  // Resize-10 rounds like Upsample: floor when enlarging, ceil when shrinking.
  std::string nearest = ic.getString("nearest_mode", "round_prefer_floor");
  if (v10)
    nearest = llvm::all_of(full, [](double s) { return s >= 1.0; }) ? "floor"
                                                                     : "ceil";
  if (antialias || ctm == "tf_crop_and_resize") {
    // roi: starts then ends of the resized axes, widened to every dim.
    SmallVector<double> roi;
    if (ctm == "tf_crop_and_resize" && ic.isRuntimeInput(1)) {
      if (mode != "linear" || antialias)
        return ic.emitError() << "'roi' input of Resize must be a compile-time constant "
                                 "unless mode is 'linear' without antialias";
      FailureOr<Value> given = ic.input(1);
      if (failed(given))
        return failure();
      return bindChecked(runtimeRoiLinearResize(ic, *x, *given, out, axes,
                                                ic.getFloat("extrapolation_value", 0.0)));
    }
    if (ctm == "tf_crop_and_resize") {
      FailureOr<SmallVector<double>> given = ic.requireConstFloats(1, "roi");
      if (failed(given))
        return failure();
      if (given->size() != 2 * axes.size())
        return ic.emitError() << "'roi' has " << given->size() << " values, expected "
                              << 2 * axes.size();
      roi.assign(rank, 0.0);
      roi.append(rank, 1.0);
      for (auto [i, a] : llvm::enumerate(axes)) {
        roi[a] = (*given)[i];
        roi[rank + a] = (*given)[axes.size() + i];
      }
    }
    FailureOr<Value> r = separableResize(
        ic, *x, out, full, roi, mode, ctm, nearest, antialias,
        ic.getInt("exclude_outside", 0) != 0, ic.getFloat("extrapolation_value", 0.0),
        ic.getFloat("cubic_coeff_a", -0.75));
    return bindChecked(r);
  }
  auto type = RankedTensorType::get(out, elementTypeOf(*x));
  FailureOr<Value> r = ic.createTyped<ResizeOp>(
      type, *x, Value(), ArrayRef<double>(full), mode, ctm, nearest,
      ic.getInt("exclude_outside", 0) != 0,
      APFloat(ic.getFloat("extrapolation_value", 0.0)),
      APFloat(ic.getFloat("cubic_coeff_a", -0.75)));
  return bindChecked(r);
}

void onnx_import::registerNNOps(OpRegistry &r) {
  r["Conv"] = importConv;
  r["ConvTranspose"] = importConvTranspose;
  r["MaxPool"] = importPool<MaxPoolOp>;
  r["AveragePool"] = importPool<AvgPoolOp>;
  r["GlobalAveragePool"] = importGlobalAveragePool;
  r["GlobalMaxPool"] = importGlobalMaxPool;
  r["InstanceNormalization"] = importInstanceNorm;
  r["GroupNormalization"] = importGroupNorm;
  r["MeanVarianceNormalization"] = importMVN;
  r["LRN"] = importLRN;
  r["Gemm"] = importGemm;
  r["MatMul"] = importMatMul;
  r["BatchNormalization"] = importBatchNorm;
  r["LayerNormalization"] = importLayerNorm;
  r["RMSNormalization"] = importRMSNorm;
  r["LpNormalization"] = importLpNorm;
  r["Softmax"] = importSoftmax<SoftmaxOp>;
  r["LogSoftmax"] = importSoftmax<LogSoftmaxOp>;
  r["Hardmax"] = importHardmax;
  r["Resize"] = importResize;
  // Upsample (7, 9; deprecated in 10) is opset 10's Resize: (X, scales),
  // asymmetric coordinates, nearest or linear.
  r["Upsample"] = importResize;
}
