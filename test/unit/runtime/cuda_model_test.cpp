// Tests for models compiled with -target=cuda (aicc/abi.h version 4,
// runtime/src/cuda_model.c and cuda_program.c) on the fake driver
// (fake_libcuda.c: an sm_80 whose `add3` kernel computes out = a + b).
#include "aicc/cuda.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

const char kAddPTX[] = "//\n.version 8.0\n.target sm_80\n.visible .entry add3(\n)\n";

/// A hand-written CUDA model: y = 2 * (x + w) for 4 floats, in two launches
/// through the arena: t = x + w; y = t + t.
struct CudaModel {
  int64_t shape[1] = {4};
  aicc_abi_tensor_t x{"x", AICC_DTYPE_FLOAT32, 1, shape};
  aicc_abi_tensor_t y{"y", AICC_DTYPE_FLOAT32, 1, shape};
  float weights[4] = {1, 2, 3, 4};
  aicc_abi_cuda_image_t image{AICC_ABI_CUDA_IMAGE_PTX, 80, 0, 0, kAddPTX, sizeof kAddPTX};
  aicc_abi_cuda_arg_t args0[3] = {{AICC_ABI_CUDA_ARG_INPUT, 0, 0},
                                  {AICC_ABI_CUDA_ARG_WEIGHTS, 0, 0},
                                  {AICC_ABI_CUDA_ARG_ARENA, 0, 64}};
  aicc_abi_cuda_arg_t args1[3] = {{AICC_ABI_CUDA_ARG_ARENA, 0, 64},
                                  {AICC_ABI_CUDA_ARG_ARENA, 0, 64},
                                  {AICC_ABI_CUDA_ARG_OUTPUT, 0, 0}};
  aicc_abi_cuda_launch_t launches[2] = {{"add3", {1, 1, 1}, {4, 1, 1}, 0, 3, args0},
                                        {"add3", {1, 1, 1}, {4, 1, 1}, 0, 3, args1}};
  aicc_abi_cuda_program_t program{1, 2, &image, launches, weights, sizeof weights};
  aicc_abi_model_t desc{};

  CudaModel() {
    desc.abi_version = AICC_ABI_VERSION;
    desc.name = "add";
    desc.producer = "test";
    desc.num_inputs = 1;
    desc.num_outputs = 1;
    desc.inputs = &x;
    desc.outputs = &y;
    desc.arena_bytes = 128;
    desc.arena_alignment = 64;
    desc.device = AICC_ABI_DEVICE_CUDA;
    desc.cuda = &program;
  }

  aicc_status_t load(aicc_model_t **m, std::string *why = nullptr) {
    char err[512] = "";
    aicc_status_t st = aicc_model_from_descriptor(&desc, m, err, sizeof err);
    if (why)
      *why = err;
    return st;
  }
};

aicc_cuda_device_t *fakeDevice() {
  aicc_cuda_device_t *d = nullptr;
  char err[256] = "";
  EXPECT_EQ(aicc_cuda_device_create(AICC_TEST_FAKE_LIBCUDA, 0, &d, err, sizeof err), AICC_OK)
      << err;
  return d;
}

