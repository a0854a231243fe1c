//===- AiccDialect.h - the aicc dialect ---------------------------*- C++ -*-===//
#ifndef AICC_DIALECT_AICC_AICCDIALECT_H
#define AICC_DIALECT_AICC_AICCDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "aicc/Dialect/Aicc/AiccDialect.h.inc"

#endif
