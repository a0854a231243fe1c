// RUN: aicc-opt %s --pass-pipeline='builtin.module(func.func(aicc-fixed-strength-reduce,cse))' --split-input-file | FileCheck %s
// RUN: aicc-opt %s --pass-pipeline='builtin.module(func.func(aicc-fixed-strength-reduce{max-digits=4},cse))' --split-input-file | FileCheck %s --check-prefix=FOUR

// 0 is the constant 0, 1 the operand itself, -1 a subtraction from 0.
// CHECK-LABEL: func.func @zero_one_minus_one
//  CHECK-SAME:   aicc.fixed.strength_reduce = {adds = 1 : i64, kept = 0 : i64, reduced = 3 : i64, shifts = 0 : i64}
//       CHECK:   %[[Z:.+]] = arith.constant 0 : i32
//       CHECK:   %[[N:.+]] = arith.subi %{{.+}}, %[[X:.+]] : i32
//   CHECK-NOT:   arith.muli
//       CHECK:   return %[[Z]], %[[X]], %[[N]]
func.func @zero_one_minus_one(%x: i32) -> (i32, i32, i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %cm1 = arith.constant -1 : i32
  %a = arith.muli %x, %c0 : i32
  %b = arith.muli %x, %c1 : i32
  %c = arith.muli %x, %cm1 : i32
  return %a, %b, %c : i32, i32, i32
}

// -----

// Powers of two are shifts; -2^k is 0 - (x << k); INT_MIN is 2^31 modulo
// 2^32, one shift by 31 (no subtraction). The constant may be on the left.
// CHECK-LABEL: func.func @powers_of_two
//  CHECK-SAME:   (%[[X:[^:]+]]: i32)
//       CHECK:   %[[P8:.+]] = arith.shli %[[X]], %c3_i32 : i32
//       CHECK:   %[[S16:.+]] = arith.shli %[[X]], %c4_i32 : i32
//       CHECK:   %[[M16:.+]] = arith.subi %c0_i32, %[[S16]] : i32
//       CHECK:   %[[MIN:.+]] = arith.shli %[[X]], %c31_i32 : i32
//   CHECK-NOT:   arith.muli
//       CHECK:   return %[[P8]], %[[M16]], %[[MIN]]
func.func @powers_of_two(%x: i32) -> (i32, i32, i32) {
  %c8 = arith.constant 8 : i32
  %cm16 = arith.constant -16 : i32
  %cmin = arith.constant -2147483648 : i32
  %a = arith.muli %c8, %x : i32
  %b = arith.muli %x, %cm16 : i32
  %c = arith.muli %x, %cmin : i32
  return %a, %b, %c : i32, i32, i32
}

// -----

// 7 = 8 - 1: (x << 3) - x. -3 = 1 - 4: x - (x << 2). -5 = -4 - 1 has no
// positive digit: 0 - (x << 2) - x. In i64 as in i32.
// CHECK-LABEL: func.func @csd_chains
//  CHECK-SAME:   (%[[X:[^:]+]]: i64)
//  CHECK-SAME:   aicc.fixed.strength_reduce = {adds = 4 : i64, kept = 0 : i64, reduced = 3 : i64, shifts = 3 : i64}
//       CHECK:   %[[S3:.+]] = arith.shli %[[X]], %c3_i64 : i64
//       CHECK:   %[[M7:.+]] = arith.subi %[[S3]], %[[X]] : i64
//       CHECK:   %[[S2:.+]] = arith.shli %[[X]], %c2_i64 : i64
//       CHECK:   %[[M3:.+]] = arith.subi %[[X]], %[[S2]] : i64
//       CHECK:   %[[N:.+]] = arith.subi %c0_i64, %[[S2]] : i64
//       CHECK:   %[[M5:.+]] = arith.subi %[[N]], %[[X]] : i64
//   CHECK-NOT:   arith.muli
//       CHECK:   return %[[M7]], %[[M3]], %[[M5]]
func.func @csd_chains(%x: i64) -> (i64, i64, i64) {
  %c7 = arith.constant 7 : i64
  %cm3 = arith.constant -3 : i64
  %cm5 = arith.constant -5 : i64
  %a = arith.muli %x, %c7 : i64
  %b = arith.muli %x, %cm3 : i64
  %c = arith.muli %x, %cm5 : i64
  return %a, %b, %c : i64, i64, i64
}

// -----

// 85 = 64 + 16 + 4 + 1 has four canonical signed digits: over the default
// threshold of three it stays a multiply; with max-digits=4 it becomes
// three adds. INT64_MAX = 2^63 - 1 is two digits: (x << 63) - x. A product
// of two variables is left alone.
// CHECK-LABEL: func.func @threshold
//  CHECK-SAME:   aicc.fixed.strength_reduce = {adds = 1 : i64, kept = 1 : i64, reduced = 1 : i64, shifts = 1 : i64}
//       CHECK:   %[[M:.+]] = arith.muli %{{.+}}, %c85_i32 : i32
//       CHECK:   %[[S:.+]] = arith.shli %{{.+}}, %c63_i64 : i64
//       CHECK:   %[[MAX:.+]] = arith.subi %[[S]], %{{.+}} : i64
//       CHECK:   %[[V:.+]] = arith.muli %{{.+}}, %{{.+}} : i32
//       CHECK:   return %[[M]], %[[MAX]], %[[V]]
// FOUR-LABEL: func.func @threshold
//       FOUR:   arith.shli %{{.+}}, %c6_i32
//       FOUR:   arith.addi
//       FOUR:   arith.addi
//       FOUR:   arith.addi
//       FOUR:   arith.muli %{{.+}}, %{{.+}} : i32
//   FOUR-NOT:   arith.muli
func.func @threshold(%x: i32, %y: i64, %z: i32) -> (i32, i64, i32) {
  %c85 = arith.constant 85 : i32
  %cmax = arith.constant 9223372036854775807 : i64
  %a = arith.muli %x, %c85 : i32
  %b = arith.muli %y, %cmax : i64
  %c = arith.muli %x, %z : i32
  return %a, %b, %c : i32, i64, i32
}
