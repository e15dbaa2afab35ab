/*===- elementwise.c - arith and math on tensors, and tensor constants -----===*
 *
 * An elementwise op on tensors becomes the same op on each of the thread's
 * registers: operands are unpacked from their structs (a scalar operand,
 * such as select's condition, serves every register), the scalar op is
 * built with the original attributes (predicates, fastmath flags), and the
 * results are packed again. The scalar ops are left for
 * convert-arith-to-llvm / convert-math-to-llvm, except the transcendental
 * math that NVPTX cannot select: those become calls to libdevice's
 * `__nv_*` functions (on scalars too), which the back end links in. f16 and
 * bf16 go through f32 for those calls, as libdevice has no half versions.
 * tile's own elementwise ops (bitcast, pointer casts, clampf, precise
 * sqrt/div, extern_elementwise, fp_to_fp) have a scalar emitter each.
 * A splat tensor constant is one scalar in every register; any other
 * dense constant becomes a global table each thread indexes. fp8 elements
 * are held as their i8 bits (types.c), so only ops that move bits (bitcast,
 * select, constants) apply to them; arithmetic asks for tile.fp_to_fp.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdio.h>
#include <string.h>

enum { MAX_OPERANDS = 4 };

/* libdevice's f32 names are the f64 ones with an `f` suffix. */
static const struct {
  const char *op;
  const char *libdevice;
} libdeviceFunctions[] = {
    {"math.exp", "__nv_exp"},     {"math.exp2", "__nv_exp2"},
    {"math.expm1", "__nv_expm1"}, {"math.log", "__nv_log"},
    {"math.log2", "__nv_log2"},   {"math.log10", "__nv_log10"},
    {"math.log1p", "__nv_log1p"}, {"math.sin", "__nv_sin"},
    {"math.cos", "__nv_cos"},     {"math.tan", "__nv_tan"},
    {"math.tanh", "__nv_tanh"},   {"math.rsqrt", "__nv_rsqrt"},
    {"math.erf", "__nv_erf"},     {"math.atan", "__nv_atan"},
    {"math.atan2", "__nv_atan2"}, {"math.powf", "__nv_pow"},
    {"math.asin", "__nv_asin"},   {"math.acos", "__nv_acos"},
    {"math.sinh", "__nv_sinh"},   {"math.cosh", "__nv_cosh"},
    {"math.cbrt", "__nv_cbrt"},
};

static const char *libdeviceBaseName(MlirOperation op) {
  for (size_t i = 0; i < sizeof(libdeviceFunctions) / sizeof(libdeviceFunctions[0]); ++i)
    if (tileOpIs(op, libdeviceFunctions[i].op))
      return libdeviceFunctions[i].libdevice;
  return NULL;
}

/* Finds `name` among the module's functions or declares it as
 * `result (arguments...)` at the top of the module. */
static void declareFunction(TileLowering *lowering, const char *name, MlirType result,
                            intptr_t numArguments, const MlirType *arguments) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(lowering->module, 0));
  MlirStringRef wanted = mlirStringRefCreateFromCString(name);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute symbol =
        mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("sym_name"));
    if (!mlirAttributeIsNull(symbol) &&
        mlirStringRefEqual(mlirStringAttrGetValue(symbol), wanted))
      return;
  }
  MlirContext context = lowering->context;
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "sym_name", mlirStringAttrGet(context, wanted)),
      tileNamedAttr(context, "function_type",
                    mlirTypeAttrGet(mlirLLVMFunctionTypeGet(result, numArguments,
                                                            arguments, false))),
  };
  MlirOperationState state = mlirOperationStateGet(
      mlirStringRefCreateFromCString("llvm.func"), mlirOperationGetLocation(lowering->module));
  mlirOperationStateAddAttributes(&state, 2, attributes);
  MlirRegion region = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  mlirBlockInsertOwnedOperation(body, 0, mlirOperationCreate(&state));
}

