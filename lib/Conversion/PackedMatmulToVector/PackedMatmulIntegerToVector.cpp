//===- PackedMatmulIntegerToVector.cpp - convert-packed-matmul-integer-to-vector -===//
//
// Expands each aicc.packed_matmul_integer on memrefs into a register-tiled
// loop nest: for every batch and output row (the work items), every tile of
// NR output columns and every panel of MR result rows, MR x NV accumulators
// (vector<VLxi32>) stay in registers while the reduction walks pairs of
// input channels and window rows (the taps of a row unrolled). Each step multiplies two vectors
// of 2*VL sign-extended 16-bit values and adds adjacent products into the
// i32 lanes: the shape LLVM's x86 back end selects as pmaddwd (AVX2/AVX-512
// vpmaddwd); on other targets it is plain widening arithmetic. The 8-bit
// side is widened in registers: two rows of x (channels c and c+1)
// interleaved byte by byte, or a pair of a's values broadcast. The epilogue
// adds the bias and, for 8-bit results, requantizes as aicc.requantize.
// Partial tiles are static variants with masked loads and stores.
//
// With i8 packed weights (channel quads, aicc-form-integer-kernels' u8s8
// packing), a step covers four input channels: the rows of x for channels
// c..c+3 are interleaved byte by byte (four bytes per i32 lane), int8 ones
// shifted to unsigned (xor 0x80, the bias holds the correction), multiplied
// by the broadcast weight word with pmaddubsw (an x86 intrinsic: LLVM does
// not form it from generic ops), whose int16 pair sums cannot saturate for
// weights in [-64, 64], and summed into the i32 lanes by pmaddwd with ones.
//
//===----------------------------------------------------------------------===//
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_CONVERTPACKEDMATMULINTEGERTOVECTOR
#include "aicc/Conversion/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// Static description of one kernel instance.
struct Geometry {
  int64_t batch, m, oh, ow;       // result [B, M, OH, OW]
  int64_t xBatch, cin, ih, iw;    // packed_a: x [Bx, C, IH, IW]
  int64_t kh, kw, sh, sw, dh, dw; // window, strides, dilations
  int64_t mr, nr, vl;             // register tile, i32 lanes per vector
  int64_t aBatch, k;              // a's batch (batch b reads b % aBatch); packed_x: K
  bool packedA;
  bool quads; // i8 a: channel quads for pmaddubsw

  int64_t taps() const { return kh * kw; }
  /// Input channels (packed_a) or K (packed_x): the paired dimension.
  int64_t paired() const { return packedA ? cin : k; }
  /// Channels per reduction step.
  int64_t group() const { return quads ? 4 : 2; }
};

ArrayRef<int64_t> shapeOf(Value v) { return cast<MemRefType>(v.getType()).getShape(); }
Type elementOf(Value v) { return cast<MemRefType>(v.getType()).getElementType(); }

class IntegerKernelEmitter {
public:
  IntegerKernelEmitter(OpBuilder &b, PackedMatmulIntegerOp op, const Geometry &g)
      : b(b), hoist(op->getBlock(), op->getBlock()->begin()), loc(op.getLoc()), op(op),
        g(g), accType(VectorType::get({g.vl}, b.getI32Type())),
        pairType(VectorType::get({2 * g.vl}, b.getI16Type())) {
    hoist.setInsertionPoint(cst(0).getDefiningOp());
    xMem = signlessMemRef(op.getX(), xUnsigned);
    aMem = signlessMemRef(op.getA(), aUnsigned);
    initMem = signlessMemRef(op.getInit(), initUnsigned);
  }

