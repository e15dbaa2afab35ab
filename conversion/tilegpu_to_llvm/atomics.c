/*===- atomics.c - tile.atomic_rmw and tile.atomic_cas ---------------------===*
 *
 * Each element is one predicated PTX `atom` in inline assembly, as Triton
 * emits it: `@$3 atom.acq_rel.gpu.global.add.f32 $0, [ $1 + 0 ], $2;`.
 * An element must be updated exactly once, so copies the layout holds more
 * than once (its free register, lane and warp bits; every thread for a
 * scalar) are predicated off, as stores are.
 *
 * What PTX lacks is built from what it has:
 *   - max/min on f32/f64 (there is no float atom.max): Triton's trick on
 *     the bits. Non-negative floats order like signed integers, negative
 *     ones in reverse like unsigned integers, and every non-negative float
 *     is below every negative one as unsigned. So max is atom.max.s on
 *     the bits when the value's sign bit is clear and atom.min.u when it is
 *     set (min the other way round), each predicated on the sign; -0.0 and
 *     +0.0 are then ordered, and NaN is not IEEE's.
 *   - fadd on f16 is atom.add.noftz.f16 (cuda:70 and newer), on bf16
 *     atom.add.noftz.bf16 (cuda:90 and newer), and a 16-bit
 *     compare-and-swap atom.cas.b16 (cuda:70); older targets get an error
 *     that says so.
 *   - The old value of an element with copies in other threads reaches
 *     only the thread that updated it. When the result is used it is
 *     broadcast: with a shuffle from the owning lane when the copies sit in
 *     one warp, through shared memory (tileAtomicScratchBytes, then a
 *     barrier) when they span warps. A scalar's owner is thread 0.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "dialects/target.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdio.h>
#include <string.h>

enum { HALF_ADD_CAPABILITY = 70, BF16_ADD_CAPABILITY = 90, HALF_CAS_CAPABILITY = 70 };

static const char *semanticName(int64_t value) {
  static const char *const names[] = {"", ".relaxed", ".acquire", ".release", ".acq_rel"};
  return value >= 1 && value <= 4 ? names[value] : NULL;
}

static const char *scopeName(int64_t value) {
  static const char *const names[] = {"", ".gpu", ".cta", ".sys"};
  return value >= 1 && value <= 3 ? names[value] : NULL;
}

static int64_t enumAttr(MlirOperation op, const char *name) {
  return tileEnumAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name)));
}

/* The PTX instructions of one element's update: `instruction`, or for a
 * float max/min `instruction` when the value's sign bit is clear and
 * `negativeInstruction` when it is set. */
typedef struct AtomInstructions {
  char instruction[96];
  char negativeInstruction[96];
} AtomInstructions;

/* The `.op.type` suffix of an atom for `kind` on `type` (and, for float
 * max/min, the one for negative values); false when PTX has none. */
static bool operationSuffix(int64_t kind, MlirType type, char *suffix,
                            char *negativeSuffix, size_t size) {
  unsigned bits = tileBitWidthOf(type);
  bool isFloat = tileIsFloat(type);
  negativeSuffix[0] = '\0';
  if (kind == TileAtomicRMWFAdd && isFloat && bits == 16) {
    snprintf(suffix, size, ".add.noftz.%s", mlirTypeIsABF16(type) ? "bf16" : "f16");
    return true;
  }
  if (bits != 32 && bits != 64)
    return false;
  switch (kind) {
  case TileAtomicRMWAnd:
  case TileAtomicRMWOr:
  case TileAtomicRMWXor:
  case TileAtomicRMWXchg: {
    static const char *const names[] = {"", "and", "or", "xor"};
    snprintf(suffix, size, ".%s.b%u", kind == TileAtomicRMWXchg ? "exch" : names[kind], bits);
    return true;
  }
  case TileAtomicRMWAdd:
    snprintf(suffix, size, ".add.u%u", bits);
    return !isFloat;
  case TileAtomicRMWFAdd:
    snprintf(suffix, size, ".add.f%u", bits);
    return isFloat;
  case TileAtomicRMWMax:
  case TileAtomicRMWMin: {
    bool isMax = kind == TileAtomicRMWMax;
    snprintf(suffix, size, ".%s.s%u", isMax ? "max" : "min", bits);
    if (isFloat)
      snprintf(negativeSuffix, size, ".%s.u%u", isMax ? "min" : "max", bits);
    return true;
  }
  case TileAtomicRMWUMax:
  case TileAtomicRMWUMin:
    snprintf(suffix, size, ".%s.u%u", kind == TileAtomicRMWUMax ? "max" : "min", bits);
    return !isFloat;
  default:
    return false;
  }
}

