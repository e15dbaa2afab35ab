/*===- gpu_reductions_test.c - reduction and scan example kernels ---------===*
 *
 * Runs the row reductions of examples/row_reductions.mlir (sum in fp32 and
 * from fp16, max, argmax with its index from a two-operand tile.reduce,
 * log-sum-exp through a combiner that calls libdevice's exp and log) and
 * the cumulative sums of examples/cumsum.mlir (tile.scan: fp32 and int32
 * along rows, int32 reversed, and int32 down the columns of a 2-D tile) on
 * 781-column rows stored 800 apart; the padding of input rows holds NaN (or
 * a huge integer), so reading past the mask shows. Integer
 * results, max and argmax must be exact; fp32 sums may differ from the
 * double-precision reference by the rounding of a tree-ordered sum.
 *
 *===----------------------------------------------------------------------===*/

#include "gpu_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { COLS = 781, STRIDE = 800 };

static int rowCount(const GpuTest *test) { return test->small ? 100 : 1000; }

/* Fills `rows` rows of COLS uniform values in [-1, 1), NaN in the padding. */
static void fillRows(float *x, int rows, uint64_t seed) {
  GpuRandom random = gpuRandomCreate(seed);
  for (size_t i = 0; i < (size_t)rows * STRIDE; ++i)
    x[i] = i % STRIDE < COLS ? gpuRandomUniform(&random, -1.0f, 1.0f) : NAN;
}

/* Launches a one-row-per-program kernel taking (x, outputs..., row_stride,
 * n_cols); `outputs` device pointers come first after x. */
static bool launchRows(GpuCase *c, const GpuKernel *kernel, TileDevicePtr x,
                       const TileDevicePtr *outputs, int outputCount,
                       int rows) {
  gpuArgsBegin(c);
  gpuArgPointer(c, x);
  for (int i = 0; i < outputCount; ++i)
    gpuArgPointer(c, outputs[i]);
  gpuArgI32(c, STRIDE);
  gpuArgI32(c, COLS);
  return gpuCaseLaunch(c, kernel, (unsigned)rows, 1, 1);
}

/* Row sums of fp32 input (isHalf false) or of fp16 input summed in fp32. */
static void testRowSum(GpuTest *test, bool isHalf) {
  int rows = rowCount(test);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "row_sum %s rows=%d cols=%d",
                    isHalf ? "f16" : "f32", rows, COLS))
    return;
  size_t count = (size_t)rows * STRIDE;
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, count, sizeof(float));
  uint16_t *xHalf = gpuCaseHost(&c, count, sizeof(uint16_t));
  float *got = gpuCaseHost(&c, rows, sizeof(float));
  float *want = gpuCaseHost(&c, rows, sizeof(float));
  if (!gpuCaseKernel(&c, "row_reductions",
                     isHalf ? "row_sum_f16" : "row_sum_f32", &kernel))
    goto done;
  fillRows(x, rows, 21);
  for (size_t i = 0; i < count; ++i) {
    xHalf[i] = gpuFloatToHalf(x[i]);
    if (isHalf)
      x[i] = gpuHalfToFloat(xHalf[i]);
  }
  for (int r = 0; r < rows; ++r) {
    double sum = 0;
    for (int j = 0; j < COLS; ++j)
      sum += x[(size_t)r * STRIDE + j];
    want[r] = (float)sum;
  }
  TileDevicePtr dx =
      isHalf ? gpuCaseUpload(&c, xHalf, count * sizeof(uint16_t))
             : gpuCaseUpload(&c, x, count * sizeof(float));
  TileDevicePtr dout = gpuCaseOutput(&c, rows * sizeof(float));
  if (launchRows(&c, &kernel, dx, &dout, 1, rows) &&
      gpuCaseDownload(&c, got, dout, rows * sizeof(float)))
    gpuCaseCompareFloats(&c, NULL, got, want, rows, 2e-4, 1e-5);
done:
  gpuCaseEnd(&c);
}

/* Row log-sum-exp: the combiner log(exp(a) + exp(b)) applied in a tree.
 * Each step rounds an exp and a log in fp32, a few ulp each, and the
 * result is near log(781) ~ 6.7, so 1e-5 relative covers ~20 steps. */
static void testRowLogSumExp(GpuTest *test) {
  int rows = rowCount(test);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "row_logsumexp f32 rows=%d cols=%d", rows, COLS))
    return;
  size_t count = (size_t)rows * STRIDE;
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, count, sizeof(float));
  float *got = gpuCaseHost(&c, rows, sizeof(float));
  float *want = gpuCaseHost(&c, rows, sizeof(float));
  if (!gpuCaseKernel(&c, "row_reductions", "row_logsumexp_f32", &kernel))
    goto done;
  fillRows(x, rows, 23);
  for (int r = 0; r < rows; ++r) {
    double sum = 0;
    for (int j = 0; j < COLS; ++j)
      sum += exp((double)x[(size_t)r * STRIDE + j]);
    want[r] = (float)log(sum);
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, count * sizeof(float));
  TileDevicePtr dout = gpuCaseOutput(&c, rows * sizeof(float));
  if (launchRows(&c, &kernel, dx, &dout, 1, rows) &&
      gpuCaseDownload(&c, got, dout, rows * sizeof(float)))
    gpuCaseCompareFloats(&c, NULL, got, want, rows, 1e-5, 1e-5);
