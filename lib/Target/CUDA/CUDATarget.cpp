//===- CUDATarget.cpp - read back the kernels of -target=cuda ----------------===//
#include "aicc/Target/CUDA/CUDATarget.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace mlir;

std::vector<aicc::GPUObject> aicc::collectGPUObjects(ModuleOp module) {
  std::vector<GPUObject> objects;
  for (auto binary : module.getOps<gpu::BinaryOp>()) {
    for (Attribute attr : binary.getObjects()) {
      auto object = dyn_cast<gpu::ObjectAttr>(attr);
      if (!object)
        continue;
      GPUObject out;
      out.module = binary.getSymName().str();
      if (auto target = dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget()))
        out.chip = target.getChip().str();
      out.format = gpu::stringifyCompilationTarget(object.getFormat()).str();
      out.data = object.getObject().getValue().str();
      objects.push_back(std::move(out));
    }
  }
  return objects;
}

void aicc::writePTX(raw_ostream &os, ArrayRef<GPUObject> objects) {
  for (const GPUObject &object : objects) {
    os << "// aicc: GPU module @" << object.module << " (" << object.chip << ")\n";
    os << object.data;
    if (!StringRef(object.data).ends_with("\n"))
      os << "\n";
  }
}

std::string aicc::findCUDAToolkit() {
  // A toolkit named in the environment is the only one looked at.
  SmallVector<std::string> candidates;
  for (const char *var : {"CUDA_HOME", "CUDA_PATH"})
    if (auto value = llvm::sys::Process::GetEnv(var))
      candidates.push_back(*value);
  if (candidates.empty())
    candidates.push_back("/usr/local/cuda");
  for (const std::string &dir : candidates) {
    SmallString<256> ptxas(dir);
    llvm::sys::path::append(ptxas, "bin", "ptxas");
    if (llvm::sys::fs::can_execute(ptxas))
      return dir;
  }
  return "";
}
