/*
 * aicc-run - run a model compiled by aicc using only the runtime.
 *
 *   aicc-run MODEL.so [-i FILE]... [--output-dir DIR]
 *            [--compare DIR [--rtol R] [--atol A]] [--bench N [--threads T]]
 *            [--device cpu|cuda] [--info]
 *   aicc-run DESIGN_DIR -i FILE [--output-dir DIR] [--compare DIR]   (rtl.c)
 *
 * Exit status: 0 on success, 1 on any error or comparison failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"
#include "compare.h"
#include "device_run.h"
#include "host_tensor.h"
#include "rtl.h"

typedef struct options {
  const char *model;
  const char **inputs;
  size_t num_inputs;
  const char *output_dir, *compare_dir;
  double rtol, atol;
  long bench;   /* 0: no benchmark */
  double warmup_ms; /* --warmup-ms: warm-up time before --bench's runs */
  long threads; /* 0: default */
  int cuda;     /* --device=cuda */
  int info;     /* --info */
} options_t;

static const char kUsage[] =
    "usage: aicc-run MODEL.so [-i FILE]... [--output-dir DIR]\n"
    "                [--compare DIR [--rtol R] [--atol A]]\n"
    "                [--bench N [--warmup-ms MS]] [--threads T]\n"
    "                [--device cpu|cuda] [--info]\n"
    "                [--help]\n"
    "\n"
    "  -i FILE           input tensor (.npy or ONNX TensorProto .pb), one per\n"
    "                    graph input, in graph order\n"
    "  --output-dir DIR  write DIR/output_<i>.npy for every output\n"
    "  --compare DIR     compare outputs with DIR/output_<i>.pb (or .npy);\n"
    "                    without -i, inputs come from DIR/input_<i>.pb\n"
    "  --rtol R --atol A tolerance |a-b| <= atol + rtol*|b| (1e-3, 1e-5)\n"
    "  --bench N         time N runs (random inputs without -i) and print\n"
    "                    latency_ms median=.. p90=.. min=.. runs=N warmup=W\n"
    "  --warmup-ms MS    before those runs, call the model until MS ms have\n"
    "                    passed (W calls; default 0: one call)\n"
    "  --threads T       threads for the compiled code, the caller included\n"
    "                    (default 0: one per CPU this process may use)\n"
    "  --device D        cpu (default) or cuda: run a model compiled with\n"
    "                    aicc -target=cuda on GPU 0 (--bench then times the\n"
    "                    kernels on device buffers; --threads is ignored;\n"
    "                    $AICC_CUDA_DRIVER names the driver library, default\n"
    "                    libcuda.so.1; runs replay a CUDA graph unless\n"
    "                    $AICC_CUDA_GRAPHS=0)\n"
    "  --info            print the model's descriptor (signature, arena; for\n"
    "                    CUDA models images, weights and launches) and exit\n"
    "\n"
    "MODEL may also be a directory from aicc -target=fixed -emit=verilog: the\n"
    "design is simulated with Verilator (built on first use); -i takes int8\n"
    "(or float32, quantized as the model's input QuantizeLinear) holding one\n"
    "or more whole input vectors.\n";

