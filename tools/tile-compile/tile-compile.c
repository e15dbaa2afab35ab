/*===- tile-compile.c - ahead-of-time compiler: .mlir -> PTX/cubin ----------===*
 *
 * A thin command line over tile-c/Compile.h: reads a tile (or tilegpu)
 * module, runs the tile-to-ptx pipeline and the back end, and writes what
 * was asked for: PTX, a cubin, the launch metadata as JSON, and a C header
 * with the image and typed launchers. Errors print as
 * `file:line:col: error: ...` and the exit status is 1; bad flags exit 2.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L
#include "tile-c/Backend.h"
#include "tile-c/Compile.h"
#include "tile-c/Tile.h"
#include "tools/tile-compile/launcher_header.h"

#include "mlir-c/Diagnostics.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: tile-compile INPUT.mlir -o OUT.ptx [options]\n"
    "\n"
    "Compiles a tile (or tilegpu) module to PTX, and optionally a cubin, launch\n"
    "metadata and a C launcher header. INPUT '-' reads standard input.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE            write the PTX to FILE ('-': standard output)\n"
    "  --cubin FILE                 assemble with ptxas and write the cubin\n"
    "  --metadata FILE              write kernel names, parameters, threads and\n"
    "                               shared memory as JSON\n"
    "  --header FILE                write a C header: the embedded image (the cubin\n"
    "                               with --cubin, else the PTX) and a typed launcher\n"
    "                               per kernel (uses tile-c/Runtime.h)\n"
    "  --num-warps N                warps per program instance (default 4)\n"
    "  --num-stages N               pipelining depth of dot loops (default 3)\n"
    "  --target cuda:NN             GPU: cuda:80, cuda:90a, ... (default cuda:80)\n"
    "  --opt-level N                LLVM and ptxas optimization, 0-3 (default 3)\n"
    "  --max-registers N            registers per thread, 24-255 (PTX .maxnreg;\n"
    "                               default: ptxas chooses)\n"
    "  --dump-ir-after-each-stage   print the IR after every pipeline stage to stderr\n"
    "  --print-pipeline             print the pass pipeline and exit\n"
    "  --print-timings              print the time of each pipeline stage and of the\n"
    "                               back end's steps to stderr\n"
    "  -h, --help                   show this help\n";

typedef struct Arguments {
  const char *input;
  const char *ptxPath;
  const char *cubinPath;
  const char *metadataPath;
  const char *headerPath;
  bool dumpIr;
  bool printPipeline;
  bool printTimings;
  TileCompileOptions options;
} Arguments;

static int badUsage(const char *format, const char *value) {
  fprintf(stderr, "tile-compile: ");
  fprintf(stderr, format, value);
  fprintf(stderr, "\nrun 'tile-compile --help' for the options\n");
  return 2;
}

static bool parseInt(const char *text, int low, int high, int *value) {
  char *end;
  errno = 0;
  long parsed = strtol(text, &end, 10);
  if (errno || end == text || *end || parsed < low || parsed > high)
    return false;
  *value = (int)parsed;
  return true;
}

/* Returns 0, or the exit status for a bad command line (2) or --help (0
 * with *done set). */
