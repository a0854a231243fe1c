// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --mlir-print-local-scope | FileCheck %s

// Python-style mod moves a remainder whose sign differs from the divisor's;
// fmod is one remf.
// CHECK-LABEL: func.func @mod
//       CHECK:   linalg.generic {{.*}}ins(%{{.+}}, %{{.+}} : tensor<2x3xi32>, tensor<3xi32>)
//       CHECK:     ^bb0(%[[A:.+]]: i32, %[[B:.+]]: i32, %{{.+}}: i32):
//       CHECK:       %[[R:.+]] = arith.remsi %[[A]], %[[B]] : i32
//       CHECK:       %[[NZ:.+]] = arith.cmpi ne, %[[R]]
//       CHECK:       %[[RN:.+]] = arith.cmpi slt, %[[R]]
//       CHECK:       %[[BN:.+]] = arith.cmpi slt, %[[B]]
//       CHECK:       %[[DIFF:.+]] = arith.xori %[[RN]], %[[BN]] : i1
//       CHECK:       %[[FIX:.+]] = arith.andi %[[NZ]], %[[DIFF]] : i1
//       CHECK:       %[[MOVED:.+]] = arith.addi %[[R]], %[[B]] : i32
//       CHECK:       arith.select %[[FIX]], %[[MOVED]], %[[R]] : i32
//       CHECK:     ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
//  CHECK-NEXT:       %[[F:.+]] = arith.remf %[[X]], %[[Y]] : f32
//  CHECK-NEXT:       linalg.yield %[[F]] : f32
//       CHECK:     ^bb0(%{{.+}}: ui8, %{{.+}}: ui8, %{{.+}}: ui8):
//       CHECK:       arith.remui %{{.+}}, %{{.+}} : i8
//   CHECK-NOT:       arith.select
//       CHECK:       linalg.yield
func.func @mod(%a: tensor<2x3xi32>, %b: tensor<3xi32>, %x: tensor<4xf32>, %u: tensor<4xui8>)
    -> (tensor<2x3xi32>, tensor<4xf32>, tensor<4xui8>) {
  %0 = aicc.mod %a, %b {fmod = false} : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %1 = aicc.mod %x, %x {fmod = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = aicc.mod %u, %u {fmod = false} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<2x3xi32>, tensor<4xf32>, tensor<4xui8>
}

// -----

// A float zero remainder of Python-style mod takes the divisor's sign.
// CHECK-LABEL: func.func @mod_float
//       CHECK:   %[[R:.+]] = arith.remf %{{.+}}, %[[Y:[^ ]+]] : f32
//       CHECK:   arith.cmpf one, %[[R]]
//       CHECK:   %[[S:.+]] = arith.select
//       CHECK:   %[[Z:.+]] = arith.cmpf oeq, %[[S]]
//       CHECK:   %[[C:.+]] = math.copysign %[[S]], %[[Y]] : f32
//       CHECK:   arith.select %[[Z]], %[[C]], %[[S]] : f32
func.func @mod_float(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aicc.mod %x, %x {fmod = false} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Shifts by amounts outside [0, width) give the sign fill.
// CHECK-LABEL: func.func @bit_shift
//       CHECK:     ^bb0(%{{.+}}: ui8, %{{.+}}: ui8, %{{.+}}: ui8):
//       CHECK:       %[[OK:.+]] = arith.cmpi ult, %[[S:.+]], %c8_i8 : i8
//       CHECK:       %[[SH:.+]] = arith.shli %{{.+}}, %[[S]] : i8
//       CHECK:       arith.select %[[OK]], %[[SH]], %c0_i8 : i8
//       CHECK:     ^bb0(%{{.+}}: ui8, %{{.+}}: ui8, %{{.+}}: ui8):
//       CHECK:       arith.shrui
//       CHECK:     ^bb0(%[[X:.+]]: i32, %[[A:.+]]: i32, %{{.+}}: i32):
//       CHECK:       %[[OK2:.+]] = arith.cmpi ult, %[[A]], %c32_i32 : i32
//       CHECK:       %[[AMT:.+]] = arith.select %[[OK2]], %[[A]], %c31_i32 : i32
//       CHECK:       arith.shrsi %[[X]], %[[AMT]] : i32
func.func @bit_shift(%u: tensor<4xui8>, %i: tensor<4xi32>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi32>) {
  %0 = aicc.bit_shift %u, %u {direction = "left"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = aicc.bit_shift %u, %u {direction = "right"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = aicc.bit_shift %i, %i {direction = "right"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xi32>
}

// -----

// The slope broadcasts to the input's shape.
// CHECK-LABEL: func.func @prelu
//       CHECK:   linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
//       CHECK:     ^bb0(%[[X:.+]]: f32, %[[S:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[NEG:.+]] = arith.cmpf olt, %[[X]]
//       CHECK:       %[[M:.+]] = arith.mulf %[[X]], %[[S]] : f32
//       CHECK:       arith.select %[[NEG]], %[[M]], %[[X]] : f32
func.func @prelu(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = aicc.prelu %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Three operands broadcast together.
// CHECK-LABEL: func.func @where
//       CHECK:   linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>]
//       CHECK:     ^bb0(%[[C:.+]]: i1, %[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
//       CHECK:       arith.select %[[C]], %[[X]], %[[Y]] : f32
func.func @where(%c: tensor<2x1xi1>, %x: tensor<3xf32>, %y: tensor<f32>) -> tensor<2x3xf32> {
  %0 = aicc.where %c, %x, %y : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
