/*===- dot_mma.c - tile.dot on tensor cores (mma.sync) and ldmatrix ---------===*
 *
 * A dot whose result has a `#tilegpu.mma<{version = 2}>` layout becomes one
 * `nvvm.mma.sync` m16n8k(8 * kWidth) per accumulator tile (16 x 8) and K
 * step, row.col:
 *
 *   f16 x f16 -> f32 or f16, bf16 x bf16 -> f32     m16n8k16, kWidth 2
 *   f32 x f32 -> f32 with inputPrecision = tf32      m16n8k8,  kWidth 1
 *   f32 x f32 -> f32 with inputPrecision = tf32x3    3 x m16n8k8, kWidth 1
 *   i8 x i8 -> i32 (signed, saturating)              m16n8k32, kWidth 4
 *   fp8 x fp8 -> f32 (e4m3/e5m2, any mix; sm_89+)   m16n8k32, kWidth 4
 *
 * Turing (targets below 80) has f16 only, as two m16n8k8 per m16n8k16.
 * Volta's version 1 layouts go to dot_mma_v1.c (mma.m8n8k4).
 *
 * nvvm.mma.sync has no dense fp8 form, so fp8 is inline PTX
 * (`mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e5m2.f32`) on the i8 bits
 * fp8 is held in; an f16 accumulator is widened to f32 for the whole dot
 * and rounded once at its end. tf32x3 (Triton's 3xTF32) splits every
 * operand element x into big = tf32(x) and small = tf32(x - big)
 * (`cvt.rna.tf32.f32`) and issues small*big, big*small, then big*big into
 * the same f32 accumulator, the small products first so they are not lost
 * below the big one's rounding: close to f32 accuracy on tensor cores.
 *
 * The operands' `#tilegpu.dot_operand` layouts and the accumulator's mma
 * layout put exactly the PTX fragments in every thread; mma_fragments.c
 * checks that and finds, for each instruction, the registers of each
 * fragment element from the linear layouts. Here the elements are packed
 * into the 32-bit registers the instruction takes (kWidth per register)
 * and the results unpacked again; LLVM removes the packing.
 *
 * `local_load` of an mma operand from a swizzled buffer uses `ldmatrix`
 * (x4 where the thread has enough registers, `.trans` when the buffer's
 * rows run along the operand's M or N instead of K), with the row
 * addresses of mma_fragments.c's plan. 8-bit operands (i8, fp8) use it
 * only with K contiguous in the buffer, as pairs of bytes in b16 matrices
 * (no .trans: it would move whole byte pairs). Other element widths or
 * layouts fall back to local_memory.c's per-register loads.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/local_memory.h"
#include "conversion/tilegpu_to_llvm/mma_fragments.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "dialects/target.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The values of tile's InputPrecision enum (TileEnums.td). */
enum { PRECISION_TF32 = 0, PRECISION_TF32X3 = 1, PRECISION_IEEE = 2 };

static MlirAttribute parseAttribute(TileLowering *lowering, const char *text) {
  return mlirAttributeParseGet(lowering->context, mlirStringRefCreateFromCString(text));
}

static MlirValue emitCast(TileLowering *lowering, MlirLocation location, const char *name,
                          MlirValue value, MlirType type) {
  return tileEmit(lowering, name, location, 1, &value, type, 0, NULL);
}

static MlirType vectorType(MlirType element, int64_t width) {
  return mlirVectorTypeGet(1, &width, element);
}

static MlirValue extractElement(TileLowering *lowering, MlirLocation location,
                                MlirValue vector, int32_t index, MlirType element) {
  MlirValue operands[2] = {vector, tileEmitI32(lowering, location, index)};
  return tileEmit(lowering, "llvm.extractelement", location, 2, operands, element, 0, NULL);
}

static MlirValue extractField(TileLowering *lowering, MlirLocation location,
                              MlirValue structValue, int64_t index, MlirType type) {
  MlirNamedAttribute position = tileNamedAttr(
      lowering->context, "position", mlirDenseI64ArrayGet(lowering->context, 1, &index));
  return tileEmit(lowering, "llvm.extractvalue", location, 1, &structValue, type, 1,
                  &position);
}

/* ---- ldmatrix ----------------------------------------------------------- */

/* The (lane, warp) -> row offset map of one ldmatrix: the plan's lane
 * bases and the warps' offsets. */
static bool rowAddressMap(const TileLdmatrixPlan *plan, const TileLinearLayout *toOffset,
                          TileLinearLayout *map) {
  TileLayoutDimName offset = TILE_LAYOUT_OFFSET;
  int32_t size = tileLayoutGetOutDimSize(toOffset, TILE_LAYOUT_OFFSET);
  if (tileLayoutInit(map, 1, &offset, &size) != TILE_LAYOUT_OK)
    return false;
  for (int32_t bit = 0; bit < 5; ++bit)
    if (tileLayoutAppendBasis(map, TILE_LAYOUT_LANE, &plan->laneAddressBases[bit]) !=
        TILE_LAYOUT_OK)
      return false;
  int32_t warp = tileLayoutFindInDim(toOffset, TILE_LAYOUT_WARP);
  int32_t out = tileLayoutFindOutDim(toOffset, TILE_LAYOUT_OFFSET);
  for (int32_t bit = 0; warp >= 0 && bit < toOffset->inLog2Sizes[warp]; ++bit)
    if (tileLayoutAppendBasis(map, TILE_LAYOUT_WARP, &toOffset->bases[warp][bit][out]) !=
        TILE_LAYOUT_OK)
      return false;
  return true;
}