/* A call of `name` (declared on first use) on scalars. */
static MlirValue emitCall(TileLowering *lowering, MlirLocation location, const char *name,
                          intptr_t count, const MlirValue *arguments, MlirType result) {
  MlirContext context = lowering->context;
  MlirType types[MAX_OPERANDS];
  for (intptr_t i = 0; i < count; ++i)
    types[i] = mlirValueGetType(arguments[i]);
  declareFunction(lowering, name, result, count, types);
  int32_t segments[2] = {(int32_t)count, 0};
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "callee",
                    mlirFlatSymbolRefAttrGet(context, mlirStringRefCreateFromCString(name))),
      tileNamedAttr(context, "operandSegmentSizes", mlirDenseI32ArrayGet(context, 2, segments)),
      tileNamedAttr(context, "op_bundle_sizes", mlirDenseI32ArrayGet(context, 0, NULL)),
  };
  return tileEmit(lowering, "llvm.call", location, count, arguments, result, 3, attributes);
}

/* One element of a libdevice math op: f32 and f64 call directly, narrower
 * floats call the f32 version. */
static MlirValue emitLibdeviceCall(TileLowering *lowering, MlirOperation op,
                                   const char *baseName, intptr_t count,
                                   const MlirValue *operands, MlirType type) {
  MlirContext context = lowering->context;
  MlirLocation location = mlirOperationGetLocation(op);
  bool isDouble = mlirTypeIsAF64(type);
  MlirType callType = isDouble ? type : mlirF32TypeGet(context);
  bool widen = !mlirTypeEqual(callType, type);
  MlirValue arguments[MAX_OPERANDS];
  for (intptr_t i = 0; i < count; ++i)
    arguments[i] = widen ? tileEmit(lowering, "arith.extf", location, 1, &operands[i],
                                    callType, 0, NULL)
                         : operands[i];
  char name[64];
  snprintf(name, sizeof(name), "%s%s", baseName, isDouble ? "" : "f");
  MlirValue result = emitCall(lowering, location, name, count, arguments, callType);
  return widen ? tileEmit(lowering, "arith.truncf", location, 1, &result, type, 0, NULL)
               : result;
}

/* The op itself on scalars, with its attributes. */
static MlirValue emitScalarOp(TileLowering *lowering, MlirOperation op,
                              intptr_t count, const MlirValue *operands,
                              MlirType type) {
  MlirNamedAttribute attributes[16];
  intptr_t numAttributes = mlirOperationGetNumAttributes(op);
  if (numAttributes > 16)
    numAttributes = 16;
  for (intptr_t i = 0; i < numAttributes; ++i)
    attributes[i] = mlirOperationGetAttribute(op, i);
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  char nameText[64];
  snprintf(nameText, sizeof(nameText), "%.*s", (int)name.length, name.data);
  return tileEmit(lowering, nameText, mlirOperationGetLocation(op), count, operands,
                  type, numAttributes, attributes);
}

/* ---- tile's own elementwise ops, one scalar at a time ------------------- */

typedef MlirValue (*ScalarEmitter)(TileLowering *lowering, MlirOperation op,
                                   intptr_t count, const MlirValue *operands,
                                   MlirType type);

static MlirValue emitLibdeviceElement(TileLowering *lowering, MlirOperation op,
                                      intptr_t count, const MlirValue *operands,
                                      MlirType type) {
  return emitLibdeviceCall(lowering, op, libdeviceBaseName(op), count, operands, type);
}

static MlirValue emitCast(TileLowering *lowering, MlirOperation op, const char *name,
                          MlirValue operand, MlirType type) {
  if (mlirTypeEqual(mlirValueGetType(operand), type))
    return operand;
  return tileEmit(lowering, name, mlirOperationGetLocation(op), 1, &operand, type, 0, NULL);
}

static MlirValue emitBitcast(TileLowering *lowering, MlirOperation op, intptr_t count,
                             const MlirValue *operands, MlirType type) {
  return emitCast(lowering, op, "llvm.bitcast", operands[0], type);
}

static MlirValue emitIntToPtr(TileLowering *lowering, MlirOperation op, intptr_t count,
                              const MlirValue *operands, MlirType type) {
  return emitCast(lowering, op, "llvm.inttoptr", operands[0], type);
}

