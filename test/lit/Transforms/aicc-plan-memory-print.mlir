// aicc-plan-memory{print} prints the plan to stderr; {record} attaches it to
// the function as aicc.memory_plan (what `aicc -print-memory-plan` reads).
// RUN: aicc-opt %s --mlir-disable-threading --split-input-file --aicc-plan-memory="alignment=16 print=true" -o /dev/null 2>&1 | FileCheck %s
// RUN: aicc-opt %s --mlir-disable-threading --split-input-file --aicc-plan-memory="alignment=16 reuse=false print=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOREUSE
// RUN: aicc-opt %s --mlir-disable-threading --split-input-file --aicc-plan-memory="alignment=16 record=true" | FileCheck %s --check-prefix=ATTR
// RUN: aicc-opt %s --mlir-disable-threading --split-input-file --aicc-plan-memory="alignment=16" 2>&1 | FileCheck %s --check-prefix=QUIET

// Three buffers (alignment 16: 64, 128 and 40 -> 48 bytes). Positions are
// entry-block op indices: %a lives 0..4, %b 2..8 (its last use goes through
// two subviews), %c 5..7. Largest first: %b at 0, %a beside it at 128; %c
// overlaps only %b in time and takes %a's old place. Peak 192 of 240 bytes;
// at most 192 bytes (%a + %b) are live at once, so best-fit is optimal here.
// CHECK-LABEL: memory plan for @plan (alignment 16 bytes, reuse on)
//  CHECK-NEXT:   peak arena:                      192 bytes  192 B
//  CHECK-NEXT:   without reuse:                   240 bytes  240 B  (sum of all buffers)
//  CHECK-NEXT:   max live:                        192 bytes  192 B  (most bytes live at once: lower bound)
//  CHECK-NEXT:   reuse ratio:                    1.25x  (arena is 80.0% of no-reuse)
//  CHECK-NEXT:   buffers:                           3
//  CHECK-NEXT:   program positions:                10
//  CHECK-EMPTY:
//  CHECK-NEXT:     #       bytes      offset          live  node (op)
//  CHECK-NEXT:     0          64         128          0..4  a (Relu)
//  CHECK-NEXT:     1         128           0          2..8  b (Conv)
//  CHECK-NEXT:     2          48         128          5..7  c (Add)

// NOREUSE-LABEL: memory plan for @plan (alignment 16 bytes, reuse off)
//  NOREUSE-NEXT:   peak arena:                      240 bytes
//  NOREUSE-NEXT:   without reuse:                   240 bytes
//  NOREUSE-NEXT:   max live:                        192 bytes
//  NOREUSE-NEXT:   reuse ratio:                    1.00x  (arena is 100.0% of no-reuse)
//       NOREUSE:     0          64         128          0..4  a (Relu)
//  NOREUSE-NEXT:     1         128           0          2..8  b (Conv)
//  NOREUSE-NEXT:     2          48         192          5..7  c (Add)

// ATTR-LABEL: func.func @plan
//  ATTR-SAME: aicc.arena_bytes = 192 : i64
//  ATTR-SAME: aicc.memory_plan = {alignment = 16 : i64, arena_bytes = 192 : i64,
//  ATTR-SAME: buffers = [
//  ATTR-SAME: {bytes = 64 : i64, first = 0 : i64, last = 4 : i64, node = "a", offset = 128 : i64, op = "Relu"},
//  ATTR-SAME: {bytes = 128 : i64, first = 2 : i64, last = 8 : i64, node = "b", offset = 0 : i64, op = "Conv"},
//  ATTR-SAME: {bytes = 48 : i64, first = 5 : i64, last = 7 : i64, node = "c", offset = 128 : i64, op = "Add"}],
//  ATTR-SAME: positions = 10 : i64, reuse = true, total_bytes = 240 : i64}

// QUIET-NOT: memory plan
// QUIET-NOT: aicc.memory_plan
func.func @plan(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32> loc("a"("Relu"))
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<32xf32> loc("b"("Conv"))
  %bv = memref.subview %b[0] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1]>>
  memref.copy %a, %bv : memref<16xf32> to memref<16xf32, strided<[1]>>
  %c = memref.alloc() : memref<10xf32> loc(fused["c"("Add"), "model.mlir":3:4])
  %cv = memref.subview %bv[0] [10] [1] : memref<16xf32, strided<[1]>> to memref<10xf32, strided<[1]>>
  memref.copy %cv, %c : memref<10xf32, strided<[1]>> to memref<10xf32>
  memref.copy %bv, %out : memref<16xf32, strided<[1]>> to memref<16xf32>
  return
}

// -----

// Buffers without an importer location print as "?"; a function without
// buffers has an empty plan.
// CHECK-LABEL: memory plan for @unnamed
//       CHECK:   buffers:                           1
//       CHECK:     0          16           0          0..1  ?
// CHECK-LABEL: memory plan for @empty
//  CHECK-NEXT:   peak arena:                        0 bytes  0 B
//  CHECK-NEXT:   without reuse:                     0 bytes  0 B
//  CHECK-NEXT:   max live:                          0 bytes
//  CHECK-NEXT:   reuse ratio:                    1.00x
//  CHECK-NEXT:   buffers:                           0
//  CHECK-NOT:      #

// ATTR-LABEL: func.func @unnamed
//  ATTR-SAME: buffers = [{bytes = 16 : i64, first = 0 : i64, last = 1 : i64, node = "", offset = 0 : i64, op = ""}]
// ATTR-LABEL: func.func @empty
//  ATTR-SAME: aicc.memory_plan = {alignment = 16 : i64, arena_bytes = 0 : i64, buffers = [], positions = 1 : i64, reuse = true, total_bytes = 0 : i64}
func.func @unnamed(%in: memref<4xi8>) {
  %a = memref.alloc() : memref<4xi8>
  memref.copy %in, %a : memref<4xi8> to memref<4xi8>
  return
}
func.func @empty() {
  return
}
