/*===- gpu_debug_test.c - tile.print and tile.assert on the GPU -----------===*
 *
 * Runs examples/debug_ops.mlir and checks what the device prints:
 *
 *   - debug_print: the driver writes device printf output to the process's
 *     stdout when it synchronizes, so the launch and the synchronization
 *     run with stdout redirected to a temporary file. Every element must
 *     print exactly once, in the format debug_ops.c builds ("pid (p, 0, 0)
 *     idx (i) x=<value>"); threads print in no fixed order, so the lines
 *     are compared as a multiset.
 *   - debug_assert with a condition true everywhere: the kernel runs and
 *     synchronizes without error.
 *   - debug_assert failing for a few elements: a device-side assert leaves
 *     the CUDA context unusable, and CUDA cannot be used in a forked child
 *     of a process that already initialized it, so the case runs this
 *     program again (fork, then exec of itself with
 *     --failing-assert-child) with stdout and stderr going to a file. The
 *     child launches, synchronizes and prints one report line with the
 *     status and tileRuntimeGetLastError()'s text; the parent checks that
 *     the synchronization failed with CUDA_ERROR_ASSERT and that the device
 *     printed the assertion with the op's file:line, the kernel and the
 *     message. compute-sanitizer reports the assert as an error, so under a
 *     sanitizer (run_all.sh sets TILE_GPU_SANITIZER) this case skips.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "gpu_test.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
  PRINT_BLOCK = 16,    /* elements per program of debug_print */
  PRINT_PROGRAMS = 2,
  ASSERT_BLOCK = 128,  /* elements per program of debug_assert */
  ASSERT_COUNT = 300,  /* x[i] = i: 3 programs, the last one ragged */
  ASSERT_FAILING = 3,  /* elements at or above the failing case's limit */
  ASSERT_LINE = 52,    /* the line of tile.assert in examples/debug_ops.mlir */
  CHILD_SECONDS = 120, /* after this the failing-assert child is killed */
  LINES_SHOWN = 5,     /* mismatching lines a FAIL lists */
  OUTPUT_LINES_SHOWN = 40
};

static const char childFlag[] = "--failing-assert-child";
static const char childReport[] = "failing-assert child:";
static const char assertMessage[] = "x must be below the limit";
/* What CUDA's __assertfail prints before the thread index: "<file>:<line>:
 * <function>: block: [x,y,z], thread: [...] Assertion `<message>` failed." */
static const char assertLocation[] = "examples/debug_ops.mlir:%d: debug_assert: "
                                     "block: [%d,0,0]";

/* The environment variable run_all.sh sets to the compute-sanitizer tool it
 * runs the tests under. */
static const char sanitizerVariable[] = "TILE_GPU_SANITIZER";

/*===----------------------------------------------------------------------===*
 * Text
 *===----------------------------------------------------------------------===*/

/* Returns the whole content of `file` as a NUL-terminated string the caller
 * frees, or NULL when it cannot be read. */
static char *readAll(FILE *file) {
  if (fflush(file) != 0 || fseek(file, 0, SEEK_END) != 0)
    return NULL;
  long length = ftell(file);
  if (length < 0 || fseek(file, 0, SEEK_SET) != 0)
    return NULL;
  char *text = malloc((size_t)length + 1);
  if (!text)
    return NULL;
  size_t bytesRead = fread(text, 1, (size_t)length, file);
  text[bytesRead] = '\0';
  return text;
}

static int compareStrings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Cuts `text` into its lines (in place, without the newlines) and returns
 * them sorted in `*lines` (the caller frees the array), or -1 when out of
 * memory. */
static long sortedLines(char *text, char ***lines) {
  size_t capacity = 1;
  for (const char *at = text; *at; ++at)
    capacity += *at == '\n';
  *lines = malloc(capacity * sizeof(char *));
  if (!*lines)
    return -1;
  long count = 0;
  for (char *start = text; *start;) {
    char *end = strchr(start, '\n');
    (*lines)[count++] = start;
    if (!end)
      break;
    *end = '\0';
    start = end + 1;
  }
  qsort(*lines, (size_t)count, sizeof(char *), compareStrings);
  return count;
}

