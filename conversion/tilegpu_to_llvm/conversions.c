/*===- conversions.c - tile.fp_to_fp to and from the fp8 types -------------===*
 *
 * Conversions between the standard float types (f16, bf16, f32, f64) are
 * elementwise.c's; this file adds the two fp8 formats, f8E4M3FN (bias 7,
 * no infinity, 0x7f is NaN, largest 448) and f8E5M2 (bias 15, IEEE-like,
 * largest finite 57344). An fp8 element is held as its i8 bits (types.c).
 *
 * Narrowing to fp8 rounds as the op says (rtne or rtz), saturates to the
 * largest finite value (infinities too, as PTX's `.satfinite` does) and
 * keeps NaN a NaN. Widening is exact. On sm_89 and newer, rtne conversions
 * of f32 and f16 use the hardware, two elements per instruction
 * (`cvt.rn.satfinite.e4m3x2.f32`, `cvt.rn.f16x2.e4m3x2`); everywhere else
 * they are integer arithmetic on the bits, as Triton does for sm_80, with
 * the same results. bf16 goes through f32, which holds it exactly; a
 * conversion between the two fp8 formats goes through f32 as well.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "dialects/target.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first compute capability with fp8 conversions in hardware. */
enum { FP8_HARDWARE_CAPABILITY = 89 };

/* The LLVM icmp predicates used here. */
enum { ICMP_EQ = 0, ICMP_UGT = 8, ICMP_UGE = 9, ICMP_ULT = 6 };

/* tile.fp_to_fp's `rounding` values (TileEnums.td). */
enum { ROUNDING_RTZ = 0 };

typedef struct Fp8Format {
  const char *ptxName; /* "e4m3" or "e5m2" */
  int32_t mantissaBits;
  int32_t bias;
  uint32_t largestFiniteF32; /* the bits of the largest finite value as f32 */
  bool hasInfinity;
} Fp8Format;

static const Fp8Format e4m3fn = {"e4m3", 3, 7, 0x43E00000u /* 448 */, false};
static const Fp8Format e5m2 = {"e5m2", 2, 15, 0x47600000u /* 57344 */, true};

static const Fp8Format *fp8FormatOf(MlirType type) {
  if (mlirTypeIsAFloat8E4M3FN(type))
    return &e4m3fn;
  if (mlirTypeIsAFloat8E5M2(type))
    return &e5m2;
  return NULL;
}

static bool isStandardFloat(MlirType type) {
  return mlirTypeIsAF16(type) || mlirTypeIsABF16(type) || mlirTypeIsAF32(type) ||
         mlirTypeIsAF64(type);
}

/* ---- Small builders ---------------------------------------------------- */

typedef struct Emitter {
  TileLowering *lowering;
  MlirLocation location;
  MlirType i8, i16, i32, f16, f32;
} Emitter;

static MlirValue constant(const Emitter *e, int64_t value) {
  return tileEmitI32(e->lowering, e->location, value);
}

static MlirValue binary(const Emitter *e, const char *name, MlirValue lhs, MlirValue rhs) {
  return tileEmitBinary(e->lowering, e->location, name, lhs, rhs);
}

static MlirValue binaryConstant(const Emitter *e, const char *name, MlirValue lhs,
                                int64_t rhs) {
  return binary(e, name, lhs, constant(e, rhs));
}

static MlirValue cast(const Emitter *e, const char *name, MlirValue value, MlirType type) {
  if (mlirTypeEqual(mlirValueGetType(value), type))
    return value;
  return tileEmit(e->lowering, name, e->location, 1, &value, type, 0, NULL);
}

static MlirValue compare(const Emitter *e, int64_t predicate, MlirValue lhs, int64_t rhs) {
  MlirValue operands[2] = {lhs, constant(e, rhs)};
  MlirContext context = e->lowering->context;
  MlirNamedAttribute attribute = tileNamedAttr(
      context, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(context, 64), predicate));
  return tileEmit(e->lowering, "llvm.icmp", e->location, 2, operands,
                  mlirIntegerTypeGet(context, 1), 1, &attribute);
}