  void emit() {
    int64_t rows = g.batch * g.oh;
    auto items = scf::ParallelOp::create(b, loc, ValueRange{cst(0)}, ValueRange{cst(rows)},
                                         ValueRange{cst(1)});
    b.setInsertionPointToStart(items.getBody());
    Value item = items.getInductionVars()[0];
    Value bi = g.oh == 1 ? item : arith::DivUIOp::create(b, loc, item, cst(g.oh)).getResult();
    Value oh = g.oh == 1 ? cst(0) : arith::RemUIOp::create(b, loc, item, cst(g.oh)).getResult();
    int64_t tiles = (g.ow + g.nr - 1) / g.nr, safe = safeColumnTiles();
    auto panels = [&](Value ow0, std::optional<int64_t> ow0Static, int64_t lanes) {
      int64_t full = g.m / g.mr;
      if (full > 0) {
        auto loop = scf::ForOp::create(b, loc, cst(0), cst(full), cst(1));
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(loop.getBody());
        emitTile(bi, oh, ow0, ow0Static, lanes, loop.getInductionVar(), g.mr);
      }
      if (g.m % g.mr)
        emitTile(bi, oh, ow0, ow0Static, lanes, cst(full), g.m % g.mr);
    };
    if (safe > 0) {
      auto loop = scf::ForOp::create(b, loc, cst(0), cst(safe * g.nr), cst(g.nr));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      panels(loop.getInductionVar(), std::nullopt, g.nr);
    }
    for (int64_t t = safe; t < tiles; ++t)
      panels(cst(t * g.nr), t * g.nr, std::min(g.nr, g.ow - t * g.nr));
    b.setInsertionPointAfter(items);
  }

private:
  Value cst(int64_t v) {
    Value &c = indexConstants[v];
    if (!c)
      c = arith::ConstantIndexOp::create(hoist, loc, v);
    return c;
  }
  Value vectorConstant(VectorType type, Attribute value) {
    Value &c = vectorConstants[{type, value}];
    if (!c)
      c = arith::ConstantOp::create(hoist, loc, type, DenseElementsAttr::get(type, value));
    return c;
  }
  Value mask(int64_t width, int64_t set) {
    Value &c = masks[{width, set}];
    if (!c)
      c = vector::ConstantMaskOp::create(hoist, loc, VectorType::get({width}, b.getI1Type()),
                                         ArrayRef<int64_t>{set});
    return c;
  }
  Value add(Value a, int64_t c) {
    return c == 0 ? a : arith::AddIOp::create(b, loc, a, cst(c)).getResult();
  }
  Value mul(Value a, int64_t c) {
    return c == 1 ? a : arith::MulIOp::create(b, loc, a, cst(c)).getResult();
  }

  /// Leading full column tiles whose reads stay inside x's rows.
  int64_t safeColumnTiles() {
    int64_t tiles = (g.ow + g.nr - 1) / g.nr, safe = 0;
    int64_t maxTap = (g.kw - 1) * g.dw;
    while (safe < tiles && (safe + 1) * g.nr <= g.ow &&
           (!g.packedA || safe * g.nr * g.sw + maxTap + g.nr * g.sw <= g.iw))
      ++safe;
    return safe;
  }

  /// `mem` with a signless element type (ui8 -> i8): both lower to the
  /// same LLVM pointer; `uns` says how to widen its values.
  Value signlessMemRef(Value mem, bool &uns) {
    auto t = cast<MemRefType>(mem.getType());
    uns = t.getElementType().isUnsignedInteger();
    if (t.getElementType().isSignlessInteger())
      return mem;
    auto to = t.clone(b.getIntegerType(t.getElementType().getIntOrFloatBitWidth()));
    return UnrealizedConversionCastOp::create(b, loc, to, mem).getResult(0);
  }

