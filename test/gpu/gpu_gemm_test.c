/*===- gpu_gemm_test.c - GEMM kernels of every dtype and layout -----------===*
 *
 * Runs the GEMM examples (examples/gemm_*.mlir) on sizes that are not
 * multiples of the tiles and compares with a reference summed in double on
 * the CPU:
 *
 *   gemm_f16        fp16 in, fp32 accumulation, fp16 out (mma.sync)
 *   gemm_f16_acc16  fp16 in, fp16 accumulation and out (mma.sync f16.f16)
 *   gemm_bf16       bf16 in, fp32 accumulation, bf16 out (mma.sync)
 *   gemm_tf32       fp32 in with inputPrecision = tf32 (mma.sync .tf32)
 *   gemm_tf32x3     fp32 in with inputPrecision = tf32x3 (three mma.sync
 *                   .tf32 per step on big/small splits: near-fp32 results)
 *   gemm_f32_ieee   fp32 in with inputPrecision = ieee (FMA, exact fp32)
 *   gemm_i8         int8 in, int32 accumulation and out (mma.sync .s8)
 *   gemm_fp8        f8E4M3FN in, fp32 accumulation, fp16 out (mma.sync
 *                   .e4m3, sm_90a only: fp8 tensor cores need sm_89)
 *   gemm_fp8_mixed  f8E4M3FN A, f8E5M2 B, as gemm_fp8 (.e4m3.e5m2)
 *   gemm_batched    fp16 batched GEMM, program id y = batch
 *   gemm_epilogue   act(A * B + bias[n]) to fp16/bf16, act = GELU or SiLU
 *   gemm_block_ptr_f16  as gemm_f16 through block pointers (make_tensor_ptr,
 *                   advance, boundary-checked loads and store), 64x64 tiles
 *   gemm_contiguous_{f16,bf16,f16_wide,i8}, gemm_contiguous_fp8
 *                   as gemm_f16, gemm_bf16, gemm_i8 and gemm_fp8 (f16_wide:
 *                   a 128x256 tile), specialized as Triton's JIT does for
 *                   row-major operands: unit strides are constants and the
 *                   rest is hinted divisible by 16, so their K loops are
 *                   the pipelined path (cp.async rings, prefetched K slices)
 *
 * Every other kernel takes its strides as arguments, so the same kernel
 * runs A stored transposed (K x M), B stored transposed (N x K) and operands
 * with padded leading dimensions; the padding of C must stay untouched. The
 * contiguous kernels run row-major operands only, on sizes and leading
 * dimensions that are multiples of 16 (their hints) but not of the tiles,
 * padded by 16 elements too.
 *
 * Tolerances: int8 is exact. Float outputs allow the error of their last
 * rounding plus the error of the accumulation, which grows with K:
 *   fp16 out (fp32 acc): 2e-3 + 2e-3 * |want| (one fp16 ulp is <= 2^-10 of
 *     the value; fp32 sums can flip the last rounding);
 *   bf16 out: 1e-2 + 1e-2 * |want| (one bf16 ulp is <= 2^-7);
 *   fp16 accumulator: 1e-2 * sqrt(K / 16) + 1e-2 * |want| (one fp16
 *     rounding of the running sum per m16n8k16 step);
 *   tf32 with inputs that have 10 mantissa bits (exact products): 2e-6 * K,
 *     i.e. fp32 summation only; with arbitrary fp32 inputs, which the tensor
 *     cores cut to tf32: 8e-3 * sqrt(K / 16) + 2e-3 * |want|;
 *   ieee fp32, and tf32x3 on arbitrary fp32 inputs: 1e-6 * K + 1e-5 *
 *     |want| (plain tf32 on the same inputs errs by ~1e-3 * sqrt(K), far
 *     outside it; tf32x3 drops only small * small, ~2^-22 of a product);
 *   fp8 (exact products, fp32 accumulation, fp16 out): 4e-3 * sqrt(K / 16)
 *     + 2e-3 * |want| (fp16's last rounding, and room for the reduced
 *     accumulation precision Hopper's fp8 tensor cores are known for);
 *   epilogues: as the output type, plus 3e-3 for the activation's math.
 * Inputs are uniform in [-1, 1) rounded to the input type (int8: the full
 * range [-128, 127], whose sums still fit int32 exactly; fp8: rounded on
 * the CPU to nearest even, and the reference sums the fp8 values).
 *
 *===----------------------------------------------------------------------===*/

