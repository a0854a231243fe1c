// Tests for aicc-run's readers and writers (.npy, TensorProto) and for the
// output comparison, all from the aiccrun_io library.
#include "compare.h"
#include "host_tensor.h"
#include "proto_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using aicc_test::ProtoBuilder;

namespace {

struct Tensor : aiccrun_tensor_t {
  Tensor() { aiccrun_tensor_init(this); }
  ~Tensor() { aiccrun_tensor_free(this); }
  Tensor(const Tensor &) = delete;
  Tensor &operator=(const Tensor &) = delete;
  template <typename T> T at(size_t i) const {
    T v;
    std::memcpy(&v, static_cast<const char *>(data) + i * sizeof(T), sizeof v);
    return v;
  }
};

std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "aiccrun_io_test_" + name;
}

std::vector<uint8_t> readAll(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)),
                              std::istreambuf_iterator<char>());
}

int decodeProto(const std::vector<uint8_t> &b, Tensor &t, std::string *msg) {
  char err[512] = "";
  int rc = aiccrun_tensor_proto_decode(b.data(), b.size(), &t, err, sizeof err);
  if (msg)
    *msg = err;
  return rc;
}

int decodeNpy(const std::vector<uint8_t> &b, Tensor &t, std::string *msg) {
  char err[512] = "";
  int rc = aiccrun_npy_decode(b.data(), b.size(), &t, err, sizeof err);
  if (msg)
    *msg = err;
  return rc;
}

// --- .npy -----------------------------------------------------------------

class NpyRoundTrip : public ::testing::TestWithParam<int32_t> {};

TEST_P(NpyRoundTrip, WriteThenRead) {
  int32_t dtype = GetParam();
  const int64_t shape[3] = {2, 3, 5};
  Tensor t, back;
  char err[256];
  ASSERT_EQ(aiccrun_tensor_alloc(&t, dtype, 3, shape, err, sizeof err), 0);
  for (size_t i = 0; i < t.size_bytes; ++i)
    static_cast<uint8_t *>(t.data)[i] =
        dtype == AICC_DTYPE_BOOL ? i % 2 : static_cast<uint8_t>(i * 7);
  std::string path = tempPath("rt" + std::to_string(dtype) + ".npy");
  ASSERT_EQ(aiccrun_npy_write(path.c_str(), &t, err, sizeof err), 0) << err;
  ASSERT_EQ(readAll(path).size() % 64, t.size_bytes % 64) << "64-byte header";
  ASSERT_EQ(aiccrun_tensor_read(path.c_str(), &back, err, sizeof err), 0)
      << err;
  int32_t want = dtype == AICC_DTYPE_BFLOAT16 ? AICC_DTYPE_UINT16 : dtype;
  EXPECT_EQ(back.dtype, want);
  ASSERT_EQ(back.rank, 3);
  EXPECT_EQ(back.shape[2], 5);
  ASSERT_EQ(back.size_bytes, t.size_bytes);
  EXPECT_EQ(std::memcmp(back.data, t.data, t.size_bytes), 0);
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(
    AllDtypes, NpyRoundTrip,
    ::testing::Values(AICC_DTYPE_FLOAT32, AICC_DTYPE_FLOAT64,
                      AICC_DTYPE_FLOAT16, AICC_DTYPE_INT8, AICC_DTYPE_INT16,
                      AICC_DTYPE_INT32, AICC_DTYPE_INT64, AICC_DTYPE_UINT8,
                      AICC_DTYPE_UINT16, AICC_DTYPE_UINT32, AICC_DTYPE_UINT64,
                      AICC_DTYPE_BOOL, AICC_DTYPE_BFLOAT16));

std::vector<uint8_t> npyBytes(const std::string &dict, size_t payload,
                              int version = 1) {
  std::vector<uint8_t> b = {
      0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<uint8_t>(version), 0};
  size_t n = dict.size();
  b.push_back(n & 0xff);
  b.push_back((n >> 8) & 0xff);
  if (version >= 2) {
    b.push_back((n >> 16) & 0xff);
    b.push_back((n >> 24) & 0xff);
  }
  b.insert(b.end(), dict.begin(), dict.end());
  b.resize(b.size() + payload, 0x11);
  return b;
}

TEST(Npy, ReadsVersion2AndScalars) {
  Tensor t;
  std::string msg;
  ASSERT_EQ(decodeNpy(npyBytes("{'descr': '<i8', 'fortran_order': False, "
                               "'shape': (), }\n",
                               8, 2),
                      t, &msg),
            0)
      << msg;
  EXPECT_EQ(t.rank, 0);
  EXPECT_EQ(t.dtype, AICC_DTYPE_INT64);
  EXPECT_EQ(t.size_bytes, 8u);
}

TEST(Npy, RejectsBadFiles) {
  const std::string ok = "{'descr': '<f4', 'fortran_order': False, "
                         "'shape': (2, 3), }\n";
  Tensor t;
  std::string msg;
  EXPECT_EQ(decodeNpy(npyBytes(ok, 24), t, &msg), 0) << msg;
  struct Case {
    std::vector<uint8_t> bytes;
    const char *expect;
  } cases[] = {
      {npyBytes(ok, 23), "payload"},
      {npyBytes(ok, 25), "payload"},
      {npyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8),
       "big-endian"},
      {npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }",
                16),
       "unsupported"},
      {npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8),
       "Fortran"},
      {npyBytes("{'descr': '<f4', 'fortran_order': False, "
                "'shape': (4294967296, 4294967296, 4294967296), }",
                8),
       "payload"},
      {npyBytes("{'descr': '<f4', 'shape': (2, x), }", 8), "shape"},
      {npyBytes("{'fortran_order': False, 'shape': (2,), }", 8), "descr"},
      {std::vector<uint8_t>{'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0}, "magic"},
      {std::vector<uint8_t>{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0xff, 0xff},
       "truncated"},
      {std::vector<uint8_t>{0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0, 0, 0},
       "version"},
  };
  for (const Case &c : cases) {
    Tensor bad;
    EXPECT_NE(decodeNpy(c.bytes, bad, &msg), 0) << c.expect;
    EXPECT_NE(msg.find(c.expect), std::string::npos) << msg;
    EXPECT_EQ(bad.data, nullptr);
  }
}

