//===- VerilogLayers.cpp - one Verilog module per layer ---------------------===//
#include "VerilogLayers.h"
#include "AdderTree.h"
#include "ConstantProducts.h"
#include "DigitSharing.h"
#include "aicc/Target/Fixed/Passes.h"
#include "llvm/Support/MathExtras.h"

#include <map>
#include <optional>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::fixed;

int64_t fixed::signedBits(int64_t lo, int64_t hi) {
  int64_t w = 1;
  while (w < 63 && (lo < -(int64_t(1) << (w - 1)) || hi > (int64_t(1) << (w - 1)) - 1))
    ++w;
  return w;
}

namespace {

/// A signed sized literal: 12'sd5, -12'sd5.
std::string lit(int64_t width, int64_t v) {
  std::string s = v < 0 ? "-" : "";
  return s + std::to_string(width) + "'sd" +
         std::to_string(v < 0 ? -(uint64_t)v : (uint64_t)v);
}

std::string slice(int64_t element) {
  return "[" + std::to_string(8 * element + 7) + ":" + std::to_string(8 * element) + "]";
}

/// One dot product: sum of weight * centred input, as Verilog terms.
struct DotProduct {
  SmallVector<std::pair<int64_t, int64_t>> terms; ///< (input element, centred weight)
  /// Per term, its weight's position in the output's weight row (dense: the
  /// input index; conv: (ci, ky, kx)); terms of two outputs with the same
  /// slot can share logic under -reuse.
  SmallVector<int64_t> slots;
};

/// The outputs one lane computes, one per phase, and what they share.
struct Lane {
  int64_t index;
  SmallVector<int64_t> outputs; ///< output element of phase t
  bool oneChannel;              ///< same requantization in every phase
};

/// Accumulator bounds of one dot product for inputs in [xlo, xhi].
std::pair<int64_t, int64_t> accRange(const DotProduct &dot, int64_t bias, int64_t xlo,
                                     int64_t xhi) {
  int64_t amin = bias, amax = bias;
  for (auto [k, w] : dot.terms) {
    amin += std::min(w * xlo, w * xhi);
    amax += std::max(w * xlo, w * xhi);
  }
  return {amin, amax};
}

/// Bits of a signed value holding +-m.
int64_t bitsForMagnitude(__int128 m) {
  int64_t w = 2;
  while ((__int128(1) << (w - 2)) <= m)
    ++w;
  return w;
}

/// Writes a contraction layer's body. All accumulators share one width
/// (aw), all requantization products another (pw), so every expression's
/// operands have its width (clean under Verilator's -Wall).
struct ContractionWriter {
  llvm::raw_ostream &os;
  int64_t xlo, xhi; ///< range of the centred inputs
  int64_t aw = 0, pw = 0;
  LayerStats &stats;
  int64_t phaseBits = 0; ///< 0: fully parallel, no phase port
  int64_t commitPhase = 0;
  /// The layer's adders: dot products (t<n>), requantizer multiplies (pm<n>).
  std::optional<AdderTreeWriter> dotTree, requantTree;
  /// The dot products' leaves (inputs, selected inputs, shared pairs), by
  /// leaf id; the ids of operand wires; multiplexer expression -> wire.
  std::vector<Term> leaves;
  std::map<std::string, uint32_t> leafIds;
  std::map<std::string, std::string> selectWires;

  /// `phase == 0 ? v0 : phase == 1 ? v1 : ... : vLast`; one distinct value
  /// is that value (the last also covers the phases a short lane idles in).
  std::string select(ArrayRef<std::string> values) const {
    if (llvm::all_equal(values))
      return values.front();
    std::string r = "(";
    for (auto [t, v] : llvm::enumerate(values.drop_back()))
      r += phaseIs(t) + " ? " + v + " : ";
    return r + values.back() + ")";
  }
  std::string phaseIs(int64_t t) const {
    return "phase == " + std::to_string(phaseBits) + "'d" + std::to_string(t);
  }