#include "gpu_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The element types the kernels read and write. ELEMENT_TF32 is fp32 data
 * whose values keep only 10 mantissa bits (what tf32 tensor cores see). */
typedef enum ElementType {
  ELEMENT_F16,
  ELEMENT_BF16,
  ELEMENT_F32,
  ELEMENT_TF32,
  ELEMENT_I8,
  ELEMENT_I32,
  ELEMENT_E4M3,
  ELEMENT_E5M2,
  ELEMENT_E4M3_E5M2, /* a kernel's inputs: f8E4M3FN A, f8E5M2 B */
} ElementType;

typedef enum Activation { ACTIVATION_NONE, ACTIVATION_GELU, ACTIVATION_SILU } Activation;

/* One GEMM kernel and how to check it. */
typedef struct GemmKernelSpec {
  const char *example;
  const char *kernel;
  ElementType input;
  ElementType output;
  int tileM, tileN;
  bool batched;
  Activation activation;
  /* examples/gemm_contiguous*.mlir: takes a, b, c, M, N, K, stride_am,
   * stride_bk, stride_cm (the unit strides are constants of the kernel). */
  bool contiguous;
} GemmKernelSpec;

/* One problem: sizes, how A and B are stored, and the inputs. */
typedef struct GemmShape {
  int batch, m, n, k;
  bool transposeA; /* A stored K x M */
  bool transposeB; /* B stored N x K */
  int padding;     /* extra elements at the end of every row of A, B and C */
  /* For a tf32 kernel: inputs are arbitrary fp32 values instead of values
   * with 10 mantissa bits. */
  bool fullF32Inputs;
} GemmShape;

static size_t elementSize(ElementType type) {
  switch (type) {
  case ELEMENT_F16:
  case ELEMENT_BF16:
    return 2;
  case ELEMENT_I8:
  case ELEMENT_E4M3:
  case ELEMENT_E5M2:
  case ELEMENT_E4M3_E5M2:
    return 1;
  default:
    return 4;
  }
}

/* The element types of A and B: the kernel's input, but for mixed fp8. */
static ElementType inputTypeOfA(const GemmKernelSpec *spec) {
  return spec->input == ELEMENT_E4M3_E5M2 ? ELEMENT_E4M3 : spec->input;
}

static ElementType inputTypeOfB(const GemmKernelSpec *spec) {
  return spec->input == ELEMENT_E4M3_E5M2 ? ELEMENT_E5M2 : spec->input;
}

/* Rounds an fp32 value to 10 mantissa bits (nearest, ties to even). */
static float roundToTf32(float value) {
  uint32_t bits;
  memcpy(&bits, &value, sizeof(bits));
  if ((bits & 0x7f800000) != 0x7f800000)
    bits = (bits + 0xfff + ((bits >> 13) & 1)) & ~0x1fffu;
  memcpy(&value, &bits, sizeof(value));
  return value;
}

/* Draws one input element: stores it at `slot` in the kernel's type (exactly
 * elementSize(type) bytes) and returns the value the kernel will see. `type`
 * is the type of one buffer: ELEMENT_E4M3_E5M2 names a kernel's pair of
 * inputs, not an element, so callers pass inputTypeOfA/B of it. */