static int parseArguments(int argc, char **argv, Arguments *arguments, bool *done) {
  memset(arguments, 0, sizeof(*arguments));
  arguments->options = tileCompileOptionsGetDefault();
  arguments->options.emitCubin = false;
  *done = false;
  for (int i = 1; i < argc; ++i) {
    const char *flag = argv[i];
    bool hasValue = i + 1 < argc;
    const char *value = hasValue ? argv[i + 1] : NULL;
#define TAKE_VALUE()                                                           \
  do {                                                                         \
    if (!hasValue)                                                             \
      return badUsage("%s needs a value", flag);                              \
    ++i;                                                                       \
  } while (0)
    if (!strcmp(flag, "-h") || !strcmp(flag, "--help")) {
      fputs(usage, stdout);
      *done = true;
      return 0;
    } else if (!strcmp(flag, "-o") || !strcmp(flag, "--output")) {
      TAKE_VALUE();
      arguments->ptxPath = value;
    } else if (!strcmp(flag, "--cubin")) {
      TAKE_VALUE();
      arguments->cubinPath = value;
      arguments->options.emitCubin = true;
    } else if (!strcmp(flag, "--metadata")) {
      TAKE_VALUE();
      arguments->metadataPath = value;
    } else if (!strcmp(flag, "--header")) {
      TAKE_VALUE();
      arguments->headerPath = value;
    } else if (!strcmp(flag, "--num-warps")) {
      TAKE_VALUE();
      int warps;
      if (!parseInt(value, 1, 32, &warps) || (warps & (warps - 1)))
        return badUsage("--num-warps takes a power of two from 1 to 32, not '%s'", value);
      arguments->options.numWarps = warps;
    } else if (!strcmp(flag, "--num-stages")) {
      TAKE_VALUE();
      if (!parseInt(value, 1, 8, &arguments->options.numStages))
        return badUsage("--num-stages takes 1 to 8, not '%s'", value);
    } else if (!strcmp(flag, "--target")) {
      TAKE_VALUE();
      if (strncmp(value, "cuda:", 5) != 0)
        return badUsage("--target takes cuda:<arch> (cuda:80, cuda:90a, ...), not '%s'",
                        value);
      arguments->options.target = mlirStringRefCreateFromCString(value);
    } else if (!strcmp(flag, "--opt-level")) {
      TAKE_VALUE();
      if (!parseInt(value, 0, 3, &arguments->options.optLevel))
        return badUsage("--opt-level takes 0 to 3, not '%s'", value);
    } else if (!strcmp(flag, "--max-registers")) {
      TAKE_VALUE();
      if (!parseInt(value, 24, 255, &arguments->options.maxRegisters))
        return badUsage("--max-registers takes 24 to 255, not '%s'", value);
    } else if (!strcmp(flag, "--dump-ir-after-each-stage")) {
      arguments->dumpIr = true;
    } else if (!strcmp(flag, "--print-pipeline")) {
      arguments->printPipeline = true;
    } else if (!strcmp(flag, "--print-timings")) {
      arguments->printTimings = true;
    } else if (flag[0] == '-' && flag[1] != '\0') {
      return badUsage("unknown option '%s'", flag);
    } else if (arguments->input) {
      return badUsage("only one input file may be given; '%s' is a second", flag);
    } else {
      arguments->input = flag;
    }
#undef TAKE_VALUE
  }
  if (arguments->printPipeline)
    return 0;
  if (!arguments->input)
    return badUsage("%s", "no input file");
  if (!arguments->ptxPath && !arguments->cubinPath && !arguments->metadataPath &&
      !arguments->headerPath)
    return badUsage("%s", "nothing to write: give -o, --cubin, --metadata or --header");
  return 0;
}

/* ---- Files ------------------------------------------------------------- */

static char *readAll(const char *path, size_t *length) {
  FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!file)
    return NULL;
  size_t capacity = 1 << 16, used = 0;
  char *data = malloc(capacity);
  while (data) {
    used += fread(data + used, 1, capacity - used, file);
    if (used < capacity)
      break;
    capacity *= 2;
    char *grown = realloc(data, capacity);
    if (!grown)
      free(data);
    data = grown;
  }
  bool failed = ferror(file);
  if (file != stdin)
    fclose(file);
  if (failed) {
    free(data);
    return NULL;
  }
  *length = used;
  return data;
}

static bool writeAll(const char *path, const void *data, size_t length) {
  FILE *file = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
  if (!file) {
    fprintf(stderr, "tile-compile: cannot write %s: %s\n", path, strerror(errno));
    return false;
  }
  bool ok = fwrite(data, 1, length, file) == length;
  if (file != stdout)
    ok = fclose(file) == 0 && ok;
  if (!ok)
    fprintf(stderr, "tile-compile: cannot write %s\n", path);
  return ok;
}

static void printToFile(MlirStringRef text, void *userData) {
  fwrite(text.data, 1, text.length, (FILE *)userData);
}

/* ---- Diagnostics and dumps --------------------------------------------- */

