//===- Quantize.cpp - the driver's -quantize step ----------------------------===//
//
// Calibration without Python: the f32 module is cloned, the inputs and
// results of the contractions to quantize become extra graph outputs, the
// copy is compiled with the normal CPU pipeline into a temporary library and
// run on every sample through libaiccrt. The ranges seen go onto the
// contractions as attributes for aicc-insert-qdq.
//
//===----------------------------------------------------------------------===//
#include "Quantize.h"
#include "CalibrationRunner.h"
#include "DiagnosticPrinter.h"
#include "EntropyCalibration.h"
#include "aicc/Transforms/Passes.h"
#include "aicc/Transforms/Quantization.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// Temporary files removed when the step ends.
struct TempFiles {
  std::vector<std::string> paths;
  ~TempFiles() {
    for (const std::string &p : paths)
      llvm::sys::fs::remove(p);
  }
  FailureOr<std::string> make(StringRef suffix) {
    SmallString<256> p;
    if (auto ec = llvm::sys::fs::createTemporaryFile("aicc-quantize", suffix, p)) {
      reportError("cannot create a temporary file: " + ec.message());
      return failure();
    }
    paths.push_back(std::string(p));
    return paths.back();
  }
};

/// Compiles `module` for the host into a temporary shared library, through
/// the same compileModel as every compile (the module goes in as bytecode).
std::unique_ptr<LoadedModel> compileAndLoad(ModuleOp module, const CompileOptions &base,
                                            TempFiles &tmp) {
  FailureOr<std::string> mlirPath = tmp.make("mlir"), soPath = tmp.make("so");
  if (failed(mlirPath) || failed(soPath))
    return nullptr;
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(*mlirPath, ec);
    if (ec || failed(writeBytecodeToFile(module, os))) {
      reportError("cannot write " + *mlirPath);
      return nullptr;
    }
  }
  CompileOptions o;
  o.inputPath = *mlirPath;
  o.outputPath = *soPath;
  o.optLevel = base.optLevel;
  if (failed(compileModel(o)))
    return nullptr;
  return LoadedModel::load(*soPath);
}

/// "conv1 (Conv)" from the importer's NameLoc(node, NameLoc(op type)).
std::string nodeLabel(Operation *op) {
  std::string name = op->getName().getStringRef().str(), type;
  if (auto n = dyn_cast<NameLoc>(op->getLoc())) {
    name = n.getName().str();
    if (auto t = dyn_cast<NameLoc>(n.getChildLoc()))
      type = t.getName().str();
  }
  return type.empty() ? name : name + " (" + type + ")";
}

/// Everything seen of one calibrated tensor.
struct RangeStats {
  float lo = INFINITY, hi = -INFINITY;
  std::vector<float> values; // kept for percentile and entropy only
  void add(ArrayRef<float> v, bool keep) {
    for (float x : v) {
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    if (keep)
      values.insert(values.end(), v.begin(), v.end());
  }
  std::pair<float, float> range(const QuantizeOptions &q) {
    if (q.method == CalibrationMethod::MinMax || values.empty())
      return {lo, hi};
    if (q.method == CalibrationMethod::Entropy)
      return entropyRange(values, lo, hi);
    auto at = [&](double pct) {
      size_t i = (size_t)std::llround(pct / 100.0 * (double)(values.size() - 1));
      std::nth_element(values.begin(), values.begin() + i, values.end());
      return values[i];
    };
    return {at(100.0 - q.percentile), at(q.percentile)};
  }
};

/// Where the instrumented model exposes a calibrated value: a graph input
/// (read from the sample) or an output of the instrumented model.
struct Tap {
  bool isInput;
  size_t index;
};

/// Makes every value in `values` readable after a run of `main`: inputs as
/// they are, other values as outputs (appended unless already returned).
std::vector<Tap> instrument(func::FuncOp main, ArrayRef<Value> values) {
  auto ret = cast<func::ReturnOp>(main.getBody().front().getTerminator());
  std::vector<Tap> taps;
  for (Value v : values) {
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      taps.push_back({true, arg.getArgNumber()});
      continue;
    }
    auto it = llvm::find(ret.getOperands(), v);
    if (it != ret.getOperands().end()) {
      taps.push_back({false, (size_t)(it - ret.getOperands().begin())});
      continue;
    }
    unsigned i = main.getNumResults();
    Builder b(main.getContext());
    auto attrs = b.getDictionaryAttr(
        b.getNamedAttr("aicc.name", b.getStringAttr("aicc_calibration_" + std::to_string(i))));
    (void)main.insertResult(i, v.getType(), attrs);
    ret->insertOperands(i, v);
    taps.push_back({false, i});
  }
  return taps;
}

