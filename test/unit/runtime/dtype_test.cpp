// Tests for the element types smaller than a byte or without a C type: the
// runtime's sizes (bits per element, packed tensor bytes) and aicc-run's
// handling of them (TensorProto reading, decoding, comparison, .npy output).
#include "compare.h"
#include "host_tensor.h"
#include "proto_builder.h"

#include "aicc/runtime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using aicc_test::ProtoBuilder;

namespace {

struct Tensor : aiccrun_tensor_t {
  Tensor() { aiccrun_tensor_init(this); }
  ~Tensor() { aiccrun_tensor_free(this); }
  Tensor(const Tensor &) = delete;
  Tensor &operator=(const Tensor &) = delete;
};

int decode(const std::vector<uint8_t> &buf, Tensor &t, std::string *msg) {
  char err[512] = "";
  int rc = aiccrun_tensor_proto_decode(buf.data(), buf.size(), &t, err, sizeof err);
  *msg = err;
  return rc;
}

TEST(DtypeSize, BitsAndBytes) {
  struct Case {
    aicc_dtype_t dtype;
    size_t bits;
    const char *name;
  } cases[] = {
      {AICC_DTYPE_FLOAT8E4M3FN, 8, "float8e4m3fn"},
      {AICC_DTYPE_FLOAT8E4M3FNUZ, 8, "float8e4m3fnuz"},
      {AICC_DTYPE_FLOAT8E5M2, 8, "float8e5m2"},
      {AICC_DTYPE_FLOAT8E5M2FNUZ, 8, "float8e5m2fnuz"},
      {AICC_DTYPE_FLOAT8E8M0, 8, "float8e8m0"},
      {AICC_DTYPE_UINT4, 4, "uint4"},
      {AICC_DTYPE_INT4, 4, "int4"},
      {AICC_DTYPE_FLOAT4E2M1, 4, "float4e2m1"},
      {AICC_DTYPE_UINT2, 2, "uint2"},
      {AICC_DTYPE_INT2, 2, "int2"},
      {AICC_DTYPE_FLOAT32, 32, "float32"},
      {AICC_DTYPE_BOOL, 8, "bool"},
  };
  for (const Case &c : cases) {
    EXPECT_EQ(aicc_dtype_bits(c.dtype), c.bits) << c.name;
    EXPECT_EQ(aicc_dtype_size(c.dtype), c.bits % 8 ? 0 : c.bits / 8) << c.name;
    EXPECT_STREQ(aicc_dtype_name(c.dtype), c.name);
  }
  EXPECT_EQ(aicc_dtype_bits(AICC_DTYPE_INVALID), 0u);
  EXPECT_EQ(aicc_dtype_bits(static_cast<aicc_dtype_t>(8)), 0u) << "string";
}

TEST(DtypeSize, PackedDescriptorBytes) {
  int64_t shape[2] = {3, 5};
  aicc_abi_tensor_t t = {"x", AICC_DTYPE_INT4, 2, shape};
  EXPECT_EQ(aicc_tensor_desc_num_elements(&t), 15u);
  EXPECT_EQ(aicc_tensor_desc_size_bytes(&t), 8u) << "15 nibbles, rounded up";
  t.dtype = AICC_DTYPE_UINT2;
  EXPECT_EQ(aicc_tensor_desc_size_bytes(&t), 4u) << "15 * 2 bits";
  t.dtype = AICC_DTYPE_FLOAT8E5M2;
  EXPECT_EQ(aicc_tensor_desc_size_bytes(&t), 15u);
  int64_t scalar_shape[1] = {1};
  aicc_abi_tensor_t one = {"s", AICC_DTYPE_INT2, 1, scalar_shape};
  EXPECT_EQ(aicc_tensor_desc_size_bytes(&one), 1u);
  int64_t huge[2] = {INT64_C(1) << 62, 4};
  aicc_abi_tensor_t big = {"b", AICC_DTYPE_INT4, 2, huge};
  EXPECT_EQ(aicc_tensor_desc_size_bytes(&big), 0u) << "overflow";
}

TEST(DtypeIO, Int4RawDataIsPacked) {
  // -1, 2, 7, -8, 3: low nibble first, the last byte's high nibble 0.
  const uint8_t raw[3] = {0x2f, 0x87, 0x03};
  ProtoBuilder b;
  b.dims({5}).dataType(AICC_DTYPE_INT4).raw(raw, sizeof raw);
  Tensor t;
  std::string msg;
  ASSERT_EQ(decode(b.buf, t, &msg), 0) << msg;
  EXPECT_EQ(t.size_bytes, 3u);
  const double want[5] = {-1, 2, 7, -8, 3};
  for (size_t i = 0; i < 5; ++i)
    EXPECT_EQ(aiccrun_element(&t, i), want[i]) << i;

  ProtoBuilder wrong;
  wrong.dims({5}).dataType(AICC_DTYPE_INT4).raw(raw, 2);
  Tensor u;
  EXPECT_NE(decode(wrong.buf, u, &msg), 0);
}

TEST(DtypeIO, Int32DataHoldsPackedBytesAndFloat8Codes) {
  ProtoBuilder u2;
  u2.dims({5}).dataType(AICC_DTYPE_UINT2).packedVarints(5, {0xe4, 0x02});
  Tensor t;
  std::string msg;
  ASSERT_EQ(decode(u2.buf, t, &msg), 0) << msg;
  const double want[5] = {0, 1, 2, 3, 2};
  for (size_t i = 0; i < 5; ++i)
    EXPECT_EQ(aiccrun_element(&t, i), want[i]) << i;

  ProtoBuilder f8;
  f8.dims({3}).dataType(AICC_DTYPE_FLOAT8E4M3FN).packedVarints(5, {0x38, 0xc0, 0x7f});
  Tensor g;
  ASSERT_EQ(decode(f8.buf, g, &msg), 0) << msg;
  EXPECT_EQ(aiccrun_element(&g, 0), 1.0);
  EXPECT_EQ(aiccrun_element(&g, 1), -2.0);
  EXPECT_TRUE(std::isnan(aiccrun_element(&g, 2)));
}

TEST(DtypeIO, StringTensorsAreRejectedByName) {
  ProtoBuilder b;
  b.dims({1}).dataType(8);
  Tensor t;
  std::string msg;
  EXPECT_NE(decode(b.buf, t, &msg), 0);
  EXPECT_NE(msg.find("string"), std::string::npos) << msg;
}

TEST(DtypeDecode, NarrowFloats) {
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E4M3FN, 0x7e), 448.0f);
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E4M3FN, 0x01),
            std::ldexp(1.0f, -9));
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E4M3FNUZ, 0x7f), 240.0f);
  EXPECT_TRUE(std::isnan(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E4M3FNUZ, 0x80)));
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E5M2, 0x7b), 57344.0f);
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E5M2, 0xfc), -INFINITY);
  EXPECT_TRUE(std::isnan(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E5M2, 0x7e)));
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E5M2FNUZ, 0x7f), 57344.0f);
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT4E2M1, 0x7), 6.0f);
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT4E2M1, 0x9), -0.5f);
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E8M0, 127), 1.0f);
  EXPECT_EQ(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E8M0, 0),
            std::ldexp(1.0f, -127));
  EXPECT_TRUE(std::isnan(aiccrun_narrow_float_to_f32(AICC_DTYPE_FLOAT8E8M0, 0xff)));
}

