//===- ConstantEvaluator.cpp - host evaluation of shape subgraphs ---------===//
//
// Exporters compute Reshape targets, Slice bounds and Resize sizes with small
// subgraphs (Shape -> Gather -> Unsqueeze -> Concat ...). With static input
// shapes all of these are known at import time; the op importers call these
// helpers whenever every operand is a small dense constant, so the aicc IR
// only ever sees the resulting constants.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/ShapeUtils.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = (int64_t)shape.size() - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

static bool tooLarge(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    if (d < 0 || __builtin_mul_overflow(n, d, &n) || n > kHostEvalElementLimit)
      return true;
  return false;
}

/// The result of picking elements `src` of `a` into a tensor of `shape`.
static std::optional<DenseElementsAttr> pick(DenseElementsAttr a,
                                             ArrayRef<int64_t> shape,
                                             ArrayRef<int64_t> src) {
  auto type = RankedTensorType::get(shape, a.getElementType());
  if (a.isSplat())
    return DenseElementsAttr::get(type, a.getSplatValue<Attribute>());
  if (a.getNumElements() > kHostEvalElementLimit)
    return std::nullopt;
  SmallVector<Attribute> vals = llvm::to_vector(a.getValues<Attribute>());
  SmallVector<Attribute> out;
  out.reserve(src.size());
  for (int64_t i : src)
    out.push_back(vals[i]);
  return DenseElementsAttr::get(type, out);
}

SmallVector<int64_t> onnx_import::denseToInts(DenseElementsAttr a) {
  SmallVector<int64_t> out;
  Type elt = a.getElementType();
  if (auto it = dyn_cast<IntegerType>(elt)) {
    for (const APInt &v : a.getValues<APInt>())
      out.push_back(it.isUnsigned() || it.getWidth() == 1 ? (int64_t)v.getZExtValue()
                                                          : v.getSExtValue());
    return out;
  }
  for (double v : denseToFloats(a))
    out.push_back((int64_t)v);
  return out;
}

SmallVector<double> onnx_import::denseToFloats(DenseElementsAttr a) {
  SmallVector<double> out;
  if (isa<FloatType>(a.getElementType())) {
    for (APFloat v : a.getValues<APFloat>()) {
      bool lost;
      v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back(v.convertToDouble());
    }
    return out;
  }
  for (int64_t v : denseToInts(a))
    out.push_back((double)v);
  return out;
}

std::optional<DenseElementsAttr>
onnx_import::hostReshape(DenseElementsAttr a, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, a.getElementType());
  if (type.getNumElements() != a.getNumElements())
    return std::nullopt;
  return a.reshape(type);
}

std::optional<DenseElementsAttr>
onnx_import::hostGather(DenseElementsAttr data, DenseElementsAttr indices,
                        int64_t axis) {
  ArrayRef<int64_t> ds = data.getType().getShape();
  if (axis < 0 || axis >= (int64_t)ds.size())
    return std::nullopt;
  SmallVector<int64_t> shape(ds.take_front(axis));
  llvm::append_range(shape, indices.getType().getShape());
  llvm::append_range(shape, ds.drop_front(axis + 1));
  if (tooLarge(shape) || tooLarge(ds))
    return std::nullopt;
  int64_t outer = 1, inner = 1, dim = ds[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= ds[d];
  for (int64_t d = axis + 1; d < (int64_t)ds.size(); ++d)
    inner *= ds[d];
  SmallVector<int64_t> idx = denseToInts(indices), src;
  for (int64_t &j : idx) {
    if (j < -dim || j >= dim)
      return std::nullopt;
    j = j < 0 ? j + dim : j;
  }
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j : idx)
      for (int64_t i = 0; i < inner; ++i)
        src.push_back((o * dim + j) * inner + i);
  return pick(data, shape, src);
}

