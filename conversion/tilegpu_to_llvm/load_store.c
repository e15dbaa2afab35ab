/*===- load_store.c - tile.load, tile.store and tile.addptr -----------------===*
 *
 * Each thread accesses its registers in vectors of w elements, where w is
 * the smallest of: the elements the layout gives a thread contiguously
 * (from the linear layout), what the addresses and mask allow (access_width.c)
 * and 128 bits. The vector's registers are consecutive and its first
 * address is aligned to the whole vector. One mask bit covers it when the
 * mask is constant over it; otherwise it is split at the edges (see
 * planVectors).
 *
 * An access with nothing special (no mask, no cache or eviction modifier)
 * is a plain `llvm.load`/`llvm.store` of `vector<w x T>`, which LLVM's
 * NVPTX back end turns into ld/st.global.v{2,4}. Anything else is one
 * predicated PTX instruction in inline assembly, as Triton emits it:
 * `@$p ld.global.cg.v4.b32 {$0, $1, $2, $3}, [$5];`, the elements packed in
 * 32-bit words (or one 8/16-bit word for narrower vectors). A load's
 * `other` fills the lanes whose mask is off with a select.
 *
 * A store writes each element once: registers, lanes and warps that hold a
 * copy of an element another one holds (the layout's free variables, as in
 * a broadcast layout, or every thread for a scalar store) are predicated
 * off.
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

enum { MAX_VECTOR_BITS = 128, MAX_ASM = 512 };

/* What one access needs to know besides its operands. */
typedef struct AccessKind {
  bool isLoad;
  bool isVolatile;
  const char *cacheModifier;  /* ".cg" ... or "" */
  const char *evictionPolicy; /* ".L1::evict_first" ... or "" */
} AccessKind;

static bool readAccessKind(MlirOperation op, AccessKind *kind) {
  static const char *const caches[] = {"", "", ".ca", ".cg", ".wb", ".cs", ".wt", ".cv"};
  static const char *const evictions[] = {"", "", ".L1::evict_first", ".L1::evict_last"};
  int64_t cache = tileEnumAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("cache")));
  int64_t evict = tileEnumAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("evict")));
  kind->isLoad = tileOpIs(op, "tile.load");
  kind->isVolatile = tileHasFlag(op, "isVolatile");
  kind->cacheModifier = cache >= 0 && cache < 8 ? caches[cache] : "";
  /* An L1 eviction priority means nothing for accesses that bypass or
   * stream through L1, and ptxas rejects the combination. */
  bool cachedInL1 = cache < 3 /* none, ca */;
  kind->evictionPolicy = evict >= 0 && evict < 4 && cachedInL1 ? evictions[evict] : "";
  if (kind->isLoad && (cache == 4 || cache == 6))
    return false; /* .wb and .wt are store-only */
  if (!kind->isLoad && (cache == 2 || cache == 3 || cache == 7))
    return false; /* .ca, .cg and .cv are load-only on st */
  return true;
}

static bool needsInlineAsm(const AccessKind *kind, bool predicated) {
  return predicated || kind->cacheModifier[0] || kind->evictionPolicy[0];
}

/* ---- Packing elements into the words an asm instruction moves --------- */

typedef struct WordShape {
  int32_t bits;  /* 8, 16 or 32 */
  int32_t count; /* 1 to 4 */
} WordShape;

static WordShape wordShapeOf(int32_t elementBits, int32_t width) {
  int32_t total = elementBits * width;
  WordShape shape = {total >= 32 ? 32 : total, total >= 32 ? total / 32 : 1};
  return shape;
}

static const char *constraintOf(int32_t bits) {
  return bits == 32 ? "r" : bits == 16 ? "h" : "c";
}

static MlirValue emitVectorOf(TileLowering *lowering, MlirLocation location,
                              MlirType vectorType, int32_t count,
                              const MlirValue *elements) {
  MlirValue vector =
      tileEmit(lowering, "llvm.mlir.undef", location, 0, NULL, vectorType, 0, NULL);
  for (int32_t i = 0; i < count; ++i) {
    MlirValue operands[3] = {vector, elements[i], tileEmitI32(lowering, location, i)};
    vector = tileEmit(lowering, "llvm.insertelement", location, 3, operands,
                      vectorType, 0, NULL);
  }
  return vector;
}

