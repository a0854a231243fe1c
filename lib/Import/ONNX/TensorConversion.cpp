//===- TensorConversion.cpp - ONNX types and tensors to MLIR --------------===//
//
// Tensor payloads are copied exactly once: into a DenseElementsAttr when small
// (so folders see them) or into a heap resource blob owned by the context.
// Every size is validated against the declared shape before allocating.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using DT = onnx::TensorProto_DataType;

static StringRef dataTypeName(int32_t dtype) {
  if (onnx::TensorProto_DataType_IsValid(dtype))
    return onnx::TensorProto_DataType_Name((DT)dtype);
  return "unknown";
}

FailureOr<Type> onnx_import::convertElementType(MLIRContext *ctx,
                                                int32_t dtype,
                                                StringRef valueName,
                                                Location loc) {
  Builder b(ctx);
  auto uint = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Unsigned);
  };
  switch (dtype) {
  case onnx::TensorProto::FLOAT:
    return Type(b.getF32Type());
  case onnx::TensorProto::DOUBLE:
    return Type(b.getF64Type());
  case onnx::TensorProto::FLOAT16:
    return Type(b.getF16Type());
  case onnx::TensorProto::BFLOAT16:
    return Type(b.getBF16Type());
  case onnx::TensorProto::INT8:
    return Type(b.getI8Type());
  case onnx::TensorProto::INT16:
    return Type(b.getI16Type());
  case onnx::TensorProto::INT32:
    return Type(b.getI32Type());
  case onnx::TensorProto::INT64:
    return Type(b.getI64Type());
  case onnx::TensorProto::UINT8:
    return Type(uint(8));
  case onnx::TensorProto::UINT16:
    return Type(uint(16));
  case onnx::TensorProto::UINT32:
    return Type(uint(32));
  case onnx::TensorProto::UINT64:
    return Type(uint(64));
  case onnx::TensorProto::BOOL:
    return Type(b.getI1Type());
  default:
    return emitError(loc) << "'" << valueName << "' has element type "
                          << dataTypeName(dtype) << " (" << dtype
                          << "), which aicc does not support";
  }
}

FailureOr<RankedTensorType>
onnx_import::convertValueInfoType(MLIRContext *ctx,
                                  const onnx::ValueInfoProto &vi,
                                  bool requireStatic, Location loc) {
  if (!vi.type().has_tensor_type())
    return emitError(loc) << "'" << vi.name() << "' is not a tensor";
  const onnx::TypeProto_Tensor &tt = vi.type().tensor_type();
  FailureOr<Type> elt = convertElementType(ctx, tt.elem_type(), vi.name(), loc);
  if (failed(elt))
    return failure();
  auto dynamicError = [&]() {
    return emitError(loc) << "input '" << vi.name()
                          << "' has a dynamic dimension; pin it with "
                             "-input-shape";
  };
  if (!tt.has_shape()) {
    if (requireStatic)
      return dynamicError();
    return RankedTensorType();
  }
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto_Dimension &d : tt.shape().dim()) {
    if (d.has_dim_value() && d.dim_value() >= 0) {
      shape.push_back(d.dim_value());
      continue;
    }
    if (requireStatic)
      return dynamicError();
    shape.push_back(ShapedType::kDynamic);
  }
  return RankedTensorType::get(shape, *elt);
}

/// Bytes of one element as stored in `raw_data`.
static unsigned storageBytes(Type t) {
  if (t.isInteger(1))
    return 1;
  return t.getIntOrFloatBitWidth() / 8;
}

/// A resource key that prints as a bare identifier.
static std::string blobKey(StringRef name) {
  std::string key = name.empty() ? "onnx_tensor" : name.str();
  for (char &c : key)
    if (!llvm::isAlnum(c) && c != '_' && c != '.')
      c = '_';
  if (llvm::isDigit(key[0]))
    key = "t" + key;
  return key;
}

/// Number of values in the typed repeated field that holds `t`'s data.
static int64_t typedFieldSize(const onnx::TensorProto &t) {
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    return t.float_data_size();
  case onnx::TensorProto::DOUBLE:
    return t.double_data_size();
  case onnx::TensorProto::INT64:
    return t.int64_data_size();
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
    return t.uint64_data_size();
  default:
    return t.int32_data_size();
  }
}