/* Prints the lines of `text` (at most OUTPUT_LINES_SHOWN), indented, under
 * a FAIL line. */
static void showOutput(const char *what, const char *text) {
  printf("    %s:\n", what);
  int shown = 0;
  for (const char *start = text; *start && shown < OUTPUT_LINES_SHOWN; ++shown) {
    size_t length = strcspn(start, "\n");
    printf("    | %.*s\n", (int)length, start);
    start += length + (start[length] == '\n');
  }
  if (shown == 0)
    printf("    (nothing)\n");
  fflush(stdout);
}

/* Passes the case when `got` and `want` hold the same lines (in any order,
 * each as often); otherwise fails it, listing the first lines missing and
 * the first unexpected ones. Both texts are cut up. */
static void compareLines(GpuCase *testCase, char *got, char *want) {
  char **gotLines = NULL, **wantLines = NULL;
  long gotCount = sortedLines(got, &gotLines);
  long wantCount = sortedLines(want, &wantLines);
  if (gotCount < 0 || wantCount < 0) {
    gpuCaseFail(testCase, "out of host memory comparing the printed lines");
    goto done;
  }
  const char *missing[LINES_SHOWN], *unexpected[LINES_SHOWN];
  long missingCount = 0, unexpectedCount = 0;
  for (long g = 0, w = 0; g < gotCount || w < wantCount;) {
    int order = g == gotCount    ? 1
                : w == wantCount ? -1
                                 : strcmp(gotLines[g], wantLines[w]);
    if (order == 0) {
      ++g, ++w;
    } else if (order < 0) {
      if (unexpectedCount < LINES_SHOWN)
        unexpected[unexpectedCount] = gotLines[g];
      ++unexpectedCount, ++g;
    } else {
      if (missingCount < LINES_SHOWN)
        missing[missingCount] = wantLines[w];
      ++missingCount, ++w;
    }
  }
  if (missingCount == 0 && unexpectedCount == 0) {
    gpuCasePass(testCase, NULL, "lines=%ld, each printed once as expected", wantCount);
    goto done;
  }
  gpuCaseFail(testCase,
              "%ld of the %ld expected lines missing, %ld unexpected lines (%ld "
              "printed)",
              missingCount, wantCount, unexpectedCount, gotCount);
  for (long i = 0; i < missingCount && i < LINES_SHOWN; ++i)
    printf("    missing:    %s\n", missing[i]);
  for (long i = 0; i < unexpectedCount && i < LINES_SHOWN; ++i)
    printf("    unexpected: %s\n", unexpected[i]);
  fflush(stdout);
done:
  free(gotLines);
  free(wantLines);
}

/*===----------------------------------------------------------------------===*
 * tile.print
 *===----------------------------------------------------------------------===*/

/* Launches `kernel` on `programs` programs and waits for it with stdout
 * going to a temporary file, and returns what was written there (the
 * caller frees it), or NULL when the case failed. On a failed launch the
 * captured text, the FAIL line included, goes to stdout after all. */
static char *launchCapturingStdout(GpuCase *testCase, const GpuKernel *kernel,
                                   unsigned programs) {
  if (testCase->failed)
    return NULL;
  fflush(stdout);
  FILE *capture = tmpfile();
  int savedStdout = capture ? dup(STDOUT_FILENO) : -1;
  if (savedStdout < 0 || dup2(fileno(capture), STDOUT_FILENO) < 0) {
    int error = errno;
    if (savedStdout >= 0)
      close(savedStdout);
    if (capture)
      fclose(capture);
    gpuCaseFail(testCase, "cannot send stdout to a temporary file: %s", strerror(error));
    return NULL;
  }
  bool launched = gpuCaseLaunch(testCase, kernel, programs, 1, 1);
  /* The driver hands the device's output to stdio at the synchronization:
   * flush it into the file before stdout goes back. */
  fflush(stdout);
  dup2(savedStdout, STDOUT_FILENO);
  close(savedStdout);
  char *text = readAll(capture);
  fclose(capture);
  if (!launched) {
    if (text)
      fputs(text, stdout);
    fflush(stdout);
    free(text);
    return NULL;
  }
  if (!text)
    gpuCaseFail(testCase, "cannot read back what the kernel printed");
  return text;
}

