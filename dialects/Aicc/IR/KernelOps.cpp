//===- KernelOps.cpp - verifier and bufferization of kernel ops --------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"

using namespace mlir;
using namespace mlir::aicc;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

/// Kernel ops read every operand but `init` and write `init` (on memrefs).
static void kernelEffects(
    DestinationStyleOpInterface op,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (op.isDpsInit(&operand))
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

/// The same kernel op on the operands' buffers, its result replaced by
/// `init`'s buffer.
static LogicalResult bufferizeKernel(Operation *op, Value init, RewriterBase &rewriter,
                                     const bufferization::BufferizationOptions &options,
                                     bufferization::BufferizationState &state) {
  SmallVector<Value> buffers;
  Value initBuffer;
  for (Value v : op->getOperands()) {
    FailureOr<Value> buffer = bufferization::getBuffer(rewriter, v, options, state);
    if (failed(buffer))
      return failure();
    buffers.push_back(*buffer);
    if (v == init)
      initBuffer = *buffer;
  }
  rewriter.setInsertionPoint(op);
  OperationState st(op->getLoc(), op->getName());
  st.addOperands(buffers);
  st.addAttributes(op->getAttrs());
  st.propertiesAttr = op->getPropertiesAsAttribute();
  rewriter.create(st);
  bufferization::replaceOpWithBufferizedValues(rewriter, op, initBuffer);
  return success();
}

int64_t PackedMatmulOp::getRows() { return shapeOf(getInit())[1]; }

int64_t PackedMatmulOp::getReduction() {
  ArrayRef<int64_t> a = shapeOf(getA());
  return getPackedA() ? a[1] : a[2];
}

LogicalResult PackedMatmulOp::verify() {
  for (Value v : getOperands())
    if (!cast<ShapedType>(v.getType()).hasStaticShape())
      return emitOpError("expects statically shaped operands");
  bool tensors = isa<RankedTensorType>(getInit().getType());
  for (Value v : getOperands())
    if (isa<RankedTensorType>(v.getType()) != tensors)
      return emitOpError("expects all operands to be tensors or all memrefs");
  if (tensors != (getNumResults() == 1))
    return emitOpError("expects one result on tensors and none on memrefs");
  if (tensors && getResult()[0].getType() != getInit().getType())
    return emitOpError("expects the result type to be the type of init");
  if (getTile().size() != 2 || getWindow().size() != 2 || getStrides().size() != 2 ||
      getDilations().size() != 2)
    return emitOpError("expects tile, window, strides and dilations of two values");
  if (llvm::any_of(llvm::concat<const int64_t>(getTile(), getWindow(), getStrides(),
                                               getDilations()),
                   [](int64_t v) { return v < 1; }))
    return emitOpError("expects positive tile, window, strides and dilations");

  if (cast<ShapedType>(getX().getType()).getElementType().isBF16() && !getPackedX())
    return emitOpError("expects bf16 x only when packed (a constant weight)");
  ArrayRef<int64_t> c = shapeOf(getInit()), x = shapeOf(getX()), a = shapeOf(getA());
  if (c.size() != 4 || x.size() != 4 || a.size() != 3)
    return emitOpError("expects init [B, M, OH, OW], x [B, C, IH, IW] and a of rank 3");
  int64_t batch = c[0], m = c[1];
  if (getPackedX()) {
    int64_t nr = getTile()[1], nb = (c[3] + nr - 1) / nr;
    if (x[0] != nb || x[2] != 1 || x[3] != nr)
      return emitOpError("expects packed x of shape [") << nb << ", K, 1, " << nr << "]";
    if (c[2] != 1 || getWindow()[0] != 1 || getWindow()[1] != 1 || getStrides()[0] != 1 ||
        getStrides()[1] != 1)
      return emitOpError("expects packed x only with one output row, a 1x1 window "
                         "and unit strides");
  } else if (x[0] != 1 && x[0] != batch) {
    return emitOpError("expects x's batch to be 1 or the result's (") << batch << ")";
  }
  int64_t k = x[1] * getWindow()[0] * getWindow()[1];
  if (getPackedA()) {
    int64_t mr = getTile()[0];
    if (a[2] != mr || a[0] != (m + mr - 1) / mr || a[1] != k)
      return emitOpError("expects packed a of shape [")
             << (m + mr - 1) / mr << ", " << k << ", " << mr << "]";
  } else if ((a[0] != 1 && a[0] != batch) || a[1] != m || a[2] != k) {
    return emitOpError("expects a of shape [1 or ") << batch << ", " << m << ", " << k
                                                   << "]";
  }
  int64_t phases = getColumnPhases();
  if (phases < 1 || (phases > 1 && (getPackedX() || getStrides()[1] != phases ||
                                    x[3] % phases != 0)))
    return emitOpError("expects column_phases to be 1, or the column stride with x's "
                       "width a multiple of it");
  for (unsigned d = 0; d < (getPackedX() ? 0u : 2u); ++d) {
    int64_t last = (c[2 + d] - 1) * getStrides()[d] +
                   (getWindow()[d] - 1) * getDilations()[d];
    if (last >= x[2 + d])
      return emitOpError("window reads past x's spatial dim ") << d;
  }
  if (Value bias = getBias()) {
    ArrayRef<int64_t> b = shapeOf(bias);
    int64_t len = getBiasDim() == 0 ? m : getBiasDim() == 1 ? c[3] : batch;
    if (getBiasDim() > 2 || getBiasDim() < 0 || b.size() != 1 || b[0] != len)
      return emitOpError("expects bias of shape [") << len << "] along bias_dim";
  }
  if (Value r = getResidual())
    if (shapeOf(r) != c)
      return emitOpError("expects residual of the result's shape");
  StringRef act = getActivation();
  if (act != "none" && act != "relu" && act != "clip")
    return emitOpError("expects activation none, relu or clip");
  return success();
}

void PackedMatmulOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  kernelEffects(*this, effects);
}

