// RUN: aicc-opt %s --pass-pipeline='builtin.module(func.func(aicc-fixed-share-products,cse))' --split-input-file | FileCheck %s
// RUN: aicc-opt %s --pass-pipeline='builtin.module(func.func(aicc-fixed-share-products,aicc-fixed-strength-reduce,cse))' --split-input-file | FileCheck %s --check-prefix=REDUCED

// The same long constant product (85 has four CSD digits) in three sums,
// with either sign: built once, added or subtracted.
// CHECK-LABEL: func.func @same_product
//  CHECK-SAME:   aicc.fixed.share_products = {adders_after = 3 : i64, adders_before = 3 : i64, multiplies_after = 1 : i64, multiplies_before = 3 : i64, pairs = 0 : i64}
//       CHECK:   %[[P:.+]] = arith.muli %[[X:.+]], %c85_i32 : i32
//       CHECK:   %[[S0:.+]] = arith.addi %[[P]], %[[Y:.+]] : i32
//       CHECK:   %[[S1:.+]] = arith.subi %[[Z:.+]], %[[P]] : i32
//       CHECK:   %[[S2:.+]] = arith.subi %[[W:.+]], %[[P]] : i32
//   CHECK-NOT:   arith.muli
//       CHECK:   return %[[S0]], %[[S1]], %[[S2]]
func.func @same_product(%x: i32, %y: i32, %z: i32, %w: i32) -> (i32, i32, i32) {
  %c85 = arith.constant 85 : i32
  %cm85 = arith.constant -85 : i32
  %a = arith.muli %x, %c85 : i32
  %s0 = arith.addi %a, %y : i32
  %b = arith.muli %x, %c85 : i32
  %s1 = arith.subi %z, %b : i32
  %c = arith.muli %x, %cm85 : i32
  %s2 = arith.addi %w, %c : i32
  return %s0, %s1, %s2 : i32, i32, i32
}

// -----

// Two neurons share the partial sum 3x + 5y (+ b): digits -x, x << 2, y,
// y << 2 in both. The shared part is computed once (three adders), each
// neuron adds its own term: 5 adders instead of 8.
// CHECK-LABEL: func.func @shared_pair
//  CHECK-SAME:   (%[[X:[^:]+]]: i32, %[[Y:[^:]+]]: i32, %[[Z:[^:]+]]: i32, %[[W:[^:]+]]: i32)
//  CHECK-SAME:   adders_after = 5 : i64, adders_before = 8 : i64, multiplies_after = 0 : i64, multiplies_before = 0 : i64, pairs = 3 : i64
// Here t = ((y + (y << 2)) + (x << 2)) - x = 3x + 5y, built from the pairs
// (y, y << 2), (5y, x << 2), (5y + 4x, -x); then z + t and t - w. The
// shared pair a - b is built as b - a where the sums mostly subtract it.
//       CHECK:   %[[Y4:.+]] = arith.muli %[[Y]], %c4_i32 : i32
//       CHECK:   %[[Y5:.+]] = arith.addi %[[Y]], %[[Y4]] : i32
//       CHECK:   %[[X4:.+]] = arith.muli %[[X]], %c4_i32 : i32
//       CHECK:   %[[P:.+]] = arith.addi %[[Y5]], %[[X4]] : i32
//       CHECK:   %[[T:.+]] = arith.subi %[[P]], %[[X]] : i32
//       CHECK:   %[[S0:.+]] = arith.addi %[[Z]], %[[T]] : i32
//       CHECK:   %[[S1:.+]] = arith.subi %[[T]], %[[W]] : i32
//       CHECK:   return %[[S0]], %[[S1]]
// With strength reduction only shifts, adds and subtracts remain.
// REDUCED-LABEL: func.func @shared_pair
//   REDUCED-NOT:   arith.muli
//       REDUCED:   return
func.func @shared_pair(%x: i32, %y: i32, %z: i32, %w: i32) -> (i32, i32) {
  %c3 = arith.constant 3 : i32
  %c5 = arith.constant 5 : i32
  %a = arith.muli %x, %c3 : i32
  %b = arith.muli %y, %c5 : i32
  %ab = arith.addi %a, %b : i32
  %s0 = arith.addi %ab, %z : i32
  %e = arith.muli %y, %c5 : i32
  %f = arith.muli %x, %c3 : i32
  %ef = arith.subi %e, %w : i32
  %s1 = arith.addi %ef, %f : i32
  return %s0, %s1 : i32, i32
}

// -----

// Same magnitude in one sum: 3a - 3b has the pair (a, -b) at shifts 0 and
// 2, so a - b is computed once and multiplied by 3 (one chain).
// CHECK-LABEL: func.func @same_magnitude
//  CHECK-SAME:   adders_after = 2 : i64, adders_before = 3 : i64{{.*}}pairs = 1 : i64
//       CHECK:   %[[D:.+]] = arith.subi %[[A:.+]], %[[B:.+]] : i32
//       CHECK:   %[[R:.+]] = arith.muli %[[D]], %c3_i32 : i32
//       CHECK:   return %[[R]]
// REDUCED-LABEL: func.func @same_magnitude
//       REDUCED:   %[[D:.+]] = arith.subi %{{.+}}, %{{.+}} : i32
//       REDUCED:   %[[S:.+]] = arith.shli %[[D]], %c2_i32 : i32
//       REDUCED:   %[[R:.+]] = arith.subi %[[S]], %[[D]] : i32
//       REDUCED:   return %[[R]]
func.func @same_magnitude(%a: i32, %b: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %cm3 = arith.constant -3 : i32
  %p = arith.muli %a, %c3 : i32
  %q = arith.muli %b, %cm3 : i32
  %s = arith.addi %p, %q : i32
  return %s : i32
}