static MlirValue emitPtrToInt(TileLowering *lowering, MlirOperation op, intptr_t count,
                              const MlirValue *operands, MlirType type) {
  return emitCast(lowering, op, "llvm.ptrtoint", operands[0], type);
}

/* min(max(x, lo), hi); with propagateNan = all a NaN anywhere wins. */
static MlirValue emitClampF(TileLowering *lowering, MlirOperation op, intptr_t count,
                            const MlirValue *operands, MlirType type) {
  int64_t propagate = tileEnumAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("propagateNan")));
  bool nan = propagate != 0;
  MlirLocation location = mlirOperationGetLocation(op);
  MlirValue low[2] = {operands[0], operands[1]};
  MlirValue raised = tileEmit(lowering, nan ? "arith.maximumf" : "arith.maxnumf", location,
                              2, low, type, 0, NULL);
  MlirValue high[2] = {raised, operands[2]};
  return tileEmit(lowering, nan ? "arith.minimumf" : "arith.minnumf", location, 2, high,
                  type, 0, NULL);
}

/* llvm.sqrt and fdiv are IEEE-rounded in NVPTX unless fast-math asks
 * otherwise, which these ops never do. */
static MlirValue emitPreciseSqrt(TileLowering *lowering, MlirOperation op, intptr_t count,
                                 const MlirValue *operands, MlirType type) {
  return tileEmit(lowering, "llvm.intr.sqrt", mlirOperationGetLocation(op), 1, operands,
                  type, 0, NULL);
}

static MlirValue emitPreciseDivF(TileLowering *lowering, MlirOperation op, intptr_t count,
                                 const MlirValue *operands, MlirType type) {
  return tileEmit(lowering, "llvm.fdiv", mlirOperationGetLocation(op), 2, operands, type,
                  0, NULL);
}

static MlirValue emitExternElementwise(TileLowering *lowering, MlirOperation op,
                                       intptr_t count, const MlirValue *operands,
                                       MlirType type) {
  MlirStringRef symbol = mlirStringAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("symbol")));
  char name[256];
  snprintf(name, sizeof(name), "%.*s", (int)symbol.length, symbol.data);
  return emitCall(lowering, mlirOperationGetLocation(op), name, count, operands, type);
}

/* Between the standard float types: extend, or truncate rounding to
 * nearest even, or toward zero with PTX's cvt.rz. f16 <-> bf16 goes through
 * f32, which holds either exactly, so only the final truncation rounds. */
static MlirValue emitFpToFp(TileLowering *lowering, MlirOperation op, intptr_t count,
                            const MlirValue *operands, MlirType type) {
  MlirType source = mlirValueGetType(operands[0]);
  MlirLocation location = mlirOperationGetLocation(op);
  MlirValue widened;
  if (tileBitWidthOf(type) == tileBitWidthOf(source)) {
    MlirType f32 = mlirF32TypeGet(lowering->context);
    widened = tileEmit(lowering, "arith.extf", location, 1, operands, f32, 0, NULL);
    operands = &widened;
    source = f32;
  }
  if (tileBitWidthOf(type) > tileBitWidthOf(source))
    return tileEmit(lowering, "arith.extf", location, 1, operands, type, 0, NULL);
  int64_t rounding = tileEnumAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("rounding")));
  if (rounding != 0 /* rtz */ || !mlirTypeIsAF32(source))
    return tileEmit(lowering, "arith.truncf", location, 1, operands, type, 0, NULL);
  const char *text = mlirTypeIsAF16(type) ? "cvt.rz.f16.f32 $0, $1;" : "cvt.rz.bf16.f32 $0, $1;";
  MlirValue bits = tileEmitInlineAsm(lowering, location, text, "=h,r", 1, operands,
                                     mlirIntegerTypeGet(lowering->context, 16));
  return tileEmit(lowering, "llvm.bitcast", location, 1, &bits, type, 0, NULL);
}

static bool isStandardFloat(MlirType type) {
  return mlirTypeIsAF16(type) || mlirTypeIsABF16(type) || mlirTypeIsAF32(type) ||
         mlirTypeIsAF64(type);
}