done:
  gpuCaseEnd(&c);
}

/* Row max, and argmax (value and first index). Some rows get their maximum
 * twice and one row is constant, so the tie rule is tested too. */
static void testRowMax(GpuTest *test, bool withIndex) {
  int rows = rowCount(test);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "%s f32 rows=%d cols=%d",
                    withIndex ? "row_argmax" : "row_max", rows, COLS))
    return;
  size_t count = (size_t)rows * STRIDE;
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, count, sizeof(float));
  float *gotMax = gpuCaseHost(&c, rows, sizeof(float));
  float *wantMax = gpuCaseHost(&c, rows, sizeof(float));
  int32_t *gotIndex = gpuCaseHost(&c, rows, sizeof(int32_t));
  int32_t *wantIndex = gpuCaseHost(&c, rows, sizeof(int32_t));
  if (!gpuCaseKernel(&c, "row_reductions",
                     withIndex ? "row_argmax_f32" : "row_max_f32", &kernel))
    goto done;
  fillRows(x, rows, 22);
  for (int j = 0; j < COLS; ++j)
    x[j] = 0.25f;
  GpuRandom random = gpuRandomCreate(23);
  for (int r = 1; r < rows; r += 3) {
    /* A second copy of a value above the rest, at two random columns. */
    int first = gpuRandomInt(&random, 0, COLS);
    int second = gpuRandomInt(&random, 0, COLS);
    x[(size_t)r * STRIDE + first] = 1.5f;
    x[(size_t)r * STRIDE + second] = 1.5f;
  }
  for (int r = 0; r < rows; ++r) {
    const float *row = x + (size_t)r * STRIDE;
    int best = 0;
    for (int j = 1; j < COLS; ++j)
      if (row[j] > row[best])
        best = j;
    wantMax[r] = row[best];
    wantIndex[r] = best;
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, count * sizeof(float));
  TileDevicePtr outputs[2] = {gpuCaseOutput(&c, rows * sizeof(float)),
                              gpuCaseOutput(&c, rows * sizeof(int32_t))};
  if (!launchRows(&c, &kernel, dx, outputs, withIndex ? 2 : 1, rows) ||
      !gpuCaseDownload(&c, gotMax, outputs[0], rows * sizeof(float)) ||
      (withIndex &&
       !gpuCaseDownload(&c, gotIndex, outputs[1], rows * sizeof(int32_t))))
    goto done;
  gpuCaseCompareFloats(&c, withIndex ? "max" : NULL, gotMax, wantMax, rows, 0,
                       0);
  if (withIndex)
    gpuCaseCompareInts(&c, "index", gotIndex, wantIndex, rows);
done:
  gpuCaseEnd(&c);
}

static void testCumsumF32(GpuTest *test) {
  int rows = rowCount(test);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "cumsum f32 rows=%d cols=%d", rows, COLS))
    return;
  size_t count = (size_t)rows * STRIDE, outCount = (size_t)rows * COLS;
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, count, sizeof(float));
  float *out = gpuCaseHost(&c, count, sizeof(float));
  float *got = gpuCaseHost(&c, outCount, sizeof(float));
  float *want = gpuCaseHost(&c, outCount, sizeof(float));
  if (!gpuCaseKernel(&c, "cumsum", "cumsum_f32", &kernel))
    goto done;
  fillRows(x, rows, 24);
  for (int r = 0; r < rows; ++r) {
    double sum = 0;
    for (int j = 0; j < COLS; ++j) {
      sum += x[(size_t)r * STRIDE + j];
      want[(size_t)r * COLS + j] = (float)sum;
    }
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, count * sizeof(float));
  TileDevicePtr dout = gpuCaseOutput(&c, count * sizeof(float));
  if (!launchRows(&c, &kernel, dx, &dout, 1, rows) ||
      !gpuCaseDownload(&c, out, dout, count * sizeof(float)))
    goto done;
  for (int r = 0; r < rows; ++r) {
    memcpy(got + (size_t)r * COLS, out + (size_t)r * STRIDE,
           COLS * sizeof(float));
    for (int j = COLS; j < STRIDE; ++j)
      if (!isnan(out[(size_t)r * STRIDE + j])) {
        gpuCaseFail(&c, "the kernel wrote into the padding of row %d", r);
        goto done;
      }
  }
  /* Prefix sums reach about 30; a tree-ordered fp32 scan is off from the
   * exact sums by a few ulp of the partial sums. */
  gpuCaseCompareFloats(&c, NULL, got, want, outCount, 1e-3, 1e-5);
done:
  gpuCaseEnd(&c);
}

/* Compares the first COLS int32 of each of `rows` output rows (STRIDE
 * apart in `out`, packed into `got`) with `want`, after checking that the
 * padding of every row kept gpuCaseOutput's -1 fill. */