static float drawInput(GpuRandom *random, ElementType type, bool fullF32,
                       void *slot) {
  if (type == ELEMENT_I8) {
    int8_t value = (int8_t)gpuRandomInt(random, -128, 128);
    memcpy(slot, &value, 1);
    return value;
  }
  float value = gpuRandomUniform(random, -1.0f, 1.0f);
  uint16_t half;
  uint8_t byte;
  switch (type) {
  case ELEMENT_E4M3:
    byte = gpuFloatToE4M3(value);
    memcpy(slot, &byte, 1);
    return gpuE4M3ToFloat(byte);
  case ELEMENT_E5M2:
    byte = gpuFloatToE5M2(value);
    memcpy(slot, &byte, 1);
    return gpuE5M2ToFloat(byte);
  case ELEMENT_F16:
    half = gpuFloatToHalf(value);
    memcpy(slot, &half, 2);
    return gpuHalfToFloat(half);
  case ELEMENT_BF16:
    half = gpuFloatToBFloat16(value);
    memcpy(slot, &half, 2);
    return gpuBFloat16ToFloat(half);
  case ELEMENT_TF32:
    if (!fullF32)
      value = roundToTf32(value);
    memcpy(slot, &value, 4);
    return value;
  case ELEMENT_F32:
    memcpy(slot, &value, 4);
    return value;
  case ELEMENT_I8:
  case ELEMENT_I32:
  case ELEMENT_E4M3_E5M2:
    break;
  }
  /* Not the type of an input buffer: a bug in this test. Storing 4 bytes
   * here once overran the 1-byte elements of gemm_fp8_mixed's bias. */
  fprintf(stderr, "gpu_gemm_test: drawInput got element type %d\n", (int)type);
  abort();
}

/* Rounds a reference value to the output type, as the kernel's store does. */
static float roundToOutput(ElementType type, double value) {
  switch (type) {
  case ELEMENT_F16:
    return gpuHalfToFloat(gpuFloatToHalf((float)value));
  case ELEMENT_BF16:
    return gpuBFloat16ToFloat(gpuFloatToBFloat16((float)value));
  default:
    return (float)value;
  }
}

/* Reads output element `index` of `buffer` as a float. */
static float outputValue(ElementType type, const void *buffer, size_t index) {
  uint16_t half;
  float value;
  switch (type) {
  case ELEMENT_F16:
    memcpy(&half, (const char *)buffer + 2 * index, 2);
    return gpuHalfToFloat(half);
  case ELEMENT_BF16:
    memcpy(&half, (const char *)buffer + 2 * index, 2);
    return gpuBFloat16ToFloat(half);
  default:
    memcpy(&value, (const char *)buffer + 4 * index, 4);
    return value;
  }
}

/* True when output element `index` still holds the sentinel gpuCaseOutput
 * filled the buffer with (NaN in every float type, so its bits read as NaN
 * at any width). */
static bool isSentinel(ElementType type, const void *buffer, size_t index) {
  if (elementSize(type) == 2) {
    uint16_t bits;
    memcpy(&bits, (const char *)buffer + 2 * index, 2);
    return isnan(gpuHalfToFloat(bits));
  }
  float value;
  memcpy(&value, (const char *)buffer + 4 * index, 4);
  return isnan(value);
}

