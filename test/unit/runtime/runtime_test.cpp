// Tests for libaiccrt: loading, queries, argument checking, errors and
// concurrent contexts, using the hand-written models in fake_model.c.
#include "aicc/runtime.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include <thread>
#include <vector>

namespace {

const int64_t kShape23[2] = {2, 3};

struct ModelDeleter {
  void operator()(aicc_model_t *m) const { aicc_model_release(m); }
};
struct ContextDeleter {
  void operator()(aicc_context_t *c) const { aicc_context_release(c); }
};
using ModelPtr = std::unique_ptr<aicc_model_t, ModelDeleter>;
using ContextPtr = std::unique_ptr<aicc_context_t, ContextDeleter>;

ModelPtr loadOrDie(const char *path) {
  aicc_model_t *m = nullptr;
  char err[512];
  aicc_status_t st = aicc_model_load(path, &m, err, sizeof err);
  EXPECT_EQ(st, AICC_OK) << err;
  return ModelPtr(m);
}

// Loads `path` expecting failure; returns the message.
std::string loadError(const char *path, aicc_status_t expected) {
  aicc_model_t *m = reinterpret_cast<aicc_model_t *>(0x1);
  char err[512] = "unset";
  EXPECT_EQ(aicc_model_load(path, &m, err, sizeof err), expected) << err;
  EXPECT_EQ(m, nullptr);
  EXPECT_GT(std::strlen(err), 0u);
  return err;
}

aicc_tensor_t tensorOf(std::vector<float> &v, const int64_t *shape = kShape23,
                       int32_t rank = 2) {
  return {AICC_DTYPE_FLOAT32, rank, shape, v.data(), v.size() * sizeof(float)};
}

// Runs the fake add model: returns the status and fills `out`.
class FakeModelTest : public ::testing::Test {
protected:
  void SetUp() override {
    model = loadOrDie(AICC_TEST_FAKE_MODEL);
    ASSERT_TRUE(model);
    aicc_context_t *c = nullptr;
    ASSERT_EQ(aicc_context_create(model.get(), nullptr, &c), AICC_OK);
    ctx.reset(c);
    in[0] = tensorOf(a);
    in[1] = tensorOf(b);
    out[0] = tensorOf(sum);
  }
  aicc_status_t run() { return aicc_context_run(ctx.get(), in, 2, out, 1); }
  std::string lastError() const { return aicc_context_last_error(ctx.get()); }

