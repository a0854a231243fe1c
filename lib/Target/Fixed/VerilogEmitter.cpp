//===- VerilogEmitter.cpp - -target=fixed -emit=verilog ---------------------===//
//
// Writes model.v (the layer modules and `top`), harness.cpp and report.json
// for a module that went through the fixed pipeline. `top` is a stall-all
// pipeline: every layer module registers its output, all registers advance
// together when the output side can take data (en = m_axis_tready ||
// !m_axis_tvalid), one whole input vector per beat, so the initiation
// interval is 1 and the latency is the number of registered layers.
//
//===----------------------------------------------------------------------===//
#include "aicc/Target/Fixed/FixedTarget.h"
#include "FixedGraph.h"
#include "HarnessEmitter.h"
#include "VerilogLayers.h"
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::fixed;

namespace {

/// The ONNX node's name from an importer location, or "".
std::string nodeName(Location loc) {
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (std::string n = nodeName(l); !n.empty())
        return n;
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return "";
}

const char *kindName(Layer::Kind k) {
  switch (k) {
  case Layer::Dense:
    return "dense";
  case Layer::Conv:
    return "conv";
  case Layer::MaxPool:
    return "max_pool";
  case Layer::Reshape:
    return "reshape";
  }
  return "?";
}

std::string argName(func::FuncOp main, Value v, StringRef fallback) {
  if (auto arg = dyn_cast<BlockArgument>(v))
    if (auto n = main.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "aicc.name"))
      return n.str();
  return fallback.str();
}

/// The graph output name of the int8 result (or of its dequantized value).
std::string outputName(func::FuncOp main, Value out) {
  Operation *ret = main.getBody().front().getTerminator();
  std::string fallback;
  for (auto [i, r] : llvm::enumerate(ret->getOperands())) {
    auto n = main.getResultAttrOfType<StringAttr>(i, "aicc.name");
    if (r == out && n)
      return n.str();
    if (n && fallback.empty())
      fallback = n.str();
  }
  return fallback.empty() ? "output" : fallback;
}

/// `top`. Fully parallel (ii = 1): a stall-all pipeline, every layer one
/// stage, s_axis_tready = en. With reuse (ii > 1): a phase counter runs
/// 0 .. ii-1 and waits in ii-1 until the stages can advance (step = en in
/// phase ii-1); an input register holds the accepted vector for layer 0 over
/// the ii phases, s_axis_tready = step, so a vector enters every ii cycles
/// and leaves after stages * ii + 1; m_axis_tvalid drops once the output is
/// taken, until the next step.
void emitTop(llvm::raw_ostream &os, FixedChain &chain, ArrayRef<std::string> modules,
             int64_t ii) {
  int64_t inBits = 8 * cast<RankedTensorType>(chain.input.getResult().getType()).getNumElements();
  int64_t outBits = 8 * cast<RankedTensorType>(chain.output.getType()).getNumElements();
  int64_t stages = llvm::count_if(modules, [](const std::string &m) { return !m.empty(); });
  int64_t pb = signedBits(0, ii - 1) - 1; // phase bits
  if (ii > 1)
    ++stages; // the input register
  os << (ii == 1 ? "// One whole input vector per beat; every layer is one pipeline stage.\n"
                 : "// One whole input vector every " + std::to_string(ii) +
                       " cycles; every layer is one pipeline stage of that many cycles.\n")
     << "module top(\n  input wire aclk,\n  input wire aresetn,\n"
     << "  input wire [" << inBits - 1 << ":0] s_axis_tdata,\n"
     << "  input wire s_axis_tvalid,\n  output wire s_axis_tready,\n"
     << "  output wire [" << outBits - 1 << ":0] m_axis_tdata,\n"
     << "  output wire m_axis_tvalid,\n  input wire m_axis_tready\n);\n"
     << "  wire en = m_axis_tready || !m_axis_tvalid;\n";
  std::string step = "en", cur = "s_axis_tdata";
  if (ii > 1) {
    std::string last = std::to_string(pb) + "'d" + std::to_string(ii - 1);
    os << "  reg [" << pb - 1 << ":0] phase;\n"
       << "  wire step = en && phase == " << last << ";\n"
       << "  always @(posedge aclk)\n    if (!aresetn || step)\n      phase <= " << pb
       << "'d0;\n    else if (phase != " << last << ")\n      phase <= phase + " << pb
       << "'d1;\n"
       << "  reg [" << inBits - 1 << ":0] d0;\n"
       << "  always @(posedge aclk)\n    if (step)\n      d0 <= s_axis_tdata;\n";
    step = "step", cur = "d0";
  }
  os << "  reg [" << stages - 1 << ":0] valid;\n"
     << "  assign s_axis_tready = " << step << ";\n"
     << "  assign m_axis_tvalid = valid[" << stages - 1 << "];\n"
     << "  always @(posedge aclk)\n    if (!aresetn)\n      valid <= " << stages << "'d0;\n"
     << "    else if (" << step << ")\n      valid <= ";
  if (stages == 1)
    os << "s_axis_tvalid;\n";
  else
    os << "{valid[" << stages - 2 << ":0], s_axis_tvalid};\n";
  // Between steps the output register keeps its vector: taken once.
  if (ii > 1)
    os << "    else if (m_axis_tready)\n      valid[" << stages - 1 << "] <= 1'b0;\n";
  for (auto [i, l] : llvm::enumerate(chain.layers)) {
    if (modules[i].empty())
      continue; // a reshape keeps the bits in place
    std::string next = "d" + std::to_string(i + 1);
    os << "  wire [" << 8 * l.outType.getNumElements() - 1 << ":0] " << next << ";\n"
       << "  " << modules[i] << " u" << i << "(.clk(aclk), .en(" << step << "), ";
    if (ii > 1 && l.kind != Layer::MaxPool)
      os << ".phase(phase), ";
    os << ".in_data(" << cur << "), .out_data(" << next << "));\n";
    cur = next;
  }
  os << "  assign m_axis_tdata = " << cur << ";\nendmodule\n";
}

