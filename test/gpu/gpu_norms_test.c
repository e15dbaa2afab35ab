/*===- gpu_norms_test.c - row-normalization example kernels on the GPU ----===*
 *
 * Runs softmax (examples/softmax.mlir, fp32), layer norm (layer_norm.mlir,
 * fp16 with fp32 statistics) and RMSNorm (rms_norm.mlir, fp16 and bf16) on
 * rows whose length is not a power of two, stored with padded row strides.
 * The padding of every input row holds NaN, so a kernel that reads past
 * its mask poisons its row; the padding of output rows must stay untouched.
 * References are computed here in double precision from the rounded inputs.
 *
 *===----------------------------------------------------------------------===*/

#include "gpu_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int rowCount(const GpuTest *test) { return test->small ? 100 : 1000; }

/* Copies the first `cols` values of each of `rows` rows of `type` values
 * (`stride` apart) to `got` as floats, and fails the case if a padding
 * element lost the NaN sentinel the output buffer was filled with. */
static bool unpackHalfRows(GpuCase *c, GpuHalfType type, const uint16_t *out,
                           int rows, int cols, int stride, float *got) {
  for (int r = 0; r < rows; ++r) {
    for (int j = 0; j < cols; ++j)
      got[(size_t)r * cols + j] =
          gpuHalfTypeToFloat(type, out[(size_t)r * stride + j]);
    for (int j = cols; j < stride; ++j)
      if (out[(size_t)r * stride + j] != 0xffff) {
        gpuCaseFail(c, "the kernel wrote into the padding of row %d "
                       "(column %d)", r, j);
        return false;
      }
  }
  return true;
}

static void testSoftmax(GpuTest *test) {
  int rows = rowCount(test), cols = 781, inStride = 800;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "softmax f32 rows=%d cols=%d", rows, cols))
    return;
  size_t inCount = (size_t)rows * inStride, outCount = (size_t)rows * cols;
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, inCount, sizeof(float));
  float *got = gpuCaseHost(&c, outCount, sizeof(float));
  float *want = gpuCaseHost(&c, outCount, sizeof(float));
  if (!gpuCaseKernel(&c, "softmax", "softmax_kernel", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(11);
  for (size_t i = 0; i < inCount; ++i)
    x[i] = (int)(i % inStride) < cols ? 4.0f * gpuRandomNormal(&random) : NAN;
  for (int r = 0; r < rows; ++r) {
    const float *row = x + (size_t)r * inStride;
    double max = -INFINITY, sum = 0;
    for (int j = 0; j < cols; ++j)
      max = fmax(max, row[j]);
    for (int j = 0; j < cols; ++j)
      sum += exp(row[j] - max);
    for (int j = 0; j < cols; ++j)
      want[(size_t)r * cols + j] = (float)(exp(row[j] - max) / sum);
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, inCount * sizeof(float));
  TileDevicePtr dy = gpuCaseOutput(&c, outCount * sizeof(float));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dy);
  gpuArgPointer(&c, dx);
  gpuArgI32(&c, inStride);
  gpuArgI32(&c, cols);
  gpuArgI32(&c, cols);
  if (gpuCaseLaunch(&c, &kernel, (unsigned)rows, 1, 1) &&
      gpuCaseDownload(&c, got, dy, outCount * sizeof(float)))
    gpuCaseCompareFloats(&c, NULL, got, want, outCount, 1e-7, 1e-4);
done:
  gpuCaseEnd(&c);
}