SmallVector<Operation *> candidatesOf(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (isQuantizationCandidate(op))
      ops.push_back(op);
  });
  return ops;
}

using Outputs = std::vector<std::vector<float>>; // per output, its f32 values

/// Modes whose activations are calibrated (aicc-insert-qdq).
bool isStatic(QuantizeMode m) {
  return m == QuantizeMode::Int8 || m == QuantizeMode::Ternary || m == QuantizeMode::TernaryMse;
}

LogicalResult runPass(ModuleOp module, std::unique_ptr<Pass> pass) {
  PassManager pm(module->getContext());
  pm.addNestedPass<func::FuncOp>(std::move(pass));
  return pm.run(module);
}

/// The step's state: samples and the f32 reference outputs per sample.
struct QuantizeStep {
  ModuleOp module;
  const CompileOptions &opts;
  raw_ostream &os;
  TempFiles tmp;
  std::vector<CalibrationSample> samples;
  std::vector<Outputs> reference;
  SmallVector<Operation *> candidates;
  /// Per candidate, taken before the passes run (aicc-quantize-dynamic
  /// erases the ops it replaces): its node label and why it is skipped.
  std::vector<std::string> labels, blockers;
  /// Per candidate: calibrated input and output range (static only).
  std::vector<std::pair<float, float>> inRange, outRange;

  LogicalResult calibrate();
  LogicalResult runF32Reference();
  void reportOps();
  LogicalResult reportErrors();
};

LogicalResult QuantizeStep::calibrate() {
  OwningOpRef<ModuleOp> copy = module.clone();
  auto main = copy->lookupSymbol<func::FuncOp>("main");
  SmallVector<Operation *> copies = candidatesOf(*copy);
  size_t graphOutputs = main.getNumResults();
  // Tensors to calibrate: each quantized contraction's input and result.
  SmallVector<Value> values;
  DenseMap<Value, size_t> slot;
  std::vector<std::pair<size_t, size_t>> slots(candidates.size());
  auto slotOf = [&](Value v) {
    auto [it, added] = slot.try_emplace(v, values.size());
    if (added)
      values.push_back(v);
    return it->second;
  };
  for (size_t i = 0; i < candidates.size(); ++i)
    if (blockers[i].empty())
      slots[i] = {slotOf(copies[i]->getOperand(0)), slotOf(copies[i]->getResult(0))};
  std::vector<Tap> taps = instrument(main, values);
  std::unique_ptr<LoadedModel> model = compileAndLoad(*copy, opts, tmp);
  if (!model)
    return failure();
  auto read = readCalibrationSamples(opts.quantize.calibrationDir, model->numInputs());
  if (failed(read))
    return failure();
  samples = std::move(*read);
  bool keep = opts.quantize.method != CalibrationMethod::MinMax;
  std::vector<RangeStats> stats(values.size());
  for (const CalibrationSample &s : samples) {
    Outputs out;
    if (failed(model->run(s, out)))
      return failure();
    for (size_t k = 0; k < taps.size(); ++k)
      stats[k].add(taps[k].isInput ? inputValues(s, taps[k].index)
                                   : ArrayRef<float>(out[taps[k].index]),
                   keep);
    out.resize(graphOutputs);
    reference.push_back(std::move(out));
  }
  inRange.resize(candidates.size());
  outRange.resize(candidates.size());
  Builder b(module.getContext());
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!blockers[i].empty())
      continue;
    inRange[i] = stats[slots[i].first].range(opts.quantize);
    outRange[i] = stats[slots[i].second].range(opts.quantize);
    if (!(inRange[i].first <= inRange[i].second) || !(outRange[i].first <= outRange[i].second)) {
      blockers[i] = "no finite calibrated range";
      continue;
    }
    candidates[i]->setAttr(kInputRangeAttrName,
                           b.getDenseF32ArrayAttr({inRange[i].first, inRange[i].second}));
    candidates[i]->setAttr(kOutputRangeAttrName,
                           b.getDenseF32ArrayAttr({outRange[i].first, outRange[i].second}));
  }
  return success();
}

