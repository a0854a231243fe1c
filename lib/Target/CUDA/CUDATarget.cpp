//===- CUDATarget.cpp - read back the kernels of -target=cuda ----------------===//
#include "aicc/Target/CUDA/CUDATarget.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

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

FailureOr<std::string> aicc::assemblePTX(StringRef toolkit, StringRef arch, StringRef ptx,
                                         std::string &error) {
  SmallString<256> ptxas(toolkit);
  llvm::sys::path::append(ptxas, "bin", "ptxas");
  SmallString<128> input, output, log;
  for (auto [path, ext] : {std::pair{&input, "ptx"}, {&output, "cubin"}, {&log, "log"}})
    if (auto ec = llvm::sys::fs::createTemporaryFile("aicc-ptxas", ext, *path)) {
      error = "cannot create a temporary file: " + ec.message();
      return failure();
    }
  llvm::FileRemover removeInput(input), removeOutput(output), removeLog(log);
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(input, ec);
    if (ec) {
      error = "cannot write '" + input.str().str() + "': " + ec.message();
      return failure();
    }
    os << ptx;
  }
  std::string archFlag = ("-arch=" + arch).str();
  SmallVector<StringRef> args = {ptxas, archFlag, "-O3", "-o", output, input};
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log), StringRef(log)};
  std::string why;
  int rc = llvm::sys::ExecuteAndWait(ptxas, args, std::nullopt, redirects, 0, 0, &why);
  auto cubin = llvm::MemoryBuffer::getFile(output, /*IsText=*/false);
  if (rc != 0 || !cubin) {
    auto text = llvm::MemoryBuffer::getFile(log);
    error = ("ptxas failed for " + arch).str() + (why.empty() ? "" : ": " + why) +
            (text ? "\n" + (*text)->getBuffer().str() : "");
    return failure();
  }
  return (*cubin)->getBuffer().str();
}