static void testLayerNorm(GpuTest *test) {
  int rows = rowCount(test), cols = 1531, stride = 1536;
  float eps = 1e-5f;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "layer_norm f16 rows=%d cols=%d", rows, cols))
    return;
  size_t count = (size_t)rows * stride, outCount = (size_t)rows * cols;
  GpuKernel kernel;
  uint16_t *x = gpuCaseHost(&c, count, sizeof(uint16_t));
  uint16_t *w = gpuCaseHost(&c, cols, sizeof(uint16_t));
  uint16_t *b = gpuCaseHost(&c, cols, sizeof(uint16_t));
  uint16_t *y = gpuCaseHost(&c, count, sizeof(uint16_t));
  float *got = gpuCaseHost(&c, outCount, sizeof(float));
  float *want = gpuCaseHost(&c, outCount, sizeof(float));
  float *gotMean = gpuCaseHost(&c, rows, sizeof(float));
  float *wantMean = gpuCaseHost(&c, rows, sizeof(float));
  float *gotRstd = gpuCaseHost(&c, rows, sizeof(float));
  float *wantRstd = gpuCaseHost(&c, rows, sizeof(float));
  if (!gpuCaseKernel(&c, "layer_norm", "layer_norm_fwd", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(12);
  for (size_t i = 0; i < count; ++i)
    x[i] = gpuFloatToHalf((int)(i % stride) < cols
                              ? 0.5f + 2.0f * gpuRandomNormal(&random)
                              : NAN);
  for (int j = 0; j < cols; ++j) {
    w[j] = gpuFloatToHalf(1.0f + 0.2f * gpuRandomNormal(&random));
    b[j] = gpuFloatToHalf(0.1f * gpuRandomNormal(&random));
  }
  for (int r = 0; r < rows; ++r) {
    const uint16_t *row = x + (size_t)r * stride;
    double sum = 0, squares = 0;
    for (int j = 0; j < cols; ++j)
      sum += gpuHalfToFloat(row[j]);
    double mean = sum / cols;
    for (int j = 0; j < cols; ++j)
      squares += (gpuHalfToFloat(row[j]) - mean) *
                 (gpuHalfToFloat(row[j]) - mean);
    double rstd = 1.0 / sqrt(squares / cols + eps);
    wantMean[r] = (float)mean;
    wantRstd[r] = (float)rstd;
    for (int j = 0; j < cols; ++j) {
      double value = (gpuHalfToFloat(row[j]) - mean) * rstd *
                         gpuHalfToFloat(w[j]) +
                     gpuHalfToFloat(b[j]);
      want[(size_t)r * cols + j] = gpuHalfToFloat(gpuFloatToHalf((float)value));
    }
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, count * sizeof(uint16_t));
  TileDevicePtr dw = gpuCaseUpload(&c, w, cols * sizeof(uint16_t));
  TileDevicePtr db = gpuCaseUpload(&c, b, cols * sizeof(uint16_t));
  TileDevicePtr dy = gpuCaseOutput(&c, count * sizeof(uint16_t));
  TileDevicePtr dmean = gpuCaseOutput(&c, rows * sizeof(float));
  TileDevicePtr drstd = gpuCaseOutput(&c, rows * sizeof(float));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dy);
  gpuArgPointer(&c, dw);
  gpuArgPointer(&c, db);
  gpuArgPointer(&c, dmean);
  gpuArgPointer(&c, drstd);
  gpuArgI32(&c, stride);
  gpuArgI32(&c, cols);
  gpuArgF32(&c, eps);
  if (!gpuCaseLaunch(&c, &kernel, (unsigned)rows, 1, 1) ||
      !gpuCaseDownload(&c, y, dy, count * sizeof(uint16_t)) ||
      !gpuCaseDownload(&c, gotMean, dmean, rows * sizeof(float)) ||
      !gpuCaseDownload(&c, gotRstd, drstd, rows * sizeof(float)) ||
      !unpackHalfRows(&c, GPU_F16, y, rows, cols, stride, got))
    goto done;
  gpuCaseCompareFloats(&c, "y", got, want, outCount, 2e-3, 2e-3);
  gpuCaseCompareFloats(&c, "mean", gotMean, wantMean, rows, 1e-5, 1e-4);
  gpuCaseCompareFloats(&c, "rstd", gotRstd, wantRstd, rows, 0, 1e-4);
done:
  gpuCaseEnd(&c);
}

static void testRmsNorm(GpuTest *test, GpuHalfType type) {
  int rows = rowCount(test), cols = 781, stride = 800;
  float eps = 1e-6f;
  const char *typeName = gpuHalfTypeName(type);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "rms_norm %s rows=%d cols=%d", typeName, rows,
                    cols))
    return;
  char kernelName[64];
  snprintf(kernelName, sizeof(kernelName), "rms_norm_%s", typeName);
  size_t count = (size_t)rows * stride, outCount = (size_t)rows * cols;
  GpuKernel kernel;
  uint16_t *x = gpuCaseHost(&c, count, sizeof(uint16_t));
  uint16_t *w = gpuCaseHost(&c, cols, sizeof(uint16_t));
  uint16_t *y = gpuCaseHost(&c, count, sizeof(uint16_t));
  float *got = gpuCaseHost(&c, outCount, sizeof(float));
  float *want = gpuCaseHost(&c, outCount, sizeof(float));
  if (!gpuCaseKernel(&c, "rms_norm", kernelName, &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(13);
  for (size_t i = 0; i < count; ++i)
    x[i] = gpuFloatToHalfType(
        type, (int)(i % stride) < cols ? 3.0f * gpuRandomNormal(&random) : NAN);
  for (int j = 0; j < cols; ++j)
    w[j] = gpuFloatToHalfType(type, 1.0f + 0.2f * gpuRandomNormal(&random));
  for (int r = 0; r < rows; ++r) {
    const uint16_t *row = x + (size_t)r * stride;
    double squares = 0;
    for (int j = 0; j < cols; ++j)
      squares += (double)gpuHalfTypeToFloat(type, row[j]) *
                 gpuHalfTypeToFloat(type, row[j]);
    double rstd = 1.0 / sqrt(squares / cols + eps);
    for (int j = 0; j < cols; ++j) {
      double value = gpuHalfTypeToFloat(type, row[j]) * rstd *
                     gpuHalfTypeToFloat(type, w[j]);
      want[(size_t)r * cols + j] = gpuHalfTypeToFloat(
          type, gpuFloatToHalfType(type, (float)value));
    }
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, count * sizeof(uint16_t));
  TileDevicePtr dy = gpuCaseOutput(&c, count * sizeof(uint16_t));
  TileDevicePtr dw = gpuCaseUpload(&c, w, cols * sizeof(uint16_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dy);
  gpuArgPointer(&c, dw);
  gpuArgI32(&c, stride);
  gpuArgI32(&c, cols);
  gpuArgF32(&c, eps);
  if (!gpuCaseLaunch(&c, &kernel, (unsigned)rows, 1, 1) ||
      !gpuCaseDownload(&c, y, dy, count * sizeof(uint16_t)) ||
      !unpackHalfRows(&c, type, y, rows, cols, stride, got))
    goto done;
  /* fp32 math, then one rounding: about an ulp of the output type. */
  gpuCaseCompareRounded(&c, type, got, want, outCount);
done:
  gpuCaseEnd(&c);
}

static void runCases(GpuTest *test) {
  testSoftmax(test);
  testLayerNorm(test);
  testRmsNorm(test, GPU_F16);
  testRmsNorm(test, GPU_BF16);
}

int main(int argc, char **argv) {
  return gpuTestMain("gpu_norms_test", argc, argv, runCases);
}
