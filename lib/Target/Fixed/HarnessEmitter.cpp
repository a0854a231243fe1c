//===- HarnessEmitter.cpp - Verilator harness and report.json ---------------===//
#include "HarnessEmitter.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mlir::aicc::fixed;

namespace {

int64_t elements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

constexpr const char *kHarnessBody = R"cpp(
// Ports up to 64 bits are integers, wider ones VlWide word arrays; element
// i of a tensor is byte i of the port (little-endian).
template <typename T> static void pack(T &port, const uint8_t *b, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i)
    v |= uint64_t(b[i]) << (8 * i);
  port = (T)v;
}
template <std::size_t W> static void pack(VlWide<W> &port, const uint8_t *b, size_t n) {
  for (std::size_t w = 0; w < W; ++w) {
    uint32_t v = 0;
    for (size_t j = 0; j < 4 && 4 * w + j < n; ++j)
      v |= uint32_t(b[4 * w + j]) << (8 * j);
    port[w] = v;
  }
}
template <typename T> static void unpack(const T &port, uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; ++i)
    b[i] = (uint8_t)(uint64_t(port) >> (8 * i));
}
template <std::size_t W> static void unpack(const VlWide<W> &port, uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; ++i)
    b[i] = (uint8_t)(port[i / 4] >> (8 * (i % 4)));
}

int main(int argc, char **argv) {
  if (argc == 2 && std::string(argv[1]) == "--describe") {
    std::fputs(kInterface, stdout);
    return 0;
  }
  // --random-stalls: the source offers a vector and the sink takes one only
  // on pseudo-random cycles (an offer, once made, stays until taken).
  bool stalls = argc == 4 && std::string(argv[3]) == "--random-stalls";
  if (argc != 3 && !stalls) {
    std::fprintf(stderr,
                 "usage: %s IN.bin OUT.bin [--random-stalls]  (raw int8, %zu bytes per input "
                 "vector)\n",
                 argv[0], kInputBytes);
    return 2;
  }
  uint32_t lfsr = 0xace1u;
  auto coin = [&] {
    lfsr = lfsr * 1103515245u + 12345u;
    return !stalls || ((lfsr >> 16) & 1);
  };
  std::FILE *in = std::fopen(argv[1], "rb");
  if (!in) {
    std::fprintf(stderr, "error: cannot read %s\n", argv[1]);
    return 1;
  }
  std::vector<uint8_t> data;
  uint8_t buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;)
    data.insert(data.end(), buf, buf + n);
  std::fclose(in);
  if (data.empty() || data.size() % kInputBytes) {
    std::fprintf(stderr, "error: %s holds %zu bytes, not a positive multiple of %zu\n",
                 argv[1], data.size(), kInputBytes);
    return 1;
  }
  size_t vectors = data.size() / kInputBytes;
  std::vector<uint8_t> out(vectors * kOutputBytes);
  VerilatedContext ctx;
  Vtop top(&ctx);
  auto tick = [&] {
    top.aclk = 0;
    top.eval();
    top.aclk = 1;
    top.eval();
  };
  top.aresetn = 0;
  top.s_axis_tvalid = 0;
  top.m_axis_tready = 1;
  tick();
  tick();
  top.aresetn = 1;
  size_t sent = 0, received = 0;
  long long cycle = 0, firstIn = -1, lastIn = -1, latency = -1, interval = 0;
  bool offer = false;
  const long long limit = (long long)vectors * (kInitiationInterval + 4) * (stalls ? 4 : 1) + 1000;
  for (; received < vectors && cycle < limit; ++cycle) {
    offer = sent < vectors && (offer || coin());
    top.s_axis_tvalid = offer;
    top.m_axis_tready = coin();
    if (sent < vectors)
      pack(top.s_axis_tdata, &data[sent * kInputBytes], kInputBytes);
    top.aclk = 0;
    top.eval();
    bool inFires = top.s_axis_tvalid && top.s_axis_tready;
    if (top.m_axis_tvalid && top.m_axis_tready) {
      unpack(top.m_axis_tdata, &out[received * kOutputBytes], kOutputBytes);
      if (received++ == 0)
        latency = cycle - firstIn;
    }
    if (inFires) {
      offer = false;
      if (sent++ == 0)
        firstIn = cycle;
      else if (cycle - lastIn > interval)
        interval = cycle - lastIn; // the largest gap between accepted inputs
      lastIn = cycle;
    }
    top.aclk = 1;
    top.eval();
  }
  top.final();
  if (received != vectors) {
    std::fprintf(stderr, "error: %zu of %zu outputs after %lld cycles\n", received, vectors,
                 cycle);
    return 1;
  }
  std::FILE *o = std::fopen(argv[2], "wb");
  if (!o || std::fwrite(out.data(), 1, out.size(), o) != out.size() || std::fclose(o)) {
    std::fprintf(stderr, "error: cannot write %s\n", argv[2]);
    return 1;
  }
  std::fprintf(stderr, "latency_cycles=%lld initiation_interval=%lld cycles=%lld vectors=%zu\n",
               latency, vectors > 1 ? interval : -1, cycle, vectors);
  return 0;
}
)cpp";

