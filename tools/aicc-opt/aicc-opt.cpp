//===- aicc-opt.cpp - aicc's mlir-opt ----------------------------------------===//
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccDialect.h"
#include "aicc/Pipelines/Pipelines.h"
#include "aicc/Target/CUDA/Passes.h"
#include "aicc/Target/Fixed/Passes.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  // GPU serialisation (aicc-cuda-pipeline) needs the NVVM target
  // attribute's interface and the translations to LLVM IR.
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::registerAllPasses();
  registry.insert<mlir::aicc::AiccDialect>();
  mlir::aicc::registerAiccConversionPasses();
  mlir::aicc::registerAiccPasses();
  mlir::aicc::registerAiccPipelines();
  mlir::aicc::registerAiccFixedPasses();
  mlir::aicc::registerAiccCUDAPasses();
  mlir::aicc::registerFixedPipeline();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "aicc optimizer driver\n", registry));
}