  /// `value` (from bits wide, its sign bit `sign`) sign-extended to `to`
  /// bits.
  static std::string sext(StringRef value, StringRef sign, int64_t from, int64_t to) {
    if (from == to)
      return value.str();
    return "$signed({{" + std::to_string(to - from) + "{" + sign.str() + "}}, " + value.str() +
           "})";
  }

  /// Bits of a centred input.
  int64_t xbits() const { return signedBits(xlo, xhi); }
  Term inputTerm(const std::string &wire) const { return {wire, xlo, xhi, xbits()}; }

  /// x<k> = in - zero point, in the centred range's bits. With zero point
  /// -128, in + 128 is the byte with its top bit flipped, 0 above it: no
  /// adder, and synthesis sees the constant sign bit.
  void centredInputs(int64_t count, int64_t zp) {
    int64_t xb = xbits();
    for (int64_t k = 0; k < count; ++k) {
      std::string b = "in_data[" + std::to_string(8 * k + 7) + "]";
      os << "  wire signed [" << xb - 1 << ":0] x" << k << " = ";
      if (zp == -128 && xb == 9) {
        os << "{1'b0, ~" << b << ", in_data[" << 8 * k + 6 << ":" << 8 * k << "]};\n";
        continue;
      }
      os << sext("in_data" + slice(k), b, 8, xb);
      if (zp)
        os << (zp < 0 ? " + " : " - ") << lit(xb, zp < 0 ? -zp : zp);
      os << ";\n";
    }
  }

  /// Counts what a product by the constant mag > 0 is as digits: the
  /// operand itself (1), a shift (2^k), or one shifted copy per canonical
  /// signed digit (7t = 8t - t). The digits themselves go into the layer's
  /// digit sharing (shareProducts).
  void countProduct(uint64_t mag) {
    size_t digits = csdDigits(mag).size();
    if (mag == 1)
      ++stats.addSub;
    else if (digits == 1)
      ++stats.shifts;
    else
      ++stats.csdWeights, stats.csdAdders += digits - 1;
  }

  /// A slot whose weights differ between the lane's phases: a multiply of
  /// the selected input by the selected weight (hls4ml's shared multiplier).
  Term selectedProduct(const Lane &lane, int64_t slot,
                       ArrayRef<std::pair<int64_t, int64_t>> perPhase) {
    int64_t wlo = 0, whi = 0;
    for (auto [k, w] : perPhase)
      wlo = std::min(wlo, w), whi = std::max(whi, w);
    int64_t xb = xbits(), wb = signedBits(wlo, whi), mw = xb + wb;
    // A phase without the term multiplies by 0; its input is any other's.
    int64_t any = llvm::find_if(perPhase, [](auto &p) { return p.first >= 0; })->first;
    SmallVector<std::string> xs, ws;
    for (auto [k, w] : perPhase) {
      xs.push_back("x" + std::to_string(k < 0 ? any : k));
      ws.push_back(lit(wb, w));
    }
    std::string n = std::to_string(lane.index) + "_" + std::to_string(slot);
    os << "  wire signed [" << xb - 1 << ":0] xs" << n << " = " << select(xs) << ";\n"
       << "  wire signed [" << wb - 1 << ":0] ws" << n << " = " << select(ws) << ";\n"
       << "  wire signed [" << mw - 1 << ":0] m" << n << " = xs" << n << " * ws" << n << ";\n";
    ++stats.selectedMultipliers;
    int64_t lo = std::min({xlo * wlo, xlo * whi, xhi * wlo, xhi * whi});
    int64_t hi = std::max({xlo * wlo, xlo * whi, xhi * wlo, xhi * whi});
    return {"m" + n, lo, hi, mw};
  }

  /// What a lane adds before the digit sharing: the products by
  /// phase-selected weights (terms), and its leaves' integer coefficients.
  struct LaneSum {
    SmallVector<Term> selected;
    SmallVector<std::pair<uint32_t, int64_t>> coefficients; ///< (leaf, weight)
  };