/* Appends a printf-formatted line to `text` (of `capacity` bytes). */
static void appendLine(char *text, size_t capacity, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static void appendLine(char *text, size_t capacity, const char *format, ...) {
  size_t used = strlen(text);
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(text + used, capacity - used, format, arguments);
  va_end(arguments);
}

static void testPrint(GpuTest *test) {
  enum { COUNT = PRINT_BLOCK * PRINT_PROGRAMS, LINE_BYTES = 64 };
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "print i32, f32 and a scalar n=%d programs=%d", COUNT,
                    PRINT_PROGRAMS))
    return;
  GpuKernel kernel;
  int32_t *x = gpuCaseHost(&c, COUNT, sizeof(int32_t));
  size_t capacity = (size_t)(2 * COUNT + PRINT_PROGRAMS) * LINE_BYTES;
  char *want = gpuCaseHost(&c, capacity, 1);
  if (!gpuCaseKernel(&c, "debug_ops", "debug_print", &kernel))
    goto done;
  /* Negative values too, so a sign lost on the way shows. */
  for (int i = 0; i < COUNT; ++i)
    x[i] = 7 * i - 50;
  /* The formats of debug_ops.c: "pid (%u, %u, %u) idx (%u) <prefix><value>",
   * %d for signed integers and %f for floats (x/2 is exact in float, so
   * the host's %f gives the same digits). */
  for (int p = 0; p < PRINT_PROGRAMS; ++p) {
    for (int i = 0; i < PRINT_BLOCK; ++i) {
      int32_t value = x[p * PRINT_BLOCK + i];
      appendLine(want, capacity, "pid (%d, 0, 0) idx (%d) x=%d\n", p, i, value);
      appendLine(want, capacity, "pid (%d, 0, 0) idx (%d) x/2=%f\n", p, i,
                 (double)((float)value * 0.5f));
    }
    appendLine(want, capacity, "pid (%d, 0, 0) n=%d\n", p, COUNT);
  }
  TileDevicePtr dx = gpuCaseUpload(&c, x, COUNT * sizeof(int32_t));
  gpuArgsBegin(&c);
  gpuArgPointer(&c, dx);
  gpuArgI32(&c, COUNT);
  char *printed = launchCapturingStdout(&c, &kernel, PRINT_PROGRAMS);
  if (printed)
    compareLines(&c, printed, want);
  free(printed);
done:
  gpuCaseEnd(&c);
}

/*===----------------------------------------------------------------------===*
 * tile.assert
 *===----------------------------------------------------------------------===*/

/* Loads debug_assert and sets up its launch on x[i] = i, i < ASSERT_COUNT,
 * with `limit`. Returns false when the case failed. */
static bool prepareAssert(GpuCase *testCase, GpuKernel *kernel, int limit) {
  int32_t *x = gpuCaseHost(testCase, ASSERT_COUNT, sizeof(int32_t));
  if (!gpuCaseKernel(testCase, "debug_ops", "debug_assert", kernel))
    return false;
  for (int i = 0; i < ASSERT_COUNT; ++i)
    x[i] = i;
  TileDevicePtr dx = gpuCaseUpload(testCase, x, ASSERT_COUNT * sizeof(int32_t));
  gpuArgsBegin(testCase);
  gpuArgPointer(testCase, dx);
  gpuArgI32(testCase, ASSERT_COUNT);
  gpuArgI32(testCase, limit);
  return !testCase->failed;
}

static void testPassingAssert(GpuTest *test) {
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "assert passing n=%d limit=%d", ASSERT_COUNT, ASSERT_COUNT))
    return;
  GpuKernel kernel;
  if (prepareAssert(&c, &kernel, ASSERT_COUNT) &&
      gpuCaseLaunch(&c, &kernel, gpuBlocksOf(ASSERT_COUNT, ASSERT_BLOCK), 1, 1))
    gpuCasePass(&c, NULL, "ran and synchronized without error");
  gpuCaseEnd(&c);
}