/* One atom: operands are pointer, values..., then the predicate. */
static MlirValue emitAtom(TileLowering *lowering, MlirLocation location,
                          const char *instruction, MlirType type, MlirValue pointer,
                          intptr_t numValues, const MlirValue *values,
                          MlirValue predicate) {
  MlirContext context = lowering->context;
  unsigned bits = tileBitWidthOf(type);
  MlirType word = mlirIntegerTypeGet(context, bits);
  const char *constraint = bits == 64 ? "l" : bits == 16 ? "h" : "r";
  MlirValue operands[4];
  intptr_t count = 0;
  operands[count++] = pointer;
  for (intptr_t i = 0; i < numValues; ++i)
    operands[count++] = mlirTypeEqual(type, word)
                            ? values[i]
                            : tileEmit(lowering, "llvm.bitcast", location, 1, &values[i],
                                       word, 0, NULL);
  char text[256], constraints[64], sources[32] = "";
  for (intptr_t i = 0; i < numValues; ++i) {
    size_t used = strlen(sources);
    snprintf(sources + used, sizeof(sources) - used, ", $%d", (int)(2 + i));
  }
  bool predicated = !mlirValueIsNull(predicate);
  if (predicated)
    operands[count++] = predicate;
  snprintf(text, sizeof(text), "%s%s $0, [ $1 + 0 ]%s;",
           predicated ? (numValues == 2 ? "@$4 " : "@$3 ") : "", instruction, sources);
  snprintf(constraints, sizeof(constraints), "=%s,l%s%s%s%s%s", constraint,
           numValues > 0 ? "," : "", numValues > 0 ? constraint : "",
           numValues > 1 ? "," : "", numValues > 1 ? constraint : "", predicated ? ",b" : "");
  MlirValue old =
      tileEmitInlineAsm(lowering, location, text, constraints, count, operands, word);
  return mlirTypeEqual(type, word)
             ? old
             : tileEmit(lowering, "llvm.bitcast", location, 1, &old, type, 0, NULL);
}

/* One element's update; a float max/min takes two atoms, one of them
 * predicated off by the value's sign. */
static MlirValue emitUpdate(TileLowering *lowering, MlirLocation location,
                            const AtomInstructions *atoms, MlirType type, MlirValue pointer,
                            intptr_t numValues, const MlirValue *values,
                            MlirValue predicate) {
  if (atoms->negativeInstruction[0] == '\0')
    return emitAtom(lowering, location, atoms->instruction, type, pointer, numValues, values,
                    predicate);
  MlirType word = mlirIntegerTypeGet(lowering->context, tileBitWidthOf(type));
  MlirValue bits = tileEmit(lowering, "llvm.bitcast", location, 1, &values[0], word, 0, NULL);
  MlirValue zero = tileEmitConstant(lowering, location, word, mlirIntegerAttrGet(word, 0));
  MlirValue negative = tileEmitCompare(lowering, location, "slt", bits, zero);
  MlirValue nonNegative = tileEmitCompare(lowering, location, "sge", bits, zero);
  MlirValue whenNonNegative =
      emitAtom(lowering, location, atoms->instruction, type, pointer, numValues, values,
               tileEmitAndPredicates(lowering, location, predicate, nonNegative));
  MlirValue whenNegative =
      emitAtom(lowering, location, atoms->negativeInstruction, type, pointer, numValues,
               values, tileEmitAndPredicates(lowering, location, predicate, negative));
  return tileEmitSelect(lowering, location, negative, whenNegative, whenNonNegative);
}