  /// The leaf of a phase-invariant operand: a centred input x<k>, or the
  /// input multiplexer `expr` (one wire per distinct multiplexer in the
  /// layer: lanes over the same positions of different channels select the
  /// same inputs, and their products can then share digit pairs).
  uint32_t leafOf(const std::string &expr, const std::string &newWire) {
    std::string wire = expr;
    if (expr.rfind("x", 0) != 0) {
      auto [it, added] = selectWires.try_emplace(expr, newWire);
      if (added) {
        os << "  wire signed [" << xbits() - 1 << ":0] " << newWire << " = " << expr << ";\n";
        ++stats.inputSelects;
      }
      wire = it->second;
    }
    auto [it, added] = leafIds.try_emplace(wire, leaves.size());
    if (added)
      leaves.push_back(inputTerm(wire));
    return it->second;
  }

  /// The lane's slots: a slot with the same weight in every phase is that
  /// weight times one operand (the input selected by the phase), whose
  /// digits the layer shares; one whose weights differ is a multiply of the
  /// selected input by the selected weight. Without reuse a lane is one
  /// output and its slots that output's non-zero weights.
  LaneSum laneSum(const Lane &lane, ArrayRef<DotProduct> dots) {
    size_t phases = lane.outputs.size();
    std::map<int64_t, SmallVector<std::pair<int64_t, int64_t>>> slots; // slot -> (x, w) per phase
    for (auto [t, e] : llvm::enumerate(lane.outputs))
      for (auto [term, slot] : llvm::zip(dots[e].terms, dots[e].slots)) {
        auto &perPhase = slots.try_emplace(slot, phases, std::make_pair(int64_t(-1), int64_t(0)))
                             .first->second;
        perPhase[t] = term;
      }
    LaneSum sum;
    SmallVector<std::pair<int64_t, int64_t>> weights; // (leaf, weight), for the counts
    std::string l = std::to_string(lane.index);
    for (auto &[slot, perPhase] : slots) {
      // Shared when every phase that has the term has the same weight; the
      // others select a centred 0 (padding, a zero weight).
      int64_t w0 = llvm::find_if(perPhase, [](auto &p) { return p.first >= 0; })->second;
      if (llvm::any_of(perPhase, [&](auto &p) { return p.first >= 0 && p.second != w0; })) {
        sum.selected.push_back(selectedProduct(lane, slot, perPhase));
        continue;
      }
      SmallVector<std::string> xs;
      for (auto [k, w] : perPhase)
        xs.push_back(k < 0 ? lit(xbits(), 0) : "x" + std::to_string(k));
      uint32_t leaf = leafOf(select(xs), "s" + l + "_" + std::to_string(slot));
      sum.coefficients.push_back({leaf, w0});
      weights.push_back({leaf, w0});
    }
    // What the weights are as constant products, one per magnitude (the
    // inputs of a magnitude summed first); the digit sharing builds at most
    // that many adders.
    for (auto &[mag, members] : groupByMagnitude(weights)) {
      countProduct(mag);
      stats.factoredTerms += members.size() - 1;
    }
    return sum;
  }

  /// Shares digit pairs across all the lanes' sums (DigitSharing.h): each
  /// pair becomes one adder wire of the layer (written here, before the
  /// lanes), and each sum the list of its remaining digits as terms.
  SmallVector<SmallVector<Term>> shareProducts(ArrayRef<LaneSum> sums) {
    std::vector<SmallVector<SignedDigit>> forms;
    for (const LaneSum &s : sums)
      forms.push_back(digitsOf(s.coefficients));
    std::vector<DigitPair> pairs = shareDigitPairs(leaves.size(), forms);
    for (const DigitPair &p : pairs) {
      Term a = leaves[p.a], b = leaves[p.b];
      b.shift = p.d, b.negative = p.r < 0;
      leaves.push_back(dotTree->add(a, b));
      ++stats.sharedPairs, stats.sharedPairUses += p.uses;
    }
    SmallVector<SmallVector<Term>> terms;
    for (auto [s, digits] : llvm::zip(sums, forms)) {
      SmallVector<Term> &t = terms.emplace_back(s.selected.begin(), s.selected.end());
      for (const SignedDigit &dg : digits) {
        Term x = leaves[dg.leaf];
        x.shift += dg.shift, x.negative = dg.sign < 0;
        t.push_back(x);
      }
    }
    return terms;
  }

