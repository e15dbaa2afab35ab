/*===- gpu_atomics_test.c - atomics that are more than one atom ------------===*
 *
 * Runs examples/atomics.mlir on 4 warps ("atomics") and on one
 * ("atomics_one_warp": the old values then reach copies by shuffles rather
 * than through shared memory), and examples/atomics_bf16.mlir where the
 * GPU has bf16 atomics (sm_90 and newer):
 *   - float max/min per bin over values of both signs, from mixed initial
 *     values (-inf, negative, positive): exact;
 *   - f16 and bf16 fadd per bin on small integers, whose partial sums are
 *     all exact, so any order gives the reference exactly;
 *   - a histogram that returns each element's old count: the counts must be
 *     exact and the old values of one bin a permutation of 0..count-1;
 *   - a scalar ticket counter: tickets[pid] a permutation of the grid;
 *   - a spin lock (atomic_cas acquire, xchg release) around a plain
 *     increment: the count ends at the grid size, the lock at 0.
 *
 *===----------------------------------------------------------------------===*/

#include "gpu_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A buffer the kernel both reads and updates (atomics on initial values).
 * gpuCaseDownload checks guard bytes after the data, which only
 * gpuCaseOutput allocates: downloading a gpuCaseUpload buffer reads past its
 * allocation, and cuMemcpyDtoH refuses that with CUDA_ERROR_INVALID_VALUE
 * (which once read as a kernel fault). So take a guarded output buffer and
 * copy the initial values into it. Returns 0 when the case failed. */
static TileDevicePtr uploadUpdated(GpuCase *c, const void *host, size_t bytes) {
  TileDevicePtr device = gpuCaseOutput(c, bytes);
  if (device && tileMemoryCopyToDevice(c->test->runtime, device, host, bytes)) {
    gpuCaseFail(c, "uploading %zu bytes: %s", bytes,
                tileRuntimeGetLastError(c->test->runtime));
    return 0;
  }
  return device;
}

static void testMaxMin(GpuTest *test, const char *example) {
  int n = test->small ? 100003 : 1000003, bins = 1000;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "%s max/min f32 n=%d bins=%d", example, n, bins))
    return;
  GpuKernel kernel;
  float *x = gpuCaseHost(&c, n, sizeof(float));
  float *maxInit = gpuCaseHost(&c, bins, sizeof(float));
  float *minInit = gpuCaseHost(&c, bins, sizeof(float));
  float *wantMax = gpuCaseHost(&c, bins, sizeof(float));
  float *wantMin = gpuCaseHost(&c, bins, sizeof(float));
  float *got = gpuCaseHost(&c, bins, sizeof(float));
  if (!gpuCaseKernel(&c, example, "atomic_max_min_f32", &kernel))
    goto done;
  /* Initial values of every kind the sign trick must order: infinities,
   * negative and positive. */
  for (int b = 0; b < bins; ++b) {
    maxInit[b] = b % 3 == 0 ? -INFINITY : b % 3 == 1 ? -150.0f : 150.0f;
    minInit[b] = b % 3 == 0 ? INFINITY : b % 3 == 1 ? 150.0f : -150.0f;
    wantMax[b] = maxInit[b];
    wantMin[b] = minInit[b];
  }
  GpuRandom random = gpuRandomCreate(51);
  for (int i = 0; i < n; ++i) {
    x[i] = 40.0f * gpuRandomNormal(&random);
    wantMax[i % bins] = fmaxf(wantMax[i % bins], x[i]);
    wantMin[i % bins] = fminf(wantMin[i % bins], x[i]);
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, n * sizeof(float));
  TileDevicePtr dmax = uploadUpdated(&c, maxInit, bins * sizeof(float));
  TileDevicePtr dmin = uploadUpdated(&c, minInit, bins * sizeof(float));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dmax);
  gpuArgPointer(&c, dmin);
  gpuArgI32(&c, n);
  gpuArgI32(&c, bins);
  if (!gpuCaseLaunch(&c, &kernel, gpuBlocksOf(n, 1024), 1, 1) ||
      !gpuCaseDownload(&c, got, dmax, bins * sizeof(float)) ||
      !gpuCaseCompareFloats(&c, "max", got, wantMax, bins, 0, 0) ||
      !gpuCaseDownload(&c, got, dmin, bins * sizeof(float)))
    goto done;
  gpuCaseCompareFloats(&c, "min", got, wantMin, bins, 0, 0);
