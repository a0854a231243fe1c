// RUN: aicc-opt %s --aicc-approximate-math | FileCheck %s

// f32 erf, tanh and exp (scalar or vector) become arith/math.fma code with
// no libm call; f64 and other functions are left to libm.
// CHECK-LABEL: func.func @f
//   CHECK-NOT:   math.erf
//   CHECK-NOT:   math.tanh
//       CHECK:   math.fma {{.*}} : f32
//       CHECK:   math.fma {{.*}} : vector<8xf32>
//   CHECK-NOT:   math.exp {{.*}} : vector<8xf32>
//       CHECK:   math.exp %{{.*}} : f64
//       CHECK:   math.log %{{.*}} : f32
//       CHECK:   return
func.func @f(%x: f32, %v: vector<8xf32>, %d: f64) -> (f32, f32, vector<8xf32>, f64, f32) {
  %a = math.erf %x : f32
  %b = math.tanh %x : f32
  %c = math.exp %v : vector<8xf32>
  %e = math.exp %d : f64
  %l = math.log %x : f32
  return %a, %b, %c, %e, %l : f32, f32, vector<8xf32>, f64, f32
}