static double activate(Activation activation, double x) {
  switch (activation) {
  case ACTIVATION_GELU:
    return 0.5 * x *
           (1.0 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
  case ACTIVATION_SILU:
    return x / (1.0 + exp(-x));
  default:
    return x;
  }
}

/* The tolerance of a float output (see the file comment). */
static void toleranceFor(const GemmKernelSpec *spec, const GemmShape *shape,
                         double *absTolerance, double *relTolerance) {
  double k = shape->k, steps = sqrt(k / 16.0 > 1 ? k / 16.0 : 1);
  if (spec->input == ELEMENT_TF32) {
    *absTolerance = shape->fullF32Inputs ? 8e-3 * steps : 2e-6 * k;
    *relTolerance = shape->fullF32Inputs ? 2e-3 : 1e-5;
  } else if (spec->input == ELEMENT_F32) {
    *absTolerance = 1e-6 * k;
    *relTolerance = 1e-5;
  } else if (spec->input == ELEMENT_E4M3 || spec->input == ELEMENT_E4M3_E5M2) {
    *absTolerance = 4e-3 * steps;
    *relTolerance = 2e-3;
  } else if (spec->output == ELEMENT_BF16) {
    *absTolerance = 1e-2;
    *relTolerance = 1e-2;
  } else if (!strcmp(spec->kernel, "gemm_f16_acc16")) {
    *absTolerance = 1e-2 * steps;
    *relTolerance = 1e-2;
  } else {
    *absTolerance = 2e-3;
    *relTolerance = 2e-3;
  }
  if (spec->activation != ACTIVATION_NONE)
    *absTolerance += 3e-3;
}

/* Strides, in elements, of one stored operand: `rows` x `cols` logically,
 * stored transposed or not, each stored row padded. */
typedef struct Storage {
  int strideRow, strideCol; /* of the logical row and column index */
  size_t matrixElements;    /* one matrix of the batch */
} Storage;

static Storage storageOf(int rows, int cols, bool transposed, int padding) {
  Storage storage;
  if (transposed) {
    storage.strideRow = 1;
    storage.strideCol = rows + padding;
    storage.matrixElements = (size_t)cols * (rows + padding);
  } else {
    storage.strideRow = cols + padding;
    storage.strideCol = 1;
    storage.matrixElements = (size_t)rows * (cols + padding);
  }
  return storage;
}

/* True when a contiguous kernel can run `shape`: row-major A and B (its unit
 * strides are constants) and M, N, K and the leading dimensions multiples
 * of 16 (its divisibility hints). Anything else is a bug of this test. */
static bool fitsContiguousKernel(const GemmShape *shape) {
  return shape->batch == 1 && !shape->transposeA && !shape->transposeB &&
         shape->m % 16 == 0 && shape->n % 16 == 0 && shape->k % 16 == 0 &&
         shape->padding % 16 == 0;
}

static void testGemm(GpuTest *test, const GemmKernelSpec *spec,
                     const GemmShape *shape, uint64_t seed) {
  int batch = shape->batch, m = shape->m, n = shape->n, k = shape->k;
  char layout[64] = "", batchText[32] = "";
  snprintf(layout, sizeof(layout), "%s%s%s%s", shape->transposeA ? " A^T" : "",
           shape->transposeB ? " B^T" : "",
           shape->padding ? " padded" : "",
           shape->fullF32Inputs ? " full-f32-inputs" : "");
  if (spec->batched)
    snprintf(batchText, sizeof(batchText), " batch=%d", batch);
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "%s%s%s M=%d N=%d K=%d", spec->kernel, layout,
                    batchText, m, n, k))
    return;
  if (spec->contiguous && !fitsContiguousKernel(shape)) {
    gpuCaseFail(&c, "the shape breaks the kernel's hints: it needs row-major "
                    "A and B and M, N, K and padding multiples of 16");
    gpuCaseEnd(&c);
    return;
  }
  Storage storeA = storageOf(m, k, shape->transposeA, shape->padding);
  Storage storeB = storageOf(k, n, shape->transposeB, shape->padding);
  Storage storeC = storageOf(m, n, false, shape->padding);
  size_t inSize = elementSize(spec->input), outSize = elementSize(spec->output);
  size_t aElements = storeA.matrixElements * batch;
  size_t bElements = storeB.matrixElements * batch;
  size_t cElements = storeC.matrixElements * batch;
  size_t outCount = (size_t)batch * m * n;
  GpuKernel kernel;
  unsigned char *a = gpuCaseHost(&c, aElements, inSize);
  unsigned char *b = gpuCaseHost(&c, bElements, inSize);
  unsigned char *bias = gpuCaseHost(&c, n, inSize);
  unsigned char *out = gpuCaseHost(&c, cElements, outSize);
  /* Logical values, row-major: aValues[(p * m + i) * k + kk],
   * bValues[(p * k + kk) * n + j]. */
  float *aValues = gpuCaseHost(&c, (size_t)batch * m * k, sizeof(float));
  float *bValues = gpuCaseHost(&c, (size_t)batch * k * n, sizeof(float));
  float *biasValues = gpuCaseHost(&c, n, sizeof(float));
  double *rowSums = gpuCaseHost(&c, n, sizeof(double));
  float *got = gpuCaseHost(&c, outCount, sizeof(float));
  float *want = gpuCaseHost(&c, outCount, sizeof(float));
  int32_t *gotInts = gpuCaseHost(&c, outCount, sizeof(int32_t));
  int32_t *wantInts = gpuCaseHost(&c, outCount, sizeof(int32_t));
  if (!gpuCaseKernel(&c, spec->example, spec->kernel, &kernel))
    goto done;

  GpuRandom random = gpuRandomCreate(seed);
  for (int p = 0; p < batch; ++p) {
    for (int i = 0; i < m; ++i)
      for (int kk = 0; kk < k; ++kk) {
        size_t at = p * storeA.matrixElements + (size_t)i * storeA.strideRow +
                    (size_t)kk * storeA.strideCol;
        aValues[((size_t)p * m + i) * k + kk] =
            drawInput(&random, inputTypeOfA(spec), shape->fullF32Inputs, a + at * inSize);
      }
    for (int kk = 0; kk < k; ++kk)
      for (int j = 0; j < n; ++j) {
        size_t at = p * storeB.matrixElements + (size_t)kk * storeB.strideRow +
                    (size_t)j * storeB.strideCol;
        bValues[((size_t)p * k + kk) * n + j] =
            drawInput(&random, inputTypeOfB(spec), shape->fullF32Inputs, b + at * inSize);
      }
  }
  /* The bias is indexed by column like B, and stored in B's type (for mixed
   * fp8, f8E5M2; spec->input would name the pair, not an element). */
  for (int j = 0; j < n; ++j)
    biasValues[j] = drawInput(&random, inputTypeOfB(spec), false,
                              bias + (size_t)j * inSize);

  for (int p = 0; p < batch; ++p)
    for (int i = 0; i < m; ++i) {
      memset(rowSums, 0, n * sizeof(double));
      for (int kk = 0; kk < k; ++kk) {
        double aValue = aValues[((size_t)p * m + i) * k + kk];
        const float *bRow = bValues + ((size_t)p * k + kk) * n;
        for (int j = 0; j < n; ++j)
          rowSums[j] += aValue * bRow[j];
      }
      for (int j = 0; j < n; ++j) {
        size_t at = ((size_t)p * m + i) * n + j;
        if (spec->output == ELEMENT_I32) {
          wantInts[at] = (int32_t)rowSums[j];
          continue;
        }
        double value = rowSums[j];
        if (spec->activation != ACTIVATION_NONE)
          value = activate(spec->activation, value + biasValues[j]);
        want[at] = roundToOutput(spec->output, value);
      }
    }

  TileDevicePtr da = gpuCaseUpload(&c, a, aElements * inSize);
  TileDevicePtr db = gpuCaseUpload(&c, b, bElements * inSize);
  TileDevicePtr dbias = 0;
  if (spec->activation != ACTIVATION_NONE)
    dbias = gpuCaseUpload(&c, bias, (size_t)n * inSize);
  TileDevicePtr dc = gpuCaseOutput(&c, cElements * outSize);
  gpuArgsBegin(&c);
  gpuArgPointer(&c, da);
  gpuArgPointer(&c, db);
  gpuArgPointer(&c, dc);
  if (spec->activation != ACTIVATION_NONE)
    gpuArgPointer(&c, dbias);
  gpuArgI32(&c, m);
  gpuArgI32(&c, n);
  gpuArgI32(&c, k);
  /* A contiguous kernel has no argument for the unit strides. */
  gpuArgI32(&c, storeA.strideRow);
  if (!spec->contiguous)
    gpuArgI32(&c, storeA.strideCol);
  gpuArgI32(&c, storeB.strideRow);
  if (!spec->contiguous)
    gpuArgI32(&c, storeB.strideCol);
  gpuArgI32(&c, storeC.strideRow);
  if (!spec->contiguous)
    gpuArgI32(&c, storeC.strideCol);
  if (spec->batched) {
    gpuArgI32(&c, (int32_t)storeA.matrixElements);
    gpuArgI32(&c, (int32_t)storeB.matrixElements);
    gpuArgI32(&c, (int32_t)storeC.matrixElements);
  }
  unsigned grid = gpuBlocksOf(m, spec->tileM) * gpuBlocksOf(n, spec->tileN);
  if (!gpuCaseLaunch(&c, &kernel, grid, (unsigned)batch, 1) ||
      !gpuCaseDownload(&c, out, dc, cElements * outSize))
    goto done;

  for (int p = 0; p < batch; ++p)
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n + shape->padding; ++j) {
        size_t stored = p * storeC.matrixElements + (size_t)i * storeC.strideRow + j;
        if (j >= n) {
          if (!isSentinel(spec->output, out, stored)) {
            gpuCaseFail(&c, "the kernel wrote C's row padding at batch %d, "
                            "row %d, column %d", p, i, j);
            goto done;
          }
          continue;
        }
        size_t at = ((size_t)p * m + i) * n + j;
        if (spec->output == ELEMENT_I32)
          memcpy(&gotInts[at], out + stored * 4, 4);
        else
          got[at] = outputValue(spec->output, out, stored);
      }
  if (spec->output == ELEMENT_I32) {
    gpuCaseCompareInts(&c, NULL, gotInts, wantInts, outCount);
  } else {
    double absTolerance, relTolerance;
    toleranceFor(spec, shape, &absTolerance, &relTolerance);
    gpuCaseCompareFloats(&c, NULL, got, want, outCount, absTolerance,
                         relTolerance);
  }