LogicalResult QuantizeStep::runF32Reference() {
  OwningOpRef<ModuleOp> copy = module.clone();
  std::unique_ptr<LoadedModel> model = compileAndLoad(*copy, opts, tmp);
  if (!model)
    return failure();
  auto read = readCalibrationSamples(opts.quantize.calibrationDir, model->numInputs());
  if (failed(read))
    return failure();
  samples = std::move(*read);
  for (const CalibrationSample &s : samples) {
    reference.emplace_back();
    if (failed(model->run(s, reference.back())))
      return failure();
  }
  return success();
}

void QuantizeStep::reportOps() {
  const QuantizeOptions &q = opts.quantize;
  size_t done = llvm::count_if(blockers, [](const std::string &s) { return s.empty(); });
  os << "quantization report (-quantize=" << quantizeModeName(q.mode);
  if (!samples.empty())
    os << ", " << samples.size() << " calibration samples from " << q.calibrationDir;
  if (isStatic(q.mode))
    os << (q.method == CalibrationMethod::MinMax  ? std::string(", min-max")
           : q.method == CalibrationMethod::Entropy ? std::string(", entropy")
                                                    : llvm::formatv(", percentile {0}", q.percentile).str());
  os << ")\n  " << done << " of " << candidates.size() << " Conv/MatMul/Gemm quantized: weights ";
  if (q.mode == QuantizeMode::W4)
    os << "uint4 asymmetric per output channel in blocks of " << q.blockSize
       << " along K; activations f32\n";
  else if (q.mode == QuantizeMode::Ternary || q.mode == QuantizeMode::TernaryMse)
    os << "ternary {-1, 0, 1} per output channel, scale "
       << (q.mode == QuantizeMode::Ternary ? "mean |w|" : "least squares")
       << "; activations int8 asymmetric per tensor, calibrated\n";
  else
    os << "int8 symmetric per output channel; activations "
       << (q.mode == QuantizeMode::Int8 ? "int8 asymmetric per tensor, calibrated"
                                        : "uint8 asymmetric per tensor, computed per call")
       << "\n";
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!blockers[i].empty()) {
      os << "  skipped    " << labels[i] << ": " << blockers[i] << "\n";
      continue;
    }
    os << "  quantized  " << labels[i];
    if (isStatic(q.mode))
      os << llvm::format("  input [%g, %g]  output [%g, %g]", inRange[i].first,
                         inRange[i].second, outRange[i].first, outRange[i].second);
    os << "\n";
  }
}