bool tileEmitLdmatrixLoad(TileLowering *lowering, MlirLocation location,
                          const TileSharedBuffer *buffer,
                          const TileLinearLayout *distributed, MlirValue *values) {
  /* 16-bit elements, or 8-bit ones (i8, fp8 bits; not i1) as byte pairs. */
  bool bytes = mlirTypeIsAInteger(buffer->element) &&
               mlirIntegerTypeGetWidth(buffer->element) == 8;
  if ((buffer->elementBytes != 2 && !bytes) || mlirTypeIsALLVMPointerType(buffer->element))
    return false;
  int32_t elementsPerWord = bytes ? 4 : 2;
  TileLinearLayout widened, toOffset, rowMap;
  TileLdmatrixPlan plan;
  if (tileSharedAccessMap(buffer, distributed, &widened, &toOffset) != TILE_LAYOUT_OK ||
      !tileLdmatrixPlanGet(&widened, &buffer->layout, &toOffset, 32 / elementsPerWord,
                           &plan) ||
      !rowAddressMap(&plan, &toOffset, &rowMap))
    return false;
  MlirContext context = lowering->context;
  MlirType i32 = mlirIntegerTypeGet(context, 32);
  MlirType words[4] = {i32, i32, i32, i32};
  MlirType resultType = plan.numMatrices == 1
                            ? i32
                            : mlirLLVMStructTypeLiteralGet(context, plan.numMatrices,
                                                           words, false);
  MlirType wordElements = vectorType(buffer->element, elementsPerWord);
  MlirNamedAttribute attributes[4] = {
      tileNamedAttr(context, "num", mlirIntegerAttrGet(i32, plan.numMatrices)),
      tileNamedAttr(context, "layout",
                    parseAttribute(lowering, plan.transposed ? "#nvvm.mma_layout<col>"
                                                             : "#nvvm.mma_layout<row>")),
      tileNamedAttr(context, "shape",
                    parseAttribute(lowering, "#nvvm.ld_st_matrix_shape<m = 8, n = 8>")),
      tileNamedAttr(context, "eltType",
                    parseAttribute(lowering, "#nvvm.ld_st_matrix_elt_type<b16>")),
  };
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  MlirValue rowOffset = tileEmitThreadOffset(lowering, location, &rowMap, lane, warp);
  int32_t rowBits = tileThreadOffsetBits(&rowMap);
  int32_t registers = tileLayoutGetNumRegisters(distributed);
  for (int32_t reg = 0; reg < registers; reg += plan.registersPerLoad) {
    MlirValue offset = tileEmitOffsetXor(lowering, location, rowOffset, rowBits,
                                         tileRegisterOffset(&toOffset, reg) ^
                                             buffer->originOffset);
    MlirValue address = tileEmitBufferAddress(lowering, location, buffer, offset);
    MlirValue loaded = tileEmit(lowering, "nvvm.ldmatrix", location, 1, &address,
                                resultType, 4, attributes);
    for (int32_t matrix = 0; matrix < plan.numMatrices; ++matrix) {
      MlirValue word = plan.numMatrices == 1
                           ? loaded
                           : extractField(lowering, location, loaded, matrix, i32);
      MlirValue elements = emitCast(lowering, location, "llvm.bitcast", word, wordElements);
      for (int32_t part = 0; part < elementsPerWord; ++part)
        values[reg + elementsPerWord * matrix + part] =
            extractElement(lowering, location, elements, part, buffer->element);
    }
  }
  return true;
}

/* ---- mma.sync ----------------------------------------------------------- */

/* The first compute capability and PTX version whose mma.sync takes fp8. */
enum { FP8_MMA_CAPABILITY = 89, FP8_MMA_PTX_VERSION = 84 };

/* What one dot's instruction needs: PTX types, shape and register types. */
typedef struct MmaKind {
  const char *ptxTypeA, *ptxTypeB;
  int32_t kWidth;
  MlirType inputElement;  /* a and b elements as held (fp8 as i8) */
  MlirType accumulator;   /* c elements the instruction takes */
  MlirType operandWord;   /* the type of one a/b register */
  bool packedAccumulator; /* f16 accumulators travel as vector<2xf16> */
  bool splitK;            /* Turing: m16n8k16 as two m16n8k8 */
  bool inlinePtx;         /* fp8: no nvvm.mma.sync form */
  bool widenAccumulator;  /* fp8 into f16: accumulate in f32 */
  bool threeTf32;         /* tf32x3: three products per instruction */
} MmaKind;

static bool isIntegerOfWidth(MlirType type, unsigned width) {
  return mlirTypeIsAInteger(type) && mlirIntegerTypeGetWidth(type) == width;
}

/* Records on the module that its PTX needs `version` (times ten) or newer;
 * the back end raises its default PTX version to it. */
