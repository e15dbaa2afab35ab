/* Runs a vector-add kernel that `tile-compile --header` produced and checks
 * it against the CPU on a ragged size.
 *
 * Build (KERNEL_HEADER is the generated header, LOAD_MODULE and LAUNCH the
 * names it defines):
 *   gcc -O2 -std=c11 -Icapi/include -I<dir of header> \
 *       -DKERNEL_HEADER='"vector_add.h"' -DLOAD_MODULE=vector_add_load_module \
 *       -DLAUNCH=add_kernel_launch run_vector_add.c runtime/[a-z]*.c -ldl
 * Usage: run_vector_add [n]   (default 1000003). Exits 0 on a match, 1 on a
 * mismatch or error, 77 where there is no GPU.
 */
#define _POSIX_C_SOURCE 200809L
#include KERNEL_HEADER

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BLOCK 1024

static int fail(TileRuntime runtime, const char *what) {
  fprintf(stderr, "FAIL %s: %s\n", what, tileRuntimeGetLastError(runtime));
  tileRuntimeDestroy(runtime);
  return 1;
}

static double nowMs(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e3 + (double)now.tv_nsec * 1e-6;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000003;
  TileRuntime runtime;
  TileRuntimeStatus status = tileRuntimeCreate(NULL, &runtime);
  if (status == TILE_RUNTIME_ERROR_NO_DRIVER || status == TILE_RUNTIME_ERROR_NO_DEVICE) {
    printf("SKIP no GPU: %s\n", tileRuntimeGetLastError(runtime));
    tileRuntimeDestroy(runtime);
    return 77;
  }
  if (status != TILE_RUNTIME_SUCCESS)
    return fail(runtime, "runtime");
  TileDeviceInfo info;
  if (tileRuntimeGetDeviceInfo(runtime, &info) == TILE_RUNTIME_SUCCESS)
    printf("device: %s\n", info.name);

  size_t bytes = (size_t)n * sizeof(float);
  /* One guard element past the end catches writes beyond n. */
  float *x = malloc(bytes), *y = malloc(bytes), *z = malloc(bytes + sizeof(float));
  for (int i = 0; i < n; ++i) {
    x[i] = (float)(i % 1000) * 0.5f - 3.0f;
    y[i] = (float)((i * 7) % 113) * 0.25f;
  }
  TileDevicePtr dx, dy, dz;
  if (tileMemoryAllocate(runtime, bytes, &dx) || tileMemoryAllocate(runtime, bytes, &dy) ||
      tileMemoryAllocate(runtime, bytes + sizeof(float), &dz))
    return fail(runtime, "allocate");
  if (tileMemoryCopyToDevice(runtime, dx, x, bytes) ||
      tileMemoryCopyToDevice(runtime, dy, y, bytes) ||
      tileMemorySet(runtime, dz, 0xff, bytes + sizeof(float)))
    return fail(runtime, "copy in");

  TileModule module;
  TileKernel kernel;
  if (LOAD_MODULE(runtime, &module))
    return fail(runtime, "load module");
  if (tileKernelGetFunction(runtime, module, "add_kernel", &kernel))
    return fail(runtime, "get kernel");
  TileDim3 grid = {(unsigned)((n + BLOCK - 1) / BLOCK), 1, 1};
  if (LAUNCH(runtime, kernel, (TileStream){0}, grid, dx, dy, dz, n) ||
      tileRuntimeSynchronize(runtime))
    return fail(runtime, "launch");
  if (tileMemoryCopyToHost(runtime, z, dz, bytes + sizeof(float)))
    return fail(runtime, "copy out");

  int bad = 0;
  for (int i = 0; i < n; ++i)
    if (z[i] != x[i] + y[i] && bad++ < 5)
      fprintf(stderr, "z[%d] = %g, expected %g\n", i, z[i], x[i] + y[i]);
  unsigned guard;
  memcpy(&guard, &z[n], sizeof(guard));
  if (guard != 0xffffffffu) {
    fprintf(stderr, "the kernel wrote past n\n");
    ++bad;
  }

  /* Bandwidth over a few launches (includes launch overhead). */
  int repeats = 20;
  double start = nowMs();
  for (int r = 0; r < repeats; ++r)
    if (LAUNCH(runtime, kernel, (TileStream){0}, grid, dx, dy, dz, n))
      return fail(runtime, "timed launch");
  if (tileRuntimeSynchronize(runtime))
    return fail(runtime, "timed sync");
  double ms = (nowMs() - start) / repeats;
  printf("n = %d: %s, %.3f ms per launch, %.0f GB/s\n", n, bad ? "MISMATCH" : "match", ms,
         3.0 * (double)bytes / (ms * 1e6));

  tileMemoryFree(runtime, dx);
  tileMemoryFree(runtime, dy);
  tileMemoryFree(runtime, dz);
  tileModuleDestroy(runtime, module);
  tileRuntimeDestroy(runtime);
  free(x);
  free(y);
  free(z);
  return bad ? 1 : 0;
}
