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

/* One dequantization case: its kernel, host buffers and their sizes, and
 * the fp16 output on the device. */
typedef struct DequantCase {
  GpuKernel kernel;
  void *quantized; /* int8 values, or int4 pairs packed into bytes */
  size_t quantizedBytes;
  uint16_t *scales;
  size_t scaleCount;
  float *got, *want;
  size_t outCount;
  TileDevicePtr out;
} DequantCase;

/* Allocates the case's host buffers and loads its kernel. Returns false
 * when the case failed. */
static bool dequantCaseLoad(GpuCase *c, DequantCase *d, const char *example,
                            const char *kernelName, size_t quantizedBytes,
                            size_t scaleCount, size_t outCount) {
  d->quantizedBytes = quantizedBytes;
  d->scaleCount = scaleCount;
  d->outCount = outCount;
  d->quantized = gpuCaseHost(c, quantizedBytes, sizeof(uint8_t));
  d->scales = gpuCaseHost(c, scaleCount, sizeof(uint16_t));
  d->got = gpuCaseHost(c, outCount, sizeof(float));
  d->want = gpuCaseHost(c, outCount, sizeof(float));
  return gpuCaseKernel(c, example, kernelName, &d->kernel);
}

/* Uploads the quantized values and scales, makes the fp16 output and starts
 * the launch's arguments with (quantized, scales, out); the caller appends
 * the sizes. */
static void dequantCaseUpload(GpuCase *c, DequantCase *d) {
  TileDevicePtr quantized = gpuCaseUpload(c, d->quantized, d->quantizedBytes);
  TileDevicePtr scales =
      gpuCaseUpload(c, d->scales, d->scaleCount * sizeof(uint16_t));
  d->out = gpuCaseOutput(c, d->outCount * sizeof(uint16_t));
  gpuArgsBegin(c);
  gpuArgPointer(c, quantized);
  gpuArgPointer(c, scales);
  gpuArgPointer(c, d->out);
}

/* Launches the kernel on grid (x, y) and checks that every output equals
 * its reference bit for bit. */
static void dequantCaseCheck(GpuCase *c, DequantCase *d, unsigned gridX,
                             unsigned gridY) {
  if (gpuCaseLaunch(c, &d->kernel, gridX, gridY, 1) &&
      gpuCaseDownloadHalves(c, GPU_F16, d->got, d->out, d->outCount))
    gpuCaseCompareFloats(c, NULL, d->got, d->want, d->outCount, 0, 0);
}

static void testQ8Row(GpuTest *test) {
  int rows = test->small ? 100 : 1000, cols = 2500, qStride = 2560;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "dequant_q8_row f16 rows=%d cols=%d", rows,
                    cols))
    return;
  size_t qCount = (size_t)rows * qStride, outCount = (size_t)rows * cols;
  DequantCase d;
  if (!dequantCaseLoad(&c, &d, "dequant_q8", "dequant_q8_row_f16", qCount,
                       rows, outCount))
    goto done;
  int8_t *q = d.quantized;
  GpuRandom random = gpuRandomCreate(31);
  for (size_t i = 0; i < qCount; ++i)
    q[i] = (int8_t)gpuRandomInt(&random, -128, 128);
  fillScales(d.scales, rows, &random);
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < cols; ++j)
      d.want[(size_t)r * cols + j] =
          dequantized(q[(size_t)r * qStride + j], d.scales[r]);
  dequantCaseUpload(&c, &d);
  gpuArgI32(&c, cols);
  gpuArgI32(&c, qStride);
  gpuArgI32(&c, cols);
  dequantCaseCheck(&c, &d, (unsigned)rows, gpuBlocksOf(cols, 1024));
done:
  gpuCaseEnd(&c);
}

/* Value i of `bits`-bit quantized values: int8, or int4 packed two a byte
 * (low nibble first) with a bias of 8. */
static int quantizedValue(const uint8_t *packed, int bits, int i) {
  if (bits == 8)
    return (int8_t)packed[i];
  int nibble = i % 2 == 0 ? packed[i / 2] & 0xf : packed[i / 2] >> 4;
  return nibble - 8;
}

/* Dequantizes `bits`-bit values with one fp16 scale per `groupSize` values,
 * `valuesPerBlock` values a program. */
static void testGroup(GpuTest *test, int bits, int groupSize,
                      int valuesPerBlock, uint64_t seed) {
  /* Odd, so the high nibble of the last byte of Q4 is padding. */
  int n = test->small ? 100003 : 1000003;
  int bytes = bits == 8 ? n : (n + 1) / 2;
  int groups = (n + groupSize - 1) / groupSize;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "dequant_q%d_group f16 n=%d group=%d", bits, n,
                    groupSize))
    return;
  char example[16], kernelName[32];
  snprintf(example, sizeof(example), "dequant_q%d", bits);
  snprintf(kernelName, sizeof(kernelName), "dequant_q%d_group_f16", bits);
  DequantCase d;
  if (!dequantCaseLoad(&c, &d, example, kernelName, bytes, groups, n))
    goto done;
  uint8_t *packed = d.quantized;
  GpuRandom random = gpuRandomCreate(seed);
  /* Q4: every byte value appears, so sign extension of the i8 shift would
   * show. */
  for (int j = 0; j < bytes; ++j)
    packed[j] = bits == 8 ? (uint8_t)gpuRandomInt(&random, -128, 128)
                          : (uint8_t)gpuRandomNext(&random);
  fillScales(d.scales, groups, &random);
  for (int i = 0; i < n; ++i)
    d.want[i] = dequantized(quantizedValue(packed, bits, i),
                            d.scales[i / groupSize]);
  dequantCaseUpload(&c, &d);
  gpuArgI32(&c, n);
  gpuArgI32(&c, groupSize);
  dequantCaseCheck(&c, &d, gpuBlocksOf(n, valuesPerBlock), 1);
done:
  gpuCaseEnd(&c);
}

static void runCases(GpuTest *test) {
  testQ8Row(test);
  /* Bits, values per scale, values per program, seed. */
  testGroup(test, 8, 128, 1024, 32);
  testGroup(test, 4, 32, 2048, 33);
}

int main(int argc, char **argv) {
  return gpuTestMain("gpu_dequant_test", argc, argv, runCases);
}