static int error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("aicc-run: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

static int parse_double(const char *s, double *out) {
  char *end;
  errno = 0;
  *out = strtod(s, &end);
  return errno == 0 && end != s && *end == '\0' && *out >= 0;
}

static int parse_long(const char *s, long *out) {
  char *end;
  errno = 0;
  *out = strtol(s, &end, 10);
  return errno == 0 && end != s && *end == '\0' && *out > 0;
}

/* Returns 0 to run, 1 on error, 2 for --help. */
static int parse_args(int argc, char **argv, options_t *o) {
  memset(o, 0, sizeof *o);
  o->rtol = 1e-3;
  o->atol = 1e-5;
  o->inputs = calloc((size_t)argc, sizeof *o->inputs);
  if (!o->inputs)
    return error("out of memory");
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    int joined = !strncmp(a, "--device=", 9); /* the value in this argument */
    if (joined) {
      val = a + 9;
      a = "--device";
    }
    if (!strcmp(a, "--help") || !strcmp(a, "-h"))
      return 2;
    int takes_value = !strcmp(a, "-i") || !strcmp(a, "--output-dir") ||
                      !strcmp(a, "--compare") || !strcmp(a, "--rtol") ||
                      !strcmp(a, "--atol") || !strcmp(a, "--bench") ||
                      !strcmp(a, "--warmup-ms") ||
                      !strcmp(a, "--threads") || !strcmp(a, "--device");
    if (takes_value && !val)
      return error("option '%s' needs a value", a);
    if (!strcmp(a, "--device") && strcmp(val, "cpu") && strcmp(val, "cuda"))
      return error("invalid --device '%s' (expected cpu or cuda)", val);
    if (!strcmp(a, "--device"))
      o->cuda = !strcmp(val, "cuda");
    else if (!strcmp(a, "--info"))
      o->info = 1;
    else if (!strcmp(a, "-i"))
      o->inputs[o->num_inputs++] = val;
    else if (!strcmp(a, "--output-dir"))
      o->output_dir = val;
    else if (!strcmp(a, "--compare"))
      o->compare_dir = val;
    else if (!strcmp(a, "--rtol") && !parse_double(val, &o->rtol))
      return error("invalid --rtol '%s'", val);
    else if (!strcmp(a, "--atol") && !parse_double(val, &o->atol))
      return error("invalid --atol '%s'", val);
    else if (!strcmp(a, "--bench") && !parse_long(val, &o->bench))
      return error("invalid --bench '%s' (expected a positive count)", val);
    else if (!strcmp(a, "--warmup-ms") && (!parse_double(val, &o->warmup_ms) ||
                                           !(o->warmup_ms >= 0 && o->warmup_ms <= 6e5)))
      return error("invalid --warmup-ms '%s' (expected 0 to 600000)", val);
    else if (!strcmp(a, "--threads") && !parse_long(val, &o->threads))
      return error("invalid --threads '%s' (expected a positive count)", val);
    else if (!takes_value && a[0] == '-')
      return error("unknown option '%s' (see --help)", a);
    else if (!takes_value && o->model)
      return error("unexpected argument '%s' (model is '%s')", a, o->model);
    else if (!takes_value)
      o->model = a;
    i += takes_value && !joined;
  }
  if (!o->model)
    return error("no model given (see --help)");
  return 0;
}

static int is_dynamic(const aicc_abi_tensor_t *t) {
  for (int32_t d = 0; d < t->rank; ++d)
    if (t->shape[d] < 0)
      return 1;
  return 0;
}

/* Checks a loaded input against the model's signature. */
static int check_input(const aicc_model_t *m, size_t i,
                       const aiccrun_tensor_t *t, const char *path) {
  const aicc_abi_tensor_t *want = aicc_model_input(m, i);
  int same = t->dtype == want->dtype && t->rank == want->rank;
  for (int32_t d = 0; same && d < t->rank; ++d)
    same = t->shape[d] == want->shape[d] || want->shape[d] == -1; /* dynamic */
  if (same)
    return 0;
  char got[256], exp[256];
  aiccrun_tensor_describe(t->dtype, t->rank, t->shape, got, sizeof got);
  aiccrun_tensor_describe(want->dtype, want->rank, want->shape, exp,
                          sizeof exp);
  return error("input %zu ('%s') from '%s': model expects %s, file has %s", i,
               want->name, path, exp, got);
}

/* Finds DIR/<stem>_<i>.pb or .npy. */
static int data_path(const char *dir, const char *stem, size_t i, char *buf,
                     size_t size) {
  static const char *const kExt[] = {"pb", "npy"};
  for (size_t e = 0; e < 2; ++e) {
    snprintf(buf, size, "%s/%s_%zu.%s", dir, stem, i, kExt[e]);
    struct stat st;
    if (stat(buf, &st) == 0)
      return 0;
  }
  return error("missing %s/%s_%zu.pb (or .npy)", dir, stem, i);
}