/* The child's side of the failing-assert case (see main): launches,
 * synchronizes, prints the report line and exits at once, since the assert
 * left the context unusable and tearing it down would only add errors. */
static void runFailingAssertChild(GpuTest *test) {
  GpuCase c;
  gpuCaseBegin(&c, test, "failing assert child");
  GpuKernel kernel;
  if (!prepareAssert(&c, &kernel, ASSERT_COUNT - ASSERT_FAILING))
    return;
  if (test->argsFailed) {
    gpuCaseFail(&c, "building the arguments: %s", tileRuntimeGetLastError(test->runtime));
    return;
  }
  TileDim3 grid = {gpuBlocksOf(ASSERT_COUNT, ASSERT_BLOCK), 1, 1};
  TileDim3 block = {kernel.threadsPerBlock, 1, 1};
  TileStream defaultStream = {NULL};
  TileRuntimeStatus status = tileKernelLaunch(test->runtime, kernel.kernel, defaultStream,
                                              grid, block, kernel.sharedBytes, test->args);
  if (status == TILE_RUNTIME_SUCCESS)
    status = tileRuntimeSynchronize(test->runtime);
  printf("%s %s: %s\n", childReport, tileRuntimeStatusGetName(status),
         status == TILE_RUNTIME_SUCCESS ? "" : tileRuntimeGetLastError(test->runtime));
  fflush(stdout);
  fflush(stderr);
  _exit(0);
}

/* Runs this program as the failing-assert child with stdout and stderr
 * going to `output`. Returns false (errno set) when it could not be
 * started; otherwise `*waitStatus` is its status from waitpid. */
static bool runChild(GpuTest *test, FILE *output, int *waitStatus) {
  /* The program's path, not "/proc/self/exe" itself, which under a tool
   * such as valgrind names the tool. */
  char program[4096];
  ssize_t length = readlink("/proc/self/exe", program, sizeof(program) - 1);
  if (length < 0)
    return false;
  program[length] = '\0';
  char *arguments[] = {(char *)"gpu_debug_test", (char *)childFlag,
                       (char *)"--kernels",      (char *)test->kernelRoot,
                       (char *)"--arch",         test->arch,
                       test->loadPtx ? (char *)"--ptx" : NULL,
                       NULL};
  fflush(stdout);
  fflush(stderr);
  pid_t child = fork();
  if (child < 0)
    return false;
  if (child == 0) {
    dup2(fileno(output), STDOUT_FILENO);
    dup2(fileno(output), STDERR_FILENO);
    /* A pending alarm survives exec: a child that hangs is killed. */
    alarm(CHILD_SECONDS);
    execv(program, arguments);
    dprintf(STDERR_FILENO, "cannot run %s: %s\n", program, strerror(errno));
    _exit(127);
  }
  while (waitpid(child, waitStatus, 0) < 0)
    if (errno != EINTR)
      return false;
  return true;
}

/* Copies the rest of the child's report line ("<status>: <message>") into
 * `report`; false when the child printed none. */
static bool findReport(const char *output, char *report, size_t size) {
  size_t markerLength = strlen(childReport);
  for (const char *line = output; line && *line;) {
    const char *end = strchr(line, '\n');
    if (strncmp(line, childReport, markerLength) == 0 && line[markerLength] == ' ') {
      const char *start = line + markerLength + 1;
      size_t length = end ? (size_t)(end - start) : strlen(start);
      snprintf(report, size, "%.*s", (int)length, start);
      return true;
    }
    line = end ? end + 1 : NULL;
  }
  return false;
}

/* Checks the assertion lines the device printed into `output`: at least
 * one, and every one from the op's line, the kernel, and the last program
 * (the only one with elements at or above the limit). Returns the first
 * (cut at its end), or NULL when the case failed. */
