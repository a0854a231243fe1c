//===- DiagnosticPrinter.h - aicc's user-facing error format ------*- C++ -*-===//
#ifndef AICC_LIB_DRIVER_DIAGNOSTICPRINTER_H
#define AICC_LIB_DRIVER_DIAGNOSTICPRINTER_H

#include "mlir/IR/Diagnostics.h"

namespace mlir::aicc {

/// Prints diagnostics to stderr as `aicc: error: <node> (<op type>): <msg>`,
/// reading node name and op type from the importer's NameLoc locations.
class DiagnosticPrinter {
public:
  explicit DiagnosticPrinter(MLIRContext &ctx);
  ~DiagnosticPrinter();

private:
  MLIRContext &ctx;
  DiagnosticEngine::HandlerID id;
};

/// An error that has no location, in the same format.
void reportError(const Twine &message);

} // namespace mlir::aicc

#endif