static int load_inputs(const options_t *o, const aicc_model_t *m,
                       aiccrun_tensor_t *in) {
  size_t n = aicc_model_num_inputs(m);
  int from_dir = o->num_inputs == 0 && o->compare_dir;
  if (o->num_inputs != n && !from_dir && !(o->num_inputs == 0 && o->bench))
    return error("model has %zu inputs but %zu -i files were given", n,
                 o->num_inputs);
  for (size_t i = 0; i < n; ++i) {
    char path[4096], err[512];
    const aicc_abi_tensor_t *want = aicc_model_input(m, i);
    if (o->num_inputs == 0 && !from_dir) {
      /* Random data; a dynamic dim gets size 1. */
      int64_t shape[AICC_MAX_RANK];
      for (int32_t d = 0; d < want->rank; ++d)
        shape[d] = want->shape[d] < 0 ? 1 : want->shape[d];
      if (aiccrun_tensor_alloc(&in[i], want->dtype, want->rank, shape,
                               err, sizeof err) != 0)
        return error("input %zu ('%s'): %s", i, want->name, err);
      aiccrun_fill_random(&in[i], 0x5eed + i);
      continue;
    }
    if (from_dir && data_path(o->compare_dir, "input", i, path, sizeof path))
      return 1;
    const char *file = from_dir ? path : o->inputs[i];
    if (aiccrun_tensor_read(file, &in[i], err, sizeof err) != 0)
      return error("input %zu ('%s'): %s", i, want->name, err);
    aiccrun_adopt_legacy_bfloat16(&in[i], want->dtype);
    if (check_input(m, i, &in[i], file) != 0)
      return 1;
  }
  return 0;
}

static int make_dirs(const char *dir) {
  char buf[4096];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof buf)
    return error("invalid output directory '%s'", dir);
  memcpy(buf, dir, n + 1);
  for (size_t i = 1; i <= n; ++i) {
    if (buf[i] != '/' && buf[i] != '\0')
      continue;
    char c = buf[i];
    buf[i] = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      return error("cannot create directory '%s': %s", buf, strerror(errno));
    buf[i] = c;
  }
  return 0;
}

static int write_outputs(const char *dir, const aiccrun_tensor_t *out,
                         size_t n) {
  if (make_dirs(dir) != 0)
    return 1;
  for (size_t i = 0; i < n; ++i) {
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/output_%zu.npy", dir, i);
    if (aiccrun_npy_write(path, &out[i], err, sizeof err) != 0)
      return error("%s", err);
  }
  return 0;
}

static int compare_outputs(const options_t *o, const aicc_model_t *m,
                           const aiccrun_tensor_t *out, size_t n) {
  int failed = 0;
  for (size_t i = 0; i < n; ++i) {
    char path[4096], err[512], got[256], exp[256];
    aiccrun_tensor_t ref;
    aiccrun_tensor_init(&ref);
    if (data_path(o->compare_dir, "output", i, path, sizeof path) != 0)
      return 1;
    if (aiccrun_tensor_read(path, &ref, err, sizeof err) != 0)
      return error("%s", err);
    aiccrun_adopt_legacy_bfloat16(&ref, out[i].dtype);
    aiccrun_compare_result_t r;
    int ok = aiccrun_compare(&out[i], &ref, o->rtol, o->atol, &r);
    const char *name = aicc_model_output(m, i)->name;
    if (!r.shape_ok) {
      aiccrun_tensor_describe(out[i].dtype, out[i].rank, out[i].shape, got,
                              sizeof got);
      aiccrun_tensor_describe(ref.dtype, ref.rank, ref.shape, exp, sizeof exp);
      printf("output %zu '%s': FAIL dtype or shape mismatch: got %s, expected "
             "%s\n",
             i, name, got, exp);
    } else {
      printf("output %zu '%s': max_abs=%.6g max_rel=%.6g %s", i, name,
             r.max_abs, r.max_rel, ok ? "ok\n" : "FAIL");
      if (!ok)
        printf(" (%zu of %zu elements differ; first at %zu: got %.9g, "
               "expected %.9g)\n",
               r.num_bad, aiccrun_tensor_num_elements(&ref), r.first_bad,
               r.bad_actual, r.bad_expected);
    }
    failed |= !ok;
    aiccrun_tensor_free(&ref);
  }
  if (failed)
    return error("outputs differ from '%s' (rtol=%g atol=%g)", o->compare_dir,
                 o->rtol, o->atol);
  return 0;
}