  /// acc<l> = bias + the lane's terms in the current phase, added by a
  /// balanced adder tree.
  std::string accumulate(const Lane &lane, ArrayRef<Term> terms, ArrayRef<int64_t> biases) {
    std::string l = std::to_string(lane.index);
    SmallVector<std::string> biasLits;
    for (int64_t e : lane.outputs)
      biasLits.push_back(lit(aw, biases[e]));
    std::string sum = select(biasLits);
    bool noBias = llvm::all_of(lane.outputs, [&](int64_t e) { return biases[e] == 0; });
    if (!terms.empty()) {
      Term root = dotTree->sum(terms);
      std::string v = AdderTreeWriter::fit(root, aw);
      sum = noBias ? (root.negative ? "-" : "") + v
                   : sum + (root.negative ? " - " : " + ") + v;
    }
    os << "  wire signed [" << aw - 1 << ":0] acc" << l << " = " << sum << ";\n";
    return "acc" + l;
  }

  /// The lane's requantization ((acc * M + C) >>> S) + zp, saturated to
  /// [lo, hi], plus the rounding corrections its accumulators can reach;
  /// `scales` are per output, with one shift per lane (fixedScales).
  void requantize(const Lane &lane, const std::string &a, ArrayRef<DotProduct> dots,
                  ArrayRef<int64_t> biases, ArrayRef<FixedPointScale> scales, int64_t zp,
                  int64_t lo, int64_t hi) {
    std::string n = std::to_string(lane.index);
    SmallVector<std::string> ms, cs;
    for (int64_t e : lane.outputs)
      ms.push_back(lit(pw, scales[e].multiplier)), cs.push_back(lit(pw, scales[e].offset));
    const FixedPointScale &f = scales[lane.outputs.front()];
    if (llvm::all_equal(ms) && f.multiplier > 0 && pw < 62) {
      // One multiplier: acc * M as the shifted copies of acc, one per
      // canonical signed digit of M, added by a tree (no $mul for yosys);
      // the tree's values stay under 2^62 (pw).
      int64_t amin = INT64_MAX, amax = INT64_MIN;
      for (int64_t e : lane.outputs) {
        auto [lo1, hi1] = accRange(dots[e], biases[e], xlo, xhi);
        amin = std::min(amin, lo1), amax = std::max(amax, hi1);
      }
      SmallVector<Term> terms;
      for (auto [shift, d] : csdDigits(f.multiplier))
        terms.push_back({a, amin, amax, aw, shift, d < 0});
      Term root = requantTree->sum(terms);
      os << "  wire signed [" << pw - 1 << ":0] p" << n << " = " << select(cs)
         << (root.negative ? " - " : " + ") << AdderTreeWriter::fit(root, pw) << ";\n";
    } else {
      os << "  wire signed [" << pw - 1 << ":0] p" << n << " = "
         << sext(a, a + "[" + std::to_string(aw - 1) + "]", aw, pw) << " * " << select(ms)
         << " + " << select(cs) << ";\n";
      ++stats.requantMultipliers;
    }
    os << "  wire signed [" << pw - 1 << ":0] q" << n << " = (p" << n << " >>> " << f.shift
       << ") + " << lit(pw, zp) << ";\n";
    os << "  wire signed [9:0] c" << n << " = q" << n << " < " << lit(pw, lo) << " ? "
       << lit(10, lo) << " : q" << n << " > " << lit(pw, hi) << " ? " << lit(10, hi) << " : q"
       << n << "[9:0];\n";
    // Corrections of f32 rounding onto .5, where this accumulator can reach;
    // a lane over several channels applies each in its own phase.
    os << "  wire signed [9:0] r" << n << " = c" << n;
    int64_t amin = INT64_MAX, amax = INT64_MIN;
    for (auto [t, e] : llvm::enumerate(lane.outputs)) {
      auto [lo1, hi1] = accRange(dots[e], biases[e], xlo, xhi);
      amin = std::min(amin, lo1), amax = std::max(amax, hi1);
      if (lane.oneChannel && t + 1 < lane.outputs.size())
        continue;
      for (const Correction &c : scales[e].corrections) {
        if (c.to < amin || c.from > amax)
          continue;
        int64_t from = std::max(c.from, amin), to = std::min(c.to, amax);
        os << (c.delta < 0 ? " - " : " + ") << "(";
        if (!lane.oneChannel)
          os << "(" << phaseIs(t) << ") && ";
        if (from == to)
          os << "(" << a << " == " << lit(aw, from) << ")";
        else
          os << "(" << a << " >= " << lit(aw, from) << " && " << a << " <= " << lit(aw, to) << ")";
        os << " ? " << lit(10, std::abs(c.delta)) << " : 10'sd0)";
        ++stats.corrections;
      }
      amin = INT64_MAX, amax = INT64_MIN;
    }
    os << ";\n";
  }