static void requirePtxVersion(TileLowering *lowering, int32_t version) {
  MlirStringRef name = mlirStringRefCreateFromCString("tilegpu.min-ptx-version");
  MlirAttribute current = mlirOperationGetAttributeByName(lowering->module, name);
  if (!mlirAttributeIsNull(current) && mlirAttributeIsAInteger(current) &&
      mlirIntegerAttrGetValueInt(current) >= version)
    return;
  MlirType i32 = mlirIntegerTypeGet(lowering->context, 32);
  mlirOperationSetAttributeByName(lowering->module, name, mlirIntegerAttrGet(i32, version));
}

/* PTX's name of an fp8 type, or NULL for any other type. */
static const char *fp8PtxName(MlirType type) {
  if (mlirTypeIsAFloat8E4M3FN(type))
    return "e4m3";
  if (mlirTypeIsAFloat8E5M2(type))
    return "e5m2";
  return NULL;
}

/* fp8 x fp8 -> f32 (or f16 through f32); false after an error at `op`. */
static bool fp8MmaKindOf(TileLowering *lowering, MlirOperation op, int32_t capability,
                         MlirType a, MlirType b, MlirType c, MmaKind *kind) {
  char aText[64], bText[64], cText[64];
  tileTypeToString(a, aText, sizeof(aText));
  tileTypeToString(b, bText, sizeof(bText));
  tileTypeToString(c, cText, sizeof(cText));
  if (!fp8PtxName(a) || !fp8PtxName(b)) {
    tileLoweringError(op, "an mma tile.dot of %s x %s is not lowered; mma.sync takes "
                          "f8E4M3FN and f8E5M2 (any mix), or one type on both sides",
                      aText, bText);
    return false;
  }
  if (capability < FP8_MMA_CAPABILITY) {
    tileLoweringError(op, "an mma tile.dot of %s x %s needs cuda:89 or newer (this "
                          "module targets cuda:%d, whose mma.sync has no fp8)",
                      aText, bText, capability);
    return false;
  }
  if (!mlirTypeIsAF32(c) && !mlirTypeIsAF16(c)) {
    tileLoweringError(op, "an mma tile.dot of %s x %s accumulates in f32 or f16, not %s",
                      aText, bText, cText);
    return false;
  }
  kind->ptxTypeA = fp8PtxName(a);
  kind->ptxTypeB = fp8PtxName(b);
  kind->kWidth = 4;
  kind->inputElement = mlirIntegerTypeGet(lowering->context, 8);
  kind->accumulator = mlirF32TypeGet(lowering->context);
  kind->operandWord = mlirIntegerTypeGet(lowering->context, 32);
  kind->inlinePtx = true;
  kind->widenAccumulator = mlirTypeIsAF16(c);
  requirePtxVersion(lowering, FP8_MMA_PTX_VERSION);
  return true;
}

static int64_t inputPrecisionOf(MlirOperation dot) {
  MlirAttribute attr = mlirOperationGetAttributeByName(
      dot, mlirStringRefCreateFromCString("inputPrecision"));
  return mlirAttributeIsNull(attr) ? PRECISION_TF32 : tileEnumAttrGetValue(attr);
}

/* Picks the instruction for the dot's types; false after an error at `op`. */
static bool mmaKindOf(TileLowering *lowering, MlirOperation op, MmaKind *kind) {
  MlirType a = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(op, 0)));
  MlirType b = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(op, 1)));
  MlirType c = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  MlirType i32 = mlirIntegerTypeGet(lowering->context, 32);
  memset(kind, 0, sizeof(*kind));
  kind->inputElement = a;
  kind->accumulator = c;
  int32_t capability = tileTargetCapabilityOf(lowering->module, 80);
  kind->splitK = capability < 80 && mlirTypeIsAF16(a);
  if (fp8PtxName(a) || fp8PtxName(b))
    return fp8MmaKindOf(lowering, op, capability, a, b, c, kind);
  if (!mlirTypeEqual(a, b)) {
    tileLoweringError(op, "an mma tile.dot needs a and b of one element type");
    return false;
  }
  if (capability < 80 && !mlirTypeIsAF16(a)) {
    char aText[64];
    tileLoweringError(op, "an mma tile.dot of %s inputs needs cuda:80 or newer (this "
                          "module targets cuda:%d, where mma.sync takes f16 only)",
                      tileTypeToString(a, aText, sizeof(aText)), capability);
    return false;
  }
  if ((mlirTypeIsAF16(a) && (mlirTypeIsAF32(c) || mlirTypeIsAF16(c))) ||
      (mlirTypeIsABF16(a) && mlirTypeIsAF32(c))) {
    kind->ptxTypeA = kind->ptxTypeB = mlirTypeIsAF16(a) ? "f16" : "bf16";
    kind->kWidth = 2;
    /* mma.sync takes f16 pairs as vectors, bf16 pairs as i32. */
    kind->operandWord = mlirTypeIsAF16(a) ? vectorType(a, 2) : i32;
    kind->packedAccumulator = mlirTypeIsAF16(c);
    return true;
  }
  if (mlirTypeIsAF32(a) && mlirTypeIsAF32(c)) {
    int64_t precision = inputPrecisionOf(op);
    if (precision != PRECISION_TF32 && precision != PRECISION_TF32X3) {
      tileLoweringError(op, "an mma tile.dot of f32 with inputPrecision = ieee has no "
                            "tensor-core instruction; tilegpu-accelerate-matmul gives "
                            "it a blocked (FMA) layout");
      return false;
    }
    kind->ptxTypeA = kind->ptxTypeB = "tf32";
    kind->kWidth = 1;
    kind->operandWord = i32;
    kind->threeTf32 = precision == PRECISION_TF32X3;
    return true;
  }
  if (isIntegerOfWidth(a, 8) && isIntegerOfWidth(c, 32)) {
    kind->ptxTypeA = kind->ptxTypeB = "s8";
    kind->kWidth = 4;
    kind->operandWord = i32;
    return true;
  }
  char aText[64], cText[64];
  tileLoweringError(op, "an mma tile.dot of %s inputs into %s is not lowered yet; "
                        "mma.sync takes f16/bf16 -> f32, f16 -> f16, tf32 -> f32, "
                        "i8 -> i32 and fp8 -> f32/f16",
                    tileTypeToString(a, aText, sizeof(aText)),
                    tileTypeToString(c, cText, sizeof(cText)));
  return false;
}

