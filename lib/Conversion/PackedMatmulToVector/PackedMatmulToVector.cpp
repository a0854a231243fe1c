//===- PackedMatmulToVector.cpp - the convert-packed-matmul-to-vector pass ---===//
//
// Expands each aicc.packed_matmul on memrefs into a register-tiled loop nest
// of vector ops: for every batch, output row and tile of NR output columns,
// for every panel of MR result rows, MR x NV accumulators stay in registers
// while the reduction walks input channels (window taps unrolled); each step
// loads NV vectors of the input row and broadcasts MR weights. Partial tiles
// (the last columns of a row, the last rows of M) are emitted as separate
// static variants with masked loads and stores, so the main loops have no
// bounds checks.
//
// Stride-1 windows whose rows would end in partial tiles walk the image as
// one flat row instead ("flat rows"): output position p = oh * IW + ow over
// the padded input's row pitch IW, tap (i, j) at x_flat[p + i*dh*IW + j*dw].
// The IW - OW positions past each row's end are computed and dropped; a
// tile's stores split at row ends with masks. 56-wide rows then run in full
// 16-wide tiles, and 7-wide ones in 6 x 16 tiles instead of broadcast-bound
// 12 x 8 ones (aicc-form-matmul-kernels picks the tile expecting this).
//
// A last column tile of at most 4 columns (49 = 3 x 16 + 1 on 7x7 images)
// is computed column by column as "column products": the weights' MR rows of
// a reduction step are one vector, x's element is broadcast, 8 panels at a
// time, and the epilogue stores scalars.
//
//===----------------------------------------------------------------------===//
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include <numeric>

namespace mlir::aicc {
#define GEN_PASS_DEF_CONVERTPACKEDMATMULTOVECTOR
#include "aicc/Conversion/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// Static description of one kernel instance.
struct Geometry {
  int64_t batch, m, oh, ow;         // result [B, M, OH, OW]
  int64_t xBatch, cin, ih, iw;      // x [Bx, C, IH, IW]
  int64_t kh, kw, sh, sw, dh, dw;   // window, strides, dilations
  int64_t mr, nr, vl;               // register tile, lanes per vector
  int64_t aBatch;                   // plain a: 1 or B
  int64_t phases;                   // column_phases
  // Flat rows (pitch > 0): the image is one row of IH*IW; ow runs over
  // (OH-1)*pitch + outW positions, tap j is window position (j / winW,
  // j % winW) with dilations (winDh, winDw).
  int64_t pitch = 0, outW = 0, winW = 1, winDh = 1, winDw = 1;

  /// Column step between consecutive outputs in x's row.
  int64_t colStep() const { return phases > 1 ? 1 : sw; }
  /// Column of tap j (window column) relative to the first output's.
  int64_t tapCol(int64_t j) const {
    if (pitch)
      return j / winW * winDh * pitch + j % winW * winDw;
    if (phases == 1)
      return j * dw;
    int64_t q = iw / phases;
    return (j * dw) % phases * q + (j * dw) / phases;
  }
  int64_t maxTapCol() const {
    int64_t m = 0;
    for (int64_t j = 0; j < kw; ++j)
      m = std::max(m, tapCol(j));
    return m;
  }
};

/// Emits the loop nest of one op; all positions are index Values, the
/// static ones as constants.
class KernelEmitter {
public:
  KernelEmitter(OpBuilder &b, PackedMatmulOp op, const Geometry &g)
      : b(b), hoist(op->getBlock(), op->getBlock()->begin()), loc(op.getLoc()), op(op),
        g(g), vecType(VectorType::get({g.vl}, b.getF32Type())), xMem(op.getX()),
        outMem(op.getInit()), resMem(op.getResidual()) {
    // Later constants go before this first one, so before the loop nest.
    hoist.setInsertionPoint(cst(0).getDefiningOp());
    if (g.pitch) {
      // Flat rows: x, the result and the residual as [B, C, H*W].
      auto collapse = [&](Value v) -> Value {
        if (!v)
          return v;
        SmallVector<ReassociationIndices> groups = {{0}, {1}, {2, 3}};
        return memref::CollapseShapeOp::create(b, loc, v, groups);
      };
      xMem = collapse(xMem);
      outMem = collapse(outMem);
      resMem = collapse(resMem);
    }
  }