  /// The lane's result goes to its output of the commit phase directly and
  /// into a holding register in every other phase.
  void outputs(const Lane &lane) {
    std::string r = "r" + std::to_string(lane.index) + "[7:0]";
    for (auto [t, e] : llvm::enumerate(lane.outputs)) {
      if ((int64_t)t == commitPhase) {
        os << "  assign out_next" << slice(e) << " = " << r << ";\n";
        continue;
      }
      os << "  reg [7:0] h" << e << ";\n  always @(posedge clk)\n    if (" << phaseIs(t)
         << ")\n      h" << e << " <= " << r << ";\n  assign out_next" << slice(e) << " = h"
         << e << ";\n";
    }
  }
};

/// The dot product of every output element, in output order, and each
/// element's output channel.
LogicalResult dotProducts(const Layer &l, SmallVector<DotProduct> &dots,
                          SmallVector<int64_t> &channelOf) {
  ArrayRef<int64_t> out = l.outType.getShape();
  if (l.kind == Layer::Dense) {
    int64_t k = l.weightShape[0], n = l.weightShape[1];
    int64_t rows = l.outType.getNumElements() / n;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < n; ++j) {
        DotProduct d;
        for (int64_t i = 0; i < k; ++i)
          if (int64_t w = l.weight[i * n + j])
            d.terms.push_back({r * k + i, w}), d.slots.push_back(i);
        dots.push_back(std::move(d));
        channelOf.push_back(j);
      }
    return success();
  }
  auto conv = cast<ConvIntegerOp>(l.op);
  ArrayRef<int64_t> in = l.inType.getShape();
  if (in.size() != 4)
    return conv.emitError() << "-target=fixed supports 2-d convolutions only";
  ArrayRef<int64_t> st = conv.getStrides(), dl = conv.getDilations(), pd = conv.getPads();
  int64_t g = conv.getGroup(), cg = l.weightShape[1], og = out[1] / g;
  int64_t kh = l.weightShape[2], kw = l.weightShape[3];
  for (int64_t n = 0; n < out[0]; ++n)
    for (int64_t o = 0; o < out[1]; ++o)
      for (int64_t oy = 0; oy < out[2]; ++oy)
        for (int64_t ox = 0; ox < out[3]; ++ox) {
          DotProduct d;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t ky = 0; ky < kh; ++ky)
              for (int64_t kx = 0; kx < kw; ++kx) {
                int64_t iy = oy * st[0] - pd[0] + ky * dl[0];
                int64_t ix = ox * st[1] - pd[1] + kx * dl[1];
                // Padding is the input zero point: a centred zero.
                if (iy < 0 || ix < 0 || iy >= in[2] || ix >= in[3])
                  continue;
                int64_t w = l.weight[((o * cg + ci) * kh + ky) * kw + kx];
                int64_t c = (o / og) * cg + ci;
                if (w)
                  d.terms.push_back({((n * in[1] + c) * in[2] + iy) * in[3] + ix, w}),
                      d.slots.push_back((ci * kh + ky) * kw + kx);
              }
          dots.push_back(std::move(d));
          channelOf.push_back(o);
        }
  return success();
}