TEST(CudaModelTest, RunsOnHostTensorsAndDeviceBuffers) {
  CudaModel cm;
  aicc_model_t *m = nullptr;
  ASSERT_EQ(cm.load(&m), AICC_OK);
  EXPECT_EQ(aicc_model_device(m), AICC_ABI_DEVICE_CUDA);
  aicc_cuda_device_t *d = fakeDevice();
  ASSERT_NE(d, nullptr);
  int arch = 0;
  EXPECT_EQ(aicc_cuda_device_arch(d, &arch, nullptr, 0), AICC_OK);
  EXPECT_EQ(arch, 80);
  aicc_cuda_context_t *ctx = nullptr;
  char err[512] = "";
  ASSERT_EQ(aicc_cuda_context_create(m, d, &ctx, err, sizeof err), AICC_OK) << err;
  EXPECT_STREQ(aicc_cuda_context_image(ctx), "ptx sm_80 (compiled by the driver)");
  // The context holds its own references.
  aicc_model_release(m);
  aicc_cuda_device_release(d);

  float x[4] = {0.5f, -1, 10, 0}, y[4] = {};
  aicc_tensor_t in = {AICC_DTYPE_FLOAT32, 1, cm.shape, x, sizeof x};
  aicc_tensor_t out = {AICC_DTYPE_FLOAT32, 1, cm.shape, y, sizeof y};
  ASSERT_EQ(aicc_cuda_context_run(ctx, &in, 1, &out, 1), AICC_OK)
      << aicc_cuda_context_last_error(ctx);
  const float want[4] = {3, 2, 26, 8};
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(y[i], want[i]) << i;

  // Checked like a CPU context's run.
  float small[2];
  aicc_tensor_t bad = {AICC_DTYPE_FLOAT32, 1, cm.shape, small, sizeof small};
  EXPECT_EQ(aicc_cuda_context_run(ctx, &in, 1, &bad, 1), AICC_ERR_BUFFER_TOO_SMALL);
  EXPECT_STREQ(aicc_cuda_context_last_error(ctx),
               "output 0 ('y'): buffer has 8 bytes, tensor needs 16");
  EXPECT_EQ(aicc_cuda_context_run(ctx, &in, 1, &out, 0), AICC_ERR_INVALID_ARGUMENT);

  // Device buffers (the fake's device memory is host memory).
  float dx[4] = {1, 1, 1, 1}, dy[4] = {};
  uint64_t din = (uint64_t)(uintptr_t)dx, dout = (uint64_t)(uintptr_t)dy;
  ASSERT_EQ(aicc_cuda_context_run_device(ctx, &din, 1, &dout, 1), AICC_OK);
  EXPECT_EQ(dy[3], 10.0f);
  uint64_t null = 0;
  EXPECT_EQ(aicc_cuda_context_run_device(ctx, &null, 1, &dout, 1), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_cuda_context_last_error(ctx), "input 0 has a NULL device address");
  aicc_cuda_context_release(ctx);
}

