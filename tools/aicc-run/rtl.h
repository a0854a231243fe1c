/*
 * rtl.h - aicc-run on a hardware design directory (aicc -target=fixed
 * -emit=verilog): builds the Verilator simulator on first use and streams
 * the inputs through it. Part of aicc-run, not of aiccrun_io.
 */
#ifndef AICCRUN_RTL_H
#define AICCRUN_RTL_H

#include <stddef.h>

/** Runs the design in `dir` on `input` (.npy/.pb: int8 already quantized,
 *  or float32 quantized here as QuantizeLinear does), a batch of one or more
 *  whole input vectors; writes output_<i>.npy to `output_dir` and/or compares
 *  with `compare_dir` (rtol/atol, as for a .so). Returns the exit status. */
int aiccrun_rtl_run(const char *dir, const char *input, const char *output_dir,
                    const char *compare_dir, double rtol, double atol);

#endif
