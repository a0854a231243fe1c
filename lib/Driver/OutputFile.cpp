//===- OutputFile.cpp - writing the driver's outputs ----------------------===//
#include "OutputFile.h"
#include "DiagnosticPrinter.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

LogicalResult mlir::aicc::writeText(StringRef path,
                                    function_ref<void(raw_ostream &)> print) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file) {
    reportError("cannot write '" + path + "': " + error);
    return failure();
  }
  print(file->os());
  file->keep();
  return success();
}