/* ---- Broadcasting old values to the copies ------------------------------ */

/* The lane and warp bits whose threads hold copies of the result's
 * elements (all of them for a scalar); false after an error at `op`. */
static bool copiesOf(TileLowering *lowering, MlirOperation op, uint32_t *freeLanes,
                     uint32_t *freeWarps, TileLinearLayout *layout) {
  MlirType pointerType = mlirValueGetType(mlirOperationGetOperand(op, 0));
  if (!tileIsTensor(pointerType)) {
    *freeLanes = (uint32_t)lowering->threadsPerWarp - 1;
    *freeWarps = (uint32_t)lowering->numWarps - 1;
    return true;
  }
  if (!tileLayoutOfTensor(lowering, op, pointerType, layout))
    return false;
  *freeLanes = tileLayoutGetFreeVariableMask(layout, TILE_LAYOUT_LANE);
  *freeWarps = tileLayoutGetFreeVariableMask(layout, TILE_LAYOUT_WARP);
  return true;
}

static bool resultUsed(MlirOperation op) {
  return !mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(op, 0)));
}

int64_t tileAtomicScratchBytes(TileLowering *lowering, MlirOperation op) {
  if (!resultUsed(op))
    return 0;
  uint32_t freeLanes, freeWarps;
  TileLinearLayout layout;
  if (!copiesOf(lowering, op, &freeLanes, &freeWarps, &layout))
    return -1;
  if (!freeWarps)
    return 0;
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  int64_t elements = tileIsTensor(resultType) ? tileNumElementsOf(resultType) : 1;
  return elements * tileSharedElementBytes(tileLoweredElementType(resultType));
}

/* Shuffles each register's old value from the lane without copy bits. */
static void broadcastInWarp(TileLowering *lowering, MlirLocation location,
                            uint32_t freeLanes, int32_t registers, MlirValue *results) {
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  MlirValue owner = tileEmitBinary(lowering, location, "llvm.and", lane,
                                   tileEmitI32(lowering, location, ~(int32_t)freeLanes));
  for (int32_t r = 0; r < registers; ++r)
    results[r] = tileEmitShuffleFromLane(lowering, location, results[r], owner);
}

/* The owners write each element's old value at its row-major index in the
 * scratch, a barrier, and every thread reads the elements it holds. */
static bool broadcastThroughShared(TileLowering *lowering, MlirOperation op,
                                   MlirLocation location, const TileLinearLayout *layout,
                                   MlirValue owner, int32_t registers, MlirValue *results) {
  int64_t scratchOffset;
  if (!tileSharedOffsetOf(op, &scratchOffset))
    return false;
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType elementType = tileLoweredElementType(resultType);
  int64_t bytes = tileSharedElementBytes(elementType);
  MlirValue addresses[TILE_LOWERING_MAX_REGISTERS];
  MlirValue base = tileEmitSharedBase(lowering, location);
  if (!tileIsTensor(resultType)) {
    addresses[0] =
        tileEmitSharedAddress(lowering, location, base, tileEmitI32(lowering, location, scratchOffset));
  } else {
    int64_t shape[TILE_LAYOUT_MAX_RANK];
    int32_t rank = (int32_t)tileShapeOf(resultType, shape, TILE_LAYOUT_MAX_RANK);
    MlirValue coordinates[TILE_LOWERING_MAX_REGISTERS * TILE_LAYOUT_MAX_RANK];
    tileEmitCoordinates(lowering, location, layout, rank, coordinates);
    for (int32_t r = 0; r < registers; ++r) {
      MlirValue index = tileEmitLinearIndex(lowering, location, rank, shape,
                                            coordinates + (size_t)r * rank, -1);
      MlirValue offset = tileEmitBinary(
          lowering, location, "llvm.add",
          tileEmitBinary(lowering, location, "llvm.mul", index,
                         tileEmitI32(lowering, location, bytes)),
          tileEmitI32(lowering, location, scratchOffset));
      addresses[r] = tileEmitSharedAddress(lowering, location, base, offset);
    }
  }
  MlirOperation ifOp = tileEmitBeginIf(lowering, location, owner);
  for (int32_t r = 0; r < registers; ++r)
    tileEmitSharedStore(lowering, location, addresses[r], results[r], bytes);
  tileEmitEndIf(lowering, ifOp);
  tileEmitBarrier(lowering, location);
  for (int32_t r = 0; r < registers; ++r)
    results[r] = tileEmitSharedLoad(lowering, location, addresses[r], elementType, bytes);
  return true;
}

