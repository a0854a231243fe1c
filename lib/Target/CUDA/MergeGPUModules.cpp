//===- MergeGPUModules.cpp - the aicc-merge-gpu-modules pass -----------------===//
#include "aicc/Target/CUDA/Passes.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_MERGEGPUMODULES
#include "aicc/Target/CUDA/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

constexpr StringLiteral kMergedName = "aicc_kernels";

struct MergeGPUModules : public aicc::impl::MergeGPUModulesBase<MergeGPUModules> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto modules = llvm::to_vector(module.getOps<gpu::GPUModuleOp>());
    if (modules.empty())
      return;
    if (module.lookupSymbol(kMergedName)) {
      module.emitError("aicc-merge-gpu-modules: @") << kMergedName << " exists already";
      return signalPassFailure();
    }
    OpBuilder builder(modules.front());
    auto merged = gpu::GPUModuleOp::create(builder, modules.front().getLoc(),
                                           kMergedName, modules.front().getTargetsAttr());
    SymbolTable mergedSymbols(merged);
    DenseMap<Attribute, SymbolRefAttr> renamed; // old @m::@f -> @aicc_kernels::@m
    for (gpu::GPUModuleOp old : modules) {
      for (Operation &op : llvm::make_early_inc_range(old.getBody()->getOperations())) {
        auto kernel = dyn_cast<gpu::GPUFuncOp>(op);
        if (!kernel) {
          // A global the kernels of several modules read: one copy is enough.
          auto name = op.getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName());
          if (name && mergedSymbols.lookup(name))
            continue;
          op.moveBefore(merged.getBody(), merged.getBody()->end());
          if (name)
            mergedSymbols.insert(&op);
          continue;
        }
        auto oldRef = SymbolRefAttr::get(old.getNameAttr(),
                                         {FlatSymbolRefAttr::get(kernel.getNameAttr())});
        StringAttr newName = old.getNameAttr();
        kernel.setName(newName);
        kernel->moveBefore(merged.getBody(), merged.getBody()->end());
        mergedSymbols.insert(kernel);
        renamed[oldRef] = SymbolRefAttr::get(merged.getNameAttr(),
                                             {FlatSymbolRefAttr::get(newName)});
      }
      old.erase();
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      if (SymbolRefAttr ref = renamed.lookup(launch.getKernel()))
        launch.setKernelAttr(ref);
    });
  }
};

} // namespace
