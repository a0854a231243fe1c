// RUN: aicc-opt %s --split-input-file --canonicalize | FileCheck %s

// CHECK-LABEL: func.func @add_zero
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
//   CHECK-NOT:   aicc.add
//       CHECK:   return %[[X]], %[[X]] : tensor<2x3xf32>, tensor<2x3xf32>
func.func @add_zero(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %z = arith.constant dense<0.0> : tensor<2x3xf32>
  %zb = arith.constant dense<0.0> : tensor<3xf32>
  %0 = aicc.add %x, %zb : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = aicc.add %z, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @mul_one
//  CHECK-SAME: (%[[X:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi32>)
//   CHECK-NOT:   aicc.mul
//       CHECK:   return %[[X]], %[[X]], %[[I]] :
func.func @mul_one(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>) {
  %one = arith.constant dense<1.0> : tensor<4xf32>
  %ione = arith.constant dense<1> : tensor<i32>
  %0 = aicc.mul %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = aicc.mul %one, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = aicc.mul %i, %ione : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xi32>
}

// -----

// x - 0, x / 1 and x ^ 1 fold; max(x, x) and min(x, x) fold.
// CHECK-LABEL: func.func @other_neutral_rhs
//  CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
//   CHECK-NOT:   aicc.
//       CHECK:   return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]] :
func.func @other_neutral_rhs(%x: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %one = arith.constant dense<1.0> : tensor<4xf32>
  %0 = aicc.sub %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = aicc.div %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = aicc.pow %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = aicc.max %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = aicc.min %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Adding zeros of a larger shape broadcasts x: the add must stay (the
// commutative add only moves the constant to the right).
// CHECK-LABEL: func.func @add_zero_broadcasts
//  CHECK-SAME: (%[[X:.+]]: tensor<3xf32>)
//       CHECK:   %[[Z:.+]] = arith.constant dense<0.000000e+00> : tensor<2x3xf32>
//       CHECK:   %[[A:.+]] = aicc.add %[[X]], %[[Z]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
//       CHECK:   %[[B:.+]] = aicc.add %[[X]], %[[Z]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
//       CHECK:   return %[[A]], %[[B]]
func.func @add_zero_broadcasts(%x: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %z = arith.constant dense<0.0> : tensor<2x3xf32>
  %0 = aicc.add %x, %z : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = aicc.add %z, %x : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Not neutral, or neutral on the wrong side of a non-commutative op.
// CHECK-LABEL: func.func @no_fold_non_neutral
//  CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
//   CHECK-DAG:   %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<4xf32>
//   CHECK-DAG:   %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
//       CHECK:   %[[A:.+]] = aicc.add %[[X]], %[[ONE]]
//       CHECK:   %[[M:.+]] = aicc.mul %[[X]], %[[ZERO]]
//       CHECK:   %[[S:.+]] = aicc.sub %[[ZERO]], %[[X]]
//       CHECK:   %[[D:.+]] = aicc.div %[[ONE]], %[[X]]
//       CHECK:   return %[[A]], %[[M]], %[[S]], %[[D]]
func.func @no_fold_non_neutral(%x: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %one = arith.constant dense<1.0> : tensor<4xf32>
  %0 = aicc.add %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = aicc.mul %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = aicc.sub %zero, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = aicc.div %one, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A non-splat constant is not neutral even if it holds a zero.
// CHECK-LABEL: func.func @no_fold_non_splat
//       CHECK:   aicc.add
func.func @no_fold_non_splat(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %0 = aicc.add %x, %c : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_of_reshape
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
//  CHECK-NEXT:   %[[R:.+]] = aicc.reshape %[[X]] : tensor<2x3x4xf32> to tensor<4x6xf32>
//  CHECK-NEXT:   return %[[R]]
func.func @reshape_of_reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = aicc.reshape %x : tensor<2x3x4xf32> to tensor<24xf32>
  %1 = aicc.reshape %0 : tensor<24xf32> to tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

// A chain back to the input type disappears.
// CHECK-LABEL: func.func @reshape_round_trip
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
//  CHECK-NEXT:   return %[[X]]
func.func @reshape_round_trip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = aicc.reshape %x : tensor<2x3xf32> to tensor<6xf32>
  %1 = aicc.reshape %0 : tensor<6xf32> to tensor<3x2xf32>
  %2 = aicc.reshape %1 : tensor<3x2xf32> to tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_same_type
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
//  CHECK-NEXT:   return %[[X]]
func.func @reshape_same_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = aicc.reshape %x : tensor<2x3xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
//  CHECK-NEXT:   %[[C:.+]] = arith.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
//  CHECK-NEXT:   return %[[C]]
func.func @reshape_constant() -> tensor<2x3xi32> {
  %c = arith.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>
  %0 = aicc.reshape %c : tensor<6xi32> to tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @transpose_identity
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
//  CHECK-NEXT:   return %[[X]]
func.func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = aicc.transpose %x {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Result dim i of the pair is x's dim p[q[i]]: p = q = [1, 2, 0] give [2, 0, 1].
// CHECK-LABEL: func.func @transpose_of_transpose
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
//  CHECK-NEXT:   %[[T:.+]] = aicc.transpose %[[X]] {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
//  CHECK-NEXT:   return %[[T]]
func.func @transpose_of_transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = aicc.transpose %x {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = aicc.transpose %0 {perm = array<i64: 1, 2, 0>} : (tensor<3x4x2xf32>) -> tensor<4x2x3xf32>
  return %1 : tensor<4x2x3xf32>
}

// -----

// Inverse permutations compose to the identity and vanish.
// CHECK-LABEL: func.func @transpose_inverse_pair
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
//  CHECK-NEXT:   return %[[X]]
func.func @transpose_inverse_pair(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = aicc.transpose %x {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = aicc.transpose %0 {perm = array<i64: 2, 0, 1>} : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// A non-identity transpose of a square tensor keeps its type but must stay.
// CHECK-LABEL: func.func @transpose_square
//       CHECK:   aicc.transpose %{{.+}} {perm = array<i64: 1, 0>}
func.func @transpose_square(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = aicc.transpose %x {perm = array<i64: 1, 0>} : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_single_input
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
//  CHECK-NEXT:   return %[[X]]
func.func @concat_single_input(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = aicc.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_two_inputs
//       CHECK:   aicc.concat
func.func @concat_two_inputs(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = aicc.concat %x, %x {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @slice_identity
//  CHECK-SAME: (%[[X:.+]]: tensor<2x4xf32>)
//  CHECK-NEXT:   return %[[X]]
func.func @slice_identity(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = aicc.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 4>, steps = array<i64: 1, 1>}
      : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Reversal keeps the type but is not the identity.
// CHECK-LABEL: func.func @slice_reverse
//       CHECK:   aicc.slice %{{.+}} {ends = array<i64: -1>, starts = array<i64: 3>, steps = array<i64: -1>}
func.func @slice_reverse(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aicc.slice %x {starts = array<i64: 3>, ends = array<i64: -1>, steps = array<i64: -1>}
      : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @slice_strict
//       CHECK:   aicc.slice %{{.+}} {ends = array<i64: 3>, starts = array<i64: 1>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<2xf32>
func.func @slice_strict(%x: tensor<4xf32>) -> tensor<2xf32> {
  %0 = aicc.slice %x {starts = array<i64: 1>, ends = array<i64: 3>, steps = array<i64: 1>}
      : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @cast_same_type
//  CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
//       CHECK:   %[[C:.+]] = aicc.cast %[[X]] : tensor<4xf32> to tensor<4xf16>
//       CHECK:   return %[[X]], %[[C]]
func.func @cast_same_type(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf16>) {
  %0 = aicc.cast %x : tensor<4xf32> to tensor<4xf32>
  %1 = aicc.cast %x : tensor<4xf32> to tensor<4xf16>
  return %0, %1 : tensor<4xf32>, tensor<4xf16>
}

// -----

// Constant bound operands become attributes; run-time ones stay operands.
// CHECK-LABEL: func.func @clip_constant_bounds
//  CHECK-SAME:   (%[[X:.+]]: tensor<4xf32>, %[[HI:.+]]: tensor<f32>)
//       CHECK:   %[[R:.+]] = aicc.clip %[[X]] max %[[HI]] : tensor<f32> {min = -1.000000e+00 : f64} : tensor<4xf32>
//       CHECK:   return %[[R]]
func.func @clip_constant_bounds(%x: tensor<4xf32>, %hi: tensor<f32>) -> tensor<4xf32> {
  %lo = arith.constant dense<-1.0> : tensor<f32>
  %0 = aicc.clip %x min %lo : tensor<f32> max %hi : tensor<f32> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// where with a splat condition picks a branch when no broadcast widens it.
// CHECK-LABEL: func.func @where_constant_condition
//  CHECK-SAME:   (%[[X:.+]]: tensor<4xf32>, %[[Y:.+]]: tensor<4xf32>, %[[S:.+]]: tensor<1xf32>)
//       CHECK:   %[[W:.+]] = aicc.where %{{.+}}, %[[S]], %[[Y]]
//       CHECK:   return %[[X]], %[[Y]], %[[W]]
func.func @where_constant_condition(%x: tensor<4xf32>, %y: tensor<4xf32>, %s: tensor<1xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %t = arith.constant dense<true> : tensor<4xi1>
  %f = arith.constant dense<false> : tensor<4xi1>
  %0 = aicc.where %t, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = aicc.where %f, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // The picked operand would need broadcasting: no fold.
  %2 = aicc.where %t, %s, %y : (tensor<4xi1>, tensor<1xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// expand to the same type is the input; a splat constant expands to a splat.
// CHECK-LABEL: func.func @expand_folds
//  CHECK-SAME:   (%[[X:.+]]: tensor<2x3xf32>)
//       CHECK:   %[[C:.+]] = arith.constant dense<1.500000e+00> : tensor<4x3xf32>
//       CHECK:   return %[[X]], %[[C]]
func.func @expand_folds(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>) {
  %c = arith.constant dense<1.5> : tensor<1x3xf32>
  %0 = aicc.expand %x : tensor<2x3xf32> to tensor<2x3xf32>
  %1 = aicc.expand %c : tensor<1x3xf32> to tensor<4x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<4x3xf32>
}

// -----

// tile by all-ones repeats is the input; other repeats stay.
// CHECK-LABEL: func.func @tile_folds
//  CHECK-SAME:   (%[[X:.+]]: tensor<2x3xf32>)
//       CHECK:   %[[T:.+]] = aicc.tile %[[X]]
//       CHECK:   return %[[X]], %[[T]]
func.func @tile_folds(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>) {
  %0 = aicc.tile %x {repeats = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = aicc.tile %x {repeats = array<i64: 2, 1>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<4x3xf32>
}
