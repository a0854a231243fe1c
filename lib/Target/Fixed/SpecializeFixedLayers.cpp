//===- SpecializeFixedLayers.cpp - the aicc-specialize-fixed-layers pass ----===//
//
// -target=fixed as software: every dense or conv layer of the fixed chain
// (FixedGraph.h, the one the Verilog emitter reads) becomes integer arith
// with the weights as immediates, one NeuronBuilder dot product and
// requantization per output neuron. Dense layers are fully unrolled
// (tensor.extract per input, tensor.from_elements for the outputs); a conv's
// output channels are unrolled inside scf.for loops over the output
// positions, reading an input padded with the zero point (a centred 0, so
// padding taps add nothing, as in the RTL where they are absent). The CPU
// code generation then lowers the function as any other.
//
//===----------------------------------------------------------------------===//
#include "FixedGraph.h"
#include "NeuronBuilder.h"
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_SPECIALIZEFIXEDLAYERS
#include "aicc/Target/Fixed/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::fixed;

namespace {

/// Reachable accumulator bounds of bias + sum w * x for centred x in
/// [xlo, xhi].
std::pair<int64_t, int64_t> accRange(ArrayRef<std::pair<int64_t, int64_t>> terms, int64_t bias,
                                     int64_t xlo, int64_t xhi) {
  int64_t amin = bias, amax = bias;
  for (auto [k, w] : terms) {
    amin += std::min(w * xlo, w * xhi);
    amax += std::max(w * xlo, w * xhi);
  }
  return {amin, amax};
}

struct LayerBuilder {
  Layer &l;
  int64_t neuronsPerBlock; ///< dense neurons per basic block (denseBlocks)
  ProductCounts counts;
  int64_t zp, lo, xlo, xhi;

  LayerBuilder(Layer &l, int64_t neuronsPerBlock)
      : l(l), neuronsPerBlock(neuronsPerBlock), zp(l.requantize.getZeroPoint()),
        lo(l.requantize.getRelu() ? zp : -128), xlo(-128 - l.inputZeroPoint),
        xhi(127 - l.inputZeroPoint) {}

  static Value index(OpBuilder &b, Location loc, int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  }

  /// in[idx] - input zero point, as i32.
  Value centred(OpBuilder &b, Location loc, Value in, ValueRange idx) {
    Value x = tensor::ExtractOp::create(b, loc, in, idx);
    x = arith::ExtSIOp::create(b, loc, b.getI32Type(), x);
    if (l.inputZeroPoint)
      x = arith::SubIOp::create(b, loc, x,
                                arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(
                                                                      l.inputZeroPoint)));
    return x;
  }

  /// One output neuron of channel c: dot product and requantization.
  FailureOr<Value> neuron(OpBuilder &b, Location loc,
                          ArrayRef<std::pair<int64_t, int64_t>> terms, ArrayRef<Value> inputs,
                          int64_t c) {
    auto [amin, amax] = accRange(terms, l.bias[c], xlo, xhi);
    if (amin < INT32_MIN || amax > INT32_MAX)
      return l.op->emitError() << "-target=fixed: the accumulator of output channel " << c
                               << " can exceed 32 bits";
    NeuronBuilder nb(b, loc, counts);
    Value acc = nb.dot(terms, inputs, l.bias[c]);
    return nb.requantize(acc, channelScale(l.requantize, c), zp, lo, 127, amin, amax);
  }

  /// Neurons [j0, j1) of one row of a dense layer (all by default): the
  /// inputs their non-zero weights read, then each neuron, unrolled. `idx(i)`
  /// indexes input i of the row.
  FailureOr<SmallVector<Value>> denseRow(OpBuilder &b, Location loc, Value in,
                                         function_ref<SmallVector<Value>(int64_t)> idx,
                                         int64_t j0 = 0, int64_t j1 = -1) {
    int64_t k = l.weightShape[0], n = l.weightShape[1];
    if (j1 < 0)
      j1 = n;
    SmallVector<Value> xs(k), outs;
    for (int64_t i = 0; i < k; ++i)
      if (llvm::any_of(ArrayRef(l.weight).slice(i * n + j0, j1 - j0),
                       [](int64_t w) { return w; }))
        xs[i] = centred(b, loc, in, idx(i));
    for (int64_t j = j0; j < j1; ++j) {
      SmallVector<std::pair<int64_t, int64_t>> terms;
      for (int64_t i = 0; i < k; ++i)
        if (int64_t w = l.weight[i * n + j])
          terms.push_back({i, w});
      FailureOr<Value> y = neuron(b, loc, terms, xs, j);
      if (failed(y))
        return failure();
      outs.push_back(*y);
    }
    return outs;
  }