TEST(Npy, TruncatedPrefixesNeverCrash) {
  Tensor t;
  char err[256];
  const int64_t shape[2] = {4, 4};
  ASSERT_EQ(
      aiccrun_tensor_alloc(&t, AICC_DTYPE_FLOAT32, 2, shape, err, sizeof err),
      0);
  std::string path = tempPath("prefix.npy");
  ASSERT_EQ(aiccrun_npy_write(path.c_str(), &t, err, sizeof err), 0);
  std::vector<uint8_t> full = readAll(path);
  for (size_t n = 0; n < full.size(); ++n) {
    Tensor bad;
    std::vector<uint8_t> prefix(full.begin(), full.begin() + n);
    EXPECT_NE(decodeNpy(prefix, bad, nullptr), 0) << n;
  }
  std::remove(path.c_str());
}

// --- TensorProto ------------------------------------------------------------

TEST(TensorProto, RawDataFloat) {
  Tensor t;
  std::string msg;
  ASSERT_EQ(decodeProto(aicc_test::floatTensorProto({2, 2}, {1, 2, 3, 4}, "x"),
                        t, &msg),
            0)
      << msg;
  EXPECT_EQ(t.dtype, AICC_DTYPE_FLOAT32);
  EXPECT_EQ(t.rank, 2);
  EXPECT_STREQ(t.name, "x");
  EXPECT_EQ(t.at<float>(3), 4.0f);
}

TEST(TensorProto, FloatDataPackedAndUnpacked) {
  float vals[3] = {1.5f, -2.0f, 3.25f};
  ProtoBuilder packed;
  packed.dims({3}).dataType(AICC_DTYPE_FLOAT32).bytes(4, vals, sizeof vals);
  ProtoBuilder loose;
  loose.varint(1, 3).dataType(AICC_DTYPE_FLOAT32);
  for (float v : vals) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    loose.fixed32(4, bits);
  }
  for (auto *b : {&packed, &loose}) {
    Tensor t;
    std::string msg;
    ASSERT_EQ(decodeProto(b->buf, t, &msg), 0) << msg;
    EXPECT_EQ(t.rank, 1);
    EXPECT_EQ(t.at<float>(0), 1.5f);
    EXPECT_EQ(t.at<float>(2), 3.25f);
  }
}

