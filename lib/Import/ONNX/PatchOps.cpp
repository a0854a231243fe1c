//===- PatchOps.cpp - Col2Im as a transposed convolution ------------------===//
//
// Col2Im folds columns of blocks [N, C * prod(block), L] back into an image
// [N, C, image...], summing overlaps. That is a ConvTranspose of the column
// grid [N, C * prod(block), L_1, ..., L_r] with a constant one-hot weight
// (input channel c * prod(block) + b feeds output channel c at kernel offset
// b), so it reuses ConvTranspose's lowering.
//
// `image_shape` and `block_shape` decide the result's shape. When they are
// graph inputs, the image comes from the declared output shape and the block
// from the sizes: every block of prod(block) = (C * prod(block)) / C
// elements whose number of positions is L is built, the run-time
// `block_shape` selects one, and both inputs are checked when the model runs.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// Most candidate block shapes a run-time `block_shape` may select among.
static constexpr size_t kMaxBlockCandidates = 16;

namespace {
struct Col2ImGeometry {
  SmallVector<int64_t> image, strides, dilations, pads;
  int64_t channels, blockElems, positions;

  /// Block positions along dim i for a block extent `b`.
  int64_t positionsAlong(size_t i, int64_t b) const {
    int64_t r = image.size();
    int64_t span = image[i] + pads[i] + pads[i + r] - (dilations[i] * (b - 1) + 1);
    return span < 0 ? 0 : span / strides[i] + 1;
  }
};
} // namespace

/// Every block shape of `g.blockElems` elements with `g.positions` positions.
static void blockCandidates(const Col2ImGeometry &g, size_t dim, int64_t elems,
                            int64_t positions, SmallVector<int64_t> &prefix,
                            SmallVector<SmallVector<int64_t>> &out) {
  if (out.size() > kMaxBlockCandidates)
    return;
  if (dim == g.image.size()) {
    if (elems == 1 && positions == 1)
      out.push_back(prefix);
    return;
  }
  for (int64_t b = 1; b <= elems; ++b) {
    int64_t along = g.positionsAlong(dim, b);
    if (elems % b || along == 0 || positions % along)
      continue;
    prefix.push_back(b);
    blockCandidates(g, dim + 1, elems / b, positions / along, prefix, out);
    prefix.pop_back();
  }
}

/// Col2Im for one block shape.
static FailureOr<Value> col2im(ImportContext &ic, Value x, const Col2ImGeometry &g,
                               ArrayRef<int64_t> block) {
  int64_t r = g.image.size(), c = g.channels, p = g.blockElems;
  ArrayRef<int64_t> xs = shapeOf(x);
  SmallVector<int64_t> grid{xs[0], xs[1]};
  for (int64_t i = 0; i < r; ++i)
    grid.push_back(g.positionsAlong(i, block[i]));
  // The one-hot weight [C * P, C, block...]: element (c * P + b, c, b).
  SmallVector<int64_t> wShape{c * p, c};
  wShape.append(block.begin(), block.end());
  SmallVector<float> w(c * p * c * p, 0.0f);
  for (int64_t ch = 0; ch < c; ++ch)
    for (int64_t b = 0; b < p; ++b)
      w[((ch * p + b) * c + ch) * p + b] = 1.0f;
  Type f32 = Float32Type::get(ic.getContext());
  DecompositionBuilder d(ic);
  DecompositionBuilder::V weight =
      ic.constant(DenseElementsAttr::get(RankedTensorType::get(wShape, f32), ArrayRef<float>(w)));
  if (elementTypeOf(x) != f32)
    weight = d.cast(weight, elementTypeOf(x));
  DecompositionBuilder::V cols = d.reshape(x, grid);
  if (failed(weight) || failed(cols))
    return failure();
  ConvTransposeParams params;
  params.strides = g.strides;
  params.dilations = g.dilations;
  params.pads = g.pads;
  params.outputPadding.assign(r, 0);
  params.outputShape = g.image;
  return buildConvTranspose(ic, *cols, *weight, Value(), params);
}