TEST(CudaModelTest, DevicesDoNotMix) {
  CudaModel cm;
  aicc_model_t *m = nullptr;
  ASSERT_EQ(cm.load(&m), AICC_OK);
  // A CPU context refuses a CUDA model.
  aicc_context_t *cpu = nullptr;
  EXPECT_EQ(aicc_context_create(m, nullptr, &cpu), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(cpu, nullptr);
  aicc_model_release(m);
}

TEST(CudaModelTest, NoImageForTheDevice) {
  CudaModel cm;
  cm.image.arch = 90; // PTX for sm_90 cannot run on the sm_80
  aicc_model_t *m = nullptr;
  ASSERT_EQ(cm.load(&m), AICC_OK);
  aicc_cuda_device_t *d = fakeDevice();
  aicc_cuda_context_t *ctx = nullptr;
  char err[512] = "";
  EXPECT_EQ(aicc_cuda_context_create(m, d, &ctx, err, sizeof err), AICC_ERR_LOAD);
  EXPECT_STREQ(err, "model 'add' has no image for this GPU (sm_80); it has ptx sm_90: "
                    "recompile with -cuda-arch=sm_80");
  EXPECT_EQ(ctx, nullptr);
  aicc_cuda_device_release(d);
  aicc_model_release(m);
}

TEST(CudaModelTest, MissingKernelIsAnError) {
  CudaModel cm;
  cm.launches[1].kernel = "mul3";
  aicc_model_t *m = nullptr;
  ASSERT_EQ(cm.load(&m), AICC_OK);
  aicc_cuda_device_t *d = fakeDevice();
  aicc_cuda_context_t *ctx = nullptr;
  char err[512] = "";
  EXPECT_EQ(aicc_cuda_context_create(m, d, &ctx, err, sizeof err), AICC_ERR_INVALID_MODEL);
  EXPECT_EQ(std::string(err).rfind("kernel 'mul3' is not in the module", 0), 0u) << err;
  aicc_cuda_device_release(d);
  aicc_model_release(m);
}

// The program comes from a file: every field is checked at load.
TEST(CudaModelTest, MalformedProgramsAreRejected) {
  struct Case {
    const char *why;
    void (*corrupt)(CudaModel &);
  } cases[] = {
      {"no program", [](CudaModel &c) { c.desc.cuda = nullptr; }},
      {"invalid image list", [](CudaModel &c) { c.program.num_images = 0; }},
      {"unknown image kind", [](CudaModel &c) { c.image.kind = 7; }},
      {"not NUL-terminated", [](CudaModel &c) { c.image.size = sizeof kAddPTX - 1; }},
      {"weights without data", [](CudaModel &c) { c.program.weights = nullptr; }},
      {"empty grid or block", [](CudaModel &c) { c.launches[0].grid[1] = 0; }},
      {"more than 1024 threads", [](CudaModel &c) { c.launches[0].block[1] = 512; }},
      {"without a kernel name", [](CudaModel &c) { c.launches[0].kernel = nullptr; }},
      {"invalid argument list", [](CudaModel &c) { c.launches[0].args = nullptr; }},
      {"unknown argument kind", [](CudaModel &c) { c.args0[1].kind = 9; }},
      {"missing input", [](CudaModel &c) { c.args0[0].index = 1; }},
      {"missing output", [](CudaModel &c) { c.args1[2].index = -1; }},
      {"outside its buffer", [](CudaModel &c) { c.args0[2].value = 128; }},
      {"outside its buffer", [](CudaModel &c) { c.args0[1].value = 1u << 20; }},
      {"not 4 or 8 bytes", [](CudaModel &c) {
         c.args0[1] = {AICC_ABI_CUDA_ARG_SCALAR, 2, 0};
       }},
      {"unknown device", [](CudaModel &c) { c.desc.device = 5; }},
      {"static input shapes", [](CudaModel &c) { c.shape[0] = -1; }},
  };
  for (const Case &c : cases) {
    CudaModel cm;
    c.corrupt(cm);
    aicc_model_t *m = reinterpret_cast<aicc_model_t *>(1);
    std::string why;
    EXPECT_EQ(cm.load(&m, &why), AICC_ERR_INVALID_MODEL) << c.why;
    EXPECT_EQ(m, nullptr);
    EXPECT_NE(why.find(c.why), std::string::npos) << why;
  }
}

TEST(CudaModelTest, CpuModelsOfVersionThreeStillLoad) {
  int64_t shape[1] = {1};
  aicc_abi_tensor_t t{"t", AICC_DTYPE_FLOAT32, 1, shape};
  // A version-3 descriptor ends after `run`: copy only that much.
  aicc_abi_model_t full{};
  full.abi_version = 3;
  full.name = "old";
  full.num_inputs = full.num_outputs = 1;
  full.inputs = full.outputs = &t;
  full.run = [](const aicc_abi_exec_t *, void *const *, void *const *, void *) -> int32_t {
    return 0;
  };
  full.device = 77; // beyond a v3 descriptor: never read
  aicc_model_t *m = nullptr;
  char err[256] = "";
  ASSERT_EQ(aicc_model_from_descriptor(&full, &m, err, sizeof err), AICC_OK) << err;
  EXPECT_EQ(aicc_model_device(m), AICC_ABI_DEVICE_CPU);
  aicc_model_release(m);
}

// ---------------------------------------------------------------------------
// CUDA graphs, through the fake driver's recording graphs and its hooks.

/// The fake driver's test hooks (fake_libcuda.c), from the library the
/// runtime opens (dlopen returns the same handle).
struct FakeDriver {
  void *lib = nullptr;
  void (*failAt)(const char *) = nullptr;
  void (*counts)(int *, int *, int *, int *) = nullptr;
  int direct = 0, graph = 0, captures = 0, live = 0;

  explicit FakeDriver(const char *path) {
    lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
      return;
    *(void **)(&failAt) = dlsym(lib, "fake_cuda_fail");
    *(void **)(&counts) = dlsym(lib, "fake_cuda_counts");
    failAt(nullptr);
    snapshot();
  }
  ~FakeDriver() {
    if (failAt)
      failAt(nullptr);
    if (lib)
      dlclose(lib);
  }
  /// Counts since the last snapshot: launches run directly, graph launches,
  /// captures, and the change in live graphs.
  void delta(int *d, int *g, int *c, int *l) {
    int nd, ng, nc, nl;
    counts(&nd, &ng, &nc, &nl);
    *d = nd - direct, *g = ng - graph, *c = nc - captures, *l = nl - live;
  }
  void snapshot() { counts(&direct, &graph, &captures, &live); }
};

/// A context of the two-launch model on the fake driver at `path`.
struct GraphFixture {
  CudaModel cm;
  aicc_model_t *m = nullptr;
  aicc_cuda_device_t *d = nullptr;
  aicc_cuda_context_t *ctx = nullptr;
  float x[4] = {0.5f, -1, 10, 0}, y[4] = {};
  aicc_tensor_t in{AICC_DTYPE_FLOAT32, 1, cm.shape, x, sizeof x};
  aicc_tensor_t out{AICC_DTYPE_FLOAT32, 1, cm.shape, y, sizeof y};

  explicit GraphFixture(const char *path = AICC_TEST_FAKE_LIBCUDA) {
    char err[512] = "";
    EXPECT_EQ(cm.load(&m), AICC_OK);
    EXPECT_EQ(aicc_cuda_device_create(path, 0, &d, err, sizeof err), AICC_OK) << err;
    EXPECT_EQ(aicc_cuda_context_create(m, d, &ctx, err, sizeof err), AICC_OK) << err;
  }
  ~GraphFixture() {
    aicc_cuda_context_release(ctx);
    aicc_cuda_device_release(d);
    aicc_model_release(m);
  }
  /// Runs on host tensors and checks y = 2 * (x + w).
  aicc_status_t run() {
    for (float &v : y)
      v = 0;
    aicc_status_t st = aicc_cuda_context_run(ctx, &in, 1, &out, 1);
    const float want[4] = {3, 2, 26, 8};
    for (int i = 0; st == AICC_OK && i < 4; ++i)
      EXPECT_EQ(y[i], want[i]) << i;
    return st;
  }
};

TEST(CudaGraphTest, CapturedOnceThenReplayed) {
  FakeDriver fake(AICC_TEST_FAKE_LIBCUDA);
  ASSERT_NE(fake.counts, nullptr) << dlerror();
  int direct, graph, captures, live;
  {
    GraphFixture f;
    ASSERT_NE(f.ctx, nullptr);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx), "no run yet");
    ASSERT_EQ(f.run(), AICC_OK) << aicc_cuda_context_last_error(f.ctx);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx), "graph (captured on this run)");
    for (int i = 0; i < 3; ++i) {
      f.x[0] = 0.5f + i; // new input values, same device buffers: replayed
      ASSERT_EQ(aicc_cuda_context_run(f.ctx, &f.in, 1, &f.out, 1), AICC_OK);
      EXPECT_EQ(f.y[0], 2 * (f.x[0] + 1));
      EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx), "graph (replayed)");
    }
    fake.delta(&direct, &graph, &captures, &live);
    EXPECT_EQ(direct, 0);   // no kernel ran outside the graph
    EXPECT_EQ(captures, 1); // one capture of both launches
    EXPECT_EQ(graph, 4);    // one cuGraphLaunch per run
    EXPECT_EQ(live, 1);     // the instantiated graph; the captured one is gone

    // Other device addresses: a new graph on them.
    float dx[4] = {1, 1, 1, 1}, dy[4] = {};
    uint64_t din = (uint64_t)(uintptr_t)dx, dout = (uint64_t)(uintptr_t)dy;
    ASSERT_EQ(aicc_cuda_context_run_device(f.ctx, &din, 1, &dout, 1), AICC_OK);
    EXPECT_EQ(dy[3], 10.0f);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx), "graph (captured on this run)");
    ASSERT_EQ(aicc_cuda_context_run_device(f.ctx, &din, 1, &dout, 1), AICC_OK);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx), "graph (replayed)");
    fake.delta(&direct, &graph, &captures, &live);
    EXPECT_EQ(captures, 2);
    EXPECT_EQ(live, 1); // the first graph was destroyed
  }
  fake.delta(&direct, &graph, &captures, &live);
  EXPECT_EQ(live, 0); // released with the context
}

