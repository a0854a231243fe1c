//===- aicc.cpp - the aicc command-line compiler -----------------------------===//
//
//   aicc MODEL.onnx [-target=cpu|fixed|cuda]
//        [-emit=so|obj|mlir|mlir-opt|llvm|verilog|ptx|cubin] [-o OUT]
//   (-target=fixed: -emit=verilog builds hardware, the other kinds code)
//
//===----------------------------------------------------------------------===//
#include "aicc/Driver/Driver.h"
#include "aicc/Import/ONNX/ONNXImporter.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using mlir::aicc::EmitKind;

static cl::OptionCategory category("aicc options");
static cl::opt<std::string> input(cl::Positional, cl::desc("<model.onnx>"),
                                  cl::cat(category));
static cl::opt<std::string> output("o", cl::desc("Output file (default: derived "
                                                 "from the input, stdout for text)"),
                                   cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> target("target", cl::desc("Target: cpu (default), fixed: the model's weights burned in "
                                            "(QDQ int8 models): hardware with -emit=verilog, else "
                                            "code with the weights as immediates, or cuda: "
                                            "NVIDIA GPU kernels, with -emit=ptx or -emit=cubin"),
                                   cl::init("cpu"), cl::cat(category));
static cl::opt<EmitKind> emit(
    "emit", cl::desc("What to produce"), cl::init(EmitKind::SharedLibrary),
    cl::values(clEnumValN(EmitKind::SharedLibrary, "so",
                          "shared library with weights embedded (default)"),
               clEnumValN(EmitKind::Object, "obj", "object file + C header"),
               clEnumValN(EmitKind::MLIR, "mlir", "aicc dialect after import"),
               clEnumValN(EmitKind::MLIROpt, "mlir-opt",
                          "aicc dialect after graph passes"),
               clEnumValN(EmitKind::LLVMIR, "llvm", "LLVM IR"),
               clEnumValN(EmitKind::Verilog, "verilog",
                          "-target=fixed: directory -o DIR with model.v, a Verilator "
                          "harness.cpp and report.json"),
               clEnumValN(EmitKind::PTX, "ptx",
                          "-target=cuda: the kernels' PTX (stdout unless -o)"),
               clEnumValN(EmitKind::Cubin, "cubin",
                          "-target=cuda: the kernels as a cubin for one -cuda-arch "
                          "(needs ptxas from the CUDA toolkit)")),
    cl::cat(category));
static cl::opt<int64_t> reuse("reuse",
                              cl::desc("-target=fixed -emit=verilog: each layer computes its "
                                       "outputs over N cycles, II = N (default 1: fully parallel)"),
                              cl::value_desc("N"), cl::cat(category));
static cl::list<std::string>
    cudaArchs("cuda-arch",
              cl::desc("-target=cuda: GPU architectures, e.g. sm_80,sm_90 (default sm_80)"),
              cl::CommaSeparated, cl::value_desc("sm_XX"), cl::cat(category));
static cl::opt<unsigned> optLevel("O", cl::desc("Optimisation level 0-3 (default 2)"),
                                  cl::Prefix, cl::init(2), cl::cat(category));
static cl::opt<unsigned> compileThreads(
    "compile-threads",
    cl::desc("Threads for LLVM's optimisation and code generation of a shared library: the "
             "code is split into that many partitions, compiled faster but measured a few "
             "percent slower to run (default 1: one partition; 0: the machine's physical "
             "cores, at most 4)"),
    cl::init(1), cl::value_desc("N"), cl::cat(category));
static cl::opt<std::string> mtriple("mtriple", cl::desc("Target triple (default: host)"),
                                    cl::cat(category));
static cl::opt<std::string> mcpu("mcpu", cl::desc("Target CPU (default: host)"),
                                 cl::cat(category));
static cl::opt<std::string> mattr("mattr", cl::desc("Extra target features, e.g. -avx512f"),
                                  cl::cat(category));
static cl::opt<std::string> symbolName("name",
                                       cl::desc("Prefix of the exported symbols "
                                                "(default: from the output name)"),
                                       cl::cat(category));
static cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Pin a graph input's shape, e.g. -input-shape=x:1x3x224x224 "
                         "(repeatable)"),
                cl::value_desc("name:shape"), cl::cat(category));
