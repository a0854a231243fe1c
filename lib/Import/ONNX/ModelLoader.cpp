//===- ModelLoader.cpp - reading model files and their external data ------===//
//
// Model files are untrusted input: every size is checked before it is used to
// allocate, the textual parser and the checker run under try/catch, and
// external data may only be read from inside the model's folder.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"

#include <google/protobuf/io/coded_stream.h>

#include <exception>
#include <limits>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// The newest IR version and ai.onnx opset libonnx 1.12's checker knows.
static constexpr int64_t kCheckerMaxIRVersion = 8;
static constexpr int64_t kCheckerMaxOpset = 17;

static bool isTextualPath(StringRef path) {
  return path.ends_with(".onnxtxt") || path.ends_with(".txt");
}

static LogicalResult parseBinary(const llvm::MemoryBuffer &buf, Location loc,
                                 onnx::ModelProto &model) {
  if (buf.getBufferSize() > (size_t)std::numeric_limits<int>::max())
    return emitError(loc) << "model file is larger than 2 GiB; store the "
                             "weights as external data";
  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t *>(buf.getBufferStart()),
      (int)buf.getBufferSize());
  stream.SetTotalBytesLimit(std::numeric_limits<int>::max());
  if (!model.ParseFromCodedStream(&stream) ||
      !stream.ConsumedEntireMessage())
    return emitError(loc) << "not a valid ONNX model (protobuf parse failed)";
  return success();
}

static LogicalResult parseTextual(const llvm::MemoryBuffer &buf, Location loc,
                                  onnx::ModelProto &model) {
  // The parser reads through a NUL-terminated C string.
  std::string text(buf.getBufferStart(), buf.getBufferSize());
  try {
    onnx::OnnxParser parser(text.c_str());
    auto status = parser.Parse(model);
    if (!status.IsOK())
      return emitError(loc) << "cannot parse ONNX text: "
                            << status.ErrorMessage();
    if (!parser.EndOfInput())
      return emitError(loc) << "cannot parse ONNX text: unexpected text "
                               "after the graph";
  } catch (const std::exception &e) {
    return emitError(loc) << "cannot parse ONNX text: " << e.what();
  }
  return success();
}

/// Whether libonnx 1.12's checker knows every version the model uses.
static bool checkerKnowsModel(const onnx::ModelProto &model) {
  if (model.ir_version() > kCheckerMaxIRVersion)
    return false;
  for (const onnx::OperatorSetIdProto &opset : model.opset_import()) {
    StringRef domain = opset.domain();
    if ((domain.empty() || domain == "ai.onnx") &&
        opset.version() > kCheckerMaxOpset)
      return false;
  }
  return true;
}

/// Gives external tensors a one-byte inline payload (the checker counts value
/// fields but does not size raw data) in place of their location. The
/// checker would otherwise open those files relative to the working
/// directory; readExternalData checks them itself.
static void stripExternal(onnx::TensorProto &t) {
  if (t.data_location() != onnx::TensorProto::EXTERNAL)
    return;
  t.clear_external_data();
  t.clear_data_location();
  t.set_raw_data(std::string(1, '\0'));
}

/// Runs the ONNX checker, on a copy without external data references when
/// the model has any.
static void runChecker(const onnx::ModelProto &model) {
  auto isExternal = [](const onnx::TensorProto &t) {
    return t.data_location() == onnx::TensorProto::EXTERNAL;
  };
  bool hasExternal = llvm::any_of(model.graph().initializer(), isExternal);
  for (const onnx::NodeProto &n : model.graph().node())
    for (const onnx::AttributeProto &a : n.attribute())
      hasExternal |= a.has_t() && isExternal(a.t());
  if (!hasExternal)
    return onnx::checker::check_model(model);
  onnx::ModelProto copy = model;
  for (onnx::TensorProto &t : *copy.mutable_graph()->mutable_initializer())
    stripExternal(t);
  for (onnx::NodeProto &n : *copy.mutable_graph()->mutable_node())
    for (onnx::AttributeProto &a : *n.mutable_attribute())
      if (a.has_t())
        stripExternal(*a.mutable_t());
  onnx::checker::check_model(copy);
}