/// Output e in phase e % cycles of lane e / cycles.
SmallVector<Lane> formLanes(ArrayRef<int64_t> channelOf, int64_t cycles) {
  SmallVector<Lane> lanes;
  for (auto [e, c] : llvm::enumerate(channelOf)) {
    if (e % cycles == 0)
      lanes.push_back({(int64_t)lanes.size(), {}, true});
    Lane &lane = lanes.back();
    lane.oneChannel &= c == channelOf[lane.outputs.empty() ? e : lane.outputs.front()];
    lane.outputs.push_back(e);
  }
  return lanes;
}

/// Each output's integer requantization; within a lane over several
/// channels all get the lane's largest shift (M and C scaled up to match:
/// floor((acc M 2^d + C 2^d) / 2^(S+d)) is the same), so only M and C are
/// selected by the phase. Fails if a scaled multiplier leaves 62 bits.
FailureOr<SmallVector<FixedPointScale>> fixedScales(RequantizeOp rq, ArrayRef<int64_t> channelOf,
                                                    ArrayRef<Lane> lanes) {
  SmallVector<FixedPointScale> scales;
  for (int64_t c : channelOf)
    scales.push_back(channelScale(rq, c));
  for (const Lane &lane : lanes) {
    int64_t shift = 0;
    for (int64_t e : lane.outputs)
      shift = std::max(shift, scales[e].shift);
    for (int64_t e : lane.outputs) {
      FixedPointScale &f = scales[e];
      int64_t d = shift - f.shift;
      if (d >= 62 || llvm::countl_zero((uint64_t)f.multiplier) <= d + 1 ||
          llvm::countl_zero((uint64_t)std::abs(f.offset)) <= d + 1)
        return rq.emitError() << "-reuse puts channels with requantization shifts " << f.shift
                              << " and " << shift << " into one lane; use -reuse=1";
      f.multiplier <<= d, f.offset *= int64_t(1) << d, f.shift = shift;
    }
  }
  return scales;
}

LogicalResult emitContraction(llvm::raw_ostream &os, const Layer &l, int64_t ii,
                              LayerStats &stats) {
  SmallVector<DotProduct> dots;
  SmallVector<int64_t> channelOf;
  if (failed(dotProducts(l, dots, channelOf)))
    return failure();
  RequantizeOp rq = l.requantize;
  if (!hasFixedPoint(rq))
    return rq.emitError() << "requantize has no fixed-point form; run "
                             "aicc-fixed-point-requantize first";
  stats.zeroWeights = (int64_t)l.weight.size() - llvm::count_if(l.weight, [](int64_t w) {
                        return w != 0;
                      });
  stats.cycles = layerCycles(l);
  SmallVector<Lane> lanes = formLanes(channelOf, stats.cycles);
  stats.lanes = lanes.size();
  FailureOr<SmallVector<FixedPointScale>> scales = fixedScales(rq, channelOf, lanes);
  if (failed(scales))
    return failure();
  int64_t zp = rq.getZeroPoint(), lo = rq.getRelu() ? zp : -128;
  ContractionWriter w{os, -128 - l.inputZeroPoint, 127 - l.inputZeroPoint, 10, 12, stats};
  if (ii > 1)
    w.phaseBits = signedBits(0, ii - 1) - 1, w.commitPhase = ii - 1;
  SmallVector<int64_t> biases;
  for (auto [e, dot] : llvm::enumerate(dots)) {
    biases.push_back(l.bias[channelOf[e]]);
    auto [amin, amax] = accRange(dot, biases.back(), w.xlo, w.xhi);
    w.aw = std::max(w.aw, signedBits(amin, amax) + 1);
    const FixedPointScale &f = (*scales)[e];
    __int128 pm = (__int128)std::max(-amin, amax) * f.multiplier + std::abs(f.offset) +
                  ((__int128)1 << f.shift) * 256;
    w.pw = std::max(w.pw, bitsForMagnitude(pm));
  }
  if (w.pw > 120)
    return rq.emitError() << "requantization needs " << w.pw
                          << "-bit products; the scale is too small for the hardware form";
  stats.maxAccumulatorBits = w.aw;
  w.centredInputs(l.inType.getNumElements(), l.inputZeroPoint);
  w.dotTree.emplace(os, "t");
  w.requantTree.emplace(os, "pm");
  SmallVector<ContractionWriter::LaneSum> sums;
  for (const Lane &lane : lanes)
    sums.push_back(w.laneSum(lane, dots));
  SmallVector<SmallVector<Term>> terms = w.shareProducts(sums);
  for (auto [lane, laneTerms] : llvm::zip(lanes, terms)) {
    std::string acc = w.accumulate(lane, laneTerms, biases);
    w.requantize(lane, acc, dots, biases, *scales, zp, lo, 127);
    w.outputs(lane);
  }
  stats.adders = w.dotTree->adders, stats.sharedAdders = w.dotTree->reused;
  stats.requantAdders = w.requantTree->adders;
  return success();
}