  /// Dense: one row is fully unrolled (tensor.from_elements); several rows
  /// loop (scf.for over the rows of the input collapsed to 2-d).
  FailureOr<Value> dense(OpBuilder &b) {
    Location loc = l.op->getLoc();
    Value in = l.op->getOperand(0);
    int64_t k = l.weightShape[0], n = l.weightShape[1];
    int64_t rows = l.inType.getNumElements() / k, rank = l.inType.getRank();
    if (rows == 1 && n <= neuronsPerBlock) {
      FailureOr<SmallVector<Value>> outs = denseRow(b, loc, in, [&](int64_t i) {
        SmallVector<Value> idx(rank, index(b, loc, 0));
        idx[rank - 1] = index(b, loc, i);
        return idx;
      });
      if (failed(outs))
        return failure();
      return tensor::FromElementsOp::create(b, loc, l.outType, *outs).getResult();
    }
    if (rows == 1)
      return denseBlocks(b, loc, in);
    SmallVector<ReassociationIndices> assoc{llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)),
                                            {rank - 1}};
    if (rank > 2)
      in = tensor::CollapseShapeOp::create(b, loc, in, assoc);
    Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{rows, n}, b.getI8Type());
    LogicalResult result = success();
    auto loop = scf::ForOp::create(
        b, loc, index(b, loc, 0), index(b, loc, rows), index(b, loc, 1), ValueRange{init},
        [&](OpBuilder &b, Location loc, Value r, ValueRange acc) {
          Value out = acc.front();
          FailureOr<SmallVector<Value>> outs = denseRow(b, loc, in, [&](int64_t i) {
            return SmallVector<Value>{r, index(b, loc, i)};
          });
          if (failed(outs))
            result = failure();
          else
            for (auto [j, y] : llvm::enumerate(*outs))
              out = tensor::InsertOp::create(b, loc, y, out,
                                             ValueRange{r, index(b, loc, (int64_t)j)});
          scf::YieldOp::create(b, loc, out);
        });
    if (failed(result))
      return failure();
    Value y = loop.getResult(0);
    if (rank > 2)
      y = tensor::ExpandShapeOp::create(b, loc, l.outType, y, assoc);
    return y;
  }

  FailureOr<Value> denseBlocks(OpBuilder &b, Location loc, Value in);
  FailureOr<Value> conv(OpBuilder &b);
};

/// One row of a wide dense layer: groups of neuronsPerBlock neurons are
/// the cases of an scf.index_switch in a loop over the groups, so each group
/// is its own basic block that loads its own inputs. One straight-line block
/// for all neurons makes LLVM's code generation superlinear (the Machine
/// InstCombiner and register allocation: 85 s for 50k weights) and keeps
/// every input live across the whole layer.
FailureOr<Value> LayerBuilder::denseBlocks(OpBuilder &b, Location loc, Value in) {
  int64_t n = l.weightShape[1], rank = l.inType.getRank();
  int64_t groups = (n + neuronsPerBlock - 1) / neuronsPerBlock;
  Value init = tensor::EmptyOp::create(b, loc, l.outType.getShape(), b.getI8Type());
  LogicalResult result = success();
  auto at = [&](OpBuilder &b, int64_t i) {
    SmallVector<Value> idx(rank, index(b, loc, 0));
    idx[rank - 1] = index(b, loc, i);
    return idx;
  };
  auto loop = scf::ForOp::create(
      b, loc, index(b, loc, 0), index(b, loc, groups), index(b, loc, 1), ValueRange{init},
      [&](OpBuilder &b, Location loc, Value g, ValueRange acc) {
        auto cases = llvm::to_vector(llvm::seq<int64_t>(0, groups));
        auto sw = scf::IndexSwitchOp::create(b, loc, TypeRange{l.outType}, g, cases, groups);
        OpBuilder::InsertionGuard guard(b);
        b.createBlock(&sw.getDefaultRegion());
        scf::YieldOp::create(b, loc, acc.front());
        for (int64_t c = 0; c < groups; ++c) {
          b.createBlock(&sw.getCaseRegions()[c]);
          int64_t j0 = c * neuronsPerBlock, j1 = std::min(n, j0 + neuronsPerBlock);
          FailureOr<SmallVector<Value>> outs =
              denseRow(b, loc, in, [&](int64_t i) { return at(b, i); }, j0, j1);
          Value out = acc.front();
          if (failed(outs))
            result = failure();
          else
            for (auto [j, y] : llvm::enumerate(*outs))
              out = tensor::InsertOp::create(b, loc, y, out, at(b, j0 + (int64_t)j));
          scf::YieldOp::create(b, loc, out);
        }
        b.setInsertionPointAfter(sw);
        scf::YieldOp::create(b, loc, sw.getResults());
      });
  if (failed(result))
    return failure();
  return loop.getResult(0);
}