TEST(TensorProto, Int32DataCarriesSmallTypes) {
  struct Case {
    int32_t dtype;
    std::vector<int64_t> vals;
  } cases[] = {
      {AICC_DTYPE_INT8, {-1, 127, -128}},
      {AICC_DTYPE_UINT8, {0, 200, 255}},
      {AICC_DTYPE_INT16, {-300, 300, -32768}},
      {AICC_DTYPE_UINT16, {0, 65535, 7}},
      {AICC_DTYPE_BOOL, {1, 0, 1}},
      {AICC_DTYPE_FLOAT16, {0x3c00, 0xc000, 0x7e00}},
      {AICC_DTYPE_INT32, {-5, 1 << 30, 0}},
  };
  for (const Case &c : cases) {
    ProtoBuilder b;
    b.dims({3}).dataType(c.dtype).packedVarints(5, c.vals);
    Tensor t;
    std::string msg;
    ASSERT_EQ(decodeProto(b.buf, t, &msg), 0) << msg;
    ASSERT_EQ(t.dtype, c.dtype);
    for (size_t i = 0; i < 3; ++i) {
      double want = c.dtype == AICC_DTYPE_FLOAT16
                        ? aiccrun_f16_to_f32(static_cast<uint16_t>(c.vals[i]))
                        : static_cast<double>(c.vals[i]);
      double got = aiccrun_element(&t, i);
      if (std::isnan(want))
        EXPECT_TRUE(std::isnan(got));
      else
        EXPECT_EQ(got, want) << aicc_dtype_name((aicc_dtype_t)c.dtype);
    }
  }
}

TEST(TensorProto, Int64DoubleUint64) {
  ProtoBuilder i64;
  i64.dims({2}).dataType(AICC_DTYPE_INT64).packedVarints(7, {-7, 1LL << 40});
  Tensor t;
  std::string msg;
  ASSERT_EQ(decodeProto(i64.buf, t, &msg), 0) << msg;
  EXPECT_EQ(t.at<int64_t>(0), -7);
  EXPECT_EQ(t.at<int64_t>(1), 1LL << 40);

  double d[2] = {0.5, -1e300};
  ProtoBuilder f64;
  f64.dims({2}).dataType(AICC_DTYPE_FLOAT64).bytes(10, d, sizeof d);
  Tensor t2;
  ASSERT_EQ(decodeProto(f64.buf, t2, &msg), 0) << msg;
  EXPECT_EQ(t2.at<double>(1), -1e300);

  ProtoBuilder u32;
  u32.dims({1}).dataType(AICC_DTYPE_UINT32).packedVarints(11, {4000000000LL});
  Tensor t3;
  ASSERT_EQ(decodeProto(u32.buf, t3, &msg), 0) << msg;
  EXPECT_EQ(t3.at<uint32_t>(0), 4000000000u);
}

TEST(TensorProto, ScalarAndEmpty) {
  float one = 1.0f;
  ProtoBuilder scalar;
  scalar.dataType(AICC_DTYPE_FLOAT32).raw(&one, 4);
  Tensor t;
  std::string msg;
  ASSERT_EQ(decodeProto(scalar.buf, t, &msg), 0) << msg;
  EXPECT_EQ(t.rank, 0);
  EXPECT_EQ(t.at<float>(0), 1.0f);
  ProtoBuilder empty;
  empty.dims({0, 4}).dataType(AICC_DTYPE_FLOAT32);
  Tensor e;
  ASSERT_EQ(decodeProto(empty.buf, e, &msg), 0) << msg;
  EXPECT_EQ(e.size_bytes, 0u);
}

TEST(TensorProto, RejectsInconsistentMessages) {
  float vals[4] = {};
  struct Case {
    ProtoBuilder b;
    const char *expect;
  } cases[4];
  cases[0].b.dims({2, 3}).dataType(1).raw(vals, sizeof vals);
  cases[0].expect = "dims declare";
  cases[1].b.dims({1LL << 40, 1LL << 40}).dataType(1).raw(vals, 16);
  cases[1].expect = "more than the file";
  cases[2].b.dims({1}).dataType(8 /* string */);
  cases[2].expect = "data_type";
  cases[3].b.dims({2}).dataType(AICC_DTYPE_INT64).packedVarints(5, {1, 2});
  cases[3].expect = "expects field";
  for (Case &c : cases) {
    Tensor t;
    std::string msg;
    EXPECT_NE(decodeProto(c.b.buf, t, &msg), 0) << c.expect;
    EXPECT_NE(msg.find(c.expect), std::string::npos) << msg;
  }
}

TEST(TensorProto, TruncatedPrefixesFail) {
  std::vector<uint8_t> full =
      aicc_test::floatTensorProto({3, 2}, {1, 2, 3, 4, 5, 6});
  for (size_t n = 1; n < full.size(); ++n) {
    Tensor t;
    std::vector<uint8_t> prefix(full.begin(), full.begin() + n);
    EXPECT_NE(decodeProto(prefix, t, nullptr), 0) << n;
  }
}

