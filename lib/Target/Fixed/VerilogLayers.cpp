//===- VerilogLayers.cpp - one Verilog module per layer ---------------------===//
#include "VerilogLayers.h"
#include "ConstantProducts.h"
#include "aicc/Target/Fixed/Passes.h"
#include "llvm/Support/MathExtras.h"

#include <map>

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

  /// `value` (from bits wide, its sign bit `sign`) sign-extended to `to`
  /// bits.
  static std::string sext(StringRef value, StringRef sign, int64_t from, int64_t to) {
    if (from == to)
      return value.str();
    return "$signed({{" + std::to_string(to - from) + "{" + sign.str() + "}}, " + value.str() +
           "})";
  }

  /// x<k> = in - zero point, sign-extended to aw bits.
  void centredInputs(int64_t count, int64_t zp) {
    for (int64_t k = 0; k < count; ++k) {
      os << "  wire signed [" << aw - 1 << ":0] x" << k << " = "
         << sext("in_data" + slice(k), "in_data[" + std::to_string(8 * k + 7) + "]", 8, aw);
      if (zp)
        os << (zp < 0 ? " + " : " - ") << lit(aw, zp < 0 ? -zp : zp);
      os << ";\n";
    }
  }

  /// acc<e> = bias + sum of specialised terms; requantized into out_next.
  /// `operand` (a wire name) times the constant mag > 0, specialised.
  std::string product(const std::string &operand, uint64_t mag) {
    if (mag == 1) {
      ++stats.addSub;
      return operand;
    }
    if (llvm::isPowerOf2_64(mag)) {
      ++stats.shifts;
      return "(" + operand + " <<< " + std::to_string(llvm::Log2_64(mag)) + ")";
    }
    SmallVector<std::pair<unsigned, int>> digits = csdDigits(mag);
    if (digits.size() > kMaxCSDDigits) {
      ++stats.multipliers;
      return operand + " * " + lit(aw, mag);
    }
    // Canonical signed digits, e.g. 7 = 8 - 1: (x <<< 3) - x.
    std::string r = "(";
    for (auto [i, d] : llvm::enumerate(digits)) {
      if (i)
        r += d.second < 0 ? " - " : " + ";
      else if (d.second < 0)
        r += "-";
      r += d.first ? "(" + operand + " <<< " + std::to_string(d.first) + ")" : operand;
    }
    ++stats.csdWeights;
    stats.csdAdders += digits.size() - 1;
    return r + ")";
  }

  /// acc<e> = bias + sum of specialised products; inputs whose weights have
  /// the same magnitude are summed first (g<e>_<m> = x1 - x5 + ...), so each
  /// magnitude costs one constant product per dot product.
  void output(int64_t e, const DotProduct &dot, int64_t bias, const FixedPointScale &f,
              int64_t zp, int64_t lo, int64_t hi) {
    auto [amin, amax] = accRange(dot, bias, xlo, xhi);
    auto groups = groupByMagnitude(dot.terms); // mag -> (x, negative)
    std::string sum = lit(aw, bias);
    for (auto &[mag, members] : groups) {
      bool negative = members.front().second;
      std::string operand = "x" + std::to_string(members.front().first);
      if (members.size() > 1) {
        operand = "g" + std::to_string(e) + "_" + std::to_string(mag);
        os << "  wire signed [" << aw - 1 << ":0] " << operand << " = x" << members.front().first;
        for (auto [k, neg] : ArrayRef(members).drop_front())
          os << (neg != negative ? " - x" : " + x") << k;
        os << ";\n";
        stats.factoredTerms += members.size() - 1;
      }
      sum += (negative ? " - " : " + ") + product(operand, mag);
    }
    os << "  wire signed [" << aw - 1 << ":0] acc" << e << " = " << sum;
    os << ";\n";
    // p = acc * M + C; q = (p >>> S) + zp, saturated to [lo, hi].
    std::string a = "acc" + std::to_string(e), n = std::to_string(e);
    os << "  wire signed [" << pw - 1 << ":0] p" << n << " = " << sext(a, a + "[" + std::to_string(aw - 1) + "]", aw, pw) << " * "
       << lit(pw, f.multiplier) << " + " << lit(pw, f.offset) << ";\n";
    os << "  wire signed [" << pw - 1 << ":0] q" << n << " = (p" << n << " >>> " << f.shift
       << ") + " << lit(pw, zp) << ";\n";
    os << "  wire signed [9:0] c" << n << " = q" << n << " < " << lit(pw, lo) << " ? "
       << lit(10, lo) << " : q" << n << " > " << lit(pw, hi) << " ? " << lit(10, hi) << " : q"
       << n << "[9:0];\n";
    // Corrections of f32 rounding onto .5, where this accumulator can reach.
    os << "  wire signed [9:0] r" << n << " = c" << n;
    for (const Correction &c : f.corrections) {
      if (c.to < amin || c.from > amax)
        continue;
      int64_t from = std::max(c.from, amin), to = std::min(c.to, amax);
      os << (c.delta < 0 ? " - " : " + ") << "(";
      if (from == to)
        os << "(" << a << " == " << lit(aw, from) << ")";
      else
        os << "(" << a << " >= " << lit(aw, from) << " && " << a << " <= " << lit(aw, to) << ")";
      os << " ? " << lit(10, std::abs(c.delta)) << " : 10'sd0)";
      ++stats.corrections;
    }
    os << ";\n  assign out_next" << slice(e) << " = r" << n << "[7:0];\n";
    ++stats.requantMultipliers;
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
            d.terms.push_back({r * k + i, w});
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
                  d.terms.push_back({((n * in[1] + c) * in[2] + iy) * in[3] + ix, w});
              }
          dots.push_back(std::move(d));
          channelOf.push_back(o);
        }
  return success();
}