static void print_summary(const aicc_model_t *m, const aiccrun_tensor_t *out,
                          size_t n) {
  for (size_t i = 0; i < n; ++i) {
    char desc[256];
    size_t count = aiccrun_tensor_num_elements(&out[i]);
    aiccrun_tensor_describe(out[i].dtype, out[i].rank, out[i].shape, desc,
                            sizeof desc);
    printf("output %zu '%s': %s [", i, aicc_model_output(m, i)->name, desc);
    for (size_t e = 0; e < count && e < 8; ++e)
      printf("%s%.6g", e ? ", " : "", aiccrun_element(&out[i], e));
    printf("%s]\n", count > 8 ? ", ..." : "");
  }
}

/* After a successful run: write, compare or print the outputs. */
static int finish(const options_t *o, const aicc_model_t *m, const aiccrun_tensor_t *out,
                  size_t n_out) {
  int rc = 0;
  if (o->output_dir)
    rc = write_outputs(o->output_dir, out, n_out);
  if (rc == 0 && o->compare_dir)
    rc = compare_outputs(o, m, out, n_out);
  if (rc == 0 && !o->output_dir && !o->compare_dir && !o->bench)
    print_summary(m, out, n_out);
  return rc;
}

typedef struct cpu_run {
  aicc_context_t *ctx;
  const aicc_tensor_t *in;
  size_t n_in;
  aicc_tensor_t *out;
  size_t n_out;
} cpu_run_t;

static aicc_status_t cpu_run_once(void *state) {
  cpu_run_t *r = state;
  return aicc_context_run(r->ctx, r->in, r->n_in, r->out, r->n_out);
}

/* Everything after loading: inputs, run(s), outputs. */
static int run_model(const options_t *o, aicc_model_t *m, aiccrun_tensor_t *in,
                     aiccrun_tensor_t *out, aicc_tensor_t *in_view,
                     aicc_tensor_t *out_view) {
  size_t n_in = aicc_model_num_inputs(m), n_out = aicc_model_num_outputs(m);
  if (load_inputs(o, m, in) != 0)
    return 1;
  for (size_t i = 0; i < n_in; ++i)
    in_view[i] = aiccrun_tensor_view(&in[i]);
  for (size_t i = 0; i < n_out; ++i) {
    const aicc_abi_tensor_t *t = aicc_model_output(m, i);
    char err[512];
    if (is_dynamic(t)) {
      /* The context allocates it; copied out after the run. */
      memset(&out[i], 0, sizeof out[i]);
      out[i].dtype = t->dtype;
      out[i].rank = t->rank;
      out_view[i] = (aicc_tensor_t){t->dtype, t->rank, NULL, NULL, 0};
      continue;
    }
    if (aiccrun_tensor_alloc(&out[i], t->dtype, t->rank, t->shape, err,
                             sizeof err) != 0)
      return error("output %zu ('%s'): %s", i, t->name, err);
    out_view[i] = aiccrun_tensor_view(&out[i]);
  }
  int rc = 0;
  if (o->cuda) {
    rc = aiccrun_cuda_run(m, o->bench, o->warmup_ms, in_view, n_in, out_view, n_out);
    return rc ? rc : finish(o, m, out, n_out);
  }
  aicc_context_options_t copts;
  aicc_context_options_init(&copts);
  copts.num_threads = (int32_t)o->threads;
  aicc_context_t *ctx = NULL;
  aicc_status_t st = aicc_context_create(m, &copts, &ctx);
  if (st != AICC_OK)
    return error("cannot create context: %s", aicc_status_string(st));
  if (o->bench) {
    printf("threads=%d\n", aicc_context_num_threads(ctx));
    cpu_run_t r = {ctx, in_view, n_in, out_view, n_out};
    st = aiccrun_bench(cpu_run_once, &r, o->bench, o->warmup_ms);
  } else {
    st = aicc_context_run(ctx, in_view, n_in, out_view, n_out);
  }
  if (st != AICC_OK)
    rc = error("run failed: %s: %s", aicc_status_string(st),
               aicc_context_last_error(ctx));
  /* Dynamic outputs live in the context: copy them out before releasing it. */
  for (size_t i = 0; rc == 0 && i < n_out; ++i) {
    if (out[i].data || !out_view[i].shape)
      continue;
    char err[512];
    if (aiccrun_tensor_alloc(&out[i], out_view[i].dtype, out_view[i].rank,
                             out_view[i].shape, err, sizeof err) != 0)
      rc = error("output %zu: %s", i, err);
    else if (out[i].size_bytes)
      memcpy(out[i].data, out_view[i].data, out[i].size_bytes);
  }
  aicc_context_release(ctx);
  return rc ? rc : finish(o, m, out, n_out);
}