/* ---- The ops -------------------------------------------------------------- */

/* Lowers either op: `numValues` value operands follow the pointer, then an
 * optional mask. */
static MlirLogicalResult lowerAtomic(TileLowering *lowering, MlirOperation op,
                                     const AtomInstructions *atoms, intptr_t numValues) {
  MlirValue pointers = mlirOperationGetOperand(op, 0);
  MlirType pointerType = mlirValueGetType(pointers);
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType elementType = tileElementTypeOf(resultType);
  bool isTensor = tileIsTensor(pointerType);
  intptr_t maskIndex = 1 + numValues;
  bool masked = mlirOperationGetNumOperands(op) > maskIndex;
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);

  TileLinearLayout layout;
  uint32_t freeLanes, freeWarps;
  if (!copiesOf(lowering, op, &freeLanes, &freeWarps, &layout))
    return mlirLogicalResultFailure();
  MlirType structType = {NULL};
  if (isTensor) {
    structType = tileLoweredType(lowering, op, resultType);
    if (mlirTypeIsNull(structType))
      return mlirLogicalResultFailure();
  }
  int32_t registers = isTensor ? tileLayoutGetNumRegisters(&layout) : 1;
  uint32_t freeRegisters =
      isTensor ? tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_REGISTER) : 0;
  MlirValue addresses[TILE_LOWERING_MAX_REGISTERS], masks[TILE_LOWERING_MAX_REGISTERS],
      values[2][TILE_LOWERING_MAX_REGISTERS], results[TILE_LOWERING_MAX_REGISTERS];
  if (isTensor) {
    tileEmitUnpack(lowering, location, tileLoweredValue(pointers), registers, addresses);
    for (intptr_t i = 0; i < numValues; ++i)
      tileEmitUnpack(lowering, location,
                     tileLoweredValue(mlirOperationGetOperand(op, 1 + i)), registers,
                     values[i]);
    if (masked)
      tileEmitUnpack(lowering, location,
                     tileLoweredValue(mlirOperationGetOperand(op, maskIndex)), registers,
                     masks);
  } else {
    addresses[0] = tileLoweredValue(pointers);
    for (intptr_t i = 0; i < numValues; ++i)
      values[i][0] = tileLoweredValue(mlirOperationGetOperand(op, 1 + i));
    if (masked)
      masks[0] = tileLoweredValue(mlirOperationGetOperand(op, maskIndex));
  }
  MlirValue owner = tileEmitOwnerPredicate(lowering, location, freeLanes, freeWarps);
  for (int32_t r = 0; r < registers; ++r) {
    if ((uint32_t)r & freeRegisters) {
      results[r] = results[(uint32_t)r & ~freeRegisters];
      continue;
    }
    MlirValue operands[2] = {values[0][r], numValues > 1 ? values[1][r] : values[0][r]};
    MlirValue predicate =
        tileEmitAndPredicates(lowering, location, owner, masked ? masks[r] : (MlirValue){NULL});
    results[r] = emitUpdate(lowering, location, atoms, elementType, addresses[r], numValues,
                            operands, predicate);
  }
  if (resultUsed(op) && freeWarps) {
    if (!broadcastThroughShared(lowering, op, location, &layout, owner, registers, results))
      return mlirLogicalResultFailure();
  } else if (resultUsed(op) && freeLanes) {
    broadcastInWarp(lowering, location, freeLanes, registers, results);
  }
  MlirValue lowered =
      isTensor ? tileEmitPack(lowering, location, structType, registers, results) : results[0];
  tileReplaceOp(lowering, op, &lowered);
  return mlirLogicalResultSuccess();
}

