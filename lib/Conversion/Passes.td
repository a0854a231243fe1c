//===- Passes.td - aicc conversion passes ------------------*- tablegen -*-===//
#ifndef AICC_CONVERSION_PASSES_TD
#define AICC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertAiccToLinalg : Pass<"convert-aicc-to-linalg", "func::FuncOp"> {
  let summary = "Lower aicc ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every aicc op into target-independent structured ops on tensors:
    elementwise ops become `linalg.generic` with broadcasting indexing maps,
    contractions (matmul, gemm, conv) become `linalg.generic` contractions,
    pooling and reductions become reductions over window or reduced
    dimensions, and data movement becomes `tensor` ops. Ops that cannot be
    lowered fail the pass with an error at the op's (ONNX node's) location.

    ```mlir
    %r = aicc.relu %x : tensor<4xf32>
    // becomes
    %e = tensor.empty() : tensor<4xf32>
    %r = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
      ^bb0(%in: f32, %out: f32):
        %z = arith.constant 0.0 : f32
        %m = arith.maximumf %in, %z : f32
        linalg.yield %m : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "arith::ArithDialect", "math::MathDialect"];
}

#endif // AICC_CONVERSION_PASSES_TD