LogicalResult QuantizeStep::reportErrors() {
  std::unique_ptr<LoadedModel> model = compileAndLoad(module, opts, tmp);
  if (!model)
    return failure();
  size_t n = model->numOutputs();
  std::vector<double> maxErr(n, 0.0), sumErr(n, 0.0), maxRef(n, 0.0);
  std::vector<size_t> count(n, 0);
  for (size_t s = 0; s < samples.size(); ++s) {
    Outputs out;
    if (failed(model->run(samples[s], out)))
      return failure();
    for (size_t i = 0; i < n; ++i) {
      const std::vector<float> &ref = reference[s][i];
      if (ref.size() != out[i].size())
        continue;
      for (size_t k = 0; k < ref.size(); ++k) {
        double e = std::fabs((double)out[i][k] - (double)ref[k]);
        maxErr[i] = std::max(maxErr[i], std::isnan(e) ? INFINITY : e);
        sumErr[i] += e;
        maxRef[i] = std::max(maxRef[i], std::fabs((double)ref[k]));
      }
      count[i] += ref.size();
    }
  }
  os << "  error against f32 on the calibration samples:\n"
     << llvm::format("  %-28s %14s %14s %14s\n", "output", "max |error|", "mean |error|",
                     "max |f32|");
  for (size_t i = 0; i < n; ++i) {
    if (!count[i]) {
      os << llvm::format("  %-28s %14s\n", model->outputName(i).c_str(), "(not f32)");
      continue;
    }
    os << llvm::format("  %-28s %14.6g %14.6g %14.6g\n", model->outputName(i).c_str(),
                       maxErr[i], sumErr[i] / (double)count[i], maxRef[i]);
  }
  return success();
}

} // namespace

LogicalResult mlir::aicc::quantizeModule(ModuleOp module, const CompileOptions &opts,
                                         raw_ostream &os) {
  const QuantizeOptions &q = opts.quantize;
  if (q.mode == QuantizeMode::None) {
    if (q.calibrationDir.empty())
      return success();
    reportError("-calibration needs -quantize (int8, dynamic or w4)");
    return failure();
  }
  if (isStatic(q.mode) && q.calibrationDir.empty()) {
    reportError("-quantize=" + quantizeModeName(q.mode).str() + " needs calibration data: -calibration=DIR (one folder per "
                "sample with input_<i>.npy or .pb)");
    return failure();
  }
  if (q.method == CalibrationMethod::Percentile && !(q.percentile > 50.0 && q.percentile <= 100.0)) {
    reportError("-calibration-percentile must be in (50, 100]");
    return failure();
  }
  if (!module.lookupSymbol<func::FuncOp>("main")) {
    reportError("-quantize: the module has no @main");
    return failure();
  }
  QuantizeStep step{module, opts, os};
  step.candidates = candidatesOf(module);
  for (Operation *op : step.candidates) {
    step.labels.push_back(nodeLabel(op));
    step.blockers.push_back(isStatic(q.mode) ? staticQuantizationBlocker(op)
                            : q.mode == QuantizeMode::W4 ? w4QuantizationBlocker(op)
                                                         : dynamicQuantizationBlocker(op));
  }
  if (isStatic(q.mode)) {
    InsertQDQOptions qdq;
    qdq.ternary = q.mode != QuantizeMode::Int8;
    qdq.ternaryScale = q.mode == QuantizeMode::TernaryMse ? "mse" : "absmean";
    if (failed(step.calibrate()) || failed(runPass(module, createInsertQDQ(qdq))))
      return failure();
  } else {
    if (!q.calibrationDir.empty() && failed(step.runF32Reference()))
      return failure();
    if (q.mode == QuantizeMode::W4) {
      if (q.blockSize < 16 || (q.blockSize & (q.blockSize - 1))) {
        reportError("-quant-block must be a power of 2 >= 16");
        return failure();
      }
      QuantizeW4Options w4;
      w4.blockSize = q.blockSize;
      if (failed(runPass(module, createQuantizeW4(w4))))
        return failure();
    } else if (failed(runPass(module, createQuantizeDynamic()))) {
      return failure();
    }
  }
  step.reportOps();
  if (!step.samples.empty() && failed(step.reportErrors()))
    return failure();
  os.flush();
  return success();
}