/* One 32-bit operand register from kWidth elements. */
static MlirValue packWord(TileLowering *lowering, MlirLocation location,
                          const MmaKind *kind, const MlirValue *values,
                          const int32_t *registers) {
  if (kind->kWidth == 1)
    return emitCast(lowering, location, "llvm.bitcast", values[registers[0]],
                    kind->operandWord);
  MlirType vector = vectorType(kind->inputElement, kind->kWidth);
  MlirValue packed =
      tileEmit(lowering, "llvm.mlir.undef", location, 0, NULL, vector, 0, NULL);
  for (int32_t j = 0; j < kind->kWidth; ++j) {
    MlirValue operands[3] = {packed, values[registers[j]], tileEmitI32(lowering, location, j)};
    packed = tileEmit(lowering, "llvm.insertelement", location, 3, operands, vector, 0, NULL);
  }
  return mlirTypeEqual(vector, kind->operandWord)
             ? packed
             : emitCast(lowering, location, "llvm.bitcast", packed, kind->operandWord);
}

/* fp8's mma.sync as inline PTX: four f32 results, the accumulator tied to
 * them. */
static MlirValue emitFp8MmaSync(TileLowering *lowering, MlirLocation location,
                                const MmaKind *kind, const MlirValue *operands,
                                MlirType resultType) {
  enum { A_WORDS = 4, B_WORDS = 2, C_WORDS = 4 };
  char text[192];
  snprintf(text, sizeof(text),
           "mma.sync.aligned.m16n8k32.row.col.f32.%s.%s.f32 {$0, $1, $2, $3}, "
           "{$4, $5, $6, $7}, {$8, $9}, {$10, $11, $12, $13};",
           kind->ptxTypeA, kind->ptxTypeB);
  return tileEmitPureInlineAsm(lowering, location, text, "=f,=f,=f,=f,r,r,r,r,r,r,0,1,2,3",
                               A_WORDS + B_WORDS + C_WORDS, operands, resultType);
}

/* Emits one mma.sync m16n8k`k` on packed operand registers and accumulator
 * words; returns its result struct. */
static MlirValue emitMmaSync(TileLowering *lowering, MlirLocation location,
                             const MmaKind *kind, int32_t k, const MlirValue *a,
                             int32_t numA, const MlirValue *b, int32_t numB,
                             const MlirValue *c, int32_t numC, MlirType wordType) {
  MlirContext context = lowering->context;
  MlirValue operands[4 + 2 + 4];
  int32_t count = 0;
  for (int32_t i = 0; i < numA; ++i)
    operands[count++] = a[i];
  for (int32_t i = 0; i < numB; ++i)
    operands[count++] = b[i];
  for (int32_t i = 0; i < numC; ++i)
    operands[count++] = c[i];
  MlirType words[4] = {wordType, wordType, wordType, wordType};
  MlirType resultType = mlirLLVMStructTypeLiteralGet(context, numC, words, false);
  if (kind->inlinePtx)
    return emitFp8MmaSync(lowering, location, kind, operands, resultType);
  char shape[64], ptxTypeA[64], ptxTypeB[64];
  snprintf(shape, sizeof(shape), "#nvvm.shape<m = 16, n = 8, k = %d>", k);
  snprintf(ptxTypeA, sizeof(ptxTypeA), "#nvvm.mma_type<%s>", kind->ptxTypeA);
  snprintf(ptxTypeB, sizeof(ptxTypeB), "#nvvm.mma_type<%s>", kind->ptxTypeB);
  int32_t segments[3] = {numA, numB, numC};
  MlirNamedAttribute attributes[7] = {
      tileNamedAttr(context, "shape", parseAttribute(lowering, shape)),
      tileNamedAttr(context, "layoutA", parseAttribute(lowering, "#nvvm.mma_layout<row>")),
      tileNamedAttr(context, "layoutB", parseAttribute(lowering, "#nvvm.mma_layout<col>")),
      tileNamedAttr(context, "multiplicandAPtxType", parseAttribute(lowering, ptxTypeA)),
      tileNamedAttr(context, "multiplicandBPtxType", parseAttribute(lowering, ptxTypeB)),
      tileNamedAttr(context, "operandSegmentSizes", mlirDenseI32ArrayGet(context, 3, segments)),
      tileNamedAttr(context, "intOverflowBehavior",
                    parseAttribute(lowering, "#nvvm.mma_int_overflow<satfinite>")),
  };
  bool integer = mlirTypeIsAInteger(kind->inputElement);
  return tileEmit(lowering, "nvvm.mma.sync", location, count, operands, resultType,
                  integer ? 7 : 6, attributes);
}