static const char *checkAssertLines(GpuCase *testCase, char *output, int *count) {
  char wanted[128], location[128];
  snprintf(wanted, sizeof(wanted), "Assertion `%s` failed", assertMessage);
  snprintf(location, sizeof(location), assertLocation, ASSERT_LINE,
           (int)gpuBlocksOf(ASSERT_COUNT, ASSERT_BLOCK) - 1);
  char *first = NULL;
  *count = 0;
  for (char *line = output; line && *line;) {
    char *end = strchr(line, '\n');
    if (end)
      *end = '\0';
    if (strstr(line, wanted)) {
      if (!strstr(line, location)) {
        gpuCaseFail(testCase, "the device's assertion message does not name \"%s\": %s",
                    location, line);
        return NULL;
      }
      if (!first)
        first = line;
      ++*count;
    }
    line = end ? end + 1 : NULL;
  }
  if (!first)
    gpuCaseFail(testCase, "the device printed no line with \"%s\"", wanted);
  return first;
}

static void testFailingAssert(GpuTest *test) {
  int limit = ASSERT_COUNT - ASSERT_FAILING;
  GpuCase c;
  if (!gpuCaseBegin(&c, test, "assert failing n=%d limit=%d (child process)", ASSERT_COUNT,
                    limit))
    return;
  /* compute-sanitizer reports a device-side assert as an error (and would
   * follow the child), which would fail a sanitizer run that is otherwise
   * clean; the assert itself is checked in the runs without it. */
  const char *sanitizer = getenv(sanitizerVariable);
  if (sanitizer && sanitizer[0]) {
    printf("SKIP %s: under compute-sanitizer (%s=%s), which counts the device-side "
           "assert as an error\n",
           c.name, sanitizerVariable, sanitizer);
    fflush(stdout);
    return;
  }
  FILE *output = tmpfile();
  int waitStatus = 0;
  if (!output || !runChild(test, output, &waitStatus)) {
    gpuCaseFail(&c, "cannot run the child process: %s", strerror(errno));
    if (output)
      fclose(output);
    return;
  }
  char *text = readAll(output);
  fclose(output);
  char *shown = text ? strdup(text) : NULL;
  if (!text || !shown) {
    gpuCaseFail(&c, "cannot read back the child's output");
    goto done;
  }
  if (!WIFEXITED(waitStatus)) {
    int number = WIFSIGNALED(waitStatus) ? WTERMSIG(waitStatus) : 0;
    gpuCaseFail(&c, "the child was killed by signal %d%s", number,
                number == SIGALRM ? " (it ran past its time limit)" : "");
    showOutput("its output", shown);
    goto done;
  }
  char report[1024];
  if (!findReport(text, report, sizeof(report))) {
    gpuCaseFail(&c, "the child reported no synchronization (exit %d)",
                WEXITSTATUS(waitStatus));
    showOutput("its output", shown);
    goto done;
  }
  if (strncmp(report, "TILE_RUNTIME_SUCCESS", 20) == 0) {
    gpuCaseFail(&c, "the synchronization succeeded: the assert did not stop the kernel");
    showOutput("the child's output", shown);
    goto done;
  }
  if (!strstr(report, "cuCtxSynchronize failed: CUDA_ERROR_ASSERT")) {
    gpuCaseFail(&c, "the child did not fail with CUDA_ERROR_ASSERT at the synchronization: %s",
                report);
    showOutput("its output", shown);
    goto done;
  }
  int count;
  const char *assertLine = checkAssertLines(&c, text, &count);
  if (!assertLine) {
    showOutput("the child's output", shown);
    goto done;
  }
  gpuCasePass(&c, NULL, "sync: %s | device (%d assertion line%s): %s", report, count,
              count == 1 ? "" : "s", assertLine);
done:
  free(text);
  free(shown);
  gpuCaseEnd(&c);
}

static void runCases(GpuTest *test) {
  testPrint(test);
  testPassingAssert(test);
  testFailingAssert(test);
}

int main(int argc, char **argv) {
  /* The failing-assert child: the same command line with childFlag first. */
  if (argc > 1 && strcmp(argv[1], childFlag) == 0) {
    argv[1] = argv[0];
    return gpuTestMain("gpu_debug_test (failing-assert child)", argc - 1, argv + 1,
                       runFailingAssertChild);
  }
  return gpuTestMain("gpu_debug_test", argc, argv, runCases);
}
