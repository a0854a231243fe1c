//===- CalibrationRunner.cpp - run compiled models on sample inputs ---------===//
#include "CalibrationRunner.h"
#include "DiagnosticPrinter.h"
#include "aicc/runtime.h"
#include "host_tensor.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// input_<i>.npy or input_<i>.pb in `dir`, or "".
std::string inputFile(StringRef dir, size_t i) {
  for (const char *ext : {".npy", ".pb"}) {
    SmallString<256> p(dir);
    llvm::sys::path::append(p, "input_" + std::to_string(i) + ext);
    if (llvm::sys::fs::is_regular_file(p))
      return std::string(p);
  }
  return "";
}

LogicalResult readSample(StringRef dir, size_t numInputs, CalibrationSample &sample) {
  sample.dir = dir.str();
  for (size_t i = 0; i < numInputs; ++i) {
    std::string path = inputFile(dir, i);
    if (path.empty()) {
      reportError("-calibration: " + dir + " has no input_" + std::to_string(i) +
                  ".npy or .pb (the model has " + std::to_string(numInputs) + " inputs)");
      return failure();
    }
    auto *t = new aiccrun_tensor_t;
    aiccrun_tensor_init(t);
    std::shared_ptr<void> owned(t, [](void *p) {
      aiccrun_tensor_free((aiccrun_tensor_t *)p);
      delete (aiccrun_tensor_t *)p;
    });
    char err[512];
    if (aiccrun_tensor_read(path.c_str(), t, err, sizeof err) != 0) {
      reportError("-calibration: " + Twine(err));
      return failure();
    }
    sample.inputs.push_back(std::move(owned));
  }
  return success();
}

} // namespace

FailureOr<std::vector<CalibrationSample>>
mlir::aicc::readCalibrationSamples(StringRef dir, size_t numInputs) {
  if (!llvm::sys::fs::is_directory(dir)) {
    reportError("-calibration: '" + dir + "' is not a directory");
    return failure();
  }
  std::vector<std::string> dirs;
  if (!inputFile(dir, 0).empty()) {
    dirs.push_back(dir.str());
  } else {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
      if (llvm::sys::fs::is_directory(it->path()))
        dirs.push_back(it->path());
    std::sort(dirs.begin(), dirs.end());
  }
  if (dirs.empty()) {
    reportError("-calibration: '" + dir + "' has no sample folders (input_<i>.npy or .pb)");
    return failure();
  }
  std::vector<CalibrationSample> samples(dirs.size());
  for (size_t i = 0; i < dirs.size(); ++i)
    if (failed(readSample(dirs[i], numInputs, samples[i])))
      return failure();
  return samples;
}

ArrayRef<float> mlir::aicc::inputValues(const CalibrationSample &sample, size_t i) {
  auto *t = (const aiccrun_tensor_t *)sample.inputs[i].get();
  if (t->dtype != AICC_DTYPE_FLOAT32)
    return {};
  return ArrayRef<float>((const float *)t->data, t->size_bytes / sizeof(float));
}

std::unique_ptr<LoadedModel> LoadedModel::load(StringRef path) {
  std::unique_ptr<LoadedModel> m(new LoadedModel);
  char err[512] = "";
  std::string p = path.str();
  if (aicc_model_load(p.c_str(), &m->model, err, sizeof err) != AICC_OK) {
    reportError("cannot load the model compiled for calibration: " + Twine(err));
    return nullptr;
  }
  for (size_t i = 0; i < m->numOutputs(); ++i) {
    const aicc_abi_tensor_t *t = aicc_model_output(m->model, i);
    if (std::any_of(t->shape, t->shape + t->rank, [](int64_t d) { return d < 0; })) {
      reportError("-calibration needs static shapes: output '" + Twine(t->name) +
                  "' has a dynamic dimension; pin the inputs with -input-shape");
      return nullptr;
    }
  }
  if (aicc_context_create(m->model, nullptr, &m->context) != AICC_OK) {
    reportError("cannot create a runtime context for calibration");
    return nullptr;
  }
  return m;
}

LoadedModel::~LoadedModel() {
  aicc_context_release(context);
  aicc_model_release(model);
}

size_t LoadedModel::numInputs() const { return aicc_model_num_inputs(model); }
size_t LoadedModel::numOutputs() const { return aicc_model_num_outputs(model); }

std::string LoadedModel::outputName(size_t i) const {
  const char *name = aicc_model_output(model, i)->name;
  return name ? name : "output_" + std::to_string(i);
}

bool LoadedModel::outputIsF32(size_t i) const {
  return aicc_model_output(model, i)->dtype == AICC_DTYPE_FLOAT32;
}

LogicalResult LoadedModel::run(const CalibrationSample &sample,
                               std::vector<std::vector<float>> &outputs) {
  std::vector<aicc_tensor_t> in;
  for (const std::shared_ptr<void> &t : sample.inputs)
    in.push_back(aiccrun_tensor_view((aiccrun_tensor_t *)t.get()));
  size_t n = numOutputs();
  std::vector<std::vector<float>> buffers(n);
  std::vector<aicc_tensor_t> out;
  for (size_t i = 0; i < n; ++i) {
    size_t bytes = aicc_tensor_desc_size_bytes(aicc_model_output(model, i));
    buffers[i].resize((bytes + sizeof(float) - 1) / sizeof(float) + 1);
    out.push_back(aicc_model_output_tensor(model, i, buffers[i].data(), bytes));
  }
  if (aicc_context_run(context, in.data(), in.size(), out.data(), out.size()) != AICC_OK) {
    reportError("calibration run on " + sample.dir + ": " +
                Twine(aicc_context_last_error(context)));
    return failure();
  }
  outputs.resize(n);
  for (size_t i = 0; i < n; ++i) {
    outputs[i].clear();
    if (outputIsF32(i))
      outputs[i].assign(buffers[i].begin(),
                        buffers[i].begin() + out[i].size_bytes / sizeof(float));
  }
  return success();
}
