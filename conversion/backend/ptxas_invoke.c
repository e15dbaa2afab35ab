/* Assembles PTX into a cubin by running NVIDIA's `ptxas`.
 *
 * ptxas is found from the option, else on $PATH, else under $CUDA_HOME/bin,
 * else at /usr/local/cuda/bin/ptxas. It runs through posix_spawn (no shell,
 * so no quoting issues) on files in a private temporary directory that is
 * removed afterwards; its stdout and stderr are captured through a pipe.
 *
 * Invariants: no descriptor outlives the call, and the only child process is
 * waited for before returning. No file does either, except the PTX that
 * ptxas rejected: it is kept, and the error names it in a command that
 * reproduces the failure.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend_internal.h"

extern char **environ;

static const char defaultPtxasPath[] = "/usr/local/cuda/bin/ptxas";

static bool isExecutableFile(const char *path) {
  struct stat info;
  return stat(path, &info) == 0 && S_ISREG(info.st_mode) &&
         access(path, X_OK) == 0;
}

static bool searchPathForPtxas(TileBackendBuffer *path) {
  const char *searchPath = getenv("PATH");
  while (searchPath && *searchPath) {
    const char *end = strchr(searchPath, ':');
    size_t length = end ? (size_t)(end - searchPath) : strlen(searchPath);
    if (length) {
      path->length = 0;
      tileBackendBufferAppendFormat(path, "%.*s/ptxas", (int)length,
                                    searchPath);
      if (isExecutableFile(path->data))
        return true;
    }
    searchPath = end ? end + 1 : NULL;
  }
  return false;
}

/* Fills `path` with the ptxas to run. Returns false with an error only when
 * the option names a ptxas that cannot be run; sets *found otherwise. */
static bool findPtxas(MlirStringRef option, TileBackendBuffer *path,
                      bool *found, TileBackendBuffer *error) {
  *found = true;
  if (option.length) {
    tileBackendBufferAppend(path, option.data, option.length);
    if (isExecutableFile(path->data))
      return true;
    tileBackendBufferAppendFormat(
        error, "ptxas '%s' (the ptxasPath option) is not an executable file",
        path->data);
    return false;
  }
  if (searchPathForPtxas(path))
    return true;
  const char *cudaHome = getenv("CUDA_HOME");
  if (cudaHome && *cudaHome) {
    path->length = 0;
    tileBackendBufferAppendFormat(path, "%s/bin/ptxas", cudaHome);
    if (isExecutableFile(path->data))
      return true;
  }
  path->length = 0;
  tileBackendBufferAppendString(path, defaultPtxasPath);
  *found = isExecutableFile(path->data);
  return true;
}

static bool writeWholeFile(const char *path, const char *bytes, size_t length,
                           TileBackendBuffer *error) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  while (fd >= 0 && length) {
    ssize_t written = write(fd, bytes, length);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      break;
    bytes += written;
    length -= (size_t)written;
  }
  bool ok = fd >= 0 && length == 0;
  if (fd >= 0 && close(fd) != 0)
    ok = false;
  if (!ok)
    tileBackendBufferAppendFormat(error, "cannot write '%s': %s", path,
                                  strerror(errno));
  return ok;
}

/* Appends everything readable from `fd` until end of file. */
static bool readUntilEnd(int fd, TileBackendBuffer *into) {
  char chunk[16384];
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof(chunk));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return false;
    if (got == 0)
      return true;
    tileBackendBufferAppend(into, chunk, (size_t)got);
  }
}

static bool readWholeFile(const char *path, TileBackendBuffer *into,
                          TileBackendBuffer *error) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  bool ok = fd >= 0 && readUntilEnd(fd, into);
  if (!ok)
    tileBackendBufferAppendFormat(error, "cannot read ptxas output '%s': %s",
                                  path, strerror(errno));
  if (fd >= 0)
    close(fd);
  return ok;
}

/* Runs argv[0] with argv, waits for it, and collects its stdout and stderr
 * in `output`. Returns false only if it could not be started or waited for;
 * *exitStatus is its exit code, or -1 if it died by a signal. */