static LogicalResult importCol2Im(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), imageIn = ic.input(1), blockIn = ic.input(2);
  if (failed(x) || failed(imageIn) || failed(blockIn))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*x);
  ArrayRef<int64_t> is = shapeOf(*imageIn);
  if (xs.size() != 3 || ShapedType::isDynamicShape(xs))
    return ic.emitError() << "expects a static input of shape [N, C * prod(block_shape), L]";
  if (is.size() != 1 || ShapedType::isDynamic(is[0]) || is[0] < 1 ||
      shapeOf(*blockIn) != is)
    return ic.emitError() << "expects 1-D 'image_shape' and 'block_shape' of one static length";
  int64_t r = is[0];
  Col2ImGeometry g;
  auto get = [&](StringRef name, int64_t n, int64_t dflt) {
    return ic.getInts(name).value_or(SmallVector<int64_t>(n, dflt));
  };
  g.strides = get("strides", r, 1);
  g.dilations = get("dilations", r, 1);
  g.pads = get("pads", 2 * r, 0);
  if ((int64_t)g.strides.size() != r || (int64_t)g.dilations.size() != r ||
      (int64_t)g.pads.size() != 2 * r ||
      llvm::any_of(g.strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(g.dilations, [](int64_t s) { return s < 1; }))
    return ic.emitError() << "'strides', 'dilations' and 'pads' must match " << r
                          << " image dims, with positive strides and dilations";
  g.positions = xs[2];

  std::optional<SmallVector<int64_t>> image = ic.getConstInts(1), block = ic.getConstInts(2);
  RankedTensorType declared = ic.declaredResultType(0);
  bool haveDeclared = declared && declared.hasStaticShape() && declared.getRank() == r + 2;
  if (!image) {
    if (!haveDeclared)
      return ic.emitError() << "'image_shape' is known only at run time and the model "
                               "declares no static output shape; make it a constant";
    image = SmallVector<int64_t>(declared.getShape().drop_front(2));
  }
  g.image = *image;
  if (block) {
    g.blockElems = 1;
    for (int64_t b : *block)
      g.blockElems *= b;
    if (g.blockElems < 1 || xs[1] % g.blockElems)
      return ic.emitError() << "the input's dim 1 (" << xs[1]
                            << ") is not a multiple of prod(block_shape)";
    g.channels = xs[1] / g.blockElems;
  } else {
    if (!haveDeclared)
      return ic.emitError() << "'block_shape' is known only at run time and the model "
                               "declares no static output shape; make it a constant";
    g.channels = declared.getDimSize(1);
    if (g.channels < 1 || xs[1] % g.channels)
      return ic.emitError() << "the input's dim 1 (" << xs[1]
                            << ") is not a multiple of the declared channels";
    g.blockElems = xs[1] / g.channels;
  }
  SmallVector<SmallVector<int64_t>> candidates;
  if (block) {
    candidates.push_back(*block);
  } else {
    SmallVector<int64_t> prefix;
    blockCandidates(g, 0, g.blockElems, g.positions, prefix, candidates);
    if (candidates.empty())
      return ic.emitError() << "no block shape of " << g.blockElems << " elements gives "
                            << g.positions << " block positions for this image";
    if (candidates.size() > kMaxBlockCandidates)
      return ic.emitError() << "'block_shape' is known only at run time and more than "
                            << kMaxBlockCandidates << " block shapes fit; make it a constant";
  }
  FailureOr<Value> result = failure();
  Value matched;
  DecompositionBuilder d(ic);
  for (const SmallVector<int64_t> &cand : candidates) {
    int64_t positions = 1;
    for (int64_t i = 0; i < r; ++i)
      positions *= g.positionsAlong(i, cand[i]);
    if (positions != g.positions)
      return ic.emitError() << "the block shape gives " << positions
                            << " block positions, the input has " << g.positions;
    FailureOr<Value> y = col2im(ic, *x, g, cand);
    if (failed(y))
      return failure();
    if (block) {
      result = y;
      break;
    }
    FailureOr<Value> is = allEqualConst(ic, *blockIn, cand);
    if (failed(is))
      return failure();
    result = matched ? d.select(*is, *y, *result) : y;
    FailureOr<Value> any = matched ? d.logicalOr(matched, *is) : *is;
    if (failed(any))
      return failure();
    matched = *any;
  }
  if (failed(result))
    return failure();
  if (matched && failed(result = checked(ic, matched, *result,
                                         "'block_shape' of Col2Im does not fit the input and "
                                         "the declared output shape")))
    return failure();
  if (ic.isRuntimeInput(1)) {
    FailureOr<Value> ok = allEqualConst(ic, *imageIn, g.image);
    if (failed(ok) || failed(result = checked(ic, *ok, *result,
                                              "'image_shape' of Col2Im is not the declared "
                                              "output's image shape")))
      return failure();
  }
  ic.setResult(0, *result);
  return success();
}

void mlir::aicc::onnx_import::registerPatchOps(OpRegistry &r) {
  r["Col2Im"] = importCol2Im;
}