static MlirValue selectValue(const Emitter *e, MlirValue condition, MlirValue yes, MlirValue no) {
  MlirValue operands[3] = {condition, yes, no};
  return tileEmit(e->lowering, "llvm.select", e->location, 3, operands,
                  mlirValueGetType(yes), 0, NULL);
}

static MlirValue floatConstant(const Emitter *e, double value) {
  return tileEmitConstant(e->lowering, e->location, e->f32, mlirFloatAttrDoubleGet(e->lowering->context, e->f32, value));
}

/* A pure one-instruction PTX conversion: LLVM may drop or merge it. */
static MlirValue emitConversionAsm(const Emitter *e, const char *text, const char *constraints,
                                   intptr_t count, const MlirValue *operands,
                                   MlirType resultType) {
  return tileEmitPureInlineAsm(e->lowering, e->location, text, constraints, count, operands,
                               resultType);
}

/* ---- Software conversions ---------------------------------------------- */

/* f32 -> fp8 bits (i8): round the magnitude, then put the sign back. */
static MlirValue encodeInSoftware(const Emitter *e, const Fp8Format *format,
                                  bool towardZero, MlirValue value) {
  int32_t shift = 23 - format->mantissaBits;
  MlirValue bits = cast(e, "llvm.bitcast", value, e->i32);
  MlirValue sign = binaryConstant(e, "llvm.and", binaryConstant(e, "llvm.lshr", bits, 24), 0x80);
  MlirValue magnitude = binaryConstant(e, "llvm.and", bits, 0x7FFFFFFF);
  MlirValue isNan = compare(e, ICMP_UGT, magnitude, 0x7F800000);
  /* Positive floats order like their bits: clamping the bits saturates. */
  magnitude = selectValue(e, compare(e, ICMP_UGT, magnitude, format->largestFiniteF32),
                     constant(e, format->largestFiniteF32), magnitude);

  /* Normal fp8 results: drop `shift` mantissa bits (rounding them to
   * nearest even first), then move the exponent to the fp8 bias; a carry
   * out of the mantissa correctly bumps the exponent. */
  MlirValue rounded = magnitude;
  if (!towardZero) {
    MlirValue lowestKept = binaryConstant(e, "llvm.and",
                                          binaryConstant(e, "llvm.lshr", magnitude, shift), 1);
    rounded = binary(e, "llvm.add", magnitude,
                     binaryConstant(e, "llvm.add", lowestKept, (1 << (shift - 1)) - 1));
  }
  MlirValue normal = binaryConstant(e, "llvm.sub", binaryConstant(e, "llvm.lshr", rounded, shift),
                                    (int64_t)(127 - format->bias) << format->mantissaBits);

  /* Subnormal fp8 results are multiples of 2^(1 - bias - mantissaBits):
   * scale by its inverse (exact) and round to an integer. The integer
   * 1 << mantissaBits is the smallest normal, which encodes the same way. */
  MlirValue scaled = tileEmitBinary(
      e->lowering, e->location, "llvm.fmul", cast(e, "llvm.bitcast", magnitude, e->f32),
      floatConstant(e, (double)(1 << (format->bias - 1 + format->mantissaBits))));
  if (!towardZero)
    scaled = tileEmit(e->lowering, "llvm.intr.roundeven", e->location, 1, &scaled, e->f32, 0, NULL);
  MlirValue subnormal = cast(e, "llvm.fptoui", scaled, e->i32);
  int64_t smallestNormal = (int64_t)(127 + 1 - format->bias) << 23;
  MlirValue code = selectValue(e, compare(e, ICMP_ULT, magnitude, smallestNormal), subnormal, normal);
  code = selectValue(e, isNan, constant(e, 0x7F), code);
  return cast(e, "llvm.trunc", binary(e, "llvm.or", code, sign), e->i8);
}

