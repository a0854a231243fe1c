//===- MemoryPlanChart.h - the arena plan as an SVG chart ---------*- C++ -*-===//
#ifndef AICC_DRIVER_MEMORYPLANCHART_H
#define AICC_DRIVER_MEMORYPLANCHART_H

#include "aicc/Transforms/MemoryPlan.h"

namespace mlir::aicc {

/// A self-contained SVG: x = program position, y = arena offset, one <rect>
/// per buffer (and no other <rect>) with a <title> naming its node, op, size,
/// offset and live range; dashed lines at the peak arena size and at the most
/// bytes live at once.
void writeMemoryPlanSVG(raw_ostream &os, const MemoryPlan &plan);

} // namespace mlir::aicc

#endif
