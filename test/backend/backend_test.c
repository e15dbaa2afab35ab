/* Tests the back end (tile-c/Backend.h) on hand-written LLVM-dialect kernels:
 * PTX and cubin for cuda:80 and cuda:90a, libdevice linking, kernel metadata,
 * the error paths, and the time one compile takes.
 *
 * Usage: backend_test [directory of the .mlir inputs]; the default is the
 * directory this file is in. Prints each check; exits 1 on the first failure.
 * Checks that need ptxas are skipped (and say so) where it is not installed.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mlir-c/Diagnostics.h"
#include "mlir-c/Dialect/LLVM.h"
#include "mlir-c/Dialect/NVVM.h"
#include "mlir-c/IR.h"
#include "tile-c/Backend.h"

static const char *inputDirectory;
static MlirContext context;
static char diagnostics[65536];
static bool havePtxas;

#define CHECK(condition, ...)                                                  \
  do {                                                                         \
    if (!(condition)) {                                                        \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                              \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
      exit(1);                                                                 \
    }                                                                          \
    printf("ok   ");                                                           \
    printf(__VA_ARGS__);                                                       \
    printf("\n");                                                              \
  } while (0)

/* Like CHECK, but prints nothing when it holds: for steps, not checks. */
#define REQUIRE(condition, ...)                                                \
  do {                                                                         \
    if (!(condition)) {                                                        \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                              \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static void appendToString(MlirStringRef text, void *userData) {
  char *into = userData;
  size_t used = strlen(into);
  size_t room = sizeof(diagnostics) - used - 1;
  size_t length = text.length < room ? text.length : room;
  memcpy(into + used, text.data, length);
  into[used + length] = '\0';
}

static MlirLogicalResult recordDiagnostic(MlirDiagnostic diagnostic,
                                          void *userData) {
  mlirDiagnosticPrint(diagnostic, appendToString, diagnostics);
  appendToString(mlirStringRefCreateFromCString("\n"), diagnostics);
  return mlirLogicalResultSuccess();
}

static MlirModule parseInput(const char *name) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", inputDirectory, name);
  FILE *file = fopen(path, "rb");
  REQUIRE(file != NULL, "open %s", path);
  static char text[1 << 16];
  size_t length = fread(text, 1, sizeof(text) - 1, file);
  fclose(file);
  text[length] = '\0';
  MlirModule module =
      mlirModuleCreateParse(context, mlirStringRefCreate(text, length));
  REQUIRE(!mlirModuleIsNull(module), "parse %s", name);
  return module;
}

static bool contains(MlirStringRef text, const char *needle) {
  size_t needleLength = strlen(needle);
  for (size_t i = 0; i + needleLength <= text.length; ++i)
    if (memcmp(text.data + i, needle, needleLength) == 0)
      return true;
  return false;
}

static TileBackendOptions optionsFor(const char *target) {
  TileBackendOptions options = tileBackendOptionsGetDefault();
  options.target = mlirStringRefCreateFromCString(target);
  options.emitCubin = havePtxas;
  return options;
}

static TileBackendResult compileOrFail(MlirModule module,
                                       const TileBackendOptions *options,
                                       const char *what) {
  diagnostics[0] = '\0';
  TileBackendResult result;
  MlirLogicalResult status = tileBackendCompile(module, options, &result);
  if (mlirLogicalResultIsFailure(status))
    printf("diagnostics:\n%s", diagnostics);
  REQUIRE(mlirLogicalResultIsSuccess(status) && !tileBackendResultIsNull(result),
          "%s compiles", what);
  return result;
}

static void expectFailure(MlirModule module, const TileBackendOptions *options,
                          const char *what, const char *messagePart1,
                          const char *messagePart2) {
  diagnostics[0] = '\0';
  TileBackendResult result = {(void *)1};
  MlirLogicalResult status = tileBackendCompile(module, options, &result);
  CHECK(mlirLogicalResultIsFailure(status) && tileBackendResultIsNull(result),
        "%s fails", what);
  MlirStringRef message = mlirStringRefCreateFromCString(diagnostics);
  CHECK(contains(message, messagePart1) && contains(message, messagePart2),
        "%s: diagnostic mentions '%s' and '%s'", what, messagePart1,
        messagePart2);
  printf("     diagnostic: %.300s%s", diagnostics,
         strlen(diagnostics) > 300 ? "...\n" : "");
}

static void checkCubin(TileBackendResult result, const char *what) {
  if (!havePtxas) {
    printf("skip %s cubin: no ptxas\n", what);
    return;
  }
  size_t size = 0;
  const unsigned char *cubin = tileBackendResultGetCubin(result, &size);
  CHECK(tileBackendResultHasCubin(result) && size > 4 && cubin[0] == 0x7f &&
            cubin[1] == 'E' && cubin[2] == 'L' && cubin[3] == 'F',
        "%s cubin is an ELF image (%zu bytes)", what, size);
}

static void checkVectorAdd(const char *target, const char *arch) {
  MlirModule module = parseInput("vector_add.mlir");
  TileBackendOptions options = optionsFor(target);
  TileBackendResult result = compileOrFail(module, &options, "vector add");
  MlirStringRef ptx = tileBackendResultGetPtx(result);
  char expected[64];
  snprintf(expected, sizeof(expected), ".target %s", arch);
  CHECK(contains(ptx, ".entry add_kernel"), "%s PTX has .entry add_kernel",
        target);
  CHECK(contains(ptx, expected), "%s PTX has '%s'", target, expected);
  CHECK(contains(ptx, "ld.global"), "%s PTX loads with ld.global", target);
  CHECK(contains(ptx, ".maxntid 128"), "%s PTX has .maxntid 128", target);
  checkCubin(result, target);

  CHECK(tileBackendResultGetNumKernels(result) == 1, "%s: one kernel", target);
  const TileKernelMetadata *kernel = tileBackendResultGetKernel(result, 0);
  CHECK(strcmp(kernel->name, "add_kernel") == 0, "kernel is named add_kernel");
  CHECK(kernel->numParams == 4, "add_kernel has 4 parameters");
  for (int i = 0; i < 3; ++i)
    CHECK(strcmp(kernel->params[i].type, "ptr") == 0 &&
              kernel->params[i].addressSpace == 1 &&
              kernel->params[i].sizeBytes == 8,
          "parameter %d is a global ptr of 8 bytes", i);
  CHECK(strcmp(kernel->params[3].type, "i32") == 0 &&
            kernel->params[3].sizeBytes == 4,
        "parameter 3 is an i32 of 4 bytes");
  CHECK(kernel->threadsPerBlock == 128 && kernel->blockDims[0] == 128 &&
            kernel->blockDims[1] == 1 && kernel->blockDims[2] == 1,
        "add_kernel runs 128 threads per block (128, 1, 1)");
  CHECK(kernel->sharedBytes == 0, "add_kernel needs no dynamic shared memory");
  CHECK(tileBackendResultGetKernel(result, 1) == NULL,
        "kernel index out of range gives NULL");
  char json[4096] = "";
  tileBackendResultPrintMetadataJson(result, appendToString, json);
  printf("     metadata: %s\n", json);
  CHECK(strstr(json, "\"name\": \"add_kernel\"") &&
            strstr(json, "\"threads_per_block\": 128"),
        "JSON names the kernel and its threads");
  tileBackendResultDestroy(result);
  mlirModuleDestroy(module);
}

static void checkLibdeviceExp(const char *target) {
  MlirModule module = parseInput("exp_kernel.mlir");
  TileBackendOptions options = optionsFor(target);
  TileBackendResult result = compileOrFail(module, &options, "expf kernel");
  MlirStringRef ptx = tileBackendResultGetPtx(result);
  CHECK(contains(ptx, "ex2.approx"), "%s: libdevice expf became ex2.approx",
        target);
  CHECK(!contains(ptx, "__nv_expf"),
        "%s: no .extern .func __nv_expf (and no call) is left", target);
  CHECK(contains(ptx, "fma.rn.f32") && !contains(ptx, "fma.rn.ftz.f32"),
        "%s: libdevice takes its non-FTZ path by default", target);
  checkCubin(result, target);
  const TileKernelMetadata *kernel = tileBackendResultGetKernel(result, 0);
  CHECK(tileBackendResultGetNumKernels(result) == 1 &&
            strcmp(kernel->name, "exp_kernel") == 0 && kernel->numParams == 3,
        "metadata lists exp_kernel with 3 parameters");
  CHECK(kernel->sharedBytes == 256,
        "shared bytes come from the module's tilegpu.shared (256)");
  tileBackendResultDestroy(result);

  options.flushDenormalsToZero = true;
  result = compileOrFail(module, &options, "expf kernel with FTZ");
  ptx = tileBackendResultGetPtx(result);
  CHECK(contains(ptx, "fma.rn.ftz.f32") && !contains(ptx, "fma.rn.f32"),
        "%s: FTZ makes libdevice take its FTZ path (nvvm-reflect-ftz)", target);
  CHECK(contains(ptx, "add.rn.ftz.f32"),
        "%s: FTZ makes plain f32 arithmetic .ftz", target);
  tileBackendResultDestroy(result);
  mlirModuleDestroy(module);
}

static void checkVoltaPtxOnly(void) {
  MlirModule module = parseInput("vector_add.mlir");
  TileBackendOptions options = optionsFor("cuda:70");
  options.emitCubin = false;
  TileBackendResult result = compileOrFail(module, &options, "cuda:70 PTX");
  MlirStringRef ptx = tileBackendResultGetPtx(result);
  CHECK(contains(ptx, ".target sm_70") && contains(ptx, ".version 8.0"),
        "cuda:70 gives PTX 8.0 for sm_70");
  CHECK(!tileBackendResultHasCubin(result), "no cubin when emitCubin is off");
  tileBackendResultDestroy(result);
  mlirModuleDestroy(module);
}

/* The back end keeps the PTX ptxas rejected and names it last in the
 * diagnostic; the test removes it and its directory again. */
static void removeKeptPtx(void) {
  char *path = strrchr(diagnostics, ' ');
  REQUIRE(path, "the diagnostic names the kept PTX");
  ++path;
  path[strcspn(path, "\n")] = '\0';
  CHECK(unlink(path) == 0, "the rejected PTX was kept at %s", path);
  char *slash = strrchr(path, '/');
  *slash = '\0';
  rmdir(path);
}

static void checkErrors(void) {
  MlirModule module = parseInput("vector_add.mlir");
  TileBackendOptions options = optionsFor("cuda:12");
  expectFailure(module, &options, "unknown target", "cuda:12", "cuda:90a");
  options = optionsFor("sm_80");
  expectFailure(module, &options, "target without cuda:", "sm_80", "cuda:80");
  options = optionsFor("cuda:80");
  options.optLevel = 7;
  expectFailure(module, &options, "opt level 7", "level 7", "0, 1, 2 or 3");
  options = optionsFor("cuda:80");
  options.maxRegisters = 300;
  expectFailure(module, &options, "register limit 300", "register limit 300",
                "24 to 255, or 0 for none");
  options = optionsFor("cuda:100");
  options.ptxVersion = 80;
  expectFailure(module, &options, "PTX 8.0 for cuda:100", "too old", "86");
  options = optionsFor("cuda:80");
  options.ptxVersion = 79;
  expectFailure(module, &options, "PTX version 79", "79", "times ten");
  options = optionsFor("cuda:80");
  options.emitCubin = true;
  options.ptxasPath = mlirStringRefCreateFromCString("/nonexistent/ptxas");
  expectFailure(module, &options, "missing ptxas option", "/nonexistent/ptxas",
                "not an executable");
  options = optionsFor("cuda:80");
  options.libdevicePath = mlirStringRefCreateFromCString("/nonexistent.bc");
  mlirModuleDestroy(module);

  module = parseInput("exp_kernel.mlir");
  expectFailure(module, &options, "missing libdevice", "/nonexistent.bc",
                "libdevice");
  mlirModuleDestroy(module);

  module = parseInput("not_llvm_dialect.mlir");
  options = optionsFor("cuda:80");
  expectFailure(module, &options, "op without LLVM IR translation",
                "unrealized_conversion_cast", "LLVM and NVVM dialects");
  mlirModuleDestroy(module);

  module = parseInput("no_kernel.mlir");
  options = optionsFor("cuda:80");
  expectFailure(module, &options, "module without kernels", "no kernel",
                "nvvm.kernel");
  mlirModuleDestroy(module);

  if (!havePtxas) {
    printf("skip ptxas rejection: no ptxas\n");
    return;
  }
  module = parseInput("vector_add.mlir");
  options = optionsFor("cuda:70");
  expectFailure(module, &options, "cubin for sm_70 with CUDA 13's ptxas",
                "sm_70", "set emitCubin to false");
  removeKeptPtx();
  mlirModuleDestroy(module);

  module = parseInput("bad_inline_asm.mlir");
  options = optionsFor("cuda:90a");
  expectFailure(module, &options, "invalid inline PTX", "ptxas",
                "not_a_ptx_instruction");
  CHECK(strstr(diagnostics, "reproduce with: "),
        "the ptxas failure says how to reproduce it");
  removeKeptPtx();
  mlirModuleDestroy(module);
}

typedef struct ConcurrentCompile {
  MlirModule module;
  bool ok;
  bool sawExp;
} ConcurrentCompile;

static void *compileOnThread(void *argument) {
  ConcurrentCompile *job = argument;
  TileBackendOptions options = optionsFor("cuda:90a");
  TileBackendResult result;
  job->ok = mlirLogicalResultIsSuccess(
      tileBackendCompile(job->module, &options, &result));
  if (job->ok) {
    job->sawExp = contains(tileBackendResultGetPtx(result), "ex2.approx") &&
                  (!havePtxas || tileBackendResultHasCubin(result));
    tileBackendResultDestroy(result);
  }
  return NULL;
}

/* Frameworks compile on several threads; each compile has its own
 * LLVMContext, so they must not interfere (modules parsed beforehand). */
static void checkConcurrentCompiles(void) {
  enum { threads = 4 };
  ConcurrentCompile jobs[threads];
  pthread_t handles[threads];
  for (int i = 0; i < threads; ++i) {
    jobs[i].module = parseInput("exp_kernel.mlir");
    jobs[i].ok = jobs[i].sawExp = false;
  }
  for (int i = 0; i < threads; ++i)
    REQUIRE(pthread_create(&handles[i], NULL, compileOnThread, &jobs[i]) == 0,
            "start thread %d", i);
  bool allOk = true;
  for (int i = 0; i < threads; ++i) {
    pthread_join(handles[i], NULL);
    allOk = allOk && jobs[i].ok && jobs[i].sawExp;
    mlirModuleDestroy(jobs[i].module);
  }
  CHECK(allOk, "%d concurrent compiles (libdevice, ptxas) all succeed",
        threads);
}

static double nowMs(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e3 + (double)now.tv_nsec * 1e-6;
}

static void printTimings(const char *what, double totalMs,
                         TileBackendTimings t) {
  printf("time %-34s %7.2f ms (translate %.2f, libdevice %.2f, optimize "
         "%.2f, PTX %.2f, ptxas %.2f)\n",
         what, totalMs, t.translateMs, t.linkMs, t.optimizeMs, t.emitPtxMs,
         t.ptxasMs);
}

static void timeCompile(const char *input, const char *target, bool cubin,
                        const char *what) {
  MlirModule module = parseInput(input);
  TileBackendOptions options = optionsFor(target);
  options.emitCubin = cubin && havePtxas;
  enum { runs = 5 };
  double best = 1e30;
  TileBackendTimings bestTimings = {0};
  for (int i = 0; i < runs; ++i) {
    double start = nowMs();
    TileBackendResult result = compileOrFail(module, &options, what);
    double elapsed = nowMs() - start;
    if (elapsed < best) {
      best = elapsed;
      bestTimings = tileBackendResultGetTimings(result);
    }
    tileBackendResultDestroy(result);
  }
  char label[128];
  snprintf(label, sizeof(label), "%s (best of %d)", what, runs);
  printTimings(label, best, bestTimings);
  mlirModuleDestroy(module);
}

static void timeFirstCompile(void) {
  MlirModule module = parseInput("vector_add.mlir");
  TileBackendOptions options = optionsFor("cuda:90a");
  double start = nowMs();
  TileBackendResult result = compileOrFail(module, &options, "first compile");
  double elapsed = nowMs() - start;
  printTimings("vector add cuda:90a, first in process", elapsed,
               tileBackendResultGetTimings(result));
  tileBackendResultDestroy(result);
  mlirModuleDestroy(module);
}

static const char *directoryOfThisFile(void) {
  static char directory[4096];
  snprintf(directory, sizeof(directory), "%s", __FILE__);
  char *slash = strrchr(directory, '/');
  if (!slash)
    return ".";
  *slash = '\0';
  return directory;
}

int main(int argc, char **argv) {
  inputDirectory = argc > 1 ? argv[1] : directoryOfThisFile();
  context = mlirContextCreate();
  mlirDialectHandleRegisterDialect(mlirGetDialectHandle__llvm__(), context);
  mlirDialectHandleRegisterDialect(mlirGetDialectHandle__nvvm__(), context);
  mlirContextAttachDiagnosticHandler(context, recordDiagnostic, NULL, NULL);
  havePtxas = access("/usr/local/cuda/bin/ptxas", X_OK) == 0;
  if (!havePtxas)
    printf("note: /usr/local/cuda/bin/ptxas not found; cubin checks skipped\n");

  timeFirstCompile();
  checkVectorAdd("cuda:80", "sm_80");
  checkVectorAdd("cuda:90a", "sm_90a");
  checkLibdeviceExp("cuda:80");
  checkLibdeviceExp("cuda:90a");
  checkVoltaPtxOnly();
  checkErrors();
  checkConcurrentCompiles();
  timeCompile("vector_add.mlir", "cuda:90a", false, "vector add -> PTX");
  timeCompile("vector_add.mlir", "cuda:90a", true, "vector add -> cubin");
  timeCompile("exp_kernel.mlir", "cuda:90a", true, "expf kernel -> cubin");
  mlirContextDestroy(context);
  printf("all backend checks passed\n");
  return 0;
}
