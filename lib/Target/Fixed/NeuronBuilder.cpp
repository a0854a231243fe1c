//===- NeuronBuilder.cpp - one output neuron as integer arith ---------------===//
#include "NeuronBuilder.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::aicc::fixed;

Value NeuronBuilder::constant(Type type, int64_t v) {
  return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v));
}

Value NeuronBuilder::dot(ArrayRef<std::pair<int64_t, int64_t>> terms, ArrayRef<Value> inputs,
                         int64_t bias) {
  // bias + sum of |w| * x, subtracted where w < 0; zero weights are skipped.
  // Shifts, CSD chains and shared subexpressions are left to
  // aicc-fixed-share-products and aicc-fixed-strength-reduce.
  Type i32 = b.getI32Type();
  Value sum = bias ? constant(i32, bias) : Value();
  for (auto [k, w] : terms) {
    if (!w)
      continue;
    Value p = arith::MulIOp::create(b, loc, inputs[k], constant(i32, w < 0 ? -w : w));
    ++counts.products;
    if (!sum)
      sum = w < 0 ? arith::SubIOp::create(b, loc, constant(i32, 0), p).getResult() : p;
    else
      sum = w < 0 ? arith::SubIOp::create(b, loc, sum, p).getResult()
                  : arith::AddIOp::create(b, loc, sum, p).getResult();
  }
  return sum ? sum : constant(i32, 0);
}

Value NeuronBuilder::requantize(Value acc, const FixedPointScale &f, int64_t zp, int64_t lo,
                                int64_t hi, int64_t amin, int64_t amax) {
  // acc * M + C must not overflow: i64 when it fits (nearly always), else i128.
  __int128 pm = (__int128)std::max(-amin, amax) * f.multiplier +
                (f.offset < 0 ? -f.offset : f.offset) + ((__int128)1 << f.shift) * 256;
  Type wide = b.getIntegerType(pm < ((__int128)1 << 62) ? 64 : 128);
  Type i32 = b.getI32Type();
  Value p = arith::ExtSIOp::create(b, loc, wide, acc);
  p = arith::MulIOp::create(b, loc, p, constant(wide, f.multiplier));
  if (f.offset)
    p = arith::AddIOp::create(b, loc, p, constant(wide, f.offset));
  Value q = arith::ShRSIOp::create(b, loc, p, constant(wide, f.shift));
  if (zp)
    q = arith::AddIOp::create(b, loc, q, constant(wide, zp));
  q = arith::MaxSIOp::create(b, loc, q, constant(wide, lo));
  q = arith::MinSIOp::create(b, loc, q, constant(wide, hi));
  Value r = arith::TruncIOp::create(b, loc, i32, q);
  // Rounding corrections (f32 products on an exact .5), where acc reaches.
  for (const Correction &c : f.corrections) {
    if (c.to < amin || c.from > amax)
      continue;
    int64_t from = std::max(c.from, amin), to = std::min(c.to, amax);
    Value in;
    if (from == to) {
      in = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, acc, constant(i32, from));
    } else {
      Value ge = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, acc, constant(i32, from));
      Value le = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, acc, constant(i32, to));
      in = arith::AndIOp::create(b, loc, ge, le);
    }
    Value delta = arith::SelectOp::create(b, loc, in, constant(i32, c.delta), constant(i32, 0));
    r = arith::AddIOp::create(b, loc, r, delta);
    ++counts.corrections;
  }
  return arith::TruncIOp::create(b, loc, b.getI8Type(), r);
}