static bool spawnAndCapture(char *const argv[], TileBackendBuffer *output,
                            int *exitStatus, TileBackendBuffer *error) {
  int pipeEnds[2];
  if (pipe2(pipeEnds, O_CLOEXEC) != 0) {
    tileBackendBufferAppendFormat(error, "cannot create a pipe for ptxas: %s",
                                  strerror(errno));
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2);
  pid_t child = 0;
  int spawnError = posix_spawn(&child, argv[0], &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipeEnds[1]);
  if (spawnError != 0) {
    close(pipeEnds[0]);
    tileBackendBufferAppendFormat(error, "cannot start '%s': %s", argv[0],
                                  strerror(spawnError));
    return false;
  }
  readUntilEnd(pipeEnds[0], output);
  close(pipeEnds[0]);
  int status = 0;
  pid_t waited;
  do {
    waited = waitpid(child, &status, 0);
  } while (waited < 0 && errno == EINTR);
  if (waited < 0) {
    tileBackendBufferAppendFormat(error, "cannot wait for '%s': %s", argv[0],
                                  strerror(errno));
    return false;
  }
  *exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return true;
}

static void makeTemporaryDirectoryTemplate(TileBackendBuffer *directory) {
  const char *base = getenv("TMPDIR");
  if (!base || !*base)
    base = "/tmp";
  tileBackendBufferAppendFormat(directory, "%s/tile-ptxas-XXXXXX", base);
}

static void appendPtxasFailure(TileBackendBuffer *error, const char *ptxas,
                               const TileBackendTarget *target, int exitStatus,
                               const TileBackendBuffer *log) {
  tileBackendBufferAppendFormat(error, "ptxas (%s -arch=%s) ", ptxas,
                                target->arch);
  if (exitStatus < 0)
    tileBackendBufferAppendString(error, "was killed by a signal");
  else
    tileBackendBufferAppendFormat(error, "failed with exit status %d",
                                  exitStatus);
  tileBackendBufferAppendFormat(error, ":\n%s", log->data ? log->data : "");
  if (log->data && strstr(log->data, "gpu-name"))
    tileBackendBufferAppendFormat(
        error,
        "\nthis ptxas cannot assemble for %s; set emitCubin to false to get "
        "PTX that the driver compiles at load time",
        target->arch);
}

bool tileBackendRunPtxas(MlirStringRef ptxasOption,
                         const TileBackendTarget *target,
                         const TileBackendBuffer *ptx, TileBackendBuffer *cubin,
                         bool *found, TileBackendBuffer *log,
                         TileBackendBuffer *error) {
  TileBackendBuffer ptxas = {0}, directory = {0}, ptxPath = {0},
                    cubinPath = {0}, output = {0};
  bool ok = findPtxas(ptxasOption, &ptxas, found, error);
  if (!ok || !*found) {
    tileBackendBufferFree(&ptxas);
    return ok;
  }
  makeTemporaryDirectoryTemplate(&directory);
  if (!mkdtemp(directory.data)) {
    tileBackendBufferAppendFormat(error,
                                  "cannot create a temporary directory '%s' "
                                  "for ptxas: %s",
                                  directory.data, strerror(errno));
    tileBackendBufferFree(&ptxas);
    tileBackendBufferFree(&directory);
    return false;
  }
  tileBackendBufferAppendFormat(&ptxPath, "%s/kernel.ptx", directory.data);
  tileBackendBufferAppendFormat(&cubinPath, "%s/kernel.cubin", directory.data);
  char archFlag[32], optFlag[8];
  snprintf(archFlag, sizeof(archFlag), "-arch=%s", target->arch);
  snprintf(optFlag, sizeof(optFlag), "-O%d", target->optLevel);
  char *argv[] = {ptxas.data, archFlag, optFlag, "-o",
                  cubinPath.data, ptxPath.data, NULL};
  int exitStatus = 0;
  ok = writeWholeFile(ptxPath.data, ptx->data, ptx->length, error) &&
       spawnAndCapture(argv, &output, &exitStatus, error);
  bool rejected = ok && exitStatus != 0;
  if (rejected) {
    appendPtxasFailure(error, ptxas.data, target, exitStatus, &output);
    tileBackendBufferAppendFormat(error,
                                  "\nthe PTX is kept; reproduce with: %s %s "
                                  "%s %s",
                                  ptxas.data, archFlag, optFlag, ptxPath.data);
    ok = false;
  }
  ok = ok && readWholeFile(cubinPath.data, cubin, error);
  if (ok && output.length)
    tileBackendBufferAppendFormat(log, "ptxas: %s", output.data);
  unlink(cubinPath.data);
  if (!rejected) {
    unlink(ptxPath.data);
    rmdir(directory.data);
  }
  tileBackendBufferFree(&ptxas);
  tileBackendBufferFree(&directory);
  tileBackendBufferFree(&ptxPath);
  tileBackendBufferFree(&cubinPath);
  tileBackendBufferFree(&output);
  return ok;
}