/* The operand registers one instruction reads: a and b, and for tf32x3 the
 * small parts of both (null otherwise). */
typedef struct MmaOperands {
  const MlirValue *a, *b;
  const MlirValue *aSmall, *bSmall;
} MmaOperands;

/* Emits the mma.sync of one planned instruction and writes its results back
 * into `c`. With splitK (Turing) the k16 fragment runs as two m16n8k8:
 * A registers 0-1 and B register 0 hold K 0-7, the others K 8-15. tf32x3
 * issues small*big, big*small and big*big into the same accumulator. */
static void emitMma(TileLowering *lowering, MlirLocation location, const MmaKind *kind,
                    const TileMmaInstruction *instruction, const MmaOperands *operands,
                    MlirValue *c) {
  enum { BIG = 0, SMALL = 1 };
  MlirValue aWords[2][4], bWords[2][2], cWords[4];
  const MlirValue *aParts[2] = {operands->a, operands->aSmall};
  const MlirValue *bParts[2] = {operands->b, operands->bSmall};
  for (int32_t part = BIG; part <= (kind->threeTf32 ? SMALL : BIG); ++part) {
    for (int32_t i = 0; i < 4; ++i)
      aWords[part][i] =
          packWord(lowering, location, kind, aParts[part], &instruction->a[i * kind->kWidth]);
    for (int32_t i = 0; i < 2; ++i)
      bWords[part][i] =
          packWord(lowering, location, kind, bParts[part], &instruction->b[i * kind->kWidth]);
  }
  int32_t numC = kind->packedAccumulator ? 2 : 4;
  MlirType wordType = kind->packedAccumulator ? vectorType(kind->accumulator, 2)
                                              : kind->accumulator;
  for (int32_t i = 0; i < numC; ++i) {
    if (!kind->packedAccumulator) {
      cWords[i] = c[instruction->c[i]];
      continue;
    }
    MlirValue pair = tileEmit(lowering, "llvm.mlir.undef", location, 0, NULL, wordType, 0, NULL);
    for (int32_t half = 0; half < 2; ++half) {
      MlirValue insert[3] = {pair, c[instruction->c[2 * i + half]],
                             tileEmitI32(lowering, location, half)};
      pair = tileEmit(lowering, "llvm.insertelement", location, 3, insert, wordType, 0, NULL);
    }
    cWords[i] = pair;
  }
  /* (a part, b part) of each product, in issue order. */
  static const int32_t threeProducts[3][2] = {{SMALL, BIG}, {BIG, SMALL}, {BIG, BIG}};
  static const int32_t oneProduct[1][2] = {{BIG, BIG}};
  const int32_t(*products)[2] = kind->threeTf32 ? threeProducts : oneProduct;
  int32_t numProducts = kind->threeTf32 ? 3 : 1;
  int32_t steps = kind->splitK ? 2 : 1, k = 8 * kind->kWidth / steps;
  for (int32_t product = 0; product < numProducts; ++product) {
    const MlirValue *aPart = aWords[products[product][0]];
    const MlirValue *bPart = bWords[products[product][1]];
    for (int32_t step = 0; step < steps; ++step) {
      MlirValue result = emitMmaSync(lowering, location, kind, k, &aPart[step * 4 / steps],
                                     4 / steps, &bPart[step * 2 / steps], 2 / steps, cWords,
                                     numC, wordType);
      for (int32_t i = 0; i < numC; ++i)
        cWords[i] = extractField(lowering, location, result, i, wordType);
    }
  }
  for (int32_t i = 0; i < numC; ++i) {
    if (!kind->packedAccumulator) {
      c[instruction->c[i]] = cWords[i];
      continue;
    }
    for (int32_t half = 0; half < 2; ++half)
      c[instruction->c[2 * i + half]] =
          extractElement(lowering, location, cWords[i], half, kind->accumulator);
  }
}

/* tf32x3: `values` become their tf32 big parts and `small` receives the
 * tf32 of what each big part leaves out (both as f32). */
static void splitTf32(TileLowering *lowering, MlirLocation location, int32_t count,
                      MlirValue *values, MlirValue *small) {
  MlirType i32 = mlirIntegerTypeGet(lowering->context, 32);
  MlirType f32 = mlirF32TypeGet(lowering->context);
  static const char *const roundToTf32 = "cvt.rna.tf32.f32 $0, $1;";
  for (int32_t i = 0; i < count; ++i) {
    MlirValue bigBits =
        tileEmitPureInlineAsm(lowering, location, roundToTf32, "=r,f", 1, &values[i], i32);
    MlirValue big = emitCast(lowering, location, "llvm.bitcast", bigBits, f32);
    MlirValue rest = tileEmitBinary(lowering, location, "llvm.fsub", values[i], big);
    MlirValue smallBits =
        tileEmitPureInlineAsm(lowering, location, roundToTf32, "=r,f", 1, &rest, i32);
    small[i] = emitCast(lowering, location, "llvm.bitcast", smallBits, f32);
    values[i] = big;
  }
}