  /// VL bytes of x's row (channel `c`) from column `iw`, every sw-th one.
  Value loadXBytes(Value xb, Value c, Value ih, Value iw, std::optional<int64_t> iwStatic) {
    Value x = xMem;
    int64_t span = g.vl * g.sw;
    auto spanType = VectorType::get({span}, elementOf(x));
    SmallVector<Value> idx = {xb, c, ih, iw};
    Value v;
    if (!iwStatic || *iwStatic + span <= g.iw) {
      v = vector::LoadOp::create(b, loc, spanType, x, idx);
    } else {
      Value pass = vectorConstant(spanType, b.getIntegerAttr(elementOf(x), 0));
      v = vector::MaskedLoadOp::create(b, loc, spanType, x, idx, mask(span, g.iw - *iwStatic),
                                       pass);
    }
    if (g.sw == 1)
      return v;
    SmallVector<int64_t> lanes;
    for (int64_t l = 0; l < g.vl; ++l)
      lanes.push_back(l * g.sw);
    return vector::ShuffleOp::create(b, loc, v, v, lanes);
  }

  /// Bytes `lo` and `hi` interleaved (lo0 hi0 lo1 hi1 ...) and widened to
  /// 16 bits as the operand type says.
  Value interleaveWiden(Value lo, Value hi, bool uns) {
    int64_t n = cast<VectorType>(lo.getType()).getNumElements();
    SmallVector<int64_t> order;
    for (int64_t l = 0; l < n; ++l)
      order.append({l, n + l});
    Value bytes = vector::ShuffleOp::create(b, loc, lo, hi, order);
    auto wide = VectorType::get({2 * n}, b.getI16Type());
    if (uns)
      return arith::ExtUIOp::create(b, loc, wide, bytes);
    return arith::ExtSIOp::create(b, loc, wide, bytes);
  }

  /// acc + the pairwise sums of the products of two 16-bit vectors
  /// (pmaddwd, then an add).
  Value multiplyAdd(Value a, Value x, Value acc) {
    auto wide = VectorType::get({2 * g.vl}, b.getI32Type());
    Value p = arith::MulIOp::create(b, loc, arith::ExtSIOp::create(b, loc, wide, a),
                                    arith::ExtSIOp::create(b, loc, wide, x));
    SmallVector<int64_t> even, odd;
    for (int64_t l = 0; l < g.vl; ++l) {
      even.push_back(2 * l);
      odd.push_back(2 * l + 1);
    }
    Value s = arith::AddIOp::create(b, loc, vector::ShuffleOp::create(b, loc, p, p, even),
                                    vector::ShuffleOp::create(b, loc, p, p, odd));
    return arith::AddIOp::create(b, loc, acc, s);
  }

  /// A packed i32 word broadcast and viewed as 2*VL 16-bit values.
  Value broadcastWord(Value word) {
    Value v = vector::BroadcastOp::create(b, loc, accType, word);
    return vector::BitCastOp::create(b, loc, pairType, v);
  }

  /// packed_x: a[ab, m, k] and a[ab, m, k + 1] (0 when `single`) widened,
  /// broadcast as VL pairs.
  Value broadcastAPair(Value ab, Value m, Value k, bool single) {
    Value a = aMem;
    Type elem = elementOf(a);
    auto bytesType = VectorType::get({2}, elem);
    Value bytes;
    if (single) {
      Value lo = memref::LoadOp::create(b, loc, a, ValueRange{ab, m, k});
      Value zero = vectorConstant(bytesType, b.getIntegerAttr(elem, 0));
      bytes = vector::InsertOp::create(b, loc, lo, zero, ArrayRef<int64_t>{0});
    } else {
      bytes = vector::LoadOp::create(b, loc, bytesType, a, ValueRange{ab, m, k});
    }
    auto wideType = VectorType::get({2}, b.getI16Type());
    Value wide = aUnsigned
                     ? (Value)arith::ExtUIOp::create(b, loc, wideType, bytes)
                     : (Value)arith::ExtSIOp::create(b, loc, wideType, bytes);
    Value word = vector::BitCastOp::create(b, loc, VectorType::get({1}, b.getI32Type()), wide);
    return vector::BitCastOp::create(b, loc, pairType,
                                     vector::BroadcastOp::create(b, loc, accType, word));
  }