static void emitElementsOf(TileLowering *lowering, MlirLocation location,
                           MlirValue vector, MlirType elementType, int32_t count,
                           MlirValue *elements) {
  for (int32_t i = 0; i < count; ++i) {
    MlirValue operands[2] = {vector, tileEmitI32(lowering, location, i)};
    elements[i] = tileEmit(lowering, "llvm.extractelement", location, 2, operands,
                           elementType, 0, NULL);
  }
}

static MlirValue emitBitcast(TileLowering *lowering, MlirLocation location,
                             MlirValue value, MlirType type) {
  if (mlirTypeEqual(mlirValueGetType(value), type))
    return value;
  return tileEmit(lowering, "llvm.bitcast", location, 1, &value, type, 0, NULL);
}

/* `width` elements -> `shape.count` integer words. */
static void emitPackWords(TileLowering *lowering, MlirLocation location,
                          const MlirValue *elements, MlirType elementType,
                          int32_t width, WordShape shape, MlirValue *words) {
  MlirType wordType = mlirIntegerTypeGet(lowering->context, (unsigned)shape.bits);
  int64_t elementCount = width, wordCount = shape.count;
  MlirValue vector = width == 1 ? elements[0]
                                : emitVectorOf(lowering, location,
                                               mlirVectorTypeGet(1, &elementCount, elementType),
                                               width, elements);
  if (shape.count == 1) {
    words[0] = emitBitcast(lowering, location, vector, wordType);
    return;
  }
  MlirValue asWords = emitBitcast(lowering, location, vector,
                                  mlirVectorTypeGet(1, &wordCount, wordType));
  emitElementsOf(lowering, location, asWords, wordType, shape.count, words);
}

/* `shape.count` integer words -> `width` elements. */
static void emitUnpackWords(TileLowering *lowering, MlirLocation location,
                            const MlirValue *words, MlirType elementType,
                            int32_t width, WordShape shape, MlirValue *elements) {
  MlirType wordType = mlirIntegerTypeGet(lowering->context, (unsigned)shape.bits);
  int64_t elementCount = width, wordCount = shape.count;
  MlirValue vector = shape.count == 1
                         ? words[0]
                         : emitVectorOf(lowering, location,
                                        mlirVectorTypeGet(1, &wordCount, wordType),
                                        shape.count, words);
  if (width == 1) {
    elements[0] = emitBitcast(lowering, location, vector, elementType);
    return;
  }
  MlirValue asElements = emitBitcast(lowering, location, vector,
                                     mlirVectorTypeGet(1, &elementCount, elementType));
  emitElementsOf(lowering, location, asElements, elementType, width, elements);
}

static MlirValue emitInlineAsm(TileLowering *lowering, MlirLocation location,
                               const char *text, const char *constraints, intptr_t count,
                               const MlirValue *operands, MlirType resultType,
                               bool hasSideEffects) {
  MlirContext context = lowering->context;
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "asm_string",
                    mlirStringAttrGet(context, mlirStringRefCreateFromCString(text))),
      tileNamedAttr(context, "constraints",
                    mlirStringAttrGet(context, mlirStringRefCreateFromCString(constraints))),
      tileNamedAttr(context, "has_side_effects", mlirUnitAttrGet(context)),
  };
  return tileEmit(lowering, "llvm.inline_asm", location, count, operands, resultType,
                  hasSideEffects ? 3 : 2, attributes);
}

MlirValue tileEmitInlineAsm(TileLowering *lowering, MlirLocation location,
                            const char *text, const char *constraints, intptr_t count,
                            const MlirValue *operands, MlirType resultType) {
  return emitInlineAsm(lowering, location, text, constraints, count, operands, resultType,
                       true);
}

MlirValue tileEmitPureInlineAsm(TileLowering *lowering, MlirLocation location,
                                const char *text, const char *constraints, intptr_t count,
                                const MlirValue *operands, MlirType resultType) {
  return emitInlineAsm(lowering, location, text, constraints, count, operands, resultType,
                       false);
}

/* ---- One vector access ------------------------------------------------- */

/* Loads `width` elements at `pointer` (predicated on `predicate` unless it
 * is null) into `elements`. */
