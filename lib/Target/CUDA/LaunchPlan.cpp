//===- LaunchPlan.cpp - the host function as a table of kernel launches ----===//
//
// After aicc-cuda-codegen-pipeline the host @main is straight-line code:
// constants, views of its buffer arguments and gpu.launch_func. The CUDA
// artifact does not compile it; it records each launch with the buffer and
// byte offset of every memref argument (kernels take bare pointers, and a
// subview or reshape keeps its source's aligned pointer: the static offset
// of its type is applied inside the kernel), which the runtime replays.
//
//===----------------------------------------------------------------------===//
#include "aicc/Target/CUDA/CUDATarget.h"
#include "aicc/abi.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace {

class PlanBuilder {
public:
  PlanBuilder(func::FuncOp main, unsigned numInputs, unsigned numOutputs)
      : main(main), numInputs(numInputs), numOutputs(numOutputs) {}

  FailureOr<std::vector<aicc::CUDALaunch>> build() {
    std::vector<aicc::CUDALaunch> plan;
    for (Operation &op : main.getBody().front()) {
      if (isa<arith::ConstantOp, func::ReturnOp, memref::ViewOp, memref::SubViewOp,
              memref::CollapseShapeOp, memref::ExpandShapeOp, memref::CastOp,
              memref::ReinterpretCastOp, memref::AssumeAlignmentOp>(op))
        continue; // read where a launch uses them
      auto launch = dyn_cast<gpu::LaunchFuncOp>(op);
      if (!launch)
        return op.emitError("-target=cuda: the host code has '")
               << op.getName() << "', which the CUDA artifact cannot run yet";
      FailureOr<aicc::CUDALaunch> l = record(launch);
      if (failed(l))
        return failure();
      plan.push_back(std::move(*l));
    }
    return plan;
  }

private:
  FailureOr<uint32_t> dim(gpu::LaunchFuncOp launch, Value v, StringRef what) {
    APInt value;
    if (!matchPattern(v, m_ConstantInt(&value)) || value.isNegative() ||
        value.getActiveBits() > 31)
      return launch.emitError("-target=cuda: the ") << what << " of kernel "
                                                     << launch.getKernelName()
                                                     << " is not a constant";
    return (uint32_t)value.getZExtValue();
  }

  /// The buffer argument and byte offset a memref value points into.
  FailureOr<aicc::CUDALaunchArg> pointer(gpu::LaunchFuncOp launch, Value v) {
    uint64_t offset = 0;
    while (true) {
      if (auto arg = dyn_cast<BlockArgument>(v)) {
        if (arg.getOwner()->getParentOp() != main)
          break;
        aicc::CUDALaunchArg out;
        unsigned n = arg.getArgNumber();
        out.value = offset;
        if (n < numInputs) {
          out.kind = AICC_ABI_CUDA_ARG_INPUT;
          out.index = n;
        } else if (n < numInputs + numOutputs) {
          out.kind = AICC_ABI_CUDA_ARG_OUTPUT;
          out.index = n - numInputs;
        } else {
          out.kind = main.getArgAttr(n, "aicc.weights") ? AICC_ABI_CUDA_ARG_WEIGHTS
                                                        : AICC_ABI_CUDA_ARG_ARENA;
        }
        return out;
      }
      Operation *def = v.getDefiningOp();
      if (auto view = dyn_cast_or_null<memref::ViewOp>(def)) {
        APInt shift;
        if (!matchPattern(view.getByteShift(), m_ConstantInt(&shift)) ||
            !view.getSizes().empty())
          return view.emitError("-target=cuda: a view at a run-time offset or of a "
                                "run-time size is not supported by the CUDA artifact");
        offset += shift.getZExtValue();
        v = view.getSource();
        continue;
      }
      // Same aligned pointer as their source.
      Value source = llvm::TypeSwitch<Operation *, Value>(def)
                         .Case<memref::SubViewOp, memref::CastOp,
                               memref::ReinterpretCastOp>(
                             [](auto op) { return op.getSource(); })
                         .Case<memref::CollapseShapeOp, memref::ExpandShapeOp>(
                             [](auto op) { return op.getSrc(); })
                         .Case<memref::AssumeAlignmentOp>(
                             [](auto op) { return op.getMemref(); })
                         .Default([](Operation *) { return Value(); });
      if (!source)
        break;
      v = source;
    }
    return launch.emitError("-target=cuda: an argument of kernel ")
           << launch.getKernelName()
           << " is not a graph buffer, the arena or the weights, or a view of one";
  }