/// "RANK D0 D1 ...".
std::string shapeText(ArrayRef<int64_t> shape) {
  std::string s = std::to_string(shape.size());
  for (int64_t d : shape)
    s += " " + std::to_string(d);
  return s;
}

llvm::json::Array shapeJSON(ArrayRef<int64_t> shape) {
  llvm::json::Array a;
  for (int64_t d : shape)
    a.push_back(d);
  return a;
}

} // namespace

void mlir::aicc::fixed::writeHarness(llvm::raw_ostream &os, const DesignSummary &d) {
  os << "// Generated by aicc -target=fixed: a Verilator main for `top` in model.v.\n"
     << "//   verilator --cc --exe --build -O1 --top-module top model.v harness.cpp\n"
     << "//   obj_dir/Vtop IN.bin OUT.bin\n"
     << "#include \"Vtop.h\"\n#include \"verilated.h\"\n"
     << "#include <cstdint>\n#include <cstdio>\n#include <string>\n#include <vector>\n\n"
     << "static const size_t kInputBytes = " << elements(d.inputShape) << ";\n"
     << "static const size_t kOutputBytes = " << elements(d.outputShape) << ";\n"
     << "static const long long kInitiationInterval = " << d.initiationInterval << ";\n"
     << "static const char kInterface[] =\n    \"input int8 " << shapeText(d.inputShape) << " "
     << llvm::formatv("{0:e9}", d.inputScale) << " " << d.inputZeroPoint << "\\n\"\n";
  for (bool dq : d.outputsDequantized) {
    os << "    \"output " << (dq ? "float32 " : "int8 ") << shapeText(d.outputShape);
    if (dq)
      os << " " << llvm::formatv("{0:e9}", *d.outputScale) << " " << d.outputZeroPoint;
    os << "\\n\"\n";
  }
  os << "    ;\n" << kHarnessBody;
}

void mlir::aicc::fixed::writeReport(llvm::raw_ostream &os, const DesignSummary &d) {
  llvm::json::Array layers;
  for (const DesignSummary::LayerInfo &l : d.layers)
    layers.push_back(llvm::json::Object{
        {"node", l.node},
        {"kind", l.kind},
        {"module", l.module},
        {"zero_weights_skipped", l.stats.zeroWeights},
        {"factored_terms", l.stats.factoredTerms},
        {"add_sub_weights", l.stats.addSub},
        {"shift_weights", l.stats.shifts},
        {"csd_weights", l.stats.csdWeights},
        {"csd_adders", l.stats.csdAdders},
        {"constant_multiplies", l.stats.multipliers},
        {"adders", l.stats.adders},
        {"shared_adders", l.stats.sharedAdders},
        {"shared_pairs", l.stats.sharedPairs},
        {"shared_pair_uses", l.stats.sharedPairUses},
        {"requantize_multiplies", l.stats.requantMultipliers},
        {"requantize_adders", l.stats.requantAdders},
        {"rounding_corrections", l.stats.corrections},
        {"accumulator_bits", l.stats.maxAccumulatorBits},
        {"cycles", l.stats.cycles},
        {"lanes", l.stats.lanes},
        {"input_selects", l.stats.inputSelects},
        {"selected_weight_multiplies", l.stats.selectedMultipliers},
    });
  llvm::json::Object input{{"name", d.inputName},
                           {"shape", shapeJSON(d.inputShape)},
                           {"dtype", "int8"},
                           {"bytes", elements(d.inputShape)},
                           {"scale", d.inputScale},
                           {"zero_point", d.inputZeroPoint}};
  llvm::json::Object output{{"name", d.outputName},
                            {"shape", shapeJSON(d.outputShape)},
                            {"dtype", "int8"},
                            {"bytes", elements(d.outputShape)}};
  if (d.outputScale) {
    output["scale"] = *d.outputScale;
    output["zero_point"] = d.outputZeroPoint;
  }
  llvm::json::Object report{
      {"format", "aicc-fixed-v1"},
      {"top", "top"},
      {"verilog", "model.v"},
      {"harness", "harness.cpp"},
      {"reuse", d.reuse},
      {"latency_cycles", d.latency},
      {"initiation_interval", d.initiationInterval},
      {"input", std::move(input)},
      {"output", std::move(output)},
      {"layers", std::move(layers)},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
}