done:
  gpuCaseEnd(&c);
}

/* True when this run has fp8 kernels, which are compiled for sm_90a only
 * (fp8 mma.sync needs sm_89); otherwise prints why `spec` is skipped. */
static bool runsFp8(const GpuTest *test, const GemmKernelSpec *spec) {
  if (strcmp(test->arch, "sm_90a") == 0)
    return true;
  printf("SKIP %s: fp8 kernels are built for sm_90a only (this run uses %s)\n",
         spec->kernel, test->arch);
  return false;
}

/* Runs `spec` on every shape of `shapes` (count of them), each with its own
 * seed. */
static void testShapes(GpuTest *test, const GemmKernelSpec *spec,
                       const GemmShape *shapes, size_t count, uint64_t seed) {
  for (size_t i = 0; i < count; ++i)
    testGemm(test, spec, &shapes[i], seed + i);
}

static void runCases(GpuTest *test) {
  /* The ragged sizes every kernel runs; --small (compute-sanitizer) shrinks
   * the big one. */
  int bigM = test->small ? 300 : 1000, bigN = test->small ? 140 : 520,
      bigK = test->small ? 64 : 300;
  const GemmShape plain[] = {
      {1, 257, 129, 77, false, false, 0, false},
      {1, bigM, bigN, bigK, false, false, 0, false},
      {1, 257, 129, 77, true, false, 0, false},
      {1, 257, 129, 77, false, true, 0, false},
      {1, bigM, bigN, bigK, true, true, 0, false},
      {1, 200, 150, 100, false, false, 3, false},
      {1, 33, 17, 5, false, false, 0, false},
  };
  const size_t plainCount = sizeof(plain) / sizeof(plain[0]);

  static const GemmKernelSpec f16 = {"gemm_f16", "gemm_f16", ELEMENT_F16,
                                     ELEMENT_F16, 128, 128, false,
                                     ACTIVATION_NONE, false};
  static const GemmKernelSpec f16Acc16 = {"gemm_f16_acc16", "gemm_f16_acc16",
                                          ELEMENT_F16, ELEMENT_F16, 128, 128,
                                          false, ACTIVATION_NONE, false};
  static const GemmKernelSpec bf16 = {"gemm_bf16", "gemm_bf16", ELEMENT_BF16,
                                      ELEMENT_BF16, 128, 128, false,
                                      ACTIVATION_NONE, false};
  static const GemmKernelSpec tf32 = {"gemm_tf32", "gemm_tf32", ELEMENT_TF32,
                                      ELEMENT_F32, 128, 128, false,
                                      ACTIVATION_NONE, false};
  static const GemmKernelSpec ieee = {"gemm_f32_ieee", "gemm_f32_ieee",
                                      ELEMENT_F32, ELEMENT_F32, 64, 64, false,
                                      ACTIVATION_NONE, false};
  static const GemmKernelSpec i8 = {"gemm_i8", "gemm_i8", ELEMENT_I8,
                                    ELEMENT_I32, 128, 128, false,
                                    ACTIVATION_NONE, false};
  testShapes(test, &f16, plain, plainCount, 100);
  static const GemmKernelSpec blockPointers = {"gemm_block_pointers", "gemm_block_ptr_f16",
                                               ELEMENT_F16, ELEMENT_F16, 64, 64, false,
                                               ACTIVATION_NONE, false};
  testShapes(test, &blockPointers, plain, plainCount, 150);
  testShapes(test, &f16Acc16, plain, plainCount, 200);
  testShapes(test, &bf16, plain, plainCount, 300);
  testShapes(test, &tf32, plain, plainCount, 400);
  const GemmShape tf32Full[] = {
      {1, 257, 129, 77, false, false, 0, true},
      {1, bigM, bigN, bigK, false, true, 0, true},
  };
  testShapes(test, &tf32, tf32Full, 2, 450);
  testShapes(test, &ieee, plain, plainCount, 500);
  testShapes(test, &i8, plain, plainCount, 600);

  /* tf32x3 on arbitrary fp32 inputs, held to the ieee tolerance. */
  static const GemmKernelSpec tf32x3 = {"gemm_tf32x3", "gemm_tf32x3", ELEMENT_F32,
                                        ELEMENT_F32, 128, 128, false,
                                        ACTIVATION_NONE, false};
  testShapes(test, &tf32x3, plain, plainCount, 650);

  /* fp8 kernels exist for sm_90a only (fp8 mma.sync needs sm_89). */
  static const GemmKernelSpec fp8Kernels[] = {
      {"gemm_fp8", "gemm_fp8", ELEMENT_E4M3, ELEMENT_F16, 128, 128, false,
       ACTIVATION_NONE, false},
      {"gemm_fp8", "gemm_fp8_mixed", ELEMENT_E4M3_E5M2, ELEMENT_F16, 128, 128,
       false, ACTIVATION_NONE, false},
  };
  for (size_t i = 0; i < sizeof(fp8Kernels) / sizeof(fp8Kernels[0]); ++i)
    if (runsFp8(test, &fp8Kernels[i]))
      testShapes(test, &fp8Kernels[i], plain, plainCount, 660 + 10 * i);

  static const GemmKernelSpec batched = {"gemm_batched", "gemm_batched_f16",
                                         ELEMENT_F16, ELEMENT_F16, 64, 64,
                                         true, ACTIVATION_NONE, false};
  const GemmShape batches[] = {
      {3, 257, 129, 77, false, false, 0, false},
      {test->small ? 2 : 5, test->small ? 130 : 300, test->small ? 70 : 260,
       test->small ? 40 : 150, false, true, 0, false},
      {3, 100, 90, 70, true, false, 2, false},
  };
  testShapes(test, &batched, batches, sizeof(batches) / sizeof(batches[0]), 700);

  static const GemmKernelSpec epilogues[] = {
      {"gemm_epilogue", "gemm_bias_gelu_f16", ELEMENT_F16, ELEMENT_F16, 128,
       128, false, ACTIVATION_GELU, false},
      {"gemm_epilogue", "gemm_bias_silu_f16", ELEMENT_F16, ELEMENT_F16, 128,
       128, false, ACTIVATION_SILU, false},
      {"gemm_epilogue", "gemm_bias_gelu_bf16", ELEMENT_BF16, ELEMENT_BF16, 128,
       128, false, ACTIVATION_GELU, false},
      {"gemm_epilogue", "gemm_bias_silu_bf16", ELEMENT_BF16, ELEMENT_BF16, 128,
       128, false, ACTIVATION_SILU, false},
  };
  const GemmShape epilogueShapes[] = {
      {1, 257, 129, 77, false, false, 0, false},
      {1, bigM, bigN, bigK, false, true, 0, false},
  };
  for (size_t i = 0; i < sizeof(epilogues) / sizeof(epilogues[0]); ++i)
    testShapes(test, &epilogues[i], epilogueShapes, 2, 800 + 10 * i);

  /* The pipelined path (cp.async rings, prefetched K slices): the kernels
   * specialized as Triton's JIT does, on sizes that meet their hints
   * (multiples of 16) but not their tiles. The big M has 10 row tiles, so
   * the grouped ordering (GROUP_SIZE_M = 8) ends in a partial group. */
  static const GemmKernelSpec contiguousKernels[] = {
      {"gemm_contiguous", "gemm_contiguous_f16", ELEMENT_F16, ELEMENT_F16, 128,
       128, false, ACTIVATION_NONE, true},
      {"gemm_contiguous", "gemm_contiguous_bf16", ELEMENT_BF16, ELEMENT_BF16,
       128, 128, false, ACTIVATION_NONE, true},
      {"gemm_contiguous", "gemm_contiguous_f16_wide", ELEMENT_F16, ELEMENT_F16,
       128, 256, false, ACTIVATION_NONE, true},
      {"gemm_contiguous", "gemm_contiguous_i8", ELEMENT_I8, ELEMENT_I32, 128,
       128, false, ACTIVATION_NONE, true},
      {"gemm_contiguous_fp8", "gemm_contiguous_fp8", ELEMENT_E4M3, ELEMENT_F16,
       128, 128, false, ACTIVATION_NONE, true},
  };
  const GemmShape contiguousShapes[] = {
      {1, 272, 400, 208, false, false, 0, false},
      {1, test->small ? 304 : 1200, test->small ? 144 : 528,
       test->small ? 64 : 304, false, false, 0, false},
      {1, 128, 128, 64, false, false, 0, false}, /* one 128x128x64 tile */
      {1, 272, 400, 48, false, false, 0, false}, /* K under one K block */
      {1, 144, 160, 16, false, false, 0, false}, /* K of one mma.sync k16 */
      {1, 208, 176, 112, false, false, 16, false}, /* rows padded by 16 */
  };
  for (size_t i = 0;
       i < sizeof(contiguousKernels) / sizeof(contiguousKernels[0]); ++i) {
    const GemmKernelSpec *spec = &contiguousKernels[i];
    if (spec->input == ELEMENT_E4M3 && !runsFp8(test, spec))
      continue;
    testShapes(test, spec, contiguousShapes,
               sizeof(contiguousShapes) / sizeof(contiguousShapes[0]),
               900 + 10 * i);
  }
}

int main(int argc, char **argv) {
  return gpuTestMain("gpu_gemm_test", argc, argv, runCases);
}
