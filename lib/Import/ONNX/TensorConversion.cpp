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

// ONNX element types newer than Debian's libonnx 1.12 (onnx.proto numbers).
enum : int32_t {
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUInt4 = 21,
  kInt4 = 22,
  kFloat4E2M1 = 23,
  kFloat8E8M0 = 24,
  kUInt2 = 25,
  kInt2 = 26,
};

static StringRef dataTypeName(int32_t dtype) {
  static const char *const kNewer[] = {"FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2",
                                       "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1",
                                       "FLOAT8E8M0", "UINT2", "INT2"};
  if (dtype >= kFloat8E4M3FN && dtype <= kInt2)
    return kNewer[dtype - kFloat8E4M3FN];
  if (onnx::TensorProto_DataType_IsValid(dtype))
    return onnx::TensorProto_DataType_Name((DT)dtype);
  return "unknown";
}

/// Bits per element of the packed sub-byte types, else 0.
static unsigned packedBits(Type t) {
  if (isa<Float4E2M1FNType>(t))
    return 4;
  if (auto it = dyn_cast<IntegerType>(t))
    if (it.getWidth() == 4 || it.getWidth() == 2)
      return it.getWidth();
  return 0;
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
  case kFloat8E4M3FN:
    return Type(Float8E4M3FNType::get(ctx));
  case kFloat8E4M3FNUZ:
    return Type(Float8E4M3FNUZType::get(ctx));
  case kFloat8E5M2:
    return Type(Float8E5M2Type::get(ctx));
  case kFloat8E5M2FNUZ:
    return Type(Float8E5M2FNUZType::get(ctx));
  case kFloat8E8M0:
    return Type(Float8E8M0FNUType::get(ctx));
  case kFloat4E2M1:
    return Type(Float4E2M1FNType::get(ctx));
  case kUInt4:
    return Type(uint(4));
  case kInt4:
    return Type(IntegerType::get(ctx, 4));
  case kUInt2:
    return Type(uint(2));
  case kInt2:
    return Type(IntegerType::get(ctx, 2));
  case onnx::TensorProto::STRING:
    return emitError(loc) << "'" << valueName
                          << "' has element type STRING (8); aicc compiles "
                             "numeric tensors only";
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
  // Tables and loops sized by declared dims must stay buildable: a tensor of
  // more than 2^34 elements (64 GiB of f32) cannot run anywhere aicc targets.
  constexpr uint64_t kMaxElements = uint64_t(1) << 34;
  uint64_t elements = 1;
  for (int64_t d : shape) {
    if (ShapedType::isDynamic(d) || d == 0)
      continue;
    if ((uint64_t)d > kMaxElements || elements > kMaxElements / (uint64_t)d)
      return emitError(loc) << "'" << vi.name() << "' declares more than 2^34 elements ("
                            << "a dim of " << d << "); aicc does not compile tensors that large";
    elements *= (uint64_t)d;
  }
  return RankedTensorType::get(shape, *elt);
}

/// Bytes of one element in an attribute: sub-byte types take a byte each
/// (as MLIR's dense storage does), unlike ONNX's packed `raw_data`.
static unsigned storageBytes(Type t) {
  if (t.isInteger(1) || packedBits(t))
    return 1;
  return t.getIntOrFloatBitWidth() / 8;
}

/// ONNX's packed sub-byte bytes -> one byte per element (low bits).
static AsmResourceBlob unpackSubByte(ArrayRef<char> packed, unsigned bits, uint64_t n) {
  AsmResourceBlob blob = HeapAsmResourceBlob::allocate(n ? n : 1, 1);
  MutableArrayRef<char> out = blob.getMutableData();
  unsigned perByte = 8 / bits, mask = (1u << bits) - 1;
  for (uint64_t i = 0; i < n; ++i)
    out[i] = (char)(((uint8_t)packed[i / perByte] >> (i % perByte * bits)) & mask);
  return blob;
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
  case kFloat8E4M3FN:
  case kFloat8E4M3FNUZ:
  case kFloat8E5M2:
  case kFloat8E5M2FNUZ:
  case kFloat8E8M0:
  case kUInt4: // packed: one byte per entry, `n` counts bytes here
  case kInt4:
  case kFloat4E2M1:
  case kUInt2:
  case kInt2:
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

/// A 4- or 2-bit tensor: ONNX packs it (raw_data, external data, or one
/// byte per int32_data entry); the attribute holds a byte per element.
static FailureOr<ElementsAttr> convertPackedTensor(const onnx::TensorProto &t,
                                                   RankedTensorType type, uint64_t n,
                                                   unsigned bits, StringRef modelDir,
                                                   Location loc) {
  uint64_t packed = (n * bits + 7) / 8;
  std::optional<AsmResourceBlob> source;
  ArrayRef<char> data;
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<AsmResourceBlob> blob = readExternalData(t, modelDir, packed, 1, loc);
    if (failed(blob))
      return failure();
    source = std::move(*blob);
    data = source->getData();
  } else if (!t.raw_data().empty() || n == 0) {
    if (t.raw_data().size() != packed)
      return emitError(loc) << "tensor '" << t.name() << "' has " << t.raw_data().size()
                            << " bytes of raw data, its shape needs " << packed;
    data = ArrayRef<char>(t.raw_data().data(), t.raw_data().size());
  } else {
    source = HeapAsmResourceBlob::allocate(packed, 1);
    if (failed(copyTypedData(t, type.getElementType(), packed,
                             source->getMutableData(), loc)))
      return failure();
    data = source->getData();
  }
  AsmResourceBlob unpacked = unpackSubByte(data, bits, n);
  ArrayRef<char> bytes = unpacked.getData().take_front(n);
  return makeAttr(type, t.name(), bytes, std::move(unpacked));
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
  if (unsigned bits = packedBits(*elt))
    return convertPackedTensor(t, type, n, bits, modelDir, loc);

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
