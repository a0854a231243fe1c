// End-to-end tests of the aicc-run command line on the fake add model:
// .npy and .pb inputs, --output-dir, --compare, --bench and error messages.
#include "host_tensor.h"
#include "proto_builder.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Result {
  int exitCode;
  std::string out, err;
};

std::string slurp(const std::string &path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class AiccRunCli : public ::testing::Test {
protected:
  void SetUp() override {
    if (std::string(AICC_RUN_PATH).empty())
      GTEST_SKIP() << "aicc-run is not part of this build";
    dir = ::testing::TempDir() + "aicc_run_cli_" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::system(("rm -rf '" + dir + "' && mkdir -p '" + dir + "'").c_str());
  }
  void TearDown() override {
    if (!dir.empty())
      std::system(("rm -rf '" + dir + "'").c_str());
  }

  Result run(const std::string &args) {
    std::string out = dir + "/stdout.txt", err = dir + "/stderr.txt";
    std::string cmd = std::string("'") + AICC_RUN_PATH + "' " + args + " >'" +
                      out + "' 2>'" + err + "'";
    int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out),
            slurp(err)};
  }

  void writeNpy(const std::string &name, std::vector<int64_t> shape,
                std::vector<float> vals) {
    aiccrun_tensor_t t;
    aiccrun_tensor_init(&t);
    char err[256];
    ASSERT_EQ(aiccrun_tensor_alloc(&t, AICC_DTYPE_FLOAT32,
                                   static_cast<int32_t>(shape.size()),
                                   shape.data(), err, sizeof err),
              0);
    std::memcpy(t.data, vals.data(), t.size_bytes);
    ASSERT_EQ(
        aiccrun_npy_write((dir + "/" + name).c_str(), &t, err, sizeof err), 0)
        << err;
    aiccrun_tensor_free(&t);
  }

  void writePb(const std::string &name, std::vector<int64_t> shape,
               std::vector<float> vals) {
    std::vector<uint8_t> b = aicc_test::floatTensorProto(shape, vals);
    std::ofstream(dir + "/" + name, std::ios::binary)
        .write(reinterpret_cast<const char *>(b.data()), b.size());
  }

  // The ONNX backend-test layout for out = a + b.
  void writeDataSet(float expectedDelta) {
    std::system(("mkdir -p '" + dir + "/data'").c_str());
    writePb("data/input_0.pb", {2, 3}, {1, 2, 3, 4, 5, 6});
    writePb("data/input_1.pb", {2, 3}, {10, 20, 30, 40, 50, 60});
    writePb("data/output_0.pb", {2, 3},
            {11, 22, 33, 44, 55, 66 + expectedDelta});
  }

  std::string model = AICC_TEST_FAKE_MODEL;
  std::string dir;
};

TEST_F(AiccRunCli, Help) {
  Result r = run("--help");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("usage: aicc-run"), std::string::npos);
}

TEST_F(AiccRunCli, NpyInputsToOutputDir) {
  writeNpy("a.npy", {2, 3}, {1, 2, 3, 4, 5, 6});
  writeNpy("b.npy", {2, 3}, {1, 1, 1, 1, 1, 1});
  Result r = run(model + " -i " + dir + "/a.npy -i " + dir +
                 "/b.npy --output-dir " + dir + "/out/nested");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  aiccrun_tensor_t t;
  char err[256];
  ASSERT_EQ(aiccrun_npy_read((dir + "/out/nested/output_0.npy").c_str(), &t,
                             err, sizeof err),
            0)
      << err;
  EXPECT_EQ(t.rank, 2);
  EXPECT_EQ(static_cast<float *>(t.data)[5], 7.0f);
  aiccrun_tensor_free(&t);
}

TEST_F(AiccRunCli, PlainRunPrintsOutputs) {
  writeNpy("a.npy", {2, 3}, {1, 2, 3, 4, 5, 6});
  Result r = run(model + " -i " + dir + "/a.npy -i " + dir + "/a.npy");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("output 0 'sum': float32[2,3] [2, 4, 6, 8, 10, 12]"),
            std::string::npos)
      << r.out;
}

TEST_F(AiccRunCli, CompareWithBackendTestLayout) {
  writeDataSet(0.0f);
  Result r = run(model + " --compare " + dir + "/data");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("output 0 'sum': max_abs=0 max_rel=0 ok"),
            std::string::npos)
      << r.out;
}

TEST_F(AiccRunCli, CompareFailureExitsOne) {
  writeDataSet(0.5f);
  Result r = run(model + " --compare " + dir + "/data");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("aicc-run: error:"), std::string::npos) << r.err;
  // A loose enough tolerance accepts it.
  EXPECT_EQ(run(model + " --compare " + dir + "/data --atol 0.6").exitCode, 0);
}

TEST_F(AiccRunCli, WrongInputShapeNamesTheInput) {
  writeNpy("a.npy", {2, 3}, {1, 2, 3, 4, 5, 6});
  writeNpy("b.npy", {3, 2}, {1, 2, 3, 4, 5, 6});
  Result r = run(model + " -i " + dir + "/a.npy -i " + dir + "/b.npy");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("aicc-run: error: input 1 ('b')"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("float32[2,3]"), std::string::npos) << r.err;
}

TEST_F(AiccRunCli, Bench) {
  Result r = run(model + " --bench 5 --threads 2");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::regex line(
      "threads=2\nlatency_ms median=[0-9.]+ p90=[0-9.]+ min=[0-9.]+ runs=5 warmup=1\n");
  EXPECT_TRUE(std::regex_match(r.out, line)) << r.out;
}

TEST_F(AiccRunCli, Errors) {
  Result r = run(dir + "/missing.so");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err.rfind("aicc-run: error: ", 0), 0u) << r.err;
  r = run(model);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("2 inputs"), std::string::npos) << r.err;
  r = run(model + " --bench 0");
  EXPECT_EQ(r.exitCode, 1);
  r = run(model + " --frobnicate");
  EXPECT_NE(r.err.find("unknown option"), std::string::npos) << r.err;
  r = run(model + " -i " + dir + "/nope.npy -i " + dir + "/nope.npy");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("nope.npy"), std::string::npos) << r.err;
}

} // namespace
