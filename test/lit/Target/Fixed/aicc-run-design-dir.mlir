// aicc-run on a directory expects a -target=fixed design; errors, not crashes.
// RUN: rm -rf %t && mkdir -p %t/empty
// RUN: not aicc-run %t/empty -i %t/x.npy 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: aicc-run: error: '{{.*}}empty' is not a design directory (no model.v and harness.cpp; see aicc -target=fixed -emit=verilog)
// RUN: not aicc-run %t/empty 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: aicc-run: error: a design directory needs -i FILE (or --compare DIR)
// RUN: not aicc-run %t/empty -i a.npy -i b.npy 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: not aicc-run %t/empty --bench 3 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: aicc-run: error: a design directory takes one -i and no --bench
