//===- Quantize.h - the driver's -quantize step -------------------*- C++ -*-===//
#ifndef AICC_LIB_DRIVER_QUANTIZE_H
#define AICC_LIB_DRIVER_QUANTIZE_H

#include "aicc/Driver/Driver.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::aicc {

/// Between import and the graph pipeline: quantizes `module` as
/// `opts.quantize` asks. -quantize=int8 compiles an instrumented f32 copy,
/// runs it on the -calibration samples through libaiccrt to collect
/// activation ranges, then runs aicc-insert-qdq; -quantize=dynamic runs
/// aicc-quantize-dynamic. With samples, the quantized module is compiled and
/// run too, and the report (written to `report`) lists every output's error
/// against f32.
LogicalResult quantizeModule(ModuleOp module, const CompileOptions &opts, raw_ostream &report);

} // namespace mlir::aicc

#endif
