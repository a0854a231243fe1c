// Round trip of every aicc op: parse, print, parse again. The second RUN line
// goes through the generic form, so every attribute survives both syntaxes.
// RUN: aicc-opt %s | aicc-opt | FileCheck %s
// RUN: aicc-opt %s --mlir-print-op-generic | aicc-opt | FileCheck %s

// CHECK-LABEL: func.func @binary
//  CHECK-SAME: (%[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<3xf32>, %[[I:.+]]: tensor<4xi32>)
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>) {
  // CHECK: aicc.add %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = aicc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.sub %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = aicc.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.mul %[[B]], %[[A]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = aicc.mul %b, %a : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.div %[[A]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = aicc.div %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.pow %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = aicc.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.max %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = aicc.max %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.min %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = aicc.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.add %[[I]], %[[I]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %7 = aicc.add %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
      tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @unary
//  CHECK-SAME: (%[[X:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi8>)
func.func @unary(%x: tensor<4xf32>, %i: tensor<4xi8>) -> (tensor<4xf32>, tensor<4xi8>) {
  // CHECK: %[[S:.+]] = aicc.sqrt %[[X]] : tensor<4xf32>
  %0 = aicc.sqrt %x : tensor<4xf32>
  // CHECK: %[[E:.+]] = aicc.exp %[[S]] : tensor<4xf32>
  %1 = aicc.exp %0 : tensor<4xf32>
  // CHECK: %[[L:.+]] = aicc.log %[[E]] : tensor<4xf32>
  %2 = aicc.log %1 : tensor<4xf32>
  // CHECK: %[[N:.+]] = aicc.neg %[[L]] : tensor<4xf32>
  %3 = aicc.neg %2 : tensor<4xf32>
  // CHECK: %[[AB:.+]] = aicc.abs %[[N]] : tensor<4xf32>
  %4 = aicc.abs %3 : tensor<4xf32>
  // CHECK: %[[R:.+]] = aicc.relu %[[AB]] : tensor<4xf32>
  %5 = aicc.relu %4 : tensor<4xf32>
  // CHECK: %[[SG:.+]] = aicc.sigmoid %[[R]] : tensor<4xf32>
  %6 = aicc.sigmoid %5 : tensor<4xf32>
  // CHECK: %[[T:.+]] = aicc.tanh %[[SG]] : tensor<4xf32>
  %7 = aicc.tanh %6 : tensor<4xf32>
  // CHECK: %[[ER:.+]] = aicc.erf %[[T]] : tensor<4xf32>
  %8 = aicc.erf %7 : tensor<4xf32>
  // CHECK: %[[HS:.+]] = aicc.hard_swish %[[ER]] : tensor<4xf32>
  %9 = aicc.hard_swish %8 : tensor<4xf32>
  // CHECK: %[[LR:.+]] = aicc.leaky_relu %[[HS]] {alpha = 1.000000e-01 : f64} : tensor<4xf32>
  %10 = aicc.leaky_relu %9 {alpha = 0.1} : tensor<4xf32>
  // CHECK: %[[HG:.+]] = aicc.hard_sigmoid %[[LR]] {alpha = 2.000000e-01 : f64, beta = 5.000000e-01 : f64} : tensor<4xf32>
  %11 = aicc.hard_sigmoid %10 {alpha = 0.2, beta = 0.5} : tensor<4xf32>
  // CHECK: aicc.neg %[[I]] : tensor<4xi8>
  %12 = aicc.neg %i : tensor<4xi8>
  // CHECK: aicc.abs %{{.+}} : tensor<4xi8>
  %13 = aicc.abs %12 : tensor<4xi8>
  // CHECK: aicc.relu %{{.+}} : tensor<4xi8>
  %14 = aicc.relu %13 : tensor<4xi8>
  return %11, %14 : tensor<4xf32>, tensor<4xi8>
}

// CHECK-LABEL: func.func @unary_more
//  CHECK-SAME: (%[[X:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi8>)
func.func @unary_more(%x: tensor<4xf32>, %i: tensor<4xi8>)
    -> (tensor<4xf32>, tensor<4xi8>, tensor<4xi1>) {
  // CHECK: aicc.floor %{{.+}} : tensor<4xf32>
  %0 = aicc.floor %x : tensor<4xf32>
  // CHECK: aicc.ceil %{{.+}} : tensor<4xf32>
  %1 = aicc.ceil %0 : tensor<4xf32>
  // CHECK: aicc.round %{{.+}} : tensor<4xf32>
  %2 = aicc.round %1 : tensor<4xf32>
  // CHECK: aicc.reciprocal %{{.+}} : tensor<4xf32>
  %3 = aicc.reciprocal %2 : tensor<4xf32>
  // CHECK: aicc.sin %{{.+}} : tensor<4xf32>
  %4 = aicc.sin %3 : tensor<4xf32>
  // CHECK: aicc.cos %{{.+}} : tensor<4xf32>
  %5 = aicc.cos %4 : tensor<4xf32>
  // CHECK: aicc.tan %{{.+}} : tensor<4xf32>
  %6 = aicc.tan %5 : tensor<4xf32>
  // CHECK: aicc.asin %{{.+}} : tensor<4xf32>
  %7 = aicc.asin %6 : tensor<4xf32>
  // CHECK: aicc.acos %{{.+}} : tensor<4xf32>
  %8 = aicc.acos %7 : tensor<4xf32>
  // CHECK: aicc.atan %{{.+}} : tensor<4xf32>
  %9 = aicc.atan %8 : tensor<4xf32>
  // CHECK: aicc.sinh %{{.+}} : tensor<4xf32>
  %10 = aicc.sinh %9 : tensor<4xf32>
  // CHECK: aicc.cosh %{{.+}} : tensor<4xf32>
  %11 = aicc.cosh %10 : tensor<4xf32>
  // CHECK: aicc.asinh %{{.+}} : tensor<4xf32>
  %12 = aicc.asinh %11 : tensor<4xf32>
  // CHECK: aicc.acosh %{{.+}} : tensor<4xf32>
  %13 = aicc.acosh %12 : tensor<4xf32>
  // CHECK: aicc.atanh %{{.+}} : tensor<4xf32>
  %14 = aicc.atanh %13 : tensor<4xf32>
  // CHECK: aicc.softplus %{{.+}} : tensor<4xf32>
  %15 = aicc.softplus %14 : tensor<4xf32>
  // CHECK: aicc.softsign %{{.+}} : tensor<4xf32>
  %16 = aicc.softsign %15 : tensor<4xf32>
  // CHECK: aicc.mish %{{.+}} : tensor<4xf32>
  %17 = aicc.mish %16 : tensor<4xf32>
  // CHECK: aicc.sign %{{.+}} : tensor<4xf32>
  %18 = aicc.sign %17 : tensor<4xf32>
  // CHECK: aicc.elu %{{.+}} {alpha = 1.000000e+00 : f64} : tensor<4xf32>
  %19 = aicc.elu %18 {alpha = 1.0} : tensor<4xf32>
  // CHECK: aicc.selu %{{.+}} {alpha = 1.500000e+00 : f64, gamma = 2.000000e+00 : f64} : tensor<4xf32>
  %20 = aicc.selu %19 {alpha = 1.5, gamma = 2.0} : tensor<4xf32>
  // CHECK: aicc.celu %{{.+}} {alpha = 2.000000e+00 : f64} : tensor<4xf32>
  %21 = aicc.celu %20 {alpha = 2.0} : tensor<4xf32>
  // CHECK: aicc.thresholded_relu %{{.+}} {alpha = 5.000000e-01 : f64} : tensor<4xf32>
  %22 = aicc.thresholded_relu %21 {alpha = 0.5} : tensor<4xf32>
  // CHECK: aicc.gelu %{{.+}} : tensor<4xf32>
  %23 = aicc.gelu %22 : tensor<4xf32>
  // CHECK: aicc.gelu %{{.+}} {approximate = "tanh"} : tensor<4xf32>
  %24 = aicc.gelu %23 {approximate = "tanh"} : tensor<4xf32>
  // CHECK: aicc.sign %[[I]] : tensor<4xi8>
  %25 = aicc.sign %i : tensor<4xi8>
  // CHECK: %[[NAN:.+]] = aicc.is_nan %[[X]] : tensor<4xf32>
  %26 = aicc.is_nan %x : tensor<4xf32>
  // CHECK: aicc.is_inf %[[X]] {detect_negative = false, detect_positive = true} : tensor<4xf32>
  %27 = aicc.is_inf %x {detect_negative = false, detect_positive = true} : tensor<4xf32>
  // CHECK: aicc.not %[[NAN]] : tensor<4xi1>
  %28 = aicc.not %26 : tensor<4xi1>
  return %24, %25, %28 : tensor<4xf32>, tensor<4xi8>, tensor<4xi1>
}

// CHECK-LABEL: func.func @predicates
//  CHECK-SAME: (%[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<3xf32>, %[[U:.+]]: tensor<4xui8>, %[[P:.+]]: tensor<4xi1>)
func.func @predicates(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %u: tensor<4xui8>, %p: tensor<4xi1>)
    -> (tensor<2x3xi1>, tensor<4xi1>) {
  // CHECK: aicc.equal %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %0 = aicc.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: aicc.less %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = aicc.less %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: aicc.less_equal %[[U]], %[[U]] : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %2 = aicc.less_equal %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  // CHECK: aicc.greater %[[U]], %[[U]] : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %3 = aicc.greater %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  // CHECK: aicc.greater_equal %[[U]], %[[U]] : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %4 = aicc.greater_equal %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  // CHECK: aicc.and %{{.+}}, %{{.+}} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %5 = aicc.and %2, %3 : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // CHECK: aicc.or %{{.+}}, %{{.+}} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %6 = aicc.or %5, %4 : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // CHECK: aicc.xor %{{.+}}, %[[P]] : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %7 = aicc.xor %6, %p : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %1, %7 : tensor<2x3xi1>, tensor<4xi1>
}

// Both bounds, one bound, no bound; integer bounds on an integer tensor.
// CHECK-LABEL: func.func @clip
func.func @clip(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>) {
  // CHECK: aicc.clip %{{.+}} {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : tensor<4xf32>
  %0 = aicc.clip %x {min = 0.0, max = 6.0} : tensor<4xf32>
  // CHECK: aicc.clip %{{.+}} {min = -1.000000e+00 : f64} : tensor<4xf32>
  %1 = aicc.clip %0 {min = -1.0} : tensor<4xf32>
  // CHECK: aicc.clip %{{.+}} {max = 2.500000e+00 : f64} : tensor<4xf32>
  %2 = aicc.clip %1 {max = 2.5} : tensor<4xf32>
  // CHECK: aicc.clip %{{[^ ]+}} : tensor<4xf32>
  %3 = aicc.clip %2 : tensor<4xf32>
  // CHECK: aicc.clip %{{.+}} {max = 1.000000e+01 : f64, min = -3.000000e+00 : f64} : tensor<4xi32>
  %4 = aicc.clip %i {min = -3.0, max = 10.0} : tensor<4xi32>
  return %3, %4 : tensor<4xf32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @cast
func.func @cast(%x: tensor<2x2xf32>) -> (tensor<2x2xi1>, tensor<2x2xf16>) {
  // CHECK: aicc.cast %{{.+}} : tensor<2x2xf32> to tensor<2x2xi64>
  %0 = aicc.cast %x : tensor<2x2xf32> to tensor<2x2xi64>
  // CHECK: aicc.cast %{{.+}} : tensor<2x2xi64> to tensor<2x2xi1>
  %1 = aicc.cast %0 : tensor<2x2xi64> to tensor<2x2xi1>
  // CHECK: aicc.cast %{{.+}} : tensor<2x2xf32> to tensor<2x2xf16>
  %2 = aicc.cast %x : tensor<2x2xf32> to tensor<2x2xf16>
  return %1, %2 : tensor<2x2xi1>, tensor<2x2xf16>
}

// CHECK-LABEL: func.func @bitcast
func.func @bitcast(%x: tensor<3xf32>, %u: tensor<2xui16>) -> (tensor<3xi32>, tensor<2xi16>) {
  // CHECK: aicc.bitcast %{{.+}} : tensor<3xf32> to tensor<3xi32>
  %0 = aicc.bitcast %x : tensor<3xf32> to tensor<3xi32>
  // CHECK: aicc.bitcast %{{.+}} : tensor<2xui16> to tensor<2xi16>
  %1 = aicc.bitcast %u : tensor<2xui16> to tensor<2xi16>
  return %0, %1 : tensor<3xi32>, tensor<2xi16>
}

// Conv with and without the optional bias; strided, dilated and grouped.
// CHECK-LABEL: func.func @conv
//  CHECK-SAME: (%[[X:.+]]: tensor<1x4x8x8xf32>, %[[W:.+]]: tensor<6x4x3x3xf32>, %[[B:.+]]: tensor<6xf32>, %[[WG:.+]]: tensor<6x2x3x3xf32>)
func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xf32>,
                %wg: tensor<6x2x3x3xf32>)
    -> (tensor<1x6x8x8xf32>, tensor<1x6x2x2xf32>, tensor<1x6x6x6xf32>) {
  // CHECK: aicc.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  %0 = aicc.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
                             pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  // CHECK: aicc.conv %[[X]], %[[W]] {dilations = array<i64: 2, 2>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x2x2xf32>
  %1 = aicc.conv %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>,
                         pads = array<i64: 0, 0, 0, 0>, group = 1 : i64}
      : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x2x2xf32>
  // CHECK: aicc.conv %[[X]], %[[WG]], %[[B]] {{{.*}}group = 2 : i64{{.*}}} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %2 = aicc.conv %x, %wg, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
                              pads = array<i64: 0, 0, 0, 0>, group = 2 : i64}
      : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0, %1, %2 : tensor<1x6x8x8xf32>, tensor<1x6x2x2xf32>, tensor<1x6x6x6xf32>
}