std::optional<DenseElementsAttr>
onnx_import::hostConcat(ArrayRef<DenseElementsAttr> parts, int64_t axis) {
  if (parts.empty())
    return std::nullopt;
  SmallVector<int64_t> shape(parts[0].getType().getShape());
  if (axis < 0 || axis >= (int64_t)shape.size())
    return std::nullopt;
  shape[axis] = 0;
  for (DenseElementsAttr p : parts) {
    ArrayRef<int64_t> ps = p.getType().getShape();
    if (ps.size() != shape.size() || p.getElementType() != parts[0].getElementType())
      return std::nullopt;
    for (size_t d = 0; d < ps.size(); ++d)
      if ((int64_t)d != axis && ps[d] != shape[d])
        return std::nullopt;
    shape[axis] += ps[axis];
  }
  if (tooLarge(shape))
    return std::nullopt;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t d = axis + 1; d < (int64_t)shape.size(); ++d)
    inner *= shape[d];
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (DenseElementsAttr p : parts) {
      int64_t chunk = p.getType().getDimSize(axis) * inner;
      auto vals = p.getValues<Attribute>();
      for (int64_t k = 0; k < chunk; ++k)
        out.push_back(vals[o * chunk + k]);
    }
  return DenseElementsAttr::get(
      RankedTensorType::get(shape, parts[0].getElementType()), out);
}

std::optional<DenseElementsAttr>
onnx_import::hostSlice(DenseElementsAttr a, ArrayRef<int64_t> starts,
                       ArrayRef<int64_t> steps, ArrayRef<int64_t> resultShape) {
  if (tooLarge(resultShape))
    return std::nullopt;
  SmallVector<int64_t> inStrides = stridesOf(a.getType().getShape());
  SmallVector<int64_t> outStrides = stridesOf(resultShape), src;
  int64_t n = RankedTensorType::get(resultShape, a.getElementType()).getNumElements();
  for (int64_t lin = 0; lin < n; ++lin) {
    int64_t s = 0;
    for (size_t d = 0; d < resultShape.size(); ++d) {
      int64_t i = (lin / outStrides[d]) % resultShape[d];
      s += (starts[d] + i * steps[d]) * inStrides[d];
    }
    src.push_back(s);
  }
  return pick(a, resultShape, src);
}

std::optional<DenseElementsAttr>
onnx_import::hostTranspose(DenseElementsAttr a, ArrayRef<int64_t> perm) {
  ArrayRef<int64_t> in = a.getType().getShape();
  if (perm.size() != in.size() || tooLarge(in))
    return std::nullopt;
  SmallVector<int64_t> shape, inStrides = stridesOf(in), src;
  for (int64_t p : perm)
    shape.push_back(in[p]);
  SmallVector<int64_t> outStrides = stridesOf(shape);
  for (int64_t lin = 0; lin < a.getNumElements(); ++lin) {
    int64_t s = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      s += ((lin / outStrides[d]) % shape[d]) * inStrides[perm[d]];
    src.push_back(s);
  }
  return pick(a, shape, src);
}

/// An integer attribute of type `t` holding `v` wrapped to its width.
static Attribute intAttr(IntegerType t, int64_t v) {
  if (t.getWidth() == 1)
    return IntegerAttr::get(t, APInt(1, v != 0));
  return IntegerAttr::get(t, APInt(64, (uint64_t)v).trunc(t.getWidth()));
}

