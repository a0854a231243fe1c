//===- LinalgBuilders.h - helpers to build linalg on tensors ------*- C++ -*-===//
//
// Small builders shared by the aicc-to-linalg patterns: empty/filled tensors,
// broadcasting indexing maps, elementwise generics and static reshapes.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_CONVERSION_AICCTOLINALG_LINALGBUILDERS_H
#define AICC_LIB_CONVERSION_AICCTOLINALG_LINALGBUILDERS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace mlir::aicc {

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A scalar constant of `type` (float or integer) with value `v`.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double v);

/// The largest finite-or-infinite value of `type` (-inf/+inf for floats).
Value lowestValue(OpBuilder &b, Location loc, Type type);
Value highestValue(OpBuilder &b, Location loc, Type type);

/// `tensor.empty` of `type`, filled with `fill` when given; `dynSizes` has
/// one size per dynamic dim of `type`.
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  Value fill = nullptr, ValueRange dynSizes = {});

/// The run-time sizes (`tensor.dim`) of the dynamic dims of `v`.
SmallVector<Value> dynamicSizesOf(OpBuilder &b, Location loc, Value v);

/// The run-time sizes of the dynamic dims of `result`, the numpy broadcast of
/// `operands`. A result dim is dynamic when no operand fixes it; the operands
/// that are dynamic there must agree at run time (a `cf.assert` checks it,
/// reported through the runtime), and the size is their minimum so that no
/// read leaves a buffer even when they do not. A dynamic operand dim under a
/// static result dim must equal it, which is checked the same way; run-time
/// broadcasting of a dynamic dim that turns out to be 1 is not supported.
SmallVector<Value> broadcastDynamicSizes(OpBuilder &b, Location loc,
                                         RankedTensorType result,
                                         ValueRange operands);

/// `v` with size-1 dims inserted at the sorted result positions `unitDims`;
/// works with dynamic dims.
Value insertUnitDims(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> unitDims);

/// Map from `resultRank` loop dims to an operand of `operandShape`, aligned
/// to the right as numpy broadcasting does; size-1 dims that stretch map to 0.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> resultShape);

/// A parallel linalg.generic over `resultType` whose body combines the
/// (broadcast) scalars of `inputs` with `body`. The result's dynamic sizes
/// are `dynSizes` when given, else broadcastDynamicSizes of the inputs.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, BodyFn body,
                       std::optional<SmallVector<Value>> dynSizes = std::nullopt);

/// Reshape with static shapes through collapse/expand (views when possible).
Value reshapeTensor(OpBuilder &b, Location loc, Value input,
                    ArrayRef<int64_t> shape);

/// `input` (N, C, spatial...) padded by `pads` (begins, then ends, per
/// spatial dim) with the value `padValue` builds; unchanged (and nothing
/// built) when every pad is 0.
Value padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pads,
                 function_ref<Value()> padValue);

/// Indexing maps (input, weight, output) of a grouped convolution over
/// loops `n g m o1..ok | c k1..kk`: input and weight keep their ONNX shapes,
/// channel = group * perGroup + c, output is (n, g, m, o1..ok).
SmallVector<AffineMap> groupedConvMaps(MLIRContext *ctx, unsigned k, int64_t c,
                                       int64_t m, ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> dilations);

/// The order that runs those loops as n g m c k1..kk o1..ok (for
/// reorderLoops): the reduction over c and the window outside the output
/// positions.
SmallVector<unsigned> groupedConvLoopOrder(unsigned k);

/// Scalar conversion between element types with ONNX Cast semantics;
/// integers are signless, the flags say how to interpret them.
Value convertScalar(OpBuilder &b, Location loc, Value v, Type to,
                    bool fromUnsigned = false, bool toUnsigned = false);

/// The signless integer type of the same width for unsigned `t`, else `t`.
Type signlessType(Type t);

/// `v` bitcast to signless integers when its elements are unsigned.
Value toSignless(OpBuilder &b, Location loc, Value v);

/// For a constant `v` with unsigned elements, the same bits as a signless
/// constant (elementwise fusion folds constant inputs into generic bodies,
/// and arith.constant takes only signless integers); else `v`.
Value signlessConstant(OpBuilder &b, Location loc, Value v);

/// `n` parallel iterators followed by `m` reduction iterators.
SmallVector<utils::IteratorType> iteratorTypes(unsigned n, unsigned m = 0);

/// Reorders the loops of `generic` (`order`: new position -> old dim, as in
/// linalg::interchangeGenericOp) and returns its result; the generic is kept
/// as it is when the order is not a permutation.
Value reorderLoops(RewriterBase &b, linalg::GenericOp generic,
                   ArrayRef<unsigned> order);

/// Scalar max/min that propagate NaN for floats.
Value scalarMax(OpBuilder &b, Location loc, Value x, Value y, bool uns = false);
Value scalarMin(OpBuilder &b, Location loc, Value x, Value y, bool uns = false);

} // namespace mlir::aicc

#endif