  ModelPtr model;
  ContextPtr ctx;
  std::vector<float> a{1, 2, 3, 4, 5, 6}, b{10, 20, 30, 40, 50, 60},
      sum = std::vector<float>(6);
  aicc_tensor_t in[2], out[1];
};

TEST_F(FakeModelTest, QueriesDescribeTheModel) {
  EXPECT_STREQ(aicc_model_name(model.get()), "fake_add");
  EXPECT_EQ(aicc_model_num_inputs(model.get()), 2u);
  EXPECT_EQ(aicc_model_num_outputs(model.get()), 1u);
  const aicc_abi_tensor_t *b = aicc_model_input(model.get(), 1);
  ASSERT_NE(b, nullptr);
  EXPECT_STREQ(b->name, "b");
  EXPECT_EQ(b->dtype, AICC_DTYPE_FLOAT32);
  EXPECT_EQ(b->rank, 2);
  EXPECT_EQ(b->shape[1], 3);
  EXPECT_EQ(aicc_tensor_desc_num_elements(b), 6u);
  EXPECT_EQ(aicc_tensor_desc_size_bytes(b), 24u);
  EXPECT_STREQ(aicc_model_output(model.get(), 0)->name, "sum");
  EXPECT_EQ(aicc_model_input(model.get(), 2), nullptr);
  EXPECT_EQ(aicc_model_output(model.get(), 1), nullptr);
  EXPECT_EQ(aicc_model_arena_bytes(model.get()), 24u);
  aicc_tensor_t v = aicc_model_output_tensor(model.get(), 0, sum.data(), 24);
  EXPECT_EQ(v.dtype, AICC_DTYPE_FLOAT32);
  EXPECT_EQ(v.shape[0], 2);
  EXPECT_EQ(aicc_model_input_tensor(model.get(), 9, nullptr, 0).dtype,
            AICC_DTYPE_INVALID);
}

TEST_F(FakeModelTest, RunComputesSum) {
  ASSERT_EQ(run(), AICC_OK) << lastError();
  EXPECT_EQ(lastError(), "");
  for (int i = 0; i < 6; ++i)
    EXPECT_FLOAT_EQ(sum[i], a[i] + b[i]);
}

TEST_F(FakeModelTest, RejectsWrongShape) {
  const int64_t wrong[2] = {3, 2};
  in[1].shape = wrong;
  EXPECT_EQ(run(), AICC_ERR_SHAPE_MISMATCH);
  EXPECT_NE(lastError().find("'b'"), std::string::npos) << lastError();
  EXPECT_NE(lastError().find("[2,3]"), std::string::npos) << lastError();
}

TEST_F(FakeModelTest, RejectsWrongRankAndNullShape) {
  const int64_t flat[1] = {6};
  in[0].rank = 1;
  in[0].shape = flat;
  EXPECT_EQ(run(), AICC_ERR_SHAPE_MISMATCH);
  in[0] = tensorOf(a);
  in[0].shape = nullptr;
  EXPECT_EQ(run(), AICC_ERR_SHAPE_MISMATCH);
  EXPECT_FALSE(lastError().empty());
}

TEST_F(FakeModelTest, RejectsWrongDtype) {
  out[0].dtype = AICC_DTYPE_INT32;
  EXPECT_EQ(run(), AICC_ERR_DTYPE_MISMATCH);
  EXPECT_NE(lastError().find("output 0 ('sum')"), std::string::npos)
      << lastError();
  EXPECT_NE(lastError().find("float32"), std::string::npos);
}

TEST_F(FakeModelTest, RejectsWrongCount) {
  EXPECT_EQ(aicc_context_run(ctx.get(), in, 1, out, 1),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_NE(lastError().find("2 inputs"), std::string::npos) << lastError();
  EXPECT_EQ(aicc_context_run(ctx.get(), in, 2, out, 2),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(aicc_context_run(ctx.get(), nullptr, 2, out, 1),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(aicc_context_run(nullptr, in, 2, out, 1),
            AICC_ERR_INVALID_ARGUMENT);
}

TEST_F(FakeModelTest, RejectsNullBuffer) {
  in[0].data = nullptr;
  EXPECT_EQ(run(), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_NE(lastError().find("NULL"), std::string::npos) << lastError();
}

TEST_F(FakeModelTest, RejectsTooSmallBuffer) {
  out[0].size_bytes = 23;
  EXPECT_EQ(run(), AICC_ERR_BUFFER_TOO_SMALL);
  EXPECT_NE(lastError().find("23"), std::string::npos) << lastError();
  // A larger buffer is fine, and the error clears on success.
  out[0].size_bytes = 100;
  EXPECT_EQ(run(), AICC_OK);
  EXPECT_EQ(lastError(), "");
}

TEST_F(FakeModelTest, ContextKeepsModelAlive) {
  aicc_model_release(model.release());
  ASSERT_EQ(run(), AICC_OK) << lastError();
  EXPECT_FLOAT_EQ(sum[5], 66.0f);
}

TEST_F(FakeModelTest, ContextOptions) {
  aicc_context_options_t opts;
  aicc_context_options_init(&opts);
  EXPECT_EQ(opts.num_threads, 0);
  opts.num_threads = 3;
  aicc_context_t *c = nullptr;
  ASSERT_EQ(aicc_context_create(model.get(), &opts, &c), AICC_OK);
  EXPECT_EQ(aicc_context_num_threads(c), 3);
  EXPECT_EQ(aicc_context_model(c), model.get());
  aicc_context_release(c);
  opts.num_threads = -1;
  EXPECT_EQ(aicc_context_create(model.get(), &opts, &c),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(c, nullptr);
  EXPECT_EQ(aicc_context_create(nullptr, nullptr, &c),
            AICC_ERR_INVALID_ARGUMENT);
}

TEST(RuntimeTest, TwoContextsRunConcurrently) {
  ModelPtr model = loadOrDie(AICC_TEST_FAKE_MODEL);
  ASSERT_TRUE(model);
  auto worker = [&](float base, int *failures) {
    aicc_context_t *c = nullptr;
    if (aicc_context_create(model.get(), nullptr, &c) != AICC_OK) {
      ++*failures;
      return;
    }
    std::vector<float> a(6), b(6), s(6);
    for (int iter = 0; iter < 2000; ++iter) {
      for (int i = 0; i < 6; ++i) {
        a[i] = base + iter;
        b[i] = static_cast<float>(i);
      }
      aicc_tensor_t in[2] = {tensorOf(a), tensorOf(b)}, out[1] = {tensorOf(s)};
      if (aicc_context_run(c, in, 2, out, 1) != AICC_OK)
        ++*failures;
      for (int i = 0; i < 6; ++i)
        *failures += s[i] != base + iter + i;
    }
    aicc_context_release(c);
  };
  int f1 = 0, f2 = 0;
  std::thread t1(worker, 0.0f, &f1), t2(worker, 100000.0f, &f2);
  t1.join();
  t2.join();
  EXPECT_EQ(f1, 0);
  EXPECT_EQ(f2, 0);
}

TEST(RuntimeTest, SameContextOnTwoThreadsIsBusy) {
  ModelPtr model = loadOrDie(AICC_TEST_FAKE_MODEL_BLOCKS);
  ASSERT_TRUE(model);
  // The runtime holds the library open, so this only finds the hooks.
  void *lib = dlopen(AICC_TEST_FAKE_MODEL_BLOCKS, RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(lib, nullptr);
  auto isRunning = reinterpret_cast<int (*)()>(dlsym(lib, "fake_is_running"));
  auto unblock = reinterpret_cast<void (*)()>(dlsym(lib, "fake_unblock"));
  ASSERT_TRUE(isRunning && unblock);
  aicc_context_t *c = nullptr;
  ASSERT_EQ(aicc_context_create(model.get(), nullptr, &c), AICC_OK);
  std::vector<float> a(6, 1.0f), b(6, 2.0f), s(6);
  aicc_tensor_t in[2] = {tensorOf(a), tensorOf(b)}, out[1] = {tensorOf(s)};
  aicc_status_t first = AICC_ERR_EXECUTION;
  std::thread runner([&] { first = aicc_context_run(c, in, 2, out, 1); });
  while (!isRunning())
    std::this_thread::yield();
  std::vector<float> s2(6);
  aicc_tensor_t out2[1] = {tensorOf(s2)};
  EXPECT_EQ(aicc_context_run(c, in, 2, out2, 1), AICC_ERR_BUSY);
  unblock();
  runner.join();
  EXPECT_EQ(first, AICC_OK);
  EXPECT_EQ(s[0], 3.0f);
  EXPECT_EQ(aicc_context_run(c, in, 2, out2, 1), AICC_OK) << "usable again";
  aicc_context_release(c);
  dlclose(lib);
}

TEST(RuntimeTest, ExecutionFailureIsReported) {
  ModelPtr model = loadOrDie(AICC_TEST_FAKE_MODEL_FAILS);
  ASSERT_TRUE(model);
  aicc_context_t *c = nullptr;
  ASSERT_EQ(aicc_context_create(model.get(), nullptr, &c), AICC_OK);
  std::vector<float> a(6), b(6), s(6);
  aicc_tensor_t in[2] = {tensorOf(a), tensorOf(b)}, out[1] = {tensorOf(s)};
  EXPECT_EQ(aicc_context_run(c, in, 2, out, 1), AICC_ERR_EXECUTION);
  EXPECT_NE(std::string(aicc_context_last_error(c)).find("7"),
            std::string::npos);
  aicc_context_release(c);
}

TEST(RuntimeLoadTest, NonexistentPath) {
  std::string err = loadError("/nonexistent/model.so", AICC_ERR_LOAD);
  EXPECT_NE(err.find("/nonexistent/model.so"), std::string::npos) << err;
}

TEST(RuntimeLoadTest, NullArguments) {
  aicc_model_t *m = nullptr;
  EXPECT_EQ(aicc_model_load(nullptr, &m, nullptr, 0),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(aicc_model_load(AICC_TEST_FAKE_MODEL, nullptr, nullptr, 0),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(aicc_model_from_descriptor(nullptr, &m, nullptr, 0),
            AICC_ERR_ABI_MISMATCH);
  aicc_model_release(nullptr);
  aicc_context_release(nullptr);
  EXPECT_STREQ(aicc_model_name(nullptr), "");
  EXPECT_EQ(aicc_model_num_inputs(nullptr), 0u);
}

std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "aicc_runtime_test_" + name;
}

TEST(RuntimeLoadTest, PlainTextFile) {
  std::string path = tempPath("text.so");
  std::ofstream(path) << "this is not a shared library\n";
  loadError(path.c_str(), AICC_ERR_LOAD);
  std::remove(path.c_str());
}

TEST(RuntimeLoadTest, TruncatedLibrary) {
  std::ifstream src(AICC_TEST_FAKE_MODEL, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(src)),
                          std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 1000u);
  // Every cut point would be slow; a prime stride hits headers, segment
  // boundaries and the section table at different offsets.
  std::string path = tempPath("truncated.so");
  for (size_t keep = 0; keep < bytes.size(); keep += 97) {
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(keep));
    loadError(path.c_str(), AICC_ERR_LOAD);
  }
  std::remove(path.c_str());
}

TEST(RuntimeLoadTest, LibraryWithoutDescriptor) {
  std::string err =
      loadError(AICC_TEST_FAKE_MODEL_NO_SYMBOL, AICC_ERR_ABI_MISMATCH);
  EXPECT_NE(err.find(AICC_ABI_MODEL_SYMBOL), std::string::npos) << err;
}

TEST(RuntimeLoadTest, WrongAbiVersion) {
  std::string err =
      loadError(AICC_TEST_FAKE_MODEL_BAD_VERSION, AICC_ERR_ABI_MISMATCH);
  EXPECT_NE(err.find("99"), std::string::npos) << err;
}

TEST(RuntimeLoadTest, NullTensorList) {
  loadError(AICC_TEST_FAKE_MODEL_NULL_TENSORS, AICC_ERR_INVALID_MODEL);
}

TEST(RuntimeLoadTest, NegativeDimension) {
  std::string err =
      loadError(AICC_TEST_FAKE_MODEL_BAD_DIM, AICC_ERR_INVALID_MODEL);
  EXPECT_NE(err.find("'b'"), std::string::npos) << err;
}

TEST(RuntimeLoadTest, ErrorBufferIsTruncatedSafely) {
  aicc_model_t *m = nullptr;
  char err[8];
  std::memset(err, 'x', sizeof err);
  EXPECT_EQ(aicc_model_load("/nonexistent/model.so", &m, err, sizeof err),
            AICC_ERR_LOAD);
  EXPECT_EQ(std::strlen(err), 7u);
}

// A descriptor linked into the program, as with aicc -emit=obj.
int32_t negate(const aicc_abi_exec_t *, void *const *inputs, void *const *outputs,
               void *) {
  const int64_t *x = static_cast<const int64_t *>(inputs[0]);
  *static_cast<int64_t *>(outputs[0]) = -*x;
  return 0;
}

TEST(RuntimeDescriptorTest, StaticDescriptorScalar) {
  static const aicc_abi_tensor_t x = {"x", AICC_DTYPE_INT64, 0, nullptr};
  static const aicc_abi_tensor_t y = {"y", AICC_DTYPE_INT64, 0, nullptr};
  static const aicc_abi_model_t desc = {
      AICC_ABI_VERSION, 0, "neg", nullptr, 1, 1, &x, &y, 0, 0, negate, AICC_ABI_DEVICE_CPU, 0, nullptr};
  aicc_model_t *m = nullptr;
  char err[256];
  ASSERT_EQ(aicc_model_from_descriptor(&desc, &m, err, sizeof err), AICC_OK)
      << err;
  EXPECT_STREQ(aicc_model_producer(m), "");
  aicc_context_t *c = nullptr;
  ASSERT_EQ(aicc_context_create(m, nullptr, &c), AICC_OK);
  int64_t in = 42, out = 0;
  aicc_tensor_t ti = {AICC_DTYPE_INT64, 0, nullptr, &in, sizeof in};
  aicc_tensor_t to = {AICC_DTYPE_INT64, 0, nullptr, &out, sizeof out};
  EXPECT_EQ(aicc_context_run(c, &ti, 1, &to, 1), AICC_OK)
      << aicc_context_last_error(c);
  EXPECT_EQ(out, -42);
  aicc_context_release(c);
  aicc_model_release(m);
}

// A model whose entry point splits its output over exec->parallel_for the
// way compiled code does: out[i] counts how often item i ran, and the run
// reports the exec it got.
struct ParallelProbe {
  int64_t n;
  int32_t *hits;
  std::atomic<int> tasks{0};
};
std::atomic<int32_t> probeThreads{0};
std::atomic<bool> probeHadPool{false};

int32_t countItems(const aicc_abi_exec_t *exec, void *const *inputs,
                   void *const *outputs, void *) {
  ParallelProbe probe;
  probe.n = *static_cast<const int64_t *>(inputs[0]);
  probe.hits = static_cast<int32_t *>(outputs[0]);
  auto task = [](void *ctx, int64_t begin, int64_t end) {
    auto *p = static_cast<ParallelProbe *>(ctx);
    p->tasks++;
    for (int64_t i = begin; i < end; ++i)
      __atomic_fetch_add(&p->hits[i], 1, __ATOMIC_RELAXED);
  };
  probeThreads = exec ? exec->num_threads : 0;
  probeHadPool = exec && exec->parallel_for;
  if (exec && exec->parallel_for)
    exec->parallel_for(exec->pool, probe.n, task, &probe);
  else
    task(&probe, 0, probe.n);
  return 0;
}

TEST(RuntimeThreadsTest, ParallelForCoversEveryItemOnce) {
  static const int64_t cap = 64;
  static const aicc_abi_tensor_t x = {"n", AICC_DTYPE_INT64, 0, nullptr};
  static const aicc_abi_tensor_t y = {"hits", AICC_DTYPE_INT32, 1, &cap};
  static const aicc_abi_model_t desc = {
      AICC_ABI_VERSION, 0, "probe", "", 1, 1, &x, &y, 0, 0, countItems, AICC_ABI_DEVICE_CPU, 0, nullptr};
  aicc_model_t *m = nullptr;
  char err[256];
  ASSERT_EQ(aicc_model_from_descriptor(&desc, &m, err, sizeof err), AICC_OK) << err;
  for (int32_t threads : {1, 2, 3, 7}) {
    aicc_context_options_t opts;
    aicc_context_options_init(&opts);
    opts.num_threads = threads;
    aicc_context_t *c = nullptr;
    ASSERT_EQ(aicc_context_create(m, &opts, &c), AICC_OK);
    EXPECT_EQ(aicc_context_num_threads(c), threads);
    // Many runs in a row: workers go from spinning to sleeping and back.
    for (int64_t n : {int64_t(0), int64_t(1), int64_t(2), int64_t(5), int64_t(64)}) {
      for (int rep = 0; rep < 50; ++rep) {
        int32_t hits[64] = {0};
        aicc_tensor_t ti = {AICC_DTYPE_INT64, 0, nullptr, &n, sizeof n};
        aicc_tensor_t to = {AICC_DTYPE_INT32, 1, &cap, hits, sizeof hits};
        ASSERT_EQ(aicc_context_run(c, &ti, 1, &to, 1), AICC_OK);
        for (int64_t i = 0; i < 64; ++i)
          ASSERT_EQ(hits[i], i < n ? 1 : 0)
              << "item " << i << " of " << n << " with " << threads << " threads";
      }
    }
    EXPECT_EQ(probeThreads.load(), threads);
    EXPECT_EQ(probeHadPool.load(), threads > 1);
    aicc_context_release(c);
  }
  // The default is one thread per usable CPU.
  aicc_context_t *c = nullptr;
  ASSERT_EQ(aicc_context_create(m, nullptr, &c), AICC_OK);
  EXPECT_GE(aicc_context_num_threads(c), 1);
  EXPECT_LE(aicc_context_num_threads(c), AICC_MAX_THREADS);
  aicc_context_release(c);
  aicc_context_options_t opts;
  aicc_context_options_init(&opts);
  opts.num_threads = AICC_MAX_THREADS + 1;
  EXPECT_EQ(aicc_context_create(m, &opts, &c), AICC_ERR_INVALID_ARGUMENT);
  aicc_model_release(m);
}

TEST(RuntimeDescriptorTest, RejectsBadDescriptors) {
  static const aicc_abi_tensor_t x = {"x", AICC_DTYPE_FLOAT32, 2, kShape23};
  static const aicc_abi_tensor_t noname = {nullptr, AICC_DTYPE_FLOAT32, 0,
                                           nullptr};
  static const aicc_abi_tensor_t baddtype = {"x", 8 /* string */, 0, nullptr};
  static const aicc_abi_tensor_t badrank = {"x", AICC_DTYPE_FLOAT32, 3,
                                            nullptr};
  const int64_t huge[3] = {int64_t(1) << 40, int64_t(1) << 40, 1 << 20};
  const aicc_abi_tensor_t overflow = {"x", AICC_DTYPE_FLOAT32, 3, huge};
  aicc_abi_model_t good = {
      AICC_ABI_VERSION, 0, "m", "p", 1, 1, &x, &x, 64, 16, negate, AICC_ABI_DEVICE_CPU, 0, nullptr};
  aicc_model_t *m = nullptr;
  char err[256];
  ASSERT_EQ(aicc_model_from_descriptor(&good, &m, err, sizeof err), AICC_OK);
  aicc_model_release(m);

  auto expectInvalid = [&](aicc_abi_model_t d, aicc_status_t want) {
    aicc_model_t *bad = nullptr;
    char msg[256] = "";
    EXPECT_EQ(aicc_model_from_descriptor(&d, &bad, msg, sizeof msg), want);
    EXPECT_EQ(bad, nullptr);
    EXPECT_GT(std::strlen(msg), 0u);
  };
  aicc_abi_model_t d = good;
  d.run = nullptr;
  expectInvalid(d, AICC_ERR_INVALID_MODEL);
  d = good;
  d.arena_alignment = 24;
  expectInvalid(d, AICC_ERR_INVALID_MODEL);
  d = good;
  d.num_outputs = -1;
  expectInvalid(d, AICC_ERR_INVALID_MODEL);
  d = good;
  d.inputs = &noname;
  expectInvalid(d, AICC_ERR_INVALID_MODEL);
  d.inputs = &baddtype;
  expectInvalid(d, AICC_ERR_INVALID_MODEL);
  d.inputs = &badrank;
  expectInvalid(d, AICC_ERR_INVALID_MODEL);
  d.inputs = &overflow;
  expectInvalid(d, AICC_ERR_INVALID_MODEL);
  d = good;
  d.abi_version = AICC_ABI_VERSION + 1;
  expectInvalid(d, AICC_ERR_ABI_MISMATCH);
}

TEST(RuntimeStatusTest, StringsAndDtypes) {
  for (int s = AICC_OK; s <= AICC_ERR_UNAVAILABLE; ++s)
    EXPECT_GT(std::strlen(aicc_status_string(static_cast<aicc_status_t>(s))),
              0u);
  EXPECT_STREQ(aicc_status_string(static_cast<aicc_status_t>(1234)),
               "unknown status");
  EXPECT_EQ(aicc_dtype_size(AICC_DTYPE_FLOAT32), 4u);
  EXPECT_EQ(aicc_dtype_size(AICC_DTYPE_BOOL), 1u);
  EXPECT_EQ(aicc_dtype_size(AICC_DTYPE_BFLOAT16), 2u);
  EXPECT_EQ(aicc_dtype_size(AICC_DTYPE_UINT64), 8u);
  EXPECT_EQ(aicc_dtype_size(static_cast<aicc_dtype_t>(8)), 0u);
  EXPECT_STREQ(aicc_dtype_name(AICC_DTYPE_INT64), "int64");
  EXPECT_STREQ(aicc_dtype_name(static_cast<aicc_dtype_t>(99)), "invalid");
  EXPECT_STREQ(aicc_context_last_error(nullptr), "context is NULL");
}

} // namespace
