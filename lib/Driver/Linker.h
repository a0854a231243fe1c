//===- Linker.h - link objects into shared libraries --------------*- C++ -*-===//
#ifndef AICC_LIB_DRIVER_LINKER_H
#define AICC_LIB_DRIVER_LINKER_H

#include "mlir/Support/LLVM.h"
#include <string>

namespace mlir::aicc {

/// Links `object` into the shared library `output` with the system's C
/// compiler driver (cc, gcc or clang), adding -lm.
LogicalResult linkSharedLibrary(StringRef object, StringRef output);
/// The same for several objects (the partitions of a parallel compile).
LogicalResult linkSharedLibrary(ArrayRef<std::string> objects, StringRef output);

} // namespace mlir::aicc

#endif