TEST(CudaGraphTest, TurnedOff) {
  FakeDriver fake(AICC_TEST_FAKE_LIBCUDA);
  ASSERT_NE(fake.counts, nullptr);
  int direct, graph, captures, live;
  {
    GraphFixture f;
    ASSERT_NE(f.ctx, nullptr);
    ASSERT_EQ(f.run(), AICC_OK); // captured
    fake.snapshot();
    ASSERT_EQ(aicc_cuda_context_set_graphs(f.ctx, 0), AICC_OK);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx),
                 "launches (graphs turned off by the caller)");
    ASSERT_EQ(f.run(), AICC_OK);
    ASSERT_EQ(f.run(), AICC_OK);
    fake.delta(&direct, &graph, &captures, &live);
    EXPECT_EQ(direct, 4);
    EXPECT_EQ(graph, 0);
    EXPECT_EQ(live, -1); // the graph went with set_graphs(0)
    EXPECT_EQ(aicc_cuda_context_set_graphs(f.ctx, 2), AICC_ERR_INVALID_ARGUMENT);
    EXPECT_STREQ(aicc_cuda_context_last_error(f.ctx),
                 "aicc_cuda_context_set_graphs: enable is 2, not 0 or 1");
    EXPECT_EQ(aicc_cuda_context_set_graphs(nullptr, 1), AICC_ERR_INVALID_ARGUMENT);
    ASSERT_EQ(aicc_cuda_context_set_graphs(f.ctx, 1), AICC_OK);
    ASSERT_EQ(f.run(), AICC_OK);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx), "graph (captured on this run)");
  }
  // The environment variable, read when a context is created.
  setenv("AICC_CUDA_GRAPHS", "0", 1);
  {
    GraphFixture f;
    unsetenv("AICC_CUDA_GRAPHS");
    ASSERT_NE(f.ctx, nullptr);
    fake.snapshot();
    ASSERT_EQ(f.run(), AICC_OK);
    ASSERT_EQ(f.run(), AICC_OK);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx),
                 "launches (graphs turned off: AICC_CUDA_GRAPHS=0)");
    fake.delta(&direct, &graph, &captures, &live);
    EXPECT_EQ(direct, 4);
    EXPECT_EQ(captures, 0);
  }
  unsetenv("AICC_CUDA_GRAPHS");
}