done:
  gpuCaseEnd(&c);
}

/* out[i % bins] += x[i] with x in {-2..2} (f16) or {-1..1} (bf16), few
 * enough per bin that every partial sum is an exact integer. */
static void testHalfAdd(GpuTest *test, const char *example, GpuHalfType type) {
  int n = test->small ? 100003 : 1000003;
  int bins = type == GPU_F16 ? 1024 : n / 100, magnitude = type == GPU_F16 ? 2 : 1;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "%s fadd %s n=%d bins=%d", example, gpuHalfTypeName(type), n,
                    bins))
    return;
  GpuKernel kernel;
  uint16_t *x = gpuCaseHost(&c, n, sizeof(uint16_t));
  float *want = gpuCaseHost(&c, bins, sizeof(float));
  float *got = gpuCaseHost(&c, bins, sizeof(float));
  if (!gpuCaseKernel(&c, example,
                     type == GPU_F16 ? "atomic_fadd_f16" : "atomic_fadd_bf16", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(52);
  for (int i = 0; i < n; ++i) {
    int value = gpuRandomInt(&random, -magnitude, magnitude + 1);
    x[i] = gpuFloatToHalfType(type, (float)value);
    want[i % bins] += (float)value;
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, n * sizeof(uint16_t));
  TileDevicePtr dout = gpuCaseOutput(&c, bins * sizeof(uint16_t));
  if (dout && tileMemorySet(test->runtime, dout, 0, bins * sizeof(uint16_t))) {
    gpuCaseFail(&c, "zeroing the sums: %s", tileRuntimeGetLastError(test->runtime));
    goto done;
  }
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dout);
  gpuArgI32(&c, n);
  gpuArgI32(&c, bins);
  if (gpuCaseLaunch(&c, &kernel, gpuBlocksOf(n, 1024), 1, 1) &&
      gpuCaseDownloadHalves(&c, type, got, dout, bins))
    gpuCaseCompareFloats(&c, NULL, got, want, bins, 0, 0);
done:
  gpuCaseEnd(&c);
}

/* The old counts of one bin must be 0..count-1, each once. */
static void testHistogramSlots(GpuTest *test, const char *example) {
  int n = test->small ? 10007 : 100003, bins = 50;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "%s histogram old values n=%d bins=%d", example, n, bins))
    return;
  GpuKernel kernel;
  int32_t *x = gpuCaseHost(&c, n, sizeof(int32_t));
  int32_t *slots = gpuCaseHost(&c, n, sizeof(int32_t));
  int32_t *got = gpuCaseHost(&c, bins, sizeof(int32_t));
  int32_t *want = gpuCaseHost(&c, bins, sizeof(int32_t));
  int32_t *firstSlot = gpuCaseHost(&c, bins, sizeof(int32_t));
  int32_t *hits = gpuCaseHost(&c, n, sizeof(int32_t));
  int32_t *ones = gpuCaseHost(&c, n, sizeof(int32_t));
  if (!gpuCaseKernel(&c, example, "histogram_slots_i32", &kernel))
    goto done;
  GpuRandom random = gpuRandomCreate(53);
  for (int i = 0; i < n; ++i) {
    x[i] = i % 3 == 0 ? 7 : gpuRandomInt(&random, 0, bins);
    want[x[i]]++;
  }
  for (int b = 1; b < bins; ++b)
    firstSlot[b] = firstSlot[b - 1] + want[b - 1];
  TileDevicePtr dx = gpuCaseUpload(&c, x, n * sizeof(int32_t));
  TileDevicePtr dhist = gpuCaseOutput(&c, bins * sizeof(int32_t));
  TileDevicePtr dslots = gpuCaseOutput(&c, n * sizeof(int32_t));
  if (dhist && tileMemorySet(test->runtime, dhist, 0, bins * sizeof(int32_t))) {
    gpuCaseFail(&c, "zeroing the histogram: %s", tileRuntimeGetLastError(test->runtime));
    goto done;
  }
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgPointer(&c, dhist);
  gpuArgPointer(&c, dslots);
  gpuArgI32(&c, n);
  if (!gpuCaseLaunch(&c, &kernel, gpuBlocksOf(n, 16), 1, 1) ||
      !gpuCaseDownload(&c, got, dhist, bins * sizeof(int32_t)) ||
      !gpuCaseDownload(&c, slots, dslots, n * sizeof(int32_t)) ||
      !gpuCaseCompareInts(&c, "counts", got, want, bins))
    goto done;
  /* hits[k]: how often global slot k (firstSlot of the bin + old value)
   * came back; all ones when every bin's old values are 0..count-1. */
  for (int i = 0; i < n; ++i) {
    ones[i] = 1;
    if (slots[i] >= 0 && slots[i] < want[x[i]])
      hits[firstSlot[x[i]] + slots[i]]++;
  }
  gpuCaseCompareInts(&c, "old values", hits, ones, n);
