/*===- gpu_elementwise_test.c - elementwise example kernels on the GPU ----===*
 *
 * Runs vector add (examples/vector_add.mlir, fp32; vector_add_half.mlir,
 * fp16 and bf16), GELU (gelu.mlir: tanh and erf forms, fp32 and fp16) and
 * SiLU-and-mul (silu_and_mul.mlir, fp16 and bf16) on sizes that are not a
 * multiple of the 1024-element block, and compares each with a reference
 * computed here in double precision from the same rounded inputs.
 *
 *===----------------------------------------------------------------------===*/

#include "gpu_test.h"

#include <math.h>
#include <stdio.h>

/* Element counts: a prime, so every launch has a ragged last block. */
static int vectorLength(const GpuTest *test) {
  return test->small ? 100003 : 1000003;
}

static void testVectorAddF32(GpuTest *test) {
  int n = vectorLength(test);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "vector_add f32 n=%d", n))
    return;
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, n, sizeof(float));
  float *y = gpuCaseHost(&c, n, sizeof(float));
  float *got = gpuCaseHost(&c, n, sizeof(float));
  float *want = gpuCaseHost(&c, n, sizeof(float));
  if (!gpuCaseKernel(&c, "vector_add", "add_kernel", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(1);
  for (int i = 0; i < n; ++i) {
    x[i] = gpuRandomNormal(&random);
    y[i] = gpuRandomNormal(&random);
    want[i] = x[i] + y[i];
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, n * sizeof(float));
  TileDevicePtr dy = gpuCaseUpload(&c, y, n * sizeof(float));
  TileDevicePtr dz = gpuCaseOutput(&c, n * sizeof(float));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dy);
  gpuArgPointer(&c, dz);
  gpuArgI32(&c, n);
  if (gpuCaseLaunch(&c, &kernel, gpuBlocksOf(n, 1024), 1, 1) &&
      gpuCaseDownload(&c, got, dz, n * sizeof(float)))
    gpuCaseCompareFloats(&c, NULL, got, want, n, 0, 1e-6);
done:
  gpuCaseEnd(&c);
}

static void testVectorAddHalf(GpuTest *test, GpuHalfType type) {
  int n = vectorLength(test);
  const char *typeName = gpuHalfTypeName(type);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "vector_add %s n=%d", typeName, n))
    return;
  char kernelName[64];
  snprintf(kernelName, sizeof(kernelName), "add_kernel_%s", typeName);
  GpuKernel kernel;
  uint16_t *x = gpuCaseHost(&c, n, sizeof(uint16_t));
  uint16_t *y = gpuCaseHost(&c, n, sizeof(uint16_t));
  float *got = gpuCaseHost(&c, n, sizeof(float));
  float *want = gpuCaseHost(&c, n, sizeof(float));
  if (!gpuCaseKernel(&c, "vector_add_half", kernelName, &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(2);
  for (int i = 0; i < n; ++i) {
    x[i] = gpuFloatToHalfType(type, gpuRandomNormal(&random));
    y[i] = gpuFloatToHalfType(type, gpuRandomNormal(&random));
    /* The exact sum of two halves fits a double; round it once. */
    double sum = (double)gpuHalfTypeToFloat(type, x[i]) +
                 (double)gpuHalfTypeToFloat(type, y[i]);
    want[i] = gpuHalfTypeToFloat(type, gpuFloatToHalfType(type, (float)sum));
  }
  size_t bytes = n * sizeof(uint16_t);
  TileDevicePtr dx = gpuCaseUpload(&c, x, bytes);
  TileDevicePtr dy = gpuCaseUpload(&c, y, bytes);
  TileDevicePtr dz = gpuCaseOutput(&c, bytes);
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dy);
  gpuArgPointer(&c, dz);
  gpuArgI32(&c, n);
  if (!gpuCaseLaunch(&c, &kernel, gpuBlocksOf(n, 1024), 1, 1) ||
      !gpuCaseDownloadHalves(&c, type, got, dz, n))
    goto done;
  /* One rounding of the sum: within half an ulp, 2^-11 (fp16) or 2^-8
   * (bf16) relative. */
  if (type == GPU_F16)
    gpuCaseCompareFloats(&c, NULL, got, want, n, 1e-6, 1e-3);
  else
    gpuCaseCompareFloats(&c, NULL, got, want, n, 1e-6, 1e-2);
done:
  gpuCaseEnd(&c);
}

typedef enum GeluForm { GELU_TANH, GELU_ERF } GeluForm;

