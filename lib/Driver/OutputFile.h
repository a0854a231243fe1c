//===- OutputFile.h - writing the driver's outputs ----------------*- C++ -*-===//
#ifndef AICC_LIB_DRIVER_OUTPUTFILE_H
#define AICC_LIB_DRIVER_OUTPUTFILE_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::aicc {

/// Writes what `print` prints to `path` ("-" is stdout), keeping the file
/// only on success; reports "cannot write '<path>': ..." otherwise.
LogicalResult writeText(StringRef path, function_ref<void(raw_ostream &)> print);

} // namespace mlir::aicc

#endif