std::optional<DenseElementsAttr> onnx_import::hostCast(DenseElementsAttr a,
                                                       Type to) {
  auto type = RankedTensorType::get(a.getType().getShape(), to);
  if (a.getNumElements() > kHostEvalElementLimit && !a.isSplat())
    return std::nullopt;
  // Casts involving floats narrower than 16 bits (saturation, NaN codes) and
  // sub-byte integers (wrapping) are left to the compiled Cast.
  auto narrow = [](Type t) {
    if (auto ft = dyn_cast<FloatType>(t))
      return ft.getWidth() < 16;
    auto it = dyn_cast<IntegerType>(t);
    return it && it.getWidth() > 1 && it.getWidth() < 8;
  };
  if (narrow(to) || narrow(a.getElementType()))
    return std::nullopt;
  SmallVector<Attribute> out;
  if (auto ft = dyn_cast<FloatType>(to)) {
    for (double v : denseToFloats(a)) {
      APFloat f(v);
      bool lost;
      f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back(FloatAttr::get(ft, f));
    }
    return DenseElementsAttr::get(type, out);
  }
  auto it = dyn_cast<IntegerType>(to);
  if (!it)
    return std::nullopt;
  if (isa<FloatType>(a.getElementType())) {
    for (double v : denseToFloats(a)) {
      // Out-of-range float -> int casts are undefined in ONNX; leave them to
      // the runtime rather than folding an arbitrary value.
      if (it.getWidth() == 1)
        out.push_back(intAttr(it, v != 0.0));
      else if (!(v > -9.2e18 && v < 9.2e18))
        return std::nullopt;
      else
        out.push_back(intAttr(it, (int64_t)v));
    }
    return DenseElementsAttr::get(type, out);
  }
  for (int64_t v : denseToInts(a))
    out.push_back(intAttr(it, v));
  return DenseElementsAttr::get(type, out);
}

/// Calls `fn(srcIndex)` for every element of the broadcast of `shapes`, in
/// row-major order, with the linear index each operand reads there. Returns
/// the broadcast shape, or nullopt when the shapes are incompatible or any of
/// them is too large to evaluate on the host.
static std::optional<SmallVector<int64_t>>
forEachBroadcast(ArrayRef<ArrayRef<int64_t>> shapes,
                 function_ref<bool(ArrayRef<int64_t>)> fn) {
  std::optional<SmallVector<int64_t>> shape = SmallVector<int64_t>(shapes[0]);
  for (ArrayRef<int64_t> s : shapes.drop_front())
    if (shape)
      shape = broadcastShapes(*shape, s);
  if (!shape || tooLarge(*shape) || llvm::any_of(shapes, tooLarge))
    return std::nullopt;
  SmallVector<int64_t> outStrides = stridesOf(*shape);
  SmallVector<SmallVector<int64_t>> strides;
  for (ArrayRef<int64_t> s : shapes)
    strides.push_back(stridesOf(s));
  int64_t rank = shape->size(), n = 1;
  for (int64_t d : *shape)
    n *= d;
  SmallVector<int64_t> src(shapes.size());
  for (int64_t lin = 0; lin < n; ++lin) {
    std::fill(src.begin(), src.end(), 0);
    for (int64_t d = 0; d < rank; ++d) {
      int64_t i = (lin / outStrides[d]) % (*shape)[d];
      for (auto [k, s] : llvm::enumerate(shapes)) {
        int64_t sd = d - (rank - (int64_t)s.size());
        if (sd >= 0 && s[sd] != 1)
          src[k] += i * strides[k][sd];
      }
    }
    if (!fn(src))
      return std::nullopt;
  }
  return shape;
}

/// Signed integer element types of at least 32 bits: what shape subgraphs
/// compute with (int64 mostly, int32 sometimes).
static IntegerType shapeIntType(DenseElementsAttr a) {
  auto it = dyn_cast<IntegerType>(a.getElementType());
  return it && !it.isUnsigned() && it.getWidth() >= 32 ? it : IntegerType();
}

/// Signed integers of at least 32 bits or bools: what shape subgraphs
/// compare and select.
static bool isShapeIntOrBool(DenseElementsAttr a) {
  return shapeIntType(a) || a.getElementType().isInteger(1);
}

/// `x op y` for the integer binaries; nullopt for undefined results
/// (division by zero, INT64_MIN / -1), which are left to the runtime.
static std::optional<int64_t> evalIntBinary(StringRef op, int64_t x, int64_t y) {
  auto wrap = [](uint64_t v) { return (int64_t)v; };
  if (op == "Add")
    return wrap((uint64_t)x + (uint64_t)y);
  if (op == "Sub")
    return wrap((uint64_t)x - (uint64_t)y);
  if (op == "Mul")
    return wrap((uint64_t)x * (uint64_t)y);
  if (op == "Max")
    return std::max(x, y);
  if (op == "Min")
    return std::min(x, y);
  if (op == "BitwiseAnd")
    return x & y;
  if (op == "BitwiseOr")
    return x | y;
  if (op == "BitwiseXor")
    return x ^ y;
  if (y == 0 || (x == INT64_MIN && y == -1))
    return std::nullopt;
  if (op == "Div")
    return x / y;
  // Mod with fmod = 1 keeps the dividend's sign (C's %); fmod = 0 the
  // divisor's (numpy's mod).
  if (op == "FMod")
    return x % y;
  if (op == "Mod") {
    int64_t r = x % y;
    return r != 0 && ((r < 0) != (y < 0)) ? r + y : r;
  }
  return std::nullopt;
}