/* "atom.<sem>.<scope>.global" for the op's attributes, or false. */
static bool atomPrefix(MlirOperation op, char *prefix, size_t size) {
  const char *semantic = semanticName(enumAttr(op, "sem"));
  const char *scope = scopeName(enumAttr(op, "scope"));
  if (!semantic || !scope)
    return false;
  snprintf(prefix, size, "atom%s%s.global", semantic, scope);
  return true;
}

/* 16-bit atoms need a GPU that has them: `instruction` needs cuda:`needed`
 * or newer. False after an error at `op`. */
static bool requireCapability(TileLowering *lowering, MlirOperation op, int32_t needed,
                              const char *what, const char *instruction) {
  int32_t capability = tileTargetCapabilityOf(lowering->module, -1);
  if (capability >= needed)
    return true;
  char target[32] = "no tilegpu.target";
  if (capability >= 0)
    snprintf(target, sizeof(target), "cuda:%d", capability);
  tileLoweringError(op, "%s needs cuda:%d or newer (%s), and the module targets %s; use "
                        "32-bit values instead",
                    what, needed, instruction, target);
  return false;
}

MlirLogicalResult tileLowerAtomicRMW(TileLowering *lowering, MlirOperation op) {
  char prefix[64], suffix[32], negativeSuffix[32];
  AtomInstructions atoms;
  MlirType elementType = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  int64_t kind = enumAttr(op, "kind");
  if (!atomPrefix(op, prefix, sizeof(prefix)))
    return tileLoweringError(op, "unknown memory semantic or scope");
  if (!operationSuffix(kind, elementType, suffix, negativeSuffix, sizeof(suffix))) {
    char text[64];
    return tileLoweringError(op, "this atomic kind on %s is not lowered (every kind on "
                                 "32- and 64-bit integers, fadd/max/min/xchg on f32/f64, "
                                 "and fadd on f16/bf16 are)",
                             tileTypeToString(elementType, text, sizeof(text)));
  }
  bool isBF16 = mlirTypeIsABF16(elementType);
  if (tileBitWidthOf(elementType) == 16 &&
      !requireCapability(lowering, op, isBF16 ? BF16_ADD_CAPABILITY : HALF_ADD_CAPABILITY,
                         isBF16 ? "atomic fadd on bf16" : "atomic fadd on f16",
                         isBF16 ? "atom.add.noftz.bf16" : "atom.add.noftz.f16"))
    return mlirLogicalResultFailure();
  snprintf(atoms.instruction, sizeof(atoms.instruction), "%s%s", prefix, suffix);
  atoms.negativeInstruction[0] = '\0';
  if (negativeSuffix[0] != '\0')
    snprintf(atoms.negativeInstruction, sizeof(atoms.negativeInstruction), "%s%s", prefix,
             negativeSuffix);
  return lowerAtomic(lowering, op, &atoms, 1);
}

MlirLogicalResult tileLowerAtomicCAS(TileLowering *lowering, MlirOperation op) {
  char prefix[64];
  AtomInstructions atoms;
  MlirType elementType = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  unsigned bits = tileBitWidthOf(elementType);
  if (!atomPrefix(op, prefix, sizeof(prefix)))
    return tileLoweringError(op, "unknown memory semantic or scope");
  if (bits != 16 && bits != 32 && bits != 64)
    return tileLoweringError(op, "compare-and-swap is lowered for 16-, 32- and 64-bit "
                                 "elements only");
  if (bits == 16 && !requireCapability(lowering, op, HALF_CAS_CAPABILITY,
                                       "16-bit compare-and-swap", "atom.cas.b16"))
    return mlirLogicalResultFailure();
  snprintf(atoms.instruction, sizeof(atoms.instruction), "%s.cas.b%u", prefix, bits);
  atoms.negativeInstruction[0] = '\0';
  return lowerAtomic(lowering, op, &atoms, 2);
}
