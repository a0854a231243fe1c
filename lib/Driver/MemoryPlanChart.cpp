//===- MemoryPlanChart.cpp - the arena plan as an SVG chart ------------------===//
//
// Plain text, no dependencies: the chart opens in any browser, and hovering a
// buffer shows its <title>.
//
//===----------------------------------------------------------------------===//
#include "MemoryPlanChart.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::aicc;

namespace {

std::string escape(StringRef s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default: out += c;
    }
  }
  return out;
}

struct Unit {
  double scale;
  const char *name;
};

Unit unitFor(double bytes) {
  if (bytes >= (1 << 20))
    return {double(1 << 20), "MiB"};
  if (bytes >= (1 << 10))
    return {double(1 << 10), "KiB"};
  return {1.0, "B"};
}

std::string human(double bytes) {
  Unit u = unitFor(bytes);
  std::string s;
  llvm::raw_string_ostream os(s);
  if (u.scale == 1.0)
    os << int64_t(bytes) << " B";
  else
    os << llvm::format("%.2f %s", bytes / u.scale, u.name);
  return s;
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
double niceStep(double raw) {
  if (raw <= 0)
    return 1;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw)
      return m * p;
  return 10 * p;
}

std::string num(double v) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%.2f", v);
  return s;
}

std::string tickLabel(double v) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (v == std::floor(v))
    os << int64_t(v);
  else
    os << llvm::format("%g", v);
  return s;
}

/// A label that may fit in a box: "/layer1/layer1.0/conv1/Conv" (op Conv)
/// -> "layer1.0/conv1"; names without '/' stay as they are.
std::string shortName(const PlannedBuffer &b) {
  if (b.node.empty())
    return "?";
  SmallVector<StringRef> parts;
  StringRef(b.node).split(parts, '/', -1, /*KeepEmpty=*/false);
  if (parts.size() > 1 && parts.back() == b.op)
    parts.pop_back();
  if (parts.size() <= 1)
    return parts.empty() ? b.node : parts.front().str();
  return (parts[parts.size() - 2] + "/" + parts.back()).str();
}

} // namespace

