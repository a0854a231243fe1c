//===- ContainerValues.cpp - sequence and optional handles during import --===//
//
// aicc compiles tensors only. ONNX's sequences and optionals are unrolled at
// import time: a sequence is the list of its tensors, an optional is present
// or not; both must be known when the model is compiled. While the importer
// runs, such a value is a handle op (see ImportContext.h) so that it flows
// through the name bindings, subgraphs and unrolled loops like any value.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

static constexpr StringLiteral kSequenceAttr = "aicc.sequence";
static constexpr StringLiteral kOptionalAttr = "aicc.optional";
/// On an optional handle whose second operand is its run-time presence.
static constexpr StringLiteral kRuntimePresenceAttr = "aicc.optional.runtime";

static Value makeHandle(ImportContext &ic, StringRef marker, ValueRange elems) {
  OpBuilder &b = ic.getBuilder();
  auto op = UnrealizedConversionCastOp::create(b, ic.getLoc(),
                                               TypeRange{b.getNoneType()}, elems);
  op->setAttr(marker, b.getUnitAttr());
  return op.getResult(0);
}

Value onnx_import::makeSequence(ImportContext &ic, ValueRange elems) {
  return makeHandle(ic, kSequenceAttr, elems);
}

Value onnx_import::makeOptional(ImportContext &ic, Value v, Value present) {
  if (!present)
    return makeHandle(ic, kOptionalAttr, v ? ValueRange(v) : ValueRange());
  Value h = makeHandle(ic, kOptionalAttr, ValueRange{v, present});
  h.getDefiningOp()->setAttr(kRuntimePresenceAttr, ic.getBuilder().getUnitAttr());
  return h;
}

std::optional<ContainerValue> onnx_import::getContainer(Value v) {
  auto op = v ? v.getDefiningOp<UnrealizedConversionCastOp>() : nullptr;
  if (!op)
    return std::nullopt;
  if (op->hasAttr(kSequenceAttr))
    return ContainerValue{ContainerValue::Sequence, SmallVector<Value>(op.getInputs())};
  if (op->hasAttr(kOptionalAttr) && op->hasAttr(kRuntimePresenceAttr))
    return ContainerValue{ContainerValue::Optional, {op.getInputs()[0]}, op.getInputs()[1]};
  if (op->hasAttr(kOptionalAttr))
    return ContainerValue{ContainerValue::Optional, SmallVector<Value>(op.getInputs())};
  return std::nullopt;
}

FailureOr<Value> onnx_import::requirePresent(ImportContext &ic, Value v, Value present,
                                             const Twine &message) {
  std::optional<ContainerValue> c = getContainer(v);
  if (!c)
    return checked(ic, present, v, message);
  SmallVector<Value> elems;
  for (Value e : c->elems) {
    FailureOr<Value> g = requirePresent(ic, e, present, message);
    if (failed(g))
      return failure();
    elems.push_back(*g);
  }
  if (c->kind == ContainerValue::Sequence)
    return makeSequence(ic, elems);
  return makeOptional(ic, elems.empty() ? Value() : elems.front(), c->present);
}

/// The 0-d i1 presence of optional `c`.
static Value presenceOf(ImportContext &ic, const ContainerValue &c) {
  if (c.present)
    return c.present;
  Type i1 = IntegerType::get(ic.getContext(), 1);
  return ic.constant(
      DenseElementsAttr::get(RankedTensorType::get({}, i1), ArrayRef<bool>(!c.elems.empty())));
}

bool onnx_import::acceptsContainers(StringRef opType) {
  return llvm::is_contained({"Identity", "If", "Loop", "SequenceAt", "SequenceConstruct",
                             "SequenceEmpty", "SequenceErase", "SequenceInsert",
                             "SequenceLength", "SequenceMap", "ConcatFromSequence",
                             "SplitToSequence", "Optional", "OptionalHasElement",
                             "OptionalGetElement"},
                            opType);
}

FailureOr<Value> onnx_import::selectContainers(ImportContext &ic, Value flag, Value t,
                                               Value e) {
  std::optional<ContainerValue> ct = getContainer(t), ce = getContainer(e);
  if (!ct && !ce) {
    if (t.getType() != e.getType())
      return ic.emitError() << "If with a run-time condition needs branch outputs of one "
                               "type, got "
                            << t.getType() << " and " << e.getType();
    return ic.create<WhereOp>(flag, t, e);
  }
  // Optionals present on one side only, or present at run time: the value
  // of the side(s) that hold one, present where the condition picks one.
  if (ct && ce && ct->kind == ContainerValue::Optional && ce->kind == ct->kind &&
      (ct->present || ce->present || ct->elems.size() != ce->elems.size())) {
    FailureOr<Value> present = ic.create<WhereOp>(flag, presenceOf(ic, *ct), presenceOf(ic, *ce));
    if (failed(present))
      return failure();
    Value value;
    if (!ct->elems.empty() && !ce->elems.empty()) {
      FailureOr<Value> m = selectContainers(ic, flag, ct->elems.front(), ce->elems.front());
      if (failed(m))
        return failure();
      value = *m;
    } else {
      value = ct->elems.empty() ? ce->elems.front() : ct->elems.front();
    }
    return makeOptional(ic, value, *present);
  }
  if (!ct || !ce || ct->kind != ce->kind || ct->elems.size() != ce->elems.size())
    return ic.emitError()
           << "If with a run-time condition needs branch outputs of one structure; a "
              "sequence's length must not depend on the condition";
  SmallVector<Value> merged;
  for (auto [a, b] : llvm::zip(ct->elems, ce->elems)) {
    FailureOr<Value> m = selectContainers(ic, flag, a, b);
    if (failed(m))
      return failure();
    merged.push_back(*m);
  }
  if (ct->kind == ContainerValue::Sequence)
    return makeSequence(ic, merged);
  return makeOptional(ic, merged.empty() ? Value() : merged.front());
}

LogicalResult
onnx_import::flattenGraphOutput(ImportContext &ic, Value v, StringRef name,
                                SmallVectorImpl<std::pair<std::string, Value>> &out) {
  std::optional<ContainerValue> c = getContainer(v);
  if (!c) {
    out.emplace_back(name.str(), v);
    return success();
  }
  if (c->kind == ContainerValue::Optional && c->present) {
    // The ABI has tensors only: compiled as present, the run fails where it
    // is not.
    FailureOr<Value> value = requirePresent(
        ic, c->elems.front(), c->present,
        "graph output '" + name +
            "' is an optional that is empty in this run; aicc compiles an output whose "
            "presence is known only at run time as present");
    return failed(value) ? failure() : flattenGraphOutput(ic, *value, name, out);
  }
  if (c->kind == ContainerValue::Optional)
    return c->elems.empty() ? success() : flattenGraphOutput(ic, c->elems.front(), name, out);
  for (auto [i, elem] : llvm::enumerate(c->elems)) {
    if (getContainer(elem))
      return ic.emitError() << "graph output '" << name
                            << "' is a sequence of sequences or optionals; aicc flattens "
                               "sequences of tensors only";
    out.emplace_back((name + "[" + Twine(i) + "]").str(), elem);
  }
  return success();
}
