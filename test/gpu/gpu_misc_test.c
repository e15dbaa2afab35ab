/*===- gpu_misc_test.c - transpose, histogram and matmul examples ---------===*
 *
 * Runs the 2-D transpose (examples/transpose.mlir, fp32 and fp16: a layout
 * change through shared memory on 4 warps, through warp shuffles on one),
 * the atomic histogram
 * (examples/histogram.mlir: tile.atomic_rmw add with heavy contention on
 * one bin) and the tiled matmul (examples/matmul.mlir: fp16 in, fp32
 * accumulation, fp16 out, with B row-major and transposed) on sizes that
 * are not multiples of the tiles. Transpose and histogram must be exact.
 *
 *===----------------------------------------------------------------------===*/

#include "gpu_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Transposes an M x N matrix stored with a padded row stride into an
 * N x M one with row stride M. `example` is "transpose" (4 warps: the
 * layout change goes through shared memory) or "transpose_one_warp" (the
 * same source on one warp: it stays within the warp and runs as
 * shfl.sync.idx). */
static void testTranspose(GpuTest *test, const char *example, bool isHalf) {
  int rows = test->small ? 200 : 1000, cols = 781, inStride = 784;
  const char *typeName = isHalf ? "f16" : "f32";
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "%s %s M=%d N=%d", example, typeName, rows, cols))
    return;
  char kernelName[64];
  snprintf(kernelName, sizeof(kernelName), "transpose_%s", typeName);
  size_t elementSize = isHalf ? sizeof(uint16_t) : sizeof(float);
  size_t inCount = (size_t)rows * inStride, outCount = (size_t)rows * cols;
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, inCount, sizeof(float));
  uint16_t *xHalf = gpuCaseHost(&c, inCount, sizeof(uint16_t));
  void *out = gpuCaseHost(&c, outCount, elementSize);
  float *got = gpuCaseHost(&c, outCount, sizeof(float));
  float *want = gpuCaseHost(&c, outCount, sizeof(float));
  if (!gpuCaseKernel(&c, example, kernelName, &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(41);
  for (size_t i = 0; i < inCount; ++i) {
    x[i] = (int)(i % inStride) < cols ? gpuRandomNormal(&random) : NAN;
    xHalf[i] = gpuFloatToHalf(x[i]);
    if (isHalf)
      x[i] = gpuHalfToFloat(xHalf[i]);
  }
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      want[(size_t)j * rows + i] = x[(size_t)i * inStride + j];
  TileDevicePtr din = gpuCaseUpload(&c, isHalf ? (void *)xHalf : (void *)x,
                                    inCount * elementSize);
  TileDevicePtr dout = gpuCaseOutput(&c, outCount * elementSize);
  gpuArgsBegin(&c);
  gpuArgPointer(&c, din);
  gpuArgPointer(&c, dout);
  gpuArgI32(&c, rows);
  gpuArgI32(&c, cols);
  gpuArgI32(&c, inStride);
  gpuArgI32(&c, rows);
  if (!gpuCaseLaunch(&c, &kernel, gpuBlocksOf(rows, 64), gpuBlocksOf(cols, 64),
                     1) ||
      !gpuCaseDownload(&c, out, dout, outCount * elementSize))
    goto done;
  for (size_t i = 0; i < outCount; ++i)
    got[i] = isHalf ? gpuHalfToFloat(((uint16_t *)out)[i]) : ((float *)out)[i];
  gpuCaseCompareFloats(&c, NULL, got, want, outCount, 0, 0);
done:
  gpuCaseEnd(&c);
}

static void testHistogram(GpuTest *test) {
  int n = test->small ? 100003 : 1000003, bins = 1000;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "histogram i32 n=%d bins=%d", n, bins))
    return;
  GpuKernel kernel;
  int32_t *x = gpuCaseHost(&c, n, sizeof(int32_t));
  int32_t *got = gpuCaseHost(&c, bins, sizeof(int32_t));
  int32_t *want = gpuCaseHost(&c, bins, sizeof(int32_t));
  if (!gpuCaseKernel(&c, "histogram", "histogram_i32", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(42);
  /* A third of the values land in bin 7 (contended atomics); a few fall
   * outside [0, bins) and must be ignored. */
  for (int i = 0; i < n; ++i) {
    x[i] = i % 3 == 0 ? 7 : gpuRandomInt(&random, -5, bins + 5);
    if (x[i] >= 0 && x[i] < bins)
      want[x[i]]++;
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, n * sizeof(int32_t));
  TileDevicePtr dhist = gpuCaseOutput(&c, bins * sizeof(int32_t));
  if (dhist &&
      tileMemorySet(test->runtime, dhist, 0, bins * sizeof(int32_t))) {
    gpuCaseFail(&c, "zeroing the histogram: %s",
                tileRuntimeGetLastError(test->runtime));
    goto done;
  }
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dhist);
  gpuArgI32(&c, n);
  gpuArgI32(&c, bins);
  if (gpuCaseLaunch(&c, &kernel, gpuBlocksOf(n, 1024), 1, 1) &&
      gpuCaseDownload(&c, got, dhist, bins * sizeof(int32_t)))
    gpuCaseCompareInts(&c, NULL, got, want, bins);
done:
  gpuCaseEnd(&c);
}

