//===- AiccToLinalg.cpp - the convert-aicc-to-linalg pass --------------------===//
#include "SubByteBoundary.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccDialect.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_CONVERTAICCTOLINALG
#include "aicc/Conversion/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {
struct ConvertAiccToLinalgPass
    : mlir::aicc::impl::ConvertAiccToLinalgBase<ConvertAiccToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<AiccDialect>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect, scf::SCFDialect>();
    target.addLegalOp<UnrealizedConversionCastOp, cf::AssertOp,
                      bufferization::MaterializeInDestinationOp>();
    // Code-generation-level kernels pass through to their own lowering.
    target.addLegalOp<PackedMatmulOp, PackedMatmulIntegerOp, SparseMatmulOp, PackedMatmulInt4Op>();
    RewritePatternSet patterns(ctx);
    populateElementwiseToLinalgPatterns(patterns);
    populateContractionToLinalgPatterns(patterns);
    populatePoolingToLinalgPatterns(patterns);
    populateReductionToLinalgPatterns(patterns);
    populateDataMovementToLinalgPatterns(patterns);
    populateResizeToLinalgPatterns(patterns);
    populateArgReductionToLinalgPatterns(patterns);
    populateQuantToLinalgPatterns(patterns);
    populateLoopToSCFPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      return signalPassFailure();
    if (getOperation().isPublic())
      packSubByteBoundary(getOperation());
  }
};
} // namespace
