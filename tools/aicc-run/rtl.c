/*
 * rtl.c - aicc-run on a -target=fixed design directory.
 *
 * DIR holds model.v and harness.cpp (docs/fixed-function.md). The first run
 * builds DIR/obj_dir/Vtop with verilator (log: DIR/obj_dir/build.log);
 * later runs reuse it while it is newer than both sources. `Vtop
 * --describe` gives the interface; inputs and outputs travel through raw
 * int8 files in a temporary directory.
 */
#define _XOPEN_SOURCE 700 /* realpath, mkdtemp, fork */

#include "rtl.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compare.h"
#include "host_tensor.h"

typedef struct port {
  int dequantized; /* output only: float32 = (q - zp) * scale */
  int32_t rank;
  int64_t shape[AICC_MAX_RANK];
  size_t bytes;
  float scale;
  long zero_point;
} port_t;

enum { kMaxOutputs = 8 };

typedef struct design {
  port_t in;
  port_t out[kMaxOutputs];
  size_t num_out;
} design_t;

static int fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("aicc-run: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

/* dir + "/" + name into buf; 0, or -1 (with an error) if it does not fit. */
static int path_join(char *buf, size_t size, const char *dir, const char *name) {
  int n = snprintf(buf, size, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= size)
    return fail("path too long: %s/%s", dir, name);
  return 0;
}

static double mtime(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (double)st.st_mtime : -1;
}

/* Runs argv; stdout to `out_path` (NULL: ours), stderr to `err_path`
 * (NULL: ours). Returns the exit status, or -1 if it could not start. */
static int spawn(char *const argv[], const char *out_path, const char *err_path) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    const char *paths[2] = {out_path, err_path};
    for (int i = 0; i < 2; ++i) {
      if (!paths[i])
        continue;
      int fd = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || dup2(fd, i + 1) < 0)
        _exit(127);
      close(fd);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int build_simulator(const char *dir, const char *sim) {
  char model[4096], harness[4096], objdir[4096], log[4096];
  if (path_join(model, sizeof model, dir, "model.v") ||
      path_join(harness, sizeof harness, dir, "harness.cpp") ||
      path_join(objdir, sizeof objdir, dir, "obj_dir") ||
      path_join(log, sizeof log, dir, "obj_dir/build.log"))
    return 1;
  double src = fmax(mtime(model), mtime(harness));
  if (mtime(model) < 0 || mtime(harness) < 0)
    return fail("'%s' is not a design directory (no model.v and harness.cpp; "
                "see aicc -target=fixed -emit=verilog)", dir);
  double bin = mtime(sim);
  if (bin >= 0 && bin >= src)
    return 0;
  if (mkdir(objdir, 0777) != 0 && errno != EEXIST)
    return fail("cannot create '%s': %s", objdir, strerror(errno));
  char *argv[] = {"verilator", "--cc", "--exe", "--build", "-j", "2",
                  "--top-module", "top", "-Wno-fatal", "-MAKEFLAGS",
                  "OPT_FAST=-O1 OPT_SLOW=-O0", "-Mdir", objdir, model, harness, NULL};
  fprintf(stderr, "aicc-run: building the simulator (verilator, log: %s)\n", log);
  int rc = spawn(argv, log, log);
  if (rc == -1 || rc == 127)
    return fail("cannot run verilator (install it: scripts/install-deps.sh)");
  if (rc != 0 || mtime(sim) < 0)
    return fail("verilator failed (exit %d); see %s", rc, log);
  return 0;
}

/* mkdir -p, as for a .so's --output-dir. */
static int make_dirs(const char *dir) {
  char buf[4096];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof buf)
    return fail("invalid output directory '%s'", dir);
  memcpy(buf, dir, n + 1);
  for (size_t i = 1; i <= n; ++i) {
    if (buf[i] != '/' && buf[i] != '\0')
      continue;
    char c = buf[i];
    buf[i] = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      return fail("cannot create directory '%s': %s", buf, strerror(errno));
    buf[i] = c;
  }
  return 0;
}

