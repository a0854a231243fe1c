// aicc --list-ops prints every op the importer registers, with the opsets and
// element types of its passing node tests (lib/Import/ONNX/NodeTestCoverage.inc,
// written by scripts/update-conformance.sh). run_node_tests.py checks that
// every op of test/e2e/node/ops.txt is listed.
// RUN: aicc --list-ops | FileCheck %s
// CHECK: ONNX ops aicc imports (the default domain, ai.onnx)
// CHECK: {{^  }}Conv {{ *}}opsets {{[0-9, -]+}} {{.*}}float
// CHECK: {{^  }}MatMul {{ *}}opsets
// CHECK: {{^  }}SequenceAt {{ *}}opsets 17 {{.*}}sequence(float)
// CHECK: {{^  }}Where {{ *}}opsets