/// Conv: loops over the output rows and columns; inside, every (batch,
/// output channel) neuron unrolled, sharing the window's loads per group.
FailureOr<Value> LayerBuilder::conv(OpBuilder &b) {
  auto op = cast<ConvIntegerOp>(l.op);
  Location loc = op.getLoc();
  ArrayRef<int64_t> in = l.inType.getShape(), out = l.outType.getShape();
  if (in.size() != 4)
    return op.emitError() << "-target=fixed supports 2-d convolutions only";
  ArrayRef<int64_t> st = op.getStrides(), dl = op.getDilations(), pd = op.getPads();
  Value input = op.getInput();
  if (llvm::any_of(pd, [](int64_t p) { return p != 0; })) {
    if (llvm::any_of(pd, [](int64_t p) { return p < 0; }))
      return op.emitError() << "-target=fixed: negative convolution pads are not supported";
    auto padded = RankedTensorType::get(
        {in[0], in[1], in[2] + pd[0] + pd[2], in[3] + pd[1] + pd[3]}, b.getI8Type());
    input = PadOp::create(b, loc, padded, input,
                          b.getDenseI64ArrayAttr({0, 0, pd[0], pd[1], 0, 0, pd[2], pd[3]}),
                          b.getStringAttr("constant"),
                          b.getF64FloatAttr((double)l.inputZeroPoint));
  }
  int64_t g = op.getGroup(), cg = l.weightShape[1], og = out[1] / g;
  int64_t kh = l.weightShape[2], kw = l.weightShape[3];
  Value init = tensor::EmptyOp::create(b, loc, out, b.getI8Type());
  LogicalResult result = success();
  auto body = [&](OpBuilder &b, Location loc, Value oy, Value ox, Value acc) -> Value {
    SmallVector<Value> iy, ix;
    auto at = [&](Value o, int64_t s, int64_t d, int64_t t) -> Value {
      Value v = s == 1 ? o : arith::MulIOp::create(b, loc, o, index(b, loc, s)).getResult();
      return t * d != 0 ? arith::AddIOp::create(b, loc, v, index(b, loc, t * d)).getResult() : v;
    };
    for (int64_t t = 0; t < kh; ++t)
      iy.push_back(at(oy, st[0], dl[0], t));
    for (int64_t t = 0; t < kw; ++t)
      ix.push_back(at(ox, st[1], dl[1], t));
    for (int64_t n = 0; n < out[0]; ++n)
      for (int64_t gi = 0; gi < g; ++gi) {
        // The window of group gi, loaded where some output channel's weight
        // is non-zero.
        int64_t taps = cg * kh * kw;
        SmallVector<Value> xs(taps);
        for (int64_t t = 0; t < taps; ++t) {
          bool used = false;
          for (int64_t o = gi * og; o < (gi + 1) * og; ++o)
            used |= l.weight[o * taps + t] != 0;
          if (!used)
            continue;
          int64_t ci = t / (kh * kw), ky = t / kw % kh, kx = t % kw;
          xs[t] = centred(b, loc, input,
                          {index(b, loc, n), index(b, loc, gi * cg + ci), iy[ky], ix[kx]});
        }
        for (int64_t o = gi * og; o < (gi + 1) * og; ++o) {
          SmallVector<std::pair<int64_t, int64_t>> terms;
          for (int64_t t = 0; t < taps; ++t)
            if (int64_t w = l.weight[o * taps + t])
              terms.push_back({t, w});
          FailureOr<Value> y = neuron(b, loc, terms, xs, o);
          if (failed(y)) {
            result = failure();
            return acc;
          }
          acc = tensor::InsertOp::create(b, loc, *y, acc,
                                         ValueRange{index(b, loc, n), index(b, loc, o), oy, ox});
        }
      }
    return acc;
  };
  Value zero = index(b, loc, 0), one = index(b, loc, 1);
  auto rowsLoop = scf::ForOp::create(
      b, loc, zero, index(b, loc, out[2]), one, ValueRange{init},
      [&](OpBuilder &b, Location loc, Value oy, ValueRange rowAcc) {
        auto colsLoop = scf::ForOp::create(
            b, loc, zero, index(b, loc, out[3]), one, rowAcc,
            [&](OpBuilder &b, Location loc, Value ox, ValueRange colAcc) {
              scf::YieldOp::create(b, loc, body(b, loc, oy, ox, colAcc.front()));
            });
        scf::YieldOp::create(b, loc, colsLoop.getResults());
      });
  if (failed(result))
    return failure();
  return rowsLoop.getResult(0);
}

