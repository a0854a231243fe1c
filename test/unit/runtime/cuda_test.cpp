// Tests for the runtime's CUDA backend (aicc/cuda.h) without a GPU: a fake
// driver library that runs on the CPU (fake_libcuda.c), a missing one, and
// CUDA's stub libcuda when the toolkit is installed.
#include "aicc/cuda.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <unistd.h>

namespace {

const char kPTX[] = "//\n.version 8.0\n.target sm_80\n.visible .entry scale2(\n"
                    ".param .u64 .ptr .align 1 scale2_param_0\n)\n{\n\tret;\n}\n";

TEST(CudaBackendTest, MissingDriverIsUnavailable) {
  aicc_cuda_device_t *d = reinterpret_cast<aicc_cuda_device_t *>(1);
  char err[256] = "";
  EXPECT_EQ(aicc_cuda_device_create("/nonexistent/libcuda.so.1", 0, &d, err, sizeof err),
            AICC_ERR_UNAVAILABLE);
  EXPECT_EQ(d, nullptr);
  EXPECT_NE(std::string(err).find("no CUDA driver: cannot load /nonexistent/libcuda.so.1"),
            std::string::npos) << err;
  EXPECT_STREQ(aicc_status_string(AICC_ERR_UNAVAILABLE), "device unavailable");
}

TEST(CudaBackendTest, NotADriverLibrary) {
  aicc_cuda_device_t *d = nullptr;
  char err[256] = "";
  // A library without the driver API's entry points.
  EXPECT_EQ(aicc_cuda_device_create(AICC_TEST_FAKE_MODEL, 0, &d, err, sizeof err),
            AICC_ERR_UNAVAILABLE);
  EXPECT_NE(std::string(err).find("has no cuInit: not a CUDA driver library"),
            std::string::npos) << err;
}

TEST(CudaBackendTest, NoDevice) {
  aicc_cuda_device_t *d = nullptr;
  char err[256] = "";
  EXPECT_EQ(aicc_cuda_device_create(AICC_TEST_FAKE_LIBCUDA_NO_DEVICE, 0, &d, err,
                                    sizeof err),
            AICC_ERR_UNAVAILABLE);
  EXPECT_STREQ(err, "cuInit: no CUDA-capable device is detected (CUresult 100)");
}

TEST(CudaBackendTest, StubDriverOfTheToolkit) {
  const char *stub = "/usr/local/cuda/lib64/stubs/libcuda.so";
  if (access(stub, R_OK) != 0)
    GTEST_SKIP() << "no CUDA toolkit stub at " << stub;
  aicc_cuda_device_t *d = nullptr;
  char err[256] = "";
  // The stub exports the API but every call fails: a clean status, no crash.
  EXPECT_EQ(aicc_cuda_device_create(stub, 0, &d, err, sizeof err), AICC_ERR_UNAVAILABLE);
  EXPECT_EQ(std::strncmp(err, "cuInit: ", 8), 0) << err;
}

TEST(CudaBackendTest, UploadLaunchDownload) {
  aicc_cuda_device_t *d = nullptr;
  char err[256] = "";
  ASSERT_EQ(aicc_cuda_device_create(AICC_TEST_FAKE_LIBCUDA, 0, &d, err, sizeof err),
            AICC_OK) << err;
  float host[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  uint64_t buf = 0;
  ASSERT_EQ(aicc_cuda_malloc(d, sizeof host, &buf, err, sizeof err), AICC_OK) << err;
  ASSERT_EQ(aicc_cuda_copy_to_device(d, buf, host, sizeof host, err, sizeof err), AICC_OK);
  aicc_cuda_module_t *m = nullptr;
  // Without its NUL, as read from a file: the backend terminates it.
  ASSERT_EQ(aicc_cuda_module_load(d, kPTX, std::strlen(kPTX), &m, err, sizeof err), AICC_OK)
      << err;
  aicc_cuda_device_release(d); // the module keeps the device alive
  const uint32_t grid[3] = {2, 1, 1}, block[3] = {4, 1, 1};
  void *args[] = {&buf};
  ASSERT_EQ(aicc_cuda_launch(m, "scale2", grid, block, args, err, sizeof err), AICC_OK)
      << err;
  EXPECT_EQ(aicc_cuda_launch(m, "missing", grid, block, args, err, sizeof err),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err, "cuModuleGetFunction: named symbol not found (CUresult 500)");
  float back[8] = {};
  ASSERT_EQ(aicc_cuda_copy_to_host(d, back, buf, sizeof back, err, sizeof err), AICC_OK);
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(back[i], 2.0f * (i + 1));
  aicc_cuda_free(d, buf);
  aicc_cuda_module_release(m);
}

TEST(CudaBackendTest, BadArguments) {
  char err[256] = "";
  EXPECT_EQ(aicc_cuda_device_create(nullptr, 0, nullptr, err, sizeof err),
            AICC_ERR_INVALID_ARGUMENT);
  aicc_cuda_device_t *d = nullptr;
  EXPECT_EQ(aicc_cuda_device_create(AICC_TEST_FAKE_LIBCUDA, -1, &d, err, sizeof err),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(d, nullptr);
  ASSERT_EQ(aicc_cuda_device_create(AICC_TEST_FAKE_LIBCUDA, 0, &d, err, sizeof err),
            AICC_OK);
  aicc_cuda_module_t *m = nullptr;
  EXPECT_EQ(aicc_cuda_module_load(d, "garbage", 7, &m, err, sizeof err), AICC_ERR_LOAD);
  EXPECT_EQ(m, nullptr);
  EXPECT_EQ(aicc_cuda_module_load(d, nullptr, 0, &m, err, sizeof err),
            AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(aicc_cuda_copy_to_device(d, 0, err, 4, err, sizeof err),
            AICC_ERR_INVALID_ARGUMENT);
  aicc_cuda_device_release(d);
}

} // namespace
