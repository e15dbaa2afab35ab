/*===- dot_mma_v1.c - tile.dot on Volta tensor cores (mma.m8n8k4) -----------===*
 *
 * A dot whose result has a `#tilegpu.mma<{version = 1}>` layout becomes one
 * `nvvm.mma.sync` m8n8k4, row.col, f16 x f16 -> f32 (PTX
 * `mma.sync.aligned.m8n8k4.row.col.f32.f16.f16.f32`) per 16x16 warp tile of
 * the accumulator and K step of 4. Each instruction runs the four
 * quad-pairs' 8x8x4 products of the warp at once; mma_v1_fragments.c
 * checks that the operand and accumulator layouts put exactly the PTX
 * fragments in every thread and finds the registers of each fragment
 * element. Here a0..a3 and b0..b3 are packed into two f16x2 registers
 * each and c0..c7 travel as eight f32 values.
 *
 * An f16 accumulator is widened to f32 around the instructions and
 * narrowed once at the end (Volta's f16-accumulating variant holds C in
 * another fragment layout, which the mma layout does not describe), so
 * the sums are at least as precise as mma.sync's f16 accumulation.
 *
 * The operands come from registers: `local_load` into their dot_operand
 * layouts takes local_memory.c's per-register path (Volta has no
 * ldmatrix, and these layouts never qualify for it).
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "conversion/tilegpu_to_llvm/mma_v1_fragments.h"
#include "dialects/builder.h"
#include "dialects/support.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

static MlirAttribute parseAttribute(TileLowering *lowering, const char *text) {
  return mlirAttributeParseGet(lowering->context, mlirStringRefCreateFromCString(text));
}

/* Two f16 registers as one f16x2 operand register. */
static MlirValue packPair(TileLowering *lowering, MlirLocation location, MlirValue low,
                          MlirValue high) {
  int64_t two = 2;
  MlirType pairType = mlirVectorTypeGet(1, &two, mlirF16TypeGet(lowering->context));
  MlirValue pair =
      tileEmit(lowering, "llvm.mlir.undef", location, 0, NULL, pairType, 0, NULL);
  MlirValue halves[2] = {low, high};
  for (int32_t half = 0; half < 2; ++half) {
    MlirValue operands[3] = {pair, halves[half], tileEmitI32(lowering, location, half)};
    pair = tileEmit(lowering, "llvm.insertelement", location, 3, operands, pairType, 0, NULL);
  }
  return pair;
}

/* Every accumulator register converted with `cast` (fpext or fptrunc). */
static void convertAll(TileLowering *lowering, MlirLocation location, const char *cast,
                       MlirValue *values, int32_t count, MlirType type) {
  for (int32_t i = 0; i < count; ++i)
    values[i] = tileEmit(lowering, cast, location, 1, &values[i], type, 0, NULL);
}

/* Emits the mma.m8n8k4 of one planned instruction and writes its results
 * back into `c` (f32 values). */
static void emitMmaM8n8k4(TileLowering *lowering, MlirLocation location,
                          const TileMmaV1Instruction *instruction, const MlirValue *a,
                          const MlirValue *b, MlirValue *c) {
  MlirContext context = lowering->context;
  MlirValue operands[2 + 2 + TILE_MMA_V1_C_ELEMENTS];
  for (int32_t word = 0; word < 2; ++word) {
    operands[word] = packPair(lowering, location, a[instruction->a[2 * word]],
                              a[instruction->a[2 * word + 1]]);
    operands[2 + word] = packPair(lowering, location, b[instruction->b[2 * word]],
                                  b[instruction->b[2 * word + 1]]);
  }
  for (int32_t i = 0; i < TILE_MMA_V1_C_ELEMENTS; ++i)
    operands[4 + i] = c[instruction->c[i]];
  MlirType f32 = mlirF32TypeGet(context);
  MlirType fields[TILE_MMA_V1_C_ELEMENTS];
  for (int32_t i = 0; i < TILE_MMA_V1_C_ELEMENTS; ++i)
    fields[i] = f32;
  MlirType resultType =
      mlirLLVMStructTypeLiteralGet(context, TILE_MMA_V1_C_ELEMENTS, fields, false);
  int32_t segments[3] = {2, 2, TILE_MMA_V1_C_ELEMENTS};
  MlirNamedAttribute attributes[6] = {
      tileNamedAttr(context, "shape",
                    parseAttribute(lowering, "#nvvm.shape<m = 8, n = 8, k = 4>")),
      tileNamedAttr(context, "layoutA", parseAttribute(lowering, "#nvvm.mma_layout<row>")),
      tileNamedAttr(context, "layoutB", parseAttribute(lowering, "#nvvm.mma_layout<col>")),
      tileNamedAttr(context, "multiplicandAPtxType",
                    parseAttribute(lowering, "#nvvm.mma_type<f16>")),
      tileNamedAttr(context, "multiplicandBPtxType",
                    parseAttribute(lowering, "#nvvm.mma_type<f16>")),
      tileNamedAttr(context, "operandSegmentSizes", mlirDenseI32ArrayGet(context, 3, segments)),
  };
  MlirValue result = tileEmit(lowering, "nvvm.mma.sync", location, 4 + TILE_MMA_V1_C_ELEMENTS,
                              operands, resultType, 6, attributes);
  for (int64_t i = 0; i < TILE_MMA_V1_C_ELEMENTS; ++i) {
    MlirNamedAttribute position =
        tileNamedAttr(context, "position", mlirDenseI64ArrayGet(context, 1, &i));
    c[instruction->c[i]] =
        tileEmit(lowering, "llvm.extractvalue", location, 1, &result, f32, 1, &position);
  }
}