LogicalResult onnx_import::loadModel(StringRef path,
                                     const ONNXImportOptions &opts,
                                     Location loc, onnx::ModelProto &model) {
  auto bufOr = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!bufOr)
    return emitError(loc) << "cannot read '" << path
                          << "': " << bufOr.getError().message();
  const llvm::MemoryBuffer &buf = **bufOr;
  if (failed(isTextualPath(path) ? parseTextual(buf, loc, model)
                                 : parseBinary(buf, loc, model)))
    return failure();
  if (!model.has_graph())
    return emitError(loc) << "the model has no graph";
  if (!opts.runChecker || !checkerKnowsModel(model))
    return success();
  try {
    runChecker(model);
  } catch (const std::exception &e) {
    return emitError(loc) << "the ONNX checker rejected the model: "
                          << e.what();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// External data
//===----------------------------------------------------------------------===//

/// Parses a non-negative decimal integer of external-data metadata.
static std::optional<uint64_t> parseSize(StringRef text) {
  uint64_t v;
  if (text.getAsInteger(10, v))
    return std::nullopt;
  return v;
}

/// Resolves `location` inside `modelDir`; fails for absolute paths, `..`
/// components and symlinks that lead outside the folder.
static FailureOr<std::string> resolveInside(StringRef modelDir,
                                            StringRef location, Location loc) {
  if (location.empty())
    return emitError(loc) << "external data has an empty location";
  if (llvm::sys::path::is_absolute(location) ||
      llvm::sys::path::is_absolute(location, llvm::sys::path::Style::windows))
    return emitError(loc) << "external data location '" << location
                          << "' is absolute";
  for (StringRef comp : llvm::make_range(llvm::sys::path::begin(location),
                                         llvm::sys::path::end(location)))
    if (comp == "..")
      return emitError(loc) << "external data location '" << location
                            << "' leaves the model folder";
  SmallString<256> dirReal, fileReal, joined(modelDir);
  llvm::sys::path::append(joined, location);
  if (llvm::sys::fs::real_path(modelDir, dirReal) ||
      llvm::sys::fs::real_path(joined, fileReal))
    return emitError(loc) << "cannot open external data '" << location << "'";
  StringRef dir = dirReal, file = fileReal;
  if (!file.starts_with(dir) || file.size() <= dir.size() ||
      !llvm::sys::path::is_separator(file[dir.size()]))
    return emitError(loc) << "external data location '" << location
                          << "' leaves the model folder";
  return std::string(fileReal);
}

FailureOr<AsmResourceBlob>
onnx_import::readExternalData(const onnx::TensorProto &tensor,
                              StringRef modelDir, uint64_t expectedBytes,
                              size_t align, Location loc) {
  std::string location;
  std::optional<uint64_t> offset = 0, length;
  for (const onnx::StringStringEntryProto &kv : tensor.external_data()) {
    if (kv.key() == "location")
      location = kv.value();
    else if (kv.key() == "offset" && !(offset = parseSize(kv.value())))
      return emitError(loc) << "external data of '" << tensor.name()
                            << "' has an invalid offset";
    else if (kv.key() == "length" && !(length = parseSize(kv.value())))
      return emitError(loc) << "external data of '" << tensor.name()
                            << "' has an invalid length";
  }
  FailureOr<std::string> file = resolveInside(modelDir, location, loc);
  if (failed(file))
    return failure();
  if (length && *length != expectedBytes)
    return emitError(loc) << "external data of '" << tensor.name() << "' has "
                          << *length << " bytes, its shape needs "
                          << expectedBytes;
  uint64_t fileSize;
  if (llvm::sys::fs::file_size(*file, fileSize))
    return emitError(loc) << "cannot read external data '" << location << "'";
  if (*offset > fileSize || expectedBytes > fileSize - *offset)
    return emitError(loc) << "external data of '" << tensor.name()
                          << "' lies beyond the end of '" << location << "'";
  auto buf = llvm::MemoryBuffer::getFileSlice(*file, expectedBytes, *offset,
                                              /*IsVolatile=*/false);
  if (!buf)
    return emitError(loc) << "cannot read external data '" << location
                          << "': " << buf.getError().message();
  return HeapAsmResourceBlob::allocateAndCopyWithAlign(
      ArrayRef<char>((*buf)->getBufferStart(), (*buf)->getBufferSize()),
      align);
}