/* fp8 bits (i8) -> f32, exactly. */
static MlirValue decodeInSoftware(const Emitter *e, const Fp8Format *format, MlirValue code) {
  int32_t m = format->mantissaBits;
  MlirValue bits = cast(e, "llvm.zext", code, e->i32);
  MlirValue sign = binaryConstant(e, "llvm.shl", binaryConstant(e, "llvm.and", bits, 0x80), 24);
  MlirValue magnitude = binaryConstant(e, "llvm.and", bits, 0x7F);
  MlirValue normal = binaryConstant(e, "llvm.add", binaryConstant(e, "llvm.shl", magnitude, 23 - m),
                                    (int64_t)(127 - format->bias) << 23);
  MlirValue subnormalValue = tileEmitBinary(
      e->lowering, e->location, "llvm.fmul", cast(e, "llvm.uitofp", magnitude, e->f32),
      floatConstant(e, 1.0 / (double)(1 << (format->bias - 1 + m))));
  MlirValue subnormal = cast(e, "llvm.bitcast", subnormalValue, e->i32);
  MlirValue special, isSpecial;
  if (format->hasInfinity) {
    /* Exponent all ones: infinity for a zero mantissa, NaN otherwise. */
    isSpecial = compare(e, ICMP_UGE, magnitude, 0x7F & ~((1 << m) - 1));
    special = binaryConstant(e, "llvm.or",
                             binaryConstant(e, "llvm.shl",
                                            binaryConstant(e, "llvm.and", magnitude, (1 << m) - 1),
                                            23 - m),
                             0x7F800000);
  } else {
    isSpecial = compare(e, ICMP_EQ, magnitude, 0x7F);
    special = constant(e, 0x7FC00000);
  }
  MlirValue isSubnormal = compare(e, ICMP_ULT, magnitude, 1 << m);
  MlirValue result = selectValue(e, isSubnormal, subnormal, selectValue(e, isSpecial, special, normal));
  return cast(e, "llvm.bitcast", binary(e, "llvm.or", result, sign), e->f32);
}

/* ---- Hardware conversions (sm_89+), two elements at a time -------------- */

/* Two i16 (or f16) halves -> i32 with `low` in bits 0..15. */
static MlirValue packHalves(const Emitter *e, MlirValue low, MlirValue high) {
  MlirValue lowBits = cast(e, "llvm.zext", cast(e, "llvm.bitcast", low, e->i16), e->i32);
  MlirValue highBits = cast(e, "llvm.zext", cast(e, "llvm.bitcast", high, e->i16), e->i32);
  return binary(e, "llvm.or", lowBits, binaryConstant(e, "llvm.shl", highBits, 16));
}

/* Two f32 or two f16 -> two fp8 codes, rounded to nearest even. */
static void encodePairInHardware(const Emitter *e, const Fp8Format *format, bool fromHalf,
                                 MlirValue first, MlirValue second, MlirValue *codes) {
  char text[96];
  MlirValue packed;
  if (fromHalf) {
    snprintf(text, sizeof(text), "cvt.rn.satfinite.%sx2.f16x2 $0, $1;", format->ptxName);
    MlirValue operand = packHalves(e, first, second);
    packed = emitConversionAsm(e, text, "=h,r", 1, &operand, e->i16);
  } else {
    /* The first source goes to the high byte. */
    snprintf(text, sizeof(text), "cvt.rn.satfinite.%sx2.f32 $0, $2, $1;", format->ptxName);
    MlirValue operands[2] = {first, second};
    packed = emitConversionAsm(e, text, "=h,f,f", 2, operands, e->i16);
  }
  codes[0] = cast(e, "llvm.trunc", packed, e->i8);
  codes[1] = cast(e, "llvm.trunc", binary(e, "llvm.lshr", packed,
                                          tileEmitConstant(e->lowering, e->location, e->i16,
                                                           mlirIntegerAttrGet(e->i16, 8))),
                  e->i8);
}