/// What specialisation built for one layer, as `aicc.fixed.specialized`
/// records it (the counts of the code emitted: a conv's loop body once).
DictionaryAttr layerSummary(Builder &b, const Layer &l, const ProductCounts &c) {
  std::string node;
  if (auto name = dyn_cast<NameLoc>(l.op->getLoc()))
    node = name.getName().str();
  auto i = [&](int64_t v) { return b.getI64IntegerAttr(v); };
  return b.getDictionaryAttr({
      b.getNamedAttr("node", b.getStringAttr(node)),
      b.getNamedAttr("zero_weights", i(llvm::count(l.weight, 0))),
      b.getNamedAttr("products", i(c.products)),
      b.getNamedAttr("corrections", i(c.corrections)),
  });
}

struct SpecializeFixedLayersPass
    : aicc::impl::SpecializeFixedLayersBase<SpecializeFixedLayersPass> {
  using SpecializeFixedLayersBase::SpecializeFixedLayersBase;
  void runOnOperation() override {
    func::FuncOp main = findMain(getOperation());
    if (!main) {
      getOperation().emitError() << "-target=fixed needs a function @main";
      return signalPassFailure();
    }
    FailureOr<FixedChain> chain = collectFixedChain(main);
    if (failed(chain))
      return signalPassFailure();
    SmallVector<Attribute> summaries;
    for (Layer &l : chain->layers) {
      if (l.kind != Layer::Dense && l.kind != Layer::Conv)
        continue;
      if (!hasFixedPoint(l.requantize)) {
        l.requantize.emitError() << "requantize has no fixed-point form; run "
                                    "aicc-fixed-point-requantize first";
        return signalPassFailure();
      }
      OpBuilder b(l.requantize);
      LayerBuilder lb(l, std::max<int64_t>(1, neuronsPerBlock));
      FailureOr<Value> y = l.kind == Layer::Dense ? lb.dense(b) : lb.conv(b);
      if (failed(y))
        return signalPassFailure();
      summaries.push_back(layerSummary(b, l, lb.counts));
      // requantize <- [bias add] <- contraction, now dead.
      Operation *biasAdd = l.requantize.getInput().getDefiningOp();
      l.requantize.replaceAllUsesWith(*y);
      l.requantize.erase();
      if (biasAdd != l.op)
        biasAdd->erase();
      l.op->erase();
    }
    main->setAttr("aicc.fixed.specialized", ArrayAttr::get(&getContext(), summaries));
    // The weight and bias tensors are immediates now.
    main.walk([](arith::ConstantOp c) {
      if (c.use_empty())
        c.erase();
    });
  }
};

} // namespace