std::optional<DenseElementsAttr>
onnx_import::hostIntBinary(StringRef op, DenseElementsAttr lhs,
                           DenseElementsAttr rhs) {
  IntegerType it = shapeIntType(lhs);
  if (!it || lhs.getElementType() != rhs.getElementType())
    return std::nullopt;
  SmallVector<int64_t> a = denseToInts(lhs), b = denseToInts(rhs);
  SmallVector<Attribute> out;
  auto shape = forEachBroadcast(
      {lhs.getType().getShape(), rhs.getType().getShape()},
      [&](ArrayRef<int64_t> src) {
        std::optional<int64_t> r = evalIntBinary(op, a[src[0]], b[src[1]]);
        if (!r)
          return false;
        // Results of narrower types wrap; Max/Min/bitwise ops cannot leave
        // the range, Add/Sub/Mul wrap as the compiled op would.
        out.push_back(intAttr(it, *r));
        return true;
      });
  if (!shape)
    return std::nullopt;
  return DenseElementsAttr::get(RankedTensorType::get(*shape, it), out);
}

std::optional<DenseElementsAttr>
onnx_import::hostIntUnary(StringRef op, DenseElementsAttr a) {
  Type et = a.getElementType();
  bool isBool = et.isInteger(1);
  if (isBool ? op != "Not" : (!shapeIntType(a) || op == "Not"))
    return std::nullopt;
  if (a.getNumElements() > kHostEvalElementLimit)
    return std::nullopt;
  auto it = cast<IntegerType>(et);
  SmallVector<Attribute> out;
  for (int64_t x : denseToInts(a)) {
    int64_t r;
    if (op == "Not")
      r = !x;
    else if (op == "Neg")
      r = (int64_t)(0 - (uint64_t)x);
    else if (op == "Abs")
      r = x < 0 ? (int64_t)(0 - (uint64_t)x) : x;
    else if (op == "Sign")
      r = (x > 0) - (x < 0);
    else if (op == "BitwiseNot")
      r = ~x;
    else
      return std::nullopt;
    out.push_back(intAttr(it, r));
  }
  return DenseElementsAttr::get(a.getType(), out);
}

std::optional<DenseElementsAttr>
onnx_import::hostIntCompare(StringRef op, DenseElementsAttr lhs,
                            DenseElementsAttr rhs) {
  if (!isShapeIntOrBool(lhs) || lhs.getElementType() != rhs.getElementType())
    return std::nullopt;
  bool isBool = lhs.getElementType().isInteger(1);
  SmallVector<int64_t> a = denseToInts(lhs), b = denseToInts(rhs);
  SmallVector<bool> out;
  auto shape = forEachBroadcast(
      {lhs.getType().getShape(), rhs.getType().getShape()},
      [&](ArrayRef<int64_t> src) {
        int64_t x = a[src[0]], y = b[src[1]];
        if (op == "Equal")
          out.push_back(x == y);
        else if (op == "Less")
          out.push_back(x < y);
        else if (op == "LessOrEqual")
          out.push_back(x <= y);
        else if (op == "Greater")
          out.push_back(x > y);
        else if (op == "GreaterOrEqual")
          out.push_back(x >= y);
        else if (isBool && op == "And")
          out.push_back(x && y);
        else if (isBool && op == "Or")
          out.push_back(x || y);
        else if (isBool && op == "Xor")
          out.push_back((x != 0) != (y != 0));
        else
          return false;
        return true;
      });
  if (!shape)
    return std::nullopt;
  auto i1 = IntegerType::get(lhs.getContext(), 1);
  return DenseElementsAttr::get(RankedTensorType::get(*shape, i1), out);
}