static void emitVectorLoad(TileLowering *lowering, MlirLocation location,
                           const AccessKind *kind, MlirValue pointer,
                           MlirValue predicate, MlirType elementType,
                           int32_t elementBits, int32_t width, MlirValue *elements) {
  MlirContext context = lowering->context;
  bool predicated = !mlirValueIsNull(predicate);
  if (!needsInlineAsm(kind, predicated)) {
    int64_t count = width;
    MlirType type = width == 1 ? elementType : mlirVectorTypeGet(1, &count, elementType);
    MlirType i64 = mlirIntegerTypeGet(context, 64);
    MlirNamedAttribute attributes[2] = {
        tileNamedAttr(context, "alignment",
                      mlirIntegerAttrGet(i64, (int64_t)width * elementBits / 8)),
        tileNamedAttr(context, "volatile_", mlirUnitAttrGet(context)),
    };
    MlirValue loaded = tileEmit(lowering, "llvm.load", location, 1, &pointer, type,
                                kind->isVolatile ? 2 : 1, attributes);
    if (width == 1)
      elements[0] = loaded;
    else
      emitElementsOf(lowering, location, loaded, elementType, width, elements);
    return;
  }
  WordShape shape = wordShapeOf(elementBits, width);
  char destinations[64] = "", constraints[64] = "", text[MAX_ASM], vector[16] = "";
  for (int32_t i = 0; i < shape.count; ++i) {
    size_t used = strlen(destinations);
    snprintf(destinations + used, sizeof(destinations) - used, "%s$%d", i ? ", " : "", i);
    used = strlen(constraints);
    snprintf(constraints + used, sizeof(constraints) - used, "%s=%s", i ? "," : "",
             constraintOf(shape.bits));
  }
  if (shape.count > 1)
    snprintf(vector, sizeof(vector), ".v%d", shape.count);
  int32_t pointerIndex = shape.count;
  char guard[16] = "";
  if (predicated)
    snprintf(guard, sizeof(guard), "@$%d ", shape.count + 1);
  snprintf(text, sizeof(text), "%sld%s.global%s%s%s.b%d %s%s%s, [ $%d + 0 ];", guard,
           kind->isVolatile ? ".volatile" : "",
           kind->isVolatile ? "" : kind->cacheModifier,
           kind->isVolatile ? "" : kind->evictionPolicy, vector, shape.bits,
           shape.count > 1 ? "{ " : "", destinations, shape.count > 1 ? " }" : "",
           pointerIndex);
  size_t used = strlen(constraints);
  snprintf(constraints + used, sizeof(constraints) - used, ",l%s",
           predicated ? ",b" : "");
  MlirType wordType = mlirIntegerTypeGet(context, (unsigned)shape.bits);
  MlirType fields[4] = {wordType, wordType, wordType, wordType};
  MlirType resultType = shape.count == 1
                            ? wordType
                            : mlirLLVMStructTypeLiteralGet(context, shape.count, fields, false);
  MlirValue operands[2] = {pointer, predicate};
  MlirValue result = tileEmitInlineAsm(lowering, location, text, constraints,
                                   predicated ? 2 : 1, operands, resultType);
  MlirValue words[4];
  if (shape.count == 1)
    words[0] = result;
  else
    tileEmitUnpack(lowering, location, result, shape.count, words);
  emitUnpackWords(lowering, location, words, elementType, width, shape, elements);
}

static void emitVectorStore(TileLowering *lowering, MlirLocation location,
                            const AccessKind *kind, MlirValue pointer,
                            MlirValue predicate, MlirType elementType,
                            int32_t elementBits, int32_t width,
                            const MlirValue *elements) {
  MlirContext context = lowering->context;
  bool predicated = !mlirValueIsNull(predicate);
  if (!needsInlineAsm(kind, predicated)) {
    int64_t count = width;
    MlirValue value =
        width == 1 ? elements[0]
                   : emitVectorOf(lowering, location,
                                  mlirVectorTypeGet(1, &count, elementType), width, elements);
    MlirType i64 = mlirIntegerTypeGet(context, 64);
    MlirNamedAttribute alignment = tileNamedAttr(
        context, "alignment", mlirIntegerAttrGet(i64, (int64_t)width * elementBits / 8));
    MlirValue operands[2] = {value, pointer};
    tileEmit(lowering, "llvm.store", location, 2, operands, (MlirType){NULL}, 1, &alignment);
    return;
  }
  WordShape shape = wordShapeOf(elementBits, width);
  MlirValue operands[6];
  int32_t count = 0;
  char constraints[64] = "", sources[64] = "", text[MAX_ASM], vector[16] = "", guard[16] = "";
  if (predicated) {
    operands[count++] = predicate;
    snprintf(guard, sizeof(guard), "@$0 ");
    snprintf(constraints, sizeof(constraints), "b,");
  }
  int32_t pointerIndex = count;
  operands[count++] = pointer;
  size_t used = strlen(constraints);
  snprintf(constraints + used, sizeof(constraints) - used, "l");
  emitPackWords(lowering, location, elements, elementType, width, shape, operands + count);
  for (int32_t i = 0; i < shape.count; ++i) {
    used = strlen(sources);
    snprintf(sources + used, sizeof(sources) - used, "%s$%d", i ? ", " : "", count + i);
    used = strlen(constraints);
    snprintf(constraints + used, sizeof(constraints) - used, ",%s", constraintOf(shape.bits));
  }
  count += shape.count;
  if (shape.count > 1)
    snprintf(vector, sizeof(vector), ".v%d", shape.count);
  snprintf(text, sizeof(text), "%sst.global%s%s%s.b%d [ $%d + 0 ], %s%s%s;", guard,
           kind->cacheModifier, kind->evictionPolicy, vector, shape.bits, pointerIndex,
           shape.count > 1 ? "{ " : "", sources, shape.count > 1 ? " }" : "");
  tileEmitInlineAsm(lowering, location, text, constraints, count, operands, (MlirType){NULL});
}

