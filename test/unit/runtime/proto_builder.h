// proto_builder.h - builds protobuf-encoded onnx.TensorProto messages for
// tests of the decoder in tools/aicc-run (and the aicc-run CLI tests).
#ifndef AICC_TEST_PROTO_BUILDER_H
#define AICC_TEST_PROTO_BUILDER_H

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace aicc_test {

class ProtoBuilder {
public:
  ProtoBuilder &varint(uint32_t field, uint64_t v) {
    key(field, 0);
    putVarint(v);
    return *this;
  }
  ProtoBuilder &bytes(uint32_t field, const void *data, size_t n) {
    key(field, 2);
    putVarint(n);
    const auto *p = static_cast<const uint8_t *>(data);
    buf.insert(buf.end(), p, p + n);
    return *this;
  }
  ProtoBuilder &fixed32(uint32_t field, uint32_t v) {
    key(field, 5);
    for (int i = 0; i < 4; ++i)
      buf.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  ProtoBuilder &packedVarints(uint32_t field, const std::vector<int64_t> &v) {
    ProtoBuilder inner;
    for (int64_t x : v)
      inner.putVarint(static_cast<uint64_t>(x));
    return bytes(field, inner.buf.data(), inner.buf.size());
  }
  ProtoBuilder &dims(const std::vector<int64_t> &d) {
    return packedVarints(1, d);
  }
  ProtoBuilder &dataType(int32_t t) { return varint(2, t); }
  ProtoBuilder &name(const std::string &n) {
    return bytes(8, n.data(), n.size());
  }
  ProtoBuilder &raw(const void *data, size_t n) { return bytes(9, data, n); }

  std::vector<uint8_t> buf;

private:
  void key(uint32_t field, uint32_t wire) { putVarint(field << 3 | wire); }
  void putVarint(uint64_t v) {
    while (v >= 0x80) {
      buf.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    buf.push_back(static_cast<uint8_t>(v));
  }
};

/// A float32 TensorProto with raw_data.
inline std::vector<uint8_t> floatTensorProto(const std::vector<int64_t> &dims,
                                             const std::vector<float> &vals,
                                             const std::string &name = "t") {
  ProtoBuilder b;
  b.dims(dims).dataType(1).name(name).raw(vals.data(),
                                          vals.size() * sizeof(float));
  return b.buf;
}

} // namespace aicc_test

#endif // AICC_TEST_PROTO_BUILDER_H