// -----

// The pair x + 2y occurs at shift 0 in one sum and at shift 2 (4x + 8y) in
// the other, negated: t = x + (y << 1) once, then t and 0 - (t << 2).
// The constant of a sum (the bias) starts it and is not counted as an
// adder.
// CHECK-LABEL: func.func @shifted_pair
//  CHECK-SAME:   (%[[X:[^:]+]]: i32, %[[Y:[^:]+]]: i32, %[[Z:[^:]+]]: i32)
//  CHECK-SAME:   adders_after = 2 : i64, adders_before = 3 : i64{{.*}}pairs = 1 : i64
//       CHECK:   %[[Y2:.+]] = arith.muli %[[Y]], %c2_i32 : i32
//       CHECK:   %[[T:.+]] = arith.addi %[[X]], %[[Y2]] : i32
//       CHECK:   %[[S0:.+]] = arith.addi %[[Z]], %[[T]] : i32
//       CHECK:   %[[T4:.+]] = arith.muli %[[T]], %c4_i32 : i32
//       CHECK:   %[[S1:.+]] = arith.subi %c7_i32, %[[T4]] : i32
//       CHECK:   return %[[S0]], %[[S1]]
func.func @shifted_pair(%x: i32, %y: i32, %z: i32) -> (i32, i32) {
  %c2 = arith.constant 2 : i32
  %cm4 = arith.constant -4 : i32
  %cm8 = arith.constant -8 : i32
  %c7 = arith.constant 7 : i32
  %a = arith.muli %y, %c2 : i32
  %b = arith.addi %x, %a : i32
  %s0 = arith.addi %b, %z : i32
  %d = arith.muli %x, %cm4 : i32
  %e = arith.muli %y, %cm8 : i32
  %f = arith.addi %c7, %d : i32
  %s1 = arith.addi %f, %e : i32
  return %s0, %s1 : i32, i32
}

// -----

// Nothing in common and no constant product: the sum is left as it is. A
// sum in another block (the loop body) is not merged with one outside it.
// CHECK-LABEL: func.func @nothing_shared
//  CHECK-SAME:   (%[[X:[^:]+]]: i32, %[[Y:[^:]+]]: i32, %[[Z:[^:]+]]: i32,
//  CHECK-SAME:   adders_after = 4 : i64, adders_before = 4 : i64{{.*}}pairs = 0 : i64
//       CHECK:   %[[A:.+]] = arith.addi %[[X]], %[[Y]] : i32
//       CHECK:   arith.subi %[[A]], %[[Z]] : i32
//       CHECK:   scf.for {{.+}} iter_args(%[[ACC:.+]] = %[[Z]])
//       CHECK:     %[[B:.+]] = arith.addi %[[X]], %[[ACC]] : i32
//       CHECK:     arith.addi %[[B]], %[[Y]] : i32
func.func @nothing_shared(%x: i32, %y: i32, %z: i32, %n: index) -> (i32, i32) {
  %a = arith.addi %x, %y : i32
  %s = arith.subi %a, %z : i32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (i32) {
    %b = arith.addi %x, %acc : i32
    %c = arith.addi %b, %y : i32
    scf.yield %c : i32
  }
  return %s, %r : i32, i32
}

// -----

// i64, with INT64_MIN (one digit at bit 63) and 2 (bit 1): the pair
// (y << 1) + (x << 63) is y + (x << 62) shifted by 1, built once.
// REDUCED-LABEL: func.func @wide_shift_i64
//    REDUCED-SAME:   (%[[X:[^:]+]]: i64, %[[Y:[^:]+]]: i64, %[[Z:[^:]+]]: i64)
//    REDUCED-SAME:   pairs = 1 : i64
//         REDUCED:   %[[X62:.+]] = arith.shli %[[X]], %c62_i64 : i64
//         REDUCED:   %[[T:.+]] = arith.addi %[[Y]], %[[X62]] : i64
//         REDUCED:   %[[T2:.+]] = arith.shli %[[T]], %c1_i64 : i64
//         REDUCED:   %[[S0:.+]] = arith.addi %[[Z]], %[[T2]] : i64
//         REDUCED:   %[[S1:.+]] = arith.subi %[[T2]], %[[Z]] : i64
//         REDUCED:   return %[[S0]], %[[S1]]
func.func @wide_shift_i64(%x: i64, %y: i64, %z: i64) -> (i64, i64) {
  %cmin = arith.constant -9223372036854775808 : i64
  %c2 = arith.constant 2 : i64
  %a = arith.muli %x, %cmin : i64
  %b = arith.muli %y, %c2 : i64
  %ab = arith.addi %a, %b : i64
  %s0 = arith.addi %ab, %z : i64
  %e = arith.muli %y, %c2 : i64
  %f = arith.muli %x, %cmin : i64
  %ef = arith.subi %e, %z : i64
  %s1 = arith.addi %ef, %f : i64
  return %s0, %s1 : i64, i64
}
