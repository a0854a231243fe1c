//===- AiccOps.td - all aicc ops ---------------------------*- tablegen -*-===//
#ifndef AICC_OPS_TD
#define AICC_OPS_TD

include "Aicc/IR/AiccBase.td"
include "Aicc/IR/AiccElementwiseOps.td"
include "Aicc/IR/AiccNNOps.td"
include "Aicc/IR/AiccTensorOps.td"
include "Aicc/IR/AiccReductionOps.td"
include "Aicc/IR/AiccKernelOps.td"
include "Aicc/IR/AiccQuantOps.td"
include "Aicc/IR/AiccControlFlowOps.td"

#endif // AICC_OPS_TD