static cl::list<std::string> sequenceLengths(
    "sequence-length",
    cl::desc("Compile a sequence graph input for a fixed length N: it becomes the tensor "
             "inputs NAME[0] ... NAME[N-1] (repeatable)"),
    cl::value_desc("name:N"), cl::cat(category));
static cl::list<std::string> absentOptionals(
    "optional-absent",
    cl::desc("Compile an optional graph input as empty (no input); optional inputs are "
             "present otherwise (repeatable)"),
    cl::value_desc("name"), cl::cat(category));
static const std::string quantizeHelp =
    "Quantize the model: " + mlir::aicc::quantizeModeHelp() + " (docs/quantization.md)";
static cl::opt<std::string> quantize("quantize", cl::desc(quantizeHelp), cl::value_desc("mode"),
                                     cl::cat(category));
static cl::opt<std::string> calibration(
    "calibration",
    cl::desc("Calibration samples for -quantize: one folder per sample with input_<i>.npy "
             "or .pb (ONNX test_data_set layout); also gives the report's error table"),
    cl::value_desc("dir"), cl::cat(category));
static cl::opt<std::string> calibrationMethod(
    "calibration-method",
    cl::desc("Activation ranges for -quantize=int8: minmax (default), percentile or entropy"),
    cl::init("minmax"), cl::cat(category));
static cl::opt<double> calibrationPercentile(
    "calibration-percentile",
    cl::desc("With -calibration-method=percentile: the range is [p(100-P), p(P)] (default 99.99)"),
    cl::init(99.99), cl::cat(category));
static cl::opt<int64_t> quantBlock(
    "quant-block",
    cl::desc("With -quantize=w4: consecutive weights along K sharing a scale and zero point "
             "(a power of 2, >= 16; default 32)"),
    cl::init(32), cl::value_desc("N"), cl::cat(category));
static cl::opt<std::string> prune(
    "prune",
    cl::desc("Magnitude-prune constant MatMul/Gemm/Conv weights at compile time, for "
             "experiments: unstructured:F (fraction F of each layer zeroed) or N:M (N of "
             "every M along the reduction kept, e.g. 2:4); prints a report"),
    cl::value_desc("unstructured:F|N:M"), cl::cat(category));
static cl::opt<std::string> precision(
    "precision",
    cl::desc("Arithmetic of MatMul/Gemm/Conv with constant weights: fp32 (default), bf16 "
             "(-target=cpu|cuda) or fp16 (-target=cuda): weights stored and activations "
             "rounded in the 16-bit type, f32 accumulation and outputs"),
    cl::value_desc("fp32|bf16|fp16"), cl::init("fp32"), cl::cat(category));
static cl::opt<std::string> sparsity(
    "sparsity",
    cl::desc("Sparse kernels for sparse constant weights: auto (default; where measured "
             "faster), off, or always (every product it can take, for measurements)"),
    cl::value_desc("auto|off|always"), cl::init("auto"), cl::cat(category));
static cl::opt<bool> listOps("list-ops",
                             cl::desc("List the ONNX ops aicc imports, with the opsets and "
                                      "element types their ONNX node tests pass with"),
                             cl::cat(category));
static cl::opt<bool> printMemoryPlan(
    "print-memory-plan",
    cl::desc("Print the arena plan: peak bytes, bytes without reuse, and per buffer "
             "node, bytes, offset, live range (stdout; stderr if the output goes to "
             "stdout). Without -o or -emit, nothing else is written"),
    cl::cat(category));
static cl::opt<std::string> memoryPlanSVG(
    "memory-plan-svg",
    cl::desc("Write the arena plan as an SVG chart (buffers over program position). "
             "Without -o or -emit, nothing else is written"),
    cl::value_desc("file.svg"), cl::cat(category));