  /// The rows of channels c..c+3 (a null row: zeros) interleaved byte by
  /// byte, four bytes per i32 lane, shifted to unsigned for int8 x.
  Value interleaveQuad(ArrayRef<Value> rows) {
    auto rowType = cast<VectorType>(rows[0].getType());
    Value zero = vectorConstant(rowType, b.getIntegerAttr(b.getI8Type(), 0));
    int64_t n = rowType.getNumElements();
    SmallVector<int64_t> order;
    for (int64_t l = 0; l < n; ++l)
      order.append({l, n + l});
    auto row = [&](int i) { return rows[i] ? rows[i] : zero; };
    auto halfType = VectorType::get({n}, b.getI16Type());
    Value lo = vector::BitCastOp::create(
        b, loc, halfType, vector::ShuffleOp::create(b, loc, row(0), row(1), order));
    Value hi = vector::BitCastOp::create(
        b, loc, halfType, vector::ShuffleOp::create(b, loc, row(2), row(3), order));
    Value words = vector::ShuffleOp::create(b, loc, lo, hi, order);
    auto bytesType = VectorType::get({4 * n}, b.getI8Type());
    Value bytes = vector::BitCastOp::create(b, loc, bytesType, words);
    if (xUnsigned)
      return bytes;
    return arith::XOrIOp::create(b, loc, bytes,
                                 vectorConstant(bytesType, b.getIntegerAttr(b.getI8Type(), -128)));
  }

  /// acc + the products of unsigned bytes `x` and signed bytes `a`, four per
  /// i32 lane: pmaddubsw (exact when its int16 pair sums cannot saturate),
  /// then pmaddwd by ones.
  Value multiplyAddQuad(Value a, Value x, Value acc) {
    // (pmaddwd by ones as generic ops would fold the multiplication away.)
    bool sse = g.vl == 4, avx2 = g.vl == 8;
    StringRef ubsw = sse ? "llvm.x86.ssse3.pmadd.ub.sw.128"
                     : avx2 ? "llvm.x86.avx2.pmadd.ub.sw"
                            : "llvm.x86.avx512.pmaddubs.w.512";
    StringRef wd = sse ? "llvm.x86.sse2.pmadd.wd"
                   : avx2 ? "llvm.x86.avx2.pmadd.wd"
                          : "llvm.x86.avx512.pmaddw.d.512";
    Value pairs = LLVM::CallIntrinsicOp::create(b, loc, Type(pairType),
                                                b.getStringAttr(ubsw), ValueRange{x, a})
                      .getResult(0);
    Value ones = vectorConstant(pairType, b.getI16IntegerAttr(1));
    Value sums = LLVM::CallIntrinsicOp::create(b, loc, Type(accType),
                                               b.getStringAttr(wd), ValueRange{pairs, ones})
                     .getResult(0);
    return arith::AddIOp::create(b, loc, acc, sums);
  }