  FailureOr<aicc::CUDALaunchArg> scalar(gpu::LaunchFuncOp launch, Value v) {
    Attribute attr;
    aicc::CUDALaunchArg out;
    out.kind = AICC_ABI_CUDA_ARG_SCALAR;
    if (matchPattern(v, m_Constant(&attr))) {
      Type type = v.getType();
      unsigned bits = type.isIndex() ? 64 : type.getIntOrFloatBitWidth();
      if (auto i = dyn_cast<IntegerAttr>(attr); i && (bits == 32 || bits == 64)) {
        out.index = bits / 8;
        out.value = i.getValue().getZExtValue();
        return out;
      }
      if (auto f = dyn_cast<FloatAttr>(attr); f && (bits == 32 || bits == 64)) {
        out.index = bits / 8;
        out.value = f.getValue().bitcastToAPInt().getZExtValue();
        return out;
      }
    }
    return launch.emitError("-target=cuda: a scalar argument of kernel ")
           << launch.getKernelName() << " is not a 32- or 64-bit constant";
  }

  FailureOr<aicc::CUDALaunch> record(gpu::LaunchFuncOp launch) {
    aicc::CUDALaunch l;
    l.kernel = launch.getKernelName().str();
    gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
    gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
    Value dims[6] = {grid.x, grid.y, grid.z, block.x, block.y, block.z};
    for (int i = 0; i < 6; ++i) {
      FailureOr<uint32_t> d = dim(launch, dims[i], i < 3 ? "grid" : "block");
      if (failed(d))
        return failure();
      (i < 3 ? l.grid[i] : l.block[i - 3]) = *d;
    }
    if (Value shared = launch.getDynamicSharedMemorySize()) {
      FailureOr<uint32_t> bytes = dim(launch, shared, "shared memory size");
      if (failed(bytes))
        return failure();
      l.sharedBytes = *bytes;
    }
    for (Value operand : launch.getKernelOperands()) {
      FailureOr<aicc::CUDALaunchArg> arg = isa<MemRefType>(operand.getType())
                                               ? pointer(launch, operand)
                                               : scalar(launch, operand);
      if (failed(arg))
        return failure();
      l.args.push_back(*arg);
    }
    return l;
  }

  func::FuncOp main;
  unsigned numInputs, numOutputs;
};

} // namespace

FailureOr<std::vector<aicc::CUDALaunch>>
aicc::buildLaunchPlan(ModuleOp module, unsigned numInputs, unsigned numOutputs) {
  auto main = module.lookupSymbol<func::FuncOp>("main");
  if (!main || main.isExternal())
    return module.emitError("-target=cuda: no host function @main");
  return PlanBuilder(main, numInputs, numOutputs).build();
}

FailureOr<std::string> aicc::collectWeightBytes(ModuleOp module) {
  auto main = module.lookupSymbol<func::FuncOp>("main");
  auto total = main ? main->getAttrOfType<IntegerAttr>("aicc.weights_bytes") : nullptr;
  if (!total)
    return std::string();
  std::string bytes(total.getInt(), '\0');
  for (auto global : module.getOps<memref::GlobalOp>()) {
    auto offsetAttr = global->getAttrOfType<IntegerAttr>("aicc.weights_offset");
    if (!offsetAttr)
      continue;
    uint64_t offset = offsetAttr.getInt();
    MemRefType type = global.getType();
    Type elem = type.getElementType();
    int64_t count = type.getNumElements();
    unsigned bits = elem.getIntOrFloatBitWidth();
    uint64_t elemBytes = bits == 1 ? 1 : bits / 8;
    if (offset + count * elemBytes > bytes.size())
      return global.emitError("weight does not fit the weights buffer");
    char *dst = bytes.data() + offset;
    Attribute init = global.getInitialValue().value_or(Attribute());
    if (auto dense = dyn_cast_or_null<DenseElementsAttr>(init)) {
      if (bits == 1) {
        auto values = dense.getValues<bool>();
        for (int64_t i = 0; i < count; ++i)
          dst[i] = values[i] ? 1 : 0;
      } else if (dense.isSplat()) {
        ArrayRef<char> one = dense.getRawData();
        for (int64_t i = 0; i < count; ++i)
          std::memcpy(dst + i * elemBytes, one.data(), elemBytes);
      } else {
        ArrayRef<char> raw = dense.getRawData();
        std::memcpy(dst, raw.data(), std::min<size_t>(raw.size(), count * elemBytes));
      }
      continue;
    }
    if (auto resource = dyn_cast_or_null<DenseResourceElementsAttr>(init)) {
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (!blob || blob->getData().size() != count * elemBytes || bits == 1)
        return global.emitError("weight resource has no data of the expected size");
      std::memcpy(dst, blob->getData().data(), blob->getData().size());
      continue;
    }
    return global.emitError("weight has no dense initial value");
  }
  return bytes;
}