/* Two fp8 codes -> two f16, exactly. */
static void decodePairInHardware(const Emitter *e, const Fp8Format *format, MlirValue first,
                                 MlirValue second, MlirValue *halves) {
  char text[96];
  snprintf(text, sizeof(text), "cvt.rn.f16x2.%sx2 $0, $1;", format->ptxName);
  MlirValue low = cast(e, "llvm.zext", first, e->i16);
  MlirValue high = cast(e, "llvm.zext", second, e->i16);
  MlirValue shift = tileEmitConstant(e->lowering, e->location, e->i16, mlirIntegerAttrGet(e->i16, 8));
  MlirValue operand = binary(e, "llvm.or", low, binary(e, "llvm.shl", high, shift));
  MlirValue packed = emitConversionAsm(e, text, "=r,h", 1, &operand, e->i32);
  MlirValue lowHalf = cast(e, "llvm.trunc", packed, e->i16);
  MlirValue highHalf = cast(e, "llvm.trunc", binaryConstant(e, "llvm.lshr", packed, 16), e->i16);
  halves[0] = cast(e, "llvm.bitcast", lowHalf, e->f16);
  halves[1] = cast(e, "llvm.bitcast", highHalf, e->f16);
}

/* ---- The op ------------------------------------------------------------ */

/* A standard float to or from f32 (exact in both directions here: only
 * values an fp8 holds, or bf16/f16 widened, pass through). */
static MlirValue toF32(const Emitter *e, MlirValue value) {
  MlirType type = mlirValueGetType(value);
  if (mlirTypeIsAF32(type))
    return value;
  return cast(e, tileBitWidthOf(type) < 32 ? "llvm.fpext" : "llvm.fptrunc", value, e->f32);
}

static MlirValue fromF32(const Emitter *e, MlirValue value, MlirType type) {
  if (mlirTypeIsAF32(type))
    return value;
  return cast(e, tileBitWidthOf(type) < 32 ? "llvm.fptrunc" : "llvm.fpext", value, type);
}

typedef struct Fp8Conversion {
  MlirType source, result;                /* element types of the op */
  const Fp8Format *sourceFormat, *resultFormat;
  bool towardZero;
  bool hardware;                          /* sm_89+ */
} Fp8Conversion;

/* Converts `count` (1 or 2) elements. */
static void convertElements(const Emitter *e, const Fp8Conversion *conversion, int32_t count,
                            const MlirValue *sources, MlirValue *results) {
  MlirValue wide[2];
  if (conversion->sourceFormat) {
    if (conversion->hardware && !conversion->resultFormat) {
      MlirValue halves[2];
      decodePairInHardware(e, conversion->sourceFormat, sources[0],
                           count > 1 ? sources[1] : sources[0], halves);
      for (int32_t i = 0; i < count; ++i)
        results[i] = mlirTypeIsAF16(conversion->result)
                         ? halves[i]
                         : fromF32(e, toF32(e, halves[i]), conversion->result);
      return;
    }
    for (int32_t i = 0; i < count; ++i)
      wide[i] = decodeInSoftware(e, conversion->sourceFormat, sources[i]);
    if (!conversion->resultFormat) {
      for (int32_t i = 0; i < count; ++i)
        results[i] = fromF32(e, wide[i], conversion->result);
      return;
    }
  } else {
    for (int32_t i = 0; i < count; ++i)
      wide[i] = mlirTypeIsAF16(conversion->source) && conversion->hardware ? sources[i]
                                                                           : toF32(e, sources[i]);
  }
  if (conversion->hardware && !conversion->towardZero) {
    bool fromHalf = mlirTypeIsAF16(mlirValueGetType(wide[0]));
    MlirValue codes[2];
    encodePairInHardware(e, conversion->resultFormat, fromHalf, wide[0],
                         count > 1 ? wide[1] : wide[0], codes);
    for (int32_t i = 0; i < count; ++i)
      results[i] = codes[i];
    return;
  }
  for (int32_t i = 0; i < count; ++i)
    results[i] = encodeInSoftware(e, conversion->resultFormat, conversion->towardZero,
                                  toF32(e, wide[i]));
}