/* Prints `location` the way compilers do, file:line:col, looking through
 * names, call sites (the callee) and fused locations (the first). */
static void printLocation(MlirLocation location) {
  for (int depth = 0; depth < 16; ++depth) {
    if (mlirLocationIsAFileLineColRange(location)) {
      MlirStringRef file =
          mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(location));
      fprintf(stderr, "%.*s:%d:%d", (int)file.length, file.data,
              mlirLocationFileLineColRangeGetStartLine(location),
              mlirLocationFileLineColRangeGetStartColumn(location));
      return;
    }
    if (mlirLocationIsAName(location)) {
      location = mlirLocationNameGetChildLoc(location);
    } else if (mlirLocationIsACallSite(location)) {
      location = mlirLocationCallSiteGetCallee(location);
    } else if (mlirLocationIsAFused(location) &&
               mlirLocationFusedGetNumLocations(location) > 0) {
      MlirLocation parts[64];
      if (mlirLocationFusedGetNumLocations(location) > 64)
        break;
      mlirLocationFusedGetLocations(location, parts);
      location = parts[0];
    } else {
      break;
    }
  }
  fputs("tile-compile", stderr);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic, void *userData) {
  static const char *const severities[] = {"error", "warning", "note", "remark"};
  MlirDiagnosticSeverity severity = mlirDiagnosticGetSeverity(diagnostic);
  printLocation(mlirDiagnosticGetLocation(diagnostic));
  fprintf(stderr, ": %s: ", severities[severity]);
  mlirDiagnosticPrint(diagnostic, printToFile, stderr);
  fputc('\n', stderr);
  for (intptr_t i = 0; i < mlirDiagnosticGetNumNotes(diagnostic); ++i) {
    MlirDiagnostic note = mlirDiagnosticGetNote(diagnostic, i);
    printLocation(mlirDiagnosticGetLocation(note));
    fprintf(stderr, ": note: ");
    mlirDiagnosticPrint(note, printToFile, stderr);
    fputc('\n', stderr);
  }
  return mlirLogicalResultSuccess();
}

/* What the stage callback does: print the IR, time the stages, or both. */
typedef struct StageObserver {
  bool dumpIr;
  bool printTimings;
  bool first;
  double lastMs;
} StageObserver;

static double nowMs(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e3 + (double)now.tv_nsec * 1e-6;
}

static void observeStage(MlirStringRef stage, MlirOperation module, void *userData) {
  StageObserver *observer = userData;
  if (observer->printTimings) {
    double now = nowMs();
    fprintf(stderr, "tile-compile: %s%.*s %.2f ms\n", observer->first ? "parse + " : "",
            (int)stage.length, stage.data, now - observer->lastMs);
    observer->first = false;
  }
  if (observer->dumpIr) {
    fprintf(stderr, "// -----// IR after %.*s //----- //\n", (int)stage.length, stage.data);
    mlirOperationPrint(module, printToFile, stderr);
    fputc('\n', stderr);
  }
  observer->lastMs = nowMs();
}

/* ---- Outputs ----------------------------------------------------------- */

typedef struct Buffer {
  char *data;
  size_t length, capacity;
} Buffer;

static void appendToBuffer(MlirStringRef text, void *userData) {
  Buffer *buffer = userData;
  if (buffer->length + text.length + 1 > buffer->capacity) {
    size_t capacity = (buffer->length + text.length + 1) * 2;
    char *grown = realloc(buffer->data, capacity);
    if (!grown)
      return;
    buffer->data = grown;
    buffer->capacity = capacity;
  }
  memcpy(buffer->data + buffer->length, text.data, text.length);
  buffer->length += text.length;
  buffer->data[buffer->length] = '\0';
}

/* The file name without directories and extension, for the header's names. */
static void baseName(const char *path, char *out, size_t size) {
  const char *slash = strrchr(path, '/');
  snprintf(out, size, "%s", slash ? slash + 1 : path);
  char *dot = strchr(out, '.');
  if (dot)
    *dot = '\0';
}

