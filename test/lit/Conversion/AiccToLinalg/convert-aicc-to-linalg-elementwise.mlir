// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg --mlir-print-local-scope | FileCheck %s

// Unary float ops that are one math op each.
// CHECK-LABEL: func.func @math_unary
//       CHECK:   math.floor
//       CHECK:   math.ceil
//       CHECK:   math.roundeven
//       CHECK:   math.sin
//       CHECK:   math.cos
//       CHECK:   math.tan
//       CHECK:   math.asin
//       CHECK:   math.acos
//       CHECK:   math.atan
//       CHECK:   math.sinh
//       CHECK:   math.cosh
//       CHECK:   math.asinh
//       CHECK:   math.acosh
//       CHECK:   math.atanh
func.func @math_unary(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aicc.floor %x : tensor<4xf32>
  %1 = aicc.ceil %0 : tensor<4xf32>
  %2 = aicc.round %1 : tensor<4xf32>
  %3 = aicc.sin %2 : tensor<4xf32>
  %4 = aicc.cos %3 : tensor<4xf32>
  %5 = aicc.tan %4 : tensor<4xf32>
  %6 = aicc.asin %5 : tensor<4xf32>
  %7 = aicc.acos %6 : tensor<4xf32>
  %8 = aicc.atan %7 : tensor<4xf32>
  %9 = aicc.sinh %8 : tensor<4xf32>
  %10 = aicc.cosh %9 : tensor<4xf32>
  %11 = aicc.asinh %10 : tensor<4xf32>
  %12 = aicc.acosh %11 : tensor<4xf32>
  %13 = aicc.atanh %12 : tensor<4xf32>
  return %13 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @reciprocal_softsign
//       CHECK:     ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
//       CHECK:       arith.divf %[[ONE]], %[[X]] : f32
//       CHECK:     ^bb0(%[[Y:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[ABS:.+]] = math.absf %[[Y]]
//       CHECK:       %[[DEN:.+]] = arith.addf %{{.+}}, %[[ABS]]
//       CHECK:       arith.divf %[[Y]], %[[DEN]] : f32
func.func @reciprocal_softsign(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = aicc.reciprocal %x : tensor<4xf32>
  %1 = aicc.softsign %x : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Softplus is max(x, 0) + log1p(exp(-|x|)); Mish multiplies x by its tanh.
// CHECK-LABEL: func.func @softplus_mish
//       CHECK:     ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[A:.+]] = math.absf %[[X]]
//       CHECK:       %[[N:.+]] = arith.negf %[[A]]
//       CHECK:       %[[E:.+]] = math.exp %[[N]]
//       CHECK:       %[[L:.+]] = math.log1p %[[E]]
//       CHECK:       %[[P:.+]] = arith.maximumf %[[X]]
//       CHECK:       arith.addf %[[P]], %[[L]]
//       CHECK:     ^bb0(%[[Y:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[T:.+]] = math.tanh
//       CHECK:       arith.mulf %[[Y]], %[[T]]
func.func @softplus_mish(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = aicc.softplus %x : tensor<4xf32>
  %1 = aicc.mish %x : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @elu_family
//       CHECK:     ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[E:.+]] = math.exp %[[X]]
//       CHECK:       %[[EM1:.+]] = arith.subf %[[E]]
//       CHECK:       %[[NEG:.+]] = arith.mulf %[[EM1]], %{{.+}}
//       CHECK:       %[[POS:.+]] = arith.cmpf ogt, %[[X]]
//       CHECK:       arith.select %[[POS]], %[[X]], %[[NEG]]
//       CHECK:     ^bb0(%[[S:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[SC:.+]] = arith.mulf %[[S]], %{{.+}}
//       CHECK:       %[[SP:.+]] = arith.cmpf ogt, %[[S]]
//       CHECK:       arith.select %[[SP]], %[[SC]], %{{.+}}
//       CHECK:     ^bb0(%[[C:.+]]: f32, %{{.+}}: f32):
//       CHECK:       arith.divf %[[C]]
//       CHECK:       %[[LO:.+]] = arith.minimumf
//       CHECK:       %[[HI:.+]] = arith.maximumf %[[C]]
//       CHECK:       arith.addf %[[HI]], %[[LO]]
//       CHECK:     ^bb0(%[[T:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[ALPHA:.+]] = arith.constant 5.000000e-01 : f32
//       CHECK:       %[[GT:.+]] = arith.cmpf ogt, %[[T]], %[[ALPHA]]
//       CHECK:       arith.select %[[GT]], %[[T]], %{{.+}}
func.func @elu_family(%x: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = aicc.elu %x {alpha = 1.0} : tensor<4xf32>
  %1 = aicc.selu %x {alpha = 1.5, gamma = 2.0} : tensor<4xf32>
  %2 = aicc.celu %x {alpha = 2.0} : tensor<4xf32>
  %3 = aicc.thresholded_relu %x {alpha = 0.5} : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @gelu
//       CHECK:     ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[S:.+]] = arith.mulf %[[X]], %{{.+}}
//       CHECK:       %[[E:.+]] = math.erf %[[S]]
//       CHECK:       %[[H:.+]] = arith.mulf %[[X]], %{{.+}}
//       CHECK:       %[[P:.+]] = arith.addf %{{.+}}, %[[E]]
//       CHECK:       arith.mulf %[[H]], %[[P]]
//       CHECK:     ^bb0(%[[Y:.+]]: f32, %{{.+}}: f32):
//       CHECK:       math.tanh
//   CHECK-NOT:       math.erf
//       CHECK:       linalg.yield
func.func @gelu(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = aicc.gelu %x : tensor<4xf32>
  %1 = aicc.gelu %x {approximate = "tanh"} : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Floats keep x when neither compare holds (NaN, signed zero); unsigned
// integers only test for zero, through signless scalars.
// CHECK-LABEL: func.func @sign
//       CHECK:     ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
//       CHECK:       %[[P:.+]] = arith.cmpf ogt, %[[X]]
//       CHECK:       %[[N:.+]] = arith.cmpf olt, %[[X]]
//       CHECK:       %[[R:.+]] = arith.select %[[N]], %{{.+}}, %[[X]]
//       CHECK:       arith.select %[[P]], %{{.+}}, %[[R]]
//       CHECK:     ^bb0(%[[I:.+]]: i32, %{{.+}}: i32):
//       CHECK:       arith.cmpi sgt, %[[I]]
//       CHECK:       arith.cmpi slt, %[[I]]
//       CHECK:     ^bb0(%[[U:.+]]: ui8, %{{.+}}: ui8):
//       CHECK:       %[[UC:.+]] = builtin.unrealized_conversion_cast %[[U]] : ui8 to i8
//       CHECK:       %[[NZ:.+]] = arith.cmpi ne, %[[UC]]
//       CHECK:       arith.select %[[NZ]]
func.func @sign(%x: tensor<4xf32>, %i: tensor<4xi32>, %u: tensor<4xui8>)
    -> (tensor<4xf32>, tensor<4xi32>, tensor<4xui8>) {
  %0 = aicc.sign %x : tensor<4xf32>
  %1 = aicc.sign %i : tensor<4xi32>
  %2 = aicc.sign %u : tensor<4xui8>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xi32>, tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @tests
//       CHECK:     ^bb0(%[[X:.+]]: f32, %{{.+}}: i1):
//       CHECK:       arith.cmpf uno, %[[X]], %[[X]] : f32
//       CHECK:     ^bb0(%[[Y:.+]]: f32, %{{.+}}: i1):
//       CHECK:       %[[A:.+]] = math.absf %[[Y]]
//       CHECK:       %[[INF:.+]] = arith.constant 0x7F800000 : f32
//       CHECK:       arith.cmpf oeq, %[[A]], %[[INF]] : f32
//       CHECK:     ^bb0(%[[Z:.+]]: f32, %{{.+}}: i1):
//       CHECK:       %[[NINF:.+]] = arith.constant 0xFF800000 : f32
//       CHECK:       arith.cmpf oeq, %[[Z]], %[[NINF]] : f32
//       CHECK:     ^bb0(%[[B:.+]]: i1, %{{.+}}: i1):
//       CHECK:       %[[T:.+]] = arith.constant true
//       CHECK:       arith.xori %[[B]], %[[T]] : i1
func.func @tests(%x: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = aicc.is_nan %x : tensor<4xf32>
  %1 = aicc.is_inf %x {detect_negative = true, detect_positive = true} : tensor<4xf32>
  %2 = aicc.is_inf %x {detect_negative = true, detect_positive = false} : tensor<4xf32>
  %3 = aicc.not %0 : tensor<4xi1>
  return %1, %2, %3 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Compares broadcast like the arithmetic binaries and yield i1; floats use
// ordered predicates, unsigned integers the unsigned ones.
// CHECK-LABEL: func.func @compare
//       CHECK:   linalg.generic
//  CHECK-SAME:       indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
//       CHECK:     ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: i1):
//       CHECK:       arith.cmpf oeq, %[[X]], %[[Y]] : f32
//       CHECK:     arith.cmpf olt
//       CHECK:     arith.cmpf ole
//       CHECK:     arith.cmpf ogt
//       CHECK:     arith.cmpf oge
//       CHECK:     ^bb0(%{{.+}}: i32, %{{.+}}: i32, %{{.+}}: i1):
//       CHECK:       arith.cmpi slt
//       CHECK:     ^bb0(%{{.+}}: ui8, %{{.+}}: ui8, %{{.+}}: i1):
//       CHECK:       arith.cmpi ult
//       CHECK:     ^bb0(%{{.+}}: ui8, %{{.+}}: ui8, %{{.+}}: i1):
//       CHECK:       arith.cmpi uge
func.func @compare(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi32>, %u: tensor<4xui8>)
    -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>,
        tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = aicc.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = aicc.less %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %2 = aicc.less_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %3 = aicc.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %4 = aicc.greater_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %5 = aicc.less %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %6 = aicc.less %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %7 = aicc.greater_equal %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>,
      tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @logic
//       CHECK:     ^bb0(%[[X:.+]]: i1, %[[Y:.+]]: i1, %{{.+}}: i1):
//       CHECK:       arith.andi %[[X]], %[[Y]] : i1
//       CHECK:     arith.ori
//       CHECK:     arith.xori
func.func @logic(%p: tensor<4xi1>, %q: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = aicc.and %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %1 = aicc.or %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %2 = aicc.xor %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Bitwise ops work on the signless integers; not is xor with all ones.
// CHECK-LABEL: func.func @bitwise
//       CHECK:   linalg.generic
//       CHECK:     arith.andi %{{.+}}, %{{.+}} : i16
//       CHECK:   linalg.generic
//       CHECK:     %[[ONES:.+]] = arith.constant -1 : i16
//       CHECK:     arith.xori %{{.+}}, %[[ONES]] : i16
func.func @bitwise(%a: tensor<4xi16>, %b: tensor<4xi16>) -> (tensor<4xi16>, tensor<4xi16>) {
  %0 = aicc.bitwise_and %a, %b : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi16>
  %1 = aicc.bitwise_not %a : tensor<4xi16>
  return %0, %1 : tensor<4xi16>, tensor<4xi16>
}