static int parse_port(char *line, port_t *p, int with_quant) {
  char *save = NULL, *tok = strtok_r(line, " \n", &save);
  p->rank = tok ? atoi(tok) : -1;
  if (p->rank < 0 || p->rank > AICC_MAX_RANK)
    return -1;
  p->bytes = 1;
  for (int32_t d = 0; d < p->rank; ++d) {
    tok = strtok_r(NULL, " \n", &save);
    if (!tok)
      return -1;
    p->shape[d] = atoll(tok);
    p->bytes *= (size_t)p->shape[d];
  }
  if (!with_quant)
    return 0;
  char *s = strtok_r(NULL, " \n", &save), *z = strtok_r(NULL, " \n", &save);
  if (!s || !z)
    return -1;
  p->scale = strtof(s, NULL);
  p->zero_point = atol(z);
  return 0;
}

static int describe(const char *sim, const char *tmp, design_t *d) {
  char path[4096], line[1024];
  snprintf(path, sizeof path, "%s/describe.txt", tmp);
  char *argv[] = {(char *)sim, "--describe", NULL};
  if (spawn(argv, path, NULL) != 0)
    return fail("'%s --describe' failed", sim);
  FILE *f = fopen(path, "r");
  if (!f)
    return fail("cannot read %s", path);
  memset(d, 0, sizeof *d);
  int ok = 1, have_in = 0;
  while (ok && fgets(line, sizeof line, f)) {
    if (!strncmp(line, "input int8 ", 11)) {
      ok = parse_port(line + 11, &d->in, 1) == 0;
      have_in = 1;
    } else if (!strncmp(line, "output int8 ", 12) && d->num_out < kMaxOutputs) {
      ok = parse_port(line + 12, &d->out[d->num_out++], 0) == 0;
    } else if (!strncmp(line, "output float32 ", 15) && d->num_out < kMaxOutputs) {
      d->out[d->num_out].dequantized = 1;
      ok = parse_port(line + 15, &d->out[d->num_out++], 1) == 0;
    } else {
      ok = 0;
    }
  }
  fclose(f);
  if (!ok || !have_in || !d->num_out || !d->in.bytes)
    return fail("'%s --describe' printed an interface aicc-run does not know", sim);
  return 0;
}

/* The input as raw int8 vectors: int8 as is, float32 quantized with f32
 * division and round half to even, as QuantizeLinear. */
static int write_input(const aiccrun_tensor_t *t, const port_t *in, const char *path,
                       size_t *vectors) {
  size_t n = aiccrun_tensor_num_elements(t);
  if (t->dtype != AICC_DTYPE_INT8 && t->dtype != AICC_DTYPE_FLOAT32)
    return fail("the design takes int8 (or float32, quantized here) inputs");
  if (n == 0 || n % in->bytes)
    return fail("the input has %zu elements, not a positive multiple of the "
                "design's %zu", n, in->bytes);
  int8_t *q = malloc(n);
  if (!q)
    return fail("out of memory");
  for (size_t i = 0; i < n; ++i) {
    if (t->dtype == AICC_DTYPE_INT8) {
      q[i] = ((const int8_t *)t->data)[i];
      continue;
    }
    float v = nearbyintf(((const float *)t->data)[i] / in->scale) + (float)in->zero_point;
    q[i] = (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
  }
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(q, 1, n, f) == n;
  ok = (f && fclose(f) == 0) && ok;
  free(q);
  *vectors = n / in->bytes;
  return ok ? 0 : fail("cannot write %s", path);
}

/* An output for `vectors` input vectors: the port's shape, with a leading
 * dim of 1 replaced by `vectors`, or `vectors` put in front. */
static int make_output(const port_t *p, const int8_t *raw, size_t vectors,
                       aiccrun_tensor_t *t) {
  int64_t shape[AICC_MAX_RANK + 1];
  int32_t rank = p->rank;
  memcpy(shape, p->shape, sizeof(int64_t) * (size_t)rank);
  if (vectors > 1 && rank > 0 && shape[0] == 1) {
    shape[0] = (int64_t)vectors;
  } else if (vectors > 1) {
    if (rank == AICC_MAX_RANK)
      return fail("output rank too large for a batch");
    memmove(shape + 1, shape, sizeof(int64_t) * (size_t)rank++);
    shape[0] = (int64_t)vectors;
  }
  char err[512];
  int32_t dtype = p->dequantized ? AICC_DTYPE_FLOAT32 : AICC_DTYPE_INT8;
  if (aiccrun_tensor_alloc(t, dtype, rank, shape, err, sizeof err) != 0)
    return fail("%s", err);
  size_t n = p->bytes * vectors;
  for (size_t i = 0; i < n; ++i) {
    if (p->dequantized)
      ((float *)t->data)[i] = ((float)raw[i] - (float)p->zero_point) * p->scale;
    else
      ((int8_t *)t->data)[i] = raw[i];
  }
  return 0;
}

static int finish(const design_t *d, const int8_t *raw, size_t vectors,
                  const char *output_dir, const char *compare_dir, double rtol,
                  double atol) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < d->num_out; ++i) {
    aiccrun_tensor_t t, ref;
    aiccrun_tensor_init(&t);
    aiccrun_tensor_init(&ref);
    char path[4096], err[512];
    rc = make_output(&d->out[i], raw, vectors, &t);
    if (rc == 0 && output_dir && (rc = make_dirs(output_dir)) == 0) {
      snprintf(path, sizeof path, "%s/output_%zu.npy", output_dir, i);
      if (aiccrun_npy_write(path, &t, err, sizeof err) != 0)
        rc = fail("%s", err);
    }
    if (rc == 0 && compare_dir) {
      snprintf(path, sizeof path, "%s/output_%zu.pb", compare_dir, i);
      if (mtime(path) < 0)
        snprintf(path, sizeof path, "%s/output_%zu.npy", compare_dir, i);
      aiccrun_compare_result_t r;
      if (aiccrun_tensor_read(path, &ref, err, sizeof err) != 0)
        rc = fail("%s", err);
      else if (!aiccrun_compare(&t, &ref, rtol, atol, &r))
        rc = fail("output %zu differs from '%s' (%zu elements; max_abs=%g)", i, path,
                  r.num_bad, r.max_abs);
      else
        printf("output %zu: max_abs=%.6g ok\n", i, r.max_abs);
    }
    aiccrun_tensor_free(&t);
    aiccrun_tensor_free(&ref);
  }
  return rc;
}