static const struct {
  const char *name;
  ScalarEmitter emit;
} tileElementwiseOps[] = {
    {"tile.bitcast", emitBitcast},
    {"tile.int_to_ptr", emitIntToPtr},
    {"tile.ptr_to_int", emitPtrToInt},
    {"tile.clampf", emitClampF},
    {"tile.precise_sqrt", emitPreciseSqrt},
    {"tile.precise_divf", emitPreciseDivF},
    {"tile.extern_elementwise", emitExternElementwise},
    {"tile.fp_to_fp", emitFpToFp},
};

/* Ops that only move an element's bits, and so work on fp8 held as i8. */
static bool movesBitsOnly(MlirOperation op) {
  return tileOpIs(op, "tile.bitcast") || tileOpIs(op, "arith.bitcast") ||
         tileOpIs(op, "arith.select");
}

/* The first fp8 element type among `op`'s operands and result, or null. */
static MlirType fp8TypeUsedBy(MlirOperation op) {
  MlirType result = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (tileTypeIsFp8(result))
    return result;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirType operand = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(op, i)));
    if (tileTypeIsFp8(operand))
      return operand;
  }
  return (MlirType){NULL};
}

/* How to build one element of `op`: tile's own ops by the table above,
 * libdevice math by a call, anything else (arith, math) as itself. */
static ScalarEmitter scalarEmitterOf(MlirOperation op) {
  for (size_t i = 0; i < sizeof(tileElementwiseOps) / sizeof(tileElementwiseOps[0]); ++i)
    if (tileOpIs(op, tileElementwiseOps[i].name))
      return tileElementwiseOps[i].emit;
  return libdeviceBaseName(op) ? emitLibdeviceElement : emitScalarOp;
}

MlirValue tileEmitElementwiseScalar(TileLowering *lowering, MlirOperation op,
                                    intptr_t count, const MlirValue *operands,
                                    MlirType type) {
  ScalarEmitter emit = scalarEmitterOf(op);
  if (emit == emitScalarOp || count > MAX_OPERANDS ||
      (emit == emitLibdeviceElement && !isStandardFloat(type)))
    return (MlirValue){NULL};
  return emit(lowering, op, count, operands, type);
}

MlirLogicalResult tileLowerElementwise(TileLowering *lowering, MlirOperation op) {
  intptr_t numOperands = mlirOperationGetNumOperands(op);
  if (mlirOperationGetNumResults(op) != 1 || numOperands > MAX_OPERANDS ||
      mlirOperationGetNumRegions(op) != 0)
    return tileLoweringError(op, "only single-result elementwise ops are lowered");
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType elementType = tileLoweredElementType(resultType);
  MlirType fp8 = fp8TypeUsedBy(op);
  if (!mlirTypeIsNull(fp8) && !movesBitsOnly(op)) {
    char fp8Text[64];
    MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
    return tileLoweringError(op, "'%.*s' on %s values is not lowered: fp8 elements are "
                                 "held as bits; widen them with tile.fp_to_fp to f16 or "
                                 "f32 first",
                             (int)name.length, name.data,
                             tileTypeToString(fp8, fp8Text, sizeof(fp8Text)));
  }
  ScalarEmitter emit = scalarEmitterOf(op);
  if (emit == emitLibdeviceElement && !isStandardFloat(elementType))
    return tileLoweringError(op, "libdevice has no version for this element type");
  if (emit == emitFpToFp &&
      (!isStandardFloat(elementType) ||
       !isStandardFloat(tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(op, 0))))))
    return tileLoweringError(op, "fp8 conversions are not lowered yet");
  MlirType sourceElement =
      tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(op, 0)));
  if (emit == emitFpToFp &&
      tileEnumAttrGetValue(mlirOperationGetAttributeByName(
          op, mlirStringRefCreateFromCString("rounding"))) == 0 &&
      !(mlirTypeIsAF32(sourceElement) ||
        tileBitWidthOf(sourceElement) == tileBitWidthOf(elementType)))
    return tileLoweringError(op, "rounding toward zero is lowered from f32 only");
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);

  if (!tileIsTensor(resultType)) {
    MlirValue operands[MAX_OPERANDS];
    for (intptr_t i = 0; i < numOperands; ++i)
      operands[i] = tileLoweredValue(mlirOperationGetOperand(op, i));
    MlirValue result = emit(lowering, op, numOperands, operands, elementType);
    tileReplaceOp(lowering, op, &result);
    return mlirLogicalResultSuccess();
  }

  MlirType structType = tileLoweredType(lowering, op, resultType);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  intptr_t registers = mlirLLVMStructTypeGetNumElementTypes(structType);
  static const MlirValue none = {NULL};
  MlirValue unpacked[MAX_OPERANDS][TILE_LOWERING_MAX_REGISTERS];
  MlirValue scalars[MAX_OPERANDS];
  for (intptr_t i = 0; i < numOperands; ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    scalars[i] = none;
    if (!tileIsTensor(mlirValueGetType(operand))) {
      scalars[i] = tileLoweredValue(operand);
      continue;
    }
    MlirValue lowered = tileLoweredValue(operand);
    if (mlirLLVMStructTypeGetNumElementTypes(mlirValueGetType(lowered)) != registers)
      return tileLoweringError(op, "operand #%d has another layout than the result",
                               (int)i);
    tileEmitUnpack(lowering, location, lowered, registers, unpacked[i]);
  }
  MlirValue results[TILE_LOWERING_MAX_REGISTERS];
  for (intptr_t r = 0; r < registers; ++r) {
    MlirValue operands[MAX_OPERANDS];
    for (intptr_t i = 0; i < numOperands; ++i)
      operands[i] = mlirValueIsNull(scalars[i]) ? unpacked[i][r] : scalars[i];
    results[r] = emit(lowering, op, numOperands, operands, elementType);
  }
  MlirValue packed = tileEmitPack(lowering, location, structType, registers, results);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}