  /// One reduction step over channel pair `pair` (channels 2*pair and, unless
  /// `single`, 2*pair + 1; with quads, channels 4*pair.. and, when `single`,
  /// only `channels` of them) for every tap; returns the new accumulators.
  SmallVector<Value> reductionStep(ArrayRef<Value> acc, Value pair, bool single, Value bi,
                                   Value oh, Value ow0, std::optional<int64_t> ow0Static,
                                   int64_t nv, Value panel, int64_t rows,
                                   int64_t channels = 0) {
    SmallVector<Value> out(acc);
    if (!g.packedA) {
      Value xb = ow0Static ? cst(*ow0Static / g.nr)
                           : arith::DivUIOp::create(b, loc, ow0, cst(g.nr)).getResult();
      SmallVector<Value> xv;
      for (int64_t v = 0; v < nv; ++v)
        xv.push_back(vector::BitCastOp::create(
            b, loc, pairType,
            vector::LoadOp::create(b, loc, accType, op.getX(),
                                   ValueRange{xb, pair, cst(v * g.vl)})));
      Value ab = batchIndex(bi, g.aBatch);
      Value k = mul(pair, 2);
      for (int64_t r = 0; r < rows; ++r) {
        Value a = broadcastAPair(ab, add(mul(panel, g.mr), r), k, single);
        for (int64_t v = 0; v < nv; ++v)
          out[r * nv + v] = multiplyAdd(a, xv[v], out[r * nv + v]);
      }
      return out;
    }
    Value xb = g.xBatch == 1 ? cst(0) : bi;
    Value c0 = mul(pair, g.group()), c1 = add(c0, 1);
    Value ihBase = mul(oh, g.sh), iwBase = mul(ow0, g.sw);
    Value kBase = mul(pair, g.taps());
    // One window row of taps at a time, unrolled along the row; a loop over
    // the rows when there are several (fully unrolled 5x5 windows spilled).
    auto windowRow = [&](Value ih, Value kRow, SmallVector<Value> acc) {
      for (int64_t j = 0; j < g.kw; ++j) {
        SmallVector<Value> xv;
        for (int64_t v = 0; v < nv; ++v) {
          int64_t off = j * g.dw + v * g.vl * g.sw;
          std::optional<int64_t> st;
          if (ow0Static)
            st = *ow0Static * g.sw + off;
          Value iw = add(iwBase, off);
          if (g.quads) {
            SmallVector<Value> quad(4);
            for (int64_t ch = 0; ch < (single ? channels : 4); ++ch)
              quad[ch] = loadXBytes(xb, add(c0, ch), ih, iw, st);
            xv.push_back(interleaveQuad(quad));
            continue;
          }
          Value lo = loadXBytes(xb, c0, ih, iw, st);
          Value hi = single ? vectorConstant(cast<VectorType>(lo.getType()),
                                             b.getIntegerAttr(b.getI8Type(), 0))
                            : loadXBytes(xb, c1, ih, iw, st);
          xv.push_back(interleaveWiden(lo, hi, xUnsigned));
        }
        Value k = add(kRow, j);
        for (int64_t r = 0; r < rows && g.quads; ++r) {
          // The weight word (4 bytes) broadcast to every lane.
          Value word = vector::LoadOp::create(b, loc, VectorType::get({4}, b.getI8Type()),
                                              op.getA(), ValueRange{panel, k, cst(4 * r)});
          word = vector::BitCastOp::create(b, loc, VectorType::get({1}, b.getI32Type()), word);
          Value a = vector::BitCastOp::create(
              b, loc, VectorType::get({4 * g.vl}, b.getI8Type()),
              vector::BroadcastOp::create(b, loc, accType, word));
          for (int64_t v = 0; v < nv; ++v)
            acc[r * nv + v] = multiplyAddQuad(a, xv[v], acc[r * nv + v]);
        }
        for (int64_t r = 0; r < rows && !g.quads; ++r) {
          SmallVector<Value> idx = {panel, k, cst(r)};
          if (shapeOf(op.getA()).size() == 4)
            idx.insert(idx.begin(), batchIndex(bi, g.aBatch));
          Value word = memref::LoadOp::create(b, loc, op.getA(), idx);
          Value a = broadcastWord(word);
          for (int64_t v = 0; v < nv; ++v)
            acc[r * nv + v] = multiplyAdd(a, xv[v], acc[r * nv + v]);
        }
      }
      return acc;
    };
    if (g.kh == 1)
      return windowRow(ihBase, kBase, out);
    auto loop = scf::ForOp::create(b, loc, cst(0), cst(g.kh), cst(1), out);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value i = loop.getInductionVar();
      Value ih = arith::AddIOp::create(b, loc, ihBase, mul(i, g.dh));
      Value kRow = arith::AddIOp::create(b, loc, kBase, mul(i, g.kw));
      scf::YieldOp::create(b, loc,
                           windowRow(ih, kRow, SmallVector<Value>(loop.getRegionIterArgs())));
    }
    out = SmallVector<Value>(loop.getResults());
    return out;
  }

  /// The index of batch `bi` in an operand with `n` batches (n divides B).
  Value batchIndex(Value bi, int64_t n) {
    if (n == 1)
      return cst(0);
    if (n == g.batch)
      return bi;
    return arith::RemUIOp::create(b, loc, bi, cst(n));
  }

  /// Loads `lanes` valid elements of the 1-d `mem` from `idx` (masked if
  /// short).
  Value loadRow(Value mem, Value idx, int64_t lanes) {
    auto type = VectorType::get({g.vl}, elementOf(mem));
    if (lanes == g.vl)
      return vector::LoadOp::create(b, loc, type, mem, ValueRange{idx});
    Value pass = vectorConstant(type, b.getZeroAttr(elementOf(mem)));
    return vector::MaskedLoadOp::create(b, loc, type, mem, ValueRange{idx},
                                        mask(g.vl, lanes), pass);
  }

  /// One MR x (lanes) tile: the reduction loop and the epilogue.
  void emitTile(Value bi, Value oh, Value ow0, std::optional<int64_t> ow0Static,
                int64_t lanes, Value panel, int64_t rows) {
    int64_t nv = (lanes + g.vl - 1) / g.vl;
    int64_t fullPairs = g.paired() / g.group();
    SmallVector<Value> acc(rows * nv, vectorConstant(accType, b.getI32IntegerAttr(0)));
    if (fullPairs > 0) {
      auto loop = scf::ForOp::create(b, loc, cst(0), cst(fullPairs), cst(1), acc);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      SmallVector<Value> next =
          reductionStep(SmallVector<Value>(loop.getRegionIterArgs()), loop.getInductionVar(),
                        false, bi, oh, ow0, ow0Static, nv, panel, rows);
      scf::YieldOp::create(b, loc, next);
      acc = SmallVector<Value>(loop.getResults());
    }
    if (int64_t rest = g.paired() % g.group())
      acc = reductionStep(acc, cst(fullPairs), true, bi, oh, ow0, ow0Static, nv, panel, rows,
                          rest);
    emitEpilogue(acc, bi, oh, ow0, lanes, panel, rows, nv);
  }

  void emitEpilogue(ArrayRef<Value> acc, Value bi, Value oh, Value ow0, int64_t lanes,
                    Value panel, int64_t rows, int64_t nv) {
    Value scale = op.getScale();
    bool perColumn = op.getBiasDim() == 1;
    bool scalePerIndex = scale && shapeOf(scale)[0] > 1;
    auto f32Type = VectorType::get({g.vl}, b.getF32Type());
    bool uns = initUnsigned;
    auto splat = [&](float v) { return vectorConstant(f32Type, b.getF32FloatAttr(v)); };
    Value m0 = mul(panel, g.mr);
    for (int64_t r = 0; r < rows; ++r) {
      Value m = add(m0, r);
      // The bias and scale index of this row: m, or the batch's.
      Value index = op.getBiasDim() == 2 ? batchIndex(bi, shapeOf(op.getBias())[0]) : m;
      Value rowBias, rowScale;
      if (!perColumn)
        rowBias = vector::BroadcastOp::create(
            b, loc, accType, memref::LoadOp::create(b, loc, op.getBias(), ValueRange{index}));
      if (scale && (!perColumn || !scalePerIndex))
        rowScale = vector::BroadcastOp::create(
            b, loc, f32Type,
            memref::LoadOp::create(b, loc, scale, ValueRange{scalePerIndex ? index : cst(0)}));
      for (int64_t v = 0; v < nv; ++v) {
        int64_t valid = std::min(g.vl, lanes - v * g.vl);
        Value col = add(ow0, v * g.vl);
        Value val = arith::AddIOp::create(
            b, loc, acc[r * nv + v], rowBias ? rowBias : loadRow(op.getBias(), col, valid));
        if (scale) {
          Value f = arith::SIToFPOp::create(b, loc, f32Type, val);
          f = arith::MulFOp::create(b, loc, f, rowScale ? rowScale : loadRow(scale, col, valid));
          Value zp = splat((float)(int64_t)op.getZeroPoint());
          f = arith::AddFOp::create(b, loc, math::RoundEvenOp::create(b, loc, f), zp);
          Value lo = op.getRelu() ? zp : splat(uns ? 0.0f : -128.0f);
          f = arith::MinNumFOp::create(b, loc, arith::MaxNumFOp::create(b, loc, f, lo),
                                       splat(uns ? 255.0f : 127.0f));
          val = arith::FPToSIOp::create(b, loc, accType, f);
          val = arith::TruncIOp::create(b, loc, VectorType::get({g.vl}, b.getI8Type()), val);
        }
        SmallVector<Value> out = {bi, m, oh, col};
        if (valid == g.vl)
          vector::StoreOp::create(b, loc, val, initMem, out);
        else
          vector::MaskedStoreOp::create(b, loc, initMem, out, mask(g.vl, valid), val);
      }
    }
  }

  OpBuilder &b;
  OpBuilder hoist;
  DenseMap<int64_t, Value> indexConstants;
  DenseMap<std::pair<Type, Attribute>, Value> vectorConstants;
  DenseMap<std::pair<int64_t, int64_t>, Value> masks;
  Location loc;
  PackedMatmulIntegerOp op;
  const Geometry &g;
  VectorType accType, pairType;
  Value xMem, aMem, initMem; // signless views of x, a and init
  bool xUnsigned = false, aUnsigned = false, initUnsigned = false;
};