static bool checkConversion(TileLowering *lowering, MlirOperation op, Fp8Conversion *conversion) {
  MlirValue source = mlirOperationGetOperand(op, 0);
  conversion->source = tileElementTypeOf(mlirValueGetType(source));
  conversion->result = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  conversion->sourceFormat = fp8FormatOf(conversion->source);
  conversion->resultFormat = fp8FormatOf(conversion->result);
  MlirAttribute rounding =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("rounding"));
  conversion->towardZero =
      !mlirAttributeIsNull(rounding) && tileEnumAttrGetValue(rounding) == ROUNDING_RTZ;
  conversion->hardware = tileTargetCapabilityOf(lowering->module, 0) >= FP8_HARDWARE_CAPABILITY;
  char sourceText[64], resultText[64];
  tileTypeToString(conversion->source, sourceText, sizeof(sourceText));
  tileTypeToString(conversion->result, resultText, sizeof(resultText));
  bool sourceKnown = conversion->sourceFormat || isStandardFloat(conversion->source);
  bool resultKnown = conversion->resultFormat || isStandardFloat(conversion->result);
  if (!sourceKnown || !resultKnown) {
    tileLoweringError(op, "converting %s to %s is not lowered; fp8 conversions cover "
                          "f8E4M3FN and f8E5M2 to and from f16, bf16, f32 and f64",
                      sourceText, resultText);
    return false;
  }
  if (conversion->resultFormat && mlirTypeIsAF64(conversion->source)) {
    tileLoweringError(op, "converting f64 to %s would round twice (through f32); convert "
                          "to f32 first",
                      resultText);
    return false;
  }
  if (conversion->resultFormat && mlirAttributeIsNull(rounding)) {
    tileLoweringError(op, "converting %s to %s narrows and needs a rounding (rtne or rtz)",
                      sourceText, resultText);
    return false;
  }
  /* An fp8 operand must reach this op as its bits. */
  if (conversion->sourceFormat) {
    MlirType held = mlirValueGetType(tileLoweredValue(source));
    if (tileIsTensor(mlirValueGetType(source)))
      held = mlirLLVMStructTypeGetNumElementTypes(held) > 0
                 ? mlirLLVMStructTypeGetElementType(held, 0)
                 : held;
    if (!mlirTypeIsAInteger(held) || mlirIntegerTypeGetWidth(held) != 8) {
      tileLoweringError(op, "the %s operand is not held as i8 bits by the op that made it; "
                            "fp8 values are lowered as i8",
                        sourceText);
      return false;
    }
  }
  return true;
}

MlirLogicalResult tileLowerFpToFp(TileLowering *lowering, MlirOperation op) {
  MlirType sourceType = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (!fp8FormatOf(tileElementTypeOf(sourceType)) && !fp8FormatOf(tileElementTypeOf(resultType)))
    return tileLowerElementwise(lowering, op);
  Fp8Conversion conversion;
  if (!checkConversion(lowering, op, &conversion))
    return mlirLogicalResultFailure();
  MlirContext context = lowering->context;
  Emitter e = {
      .lowering = lowering,
      .location = mlirOperationGetLocation(op),
      .i8 = mlirIntegerTypeGet(context, 8),
      .i16 = mlirIntegerTypeGet(context, 16),
      .i32 = mlirIntegerTypeGet(context, 32),
      .f16 = mlirF16TypeGet(context),
      .f32 = mlirF32TypeGet(context),
  };
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue source = tileLoweredValue(mlirOperationGetOperand(op, 0));
  if (!tileIsTensor(resultType)) {
    MlirValue result;
    convertElements(&e, &conversion, 1, &source, &result);
    tileReplaceOp(lowering, op, &result);
    return mlirLogicalResultSuccess();
  }
  MlirType structType = tileLoweredType(lowering, op, resultType);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  intptr_t registers = mlirLLVMStructTypeGetNumElementTypes(structType);
  MlirValue *values = malloc(sizeof(MlirValue) * 2 * (size_t)registers);
  if (!values)
    return tileLoweringError(op, "out of memory");
  MlirValue *sources = values, *results = values + registers;
  tileEmitUnpack(lowering, e.location, source, registers, sources);
  for (intptr_t r = 0; r < registers; r += 2) {
    int32_t count = r + 1 < registers ? 2 : 1;
    convertElements(&e, &conversion, count, sources + r, results + r);
  }
  MlirValue packed = tileEmitPack(lowering, e.location, structType, registers, results);
  tileReplaceOp(lowering, op, &packed);
  free(values);
  return mlirLogicalResultSuccess();
}