done:
  gpuCaseEnd(&c);
}

static void testTickets(GpuTest *test, const char *example) {
  int programs = 1000;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "%s scalar ticket counter grid=%d", example, programs))
    return;
  GpuKernel kernel;
  int32_t *tickets = gpuCaseHost(&c, programs, sizeof(int32_t));
  int32_t *hits = gpuCaseHost(&c, programs, sizeof(int32_t));
  int32_t *ones = gpuCaseHost(&c, programs, sizeof(int32_t));
  int32_t counter = 0;
  if (!gpuCaseKernel(&c, example, "ticket_counter_i32", &kernel))
    goto done;
  TileDevicePtr dcounter = uploadUpdated(&c, &counter, sizeof(counter));
  TileDevicePtr dtickets = gpuCaseOutput(&c, programs * sizeof(int32_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dcounter);
  gpuArgPointer(&c, dtickets);
  if (!gpuCaseLaunch(&c, &kernel, (unsigned)programs, 1, 1) ||
      !gpuCaseDownload(&c, tickets, dtickets, programs * sizeof(int32_t)) ||
      !gpuCaseDownload(&c, &counter, dcounter, sizeof(counter)) ||
      !gpuCaseCompareInts(&c, "counter", &counter, &programs, 1))
    goto done;
  /* hits[t]: how many programs got ticket t; all ones for a permutation. */
  for (int p = 0; p < programs; ++p) {
    ones[p] = 1;
    if (tickets[p] >= 0 && tickets[p] < programs)
      hits[tickets[p]]++;
  }
  gpuCaseCompareInts(&c, "tickets", hits, ones, programs);
done:
  gpuCaseEnd(&c);
}

static void testLock(GpuTest *test, const char *example) {
  int programs = 2000;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "%s spin lock grid=%d", example, programs))
    return;
  GpuKernel kernel;
  int32_t zeros[2] = {0, 0}, got[2];
  int32_t want[2] = {0, programs}; /* lock, count */
  if (!gpuCaseKernel(&c, example, "locked_increment_i32", &kernel))
    goto done;
  TileDevicePtr dlock = uploadUpdated(&c, &zeros[0], sizeof(int32_t));
  TileDevicePtr dcount = uploadUpdated(&c, &zeros[1], sizeof(int32_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dlock);
  gpuArgPointer(&c, dcount);
  if (gpuCaseLaunch(&c, &kernel, (unsigned)programs, 1, 1) &&
      gpuCaseDownload(&c, &got[0], dlock, sizeof(int32_t)) &&
      gpuCaseDownload(&c, &got[1], dcount, sizeof(int32_t)))
    gpuCaseCompareInts(&c, "lock, count", got, want, 2);
done:
  gpuCaseEnd(&c);
}

static void runCases(GpuTest *test) {
  static const char *const examples[] = {"atomics", "atomics_one_warp"};
  for (int e = 0; e < 2; ++e) {
    testMaxMin(test, examples[e]);
    testHalfAdd(test, examples[e], GPU_F16);
    testHistogramSlots(test, examples[e]);
    testTickets(test, examples[e]);
    testLock(test, examples[e]);
  }
  /* atom.add.noftz.bf16 needs sm_90: atomics_bf16 is compiled for sm_90a
   * only. */
  if (atoi(test->arch + strlen("sm_")) >= 90)
    testHalfAdd(test, "atomics_bf16", GPU_BF16);
}

int main(int argc, char **argv) {
  return gpuTestMain("gpu_atomics_test", argc, argv, runCases);
}