bool PackedMatmulOp::bufferizesToMemoryRead(OpOperand &operand,
                                            const bufferization::AnalysisState &) {
  return !isDpsInit(&operand);
}

bool PackedMatmulOp::bufferizesToMemoryWrite(OpOperand &operand,
                                             const bufferization::AnalysisState &) {
  return isDpsInit(&operand);
}

bufferization::AliasingValueList
PackedMatmulOp::getAliasingValues(OpOperand &operand,
                                  const bufferization::AnalysisState &) {
  if (isDpsInit(&operand))
    return {{getResult()[0], bufferization::BufferRelation::Equivalent}};
  return {};
}

LogicalResult PackedMatmulOp::bufferize(RewriterBase &rewriter,
                                        const bufferization::BufferizationOptions &options,
                                        bufferization::BufferizationState &state) {
  return bufferizeKernel(*this, getInit(), rewriter, options, state);
}

//===----------------------------------------------------------------------===//
// PackedMatmulIntegerOp
//===----------------------------------------------------------------------===//

static bool isByte(Type t) { return t.isInteger(8); }

LogicalResult PackedMatmulIntegerOp::verify() {
  for (Value v : getOperands())
    if (!cast<ShapedType>(v.getType()).hasStaticShape())
      return emitOpError("expects statically shaped operands");
  bool tensors = isa<RankedTensorType>(getInit().getType());
  for (Value v : getOperands())
    if (isa<RankedTensorType>(v.getType()) != tensors)
      return emitOpError("expects all operands to be tensors or all memrefs");
  if (tensors != (getNumResults() == 1))
    return emitOpError("expects one result on tensors and none on memrefs");
  if (tensors && getResult()[0].getType() != getInit().getType())
    return emitOpError("expects the result type to be the type of init");
  if (getTile().size() != 2 || getWindow().size() != 2 || getStrides().size() != 2 ||
      getDilations().size() != 2)
    return emitOpError("expects tile, window, strides and dilations of two values");
  if (llvm::any_of(llvm::concat<const int64_t>(getTile(), getWindow(), getStrides(),
                                               getDilations()),
                   [](int64_t v) { return v < 1; }))
    return emitOpError("expects positive tile, window, strides and dilations");
  if (getPackedA() == getPackedX())
    return emitOpError("expects exactly one of packed_a and packed_x");

  auto elem = [](Value v) { return cast<ShapedType>(v.getType()).getElementType(); };
  ArrayRef<int64_t> c = shapeOf(getInit()), x = shapeOf(getX()), a = shapeOf(getA());
  int64_t mr = getTile()[0], nr = getTile()[1];
  int64_t taps = getWindow()[0] * getWindow()[1];
  if (c.size() != 4 || a.size() != (getPackedA() ? a.size() : 3) || a.size() < 3 ||
      a.size() > 4)
    return emitOpError("expects init [B, M, OH, OW] and a of rank 3 (or 4 with packed_a)");
  int64_t batch = c[0], m = c[1];
  if (a.size() == 4) {
    if (a[0] < 1 || batch % a[0] != 0)
      return emitOpError("expects a's batch to divide the result's (") << batch << ")";
    a = a.drop_front();
  }
  if (getPackedA()) {
    // i32 a: channel pairs (pmaddwd); i8 a: channel quads (pmaddubsw).
    bool quads = elem(getA()).isSignlessInteger(8);
    if (x.size() != 4 || !isByte(elem(getX())) || (!elem(getA()).isInteger(32) && !quads))
      return emitOpError("expects 8-bit x [B, C, IH, IW] and i32 or i8 a with packed_a");
    if (quads && shapeOf(getA()).size() != 3)
      return emitOpError("expects i8 (channel quad) a of rank 3");
    if (x[0] != 1 && x[0] != batch)
      return emitOpError("expects x's batch to be 1 or the result's (") << batch << ")";
    int64_t k2 = (x[1] + (quads ? 3 : 1)) / (quads ? 4 : 2) * taps;
    int64_t words = quads ? 4 * mr : mr;
    if (a[0] != (m + mr - 1) / mr || a[1] != k2 || a[2] != words)
      return emitOpError("expects packed a of shape [")
             << (m + mr - 1) / mr << ", " << k2 << ", " << words << "]";
    for (unsigned d = 0; d < 2; ++d) {
      int64_t last = (c[2 + d] - 1) * getStrides()[d] +
                     (getWindow()[d] - 1) * getDilations()[d];
      if (last >= x[2 + d])
        return emitOpError("window reads past x's spatial dim ") << d;
    }
  } else {
    if (x.size() != 3 || !elem(getX()).isInteger(32) || !isByte(elem(getA())))
      return emitOpError("expects i32 x of rank 3 and 8-bit a with packed_x");
    if (c[2] != 1 || taps != 1 || getStrides()[0] != 1 || getStrides()[1] != 1)
      return emitOpError("expects packed x only with one output row, a 1x1 window "
                         "and unit strides");
    if ((a[0] != 1 && a[0] != batch) || a[1] != m)
      return emitOpError("expects a of shape [1 or ") << batch << ", " << m << ", K]";
    int64_t nb = (c[3] + nr - 1) / nr;
    if (x[0] != nb || x[1] != (a[2] + 1) / 2 || x[2] != nr)
      return emitOpError("expects packed x of shape [")
             << nb << ", " << (a[2] + 1) / 2 << ", " << nr << "]";
  }
  int64_t dim = getBiasDim();
  if (dim < 0 || dim > 2)
    return emitOpError("expects bias_dim 0 (M), 1 (OW) or 2 (B)");
  ArrayRef<int64_t> b = shapeOf(getBias());
  int64_t len = dim == 0 ? m : dim == 1 ? c[3] : b.empty() ? 0 : b[0];
  if (!elem(getBias()).isInteger(32) || b.size() != 1 || b[0] != len ||
      (dim == 2 && (len < 1 || batch % len != 0)))
    return emitOpError("expects an i32 bias of shape [")
           << (dim == 2 ? "divisor of B" : std::to_string(len)) << "] along bias_dim";
  bool requant = isByte(elem(getInit()));
  if (requant != (getScale() != nullptr))
    return emitOpError("expects a scale exactly when init is 8-bit");
  if (Value s = getScale()) {
    ArrayRef<int64_t> ss = shapeOf(s);
    if (ss.size() != 1 || (ss[0] != 1 && ss[0] != len))
      return emitOpError("expects scale of shape [1] or [") << len << "]";
  }
  return success();
}

void PackedMatmulIntegerOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  kernelEffects(*this, effects);
}

bool PackedMatmulIntegerOp::bufferizesToMemoryRead(OpOperand &operand,
                                                   const bufferization::AnalysisState &) {
  return !isDpsInit(&operand);
}

bool PackedMatmulIntegerOp::bufferizesToMemoryWrite(OpOperand &operand,
                                                    const bufferization::AnalysisState &) {
  return isDpsInit(&operand);
}

bufferization::AliasingValueList
PackedMatmulIntegerOp::getAliasingValues(OpOperand &operand,
                                         const bufferization::AnalysisState &) {
  if (isDpsInit(&operand))
    return {{getResult()[0], bufferization::BufferRelation::Equivalent}};
  return {};
}

LogicalResult
PackedMatmulIntegerOp::bufferize(RewriterBase &rewriter,
                                 const bufferization::BufferizationOptions &options,
                                 bufferization::BufferizationState &state) {
  return bufferizeKernel(*this, getInit(), rewriter, options, state);
}

//===----------------------------------------------------------------------===//
// SparseMatmulOp
//===----------------------------------------------------------------------===//

LogicalResult SparseMatmulOp::verify() {
  for (Value v : getOperands())
    if (!cast<ShapedType>(v.getType()).hasStaticShape())
      return emitOpError("expects statically shaped operands");
  bool tensors = isa<RankedTensorType>(getInit().getType());
  for (Value v : getOperands())
    if (isa<RankedTensorType>(v.getType()) != tensors)
      return emitOpError("expects all operands to be tensors or all memrefs");
  if (tensors != (getNumResults() == 1))
    return emitOpError("expects one result on tensors and none on memrefs");
  if (tensors && getResult()[0].getType() != getInit().getType())
    return emitOpError("expects the result type to be the type of init");
  ArrayRef<int64_t> c = shapeOf(getInit()), xt = shapeOf(getXt());
  ArrayRef<int64_t> off = shapeOf(getOffsets()), idx = shapeOf(getIndices()),
                    val = shapeOf(getValues());
  if (c.size() != 2 || xt.size() != 2)
    return emitOpError("expects init and xt of rank 2");
  int64_t m = getTransposedResult() ? c[1] : c[0], n = getTransposedResult() ? c[0] : c[1];
  if (xt[1] != m)
    return emitOpError("expects init [M, N] (or [N, M] with transposed_result) and xt [K, M]");
  if (off.size() != 1 || off[0] != n + 1)
    return emitOpError("expects offsets of shape [") << n + 1 << "]";
  if (idx.size() != 1 || val.size() != 1 || idx[0] != val[0])
    return emitOpError("expects indices and values of one equal length");
  if (Value bias = getBias())
    if (shapeOf(bias) != ArrayRef<int64_t>{n})
      return emitOpError("expects bias of shape [") << n << "]";
  if (getRowTile() < 1)
    return emitOpError("expects a positive row_tile");
  StringRef act = getActivation();
  if (act != "none" && act != "relu" && act != "clip")
    return emitOpError("expects activation none, relu or clip");
  return success();
}

void SparseMatmulOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  kernelEffects(*this, effects);
}

bool SparseMatmulOp::bufferizesToMemoryRead(OpOperand &operand,
                                            const bufferization::AnalysisState &) {
  return !isDpsInit(&operand);
}

bool SparseMatmulOp::bufferizesToMemoryWrite(OpOperand &operand,
                                             const bufferization::AnalysisState &) {
  return isDpsInit(&operand);
}

bufferization::AliasingValueList
SparseMatmulOp::getAliasingValues(OpOperand &operand,
                                  const bufferization::AnalysisState &) {
  if (isDpsInit(&operand))
    return {{getResult()[0], bufferization::BufferRelation::Equivalent}};
  return {};
}

LogicalResult SparseMatmulOp::bufferize(RewriterBase &rewriter,
                                        const bufferization::BufferizationOptions &options,
                                        bufferization::BufferizationState &state) {
  return bufferizeKernel(*this, getInit(), rewriter, options, state);
}

//===----------------------------------------------------------------------===//
// PackedMatmulInt4Op
//===----------------------------------------------------------------------===//

LogicalResult PackedMatmulInt4Op::verify() {
  for (Value v : getOperands())
    if (!cast<ShapedType>(v.getType()).hasStaticShape())
      return emitOpError("expects statically shaped operands");
  bool tensors = isa<RankedTensorType>(getInit().getType());
  for (Value v : getOperands())
    if (isa<RankedTensorType>(v.getType()) != tensors)
      return emitOpError("expects all operands to be tensors or all memrefs");
  if (tensors != (getNumResults() == 1))
    return emitOpError("expects one result on tensors and none on memrefs");
  if (tensors && getResult()[0].getType() != getInit().getType())
    return emitOpError("expects the result type to be the type of init");
  ArrayRef<int64_t> c = shapeOf(getInit()), x = shapeOf(getX()), w = shapeOf(getWeight());
  if (c.size() != 2 || x.size() != 2 || w.size() != 3 || x[0] != c[0])
    return emitOpError("expects x [M, K], weight [P, KP/2, NR] and init [M, N]");
  int64_t bs = getBlockSize(), k = x[1], p = w[0], nr = w[2];
  if (bs < 2 || bs % 2 || k % 2)
    return emitOpError("expects an even block_size and an even K");
  int64_t blocks = (k + bs - 1) / bs;
  if (w[1] != blocks * bs / 2)
    return emitOpError("expects weight rows for K rounded up to block_size: ") << blocks * bs / 2;
  if (p != (c[1] + nr - 1) / nr)
    return emitOpError("expects ceil(N / NR) panels: ") << (c[1] + nr - 1) / nr;
  SmallVector<int64_t> params = {p, blocks, nr};
  if (shapeOf(getScales()) != ArrayRef<int64_t>(params) ||
      shapeOf(getOffsets()) != ArrayRef<int64_t>(params))
    return emitOpError("expects scales and offsets of shape [") << p << ", " << blocks << ", "
                                                               << nr << "]";
  if (Value bias = getBias())
    if (shapeOf(bias) != ArrayRef<int64_t>{c[1]})
      return emitOpError("expects bias of shape [") << c[1] << "]";
  return success();
}

void PackedMatmulInt4Op::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  kernelEffects(*this, effects);
}

bool PackedMatmulInt4Op::bufferizesToMemoryRead(OpOperand &operand,
                                                const bufferization::AnalysisState &) {
  return !isDpsInit(&operand);
}

bool PackedMatmulInt4Op::bufferizesToMemoryWrite(OpOperand &operand,
                                                 const bufferization::AnalysisState &) {
  return isDpsInit(&operand);
}

bufferization::AliasingValueList
PackedMatmulInt4Op::getAliasingValues(OpOperand &operand,
                                      const bufferization::AnalysisState &) {
  if (isDpsInit(&operand))
    return {{getResult()[0], bufferization::BufferRelation::Equivalent}};
  return {};
}

LogicalResult PackedMatmulInt4Op::bufferize(RewriterBase &rewriter,
                                            const bufferization::BufferizationOptions &options,
                                            bufferization::BufferizationState &state) {
  return bufferizeKernel(*this, getInit(), rewriter, options, state);
}