// Gemm with and without the optional C; transposed operands.
// CHECK-LABEL: func.func @gemm
//  CHECK-SAME: (%[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<4x3xf32>, %[[C:.+]]: tensor<4xf32>)
func.func @gemm(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>, %c: tensor<4xf32>)
    -> (tensor<2x4xf32>, tensor<3x3xf32>) {
  // CHECK: aicc.gemm %[[A]], %[[B]], %[[C]] {alpha = 1.000000e+00 : f64, beta = 5.000000e-01 : f64, trans_a = false, trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %0 = aicc.gemm %a, %b, %c {alpha = 1.0, beta = 0.5, trans_a = false, trans_b = true}
      : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // CHECK: aicc.gemm %[[A]], %[[A]] {alpha = 2.000000e+00 : f64, beta = 1.000000e+00 : f64, trans_a = true, trans_b = false} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  %1 = aicc.gemm %a, %a {alpha = 2.0, beta = 1.0, trans_a = true, trans_b = false}
      : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<3x3xf32>
}

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<5x2x3xf32>, %b: tensor<3x4xf32>, %v: tensor<3xf32>)
    -> (tensor<5x2x4xf32>, tensor<5x2xf32>, tensor<4xf32>) {
  // CHECK: aicc.matmul %{{.+}}, %{{.+}} : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  %0 = aicc.matmul %a, %b : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  // CHECK: aicc.matmul %{{.+}}, %{{.+}} : (tensor<5x2x3xf32>, tensor<3xf32>) -> tensor<5x2xf32>
  %1 = aicc.matmul %a, %v : (tensor<5x2x3xf32>, tensor<3xf32>) -> tensor<5x2xf32>
  // CHECK: aicc.matmul %{{.+}}, %{{.+}} : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  %2 = aicc.matmul %v, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<5x2x4xf32>, tensor<5x2xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @batch_norm
//  CHECK-SAME: (%[[X:.+]]: tensor<2x3x4x4xf32>, %[[S:.+]]: tensor<3xf32>, %[[B:.+]]: tensor<3xf32>, %[[M:.+]]: tensor<3xf32>, %[[V:.+]]: tensor<3xf32>)
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>,
                      %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // CHECK: aicc.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 9.9999997473787516E-6 : f64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %0 = aicc.batch_norm %x, %s, %b, %m, %v {epsilon = 9.9999997473787516E-6 : f64}
      : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<2x5xf32>) {
  // CHECK: aicc.softmax %{{.+}} {axis = 1 : i64} : tensor<2x5xf32>
  %0 = aicc.softmax %x {axis = 1 : i64} : tensor<2x5xf32>
  // CHECK: aicc.log_softmax %{{.+}} {axis = 0 : i64} : tensor<2x5xf32>
  %1 = aicc.log_softmax %x {axis = 0 : i64} : tensor<2x5xf32>
  return %0, %1 : tensor<2x5xf32>, tensor<2x5xf32>
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x2x7x7xf32>)
    -> (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) {
  // CHECK: aicc.max_pool %{{.+}} {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
  %0 = aicc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                         ceil_mode = true} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
  // CHECK: aicc.avg_pool %{{.+}} {ceil_mode = false, count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32>
  %1 = aicc.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 0, 0>,
                         ceil_mode = false, count_include_pad = true}
      : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: aicc.global_avg_pool %{{.+}} : (tensor<1x2x7x7xf32>) -> tensor<1x2x1x1xf32>
  %2 = aicc.global_avg_pool %x : (tensor<1x2x7x7xf32>) -> tensor<1x2x1x1xf32>
  return %0, %1, %2 : tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>
}