/* False after an error at `op` unless a and b are f16 and c is f32 or f16. */
static bool checkTypes(MlirOperation op) {
  MlirType a = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(op, 0)));
  MlirType b = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(op, 1)));
  MlirType c = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (mlirTypeIsAF16(a) && mlirTypeIsAF16(b) && (mlirTypeIsAF32(c) || mlirTypeIsAF16(c)))
    return true;
  char aText[64], bText[64], cText[64];
  tileLoweringError(op, "a tile.dot with a version 1 (Volta mma.m8n8k4) #tilegpu.mma "
                        "layout takes f16 inputs and an f32 or f16 accumulator, got "
                        "%s x %s -> %s; other types need the FMA path (a blocked "
                        "result layout) on Volta",
                    tileTypeToString(a, aText, sizeof(aText)),
                    tileTypeToString(b, bText, sizeof(bText)),
                    tileTypeToString(c, cText, sizeof(cText)));
  return false;
}

MlirLogicalResult tileLowerMmaV1Dot(TileLowering *lowering, MlirOperation op) {
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (tileRankOf(resultType) != 2)
    return tileLoweringError(op, "a tile.dot with a version 1 (Volta) #tilegpu.mma layout "
                                 "must be 2-d; batched dots take the FMA path on Volta");
  if (!checkTypes(op))
    return mlirLogicalResultFailure();
  TileLinearLayout layouts[3];
  if (!tileLayoutsOfOperands(lowering, op, 3, layouts))
    return mlirLogicalResultFailure();
  MlirType structType = tileLoweredType(lowering, op, resultType);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  TileMmaV1Plan plan;
  const char *reason = NULL;
  if (!tileMmaV1PlanGet(&layouts[0], &layouts[1], &layouts[2], &plan, &reason))
    return tileLoweringError(op, "cannot lower this tile.dot to mma.m8n8k4: %s", reason);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue a[TILE_LOWERING_MAX_REGISTERS], b[TILE_LOWERING_MAX_REGISTERS],
      c[TILE_LOWERING_MAX_REGISTERS];
  MlirValue *values[3] = {a, b, c};
  for (intptr_t i = 0; i < 3; ++i)
    tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, i)),
                   tileLayoutGetNumRegisters(&layouts[i]), values[i]);
  int32_t registersC = tileLayoutGetNumRegisters(&layouts[2]);
  MlirType accumulator = tileElementTypeOf(resultType);
  bool narrowAccumulator = mlirTypeIsAF16(accumulator);
  if (narrowAccumulator)
    convertAll(lowering, location, "llvm.fpext", c, registersC,
               mlirF32TypeGet(lowering->context));
  for (int32_t i = 0; i < plan.numInstructions; ++i)
    emitMmaM8n8k4(lowering, location, &plan.instructions[i], a, b, c);
  tileMmaV1PlanDestroy(&plan);
  if (narrowAccumulator)
    convertAll(lowering, location, "llvm.fptrunc", c, registersC, accumulator);
  MlirValue packed = tileEmitPack(lowering, location, structType, registersC, c);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}