int main(int argc, char **argv) {
  options_t o;
  int rc = parse_args(argc, argv, &o);
  if (rc != 0) {
    if (rc == 2)
      fputs(kUsage, stdout);
    free(o.inputs);
    return rc == 2 ? 0 : 1;
  }
  struct stat st_model;
  if (stat(o.model, &st_model) == 0 && S_ISDIR(st_model.st_mode)) {
    if (o.bench || o.num_inputs > 1)
      rc = error("a design directory takes one -i and no --bench");
    else
      rc = aiccrun_rtl_run(o.model, o.num_inputs ? o.inputs[0] : NULL, o.output_dir,
                           o.compare_dir, o.rtol, o.atol);
    free(o.inputs);
    return rc;
  }
  aicc_model_t *m = NULL;
  char err[1024];
  aicc_status_t st = aicc_model_load(o.model, &m, err, sizeof err);
  if (st != AICC_OK) {
    free(o.inputs);
    return error("%s", err);
  }
  int model_cuda = aicc_model_device(m) == AICC_ABI_DEVICE_CUDA;
  if (o.info || model_cuda != o.cuda) {
    if (o.info)
      aiccrun_print_info(m);
    else if (model_cuda)
      rc = error("'%s' was compiled with -target=cuda: run it with --device=cuda", o.model);
    else
      rc = error("'%s' was compiled for the CPU: --device=cuda runs models compiled "
                 "with -target=cuda", o.model);
    aicc_model_release(m);
    free(o.inputs);
    return rc;
  }
  size_t n_in = aicc_model_num_inputs(m), n_out = aicc_model_num_outputs(m);
  aiccrun_tensor_t *in = calloc(n_in + 1, sizeof *in);
  aiccrun_tensor_t *out = calloc(n_out + 1, sizeof *out);
  aicc_tensor_t *in_view = calloc(n_in + 1, sizeof *in_view);
  aicc_tensor_t *out_view = calloc(n_out + 1, sizeof *out_view);
  rc = (in && out && in_view && out_view)
           ? run_model(&o, m, in, out, in_view, out_view)
           : error("out of memory");
  for (size_t i = 0; in && i < n_in; ++i)
    aiccrun_tensor_free(&in[i]);
  for (size_t i = 0; out && i < n_out; ++i)
    aiccrun_tensor_free(&out[i]);
  free(in);
  free(out);
  free(in_view);
  free(out_view);
  aicc_model_release(m);
  free(o.inputs);
  return rc;
}