TEST(DtypeCompare, Float8NaNsOfEitherSignMatch) {
  char err[128];
  int64_t shape[1] = {2};
  Tensor a, b;
  ASSERT_EQ(aiccrun_tensor_alloc(&a, AICC_DTYPE_FLOAT8E4M3FN, 1, shape, err, sizeof err), 0);
  ASSERT_EQ(aiccrun_tensor_alloc(&b, AICC_DTYPE_FLOAT8E4M3FN, 1, shape, err, sizeof err), 0);
  uint8_t *pa = static_cast<uint8_t *>(a.data), *pb = static_cast<uint8_t *>(b.data);
  pa[0] = 0x7f, pb[0] = 0xff, pa[1] = 0x38, pb[1] = 0x38;
  aiccrun_compare_result_t r;
  EXPECT_EQ(aiccrun_compare(&a, &b, 0, 0, &r), 1);
  pb[1] = 0x39;
  EXPECT_EQ(aiccrun_compare(&a, &b, 0, 0, &r), 0);
}

TEST(DtypeCompare, PackedIntsExact) {
  char err[128];
  int64_t shape[1] = {3};
  Tensor a, b;
  ASSERT_EQ(aiccrun_tensor_alloc(&a, AICC_DTYPE_INT4, 1, shape, err, sizeof err), 0);
  ASSERT_EQ(aiccrun_tensor_alloc(&b, AICC_DTYPE_INT4, 1, shape, err, sizeof err), 0);
  EXPECT_EQ(a.size_bytes, 2u);
  static_cast<uint8_t *>(a.data)[1] = 0x05;
  static_cast<uint8_t *>(b.data)[1] = 0xf5; // unused high nibble
  aiccrun_compare_result_t r;
  EXPECT_EQ(aiccrun_compare(&a, &b, 0, 0, &r), 1);
  static_cast<uint8_t *>(b.data)[0] = 0x10;
  EXPECT_EQ(aiccrun_compare(&a, &b, 0, 0, &r), 0);
}

TEST(DtypeIO, LegacyBfloat16AsUint16) {
  char err[128];
  int64_t shape[1] = {1};
  Tensor t;
  ASSERT_EQ(aiccrun_tensor_alloc(&t, AICC_DTYPE_UINT16, 1, shape, err, sizeof err), 0);
  aiccrun_adopt_legacy_bfloat16(&t, AICC_DTYPE_FLOAT32);
  EXPECT_EQ(t.dtype, AICC_DTYPE_UINT16) << "only where bfloat16 is expected";
  aiccrun_adopt_legacy_bfloat16(&t, AICC_DTYPE_BFLOAT16);
  EXPECT_EQ(t.dtype, AICC_DTYPE_BFLOAT16);
}

TEST(DtypeIO, NpyWritesSubByteUnpacked) {
  char err[256];
  int64_t shape[1] = {3};
  Tensor t;
  ASSERT_EQ(aiccrun_tensor_alloc(&t, AICC_DTYPE_INT2, 1, shape, err, sizeof err), 0);
  static_cast<uint8_t *>(t.data)[0] = 0x1e; // -2, -1, 1
  std::string path = ::testing::TempDir() + "aicc_int2.npy";
  ASSERT_EQ(aiccrun_npy_write(path.c_str(), &t, err, sizeof err), 0) << err;
  std::ifstream f(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), {});
  ASSERT_GE(bytes.size(), 3u);
  EXPECT_EQ(bytes[bytes.size() - 3], -2);
  EXPECT_EQ(bytes[bytes.size() - 2], -1);
  EXPECT_EQ(bytes[bytes.size() - 1], 1);
  EXPECT_NE(std::string(bytes.begin(), bytes.end()).find("|i1"), std::string::npos);
  std::remove(path.c_str());
}

} // namespace
