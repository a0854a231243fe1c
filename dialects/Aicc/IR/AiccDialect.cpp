//===- AiccDialect.cpp - aicc dialect registration ---------------------------===//
#include "aicc/Dialect/Aicc/AiccDialect.h"
#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;

#include "aicc/Dialect/Aicc/AiccDialect.cpp.inc"

void AiccDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "aicc/Dialect/Aicc/AiccOps.cpp.inc"
      >();
}

Operation *AiccDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  if (auto typed = dyn_cast<TypedAttr>(value))
    if (arith::ConstantOp::isBuildableWith(typed, type))
      return arith::ConstantOp::create(builder, loc, type, typed);
  return nullptr;
}

// Op definitions are spread over the family files; this one holds the
// generated bodies so they are compiled once.
#define GET_OP_CLASSES
#include "aicc/Dialect/Aicc/AiccOps.cpp.inc"