std::optional<DenseElementsAttr>
onnx_import::hostWhere(DenseElementsAttr cond, DenseElementsAttr x,
                       DenseElementsAttr y) {
  if (!cond.getElementType().isInteger(1) || !isShapeIntOrBool(x) ||
      x.getElementType() != y.getElementType())
    return std::nullopt;
  SmallVector<int64_t> c = denseToInts(cond), a = denseToInts(x), b = denseToInts(y);
  auto it = cast<IntegerType>(x.getElementType());
  SmallVector<Attribute> out;
  auto shape = forEachBroadcast(
      {cond.getType().getShape(), x.getType().getShape(), y.getType().getShape()},
      [&](ArrayRef<int64_t> src) {
        out.push_back(intAttr(it, c[src[0]] ? a[src[1]] : b[src[2]]));
        return true;
      });
  if (!shape)
    return std::nullopt;
  return DenseElementsAttr::get(RankedTensorType::get(*shape, it), out);
}

std::optional<DenseElementsAttr>
onnx_import::hostExpand(DenseElementsAttr a, ArrayRef<int64_t> shape) {
  if (!isShapeIntOrBool(a))
    return std::nullopt;
  SmallVector<int64_t> src;
  auto result = forEachBroadcast({shape, a.getType().getShape()},
                                 [&](ArrayRef<int64_t> s) {
                                   src.push_back(s[1]);
                                   return true;
                                 });
  if (!result || ArrayRef<int64_t>(*result) != shape)
    return std::nullopt;
  return pick(a, shape, src);
}

std::optional<DenseElementsAttr>
onnx_import::hostIntReduce(StringRef op, DenseElementsAttr a,
                           ArrayRef<int64_t> axes, bool keepdims) {
  IntegerType it = shapeIntType(a);
  ArrayRef<int64_t> in = a.getType().getShape();
  if (!it || tooLarge(in))
    return std::nullopt;
  int64_t rank = in.size();
  SmallVector<int64_t> kept(in), shape;
  int64_t reduced = 1;
  for (int64_t d : axes) {
    if (d < 0 || d >= rank)
      return std::nullopt;
    reduced *= in[d];
    kept[d] = 1;
  }
  for (int64_t d = 0; d < rank; ++d)
    if (keepdims || !llvm::is_contained(axes, d))
      shape.push_back(kept[d]);
  bool isMax = op == "ReduceMax", isMin = op == "ReduceMin";
  // The max/min of nothing is left to the compiled reduction.
  if ((isMax || isMin) && reduced == 0)
    return std::nullopt;
  int64_t init = op == "ReduceSum"    ? 0
                 : op == "ReduceProd" ? 1
                 : isMax              ? INT64_MIN
                 : isMin              ? INT64_MAX
                                      : -1;
  if (init == -1 && op != "ReduceProd")
    return std::nullopt;
  SmallVector<int64_t> acc(RankedTensorType::get(kept, it).getNumElements(), init);
  SmallVector<int64_t> inStrides = stridesOf(in), outStrides = stridesOf(kept);
  SmallVector<int64_t> vals = denseToInts(a);
  for (int64_t lin = 0; lin < (int64_t)vals.size(); ++lin) {
    int64_t o = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (kept[d] != 1 || in[d] == 1)
        o += ((lin / inStrides[d]) % in[d]) * outStrides[d];
    int64_t &r = acc[o], v = vals[lin];
    if (op == "ReduceSum")
      r = (int64_t)((uint64_t)r + (uint64_t)v);
    else if (op == "ReduceProd")
      r = (int64_t)((uint64_t)r * (uint64_t)v);
    else
      r = isMax ? std::max(r, v) : std::min(r, v);
  }
  SmallVector<Attribute> out;
  for (int64_t v : acc)
    out.push_back(intAttr(it, v));
  return DenseElementsAttr::get(RankedTensorType::get(shape, it), out);
}
