//===- DiagnosticPrinter.cpp - aicc's user-facing error format ---------------===//
#include "DiagnosticPrinter.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::aicc {

/// "<node> (<op type>, opset <n>)" (or the op's domain instead of the opset)
/// for importer locations, "file:line:col" otherwise.
static std::string describe(Location loc) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return describe(fused.getLocations().front());
  if (auto name = dyn_cast<NameLoc>(loc)) {
    os << name.getName().getValue();
    if (auto child = dyn_cast<NameLoc>(name.getChildLoc())) {
      os << " (" << child.getName().getValue();
      if (auto version = dyn_cast<NameLoc>(child.getChildLoc()))
        os << ", " << version.getName().getValue();
      os << ")";
    }
    return s;
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn();
    return s;
  }
  return s;
}

static StringRef severity(DiagnosticSeverity s) {
  switch (s) {
  case DiagnosticSeverity::Error: return "error";
  case DiagnosticSeverity::Warning: return "warning";
  case DiagnosticSeverity::Note: return "note";
  case DiagnosticSeverity::Remark: return "remark";
  }
  return "error";
}

DiagnosticPrinter::DiagnosticPrinter(MLIRContext &ctx) : ctx(ctx) {
  id = ctx.getDiagEngine().registerHandler([](Diagnostic &diag) {
    auto print = [](Diagnostic &d) {
      std::string where = describe(d.getLocation());
      llvm::errs() << "aicc: " << severity(d.getSeverity()) << ": "
                   << (where.empty() ? "" : where + ": ") << d.str() << "\n";
    };
    print(diag);
    for (Diagnostic &note : diag.getNotes())
      print(note);
    return success();
  });
}

DiagnosticPrinter::~DiagnosticPrinter() { ctx.getDiagEngine().eraseHandler(id); }

void reportError(const Twine &message) {
  llvm::errs() << "aicc: error: " << message << "\n";
}

} // namespace mlir::aicc