/* ---- Vector width from the layout ------------------------------------- */

/* The widest w (a power of two) such that each thread's registers come in
 * runs of w consecutive elements along `dim` that start at multiples of w,
 * capped by `limit`. */
static int32_t layoutVectorWidth(const TileLinearLayout *layout, int32_t rank,
                                 int32_t dim, int32_t limit) {
  int32_t width = tileLayoutGetContiguousElements(layout, tileLayoutTensorDim(dim));
  if (width > limit)
    width = limit;
  static const TileLayoutDimName names[3] = {TILE_LAYOUT_REGISTER, TILE_LAYOUT_LANE,
                                             TILE_LAYOUT_WARP};
  for (;;) {
    int32_t firstRegisterBit = 0;
    while ((1 << firstRegisterBit) < width)
      ++firstRegisterBit;
    bool aligned = true;
    for (int32_t i = 0; i < 3 && aligned; ++i) {
      int32_t size = tileLayoutGetInDimSize(layout, names[i]);
      for (int32_t bit = i == 0 ? firstRegisterBit : 0; (1 << bit) < size; ++bit) {
        int32_t basis[TILE_LAYOUT_MAX_RANK];
        tileLayoutBasis(layout, names[i], bit, rank, basis);
        if (basis[dim] % width != 0)
          aligned = false;
      }
    }
    if (aligned || width == 1)
      return width;
    width /= 2;
  }
}

/* How one tensor access is split into vectors. */
typedef struct VectorPlan {
  int32_t width;   /* elements per vector access */
  bool splitMask;  /* the mask may change inside a vector (see below) */
} VectorPlan;

/* Picks the width along the dim where the layout gives the longest runs
 * the addresses allow. When the mask is not constant over such a run (a
 * ragged end the axis analysis cannot rule out), each vector is accessed
 * whole where all its mask bits are set, and element by element only where
 * they differ: one predicated vector instruction plus `width` predicated
 * scalar ones, of which a thread issues the scalar ones only at the edge. */
static VectorPlan planVectors(MlirOperation op, const TileLinearLayout *layout,
                              int32_t rank, int32_t elementBits, bool masked) {
  VectorPlan plan = {1, false};
  for (int32_t dim = 0; dim < rank; ++dim) {
    int32_t limit = tileAccessWidth(op, dim);
    int32_t bitsLimit = MAX_VECTOR_BITS / elementBits;
    if (limit > bitsLimit)
      limit = bitsLimit;
    int32_t width = layoutVectorWidth(layout, rank, dim, limit);
    if (width > plan.width) {
      plan.width = width;
      plan.splitMask = masked && tileMaskConstancy(op, dim) < width;
    }
  }
  return plan;
}

/* The i1 AND of `count` mask bits. */
static MlirValue emitAllSet(TileLowering *lowering, MlirLocation location,
                            const MlirValue *bits, int32_t count) {
  MlirValue all = bits[0];
  for (int32_t i = 1; i < count; ++i)
    all = tileEmitBinary(lowering, location, "llvm.and", all, bits[i]);
  return all;
}