TEST(CudaGraphTest, DriverWithoutGraphs) {
  FakeDriver fake(AICC_TEST_FAKE_LIBCUDA_NO_GRAPHS);
  ASSERT_NE(fake.counts, nullptr);
  ASSERT_EQ(dlsym(fake.lib, "cuGraphLaunch"), nullptr);
  GraphFixture f(AICC_TEST_FAKE_LIBCUDA_NO_GRAPHS);
  ASSERT_NE(f.ctx, nullptr);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(f.run(), AICC_OK) << aicc_cuda_context_last_error(f.ctx);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx),
                 "launches (the driver has no CUDA graph API)");
  }
  int direct, graph, captures, live;
  fake.delta(&direct, &graph, &captures, &live);
  EXPECT_EQ(direct, 6);
  EXPECT_EQ(captures, 0);
}

// A capture that fails at any step falls back to plain launches, for good,
// without leaking a graph; set_graphs(ctx, 1) tries again.
TEST(CudaGraphTest, FailedCaptureFallsBack) {
  FakeDriver fake(AICC_TEST_FAKE_LIBCUDA);
  ASSERT_NE(fake.counts, nullptr);
  struct Case {
    const char *entry, *mode;
  } cases[] = {
      {"cuStreamBeginCapture_v2", "launches (graph capture failed: cuStreamBeginCapture: "
                                  "operation not supported (CUresult 801))"},
      {"cuStreamEndCapture", "launches (graph capture failed: cuStreamEndCapture: operation "
                             "failed due to a previous error during capture (CUresult 901))"},
      {"cuGraphInstantiateWithFlags",
       "launches (graph capture failed: cuGraphInstantiate: fake error (CUresult 1))"},
  };
  for (const Case &c : cases) {
    GraphFixture f;
    ASSERT_NE(f.ctx, nullptr);
    fake.snapshot();
    fake.failAt(c.entry);
    ASSERT_EQ(f.run(), AICC_OK) << c.entry << ": " << aicc_cuda_context_last_error(f.ctx);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx), c.mode);
    fake.failAt(nullptr);
    ASSERT_EQ(f.run(), AICC_OK); // still plain launches: no second try
    int direct, graph, captures, live;
    fake.delta(&direct, &graph, &captures, &live);
    EXPECT_EQ(direct, 4) << c.entry;
    EXPECT_EQ(graph, 0) << c.entry;
    EXPECT_EQ(live, 0) << c.entry; // nothing leaked
    ASSERT_EQ(aicc_cuda_context_set_graphs(f.ctx, 1), AICC_OK);
    ASSERT_EQ(f.run(), AICC_OK);
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx), "graph (captured on this run)");
  }
}