void mlir::aicc::writeMemoryPlanSVG(raw_ostream &os, const MemoryPlan &plan) {
  // Integers, so that they print as such; positions are computed in double.
  const int width = 1200, height = 660;
  const int left = 90, right = 1170, top = 64, bottom = 590;
  const int64_t live = plan.maxLiveBytes();
  // The x axis starts at the tick before the first allocation: the entry
  // block usually opens with constants and weights, which hold no buffer.
  double xMax = std::max<int64_t>(plan.positions, 1), xMin = 0;
  if (!plan.buffers.empty()) {
    int64_t first = plan.buffers.front().first;
    for (const PlannedBuffer &b : plan.buffers) {
      first = std::min(first, b.first);
      xMax = std::max<double>(xMax, b.last + 1);
    }
    double step = niceStep((xMax - first) / 10);
    xMin = std::floor(first / step) * step;
  }
  const double yMax = std::max<double>(plan.arenaBytes, 1) * 1.08;
  auto px = [&](double pos) {
    return left + (pos - xMin) / (xMax - xMin) * double(right - left);
  };
  auto py = [&](double bytes) { return bottom - bytes / yMax * double(bottom - top); };

  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\""
     << height << "\" viewBox=\"0 0 " << width << " " << height
     << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  os << "<desc>aicc memory plan for @" << escape(plan.function)
     << ": x = program position (entry-block op index), y = arena offset in bytes; one "
        "rectangle per buffer, from its allocation to its last use</desc>\n";
  os << "<path d=\"M0 0H" << width << "V" << height << "H0Z\" fill=\"#ffffff\"/>\n";

  // Title and totals.
  os << "<text x=\"" << left << "\" y=\"22\" font-size=\"16\" font-weight=\"bold\">"
     << "aicc memory plan: @" << escape(plan.function) << "</text>\n";
  os << "<text x=\"" << left << "\" y=\"42\">peak arena " << human(plan.arenaBytes)
     << " (" << plan.arenaBytes << " B) | without reuse " << human(plan.totalBytes)
     << " | reuse " << llvm::format("%.2f", plan.reuseRatio()) << "x | max live "
     << human(live) << " | " << plan.buffers.size() << " buffers | alignment "
     << plan.alignment << " B" << (plan.reuse ? "" : " | reuse off") << "</text>\n";

  // Grid, ticks and axes.
  os << "<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n";
  Unit u = unitFor(yMax);
  double yStep = niceStep(yMax / u.scale / 8) * u.scale;
  for (double y = 0; y <= yMax + 1e-9; y += yStep)
    os << "<line x1=\"" << left << "\" y1=\"" << num(py(y)) << "\" x2=\"" << right
       << "\" y2=\"" << num(py(y)) << "\"/>\n";
  double xStep = niceStep((xMax - xMin) / 10);
  for (double x = xMin; x <= xMax + 1e-9; x += xStep)
    os << "<line x1=\"" << num(px(x)) << "\" y1=\"" << top << "\" x2=\"" << num(px(x))
       << "\" y2=\"" << bottom << "\"/>\n";
  os << "</g>\n";
  os << "<g font-size=\"11\" fill=\"#333\">\n";
  for (double y = 0; y <= yMax + 1e-9; y += yStep)
    os << "<text x=\"" << left - 6 << "\" y=\"" << num(py(y) + 4)
       << "\" text-anchor=\"end\">" << tickLabel(y / u.scale) << "</text>\n";
  for (double x = xMin; x <= xMax + 1e-9; x += xStep)
    os << "<text x=\"" << num(px(x)) << "\" y=\"" << bottom + 16
       << "\" text-anchor=\"middle\">" << tickLabel(x) << "</text>\n";
  os << "</g>\n";
  os << "<path d=\"M" << left << " " << top << "V" << bottom << "H" << right
     << "\" fill=\"none\" stroke=\"#000\" stroke-width=\"1\"/>\n";
  os << "<text x=\"" << (left + right) / 2 << "\" y=\"" << bottom + 40
     << "\" text-anchor=\"middle\">program position (op index in @" << escape(plan.function)
     << "'s entry block)</text>\n";
  os << "<text transform=\"translate(24 " << (top + bottom) / 2
     << ") rotate(-90)\" text-anchor=\"middle\">arena offset (" << u.name << ")</text>\n";

  // Buffers: the only <rect> elements.
  os << "<g stroke=\"#333\" stroke-width=\"0.5\" fill-opacity=\"0.85\">\n";
  for (auto [i, b] : llvm::enumerate(plan.buffers)) {
    double x0 = px(b.first), x1 = px(b.last + 1);
    double y0 = py(b.offset + b.bytes), y1 = py(b.offset);
    double hue = std::fmod(i * 137.508, 360.0);
    std::string name = b.node.empty() ? "?" : b.node;
    os << "<rect x=\"" << num(x0) << "\" y=\"" << num(y0) << "\" width=\""
       << num(std::max(x1 - x0, 0.5)) << "\" height=\"" << num(std::max(y1 - y0, 0.5))
       << "\" fill=\"hsl(" << num(hue) << ",65%,68%)\"><title>" << escape(name);
    if (!b.op.empty())
      os << " (" << escape(b.op) << ")";
    os << ": " << human(b.bytes) << " (" << b.bytes << " B) at offset " << b.offset
       << ", live " << b.first << ".." << b.last << "</title></rect>\n";
  }
  os << "</g>\n";
  // Names where they fit; text ignores the pointer so tooltips still work.
  os << "<g font-size=\"10\" fill=\"#111\" pointer-events=\"none\">\n";
  for (const PlannedBuffer &b : plan.buffers) {
    double x0 = px(b.first), x1 = px(b.last + 1);
    double y0 = py(b.offset + b.bytes), y1 = py(b.offset);
    std::string name = shortName(b);
    double w = x1 - x0, h = y1 - y0, len = 6.0 * name.size() + 4;
    if (h >= 12 && w >= len) // across
      os << "<text x=\"" << num(x0 + 2) << "\" y=\"" << num(y0 + 11) << "\">"
         << escape(name) << "</text>\n";
    else if (w >= 12 && h >= len) // up the box
      os << "<text transform=\"translate(" << num(x0 + 10) << " " << num(y1 - 2)
         << ") rotate(-90)\">" << escape(name) << "</text>\n";
  }
  os << "</g>\n";

  // The peak and the lower bound.
  os << "<line x1=\"" << left << "\" y1=\"" << num(py(plan.arenaBytes)) << "\" x2=\""
     << right << "\" y2=\"" << num(py(plan.arenaBytes))
     << "\" stroke=\"#d62728\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n";
  os << "<text x=\"" << right - 4 << "\" y=\"" << num(py(plan.arenaBytes) - 4)
     << "\" text-anchor=\"end\" fill=\"#d62728\">peak arena " << human(plan.arenaBytes)
     << "</text>\n";
  if (live != plan.arenaBytes) {
    os << "<line x1=\"" << left << "\" y1=\"" << num(py(live)) << "\" x2=\"" << right
       << "\" y2=\"" << num(py(live))
       << "\" stroke=\"#555\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n";
    os << "<text x=\"" << left + 4 << "\" y=\"" << num(py(live) - 4)
       << "\" fill=\"#555\">max live " << human(live) << " (lower bound)</text>\n";
  }
  if (plan.buffers.empty())
    os << "<text x=\"" << (left + right) / 2 << "\" y=\"" << (top + bottom) / 2
       << "\" text-anchor=\"middle\">no planned buffers</text>\n";
  os << "</svg>\n";
}
