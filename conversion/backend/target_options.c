/* Checks TileBackendOptions and turns them into what LLVM and ptxas are told
 * (TileBackendTarget).
 *
 * Invariant: every (arch, PTX version) pair this file accepts is one LLVM 22's
 * NVPTX back end accepts. LLVM reports a too-old PTX version for a GPU with a
 * fatal error that ends the process, so the table below carries each GPU's
 * minimum and the checks here must run before a target machine is made.
 */
#include <stdio.h>
#include <string.h>

#include "backend_internal.h"

typedef struct KnownGpu {
  const char *name;   /* what follows "cuda:" */
  int minPtxVersion;  /* LLVM 22's minimum for this GPU */
} KnownGpu;

/* GPUs LLVM 22's NVPTX back end knows from Volta on. CUDA 13's ptxas
 * assembles sm_75 and newer; Volta PTX is left to the driver's JIT. */
static const KnownGpu knownGpus[] = {
    {"70", 60},   {"72", 61},   {"75", 63},   {"80", 70},   {"86", 71},
    {"87", 74},   {"88", 90},   {"89", 78},   {"90", 78},   {"90a", 80},
    {"100", 86},  {"100a", 86}, {"100f", 88}, {"101", 86},  {"101a", 86},
    {"103", 88},  {"103a", 88}, {"110", 90},  {"110a", 90}, {"120", 87},
    {"120a", 87}, {"121", 88},  {"121a", 88},
};

/* The PTX version used when the options leave it at 0: PTX 8.0 (CUDA 12.0
 * drivers and newer JIT it), or the GPU's minimum where that is higher. */
enum { defaultPtxVersion = 80, newestPtxVersion = 90 };

static const int knownPtxVersions[] = {60, 61, 62, 63, 64, 65, 70, 71, 72,
                                       73, 74, 75, 76, 77, 78, 80, 81, 82,
                                       83, 84, 85, 86, 87, 88, 90};

static void appendKnownTargets(TileBackendBuffer *error) {
  for (size_t i = 0; i < sizeof(knownGpus) / sizeof(knownGpus[0]); ++i)
    tileBackendBufferAppendFormat(error, "%scuda:%s", i ? ", " : "",
                                  knownGpus[i].name);
}

static const KnownGpu *findGpu(MlirStringRef target, TileBackendBuffer *error) {
  static const char prefix[] = "cuda:";
  size_t prefixLength = sizeof(prefix) - 1;
  if (target.length > prefixLength &&
      memcmp(target.data, prefix, prefixLength) == 0) {
    const char *name = target.data + prefixLength;
    size_t nameLength = target.length - prefixLength;
    for (size_t i = 0; i < sizeof(knownGpus) / sizeof(knownGpus[0]); ++i)
      if (strlen(knownGpus[i].name) == nameLength &&
          memcmp(knownGpus[i].name, name, nameLength) == 0)
        return &knownGpus[i];
  }
  tileBackendBufferAppendFormat(error, "unknown target '%.*s'; expected one of ",
                                (int)target.length, target.data);
  appendKnownTargets(error);
  return NULL;
}

static bool isKnownPtxVersion(int version) {
  for (size_t i = 0; i < sizeof(knownPtxVersions) / sizeof(int); ++i)
    if (knownPtxVersions[i] == version)
      return true;
  return false;
}

static bool choosePtxVersion(const KnownGpu *gpu, int requested, int *version,
                             TileBackendBuffer *error) {
  if (requested == 0) {
    *version = gpu->minPtxVersion > defaultPtxVersion ? gpu->minPtxVersion
                                                      : defaultPtxVersion;
    return true;
  }
  if (!isKnownPtxVersion(requested)) {
    tileBackendBufferAppendFormat(
        error,
        "unsupported PTX version %d; expected 0 (the target's default) or a "
        "PTX ISA version times ten from 60 to %d, e.g. 80 for PTX 8.0",
        requested, newestPtxVersion);
    return false;
  }
  if (requested < gpu->minPtxVersion) {
    tileBackendBufferAppendFormat(
        error, "PTX version %d is too old for cuda:%s; it needs %d or newer",
        requested, gpu->name, gpu->minPtxVersion);
    return false;
  }
  *version = requested;
  return true;
}

bool tileBackendRequirePtxVersion(TileBackendTarget *target, int required,
                                  int requested, TileBackendBuffer *error) {
  if (required <= target->ptxVersion)
    return true;
  if (requested != 0 || !isKnownPtxVersion(required)) {
    tileBackendBufferAppendFormat(
        error,
        "the module's instructions need PTX version %d or newer (fp8 mma.sync "
        "needs 84), but PTX version %d was asked for; ask for 0 (the "
        "default) or %d",
        required, target->ptxVersion, required);
    return false;
  }
  target->ptxVersion = required;
  snprintf(target->features, sizeof(target->features), "+ptx%d", required);
  return true;
}

bool tileBackendParseOptions(const TileBackendOptions *options,
                             TileBackendTarget *target,
                             TileBackendBuffer *error) {
  if (!options) {
    tileBackendBufferAppendString(error, "no backend options were given");
    return false;
  }
  const KnownGpu *gpu = findGpu(options->target, error);
  if (!gpu)
    return false;
  if (options->optLevel < 0 || options->optLevel > 3) {
    tileBackendBufferAppendFormat(
        error, "optimization level %d is out of range; expected 0, 1, 2 or 3",
        options->optLevel);
    return false;
  }
  if (options->maxRegisters != 0 &&
      (options->maxRegisters < 24 || options->maxRegisters > 255)) {
    tileBackendBufferAppendFormat(
        error,
        "register limit %d is out of range; expected 24 to 255, or 0 for none",
        options->maxRegisters);
    return false;
  }
  int ptxVersion = 0;
  if (!choosePtxVersion(gpu, options->ptxVersion, &ptxVersion, error))
    return false;
  memset(target, 0, sizeof(*target));
  snprintf(target->arch, sizeof(target->arch), "sm_%s", gpu->name);
  snprintf(target->features, sizeof(target->features), "+ptx%d", ptxVersion);
  target->ptxVersion = ptxVersion;
  target->optLevel = options->optLevel;
  target->flushDenormalsToZero = options->flushDenormalsToZero;
  target->maxRegisters = options->maxRegisters;
  return true;
}
