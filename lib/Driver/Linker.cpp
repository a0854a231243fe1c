//===- Linker.cpp - link objects into shared libraries -----------------------===//
#include "Linker.h"
#include "DiagnosticPrinter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

namespace mlir::aicc {

LogicalResult linkSharedLibrary(StringRef object, StringRef output) {
  return linkSharedLibrary(ArrayRef<std::string>{object.str()}, output);
}

LogicalResult linkSharedLibrary(ArrayRef<std::string> objects, StringRef output) {
  std::string cc;
  for (StringRef name : {"cc", "gcc", "clang"})
    if (auto path = llvm::sys::findProgramByName(name)) {
      cc = *path;
      break;
    }
  if (cc.empty()) {
    reportError("no C compiler driver (cc, gcc or clang) found to link '" + output +
                "'; use -emit=obj to link yourself");
    return failure();
  }
  SmallVector<StringRef> args = {cc, "-shared", "-o", output};
  args.append(objects.begin(), objects.end());
  args.append({"-lm", "-Wl,-z,noexecstack"});
  std::string error;
  SmallString<128> log;
  llvm::sys::fs::createTemporaryFile("aicc-link", "log", log);
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log), StringRef(log)};
  int rc = llvm::sys::ExecuteAndWait(cc, args, std::nullopt, redirects, 0, 0, &error);
  auto buffer = llvm::MemoryBuffer::getFile(log);
  llvm::sys::fs::remove(log);
  if (rc != 0) {
    reportError("linking '" + output + "' failed" + (error.empty() ? "" : ": " + error) +
                (buffer ? "\n" + (*buffer)->getBuffer() : ""));
    return failure();
  }
  return success();
}

} // namespace mlir::aicc