static MlirValue emitNot(TileLowering *lowering, MlirLocation location, MlirValue bit) {
  MlirType i1 = mlirIntegerTypeGet(lowering->context, 1);
  MlirValue one = tileEmitConstant(lowering, location, i1, mlirIntegerAttrGet(i1, 1));
  return tileEmitBinary(lowering, location, "llvm.xor", bit, one);
}

/* ---- Redundant copies -------------------------------------------------- */

/* i1 that is true in the one thread of each group of threads holding the
 * same elements, or a null value when every thread holds distinct ones. */
MlirValue tileEmitOwnerPredicate(TileLowering *lowering, MlirLocation location,
                                 uint32_t freeLanes, uint32_t freeWarps) {
  if (!freeLanes && !freeWarps)
    return (MlirValue){NULL};
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  MlirValue bits = {NULL};
  if (freeLanes)
    bits = tileEmitBinary(lowering, location, "llvm.and", lane,
                          tileEmitI32(lowering, location, freeLanes));
  if (freeWarps) {
    MlirValue warpBits = tileEmitBinary(lowering, location, "llvm.and", warp,
                                        tileEmitI32(lowering, location, freeWarps));
    bits = mlirValueIsNull(bits)
               ? warpBits
               : tileEmitBinary(lowering, location, "llvm.or", bits, warpBits);
  }
  MlirValue operands[2] = {bits, tileEmitI32(lowering, location, 0)};
  MlirNamedAttribute predicate = tileNamedAttr(
      lowering->context, "predicate",
      mlirIntegerAttrGet(mlirIntegerTypeGet(lowering->context, 64), 0 /* eq */));
  return tileEmit(lowering, "llvm.icmp", location, 2, operands,
                  mlirIntegerTypeGet(lowering->context, 1), 1, &predicate);
}

MlirValue tileEmitAndPredicates(TileLowering *lowering, MlirLocation location,
                                MlirValue a, MlirValue b) {
  if (mlirValueIsNull(a))
    return b;
  if (mlirValueIsNull(b))
    return a;
  return tileEmitBinary(lowering, location, "llvm.and", a, b);
}

/* ---- The ops ----------------------------------------------------------- */

static bool elementBitsOf(MlirOperation op, MlirType pointerType, int32_t *bits) {
  MlirType pointee = tilePointerTypeGetPointeeType(tileElementTypeOf(pointerType));
  *bits = (int32_t)tileBitWidthOf(pointee);
  if (tileTypeIsAPointer(pointee) || *bits < 8) {
    tileLoweringError(op, "loads and stores of %s elements are not lowered yet",
                      tileTypeIsAPointer(pointee) ? "pointer" : "sub-byte");
    return false;
  }
  return true;
}

static MlirValue optionalOperand(MlirOperation op, intptr_t group) {
  intptr_t start, size;
  if (!tileOperandSegment(op, group, &start, &size) || size == 0)
    return (MlirValue){NULL};
  return mlirOperationGetOperand(op, start);
}