// max_pool takes signless and unsigned integers too.
// CHECK-LABEL: func.func @max_pool_integers
func.func @max_pool_integers(%u: tensor<1x1x4x4xui8>, %i: tensor<1x1x4x4xi32>)
    -> (tensor<1x1x2x2xui8>, tensor<1x1x2x2xi32>) {
  // CHECK: aicc.max_pool %{{.+}} {{.*}} : (tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8>
  %0 = aicc.max_pool %u {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                         ceil_mode = false} : (tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8>
  // CHECK: aicc.max_pool %{{.+}} {{.*}} : (tensor<1x1x4x4xi32>) -> tensor<1x1x2x2xi32>
  %1 = aicc.max_pool %i {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                         dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                         ceil_mode = false} : (tensor<1x1x4x4xi32>) -> tensor<1x1x2x2xi32>
  return %0, %1 : tensor<1x1x2x2xui8>, tensor<1x1x2x2xi32>
}

// CHECK-LABEL: func.func @resize
func.func @resize(%x: tensor<1x1x2x2xf32>)
    -> (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  // CHECK: aicc.resize %{{.+}} {coordinate_transformation_mode = "asymmetric", exclude_outside = false, extrapolation_value = 0.000000e+00 : f64, mode = "nearest", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  %0 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "nearest",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  // CHECK: aicc.resize %{{.+}} {coordinate_transformation_mode = "align_corners", exclude_outside = true, extrapolation_value = -1.000000e+00 : f64, mode = "linear", nearest_mode = "round_prefer_ceil", scales = array<f64: 1.000000e+00, 1.000000e+00, 1.500000e+00, 1.500000e+00>} : tensor<1x1x2x2xf32> to tensor<1x1x3x3xf32>
  %1 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 1.5, 1.5>, mode = "linear",
                       coordinate_transformation_mode = "align_corners",
                       nearest_mode = "round_prefer_ceil", exclude_outside = true,
                       extrapolation_value = -1.0}
      : tensor<1x1x2x2xf32> to tensor<1x1x3x3xf32>
  // cubic_coeff_a is printed only when it is not ONNX's default -0.75.
  // CHECK: aicc.resize %{{.+}} {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -5.000000e-01 : f64, exclude_outside = true, {{.*}}mode = "cubic"
  %2 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "cubic",
                       coordinate_transformation_mode = "half_pixel", nearest_mode = "floor",
                       exclude_outside = true, extrapolation_value = 0.0, cubic_coeff_a = -0.5}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  // CHECK: aicc.resize %{{.+}} {coordinate_transformation_mode = "asymmetric", exclude_outside = false, extrapolation_value = 0.000000e+00 : f64, mode = "cubic"
  %3 = aicc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, mode = "cubic",
                       coordinate_transformation_mode = "asymmetric", nearest_mode = "floor",
                       exclude_outside = false, extrapolation_value = 0.0, cubic_coeff_a = -0.75}
      : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0, %1, %2, %3 : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi64>)
    -> (tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2x1xi64>) {
  // CHECK: aicc.reduce_sum %{{.+}} {axes = array<i64: 1, 2>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  %0 = aicc.reduce_sum %x {axes = array<i64: 1, 2>, keepdims = true}
      : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  // CHECK: aicc.reduce_mean %{{.+}} {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = aicc.reduce_mean %x {axes = array<i64: 0, 2>, keepdims = false}
      : (tensor<2x3x4xf32>) -> tensor<3xf32>
  // CHECK: aicc.reduce_max %{{.+}} {axes = array<i64: 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  %2 = aicc.reduce_max %x {axes = array<i64: 2>, keepdims = false}
      : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.reduce_min %{{.+}} {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xi64>) -> tensor<2x1xi64>
  %3 = aicc.reduce_min %i {axes = array<i64: 1>, keepdims = true}
      : (tensor<2x3xi64>) -> tensor<2x1xi64>
  return %0, %1, %2, %3 : tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2x1xi64>
}

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: tensor<2x3x4xf32>, %y: tensor<2x5x4xf32>, %idx: tensor<2xi64>)
    -> (tensor<6x4xf32>, tensor<4x2x3xf32>, tensor<2x8x4xf32>, tensor<1x2x2xf32>,
        tensor<2x2x4xf32>, tensor<4x3x4xf32>) {
  // CHECK: aicc.reshape %{{.+}} : tensor<2x3x4xf32> to tensor<6x4xf32>
  %0 = aicc.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  // CHECK: aicc.transpose %{{.+}} {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = aicc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  // CHECK: aicc.concat %{{.+}}, %{{.+}} {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  %2 = aicc.concat %x, %y {axis = 1 : i64}
      : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  // CHECK: aicc.slice %{{.+}} {ends = array<i64: 2, 3, -1>, starts = array<i64: 1, 0, 3>, steps = array<i64: 1, 2, -2>} : (tensor<2x3x4xf32>) -> tensor<1x2x2xf32>
  %3 = aicc.slice %x {starts = array<i64: 1, 0, 3>, ends = array<i64: 2, 3, -1>,
                      steps = array<i64: 1, 2, -2>} : (tensor<2x3x4xf32>) -> tensor<1x2x2xf32>
  // CHECK: aicc.gather %{{.+}}, %{{.+}} {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x2x4xf32>
  %4 = aicc.gather %x, %idx {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x2x4xf32>
  // CHECK: aicc.pad %{{.+}} {mode = "constant", pads = array<i64: 1, 0, 0, 1, 0, 0>, value = 5.000000e-01 : f64} : (tensor<2x3x4xf32>) -> tensor<4x3x4xf32>
  %5 = aicc.pad %x {pads = array<i64: 1, 0, 0, 1, 0, 0>, mode = "constant", value = 0.5}
      : (tensor<2x3x4xf32>) -> tensor<4x3x4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<6x4xf32>, tensor<4x2x3xf32>, tensor<2x8x4xf32>,
      tensor<1x2x2xf32>, tensor<2x2x4xf32>, tensor<4x3x4xf32>
}

// CHECK-LABEL: func.func @pad_modes
func.func @pad_modes(%x: tensor<3x4xi32>) -> (tensor<5x4xi32>, tensor<3x6xi32>, tensor<1x4xi32>) {
  // CHECK: aicc.pad %{{.+}} {mode = "reflect", pads = array<i64: 1, 0, 1, 0>, value = 0.000000e+00 : f64} : (tensor<3x4xi32>) -> tensor<5x4xi32>
  %0 = aicc.pad %x {pads = array<i64: 1, 0, 1, 0>, mode = "reflect", value = 0.0}
      : (tensor<3x4xi32>) -> tensor<5x4xi32>
  // CHECK: aicc.pad %{{.+}} {mode = "edge", pads = array<i64: 0, 2, 0, 0>, value = 0.000000e+00 : f64} : (tensor<3x4xi32>) -> tensor<3x6xi32>
  %1 = aicc.pad %x {pads = array<i64: 0, 2, 0, 0>, mode = "edge", value = 0.0}
      : (tensor<3x4xi32>) -> tensor<3x6xi32>
  // CHECK: aicc.pad %{{.+}} {mode = "wrap", pads = array<i64: -1, 0, -1, 0>, value = 0.000000e+00 : f64} : (tensor<3x4xi32>) -> tensor<1x4xi32>
  %2 = aicc.pad %x {pads = array<i64: -1, 0, -1, 0>, mode = "wrap", value = 0.0}
      : (tensor<3x4xi32>) -> tensor<1x4xi32>
  return %0, %1, %2 : tensor<5x4xi32>, tensor<3x6xi32>, tensor<1x4xi32>
}

// CHECK-LABEL: func.func @mod_shift_prelu_where
func.func @mod_shift_prelu_where(%a: tensor<2x3xi32>, %b: tensor<3xi32>, %u: tensor<4xui8>,
                                 %x: tensor<2x3xf32>, %s: tensor<3xf32>, %c: tensor<2x1xi1>)
    -> (tensor<2x3xi32>, tensor<2x3xf32>, tensor<4xui8>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: aicc.mod %{{.+}}, %{{.+}} {fmod = false} : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %0 = aicc.mod %a, %b {fmod = false} : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  // CHECK: aicc.mod %{{.+}}, %{{.+}} {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = aicc.mod %x, %s {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.bit_shift %{{.+}}, %{{.+}} {direction = "left"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = aicc.bit_shift %u, %u {direction = "left"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  // CHECK: aicc.prelu %{{.+}}, %{{.+}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = aicc.prelu %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: aicc.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<2x1xi1>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = aicc.where %c, %s, %x : (tensor<2x1xi1>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3xi32>, tensor<2x3xf32>, tensor<4xui8>, tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @expand_tile
func.func @expand_tile(%x: tensor<3x1xf32>) -> (tensor<2x3x4xf32>, tensor<6x2xf32>) {
  // CHECK: aicc.expand %{{.+}} : tensor<3x1xf32> to tensor<2x3x4xf32>
  %0 = aicc.expand %x : tensor<3x1xf32> to tensor<2x3x4xf32>
  // CHECK: aicc.tile %{{.+}} {repeats = array<i64: 2, 2>} : (tensor<3x1xf32>) -> tensor<6x2xf32>
  %1 = aicc.tile %x {repeats = array<i64: 2, 2>} : (tensor<3x1xf32>) -> tensor<6x2xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<6x2xf32>
}

// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<2x3x4xf16>, %s: tensor<3x4xf16>, %b: tensor<4xf16>)
    -> (tensor<2x3x4xf16>, tensor<2x3x4xf16>) {
  // CHECK: aicc.layer_norm %{{.+}}, %{{.+}}, %{{.+}} {axis = 1 : i64, epsilon = 9.9999999999999995E-7 : f64, stash_type = f32} : (tensor<2x3x4xf16>, tensor<3x4xf16>, tensor<4xf16>) -> tensor<2x3x4xf16>
  %0 = aicc.layer_norm %x, %s, %b {axis = 1 : i64, epsilon = 1.0e-6 : f64, stash_type = f32}
      : (tensor<2x3x4xf16>, tensor<3x4xf16>, tensor<4xf16>) -> tensor<2x3x4xf16>
  // CHECK: aicc.layer_norm %{{.+}}, %{{.+}} {axis = 2 : i64, epsilon = 1.000000e-05 : f64, stash_type = f16} : (tensor<2x3x4xf16>, tensor<4xf16>) -> tensor<2x3x4xf16>
  %1 = aicc.layer_norm %x, %b {axis = 2 : i64, epsilon = 1.0e-5 : f64, stash_type = f16}
      : (tensor<2x3x4xf16>, tensor<4xf16>) -> tensor<2x3x4xf16>
  return %0, %1 : tensor<2x3x4xf16>, tensor<2x3x4xf16>
}

// -----

// CHECK-LABEL: func.func @arg_reductions
func.func @arg_reductions(%x: tensor<2x3xf32>) -> (tensor<2x1xi64>, tensor<3xi64>) {
  // CHECK: aicc.arg_max %{{.+}} {axis = 1 : i64, keepdims = true, select_last_index = false} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  %0 = aicc.arg_max %x {axis = 1 : i64, keepdims = true, select_last_index = false} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  // CHECK: aicc.arg_min %{{.+}} {axis = 0 : i64, keepdims = false, select_last_index = true} : (tensor<2x3xf32>) -> tensor<3xi64>
  %1 = aicc.arg_min %x {axis = 0 : i64, keepdims = false, select_last_index = true} : (tensor<2x3xf32>) -> tensor<3xi64>
  return %0, %1 : tensor<2x1xi64>, tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @gather_elements
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<2x4xi32>) -> tensor<2x4xf32> {
  // CHECK: aicc.gather_elements %{{.+}}, %{{.+}} {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x4xi32>) -> tensor<2x4xf32>
  %0 = aicc.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x4xi32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_prod_cumsum
func.func @reduce_prod_cumsum(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x3xf32>) {
  // CHECK: aicc.reduce_prod %{{.+}} {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %0 = aicc.reduce_prod %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  // CHECK: aicc.cumsum %{{.+}} {axis = 0 : i64, exclusive = true, reverse = false} : tensor<2x3xf32>
  %1 = aicc.cumsum %x {axis = 0 : i64, exclusive = true, reverse = false} : tensor<2x3xf32>
  return %0, %1 : tensor<2x1xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_scatter_nd
func.func @gather_scatter_nd(%x: tensor<2x3x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3x4xf32>,
                             %j: tensor<2x4xi32>, %v: tensor<2x4xf32>)
    -> (tensor<2x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  // CHECK: aicc.gather_nd %{{.+}}, %{{.+}} {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  %0 = aicc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  // CHECK: aicc.scatter_nd %{{.+}}, %{{.+}}, %{{.+}} {reduction = "max"} : (tensor<2x3x4xf32>, tensor<2x1xi64>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = aicc.scatter_nd %x, %i, %u {reduction = "max"} : (tensor<2x3x4xf32>, tensor<2x1xi64>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %2 = aicc.reshape %j : tensor<2x4xi32> to tensor<2x1x4xi32>
  %3 = aicc.reshape %v : tensor<2x4xf32> to tensor<2x1x4xf32>
  // CHECK: aicc.scatter_elements %{{.+}}, %{{.+}}, %{{.+}} {axis = 1 : i64, reduction = "none"} : (tensor<2x3x4xf32>, tensor<2x1x4xi32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
  %4 = aicc.scatter_elements %x, %2, %3 {axis = 1 : i64, reduction = "none"} : (tensor<2x3x4xf32>, tensor<2x1x4xi32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1, %4 : tensor<2x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @bitwise_cumprod
func.func @bitwise_cumprod(%a: tensor<2x3xui8>, %b: tensor<3xui8>, %x: tensor<2x3xf32>)
    -> (tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xf32>) {
  // CHECK: aicc.bitwise_and %{{.+}}, %{{.+}} : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  %0 = aicc.bitwise_and %a, %b : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  // CHECK: aicc.bitwise_or
  %1 = aicc.bitwise_or %a, %b : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  // CHECK: aicc.bitwise_xor
  %2 = aicc.bitwise_xor %a, %b : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  // CHECK: aicc.bitwise_not %{{.+}} : tensor<2x3xui8>
  %3 = aicc.bitwise_not %a : tensor<2x3xui8>
  // CHECK: aicc.cumprod %{{.+}} {axis = 1 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  %4 = aicc.cumprod %x {axis = 1 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xf32>
}

// Dynamic result sizes of reshape and expand, and range over a run-time length.
// CHECK-LABEL: func.func @dynamic_sizes
func.func @dynamic_sizes(%x: tensor<?x?x8xf32>, %b: index, %s: index, %z: tensor<f32>, %st: tensor<i64>) -> (tensor<?x?x2x4xf32>, tensor<?x?xf32>, tensor<?xi64>) {
  // CHECK: aicc.reshape %{{.+}}[%{{.+}}, %{{.+}}] : tensor<?x?x8xf32> to tensor<?x?x2x4xf32>
  %0 = aicc.reshape %x [%b, %s] : tensor<?x?x8xf32> to tensor<?x?x2x4xf32>
  // CHECK: aicc.expand %{{.+}}[%{{.+}}, %{{.+}}] : tensor<f32> to tensor<?x?xf32>
  %1 = aicc.expand %z [%b, %s] : tensor<f32> to tensor<?x?xf32>
  // CHECK: aicc.range %{{.+}}, %{{.+}}, %{{.+}} : tensor<i64>, tensor<i64> -> tensor<?xi64>
  %2 = aicc.range %st, %st, %s : tensor<i64>, tensor<i64> -> tensor<?xi64>
  return %0, %1, %2 : tensor<?x?x2x4xf32>, tensor<?x?xf32>, tensor<?xi64>
}
