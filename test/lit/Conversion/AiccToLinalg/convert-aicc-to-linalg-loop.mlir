// RUN: aicc-opt %s --split-input-file --convert-aicc-to-linalg | FileCheck %s

// aicc.loop becomes scf.while over (carried..., iteration, condition): the
// before region tests i < trips and the condition, the after region is the
// body (lowered), each new carried value materialised in its argument.
// CHECK-LABEL: func.func @counted
//  CHECK-SAME: (%[[M:[^:]+]]: tensor<i64>, %[[X:[^:]+]]: tensor<2xf32>, %[[C:[^:]+]]: tensor<i1>)
//       CHECK:   %[[MV:.+]] = tensor.extract %[[M]][]
//       CHECK:   %[[CV:.+]] = tensor.extract %[[C]][]
//       CHECK:   %[[ZERO:.+]] = arith.constant 0 : i64
//       CHECK:   %[[W:.+]]:3 = scf.while (%[[V0:.+]] = %[[X]], %[[I0:.+]] = %[[ZERO]], %[[G0:.+]] = %[[CV]]) : (tensor<2xf32>, i64, i1) -> (tensor<2xf32>, i64, i1) {
//       CHECK:     %[[BELOW:.+]] = arith.cmpi slt, %[[I0]], %[[MV]] : i64
//       CHECK:     %[[GO:.+]] = arith.andi %[[BELOW]], %[[G0]] : i1
//       CHECK:     scf.condition(%[[GO]]) %[[V0]], %[[I0]], %[[G0]]
//       CHECK:   } do {
//       CHECK:   ^bb0(%[[V:.+]]: tensor<2xf32>, %[[I:.+]]: i64, %{{.+}}: i1):
//       CHECK:     %[[IT:.+]] = tensor.from_elements %[[I]] : tensor<i64>
//       CHECK:     %[[S:.+]] = linalg.generic
//  CHECK-SAME:       ins(%[[V]], %[[X]] :
//       CHECK:     %[[INTO:.+]] = bufferization.materialize_in_destination %[[S]] in %[[V]]
//       CHECK:     %[[NEXTI:.+]] = arith.addi %[[I]], %{{.+}} : i64
//       CHECK:     %[[NEXTC:.+]] = tensor.extract %{{.+}}[] : tensor<i1>
//       CHECK:     scf.yield %[[INTO]], %[[NEXTI]], %[[NEXTC]]
//       CHECK:   %[[N:.+]] = tensor.from_elements %[[W]]#1 : tensor<i64>
//       CHECK:   return %[[N]], %[[W]]#0
//   CHECK-NOT:   aicc.
func.func @counted(%m: tensor<i64>, %x: tensor<2xf32>, %c: tensor<i1>) -> (tensor<i64>, tensor<2xf32>) {
  %n, %r = aicc.loop trips %m while %c iter_args(%x) : (tensor<i64>, tensor<i1>, tensor<2xf32>) -> (tensor<i64>, tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<2xf32>):
    %s = aicc.add %v, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %go = aicc.greater %i, %i : (tensor<i64>, tensor<i64>) -> tensor<i1>
    aicc.yield %go, %s : tensor<i1>, tensor<2xf32>
  }
  return %n, %r : tensor<i64>, tensor<2xf32>
}

// -----

// No trip count: the condition alone; a carried value passed through
// unchanged needs no materialisation.
// CHECK-LABEL: func.func @while_passthrough
//       CHECK:   scf.while
//   CHECK-NOT:     arith.cmpi
//       CHECK:     scf.condition
//       CHECK:   } do {
//   CHECK-NOT:     bufferization.materialize_in_destination
//       CHECK:     scf.yield
func.func @while_passthrough(%c: tensor<i1>, %x: tensor<f32>) -> tensor<f32> {
  %n, %r = aicc.loop while %c iter_args(%x) : (tensor<i1>, tensor<f32>) -> (tensor<i64>, tensor<f32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<f32>):
    aicc.yield %c, %v : tensor<i1>, tensor<f32>
  }
  return %r : tensor<f32>
}

// -----

// An inner loop that carries the outer loop's value updates its buffer in
// place: the outer yield takes the inner result as it is (materialising it
// into the same buffer would be a conflict bufferization cannot avoid).
// CHECK-LABEL: func.func @nested
//       CHECK:   scf.while
//       CHECK:   } do {
//       CHECK:     %[[INNER:.+]]:3 = scf.while
//       CHECK:       bufferization.materialize_in_destination
//       CHECK:       scf.yield
//   CHECK-NOT:     bufferization.materialize_in_destination
//       CHECK:     scf.yield %[[INNER]]#0,
func.func @nested(%m: tensor<i64>, %c: tensor<i1>, %x: tensor<f32>) -> tensor<f32> {
  %n, %r = aicc.loop trips %m while %c iter_args(%x) : (tensor<i64>, tensor<i1>, tensor<f32>) -> (tensor<i64>, tensor<f32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<f32>):
    %n2, %r2 = aicc.loop trips %m while %c iter_args(%v) : (tensor<i64>, tensor<i1>, tensor<f32>) -> (tensor<i64>, tensor<f32>) {
    ^bb0(%j: tensor<i64>, %w: tensor<f32>):
      %s = aicc.add %w, %x : (tensor<f32>, tensor<f32>) -> tensor<f32>
      aicc.yield %c, %s : tensor<i1>, tensor<f32>
    }
    aicc.yield %c, %r2 : tensor<i1>, tensor<f32>
  }
  return %r : tensor<f32>
}