static void compareIntRows(GpuCase *c, const int32_t *out, int32_t *got,
                           const int32_t *want, int rows) {
  for (int r = 0; r < rows; ++r) {
    memcpy(got + (size_t)r * COLS, out + (size_t)r * STRIDE, COLS * sizeof(int32_t));
    for (int j = COLS; j < STRIDE; ++j)
      if (out[(size_t)r * STRIDE + j] != -1) {
        gpuCaseFail(c, "the kernel wrote into the padding of row %d", r);
        return;
      }
  }
  gpuCaseCompareInts(c, NULL, got, want, (size_t)rows * COLS);
}

/* Prefix sums of int32 rows (cumsum_i32), or suffix sums (`reverse`,
 * cumsum_reverse_i32: tile.scan ... reverse); exact. */
static void testCumsumI32(GpuTest *test, bool reverse) {
  int rows = rowCount(test);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "cumsum%s i32 rows=%d cols=%d", reverse ? " reverse" : "",
                    rows, COLS))
    return;
  size_t count = (size_t)rows * STRIDE, outCount = (size_t)rows * COLS;
  GpuKernel kernel;
  int32_t *x = gpuCaseHost(&c, count, sizeof(int32_t));
  int32_t *out = gpuCaseHost(&c, count, sizeof(int32_t));
  int32_t *got = gpuCaseHost(&c, outCount, sizeof(int32_t));
  int32_t *want = gpuCaseHost(&c, outCount, sizeof(int32_t));
  if (!gpuCaseKernel(&c, "cumsum", reverse ? "cumsum_reverse_i32" : "cumsum_i32", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(25);
  for (size_t i = 0; i < count; ++i)
    x[i] = i % STRIDE < COLS ? gpuRandomInt(&random, -1000, 1000) : 1 << 30;
  for (int r = 0; r < rows; ++r) {
    int32_t sum = 0;
    for (int step = 0; step < COLS; ++step) {
      int j = reverse ? COLS - 1 - step : step;
      sum += x[(size_t)r * STRIDE + j];
      want[(size_t)r * COLS + j] = sum;
    }
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, count * sizeof(int32_t));
  TileDevicePtr dout = gpuCaseOutput(&c, count * sizeof(int32_t));
  if (!launchRows(&c, &kernel, dx, &dout, 1, rows) ||
      !gpuCaseDownload(&c, out, dout, count * sizeof(int32_t)))
    goto done;
  compareIntRows(&c, out, got, want, rows);
done:
  gpuCaseEnd(&c);
}

/* Prefix sums down the columns of a 2-D tile (cumsum_columns_i32: a scan
 * along axis 0 of 64x64 blocks) over the first 60 rows; rows past them and
 * the padding must stay untouched. Exact. */
static void testCumsumColumnsI32(GpuTest *test) {
  enum { ROWS = 60, BLOCK_COLS = 64 };
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "cumsum columns i32 rows=%d cols=%d", ROWS, COLS))
    return;
  size_t count = (size_t)ROWS * STRIDE, outCount = (size_t)ROWS * COLS;
  GpuKernel kernel;
  int32_t *x = gpuCaseHost(&c, count, sizeof(int32_t));
  int32_t *out = gpuCaseHost(&c, count, sizeof(int32_t));
  int32_t *got = gpuCaseHost(&c, outCount, sizeof(int32_t));
  int32_t *want = gpuCaseHost(&c, outCount, sizeof(int32_t));
  if (!gpuCaseKernel(&c, "cumsum", "cumsum_columns_i32", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(27);
  for (size_t i = 0; i < count; ++i)
    x[i] = i % STRIDE < COLS ? gpuRandomInt(&random, -1000, 1000) : 1 << 30;
  for (int j = 0; j < COLS; ++j) {
    int32_t sum = 0;
    for (int r = 0; r < ROWS; ++r) {
      sum += x[(size_t)r * STRIDE + j];
      want[(size_t)r * COLS + j] = sum;
    }
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, count * sizeof(int32_t));
  TileDevicePtr dout = gpuCaseOutput(&c, count * sizeof(int32_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dout);
  gpuArgI32(&c, STRIDE);
  gpuArgI32(&c, ROWS);
  gpuArgI32(&c, COLS);
  if (!gpuCaseLaunch(&c, &kernel, (unsigned)gpuBlocksOf(COLS, BLOCK_COLS), 1, 1) ||
      !gpuCaseDownload(&c, out, dout, count * sizeof(int32_t)))
    goto done;
  compareIntRows(&c, out, got, want, ROWS);
done:
  gpuCaseEnd(&c);
}

static void runCases(GpuTest *test) {
  testRowSum(test, false);
  testRowSum(test, true);
  testRowMax(test, false);
  testRowMax(test, true);
  testRowLogSumExp(test);
  testCumsumF32(test);
  testCumsumI32(test, false);
  testCumsumI32(test, true);
  testCumsumColumnsI32(test);
}

int main(int argc, char **argv) {
  return gpuTestMain("gpu_reductions_test", argc, argv, runCases);
}