LogicalResult emitMaxPool(llvm::raw_ostream &os, const Layer &l) {
  auto pool = cast<MaxPoolOp>(l.op);
  ArrayRef<int64_t> in = l.inType.getShape(), out = l.outType.getShape();
  if (in.size() != 4)
    return pool.emitError() << "-target=fixed supports 2-d max pooling only";
  ArrayRef<int64_t> k = pool.getKernelShape(), st = pool.getStrides(), dl = pool.getDilations(),
                    pd = pool.getPads();
  int64_t e = 0;
  for (int64_t n = 0; n < out[0]; ++n)
    for (int64_t c = 0; c < out[1]; ++c)
      for (int64_t oy = 0; oy < out[2]; ++oy)
        for (int64_t ox = 0; ox < out[3]; ++ox, ++e) {
          std::string cur;
          int64_t j = 0;
          for (int64_t ky = 0; ky < k[0]; ++ky)
            for (int64_t kx = 0; kx < k[1]; ++kx) {
              int64_t iy = oy * st[0] - pd[0] + ky * dl[0], ix = ox * st[1] - pd[1] + kx * dl[1];
              if (iy < 0 || ix < 0 || iy >= in[2] || ix >= in[3])
                continue; // padding never wins a max
              std::string v = "$signed(in_data" +
                              slice(((n * in[1] + c) * in[2] + iy) * in[3] + ix) + ")";
              std::string name = "m" + std::to_string(e) + "_" + std::to_string(j++);
              os << "  wire signed [7:0] " << name << " = ";
              if (cur.empty())
                os << v << ";\n";
              else
                os << v << " > " << cur << " ? " << v << " : " << cur << ";\n";
              cur = name;
            }
          if (cur.empty())
            return pool.emitError() << "a max pooling window lies entirely in the padding";
          os << "  assign out_next" << slice(e) << " = " << cur << ";\n";
        }
  return success();
}

} // namespace

int64_t fixed::layerCycles(const Layer &l) {
  if (auto c = l.op->getAttrOfType<IntegerAttr>(kFixedCyclesAttr))
    return std::max<int64_t>(c.getInt(), 1);
  return 1;
}

FailureOr<LayerStats> fixed::emitLayerModule(llvm::raw_ostream &os, const Layer &l,
                                             StringRef name, int64_t ii) {
  int64_t inBits = 8 * l.inType.getNumElements(), outBits = 8 * l.outType.getNumElements();
  std::string body;
  llvm::raw_string_ostream bs(body);
  LayerStats stats;
  if (l.kind == Layer::MaxPool ? failed(emitMaxPool(bs, l)) : failed(emitContraction(bs, l, ii, stats)))
    return failure();
  os << "module " << name << "(\n  input wire clk,\n  input wire en,\n";
  if (ii > 1 && l.kind != Layer::MaxPool)
    os << "  input wire [" << signedBits(0, ii - 1) - 2 << ":0] phase,\n";
  os << "  input wire ["
     << inBits - 1 << ":0] in_data,\n  output reg [" << outBits - 1 << ":0] out_data\n);\n"
     << "  wire [" << outBits - 1 << ":0] out_next;\n"
     << body << "  always @(posedge clk)\n    if (en)\n      out_data <= out_next;\nendmodule\n\n";
  return stats;
}
