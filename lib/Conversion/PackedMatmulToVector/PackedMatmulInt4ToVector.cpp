//===- PackedMatmulInt4ToVector.cpp - convert-packed-matmul-int4-to-vector ---===//
//
// Expands each aicc.packed_matmul_int4 on memrefs into vector loops. Work
// items are (row, panel of NR columns). Per block of the reduction, the
// panel's scales and offsets are loaded once; per pair of reduction steps,
// one load of NR bytes per vector brings both steps' 4-bit weights, which
// are widened (vpmovzxbd), split with a mask and a shift and converted in
// registers, and multiplied with the two broadcast activations into
// separate block sums (even and odd steps: 2 * NV independent FMA chains);
// the block's scale and zero-point offset are applied once per block
// (s * sum(x q) + (-z s) * sum(x)), so each weight costs one FMA. The
// weights are read 4-bit from memory: what bounds batch-1 decoding.
//
//===----------------------------------------------------------------------===//
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_CONVERTPACKEDMATMULINT4TOVECTOR
#include "aicc/Conversion/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

class Int4KernelEmitter {
public:
  Int4KernelEmitter(OpBuilder &b, PackedMatmulInt4Op op, int64_t lanes)
      : b(b), loc(op.getLoc()), op(op), lanes(lanes),
        f32Vec(VectorType::get({lanes}, b.getF32Type())),
        i32Vec(VectorType::get({lanes}, b.getI32Type())),
        i8Vec(VectorType::get({lanes}, b.getI8Type())) {
    ArrayRef<int64_t> c = shape(op.getInit()), w = shape(op.getWeight());
    m = c[0];
    n = c[1];
    k = shape(op.getX())[1];
    panels = w[0];
    nr = w[2];
    nv = nr / lanes;
    bs = op.getBlockSize();
    blocks = shape(op.getScales())[1];
  }