int aiccrun_rtl_run(const char *dir, const char *input, const char *output_dir,
                    const char *compare_dir, double rtol, double atol) {
  char sim[4096], tmp[] = "/tmp/aicc-run-rtl-XXXXXX", in_path[4096], out_path[4096],
                  err[512], in_default[4096], absolute[4096];
  /* verilator's make runs in obj_dir: the sources need absolute paths. */
  if (!realpath(dir, absolute))
    return fail("cannot open '%s': %s", dir, strerror(errno));
  dir = absolute;
  if (path_join(sim, sizeof sim, dir, "obj_dir/Vtop"))
    return 1;
  if (!input && compare_dir) {
    snprintf(in_default, sizeof in_default, "%s/input_0.pb", compare_dir);
    if (mtime(in_default) < 0)
      snprintf(in_default, sizeof in_default, "%s/input_0.npy", compare_dir);
    input = in_default;
  }
  if (!input)
    return fail("a design directory needs -i FILE (or --compare DIR)");
  if (build_simulator(dir, sim) != 0)
    return 1;
  if (!mkdtemp(tmp))
    return fail("cannot create a temporary directory: %s", strerror(errno));
  snprintf(in_path, sizeof in_path, "%s/in.bin", tmp);
  snprintf(out_path, sizeof out_path, "%s/out.bin", tmp);
  design_t d;
  aiccrun_tensor_t t;
  aiccrun_tensor_init(&t);
  size_t vectors = 0;
  uint8_t *raw = NULL;
  size_t raw_size = 0;
  int rc = describe(sim, tmp, &d);
  if (rc == 0 && aiccrun_tensor_read(input, &t, err, sizeof err) != 0)
    rc = fail("%s", err);
  if (rc == 0)
    rc = write_input(&t, &d.in, in_path, &vectors);
  if (rc == 0) {
    char *argv[] = {sim, in_path, out_path, NULL};
    if (spawn(argv, NULL, NULL) != 0)
      rc = fail("the simulation failed");
  }
  if (rc == 0 && aiccrun_read_file(out_path, &raw, &raw_size, err, sizeof err) != 0)
    rc = fail("%s", err);
  if (rc == 0 && raw_size != d.out[0].bytes * vectors)
    rc = fail("the simulation wrote %zu bytes, expected %zu", raw_size,
              d.out[0].bytes * vectors);
  if (rc == 0)
    rc = finish(&d, (const int8_t *)raw, vectors, output_dir, compare_dir, rtol, atol);
  free(raw);
  aiccrun_tensor_free(&t);
  unlink(in_path);
  unlink(out_path);
  char describe_path[4096];
  snprintf(describe_path, sizeof describe_path, "%s/describe.txt", tmp);
  unlink(describe_path);
  rmdir(tmp);
  return rc;
}
