// RUN: aicc-opt %s --split-input-file --verify-diagnostics

func.func @carried_changes_type(%m: tensor<i64>, %c: tensor<i1>, %x: tensor<2xf32>) {
  // expected-error @+1 {{'aicc.loop' op expects carried value 0 to keep its type 'tensor<2xf32>' (body argument 'tensor<2xf32>', yielded 'tensor<4xf32>', result 'tensor<2xf32>')}}
  %n, %r = aicc.loop trips %m while %c iter_args(%x) : (tensor<i64>, tensor<i1>, tensor<2xf32>) -> (tensor<i64>, tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<2xf32>):
    %w = aicc.concat %v, %v {axis = 0 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
    aicc.yield %c, %w : tensor<i1>, tensor<4xf32>
  }
  return
}

// -----

func.func @condition_not_bool(%c: tensor<i1>, %x: tensor<f32>) {
  // expected-error @+3 {{'aicc.yield' op expects the next condition as tensor<i1>, not 'tensor<f32>'}}
  %n, %r = aicc.loop while %c iter_args(%x) : (tensor<i1>, tensor<f32>) -> (tensor<i64>, tensor<f32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<f32>):
    aicc.yield %v, %v : tensor<f32>, tensor<f32>
  }
  return
}

// -----

func.func @missing_carried(%c: tensor<i1>, %x: tensor<f32>) {
  // expected-error @+3 {{'aicc.yield' op expects the next condition and 1 carried values, got 1 values}}
  %n, %r = aicc.loop while %c iter_args(%x) : (tensor<i1>, tensor<f32>) -> (tensor<i64>, tensor<f32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<f32>):
    aicc.yield %c : tensor<i1>
  }
  return
}

// -----

func.func @no_iteration_arg(%c: tensor<i1>, %x: tensor<f32>) {
  // expected-error @+1 {{'aicc.loop' op expects the body to take the iteration number and 1 carried values, not 1 arguments}}
  %n, %r = aicc.loop while %c iter_args(%x) : (tensor<i1>, tensor<f32>) -> (tensor<i64>, tensor<f32>) {
  ^bb0(%v: tensor<f32>):
    aicc.yield %c, %v : tensor<i1>, tensor<f32>
  }
  return
}

// -----

func.func @iteration_arg_type(%c: tensor<i1>) {
  // expected-error @+1 {{'aicc.loop' op expects the body's first argument (the iteration number) to be tensor<i64>, not 'tensor<i32>'}}
  %n = aicc.loop while %c : (tensor<i1>) -> tensor<i64> {
  ^bb0(%i: tensor<i32>):
    aicc.yield %c : tensor<i1>
  }
  return
}

// -----

func.func @result_count(%c: tensor<i1>, %x: tensor<f32>) {
  // expected-error @+1 {{'aicc.loop' op expects one result per carried value after the iteration count, got 0 for 1}}
  %n = aicc.loop while %c iter_args(%x) : (tensor<i1>, tensor<f32>) -> tensor<i64> {
  ^bb0(%i: tensor<i64>, %v: tensor<f32>):
    aicc.yield %c, %v : tensor<i1>, tensor<f32>
  }
  return
}

// -----

func.func @yield_outside_loop(%c: tensor<i1>) {
  // expected-error @+1 {{'aicc.yield' op expects parent op 'aicc.loop'}}
  aicc.yield %c : tensor<i1>
}