/* A new internal constant global holding `value` flattened, in global
 * memory (the .const bank is 64 KiB and per module); returns its address. */
static MlirValue emitConstantTable(TileLowering *lowering, MlirLocation location,
                                   MlirAttribute value, MlirType elementType,
                                   int64_t count) {
  MlirContext context = lowering->context;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(lowering->module, 0));
  int tables = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    tables += tileOpIs(op, "llvm.mlir.global");
  char name[64];
  snprintf(name, sizeof(name), "__tile_constant_%d", tables);
  MlirType flatType = mlirRankedTensorTypeGet(1, &count, elementType, mlirAttributeGetNull());
  MlirType i32 = mlirIntegerTypeGet(context, 32);
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "sym_name",
                    mlirStringAttrGet(context, mlirStringRefCreateFromCString(name))),
      tileNamedAttr(context, "global_type",
                    mlirTypeAttrGet(mlirLLVMArrayTypeGet(elementType, (unsigned)count))),
      tileNamedAttr(context, "linkage", mlirLLVMLinkageAttrGet(context, MlirLLVMLinkageInternal)),
      tileNamedAttr(context, "constant", mlirUnitAttrGet(context)),
      tileNamedAttr(context, "addr_space", mlirIntegerAttrGet(i32, 1)),
      tileNamedAttr(context, "value", mlirDenseElementsAttrReshapeGet(value, flatType)),
  };
  MlirOperationState state =
      mlirOperationStateGet(mlirStringRefCreateFromCString("llvm.mlir.global"), location);
  mlirOperationStateAddAttributes(&state, sizeof(attributes) / sizeof(attributes[0]),
                                  attributes);
  MlirRegion initializer = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(&state, 1, &initializer);
  mlirBlockInsertOwnedOperation(body, 0, mlirOperationCreate(&state));
  MlirNamedAttribute global = tileNamedAttr(
      context, "global_name",
      mlirFlatSymbolRefAttrGet(context, mlirStringRefCreateFromCString(name)));
  return tileEmit(lowering, "llvm.mlir.addressof", location, 0, NULL,
                  mlirLLVMPointerTypeGet(context, 1), 1, &global);
}

/* `value` with the element type it is held in: fp8 elements as i8 of the
 * same bits (a dense attribute stores one byte per fp8 element). */