struct ConvertPackedMatmulIntegerToVectorPass
    : mlir::aicc::impl::ConvertPackedMatmulIntegerToVectorBase<
          ConvertPackedMatmulIntegerToVectorPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<PackedMatmulIntegerOp> ops;
    getOperation().walk([&](PackedMatmulIntegerOp op) { ops.push_back(op); });
    for (PackedMatmulIntegerOp op : ops) {
      if (op.getNumResults() != 0) {
        op.emitOpError("must be bufferized before convert-packed-matmul-integer-to-vector");
        return signalPassFailure();
      }
      ArrayRef<int64_t> c = shapeOf(op.getInit()), x = shapeOf(op.getX()),
                        a = shapeOf(op.getA());
      bool packedA = op.getPackedA();
      bool quads = packedA && cast<MemRefType>(op.getA().getType()).getElementType().isInteger(8);
      Geometry g{c[0], c[1], c[2], c[3],
                 packedA ? x[0] : 1, packedA ? x[1] : 0, packedA ? x[2] : 1,
                 packedA ? x[3] : 0,
                 op.getWindow()[0], op.getWindow()[1], op.getStrides()[0],
                 op.getStrides()[1], op.getDilations()[0], op.getDilations()[1],
                 op.getTile()[0], op.getTile()[1],
                 std::min<int64_t>(vectorBits / 32, op.getTile()[1]),
                 a.size() == 4 || !packedA ? a[0] : 1, packedA ? 0 : a[2], packedA, quads};
      if (quads && g.vl != 4 && g.vl != 8 && g.vl != 16) {
        op.emitOpError("i8 (channel quad) weights need 128-, 256- or 512-bit vectors");
        return signalPassFailure();
      }
      if (g.vl < 1 || g.nr % g.vl != 0) {
        op.emitOpError("tile width ") << g.nr << " is not a multiple of the "
                                      << vectorBits << "-bit vector";
        return signalPassFailure();
      }
      OpBuilder b(op);
      IntegerKernelEmitter(b, op, g).emit();
      op.erase();
    }
  }
};

} // namespace