LogicalResult emitContraction(llvm::raw_ostream &os, const Layer &l, LayerStats &stats) {
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
  int64_t zp = rq.getZeroPoint(), lo = rq.getRelu() ? zp : -128;
  ContractionWriter w{os, -128 - l.inputZeroPoint, 127 - l.inputZeroPoint, 10, 12, stats};
  SmallVector<FixedPointScale> scales;
  for (auto [e, dot] : llvm::enumerate(dots)) {
    scales.push_back(channelScale(rq, channelOf[e]));
    auto [amin, amax] = accRange(dot, l.bias[channelOf[e]], w.xlo, w.xhi);
    w.aw = std::max(w.aw, signedBits(amin, amax) + 1);
    const FixedPointScale &f = scales.back();
    __int128 pm = (__int128)std::max(-amin, amax) * f.multiplier + std::abs(f.offset) +
                  ((__int128)1 << f.shift) * 256;
    w.pw = std::max(w.pw, bitsForMagnitude(pm));
  }
  if (w.pw > 120)
    return rq.emitError() << "requantization needs " << w.pw
                          << "-bit products; the scale is too small for the hardware form";
  stats.maxAccumulatorBits = w.aw;
  w.centredInputs(l.inType.getNumElements(), l.inputZeroPoint);
  for (auto [e, dot] : llvm::enumerate(dots))
    w.output(e, dot, l.bias[channelOf[e]], scales[e], zp, lo, 127);
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

FailureOr<LayerStats> fixed::emitLayerModule(llvm::raw_ostream &os, const Layer &l,
                                             StringRef name) {
  int64_t inBits = 8 * l.inType.getNumElements(), outBits = 8 * l.outType.getNumElements();
  std::string body;
  llvm::raw_string_ostream bs(body);
  LayerStats stats;
  if (l.kind == Layer::MaxPool ? failed(emitMaxPool(bs, l)) : failed(emitContraction(bs, l, stats)))
    return failure();
  os << "module " << name << "(\n  input wire clk,\n  input wire en,\n  input wire ["
     << inBits - 1 << ":0] in_data,\n  output reg [" << outBits - 1 << ":0] out_data\n);\n"
     << "  wire [" << outBits - 1 << ":0] out_next;\n"
     << body << "  always @(posedge clk)\n    if (en)\n      out_data <= out_next;\nendmodule\n\n";
  return stats;
}
