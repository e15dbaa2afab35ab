/*===- atomics.c - tile.atomic_rmw and tile.atomic_cas ---------------------===*
 *
 * Each element is one predicated PTX `atom` in inline assembly, as Triton
 * emits it: `@$3 atom.acq_rel.gpu.global.add.f32 $0, [ $1 + 0 ], $2;`.
 * An element must be updated exactly once, so copies the layout holds more
 * than once (its free register, lane and warp bits; every thread for a
 * scalar) are predicated off, as stores are. A copy then has no old value
 * to return: results are lowered only when every element has one owner, or
 * when the copies sit in registers of the owning thread.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdio.h>
#include <string.h>

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

/* The `.op.type` suffix of an atom for `kind` on `type`, or NULL. */
static bool operationSuffix(int64_t kind, MlirType type, char *suffix, size_t size) {
  unsigned bits = tileBitWidthOf(type);
  bool isFloat = tileIsFloat(type);
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
  case TileAtomicRMWMin:
    snprintf(suffix, size, ".%s.s%u", kind == TileAtomicRMWMax ? "max" : "min", bits);
    return !isFloat;
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
  const char *constraint = bits == 64 ? "l" : "r";
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
  snprintf(constraints, sizeof(constraints), "=%s,l%s%s%s", constraint,
           numValues > 0 ? (bits == 64 ? ",l" : ",r") : "",
           numValues > 1 ? (bits == 64 ? ",l" : ",r") : "", predicated ? ",b" : "");
  MlirValue old =
      tileEmitInlineAsm(lowering, location, text, constraints, count, operands, word);
  return mlirTypeEqual(type, word)
             ? old
             : tileEmit(lowering, "llvm.bitcast", location, 1, &old, type, 0, NULL);
}

/* Lowers either op: `numValues` value operands follow the pointer, then an
 * optional mask. */
static MlirLogicalResult lowerAtomic(TileLowering *lowering, MlirOperation op,
                                     const char *instruction, intptr_t numValues) {
  MlirValue pointers = mlirOperationGetOperand(op, 0);
  MlirType pointerType = mlirValueGetType(pointers);
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType elementType = tileElementTypeOf(resultType);
  bool resultUsed = !mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(op, 0)));
  intptr_t maskIndex = 1 + numValues;
  bool masked = mlirOperationGetNumOperands(op) > maskIndex;
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);

  if (!tileIsTensor(pointerType)) {
    if (resultUsed)
      return tileLoweringError(op, "the old value of a scalar atomic would have to be "
                                   "broadcast from the one thread that updates it; "
                                   "not lowered yet");
    MlirValue values[2];
    for (intptr_t i = 0; i < numValues; ++i)
      values[i] = tileLoweredValue(mlirOperationGetOperand(op, 1 + i));
    MlirValue owner = tileEmitOwnerPredicate(lowering, location, (uint32_t)lowering->threadsPerWarp - 1,
                                (uint32_t)lowering->numWarps - 1);
    MlirValue predicate = tileEmitAndPredicates(
        lowering, location, owner,
        masked ? tileLoweredValue(mlirOperationGetOperand(op, maskIndex)) : (MlirValue){NULL});
    MlirValue old = emitAtom(lowering, location, instruction, elementType,
                             tileLoweredValue(pointers), numValues, values, predicate);
    tileReplaceOp(lowering, op, &old);
    return mlirLogicalResultSuccess();
  }

  TileLinearLayout layout;
  if (!tileLayoutOfTensor(lowering, op, pointerType, &layout))
    return mlirLogicalResultFailure();
  MlirType structType = tileLoweredType(lowering, op, resultType);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  uint32_t freeRegisters = tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_REGISTER);
  uint32_t freeLanes = tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_LANE);
  uint32_t freeWarps = tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_WARP);
  if (resultUsed && (freeLanes || freeWarps))
    return tileLoweringError(op, "the layout holds elements in several threads, and "
                                 "only one of them gets the old value; not lowered yet");
  int32_t registers = tileLayoutGetNumRegisters(&layout);
  MlirValue addresses[TILE_LOWERING_MAX_REGISTERS], masks[TILE_LOWERING_MAX_REGISTERS],
      values[2][TILE_LOWERING_MAX_REGISTERS], results[TILE_LOWERING_MAX_REGISTERS];
  tileEmitUnpack(lowering, location, tileLoweredValue(pointers), registers, addresses);
  for (intptr_t i = 0; i < numValues; ++i)
    tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, 1 + i)),
                   registers, values[i]);
  if (masked)
    tileEmitUnpack(lowering, location,
                   tileLoweredValue(mlirOperationGetOperand(op, maskIndex)), registers, masks);
  MlirValue owner = tileEmitOwnerPredicate(lowering, location, freeLanes, freeWarps);
  for (int32_t r = 0; r < registers; ++r) {
    if ((uint32_t)r & freeRegisters) {
      results[r] = results[(uint32_t)r & ~freeRegisters];
      continue;
    }
    MlirValue operands[2] = {values[0][r], numValues > 1 ? values[1][r] : values[0][r]};
    MlirValue predicate =
        tileEmitAndPredicates(lowering, location, owner, masked ? masks[r] : (MlirValue){NULL});
    results[r] = emitAtom(lowering, location, instruction, elementType, addresses[r],
                          numValues, operands, predicate);
  }
  MlirValue packed = tileEmitPack(lowering, location, structType, registers, results);
  tileReplaceOp(lowering, op, &packed);
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

MlirLogicalResult tileLowerAtomicRMW(TileLowering *lowering, MlirOperation op) {
  char prefix[64], suffix[32], instruction[96];
  MlirType elementType = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (!atomPrefix(op, prefix, sizeof(prefix)))
    return tileLoweringError(op, "unknown memory semantic or scope");
  if (!operationSuffix(enumAttr(op, "kind"), elementType, suffix, sizeof(suffix))) {
    char text[64];
    return tileLoweringError(op, "this atomic kind on %s is not lowered yet (32- and "
                                 "64-bit integers, and fadd on f32/f64, are)",
                             tileTypeToString(elementType, text, sizeof(text)));
  }
  snprintf(instruction, sizeof(instruction), "%s%s", prefix, suffix);
  return lowerAtomic(lowering, op, instruction, 1);
}

MlirLogicalResult tileLowerAtomicCAS(TileLowering *lowering, MlirOperation op) {
  char prefix[64], instruction[96];
  MlirType elementType = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  unsigned bits = tileBitWidthOf(elementType);
  if (!atomPrefix(op, prefix, sizeof(prefix)))
    return tileLoweringError(op, "unknown memory semantic or scope");
  if (bits != 32 && bits != 64)
    return tileLoweringError(op, "compare-and-swap is lowered for 32- and 64-bit "
                                 "elements only");
  snprintf(instruction, sizeof(instruction), "%s.cas.b%u", prefix, bits);
  return lowerAtomic(lowering, op, instruction, 2);
}