/// Copies the typed repeated field of `t` into `out` (sized for the tensor).
static LogicalResult copyTypedData(const onnx::TensorProto &t, Type elt,
                                   int64_t n, MutableArrayRef<char> out,
                                   Location loc) {
  auto sizeError = [&](int64_t have) {
    return emitError(loc) << "tensor '" << t.name() << "' has " << have
                          << " values, its shape needs " << n;
  };
  auto store = [&](auto field, auto convert) -> LogicalResult {
    if (field.size() != n)
      return sizeError(field.size());
    for (int64_t i = 0; i < n; ++i)
      convert(i, field.Get(i));
    return success();
  };
  char *p = out.data();
  auto put = [&](int64_t i, auto v) { std::memcpy(p + i * sizeof(v), &v, sizeof(v)); };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    return store(t.float_data(), [&](int64_t i, float v) { put(i, v); });
  case onnx::TensorProto::DOUBLE:
    return store(t.double_data(), [&](int64_t i, double v) { put(i, v); });
  case onnx::TensorProto::INT64:
    return store(t.int64_data(), [&](int64_t i, int64_t v) { put(i, v); });
  case onnx::TensorProto::UINT32:
    return store(t.uint64_data(), [&](int64_t i, uint64_t v) { put(i, (uint32_t)v); });
  case onnx::TensorProto::UINT64:
    return store(t.uint64_data(), [&](int64_t i, uint64_t v) { put(i, v); });
  case onnx::TensorProto::INT32:
    return store(t.int32_data(), [&](int64_t i, int32_t v) { put(i, v); });
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    return store(t.int32_data(), [&](int64_t i, int32_t v) { put(i, (uint16_t)v); });
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    return store(t.int32_data(), [&](int64_t i, int32_t v) { put(i, (uint8_t)v); });
  default:
    (void)elt;
    return emitError(loc) << "tensor '" << t.name() << "' has no data";
  }
}

/// Builds the attribute from validated bytes; `blob` already holds them when
/// they came from external data or typed fields.
static ElementsAttr makeAttr(RankedTensorType type, StringRef name,
                             ArrayRef<char> bytes,
                             std::optional<AsmResourceBlob> blob) {
  Type elt = type.getElementType();
  if (elt.isInteger(1)) {
    SmallVector<bool> bits(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i)
      bits[i] = bytes[i] != 0;
    return DenseElementsAttr::get(type, bits);
  }
  if (bytes.size() <= kDenseAttrByteLimit)
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  if (!blob)
    blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes,
                                                         storageBytes(elt));
  return DenseResourceElementsAttr::get(type, blobKey(name), std::move(*blob));
}

FailureOr<ElementsAttr> onnx_import::convertTensor(MLIRContext *ctx,
                                                   const onnx::TensorProto &t,
                                                   StringRef modelDir,
                                                   Location loc) {
  if (t.has_segment())
    return emitError(loc) << "tensor '" << t.name()
                          << "' is segmented, which aicc does not support";
  FailureOr<Type> elt = convertElementType(ctx, t.data_type(), t.name(), loc);
  if (failed(elt))
    return failure();
  SmallVector<int64_t> shape;
  uint64_t n = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || __builtin_mul_overflow(n, (uint64_t)d, &n) ||
        n > (uint64_t)std::numeric_limits<int64_t>::max() / 8)
      return emitError(loc) << "tensor '" << t.name()
                            << "' has an invalid shape";
    shape.push_back(d);
  }
  auto type = RankedTensorType::get(shape, *elt);
  unsigned eltBytes = storageBytes(*elt);
  uint64_t bytes = n * eltBytes;

  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<AsmResourceBlob> blob =
        readExternalData(t, modelDir, bytes, eltBytes, loc);
    if (failed(blob))
      return failure();
    ArrayRef<char> data = blob->getData();
    return makeAttr(type, t.name(), data, std::move(*blob));
  }
  if (!t.raw_data().empty() || n == 0) {
    if (t.raw_data().size() != bytes)
      return emitError(loc) << "tensor '" << t.name() << "' has "
                            << t.raw_data().size()
                            << " bytes of raw data, its shape needs " << bytes;
    return makeAttr(type, t.name(),
                    ArrayRef<char>(t.raw_data().data(), t.raw_data().size()),
                    std::nullopt);
  }
  // Checked before allocating: typed fields hold at least one byte per
  // value, so a bogus shape cannot make the buffer larger than the file.
  if (typedFieldSize(t) != (int64_t)n)
    return emitError(loc) << "tensor '" << t.name() << "' has "
                          << typedFieldSize(t) << " values, its shape needs "
                          << n;
  AsmResourceBlob blob = HeapAsmResourceBlob::allocate(bytes, eltBytes);
  if (failed(copyTypedData(t, *elt, n, blob.getMutableData(), loc)))
    return failure();
  ArrayRef<char> data = blob.getData();
  return makeAttr(type, t.name(), data, std::move(blob));
}
