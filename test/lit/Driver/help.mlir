// RUN: aicc --help | FileCheck %s
// RUN: aicc --version | FileCheck %s --check-prefix=VERSION

// CHECK: OVERVIEW: aicc: ahead-of-time compiler for ONNX models
// CHECK: USAGE: aicc [options] <model.onnx>
// CHECK: aicc options:
// CHECK-DAG: -O <uint>{{ +}}- Optimisation level 0-3 (default 2)
// CHECK-DAG: --emit=<value>{{ +}}- What to produce
// CHECK-DAG: =so{{ +}}- shared library with weights embedded (default)
// CHECK-DAG: =obj{{ +}}- object file + C header
// CHECK-DAG: =mlir{{ +}}- aicc dialect after import
// CHECK-DAG: =mlir-opt{{ +}}- aicc dialect after graph passes
// CHECK-DAG: =llvm{{ +}}- LLVM IR
// CHECK-DAG: =verilog{{ +}}- -target=fixed: directory -o DIR with model.v, a Verilator harness.cpp and report.json
// CHECK-DAG: --target=<string>{{ +}}- Target: cpu (default),{{.*}} fixed: the model's weights burned in (QDQ int8 models): hardware with -emit=verilog, else code with the weights as immediates
// CHECK-DAG: =ptx{{ +}}- -target=cuda: the kernels' PTX (stdout unless -o)
// CHECK-DAG: =cubin{{ +}}- -target=cuda: the kernels as a cubin for one -cuda-arch
// CHECK-DAG: --cuda-arch=<sm_XX>{{ +}}- -target=cuda: GPU architectures, e.g. sm_80,sm_90 (default sm_80)
// CHECK-DAG: -o <file>
// CHECK-DAG: --name=<string>
// CHECK-DAG: --print-memory-plan{{ +}}- Print the arena plan
// CHECK-DAG: --memory-plan-svg=<file.svg>{{ +}}- Write the arena plan as an SVG chart
// Options of linked-in libraries stay hidden.
// CHECK-NOT: --mlir-
// CHECK-NOT: --debug

// VERSION: aicc 0.1.0 (LLVM/MLIR 22)