TEST(CudaGraphTest, ErrorsAreStatusCodes) {
  FakeDriver fake(AICC_TEST_FAKE_LIBCUDA);
  ASSERT_NE(fake.counts, nullptr);
  {
    // A replay that fails.
    GraphFixture f;
    ASSERT_NE(f.ctx, nullptr);
    ASSERT_EQ(f.run(), AICC_OK);
    fake.failAt("cuGraphLaunch");
    EXPECT_EQ(aicc_cuda_context_run(f.ctx, &f.in, 1, &f.out, 1), AICC_ERR_EXECUTION);
    EXPECT_STREQ(aicc_cuda_context_last_error(f.ctx),
                 "model 'add': cuGraphLaunch: unspecified launch failure (CUresult 719)");
    // The first launch of a fresh capture, too.
    float dx[4] = {}, dy[4] = {};
    uint64_t din = (uint64_t)(uintptr_t)dx, dout = (uint64_t)(uintptr_t)dy;
    EXPECT_EQ(aicc_cuda_context_run_device(f.ctx, &din, 1, &dout, 1), AICC_ERR_EXECUTION);
    fake.failAt(nullptr);
  }
  {
    // A kernel launch refused while capturing: the capture is ended, the
    // plain launches fail the same way and say so.
    GraphFixture f;
    ASSERT_NE(f.ctx, nullptr);
    fake.snapshot();
    fake.failAt("cuLaunchKernel");
    EXPECT_EQ(aicc_cuda_context_run(f.ctx, &f.in, 1, &f.out, 1), AICC_ERR_EXECUTION);
    EXPECT_STREQ(aicc_cuda_context_last_error(f.ctx),
                 "launch 0 (add3): cuLaunchKernel: fake error (CUresult 1)");
    EXPECT_STREQ(aicc_cuda_context_launch_mode(f.ctx),
                 "launches (graph capture failed: launch 0 (add3): cuLaunchKernel: fake "
                 "error (CUresult 1))");
    fake.failAt(nullptr);
    int direct, graph, captures, live;
    fake.delta(&direct, &graph, &captures, &live);
    EXPECT_EQ(live, 0);
  }
}

} // namespace
