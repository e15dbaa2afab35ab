/*===- gpu_dequant_test.c - dequantization example kernels on the GPU -----===*
 *
 * Runs Q8 dequantization with one fp16 scale per row and per group
 * (examples/dequant_q8.mlir) and Q4 dequantization with two nibbles per
 * byte and per-group fp16 scales (examples/dequant_q4.mlir) on ragged sizes
 * (an odd value count for Q4, so the last byte's high nibble is padding).
 * An int8 (or int4) value times an fp16 scale is exact in fp32, so every
 * output must equal the correctly rounded fp16 product bit for bit.
 *
 *===----------------------------------------------------------------------===*/

#include "gpu_test.h"

#include <stdio.h>

static unsigned blocksOf(int count, int block) {
  return (unsigned)((count + block - 1) / block);
}

/* Random scales, positive and negative, over a few binades. */
static void fillScales(uint16_t *scales, int count, GpuRandom *random) {
  for (int i = 0; i < count; ++i) {
    float magnitude = gpuRandomUniform(random, 1e-3f, 0.2f);
    scales[i] = gpuFloatToHalf(i % 5 == 4 ? -magnitude : magnitude);
  }
}

/* The fp16 value nearest to q * scale, as a float. */
static float dequantized(int q, uint16_t scale) {
  return gpuHalfToFloat(gpuFloatToHalf((float)q * gpuHalfToFloat(scale)));
}

static void testQ8Row(GpuTest *test) {
  int rows = test->small ? 100 : 1000, cols = 2500, qStride = 2560;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "dequant_q8_row f16 rows=%d cols=%d", rows,
                    cols))
    return;
  size_t qCount = (size_t)rows * qStride, outCount = (size_t)rows * cols;
  GpuKernel kernel;
  int8_t *q = gpuCaseHost(&c, qCount, sizeof(int8_t));
  uint16_t *scales = gpuCaseHost(&c, rows, sizeof(uint16_t));
  float *got = gpuCaseHost(&c, outCount, sizeof(float));
  float *want = gpuCaseHost(&c, outCount, sizeof(float));
  if (!gpuCaseKernel(&c, "dequant_q8", "dequant_q8_row_f16", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(31);
  for (size_t i = 0; i < qCount; ++i)
    q[i] = (int8_t)gpuRandomInt(&random, -128, 128);
  fillScales(scales, rows, &random);
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < cols; ++j)
      want[(size_t)r * cols + j] =
          dequantized(q[(size_t)r * qStride + j], scales[r]);
  TileDevicePtr dq = gpuCaseUpload(&c, q, qCount);
  TileDevicePtr dscales = gpuCaseUpload(&c, scales, rows * sizeof(uint16_t));
  TileDevicePtr dout = gpuCaseOutput(&c, outCount * sizeof(uint16_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dq);
  gpuArgPointer(&c, dscales);
  gpuArgPointer(&c, dout);
  gpuArgI32(&c, cols);
  gpuArgI32(&c, qStride);
  gpuArgI32(&c, cols);
  if (!gpuCaseLaunch(&c, &kernel, (unsigned)rows, blocksOf(cols, 1024), 1) ||
      !gpuCaseDownloadHalves(&c, GPU_F16, got, dout, outCount))
    goto done;
  gpuCaseCompareFloats(&c, NULL, got, want, outCount, 0, 0);
done:
  gpuCaseEnd(&c);
}

static void testQ8Group(GpuTest *test) {
  int n = test->small ? 100003 : 1000003, groupSize = 128;
  int groups = (n + groupSize - 1) / groupSize;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "dequant_q8_group f16 n=%d group=%d", n,
                    groupSize))
    return;
  GpuKernel kernel;
  int8_t *q = gpuCaseHost(&c, n, sizeof(int8_t));
  uint16_t *scales = gpuCaseHost(&c, groups, sizeof(uint16_t));
  float *got = gpuCaseHost(&c, n, sizeof(float));
  float *want = gpuCaseHost(&c, n, sizeof(float));
  if (!gpuCaseKernel(&c, "dequant_q8", "dequant_q8_group_f16", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(32);
  for (int i = 0; i < n; ++i)
    q[i] = (int8_t)gpuRandomInt(&random, -128, 128);
  fillScales(scales, groups, &random);
  for (int i = 0; i < n; ++i)
    want[i] = dequantized(q[i], scales[i / groupSize]);
  TileDevicePtr dq = gpuCaseUpload(&c, q, n);
  TileDevicePtr dscales =
      gpuCaseUpload(&c, scales, groups * sizeof(uint16_t));
  TileDevicePtr dout = gpuCaseOutput(&c, n * sizeof(uint16_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dq);
  gpuArgPointer(&c, dscales);
  gpuArgPointer(&c, dout);
  gpuArgI32(&c, n);
  gpuArgI32(&c, groupSize);
  if (!gpuCaseLaunch(&c, &kernel, blocksOf(n, 1024), 1, 1) ||
      !gpuCaseDownloadHalves(&c, GPU_F16, got, dout, n))
    goto done;
  gpuCaseCompareFloats(&c, NULL, got, want, n, 0, 0);
done:
  gpuCaseEnd(&c);
}

static void testQ4Group(GpuTest *test) {
  /* Odd, so the high nibble of the last byte is padding. */
  int n = test->small ? 100003 : 1000003, groupSize = 32;
  int bytes = (n + 1) / 2, groups = (n + groupSize - 1) / groupSize;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "dequant_q4_group f16 n=%d group=%d", n,
                    groupSize))
    return;
  GpuKernel kernel;
  uint8_t *packed = gpuCaseHost(&c, bytes, sizeof(uint8_t));
  uint16_t *scales = gpuCaseHost(&c, groups, sizeof(uint16_t));
  float *got = gpuCaseHost(&c, n, sizeof(float));
  float *want = gpuCaseHost(&c, n, sizeof(float));
  if (!gpuCaseKernel(&c, "dequant_q4", "dequant_q4_group_f16", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(33);
  /* Every byte value appears, so sign extension of the i8 shift would show. */
  for (int j = 0; j < bytes; ++j)
    packed[j] = (uint8_t)gpuRandomNext(&random);
  fillScales(scales, groups, &random);
  for (int i = 0; i < n; ++i) {
    int nibble = i % 2 == 0 ? packed[i / 2] & 0xf : packed[i / 2] >> 4;
    want[i] = dequantized(nibble - 8, scales[i / groupSize]);
  }
  TileDevicePtr dq = gpuCaseUpload(&c, packed, bytes);
  TileDevicePtr dscales =
      gpuCaseUpload(&c, scales, groups * sizeof(uint16_t));
  TileDevicePtr dout = gpuCaseOutput(&c, n * sizeof(uint16_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dq);
  gpuArgPointer(&c, dscales);
  gpuArgPointer(&c, dout);
  gpuArgI32(&c, n);
  gpuArgI32(&c, groupSize);
  if (!gpuCaseLaunch(&c, &kernel, blocksOf(n, 2048), 1, 1) ||
      !gpuCaseDownloadHalves(&c, GPU_F16, got, dout, n))
    goto done;
  gpuCaseCompareFloats(&c, NULL, got, want, n, 0, 0);
done:
  gpuCaseEnd(&c);
}

int main(int argc, char **argv) {
  GpuTest test;
  int status = gpuTestBegin(&test, "gpu_dequant_test", argc, argv);
  if (status)
    return status;
  testQ8Row(&test);
  testQ8Group(&test);
  testQ4Group(&test);
  return gpuTestEnd(&test);
}