TEST(TensorProto, GarbageNeverCrashes) {
  std::mt19937 rng(1234);
  std::vector<uint8_t> base = aicc_test::floatTensorProto({2, 2}, {1, 2, 3, 4});
  for (int iter = 0; iter < 20000; ++iter) {
    std::vector<uint8_t> b = base;
    if (iter % 2) {
      for (int k = 0; k < 3; ++k)
        b[rng() % b.size()] = static_cast<uint8_t>(rng());
    } else {
      b.resize(rng() % 64);
      for (auto &x : b)
        x = static_cast<uint8_t>(rng());
    }
    Tensor t, n;
    decodeProto(b, t, nullptr);
    decodeNpy(b, n, nullptr);
  }
}

TEST(TensorRead, MissingFileAndExtensionDispatch) {
  Tensor t;
  char err[512];
  EXPECT_NE(aiccrun_tensor_read("/nonexistent/x.pb", &t, err, sizeof err), 0);
  EXPECT_NE(std::string(err).find("/nonexistent/x.pb"), std::string::npos);
  std::string path = tempPath("x.pb");
  std::vector<uint8_t> pb = aicc_test::floatTensorProto({1}, {9.0f});
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(pb.data()), pb.size());
  ASSERT_EQ(aiccrun_tensor_read(path.c_str(), &t, err, sizeof err), 0) << err;
  EXPECT_EQ(t.at<float>(0), 9.0f);
  std::remove(path.c_str());
}

// --- compare ----------------------------------------------------------------

void makeFloat(Tensor &t, std::vector<float> v) {
  char err[128];
  int64_t n = static_cast<int64_t>(v.size());
  ASSERT_EQ(
      aiccrun_tensor_alloc(&t, AICC_DTYPE_FLOAT32, 1, &n, err, sizeof err), 0);
  std::memcpy(t.data, v.data(), v.size() * sizeof(float));
}

TEST(Compare, FloatTolerance) {
  Tensor a, b;
  makeFloat(a, {1.0f, NAN, 100.0f, INFINITY});
  makeFloat(b, {1.0f, NAN, 100.05f, INFINITY});
  aiccrun_compare_result_t r;
  EXPECT_EQ(aiccrun_compare(&a, &b, 1e-3, 1e-5, &r), 1);
  EXPECT_NEAR(r.max_abs, 0.05, 1e-3);
  EXPECT_NEAR(r.max_rel, 0.05 / 100.05, 1e-5);
  EXPECT_EQ(aiccrun_compare(&a, &b, 1e-5, 1e-5, &r), 0);
  EXPECT_EQ(r.num_bad, 1u);
  EXPECT_EQ(r.first_bad, 2u);
  Tensor c;
  makeFloat(c, {1.0f, 0.0f, 100.0f, INFINITY});
  EXPECT_EQ(aiccrun_compare(&a, &c, 1, 1, &r), 0) << "NaN vs number";
  Tensor d;
  makeFloat(d, {1.0f, NAN, 100.0f, -INFINITY});
  EXPECT_EQ(aiccrun_compare(&a, &d, 1, 1, &r), 0) << "inf vs -inf";
}

TEST(Compare, IntsExactAndShapeMismatch) {
  char err[128];
  int64_t shape[1] = {2};
  Tensor a, b;
  aiccrun_tensor_alloc(&a, AICC_DTYPE_INT64, 1, shape, err, sizeof err);
  aiccrun_tensor_alloc(&b, AICC_DTYPE_INT64, 1, shape, err, sizeof err);
  static_cast<int64_t *>(a.data)[1] = (1LL << 60) + 1;
  static_cast<int64_t *>(b.data)[1] = (1LL << 60);
  aiccrun_compare_result_t r;
  EXPECT_EQ(aiccrun_compare(&a, &b, 1, 1, &r), 0) << "ints compare exactly";
  Tensor f;
  makeFloat(f, {0, 0});
  EXPECT_EQ(aiccrun_compare(&a, &f, 1, 1, &r), 0);
  EXPECT_FALSE(r.shape_ok);
  Tensor g;
  makeFloat(g, {0, 0, 0});
  Tensor h;
  makeFloat(h, {0, 0});
  EXPECT_EQ(aiccrun_compare(&g, &h, 1, 1, &r), 0);
  EXPECT_FALSE(r.shape_ok);
}

TEST(HalfFloat, Conversions) {
  EXPECT_EQ(aiccrun_f16_to_f32(0x3c00), 1.0f);
  EXPECT_EQ(aiccrun_f16_to_f32(0xc000), -2.0f);
  EXPECT_EQ(aiccrun_f16_to_f32(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(aiccrun_f16_to_f32(0x7c00), INFINITY);
  EXPECT_TRUE(std::isnan(aiccrun_f16_to_f32(0x7e00)));
  EXPECT_EQ(aiccrun_bf16_to_f32(0x3f80), 1.0f);
}

} // namespace