  void emit() {
    if (op.getPanelsOuter())
      return emitPanelsOuter();
    // Work items for the runtime's threads (aicc-outline-parallel-loops):
    // output rows, or groups of column tiles when there are few rows, each
    // split further into chunks of panels when there are still few items.
    // An item owns its outputs, so the split does not change any result.
    int64_t rows = g.batch * g.oh, tiles = (g.ow + g.nr - 1) / g.nr;
    int64_t safe = safeColumnTiles();
    bool byRows = rows >= kTargetItems || rows >= tiles;
    int64_t groups = byRows ? 0 : std::min(safe, kTargetItems);
    int64_t outerItems = byRows ? rows : groups + (safe < tiles ? 1 : 0);
    int64_t fullPanels = g.m / g.mr;
    int64_t chunks = std::clamp<int64_t>((kTargetItems + outerItems - 1) / outerItems, 1,
                                         std::max<int64_t>(fullPanels, 1));
    auto items = scf::ParallelOp::create(b, loc, ValueRange{cst(0)},
                                         ValueRange{cst(outerItems * chunks)},
                                         ValueRange{cst(1)});
    b.setInsertionPointToStart(items.getBody());
    Value w = items.getInductionVars()[0];
    Value outer = chunks == 1 ? w : arith::DivUIOp::create(b, loc, w, cst(chunks)).getResult();
    Value chunk = chunks == 1 ? cst(0) : arith::RemUIOp::create(b, loc, w, cst(chunks)).getResult();
    PanelRange panels = panelRange(chunk, chunks);
    auto tile = [&](Value bi, Value oh) {
      return [=, this](Value ow0, std::optional<int64_t> ow0Static, int64_t lanes) {
        if (ow0Static && narrowTail(lanes)) {
          for (int64_t l = 0; l < lanes; ++l)
            emitColumn(bi, oh, *ow0Static + l, panels);
          return;
        }
        forEachPanel(panels, [&](Value panel, int64_t rows) {
          emitTile(bi, oh, ow0, ow0Static, lanes, panel, rows);
        });
      };
    };
    // Within an item: rows, then column tiles, then panels: one column tile
    // of x (all channels and taps) stays in L1/L2 while every panel of `a`
    // streams by. Walking panels outermost when `a` is larger than x
    // measured slower on ResNet-50's layers (bench/conv_layers.py: 1x1
    // 1024->256 on 14x14 1.16 -> 1.66 ms).
    if (byRows) {
      Value bi = g.batch == 1 ? cst(0) : g.oh == 1 ? outer : div(outer, g.oh);
      Value oh = g.oh == 1 ? cst(0) : g.batch == 1 ? outer : rem(outer, g.oh);
      forEachColumnTile(safe, safe, tile(bi, oh));
    } else {
      auto groupTiles = [&](ColumnFnRef fn) {
        // Group `outer` of the `safe` full tiles, or (the last item) the
        // partial tiles.
        if (groups == 0)
          return forEachColumnTile(0, 0, fn);
        Value inGroups = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, outer,
                                               cst(groups));
        bool rest = safe < tiles;
        auto branch = scf::IfOp::create(b, loc, inGroups, rest);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(branch.thenBlock());
        Value first = div(mul(outer, safe), groups);
        Value last = div(mul(add(outer, 1), safe), groups);
        columnTileLoop(mul(first, g.nr), mul(last, g.nr), fn);
        if (rest) {
          b.setInsertionPointToStart(branch.elseBlock());
          forEachColumnTile(0, safe, fn);
        }
      };
      groupTiles([&](Value ow0, std::optional<int64_t> ow0Static, int64_t lanes) {
        forEachRow([&](Value bi, Value oh) { tile(bi, oh)(ow0, ow0Static, lanes); });
      });
    }
    b.setInsertionPointAfter(items);
  }

private:
  /// `panels_outer`: one work item per panel of MR rows (the partial panel
  /// last); within it every batch, row and column tile, so each panel of
  /// `a` is read from memory once.
  void emitPanelsOuter() {
    int64_t full = g.m / g.mr, partialRows = g.m % g.mr;
    int64_t safe = safeColumnTiles();
    int64_t tiles = (g.ow + g.nr - 1) / g.nr, lastLanes = g.ow - (tiles - 1) * g.nr;
    if (tiles - 1 == safe && narrowTail(lastLanes))
      return emitPanelGroupsOuter(safe, lastLanes);
    auto items = scf::ParallelOp::create(b, loc, ValueRange{cst(0)},
                                         ValueRange{cst(full + (partialRows ? 1 : 0))},
                                         ValueRange{cst(1)});
    b.setInsertionPointToStart(items.getBody());
    Value p = items.getInductionVars()[0];
    auto panel = [&](Value index, int64_t rows) {
      forEachRow([&](Value bi, Value oh) {
        forEachColumnTile(safe, safe, [&](Value ow0, std::optional<int64_t> st, int64_t lanes) {
          emitTile(bi, oh, ow0, st, lanes, index, rows);
        });
      });
    };
    if (!partialRows) {
      panel(p, g.mr);
    } else if (full == 0) {
      panel(cst(0), partialRows);
    } else {
      Value isFull = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, p, cst(full));
      auto branch = scf::IfOp::create(b, loc, isFull, /*withElse=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      panel(p, g.mr);
      b.setInsertionPointToStart(branch.elseBlock());
      panel(cst(full), partialRows);
    }
    b.setInsertionPointAfter(items);
  }

  /// `panels_outer` with a narrow last column tile: one work item per
  /// kColumnPanels panels; each panel's full tiles, then the group's tail
  /// columns as column products (emitColumn).
  void emitPanelGroupsOuter(int64_t safe, int64_t tailLanes) {
    int64_t full = g.m / g.mr, total = full + (g.m % g.mr ? 1 : 0);
    int64_t groups = (total + kColumnPanels - 1) / kColumnPanels;
    auto items = scf::ParallelOp::create(b, loc, ValueRange{cst(0)}, ValueRange{cst(groups)},
                                         ValueRange{cst(1)});
    b.setInsertionPointToStart(items.getBody());
    Value p0 = mul(items.getInductionVars()[0], kColumnPanels);
    Value end = arith::MinUIOp::create(b, loc, add(p0, kColumnPanels), cst(full));
    Value partial;
    if (g.m % g.mr)
      partial = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                      items.getInductionVars()[0], cst(groups - 1));
    PanelRange range{p0, end, partial};
    forEachPanel(range, [&](Value panel, int64_t rows) {
      forEachRow([&](Value bi, Value oh) {
        columnTileLoop(cst(0), cst(safe * g.nr), [&](Value ow0, std::optional<int64_t> st,
                                                     int64_t lanes) {
          emitTile(bi, oh, ow0, st, lanes, panel, rows);
        });
      });
    });
    forEachRow([&](Value bi, Value oh) {
      for (int64_t l = 0; l < tailLanes; ++l)
        emitColumn(bi, oh, safe * g.nr + l, range);
    });
    b.setInsertionPointAfter(items);
  }

  /// Constants are created once, at the start of the block.
  Value cst(int64_t v) {
    Value &c = indexConstants[v];
    if (!c)
      c = arith::ConstantIndexOp::create(hoist, loc, v);
    return c;
  }
  /// A splat of `value` (a scalar attribute) or `value` itself (elements).
  Value vectorConstant(VectorType type, Attribute value) {
    Value &c = vectorConstants[{type, value}];
    if (!c) {
      auto elements = dyn_cast<DenseElementsAttr>(value);
      c = arith::ConstantOp::create(hoist, loc, type,
                                    elements ? elements : DenseElementsAttr::get(type, value));
    }
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

  using ColumnFnRef = llvm::function_ref<void(Value, std::optional<int64_t>, int64_t)>;
  using PanelFn = llvm::function_ref<void(Value, int64_t)>;

  /// Enough work items to keep up to 8 threads busy with little imbalance.
  static constexpr int64_t kTargetItems = 16;

  Value div(Value a, int64_t c) {
    return c == 1 ? a : arith::DivUIOp::create(b, loc, a, cst(c)).getResult();
  }
  Value rem(Value a, int64_t c) {
    return arith::RemUIOp::create(b, loc, a, cst(c)).getResult();
  }

  /// Batches and output rows: two loops.
  void forEachRow(llvm::function_ref<void(Value, Value)> fn) {
    auto batchLoop = scf::ForOp::create(b, loc, cst(0), cst(g.batch), cst(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(batchLoop.getBody());
    auto rowLoop = scf::ForOp::create(b, loc, cst(0), cst(g.oh), cst(1));
    b.setInsertionPointToStart(rowLoop.getBody());
    fn(batchLoop.getInductionVar(), rowLoop.getInductionVar());
  }

  /// Leading full column tiles that read only inside the input row for
  /// every tap: they run in a loop without masks.
  int64_t safeColumnTiles() {
    int64_t tiles = (g.ow + g.nr - 1) / g.nr, safe = 0;
    while (safe < tiles && (safe + 1) * g.nr <= g.ow &&
           (op.getPackedX() ||
            safe * g.nr * g.colStep() + g.maxTapCol() + g.nr * g.colStep() <= g.iw))
      ++safe;
    return safe;
  }

  /// Full tiles from column `first` to `last` (exclusive), in a loop.
  void columnTileLoop(Value first, Value last, ColumnFnRef fn) {
    auto loop = scf::ForOp::create(b, loc, first, last, cst(g.nr));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    fn(loop.getInductionVar(), std::nullopt, g.nr);
  }

  /// The first `loopTiles` (at most `safe`) full tiles in a loop, then the
  /// tiles from `safe` on as static variants. `fn` gets the first column
  /// (and its value when static) and the number of valid columns.
  void forEachColumnTile(int64_t loopTiles, int64_t safe, ColumnFnRef fn) {
    int64_t tiles = (g.ow + g.nr - 1) / g.nr;
    if (loopTiles > 0)
      columnTileLoop(cst(0), cst(loopTiles * g.nr), fn);
    for (int64_t t = safe; t < tiles; ++t)
      fn(cst(t * g.nr), t * g.nr, std::min(g.nr, g.ow - t * g.nr));
  }

  /// The panels of one chunk: full panels [begin, end), and the partial
  /// last panel when `partial` (a runtime condition) holds.
  struct PanelRange {
    Value begin, end, partial;
  };
  PanelRange panelRange(Value chunk, int64_t chunks) {
    int64_t full = g.m / g.mr;
    if (chunks == 1)
      return {cst(0), cst(full), Value()};
    Value begin = div(mul(chunk, full), chunks);
    Value end = div(mul(add(chunk, 1), full), chunks);
    Value last = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, chunk,
                                       cst(chunks - 1));
    return {begin, end, last};
  }

  /// Panels of MR result rows: a loop over the full ones, then the rest.
  void forEachPanel(const PanelRange &range, PanelFn fn) {
    int64_t full = g.m / g.mr;
    if (full > 0) {
      auto loop = scf::ForOp::create(b, loc, range.begin, range.end, cst(1));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      fn(loop.getInductionVar(), g.mr);
    }
    if (g.m % g.mr == 0)
      return;
    if (!range.partial)
      return fn(cst(full), g.m % g.mr);
    auto branch = scf::IfOp::create(b, loc, range.partial, /*withElse=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    fn(cst(full), g.m % g.mr);
  }

  /// A vector of x's row starting at column `iw` (static offset `iwStatic`
  /// when the tile is static), gathering every sw-th element.
  Value loadX(Value xb, Value c, Value ih, Value iw, std::optional<int64_t> iwStatic) {
    Value x = xMem;
    int64_t step = g.colStep(), span = g.vl * step;
    Type et = elementType(x);
    auto spanType = VectorType::get({span}, et);
    SmallVector<Value> idx = {xb, c, ih, iw};
    if (g.pitch)
      idx = {xb, c, iw};
    Value v;
    if (!iwStatic || *iwStatic + span <= g.iw) {
      v = vector::LoadOp::create(b, loc, spanType, x, idx);
    } else {
      Value zero = vectorConstant(spanType, b.getFloatAttr(et, 0.0));
      v = vector::MaskedLoadOp::create(b, loc, spanType, x, idx, mask(span, g.iw - *iwStatic),
                                       zero);
    }
    v = widen(v);
    if (step == 1)
      return v;
    SmallVector<int64_t> lanes;
    for (int64_t l = 0; l < g.vl; ++l)
      lanes.push_back(l * step);
    return vector::ShuffleOp::create(b, loc, v, v, lanes);
  }

  Value loadA(Value ab, Value panel, Value k, int64_t row) {
    if (op.getPackedA())
      return widen(memref::LoadOp::create(b, loc, op.getA(), ValueRange{panel, k, cst(row)}));
    Value m = add(mul(panel, g.mr), row);
    return widen(memref::LoadOp::create(b, loc, op.getA(), ValueRange{ab, m, k}));
  }

  static Type elementType(Value mem) { return cast<MemRefType>(mem.getType()).getElementType(); }

  /// bf16 weights (-precision=bf16) widened to f32 as they are loaded; with
  /// arith-expand's bf16 rules this is a shift left by 16 bits.
  Value widen(Value v) {
    Type et = getElementTypeOrSelf(v.getType());
    if (et.isF32())
      return v;
    Type f32 = b.getF32Type();
    if (auto vt = dyn_cast<VectorType>(v.getType()))
      return arith::ExtFOp::create(b, loc, vt.clone(f32), v);
    return arith::ExtFOp::create(b, loc, f32, v);
  }

  /// Loads `lanes` valid f32 from `mem[idx]` into a vector (masked if short).
  Value loadRow(Value mem, ValueRange idx, int64_t lanes) {
    if (lanes == g.vl)
      return vector::LoadOp::create(b, loc, vecType, mem, idx);
    return vector::MaskedLoadOp::create(b, loc, vecType, mem, idx, mask(g.vl, lanes),
                                        zeroVector());
  }

  Value zeroVector() { return splat(0.0f); }
  Value splat(float v) { return vectorConstant(vecType, b.getF32FloatAttr(v)); }

  /// One MR x (lanes) tile: the reduction loop and the epilogue.
  void emitTile(Value bi, Value oh, Value ow0, std::optional<int64_t> ow0Static,
                int64_t lanes, Value panel, int64_t rows) {
    int64_t nv = (lanes + g.vl - 1) / g.vl;
    Value xb = g.xBatch == 1 ? cst(0) : bi;
    if (op.getPackedX()) {
      // Packed x: the panel of this column tile; columns count from its start.
      xb = ow0Static ? cst(*ow0Static / g.nr)
                     : arith::DivUIOp::create(b, loc, ow0, cst(g.nr)).getResult();
    }
    Value ab = g.aBatch == 1 ? cst(0) : bi;
    SmallVector<Value> init(rows * nv, zeroVector());
    auto cLoop = scf::ForOp::create(b, loc, cst(0), cst(g.cin), cst(1), init);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(cLoop.getBody());
      Value c = cLoop.getInductionVar();
      SmallVector<Value> acc(cLoop.getRegionIterArgs());
      Value kBase = mul(c, g.kh * g.kw);
      Value ihBase = mul(oh, g.sh);
      Value iwBase = op.getPackedX() ? cst(0) : mul(ow0, g.colStep());
      for (int64_t i = 0; i < g.kh; ++i) {
        Value ih = add(ihBase, i * g.dh);
        for (int64_t j = 0; j < g.kw; ++j) {
          Value k = add(kBase, i * g.kw + j);
          SmallVector<Value> xv;
          for (int64_t v = 0; v < nv; ++v) {
            int64_t off = g.tapCol(j) + v * g.vl * g.colStep();
            std::optional<int64_t> st;
            if (ow0Static)
              st = op.getPackedX() ? off : *ow0Static * g.colStep() + off;
            xv.push_back(loadX(xb, c, ih, add(iwBase, off), st));
          }
          for (int64_t r = 0; r < rows; ++r) {
            Value a = vector::BroadcastOp::create(b, loc, vecType, loadA(ab, panel, k, r));
            for (int64_t v = 0; v < nv; ++v)
              acc[r * nv + v] = vector::FMAOp::create(b, loc, a, xv[v], acc[r * nv + v]);
          }
        }
      }
      scf::YieldOp::create(b, loc, acc);
    }

    SmallVector<Value> accs(cLoop.getResults());
    if (!g.pitch)
      return emitEpilogue(bi, oh, ow0, Value(), lanes, panel, rows, accs, Store::Rows);
    // Flat rows: a tile inside one output row stores plainly from result
    // position r * OW + c0; one across a row end splits its lanes with
    // masks (masked stores are slow on Zen 3: 56-wide rows lost 3% when
    // every tile took them).
    if (lanes > g.outW) // never inside one row
      return emitEpilogue(bi, oh, ow0, Value(), lanes, panel, rows, accs, Store::FlatPieces);
    Value r = div(ow0, g.pitch);
    Value c0 = arith::SubIOp::create(b, loc, ow0, mul(r, g.pitch));
    Value q0 = arith::AddIOp::create(b, loc, mul(r, g.outW), c0);
    Value inRow = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, add(c0, lanes),
                                        cst(g.outW));
    auto branch = scf::IfOp::create(b, loc, inRow, /*withElse=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    emitEpilogue(bi, oh, ow0, q0, lanes, panel, rows, accs, Store::FlatRun);
    b.setInsertionPointToStart(branch.elseBlock());
    emitEpilogue(bi, oh, ow0, q0, lanes, panel, rows, accs, Store::FlatPieces);
  }

  /// Panels per column product: 8 accumulators cover the FMA latency
  /// (4 cycles, 2 FMAs per cycle) with 8 weight loads and one broadcast per
  /// reduction step.
  static constexpr int64_t kColumnPanels = 8;

  /// A tail of at most 4 columns, as a tile, costs nearly what a full tile
  /// does: per reduction step MR broadcasts and MR FMAs, for 1-4 useful
  /// lanes of each (ResNet-50's and MobileNetV2's 1x1 convolutions on 7x7
  /// images: 49 = 3 x 16 + 1 columns). Each such column is computed as a
  /// column product instead: the packed weights' MR rows of one reduction
  /// step are one vector (packed a is [panels, K, MR]), x's element is
  /// broadcast, and 8 panels run side by side. Needs packed a with MR <= VL
  /// rows, plain rows (no flat rows) and reductions long enough to pay for
  /// the scalar epilogue.
  bool narrowTail(int64_t lanes) {
    return lanes <= 4 && op.getPackedA() && !op.getPackedX() && g.mr <= g.vl && !g.pitch &&
           g.cin * g.kh * g.kw >= 64;
  }

  /// Output column `col` of row `oh` for the panels of `range` (and the
  /// partial last panel where the range has it), kColumnPanels at a time.
  /// Panels past the range load a valid panel and store nothing.
  void emitColumn(Value bi, Value oh, int64_t col, const PanelRange &range) {
    int64_t full = g.m / g.mr;
    Value end = range.end;
    if (g.m % g.mr) {
      // The partial panel (zero-padded rows in the packed a) joins the
      // last range.
      end = range.partial ? arith::SelectOp::create(b, loc, range.partial, cst(full + 1), end)
                                .getResult()
                          : cst(full + 1);
    }
    // Rows at or past `limit` belong to other ranges (or past M).
    Value limit = arith::MinUIOp::create(b, loc, mul(end, g.mr), cst(g.m));
    auto loop = scf::ForOp::create(b, loc, range.begin, end, cst(kColumnPanels));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value p0 = loop.getInductionVar();
    Value lastPanel = arith::SubIOp::create(b, loc, end, cst(1));
    SmallVector<Value> panels;
    for (int64_t i = 0; i < kColumnPanels; ++i)
      panels.push_back(arith::MinUIOp::create(b, loc, add(p0, i), lastPanel));
    Value xb = g.xBatch == 1 ? cst(0) : bi;
    Value rowMask = g.mr == g.vl ? Value() : mask(g.vl, g.mr);
    SmallVector<Value> init(kColumnPanels, zeroVector());
    auto cLoop = scf::ForOp::create(b, loc, cst(0), cst(g.cin), cst(1), init);
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(cLoop.getBody());
      Value c = cLoop.getInductionVar();
      SmallVector<Value> acc(cLoop.getRegionIterArgs());
      Value kBase = mul(c, g.kh * g.kw);
      Value ihBase = mul(oh, g.sh);
      for (int64_t i = 0; i < g.kh; ++i) {
        Value ih = add(ihBase, i * g.dh);
        for (int64_t j = 0; j < g.kw; ++j) {
          Value k = add(kBase, i * g.kw + j);
          Value iw = cst(col * g.colStep() + g.tapCol(j));
          Value xs = memref::LoadOp::create(b, loc, xMem, ValueRange{xb, c, ih, iw});
          Value xv = vector::BroadcastOp::create(b, loc, vecType, xs);
          for (int64_t q = 0; q < kColumnPanels; ++q) {
            SmallVector<Value> idx = {panels[q], k, cst(0)};
            Type et = elementType(op.getA());
            auto wType = vecType.clone(et);
            Value w = rowMask ? vector::MaskedLoadOp::create(
                                    b, loc, wType, op.getA(), idx, rowMask,
                                    vectorConstant(wType, b.getFloatAttr(et, 0.0)))
                                    .getResult()
                              : vector::LoadOp::create(b, loc, wType, op.getA(), idx)
                                    .getResult();
            w = widen(w);
            acc[q] = vector::FMAOp::create(b, loc, w, xv, acc[q]);
          }
        }
      }
      scf::YieldOp::create(b, loc, acc);
    }
    // Scalar epilogue, one loop over the rows [p0 * MR, limit): the
    // accumulators are concatenated (lane q * VL + r is row (p0 + q) * MR + r)
    // and read at a run-time lane. Unrolled per row with a guard each, this
    // was 8 x MR store blocks per column, which doubled MobileNetV2's
    // compile time for a scalar tail that costs little at run time.
    SmallVector<Value> parts(cLoop.getResults());
    while (parts.size() > 1) {
      int64_t n = cast<VectorType>(parts[0].getType()).getNumElements();
      SmallVector<int64_t> both = llvm::to_vector(llvm::seq<int64_t>(0, 2 * n));
      SmallVector<Value> next;
      for (size_t i = 0; i + 1 < parts.size(); i += 2)
        next.push_back(vector::ShuffleOp::create(b, loc, parts[i], parts[i + 1], both));
      parts = std::move(next);
    }
    Value mBegin = mul(p0, g.mr);
    Value mEnd = arith::MinUIOp::create(b, loc, add(mBegin, kColumnPanels * g.mr), limit);
    auto rows = scf::ForOp::create(b, loc, mBegin, mEnd, cst(1));
    b.setInsertionPointToStart(rows.getBody());
    Value m = rows.getInductionVar();
    Value rel = arith::SubIOp::create(b, loc, m, mBegin);
    Value lane = rel;
    if (g.mr != g.vl)
      lane = arith::AddIOp::create(b, loc, mul(arith::DivUIOp::create(b, loc, rel, cst(g.mr)), g.vl),
                                   arith::RemUIOp::create(b, loc, rel, cst(g.mr)));
    Value val = vector::ExtractOp::create(b, loc, parts[0], OpFoldResult(lane));
    Value ow = cst(col);
    if (op.getBias()) {
      Value at = op.getBiasDim() == 0 ? m : op.getBiasDim() == 1 ? ow : bi;
      val = arith::AddFOp::create(b, loc, val, memref::LoadOp::create(b, loc, op.getBias(), at));
    }
    SmallVector<Value> out = {bi, m, oh, ow};
    if (resMem)
      val = arith::AddFOp::create(b, loc, val, memref::LoadOp::create(b, loc, resMem, out));
    val = activateScalar(val);
    memref::StoreOp::create(b, loc, val, outMem, out);
  }

  Value activateScalar(Value val) {
    StringRef act = op.getActivation();
    auto scalar = [&](float v) {
      return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v)).getResult();
    };
    if (act == "relu" || act == "clip")
      val = arith::MaximumFOp::create(
          b, loc, val, scalar(act == "relu" ? 0.0f : op.getClipMin().convertToFloat()));
    if (act == "clip")
      val = arith::MinimumFOp::create(b, loc, val, scalar(op.getClipMax().convertToFloat()));
    return val;
  }

  /// Where the epilogue stores: result rows as they are, or (flat rows) a
  /// contiguous run from result position q0, or lanes split at row ends.
  enum class Store { Rows, FlatRun, FlatPieces };

  /// Bias, residual, activation and store of one tile's accumulators.
  void emitEpilogue(Value bi, Value oh, Value ow0, Value q0, int64_t lanes, Value panel,
                    int64_t rows, ArrayRef<Value> accs, Store mode) {
    int64_t nv = (lanes + g.vl - 1) / g.vl;
    SmallVector<FlatPieces> pieces;
    if (mode == Store::FlatPieces)
      for (int64_t v = 0; v < nv; ++v)
        pieces.push_back(flatPieces(add(ow0, v * g.vl), std::min(g.vl, lanes - v * g.vl)));
    Value m0 = mul(panel, g.mr);
    for (int64_t r = 0; r < rows; ++r) {
      Value m = add(m0, r);
      Value rowBias;
      if (op.getBias() && op.getBiasDim() != 1)
        rowBias = vector::BroadcastOp::create(
            b, loc, vecType,
            memref::LoadOp::create(b, loc, op.getBias(),
                                   ValueRange{op.getBiasDim() == 0 ? m : bi}));
      for (int64_t v = 0; v < nv; ++v) {
        int64_t valid = std::min(g.vl, lanes - v * g.vl);
        Value col = add(ow0, v * g.vl);
        Value val = accs[r * nv + v];
        if (rowBias)
          val = arith::AddFOp::create(b, loc, val, rowBias);
        if (op.getBias() && op.getBiasDim() == 1)
          val = arith::AddFOp::create(b, loc, val, loadRow(op.getBias(), {col}, valid));
        if (mode == Store::FlatPieces) {
          if (resMem)
            val = arith::AddFOp::create(b, loc, val, loadPieces(resMem, bi, m, pieces[v]));
          val = activate(val);
          for (auto [base, mask] : pieces[v])
            vector::MaskedStoreOp::create(b, loc, outMem, ValueRange{bi, m, base}, mask, val);
          continue;
        }
        SmallVector<Value> out = {bi, m, oh, col};
        if (mode == Store::FlatRun)
          out = {bi, m, add(q0, v * g.vl)};
        if (resMem)
          val = arith::AddFOp::create(b, loc, val, loadRow(resMem, out, valid));
        val = activate(val);
        if (valid == g.vl) {
          vector::StoreOp::create(b, loc, val, outMem, out);
        } else {
          vector::MaskedStoreOp::create(b, loc, outMem, out, mask(g.vl, valid), val);
        }
      }
    }
  }

  Value activate(Value val) {
    StringRef act = op.getActivation();
    if (act == "relu" || act == "clip")
      val = arith::MaximumFOp::create(
          b, loc, val, splat(act == "relu" ? 0.0f : op.getClipMin().convertToFloat()));
    if (act == "clip")
      val = arith::MinimumFOp::create(b, loc, val, splat(op.getClipMax().convertToFloat()));
    return val;
  }

  /// Flat rows: where the lanes of the vector at flat position `col` go.
  /// Piece k holds the lanes of output row r + k (r = col / pitch, c0 =
  /// col % pitch): lanes [k*pitch - c0, k*pitch - c0 + OW), stored
  /// contiguously from result position (r + k) * OW, i.e. at base
  /// r*OW + c0 - k*(pitch - OW) (lane-relative; masked-off lanes are not
  /// touched). Lanes from `valid` on are past the last output.
  using FlatPieces = SmallVector<std::pair<Value, Value>, 3>;
  FlatPieces flatPieces(Value col, int64_t valid) {
    auto laneType = VectorType::get({g.vl}, b.getI32Type());
    SmallVector<int32_t> iota(g.vl);
    std::iota(iota.begin(), iota.end(), 0);
    Value lanes = vectorConstant(laneType, DenseElementsAttr::get(laneType, ArrayRef(iota)));
    Value r = div(col, g.pitch);
    Value c0 = arith::SubIOp::create(b, loc, col, mul(r, g.pitch));
    Value q0 = arith::AddIOp::create(b, loc, mul(r, g.outW), c0);
    Value c0Lanes = vector::BroadcastOp::create(
        b, loc, laneType, arith::IndexCastOp::create(b, loc, b.getI32Type(), c0));
    auto laneSplat = [&](int64_t v) {
      return vectorConstant(laneType, b.getI32IntegerAttr(static_cast<int32_t>(v)));
    };
    FlatPieces pieces;
    for (int64_t k = 0, n = (g.vl - 1) / g.pitch + 2; k < n; ++k) {
      // Lanes l with k*pitch <= c0 + l < k*pitch + OW.
      Value at = arith::AddIOp::create(b, loc, lanes, c0Lanes);
      Value mask = arith::AndIOp::create(
          b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, at, laneSplat(k * g.pitch)),
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, at,
                                laneSplat(k * g.pitch + g.outW)));
      if (valid < g.vl)
        mask = arith::AndIOp::create(b, loc, mask, this->mask(g.vl, valid));
      pieces.push_back({arith::SubIOp::create(b, loc, q0, cst(k * (g.pitch - g.outW))), mask});
    }
    return pieces;
  }

  /// The residual's lanes for `pieces`, merged by masked loads.
  Value loadPieces(Value mem, Value bi, Value m, const FlatPieces &pieces) {
    Value v = zeroVector();
    for (auto [base, mask] : pieces)
      v = vector::MaskedLoadOp::create(b, loc, vecType, mem, ValueRange{bi, m, base}, mask, v);
    return v;
  }

  OpBuilder &b;
  OpBuilder hoist;
  DenseMap<int64_t, Value> indexConstants;
  DenseMap<std::pair<Type, Attribute>, Value> vectorConstants;
  DenseMap<std::pair<int64_t, int64_t>, Value> masks;
  Location loc;
  PackedMatmulOp op;
  const Geometry &g;
  VectorType vecType;
  Value xMem, outMem, resMem;
};

/// Reductions shorter than this do not pay for flat rows' split stores
/// (MobileNetV2's depthwise 3x3 on 56x56, 9 steps per tile: 0.35 -> 0.63 ms).
constexpr int64_t kFlatMinReduction = 64;

/// Flat rows pay IW - OW dropped positions per row to avoid partial
/// tiles at every row end: taken for stride-1 windows (unpacked x, whole
/// contiguous buffers, reductions of at least kFlatMinReduction steps) when
/// it needs fewer column tiles than walking rows. aicc-form-matmul-kernels'
/// tile choice counts tiles the same way.
bool walkFlatRows(PackedMatmulOp op, const Geometry &g) {
  if (op.getPackedX() || g.phases != 1 || g.sh != 1 || g.sw != 1 || g.oh < 2 ||
      op.getBiasDim() == 1 || g.cin * g.kh * g.kw < kFlatMinReduction)
    return false;
  for (Value v : {op.getX(), op.getInit(), op.getResidual()})
    if (v && !cast<MemRefType>(v.getType()).getLayout().isIdentity())
      return false;
  // The window must fit the padded row exactly (output width IW - span + 1).
  if (g.iw - (g.kw - 1) * g.dw != g.ow || g.ih - (g.kh - 1) * g.dh < g.oh)
    return false;
  int64_t flat = (g.oh - 1) * g.iw + g.ow;
  return (flat + g.nr - 1) / g.nr < g.oh * ((g.ow + g.nr - 1) / g.nr);
}

Geometry flatGeometry(const Geometry &g) {
  Geometry f = g;
  f.pitch = g.iw;
  f.outW = g.ow;
  f.winW = g.kw;
  f.winDh = g.dh;
  f.winDw = g.dw;
  f.oh = 1;
  f.ow = (g.oh - 1) * g.iw + g.ow;
  f.ih = 1;
  f.iw = g.ih * g.iw;
  f.kh = 1;
  f.kw = g.kh * g.kw;
  f.dh = f.dw = 1;
  return f;
}

struct ConvertPackedMatmulToVectorPass
    : mlir::aicc::impl::ConvertPackedMatmulToVectorBase<ConvertPackedMatmulToVectorPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<PackedMatmulOp> ops;
    getOperation().walk([&](PackedMatmulOp op) { ops.push_back(op); });
    for (PackedMatmulOp op : ops) {
      if (op.getNumResults() != 0) {
        op.emitOpError("must be bufferized before convert-packed-matmul-to-vector");
        return signalPassFailure();
      }
      auto shape = [](Value v) { return cast<MemRefType>(v.getType()).getShape(); };
      ArrayRef<int64_t> c = shape(op.getInit()), x = shape(op.getX());
      Geometry g{c[0], c[1], c[2], c[3], x[0], x[1], x[2], x[3],
                 op.getWindow()[0], op.getWindow()[1], op.getStrides()[0],
                 op.getStrides()[1], op.getDilations()[0], op.getDilations()[1],
                 op.getTile()[0], op.getTile()[1],
                 std::min<int64_t>(vectorBits / 32, op.getTile()[1]),
                 op.getPackedA() ? 1 : shape(op.getA())[0],
                 static_cast<int64_t>(op.getColumnPhases())};
      if (g.vl < 1 || g.nr % g.vl != 0) {
        op.emitOpError("tile width ") << g.nr << " is not a multiple of the "
                                      << vectorBits << "-bit vector";
        return signalPassFailure();
      }
      if (walkFlatRows(op, g))
        g = flatGeometry(g);
      OpBuilder b(op);
      KernelEmitter(b, op, g).emit();
      op.erase();
    }
  }
};

} // namespace