MlirLogicalResult tileLowerLoad(TileLowering *lowering, MlirOperation op) {
  MlirValue pointers = mlirOperationGetOperand(op, 0);
  MlirType pointerType = mlirValueGetType(pointers);
  MlirValue mask = optionalOperand(op, 1);
  MlirValue other = optionalOperand(op, 2);
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (tileTypeIsAPointer(pointerType) &&
      tileIsTensor(tilePointerTypeGetPointeeType(pointerType)))
    return tileLoweringError(op, "block-pointer loads are not lowered yet");
  AccessKind kind;
  int32_t elementBits;
  if (!readAccessKind(op, &kind))
    return tileLoweringError(op, "this cache modifier does not apply to loads");
  if (!elementBitsOf(op, pointerType, &elementBits))
    return mlirLogicalResultFailure();
  MlirType elementType = tileLoweredElementType(resultType);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);

  if (!tileIsTensor(pointerType)) {
    MlirValue predicate = mlirValueIsNull(mask) ? mask : tileLoweredValue(mask);
    MlirValue value;
    emitVectorLoad(lowering, location, &kind, tileLoweredValue(pointers), predicate,
                   elementType, elementBits, 1, &value);
    if (!mlirValueIsNull(other) && !mlirValueIsNull(mask)) {
      MlirValue operands[3] = {predicate, value, tileLoweredValue(other)};
      value = tileEmit(lowering, "llvm.select", location, 3, operands, elementType, 0, NULL);
    }
    tileReplaceOp(lowering, op, &value);
    return mlirLogicalResultSuccess();
  }

  TileLinearLayout layout;
  if (!tileLayoutOfTensor(lowering, op, pointerType, &layout))
    return mlirLogicalResultFailure();
  MlirType structType = tileLoweredType(lowering, op, resultType);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  int32_t rank = (int32_t)tileRankOf(pointerType);
  int32_t registers = tileLayoutGetNumRegisters(&layout);
  VectorPlan plan = planVectors(op, &layout, rank, elementBits, !mlirValueIsNull(mask));
  int32_t width = plan.width;
  MlirValue addresses[TILE_LOWERING_MAX_REGISTERS], masks[TILE_LOWERING_MAX_REGISTERS],
      others[TILE_LOWERING_MAX_REGISTERS], values[TILE_LOWERING_MAX_REGISTERS];
  tileEmitUnpack(lowering, location, tileLoweredValue(pointers), registers, addresses);
  if (!mlirValueIsNull(mask))
    tileEmitUnpack(lowering, location, tileLoweredValue(mask), registers, masks);
  if (!mlirValueIsNull(other))
    tileEmitUnpack(lowering, location, tileLoweredValue(other), registers, others);
  for (int32_t first = 0; first < registers; first += width) {
    MlirValue predicate = mlirValueIsNull(mask) ? mask
                          : plan.splitMask      ? emitAllSet(lowering, location, masks + first, width)
                                                : masks[first];
    emitVectorLoad(lowering, location, &kind, addresses[first], predicate, elementType,
                   elementBits, width, values + first);
    if (plan.splitMask) {
      MlirValue notAll = emitNot(lowering, location, predicate);
      for (int32_t i = first; i < first + width; ++i) {
        MlirValue single;
        emitVectorLoad(lowering, location, &kind, addresses[i],
                       tileEmitBinary(lowering, location, "llvm.and", masks[i], notAll),
                       elementType, elementBits, 1, &single);
        MlirValue operands[3] = {predicate, values[i], single};
        values[i] = tileEmit(lowering, "llvm.select", location, 3, operands, elementType,
                             0, NULL);
      }
    }
    if (mlirValueIsNull(other) || mlirValueIsNull(mask))
      continue;
    /* Where the mask is constant over the vector (no split), the vector's
     * one predicate is every element's mask bit: selecting on masks[i]
     * would make each element compute its own compare, which LLVM cannot
     * fold into the vector's (one setp per element instead of per vector).
     * Only a split vector needs each element's own bit. */
    for (int32_t i = first; i < first + width; ++i) {
      MlirValue operands[3] = {plan.splitMask ? masks[i] : predicate, values[i], others[i]};
      values[i] = tileEmit(lowering, "llvm.select", location, 3, operands, elementType,
                           0, NULL);
    }
  }
  MlirValue packed = tileEmitPack(lowering, location, structType, registers, values);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerStore(TileLowering *lowering, MlirOperation op) {
  MlirValue pointers = mlirOperationGetOperand(op, 0);
  MlirValue value = mlirOperationGetOperand(op, 1);
  MlirValue mask = mlirOperationGetNumOperands(op) > 2 ? mlirOperationGetOperand(op, 2)
                                                       : (MlirValue){NULL};
  MlirType pointerType = mlirValueGetType(pointers);
  if (tileTypeIsAPointer(pointerType) &&
      tileIsTensor(tilePointerTypeGetPointeeType(pointerType)))
    return tileLoweringError(op, "block-pointer stores are not lowered yet");
  AccessKind kind;
  int32_t elementBits;
  if (!readAccessKind(op, &kind))
    return tileLoweringError(op, "this cache modifier does not apply to stores");
  if (!elementBitsOf(op, pointerType, &elementBits))
    return mlirLogicalResultFailure();
  MlirType elementType = tileLoweredElementType(mlirValueGetType(value));
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);

  if (!tileIsTensor(pointerType)) {
    /* Every thread holds the scalar; thread 0 of the CTA writes it. */
    MlirValue owner = tileEmitOwnerPredicate(lowering, location,
                                         (uint32_t)lowering->threadsPerWarp - 1,
                                         (uint32_t)lowering->numWarps - 1);
    MlirValue predicate = tileEmitAndPredicates(lowering, location, owner,
                                  mlirValueIsNull(mask) ? mask : tileLoweredValue(mask));
    MlirValue element = tileLoweredValue(value);
    emitVectorStore(lowering, location, &kind, tileLoweredValue(pointers), predicate,
                    elementType, elementBits, 1, &element);
    mlirOperationDestroy(op);
    return mlirLogicalResultSuccess();
  }

  TileLinearLayout layout;
  if (!tileLayoutOfTensor(lowering, op, pointerType, &layout))
    return mlirLogicalResultFailure();
  int32_t rank = (int32_t)tileRankOf(pointerType);
  int32_t registers = tileLayoutGetNumRegisters(&layout);
  VectorPlan plan = planVectors(op, &layout, rank, elementBits, !mlirValueIsNull(mask));
  int32_t width = plan.width;
  uint32_t freeRegisters = tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_REGISTER);
  MlirValue owner = tileEmitOwnerPredicate(
      lowering, location, tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_LANE),
      tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_WARP));
  MlirValue addresses[TILE_LOWERING_MAX_REGISTERS], masks[TILE_LOWERING_MAX_REGISTERS],
      values[TILE_LOWERING_MAX_REGISTERS];
  tileEmitUnpack(lowering, location, tileLoweredValue(pointers), registers, addresses);
  tileEmitUnpack(lowering, location, tileLoweredValue(value), registers, values);
  if (!mlirValueIsNull(mask))
    tileEmitUnpack(lowering, location, tileLoweredValue(mask), registers, masks);
  for (int32_t first = 0; first < registers; first += width) {
    if ((uint32_t)first & freeRegisters)
      continue; /* another register of this thread writes the same elements */
    MlirValue maskBit = mlirValueIsNull(mask) ? mask
                        : plan.splitMask      ? emitAllSet(lowering, location, masks + first, width)
                                              : masks[first];
    emitVectorStore(lowering, location, &kind, addresses[first],
                    tileEmitAndPredicates(lowering, location, owner, maskBit), elementType,
                    elementBits, width, values + first);
    if (!plan.splitMask)
      continue;
    MlirValue notAll = emitNot(lowering, location, maskBit);
    for (int32_t i = first; i < first + width; ++i) {
      MlirValue edge = tileEmitBinary(lowering, location, "llvm.and", masks[i], notAll);
      emitVectorStore(lowering, location, &kind, addresses[i],
                      tileEmitAndPredicates(lowering, location, owner, edge), elementType,
                      elementBits, 1, values + i);
    }
  }
  mlirOperationDestroy(op);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerAddPtr(TileLowering *lowering, MlirOperation op) {
  MlirValue pointers = mlirOperationGetOperand(op, 0);
  MlirValue offsets = mlirOperationGetOperand(op, 1);
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  /* The step is the held element's size: fp8 steps by its i8 bits. */
  MlirType pointee =
      tileLoweredElementType(tilePointerTypeGetPointeeType(tileElementTypeOf(type)));
  MlirType pointerType = tileLoweredElementType(type);
  MlirLocation location = mlirOperationGetLocation(op);
  MlirContext context = lowering->context;
  int32_t dynamicIndex = INT32_MIN;
  MlirNamedAttribute attributes[2] = {
      tileNamedAttr(context, "elem_type", mlirTypeAttrGet(pointee)),
      tileNamedAttr(context, "rawConstantIndices",
                    mlirDenseI32ArrayGet(context, 1, &dynamicIndex)),
  };
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  if (!tileIsTensor(type)) {
    MlirValue operands[2] = {tileLoweredValue(pointers), tileLoweredValue(offsets)};
    MlirValue result = tileEmit(lowering, "llvm.getelementptr", location, 2, operands,
                                pointerType, 2, attributes);
    tileReplaceOp(lowering, op, &result);
    return mlirLogicalResultSuccess();
  }
  MlirType structType = tileLoweredType(lowering, op, type);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  intptr_t registers = mlirLLVMStructTypeGetNumElementTypes(structType);
  MlirValue bases[TILE_LOWERING_MAX_REGISTERS], indices[TILE_LOWERING_MAX_REGISTERS];
  tileEmitUnpack(lowering, location, tileLoweredValue(pointers), registers, bases);
  tileEmitUnpack(lowering, location, tileLoweredValue(offsets), registers, indices);
  for (intptr_t r = 0; r < registers; ++r) {
    MlirValue operands[2] = {bases[r], indices[r]};
    bases[r] = tileEmit(lowering, "llvm.getelementptr", location, 2, operands,
                        pointerType, 2, attributes);
  }
  MlirValue packed = tileEmitPack(lowering, location, structType, registers, bases);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}