static double geluReference(GeluForm form, double x) {
  if (form == GELU_TANH)
    return 0.5 * x *
           (1.0 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
  return 0.5 * x * (1.0 + erf(x * 0.7071067811865476));
}

/* GELU in fp32 (isHalf false) or fp16. */
static void testGelu(GpuTest *test, GeluForm form, bool isHalf) {
  int n = vectorLength(test);
  const char *formName = form == GELU_TANH ? "tanh" : "erf";
  const char *typeName = isHalf ? "f16" : "f32";
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "gelu_%s %s n=%d", formName, typeName, n))
    return;
  char kernelName[64];
  snprintf(kernelName, sizeof(kernelName), "gelu_%s_%s", formName, typeName);
  size_t elementSize = isHalf ? sizeof(uint16_t) : sizeof(float);
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, n, sizeof(float));
  uint16_t *xHalf = gpuCaseHost(&c, n, sizeof(uint16_t));
  void *out = gpuCaseHost(&c, n, elementSize);
  float *got = gpuCaseHost(&c, n, sizeof(float));
  float *want = gpuCaseHost(&c, n, sizeof(float));
  if (!gpuCaseKernel(&c, "gelu", kernelName, &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(3);
  for (int i = 0; i < n; ++i) {
    /* Mostly N(0, 2), with some large values where tanh and erf saturate. */
    float value = i % 97 == 0 ? gpuRandomUniform(&random, -30.0f, 30.0f)
                              : 2.0f * gpuRandomNormal(&random);
    if (isHalf) {
      xHalf[i] = gpuFloatToHalf(value);
      value = gpuHalfToFloat(xHalf[i]);
    }
    x[i] = value;
    double reference = geluReference(form, value);
    want[i] = isHalf ? gpuHalfToFloat(gpuFloatToHalf((float)reference))
                     : (float)reference;
  }
  TileDevicePtr dx = gpuCaseUpload(&c, isHalf ? (void *)xHalf : (void *)x,
                                   n * elementSize);
  TileDevicePtr dy = gpuCaseOutput(&c, n * elementSize);
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dy);
  gpuArgI32(&c, n);
  if (!gpuCaseLaunch(&c, &kernel, gpuBlocksOf(n, 1024), 1, 1) ||
      !gpuCaseDownload(&c, out, dy, n * elementSize))
    goto done;
  for (int i = 0; i < n; ++i)
    got[i] = isHalf ? gpuHalfToFloat(((uint16_t *)out)[i]) : ((float *)out)[i];
  /* fp32: a few ulp of libdevice (or fast exp2-based) tanh/erf, amplified
   * where 1 + tanh cancels; fp16: the final rounding dominates. */
  if (isHalf)
    gpuCaseCompareFloats(&c, NULL, got, want, n, 1e-3, 2e-3);
  else
    gpuCaseCompareFloats(&c, NULL, got, want, n, 1e-5, 1e-4);
done:
  gpuCaseEnd(&c);
}

static void testSiluAndMul(GpuTest *test, GpuHalfType type) {
  int rows = test->small ? 100 : 1000;
  int d = 781;
  const char *typeName = gpuHalfTypeName(type);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "silu_and_mul %s rows=%d d=%d", typeName, rows,
                    d))
    return;
  char kernelName[64];
  snprintf(kernelName, sizeof(kernelName), "silu_and_mul_%s", typeName);
  /* Each input row holds the gate and the up projection, 2 * d values; rows
   * are padded to 2 * d + 6 with NaN, which a masked kernel never reads. */
  int xStride = 2 * d + 6;
  size_t xCount = (size_t)rows * xStride, outCount = (size_t)rows * d;
  GpuKernel kernel;
  uint16_t *x = gpuCaseHost(&c, xCount, sizeof(uint16_t));
  float *got = gpuCaseHost(&c, outCount, sizeof(float));
  float *want = gpuCaseHost(&c, outCount, sizeof(float));
  if (!gpuCaseKernel(&c, "silu_and_mul", kernelName, &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(4);
  for (size_t i = 0; i < xCount; ++i)
    x[i] = (int)(i % xStride) < 2 * d
               ? gpuFloatToHalfType(type, 3.0f * gpuRandomNormal(&random))
               : gpuFloatToHalfType(type, NAN);
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < d; ++j) {
      double gate = gpuHalfTypeToFloat(type, x[(size_t)r * xStride + j]);
      double up = gpuHalfTypeToFloat(type, x[(size_t)r * xStride + d + j]);
      double value = gate / (1.0 + exp(-gate)) * up;
      want[(size_t)r * d + j] = gpuHalfTypeToFloat(
          type, gpuFloatToHalfType(type, (float)value));
    }
  TileDevicePtr dx = gpuCaseUpload(&c, x, xCount * sizeof(uint16_t));
  TileDevicePtr dout = gpuCaseOutput(&c, outCount * sizeof(uint16_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dout);
  gpuArgI32(&c, d);
  gpuArgI32(&c, xStride);
  gpuArgI32(&c, d);
  if (!gpuCaseLaunch(&c, &kernel, (unsigned)rows, gpuBlocksOf(d, 1024), 1) ||
      !gpuCaseDownloadHalves(&c, type, got, dout, outCount))
    goto done;
  gpuCaseCompareRounded(&c, type, got, want, outCount);
done:
  gpuCaseEnd(&c);
}

static void runCases(GpuTest *test) {
  testVectorAddF32(test);
  testVectorAddHalf(test, GPU_F16);
  testVectorAddHalf(test, GPU_BF16);
  testGelu(test, GELU_TANH, false);
  testGelu(test, GELU_TANH, true);
  testGelu(test, GELU_ERF, false);
  testGelu(test, GELU_ERF, true);
  testSiluAndMul(test, GPU_F16);
  testSiluAndMul(test, GPU_BF16);
}

int main(int argc, char **argv) {
  return gpuTestMain("gpu_elementwise_test", argc, argv, runCases);
}