static bool writeOutputs(const Arguments *arguments, TileBackendResult result) {
  bool ok = true;
  if (arguments->ptxPath) {
    MlirStringRef ptx = tileBackendResultGetPtx(result);
    ok = writeAll(arguments->ptxPath, ptx.data, ptx.length) && ok;
  }
  if (arguments->cubinPath) {
    size_t size = 0;
    const void *cubin = tileBackendResultGetCubin(result, &size);
    if (!cubin) {
      MlirStringRef log = tileBackendResultGetLog(result);
      fprintf(stderr, "tile-compile: no cubin was produced: %.*s\n", (int)log.length,
              log.data);
      ok = false;
    } else {
      ok = writeAll(arguments->cubinPath, cubin, size) && ok;
    }
  }
  if (arguments->metadataPath) {
    Buffer json = {NULL, 0, 0};
    tileBackendResultPrintMetadataJson(result, appendToBuffer, &json);
    appendToBuffer(mlirStringRefCreateFromCString("\n"), &json);
    ok = json.data && writeAll(arguments->metadataPath, json.data, json.length) && ok;
    free(json.data);
  }
  if (arguments->headerPath) {
    FILE *file = strcmp(arguments->headerPath, "-") == 0 ? stdout
                                                          : fopen(arguments->headerPath, "w");
    if (!file) {
      fprintf(stderr, "tile-compile: cannot write %s: %s\n", arguments->headerPath,
              strerror(errno));
      return false;
    }
    char name[256];
    baseName(arguments->input, name, sizeof(name));
    ok = tileWriteLauncherHeader(file, result, name, arguments->input) && ok;
    if (file != stdout)
      ok = fclose(file) == 0 && ok;
  }
  return ok;
}

static void printTimings(TileBackendResult result) {
  TileBackendTimings timings = tileBackendResultGetTimings(result);
  fprintf(stderr,
          "tile-compile: back end: translate %.2f ms, libdevice %.2f ms, optimize %.2f "
          "ms, PTX %.2f ms, ptxas %.2f ms\n",
          timings.translateMs, timings.linkMs, timings.optimizeMs, timings.emitPtxMs,
          timings.ptxasMs);
}

int main(int argc, char **argv) {
  Arguments arguments;
  bool done;
  int status = parseArguments(argc, argv, &arguments, &done);
  if (status || done)
    return status;
  if (arguments.printPipeline) {
    tileCompilePrintPipeline(&arguments.options, printToFile, stdout);
    fputc('\n', stdout);
    return 0;
  }
  size_t length;
  char *source = readAll(arguments.input, &length);
  if (!source) {
    fprintf(stderr, "tile-compile: cannot read %s: %s\n", arguments.input, strerror(errno));
    return 1;
  }
  StageObserver observer = {arguments.dumpIr, arguments.printTimings, true, nowMs()};
  if (arguments.dumpIr || arguments.printTimings) {
    arguments.options.stageCallback = observeStage;
    arguments.options.stageUserData = &observer;
  }
  MlirContext context = tileContextCreate();
  mlirContextAttachDiagnosticHandler(context, printDiagnostic, NULL, NULL);
  TileBackendResult result;
  MlirLogicalResult compiled = tileCompileSource(
      context, mlirStringRefCreate(source, length),
      mlirStringRefCreateFromCString(strcmp(arguments.input, "-") ? arguments.input
                                                                  : "<stdin>"),
      &arguments.options, &result);
  free(source);
  bool ok = mlirLogicalResultIsSuccess(compiled);
  if (ok) {
    MlirStringRef log = tileBackendResultGetLog(result);
    if (log.length)
      fprintf(stderr, "%.*s%s", (int)log.length, log.data,
              log.data[log.length - 1] == '\n' ? "" : "\n");
    if (arguments.printTimings) {
      fprintf(stderr, "tile-compile: back end %.2f ms\n", nowMs() - observer.lastMs);
      printTimings(result);
    }
    ok = writeOutputs(&arguments, result);
    tileBackendResultDestroy(result);
  }
  mlirContextDestroy(context);
  return ok ? 0 : 1;
}
