//===- AiccOps.h - aicc operations --------------------------------*- C++ -*-===//
#ifndef AICC_DIALECT_AICC_AICCOPS_H
#define AICC_DIALECT_AICC_AICCOPS_H

#include "aicc/Dialect/Aicc/AiccDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "aicc/Dialect/Aicc/AiccOps.h.inc"

#endif