static MlirAttribute heldBits(MlirAttribute value, MlirType heldElement) {
  MlirType type = mlirAttributeGetType(value);
  if (!tileTypeIsFp8(mlirShapedTypeGetElementType(type)))
    return value;
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  intptr_t rank = mlirShapedTypeGetRank(type);
  for (intptr_t d = 0; d < rank && d < TILE_LAYOUT_MAX_RANK; ++d)
    shape[d] = mlirShapedTypeGetDimSize(type, d);
  MlirType bitsType = mlirRankedTensorTypeGet(rank, shape, heldElement, mlirAttributeGetNull());
  size_t bytes =
      mlirDenseElementsAttrIsSplat(value) ? 1 : (size_t)mlirElementsAttrGetNumElements(value);
  return mlirDenseElementsAttrRawBufferGet(bitsType, bytes,
                                           mlirDenseElementsAttrGetRawData(value));
}

/* A non-splat constant: each thread loads its elements from a table, at
 * the row-major index of their coordinates. */
static MlirLogicalResult lowerConstantTable(TileLowering *lowering, MlirOperation op,
                                            MlirAttribute value, MlirType type,
                                            MlirType structType) {
  TileLinearLayout layout;
  if (!tileLayoutOfTensor(lowering, op, type, &layout))
    return mlirLogicalResultFailure();
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  int32_t rank = (int32_t)tileShapeOf(type, shape, TILE_LAYOUT_MAX_RANK);
  MlirType elementType = tileLoweredElementType(type);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue table = emitConstantTable(lowering, location, heldBits(value, elementType),
                                      elementType, tileNumElementsOf(type));
  int32_t registers = tileLayoutGetNumRegisters(&layout);
  static const MlirValue none = {NULL};
  MlirValue coordinates[TILE_LOWERING_MAX_REGISTERS * TILE_LAYOUT_MAX_RANK];
  MlirValue values[TILE_LOWERING_MAX_REGISTERS];
  tileEmitCoordinates(lowering, location, &layout, rank, coordinates);
  MlirContext context = lowering->context;
  int32_t dynamicIndex = INT32_MIN;
  MlirNamedAttribute gepAttributes[2] = {
      tileNamedAttr(context, "elem_type", mlirTypeAttrGet(elementType)),
      tileNamedAttr(context, "rawConstantIndices",
                    mlirDenseI32ArrayGet(context, 1, &dynamicIndex)),
  };
  for (int32_t r = 0; r < registers; ++r) {
    MlirValue index = none;
    for (int32_t d = 0; d < rank; ++d) {
      MlirValue coordinate = coordinates[r * rank + d];
      index = mlirValueIsNull(index)
                  ? coordinate
                  : tileEmitBinary(lowering, location, "llvm.add",
                                   tileEmitBinary(lowering, location, "llvm.mul", index,
                                                  tileEmitI32(lowering, location, shape[d])),
                                   coordinate);
    }
    MlirValue operands[2] = {table, index};
    MlirValue address = tileEmit(lowering, "llvm.getelementptr", location, 2, operands,
                                 mlirValueGetType(table), 2, gepAttributes);
    values[r] = tileEmit(lowering, "llvm.load", location, 1, &address, elementType, 0, NULL);
  }
  MlirValue packed = tileEmitPack(lowering, location, structType, registers, values);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerConstant(TileLowering *lowering, MlirOperation op) {
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirAttribute value =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("value"));
  if (!mlirAttributeIsADenseElements(value))
    return tileLoweringError(op, "only dense tensor constants are lowered");
  MlirType structType = tileLoweredType(lowering, op, type);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  if (!mlirDenseElementsAttrIsSplat(value))
    return lowerConstantTable(lowering, op, value, type, structType);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirLocation location = mlirOperationGetLocation(op);
  MlirType element = tileLoweredElementType(type);
  MlirValue scalar = tileEmitConstant(
      lowering, location, element,
      mlirDenseElementsAttrGetSplatValue(heldBits(value, element)));
  intptr_t registers = mlirLLVMStructTypeGetNumElementTypes(structType);
  MlirValue values[TILE_LOWERING_MAX_REGISTERS];
  for (intptr_t r = 0; r < registers; ++r)
    values[r] = scalar;
  MlirValue packed = tileEmitPack(lowering, location, structType, registers, values);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}