/* C = A * B with A M x K row-major, B K x N row-major (or, transposed, stored
 * N x K), C M x N row-major. */
static void testMatmul(GpuTest *test, bool transposedB) {
  int m = test->small ? 200 : 1000, n = 781, k = 333;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "matmul f16%s M=%d N=%d K=%d",
                    transposedB ? " B^T" : "", m, n, k))
    return;
  GpuKernel kernel;
  uint16_t *a = gpuCaseHost(&c, (size_t)m * k, sizeof(uint16_t));
  uint16_t *b = gpuCaseHost(&c, (size_t)k * n, sizeof(uint16_t));
  float *bValues = gpuCaseHost(&c, (size_t)k * n, sizeof(float));
  float *got = gpuCaseHost(&c, (size_t)m * n, sizeof(float));
  float *want = gpuCaseHost(&c, (size_t)m * n, sizeof(float));
  double *rowSums = gpuCaseHost(&c, n, sizeof(double));
  if (!gpuCaseKernel(&c, "matmul", "matmul_kernel", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(transposedB ? 44 : 43);
  for (size_t i = 0; i < (size_t)m * k; ++i)
    a[i] = gpuFloatToHalf(gpuRandomUniform(&random, -1.0f, 1.0f));
  /* bValues[kk * n + j] is B[kk][j] wherever b keeps it. */
  int strideBk = transposedB ? 1 : n, strideBn = transposedB ? k : 1;
  for (int kk = 0; kk < k; ++kk)
    for (int j = 0; j < n; ++j) {
      uint16_t value = gpuFloatToHalf(gpuRandomUniform(&random, -1.0f, 1.0f));
      b[(size_t)kk * strideBk + (size_t)j * strideBn] = value;
      bValues[(size_t)kk * n + j] = gpuHalfToFloat(value);
    }
  for (int i = 0; i < m; ++i) {
    memset(rowSums, 0, n * sizeof(double));
    for (int kk = 0; kk < k; ++kk) {
      double aValue = gpuHalfToFloat(a[(size_t)i * k + kk]);
      const float *bRow = bValues + (size_t)kk * n;
      for (int j = 0; j < n; ++j)
        rowSums[j] += aValue * bRow[j];
    }
    for (int j = 0; j < n; ++j)
      want[(size_t)i * n + j] =
          gpuHalfToFloat(gpuFloatToHalf((float)rowSums[j]));
  }
  TileDevicePtr da = gpuCaseUpload(&c, a, (size_t)m * k * sizeof(uint16_t));
  TileDevicePtr db = gpuCaseUpload(&c, b, (size_t)k * n * sizeof(uint16_t));
  TileDevicePtr dc = gpuCaseOutput(&c, (size_t)m * n * sizeof(uint16_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, da);
  gpuArgPointer(&c, db);
  gpuArgPointer(&c, dc);
  gpuArgI32(&c, m);
  gpuArgI32(&c, n);
  gpuArgI32(&c, k);
  gpuArgI32(&c, k); /* stride_am */
  gpuArgI32(&c, 1); /* stride_ak */
  gpuArgI32(&c, strideBk);
  gpuArgI32(&c, strideBn);
  gpuArgI32(&c, n); /* stride_cm */
  gpuArgI32(&c, 1); /* stride_cn */
  unsigned grid = gpuBlocksOf(m, 128) * gpuBlocksOf(n, 128);
  if (!gpuCaseLaunch(&c, &kernel, grid, 1, 1) ||
      !gpuCaseDownloadHalves(&c, GPU_F16, got, dc, (size_t)m * n))
    goto done;
  /* fp32 accumulation of exact fp16 products, then one fp16 rounding. */
  gpuCaseCompareFloats(&c, NULL, got, want, (size_t)m * n, 2e-3, 2e-3);
done:
  gpuCaseEnd(&c);
}

static void runCases(GpuTest *test) {
  testTranspose(test, "transpose", false);
  testTranspose(test, "transpose", true);
  testTranspose(test, "transpose_one_warp", false);
  testTranspose(test, "transpose_one_warp", true);
  testHistogram(test);
  testMatmul(test, false);
  testMatmul(test, true);
}

int main(int argc, char **argv) {
  return gpuTestMain("gpu_misc_test", argc, argv, runCases);
}