/// The reuse factor asked for: the largest layer cycles (a layer with fewer
/// outputs than the factor uses fewer), 1 without aicc-schedule-reuse.
int64_t reuseOf(func::FuncOp main) {
  if (auto r = main->getAttrOfType<IntegerAttr>(kFixedReuseAttr))
    return r.getInt();
  return 1;
}

LogicalResult writeFile(StringRef dir, StringRef name, std::string &error,
                        function_ref<void(raw_ostream &)> print) {
  SmallString<256> path(dir);
  llvm::sys::path::append(path, name);
  auto file = openOutputFile(path, &error);
  if (!file)
    return failure();
  print(file->os());
  file->keep();
  return success();
}

} // namespace

LogicalResult mlir::aicc::emitFixedDesign(ModuleOp module, StringRef outDir,
                                          std::string &error) {
  func::FuncOp main = findMain(module);
  if (!main)
    return module.emitError() << "-target=fixed needs a function @main";
  FailureOr<FixedChain> chain = collectFixedChain(main);
  if (failed(chain))
    return failure();
  DesignSummary d;
  d.inputName = argName(main, main.getArgument(0), "input");
  d.outputName = outputName(main, chain->output);
  // The graph input's shape (a reshape before the quantize is wiring).
  d.inputShape = llvm::to_vector(
      cast<RankedTensorType>(main.getArgument(0).getType()).getShape());
  d.outputShape = llvm::to_vector(cast<RankedTensorType>(chain->output.getType()).getShape());
  if (auto s = chain->input.getScale().getDefiningOp<arith::ConstantOp>())
    if (auto a = dyn_cast<DenseFPElementsAttr>(s.getValue()); a && a.isSplat())
      d.inputScale = a.getSplatValue<float>();
  if (auto z = chain->input.getZeroPoint().getDefiningOp<arith::ConstantOp>())
    if (auto a = dyn_cast<DenseIntElementsAttr>(z.getValue()); a && a.isSplat())
      d.inputZeroPoint = a.getSplatValue<APInt>().getSExtValue();
  d.outputScale = chain->outputScale;
  for (Value r : main.getBody().front().getTerminator()->getOperands())
    d.outputsDequantized.push_back(r != chain->output);
  d.outputZeroPoint = chain->outputZeroPoint;

  std::string verilog;
  llvm::raw_string_ostream vs(verilog);
  vs << "// Generated by aicc -target=fixed -emit=verilog (Verilog-2005).\n"
     << "// Weights are constants in the logic; see report.json.\n\n";
  SmallVector<std::string> modules;
  int64_t ii = 1;
  for (const Layer &l : chain->layers)
    ii = std::max(ii, layerCycles(l));
  for (auto [i, l] : llvm::enumerate(chain->layers)) {
    if (l.kind == Layer::Reshape) {
      modules.push_back("");
      continue;
    }
    std::string name = "layer" + std::to_string(i) + "_" + kindName(l.kind);
    std::string node = nodeName(l.op->getLoc());
    vs << "// " << (node.empty() ? "(unnamed)" : node) << ": " << l.op->getName() << "\n";
    FailureOr<LayerStats> stats = emitLayerModule(vs, l, name, ii);
    if (failed(stats))
      return failure();
    modules.push_back(name);
    d.layers.push_back({node, kindName(l.kind), name, *stats});
  }
  if (d.layers.empty())
    return main.emitError() << "-target=fixed found only reshapes; nothing to build";
  d.initiationInterval = ii;
  d.reuse = reuseOf(main);
  d.latency = (int64_t)d.layers.size() * ii + (ii > 1 ? 1 : 0);
  emitTop(vs, *chain, modules, ii);

  if (auto ec = llvm::sys::fs::create_directories(outDir)) {
    error = "cannot create '" + outDir.str() + "': " + ec.message();
    return failure();
  }
  if (failed(writeFile(outDir, "model.v", error, [&](raw_ostream &os) { os << verilog; })) ||
      failed(writeFile(outDir, "harness.cpp", error,
                       [&](raw_ostream &os) { writeHarness(os, d); })) ||
      failed(writeFile(outDir, "report.json", error,
                       [&](raw_ostream &os) { writeReport(os, d); })))
    return failure();
  return success();
}