  void emit() {
    auto items = scf::ParallelOp::create(b, loc, ValueRange{cst(0)},
                                         ValueRange{cst(m * panels)}, ValueRange{cst(1)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(items.getBody());
    Value item = items.getInductionVars()[0];
    Value row = panels == 1 ? item : arith::DivUIOp::create(b, loc, item, cst(panels)).getResult();
    Value panel =
        panels == 1 ? cst(0) : arith::RemUIOp::create(b, loc, item, cst(panels)).getResult();
    SmallVector<Value> acc = emitReduction(row, panel);
    int64_t full = n / nr, rest = n % nr;
    if (!rest)
      return emitStores(acc, row, panel, nr);
    if (full == 0)
      return emitStores(acc, row, panel, rest);
    Value isFull = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, panel, cst(full));
    auto branch = scf::IfOp::create(b, loc, isFull, /*withElse=*/true);
    b.setInsertionPointToStart(branch.thenBlock());
    emitStores(acc, row, panel, nr);
    b.setInsertionPointToStart(branch.elseBlock());
    emitStores(acc, row, panel, rest);
  }

private:
  static ArrayRef<int64_t> shape(Value v) { return cast<MemRefType>(v.getType()).getShape(); }
  Value cst(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value a, int64_t c) {
    return c == 0 ? a : arith::AddIOp::create(b, loc, a, cst(c)).getResult();
  }
  Value mul(Value a, int64_t c) {
    return c == 1 ? a : arith::MulIOp::create(b, loc, a, cst(c)).getResult();
  }
  Value splatF32(float v) {
    return arith::ConstantOp::create(b, loc, f32Vec,
                                     DenseElementsAttr::get(f32Vec, b.getF32FloatAttr(v)));
  }
  Value splatI32(int32_t v) {
    return arith::ConstantOp::create(b, loc, i32Vec,
                                     DenseElementsAttr::get(i32Vec, b.getI32IntegerAttr(v)));
  }
  Value broadcastX(Value row, Value col) {
    Value x = memref::LoadOp::create(b, loc, op.getX(), ValueRange{row, col});
    return vector::BroadcastOp::create(b, loc, f32Vec, x);
  }

  /// The NV accumulators of (row, panel): an scf.for over blocks around an
  /// scf.for over pairs of reduction steps. Inside a block the raw 4-bit
  /// values are multiplied (sum x * q, even and odd steps apart, and sum x);
  /// the block's scale and offset are applied once after it:
  /// acc += s * sum(x * q) + (-z * s) * sum(x). One FMA per weight.
  SmallVector<Value> emitReduction(Value row, Value panel) {
    SmallVector<Value> init(nv, splatF32(0.0f));
    auto blockLoop = scf::ForOp::create(b, loc, cst(0), cst(blocks), cst(1), init);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(blockLoop.getBody());
    Value blk = blockLoop.getInductionVar();
    Value firstPair = mul(blk, bs / 2);
    Value pairs = cst(bs / 2);
    if (k < blocks * bs) // the last block is partial
      pairs = arith::MinSIOp::create(
          b, loc, pairs, arith::SubIOp::create(b, loc, cst(k / 2), firstPair));
    SmallVector<Value> blockInit(2 * nv, splatF32(0.0f));
    blockInit.push_back(arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f)));
    auto pairLoop = scf::ForOp::create(b, loc, cst(0), pairs, cst(1), blockInit);
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(pairLoop.getBody());
      Value j = arith::AddIOp::create(b, loc, firstPair, pairLoop.getInductionVar());
      Value k0 = mul(j, 2);
      Value s0 = memref::LoadOp::create(b, loc, op.getX(), ValueRange{row, k0});
      Value s1 = memref::LoadOp::create(b, loc, op.getX(), ValueRange{row, add(k0, 1)});
      Value x0 = vector::BroadcastOp::create(b, loc, f32Vec, s0);
      Value x1 = vector::BroadcastOp::create(b, loc, f32Vec, s1);
      SmallVector<Value> acc(pairLoop.getRegionIterArgs());
      Value mask = splatI32(15), four = splatI32(4);
      for (int64_t v = 0; v < nv; ++v) {
        Value bytes = vector::LoadOp::create(b, loc, i8Vec, op.getWeight(),
                                             ValueRange{panel, j, cst(v * lanes)});
        Value wide = arith::ExtUIOp::create(b, loc, i32Vec, bytes);
        Value lo = arith::SIToFPOp::create(b, loc, f32Vec,
                                           arith::AndIOp::create(b, loc, wide, mask));
        Value hi = arith::SIToFPOp::create(b, loc, f32Vec,
                                           arith::ShRUIOp::create(b, loc, wide, four));
        acc[2 * v] = vector::FMAOp::create(b, loc, x0, lo, acc[2 * v]);
        acc[2 * v + 1] = vector::FMAOp::create(b, loc, x1, hi, acc[2 * v + 1]);
      }
      Value xsum = arith::AddFOp::create(b, loc, acc.back(),
                                         arith::AddFOp::create(b, loc, s0, s1));
      acc.back() = xsum;
      scf::YieldOp::create(b, loc, acc);
    }
    Value xsum = vector::BroadcastOp::create(b, loc, f32Vec, pairLoop.getResults().back());
    SmallVector<Value> acc(blockLoop.getRegionIterArgs());
    for (int64_t v = 0; v < nv; ++v) {
      SmallVector<Value> idx = {panel, blk, cst(v * lanes)};
      Value scale = vector::LoadOp::create(b, loc, f32Vec, op.getScales(), idx);
      Value offset = vector::LoadOp::create(b, loc, f32Vec, op.getOffsets(), idx);
      Value dot = arith::AddFOp::create(b, loc, pairLoop.getResult(2 * v),
                                        pairLoop.getResult(2 * v + 1));
      acc[v] = vector::FMAOp::create(b, loc, dot, scale, acc[v]);
      acc[v] = vector::FMAOp::create(b, loc, xsum, offset, acc[v]);
    }
    scf::YieldOp::create(b, loc, acc);
    return SmallVector<Value>(blockLoop.getResults());
  }

  /// The bias, one (masked past `cols`) store per vector.
  void emitStores(ArrayRef<Value> acc, Value row, Value panel, int64_t cols) {
    Value n0 = mul(panel, nr);
    for (int64_t v = 0; v < nv; ++v) {
      int64_t live = std::clamp<int64_t>(cols - v * lanes, 0, lanes);
      if (!live)
        break;
      Value col = add(n0, v * lanes);
      Value mask = live < lanes ? vector::ConstantMaskOp::create(
                                      b, loc, VectorType::get({lanes}, b.getI1Type()),
                                      ArrayRef<int64_t>{live})
                                      .getResult()
                                : Value();
      Value r = acc[v];
      if (Value bias = op.getBias()) {
        Value bv = mask ? vector::MaskedLoadOp::create(b, loc, f32Vec, bias, ValueRange{col},
                                                        mask, splatF32(0.0f))
                              .getResult()
                        : vector::LoadOp::create(b, loc, f32Vec, bias, ValueRange{col})
                              .getResult();
        r = arith::AddFOp::create(b, loc, r, bv);
      }
      if (mask)
        vector::MaskedStoreOp::create(b, loc, op.getInit(), ValueRange{row, col}, mask, r);
      else
        vector::StoreOp::create(b, loc, r, op.getInit(), ValueRange{row, col});
    }
  }

  OpBuilder &b;
  Location loc;
  PackedMatmulInt4Op op;
  int64_t lanes;
  VectorType f32Vec, i32Vec, i8Vec;
  int64_t m = 0, n = 0, k = 0, panels = 0, nr = 0, nv = 0, bs = 0, blocks = 0;
};

struct ConvertPackedMatmulInt4ToVectorPass
    : mlir::aicc::impl::ConvertPackedMatmulInt4ToVectorBase<
          ConvertPackedMatmulInt4ToVectorPass> {
  using Base::Base;
  void runOnOperation() override {
    int64_t lanes = std::max<int64_t>(vectorBits / 32, 4);
    SmallVector<PackedMatmulInt4Op> ops;
    getOperation().walk([&](PackedMatmulInt4Op op) { ops.push_back(op); });
    for (PackedMatmulInt4Op op : ops) {
      if (op.getNumResults() != 0) {
        op.emitOpError("must be bufferized before convert-packed-matmul-int4-to-vector");
        return signalPassFailure();
      }
      if (cast<MemRefType>(op.getWeight().getType()).getShape()[2] % lanes) {
        op.emitOpError("expects a panel width that is a multiple of ") << lanes << " lanes";
        return signalPassFailure();
      }
      OpBuilder b(op);
      Int4KernelEmitter(b, op, lanes).emit();
      op.erase();
    }
  }
};

} // namespace