/* fp8 into f16: the accumulator runs in f32 through the whole dot. */
static void convertAccumulator(TileLowering *lowering, MlirLocation location,
                               const char *name, MlirType type, int32_t count,
                               MlirValue *values) {
  for (int32_t i = 0; i < count; ++i)
    values[i] = emitCast(lowering, location, name, values[i], type);
}

/* ---- Interleaving operand loads with the mmas ---------------------------- */

/* A dot operand that local_load's ldmatrix lowering fed straight into the
 * dot, in the dot's block: the cast that bridges it, the chain of
 * insertvalues that packed it (last first) and the element values. The
 * dot then moves each ldmatrix (with the extracts that unpack it and its
 * single-use address arithmetic) to just before the first mma that reads
 * it and erases the packing: one 16-wide K slice of fragments is live at a
 * time instead of the whole warp tile (what Triton's lowering does), and
 * the numerics are unchanged. */
typedef struct DirectOperand {
  MlirOperation cast;
  MlirOperation *inserts;
  int32_t numInserts;
} DirectOperand;

static bool inBlockOf(MlirOperation op, MlirOperation anchor) {
  return mlirBlockEqual(mlirOperationGetBlock(op), mlirOperationGetBlock(anchor));
}

static bool hasOneUse(MlirValue value) {
  MlirOpOperand use = mlirValueGetFirstUse(value);
  return !mlirOpOperandIsNull(use) && mlirOpOperandIsNull(mlirOpOperandGetNextUse(use));
}

static MlirOperation definingOp(MlirValue value) {
  return mlirValueIsAOpResult(value) ? mlirOpResultGetOwner(value)
                                     : (MlirOperation){NULL};
}

/* The ldmatrix an element value comes from (extractelement of a bitcast of
 * an extractvalue of an ldmatrix, or of the ldmatrix itself), or null. */
static MlirOperation ldmatrixOf(MlirValue element, MlirOperation anchor) {
  MlirOperation extract = definingOp(element);
  if (mlirOperationIsNull(extract) || !tileOpIs(extract, "llvm.extractelement") ||
      !inBlockOf(extract, anchor))
    return (MlirOperation){NULL};
  MlirOperation cast = definingOp(mlirOperationGetOperand(extract, 0));
  if (mlirOperationIsNull(cast) || !tileOpIs(cast, "llvm.bitcast") || !inBlockOf(cast, anchor))
    return (MlirOperation){NULL};
  MlirOperation source = definingOp(mlirOperationGetOperand(cast, 0));
  if (!mlirOperationIsNull(source) && tileOpIs(source, "llvm.extractvalue"))
    source = definingOp(mlirOperationGetOperand(source, 0));
  if (mlirOperationIsNull(source) || !tileOpIs(source, "nvvm.ldmatrix") ||
      !inBlockOf(source, anchor))
    return (MlirOperation){NULL};
  return source;
}

/* True when nothing between `from` and `dot` (both in one block) writes
 * memory or synchronizes, so `from`, a shared-memory read, may move down to
 * the dot: only pure LLVM arithmetic, loads, ldmatrix, special registers
 * and the lowering's casts. */
static bool onlyReadsBetween(MlirOperation from, MlirOperation dot) {
  static const char *const pure[] = {
      "llvm.extractvalue", "llvm.insertvalue", "llvm.extractelement",
      "llvm.insertelement", "llvm.bitcast", "llvm.mlir.constant", "llvm.mlir.undef",
      "llvm.mlir.poison", "llvm.xor", "llvm.and", "llvm.or", "llvm.add", "llvm.sub",
      "llvm.mul", "llvm.shl", "llvm.lshr", "llvm.ashr", "llvm.getelementptr",
      "llvm.icmp", "llvm.select", "llvm.load", "llvm.fadd", "llvm.fmul", "llvm.fsub",
      "llvm.fpext", "llvm.fptrunc", "llvm.sext", "llvm.zext", "llvm.trunc",
      "llvm.addrspacecast", "llvm.ptrtoint", "llvm.inttoptr", "nvvm.ldmatrix",
      "builtin.unrealized_conversion_cast"};
  for (MlirOperation op = mlirOperationGetNextInBlock(from); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (mlirOperationEqual(op, dot))
      return true;
    bool allowed = false;
    for (size_t i = 0; i < sizeof(pure) / sizeof(pure[0]) && !allowed; ++i)
      allowed = tileOpIs(op, pure[i]);
    MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
    if (!allowed && !(name.length > 20 && memcmp(name.data, "nvvm.read.ptx.sreg.", 19) == 0))
      return false;
  }
  return false;
}

/* Reads `count` element values of the dot's operand `index` out of the
 * insertvalue chain that packed them, if every one is an ldmatrix element
 * in the dot's block and the packing has no other user. */