static cl::opt<bool> noChecker("no-onnx-checker",
                               cl::desc("Skip ONNX's model checker"), cl::cat(category));

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](raw_ostream &os) { os << "aicc 0.1.0 (LLVM/MLIR 22)\n"; });
  cl::ParseCommandLineOptions(argc, argv,
                              "aicc: ahead-of-time compiler for ONNX models\n\n"
                              "  aicc model.onnx -target=cpu -o model.so\n"
                              "  aicc model_qdq.onnx -target=fixed -emit=verilog -o model_rtl/\n"
                              "  aicc model_qdq.onnx -target=fixed -o model_fixed.so\n"
                              "  aicc model.onnx -target=cuda -emit=ptx -cuda-arch=sm_90\n");
  if (listOps) {
    outs() << "ONNX ops aicc imports (the default domain, ai.onnx). Per op: the\n"
              "opsets and graph element types of the ONNX node tests it passes\n"
              "(docs/conformance.md); other versions and types may work untested.\n\n";
    for (const mlir::aicc::SupportedONNXOp &op : mlir::aicc::supportedONNXOps()) {
      outs() << "  " << left_justify(op.name, 28);
      if (op.testedOpsets.empty())
        outs() << "(no passing node test)\n";
      else
        outs() << "opsets " << left_justify(op.testedOpsets, 26) << " " << op.testedTypes
               << "\n";
    }
    return 0;
  }
  if (input.empty()) {
    errs() << "aicc: error: no input model (see --help)\n";
    return 1;
  }
  if (optLevel > 3) {
    errs() << "aicc: error: -O takes 0 to 3\n";
    return 1;
  }
  mlir::aicc::CompileOptions opts;
  opts.inputPath = input;
  opts.outputPath = output;
  opts.target = target;
  opts.cudaArchs.assign(cudaArchs.begin(), cudaArchs.end());
  opts.emit = emit;
  if (reuse.getNumOccurrences())
    opts.reuse = reuse;
  opts.optLevel = optLevel;
  if (compileThreads > 64) {
    errs() << "aicc: error: -compile-threads takes 0 (automatic) to 64\n";
    return 1;
  }
  opts.compileThreads = compileThreads;
  opts.triple = mtriple;
  opts.cpu = mcpu;
  opts.features = mattr;
  opts.symbolPrefix = symbolName;
  opts.runChecker = !noChecker;
  opts.prune = prune;
  opts.sparsity = sparsity;
  opts.precision = precision;
  opts.printMemoryPlan = printMemoryPlan;
  opts.memoryPlanSVG = memoryPlanSVG;
  // Asking only for the plan stops after it; with -o or -emit, both.
  if ((printMemoryPlan || !memoryPlanSVG.empty()) && output.getNumOccurrences() == 0 &&
      emit.getNumOccurrences() == 0)
    opts.writeOutput = false;
  for (const std::string &spec : inputShapes) {
    std::string error = mlir::aicc::parseInputShape(spec, opts);
    if (!error.empty()) {
      errs() << "aicc: error: " << error << "\n";
      return 1;
    }
  }
  for (const std::string &spec : sequenceLengths) {
    std::string error = mlir::aicc::parseSequenceLength(spec, opts);
    if (!error.empty()) {
      errs() << "aicc: error: " << error << "\n";
      return 1;
    }
  }
  opts.absentOptionals.assign(absentOptionals.begin(), absentOptionals.end());
  for (std::string error :
       {quantize.getNumOccurrences() ? mlir::aicc::parseQuantizeMode(quantize, opts.quantize)
                                     : std::string(),
        mlir::aicc::parseCalibrationMethod(calibrationMethod, opts.quantize)})
    if (!error.empty()) {
      errs() << "aicc: error: " << error << "\n";
      return 1;
    }
  opts.quantize.calibrationDir = calibration;
  opts.quantize.percentile = calibrationPercentile;
  opts.quantize.blockSize = quantBlock;
  return mlir::failed(mlir::aicc::compileModel(opts)) ? 1 : 0;
}