static bool directOperandOf(MlirOperation dot, intptr_t index, int32_t count,
                            MlirValue *values, DirectOperand *direct) {
  MlirValue operand = mlirOperationGetOperand(dot, index);
  MlirOperation cast = definingOp(operand);
  if (mlirOperationIsNull(cast) || !tileOpIs(cast, "builtin.unrealized_conversion_cast") ||
      mlirOperationGetNumOperands(cast) != 1 || !hasOneUse(operand) || !inBlockOf(cast, dot))
    return false;
  MlirValue packed = mlirOperationGetOperand(cast, 0);
  direct->cast = cast;
  direct->numInserts = 0;
  direct->inserts = calloc((size_t)count, sizeof(MlirOperation));
  bool *seen = calloc((size_t)count, sizeof(bool));
  bool ok = direct->inserts && seen;
  while (ok) {
    MlirOperation insert = definingOp(packed);
    if (mlirOperationIsNull(insert) || !tileOpIs(insert, "llvm.insertvalue"))
      break;
    MlirAttribute position = mlirOperationGetAttributeByName(
        insert, mlirStringRefCreateFromCString("position"));
    int64_t at = mlirAttributeIsNull(position) ||
                         !mlirAttributeIsADenseI64Array(position) ||
                         mlirDenseArrayGetNumElements(position) != 1
                     ? -1
                     : mlirDenseI64ArrayGetElement(position, 0);
    if (at < 0 || at >= count || seen[at] || direct->numInserts == count ||
        !hasOneUse(packed) || !inBlockOf(insert, dot)) {
      ok = false;
      break;
    }
    seen[at] = true;
    values[at] = mlirOperationGetOperand(insert, 1);
    direct->inserts[direct->numInserts++] = insert;
    packed = mlirOperationGetOperand(insert, 0);
  }
  for (int32_t i = 0; ok && i < count; ++i)
    ok = seen[i] && !mlirOperationIsNull(ldmatrixOf(values[i], dot));
  for (int32_t i = 0; ok && i < count; ++i)
    if (i == 0 || !mlirOperationEqual(ldmatrixOf(values[i], dot), ldmatrixOf(values[i - 1], dot)))
      ok = onlyReadsBetween(ldmatrixOf(values[i], dot), dot);
  free(seen);
  if (!ok) {
    free(direct->inserts);
    direct->inserts = NULL;
  }
  return ok;
}

/* Erases the (now unused) cast and packing of a direct operand. */
static void eraseDirectOperand(DirectOperand *direct) {
  if (mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(direct->cast, 0))))
    mlirOperationDestroy(direct->cast);
  for (int32_t i = 0; i < direct->numInserts; ++i)
    if (mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(direct->inserts[i], 0))))
      mlirOperationDestroy(direct->inserts[i]);
  free(direct->inserts);
}

/* Moves the single-use address arithmetic of `op`'s operands, operands
 * first, to just before `anchor`. */
static void moveAddressBefore(MlirOperation op, MlirOperation anchor, int32_t depth) {
  for (intptr_t i = 0; depth < 8 && i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    MlirOperation def = definingOp(operand);
    if (mlirOperationIsNull(def) || !hasOneUse(operand) || !inBlockOf(def, anchor) ||
        mlirOperationGetNumResults(def) != 1 || mlirOperationGetNumRegions(def) != 0 ||
        !(tileOpIs(def, "llvm.xor") || tileOpIs(def, "llvm.mul") ||
          tileOpIs(def, "llvm.add") || tileOpIs(def, "llvm.getelementptr") ||
          tileOpIs(def, "llvm.mlir.constant")))
      continue;
    moveAddressBefore(def, anchor, depth + 1);
    mlirOperationMoveBefore(def, anchor);
  }
}

/* Moves an ldmatrix, its address arithmetic and every extract that unpacks
 * it (in their order) to just before `anchor`. */
static void moveLdmatrixBefore(MlirOperation ldmatrix, MlirOperation anchor) {
  moveAddressBefore(ldmatrix, anchor, 0);
  mlirOperationMoveBefore(ldmatrix, anchor);
  /* Users of users, level by level: extractvalue, bitcast, extractelement
   * (the operand indices of extractelement are constants defined earlier). */
  MlirOperation level[64], next[64];
  int32_t count = 1, nextCount;
  level[0] = ldmatrix;
  for (int32_t depth = 0; depth < 3 && count > 0; ++depth) {
    nextCount = 0;
    for (int32_t i = 0; i < count; ++i)
      for (intptr_t r = 0; r < mlirOperationGetNumResults(level[i]); ++r)
        for (MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(level[i], r));
             !mlirOpOperandIsNull(use); use = mlirOpOperandGetNextUse(use)) {
          MlirOperation user = mlirOpOperandGetOwner(use);
          if (!(tileOpIs(user, "llvm.extractvalue") || tileOpIs(user, "llvm.bitcast") ||
                tileOpIs(user, "llvm.extractelement")) ||
              !inBlockOf(user, anchor) || nextCount == 64)
            continue;
          bool listed = false;
          for (int32_t j = 0; j < nextCount && !listed; ++j)
            listed = mlirOperationEqual(next[j], user);
          if (!listed)
            next[nextCount++] = user;
        }
    for (int32_t i = 0; i < nextCount; ++i) {
      /* The index operand of an extractelement: make sure it precedes. */
      if (tileOpIs(next[i], "llvm.extractelement"))
        moveAddressBefore(next[i], anchor, 7);
      mlirOperationMoveBefore(next[i], anchor);
    }
    memcpy(level, next, sizeof(MlirOperation) * (size_t)nextCount);
    count = nextCount;
  }
}

/* Before instruction `instruction` is emitted: moves the ldmatrix of every
 * element it reads that has not been moved yet to just before the dot. */
typedef struct Interleave {
  bool enabled[2];
  MlirOperation moved[2 * TILE_LOWERING_MAX_REGISTERS];
  int32_t numMoved;
} Interleave;

static void placeLoadsOf(Interleave *interleave, const MmaKind *kind,
                         const TileMmaInstruction *instruction, const MlirValue *a,
                         const MlirValue *b, MlirOperation dot) {
  for (int32_t side = 0; side < 2; ++side) {
    if (!interleave->enabled[side])
      continue;
    const int32_t *registers = side == 0 ? instruction->a : instruction->b;
    int32_t count = (side == 0 ? 4 : 2) * kind->kWidth;
    const MlirValue *values = side == 0 ? a : b;
    for (int32_t i = 0; i < count; ++i) {
      MlirOperation ldmatrix = ldmatrixOf(values[registers[i]], dot);
      if (mlirOperationIsNull(ldmatrix))
        continue;
      bool moved = false;
      for (int32_t j = 0; j < interleave->numMoved && !moved; ++j)
        moved = mlirOperationEqual(interleave->moved[j], ldmatrix);
      if (moved || interleave->numMoved == 2 * TILE_LOWERING_MAX_REGISTERS)
        continue;
      interleave->moved[interleave->numMoved++] = ldmatrix;
      moveLdmatrixBefore(ldmatrix, dot);
    }
  }
}

MlirLogicalResult tileLowerMmaDot(TileLowering *lowering, MlirOperation op) {
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  unsigned version = tilegpuMmaLayoutAttrGetVersion(tileEncodingOf(resultType));
  if (version == 1)
    return tileLowerMmaV1Dot(lowering, op);
  if (version != 2)
    return tileLoweringError(op, "tile.dot with mma version %u is not lowered yet%s",
                             version,
                             version == 3 ? "; Hopper dots go through "
                                            "tilegpu.warpgroup_dot"
                                          : "");
  MmaKind kind;
  if (!mmaKindOf(lowering, op, &kind))
    return mlirLogicalResultFailure();
  TileLinearLayout layouts[3];
  if (!tileLayoutsOfOperands(lowering, op, 3, layouts))
    return mlirLogicalResultFailure();
  MlirType structType = tileLoweredType(lowering, op, resultType);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  TileMmaPlan plan;
  const char *reason = NULL;
  if (!tileMmaPlanGet(&layouts[0], &layouts[1], &layouts[2], (int32_t)tileRankOf(resultType),
                      kind.kWidth, &plan, &reason))
    return tileLoweringError(op, "cannot lower this tile.dot to mma.sync: %s", reason);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue a[TILE_LOWERING_MAX_REGISTERS], b[TILE_LOWERING_MAX_REGISTERS],
      c[TILE_LOWERING_MAX_REGISTERS], aSmall[TILE_LOWERING_MAX_REGISTERS],
      bSmall[TILE_LOWERING_MAX_REGISTERS];
  MlirValue *values[3] = {a, b, c};
  int32_t registers[3];
  /* Operands that come straight from ldmatrix are read per K slice (see
   * DirectOperand); tf32x3 splits whole operands up front and keeps the
   * plain order. */
  DirectOperand direct[2];
  Interleave *interleave = calloc(1, sizeof(Interleave));
  if (!interleave) {
    tileMmaPlanDestroy(&plan);
    return tileLoweringError(op, "out of memory");
  }
  for (intptr_t i = 0; i < 3; ++i) {
    registers[i] = tileLayoutGetNumRegisters(&layouts[i]);
    if (i < 2) {
      interleave->enabled[i] = !kind.threeTf32 &&
                               directOperandOf(op, i, registers[i], values[i], &direct[i]);
      if (interleave->enabled[i])
        continue;
    }
    tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, i)),
                   registers[i], values[i]);
  }
  MmaOperands operands = {a, b, NULL, NULL};
  if (kind.threeTf32) {
    splitTf32(lowering, location, registers[0], a, aSmall);
    splitTf32(lowering, location, registers[1], b, bSmall);
    operands.aSmall = aSmall, operands.bSmall = bSmall;
  }
  MlirType resultElement = tileElementTypeOf(resultType);
  if (kind.widenAccumulator)
    convertAccumulator(lowering, location, "llvm.fpext", kind.accumulator, registers[2], c);
  for (int32_t i = 0; i < plan.numInstructions; ++i) {
    placeLoadsOf(interleave, &kind, &plan.instructions[i], a, b, op);
    emitMma(lowering, location, &kind, &plan.instructions[i], &operands, c);
  }
  tileMmaPlanDestroy(&plan);
  if (kind.widenAccumulator)
    convertAccumulator(lowering, location, "llvm.fptrunc", resultElement, registers[2], c);
  MlirValue packed = tileEmitPack(lowering, location, structType, registers[2], c);
  tileReplaceOp(lowering, op, &packed);
  for (int32_t i = 0; i < 2; ++i)
    if (interleave->enabled[i])
      eraseDirectOperand(&direct[i]);
  free(interleave);
  return mlirLogicalResultSuccess();
}
