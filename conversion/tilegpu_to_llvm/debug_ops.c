/*===- debug_ops.c - tile.print and tile.assert ----------------------------===*
 *
 * Both become calls into the CUDA device runtime, as Triton emits them:
 *
 *   - tile.print: one `vprintf(format, args)` per element. The format is
 *     built here, at compile time: "pid (%u, %u, %u) idx (%u, ...) <prefix>
 *     <value>\n" (no idx for a scalar; no added space when the prefix
 *     starts with one; "(operand i) " after the prefix when there are
 *     several). The value prints with %d/%u/%lld/%llu for
 *     integers (after the op's isSigned entry), %f for floats (widened to
 *     double, as C varargs are), %p for pointers, and 0x%0Nx / 0x%016llx
 *     with `hex` (floats by their bits). `args` points to a struct of the
 *     values, alloca'd once per operand in the function's entry block, so
 *     a print in a loop does not grow the stack.
 *   - tile.assert: where any element the thread holds is false, one call of
 *     `__assertfail(message, file, line, function, 1)` with the position
 *     from the op's location and the enclosing kernel's name.
 *
 * Each element prints once: registers that repeat an element are skipped
 * at compile time, and lanes and warps that hold copies (the layout's free
 * bits) stay silent behind an `scf.if` on the owner predicate, as stores
 * do. Scalars print from thread 0 of each program instance only. The
 * `scf.if`s are left for convert-scf-to-cf like every other scf op (the
 * tile dialect loads scf, so it is there). Strings are internal constant
 * globals in the generic address space; NVPTX places them in .global.
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

enum {
  MAX_FORMAT = 1024,      /* bytes of one format string */
  MAX_PREFIX = 512,       /* bytes of a print's prefix, so the rest fits */
  MAX_FIELDS = 3 + TILE_LAYOUT_MAX_RANK + 1, /* pid, indices, value */
  MAX_LOCATION_DEPTH = 16 /* nested name/call-site/fused locations */
};

/*===----------------------------------------------------------------------===*
 * Module-level symbols: the runtime functions and the strings
 *===----------------------------------------------------------------------===*/

static MlirBlock moduleBody(TileLowering *lowering) {
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(lowering->module, 0));
}

static MlirAttribute symbolNameOf(MlirOperation op) {
  return mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("sym_name"));
}

static bool moduleHasSymbol(TileLowering *lowering, MlirStringRef name) {
  for (MlirOperation op = mlirBlockGetFirstOperation(moduleBody(lowering));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute symbol = symbolNameOf(op);
    if (!mlirAttributeIsNull(symbol) && mlirAttributeIsAString(symbol) &&
        mlirStringRefEqual(mlirStringAttrGetValue(symbol), name))
      return true;
  }
  return false;
}

/* Inserts `state` (an op with one empty region) at the top of the module. */
static void insertAtModuleTop(TileLowering *lowering, MlirOperationState *state) {
  MlirRegion region = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(state, 1, &region);
  mlirBlockInsertOwnedOperation(moduleBody(lowering), 0, mlirOperationCreate(state));
}

/* Declares `llvm.func @name(arguments) -> result` unless the module has it. */
static void declareRuntimeFunction(TileLowering *lowering, const char *name, MlirType result,
                                   intptr_t numArguments, const MlirType *arguments) {
  MlirStringRef symbol = mlirStringRefCreateFromCString(name);
  if (moduleHasSymbol(lowering, symbol))
    return;
  MlirContext context = lowering->context;
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "sym_name", mlirStringAttrGet(context, symbol)),
      tileNamedAttr(context, "function_type",
                    mlirTypeAttrGet(mlirLLVMFunctionTypeGet(result, numArguments, arguments,
                                                            false))),
  };
  MlirOperationState state = mlirOperationStateGet(
      mlirStringRefCreateFromCString("llvm.func"), mlirOperationGetLocation(lowering->module));
  mlirOperationStateAddAttributes(&state, 2, attributes);
  insertAtModuleTop(lowering, &state);
}

static MlirValue emitCall(TileLowering *lowering, MlirLocation location, const char *name,
                          intptr_t count, const MlirValue *arguments, MlirType result) {
  MlirContext context = lowering->context;
  int32_t segments[2] = {(int32_t)count, 0};
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "callee",
                    mlirFlatSymbolRefAttrGet(context, mlirStringRefCreateFromCString(name))),
      tileNamedAttr(context, "operandSegmentSizes", mlirDenseI32ArrayGet(context, 2, segments)),
      tileNamedAttr(context, "op_bundle_sizes", mlirDenseI32ArrayGet(context, 0, NULL)),
  };
  return tileEmit(lowering, "llvm.call", location, count, arguments, result, 3, attributes);
}

/* The address of a NUL-terminated internal constant holding `text`; one
 * global per distinct text. */
static MlirValue emitString(TileLowering *lowering, MlirLocation location,
                            MlirStringRef text) {
  MlirContext context = lowering->context;
  char bytes[MAX_FORMAT + 1];
  size_t length = text.length < MAX_FORMAT ? text.length : MAX_FORMAT;
  memcpy(bytes, text.data, length);
  bytes[length] = '\0';
  MlirAttribute value = mlirStringAttrGet(context, mlirStringRefCreate(bytes, length + 1));
  int strings = 0;
  char name[64] = "";
  for (MlirOperation op = mlirBlockGetFirstOperation(moduleBody(lowering));
       !mlirOperationIsNull(op) && name[0] == '\0'; op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute symbol = symbolNameOf(op);
    if (!tileOpIs(op, "llvm.mlir.global") || mlirAttributeIsNull(symbol))
      continue;
    MlirStringRef symbolName = mlirStringAttrGetValue(symbol);
    if (symbolName.length < 10 || memcmp(symbolName.data, "__tile_str", 10) != 0)
      continue;
    ++strings;
    MlirAttribute existing =
        mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("value"));
    if (!mlirAttributeIsNull(existing) && mlirAttributeEqual(existing, value))
      snprintf(name, sizeof(name), "%.*s", (int)symbolName.length, symbolName.data);
  }
  if (name[0] == '\0') {
    snprintf(name, sizeof(name), "__tile_str_%d", strings);
    MlirType i8 = mlirIntegerTypeGet(context, 8);
    MlirNamedAttribute attributes[] = {
        tileNamedAttr(context, "sym_name",
                      mlirStringAttrGet(context, mlirStringRefCreateFromCString(name))),
        tileNamedAttr(context, "global_type",
                      mlirTypeAttrGet(mlirLLVMArrayTypeGet(i8, (unsigned)(length + 1)))),
        tileNamedAttr(context, "linkage",
                      mlirLLVMLinkageAttrGet(context, MlirLLVMLinkageInternal)),
        tileNamedAttr(context, "constant", mlirUnitAttrGet(context)),
        tileNamedAttr(context, "addr_space",
                      mlirIntegerAttrGet(mlirIntegerTypeGet(context, 32), 0)),
        tileNamedAttr(context, "value", value),
    };
    MlirOperationState state = mlirOperationStateGet(
        mlirStringRefCreateFromCString("llvm.mlir.global"), location);
    mlirOperationStateAddAttributes(&state, sizeof(attributes) / sizeof(attributes[0]),
                                    attributes);
    insertAtModuleTop(lowering, &state);
  }
  MlirNamedAttribute global = tileNamedAttr(
      context, "global_name",
      mlirFlatSymbolRefAttrGet(context, mlirStringRefCreateFromCString(name)));
  return tileEmit(lowering, "llvm.mlir.addressof", location, 0, NULL,
                  mlirLLVMPointerTypeGet(context, 0), 1, &global);
}

/*===----------------------------------------------------------------------===*
 * Emit helpers
 *===----------------------------------------------------------------------===*/

static MlirType i32Type(TileLowering *lowering) {
  return mlirIntegerTypeGet(lowering->context, 32);
}

static MlirValue emitConvert(TileLowering *lowering, MlirLocation location, const char *name,
                             MlirValue value, MlirType type) {
  return tileEmit(lowering, name, location, 1, &value, type, 0, NULL);
}

static MlirValue emitCompare(TileLowering *lowering, MlirLocation location, int64_t predicate,
                             MlirValue lhs, MlirValue rhs) {
  MlirValue operands[2] = {lhs, rhs};
  MlirNamedAttribute attribute = tileNamedAttr(
      lowering->context, "predicate",
      mlirIntegerAttrGet(mlirIntegerTypeGet(lowering->context, 64), predicate));
  return tileEmit(lowering, "llvm.icmp", location, 2, operands,
                  mlirIntegerTypeGet(lowering->context, 1), 1, &attribute);
}

/* The entry block of the kernel around `op` (already an llvm.func). */
static MlirBlock entryBlockAround(MlirOperation op) {
  MlirOperation parent = mlirOperationGetParentOperation(op);
  while (!mlirOperationIsNull(parent) && !tileOpIs(parent, "llvm.func") &&
         !tileOpIs(parent, "func.func"))
    parent = mlirOperationGetParentOperation(parent);
  return mlirOperationIsNull(parent)
             ? (MlirBlock){NULL}
             : mlirRegionGetFirstBlock(mlirOperationGetRegion(parent, 0));
}

/* An alloca of one `type` at the top of the kernel; the insertion point
 * goes back before `op`. */
static MlirValue emitEntryAlloca(TileLowering *lowering, MlirOperation op, MlirType type) {
  MlirContext context = lowering->context;
  MlirLocation location = mlirOperationGetLocation(op);
  MlirBlock entry = entryBlockAround(op);
  if (!mlirBlockIsNull(entry))
    mlirRewriterBaseSetInsertionPointToStart(lowering->rewriter, entry);
  MlirType i64 = mlirIntegerTypeGet(context, 64);
  MlirValue one = tileEmitConstant(lowering, location, i64, mlirIntegerAttrGet(i64, 1));
  MlirNamedAttribute elementType = tileNamedAttr(context, "elem_type", mlirTypeAttrGet(type));
  MlirValue buffer = tileEmit(lowering, "llvm.alloca", location, 1, &one,
                              mlirLLVMPointerTypeGet(context, 0), 1, &elementType);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  return buffer;
}

/* Builds `scf.if %condition` with an empty else region before `op` and
 * moves the insertion point into its then block; emitGuardedEnd closes it.
 * A null condition builds nothing (the code runs unguarded). */
static MlirBlock emitGuardedBegin(TileLowering *lowering, MlirOperation op,
                                  MlirValue condition) {
  if (mlirValueIsNull(condition))
    return (MlirBlock){NULL};
  MlirOperationState state = mlirOperationStateGet(mlirStringRefCreateFromCString("scf.if"),
                                                   mlirOperationGetLocation(op));
  mlirOperationStateAddOperands(&state, 1, &condition);
  MlirRegion regions[2] = {mlirRegionCreate(), mlirRegionCreate()};
  MlirBlock then = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(regions[0], then);
  mlirOperationStateAddOwnedRegions(&state, 2, regions);
  MlirOperation guard = mlirOperationCreate(&state);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  mlirRewriterBaseInsert(lowering->rewriter, guard);
  mlirRewriterBaseSetInsertionPointToEnd(lowering->rewriter, then);
  return then;
}

static void emitGuardedEnd(TileLowering *lowering, MlirOperation op, MlirBlock then) {
  if (!mlirBlockIsNull(then))
    tileEmit(lowering, "scf.yield", mlirOperationGetLocation(op), 0, NULL, (MlirType){NULL},
             0, NULL);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
}

/*===----------------------------------------------------------------------===*
 * tile.print
 *===----------------------------------------------------------------------===*/

/* How one element prints: its conversion to what vprintf reads, and the
 * conversion specifier. */
typedef struct ValueFormat {
  const char *conversion; /* an llvm op name, or NULL to pass the value as is */
  const char *secondConversion;
  MlirType intermediate; /* result of `conversion` when there are two */
  MlirType printed;
  char specifier[16];
} ValueFormat;

/* False for element types vprintf cannot show (after an error at `op`). */
static bool valueFormatOf(TileLowering *lowering, MlirOperation op, MlirType element,
                          bool hex, bool isSigned, ValueFormat *format) {
  MlirContext context = lowering->context;
  memset(format, 0, sizeof(*format));
  format->printed = element;
  if (mlirTypeIsALLVMPointerType(element)) {
    snprintf(format->specifier, sizeof(format->specifier), "%%p");
    return true;
  }
  bool isFloat = mlirTypeIsAF16(element) || mlirTypeIsABF16(element) ||
                 mlirTypeIsAF32(element) || mlirTypeIsAF64(element);
  unsigned bits = isFloat ? (unsigned)mlirFloatTypeGetWidth(element)
                  : mlirTypeIsAInteger(element) ? mlirIntegerTypeGetWidth(element)
                                                : 0;
  if (bits == 0 || bits > 64) {
    char text[128];
    tileLoweringError(op, "cannot print elements of type %s; print integers of at most "
                          "64 bits, f16, bf16, f32, f64 or pointers (convert the value "
                          "first)",
                      tileTypeToString(element, text, sizeof(text)));
    return false;
  }
  MlirType wide = mlirIntegerTypeGet(context, bits > 32 ? 64 : 32);
  if (hex) {
    unsigned digits = bits < 4 ? 1 : bits / 4;
    snprintf(format->specifier, sizeof(format->specifier), "0x%%0%u%sx", digits,
             bits > 32 ? "ll" : "");
    MlirType sameWidth = mlirIntegerTypeGet(context, bits);
    format->printed = wide;
    if (isFloat) {
      format->conversion = "llvm.bitcast";
      format->intermediate = sameWidth;
      if (bits != 32 && bits != 64)
        format->secondConversion = "llvm.zext";
    } else if (bits != 32 && bits != 64) {
      format->conversion = "llvm.zext";
    }
    return true;
  }
  if (isFloat) {
    snprintf(format->specifier, sizeof(format->specifier), "%%f");
    format->printed = mlirF64TypeGet(context);
    if (bits != 64)
      format->conversion = "llvm.fpext";
    return true;
  }
  bool isSignedInteger = isSigned && bits > 1;
  snprintf(format->specifier, sizeof(format->specifier), "%%%s%s", bits > 32 ? "ll" : "",
           isSignedInteger ? "d" : "u");
  format->printed = wide;
  if (bits != 32 && bits != 64)
    format->conversion = isSignedInteger ? "llvm.sext" : "llvm.zext";
  return true;
}

static MlirValue emitPrintedValue(TileLowering *lowering, MlirLocation location,
                                  const ValueFormat *format, MlirValue value) {
  if (!format->conversion)
    return value;
  if (!format->secondConversion && mlirTypeIsNull(format->intermediate))
    return emitConvert(lowering, location, format->conversion, value, format->printed);
  MlirValue middle =
      emitConvert(lowering, location, format->conversion, value, format->intermediate);
  return format->secondConversion
             ? emitConvert(lowering, location, format->secondConversion, middle,
                           format->printed)
             : middle;
}

/* Appends `text` to `format` (at most MAX_FORMAT bytes), doubling every '%'
 * when `escape` is set. */
static void appendText(char *format, const char *text, size_t length, bool escape) {
  size_t used = strlen(format);
  for (size_t i = 0; i < length && used + 2 < MAX_FORMAT; ++i) {
    format[used++] = text[i];
    if (escape && text[i] == '%')
      format[used++] = '%';
  }
  format[used] = '\0';
}

/* "pid (%u, %u, %u)[ idx (%u, ...)] <prefix>[(operand i) ]<value>\n". */
static void buildFormat(MlirOperation op, int32_t rank, int32_t operand, int32_t numOperands,
                        const char *specifier, char *format) {
  format[0] = '\0';
  static const char pid[] = "pid (%u, %u, %u)";
  appendText(format, pid, sizeof(pid) - 1, false);
  if (rank > 0) {
    appendText(format, " idx (", 6, false);
    for (int32_t d = 0; d < rank; ++d)
      appendText(format, d == 0 ? "%u" : ", %u", d == 0 ? 2 : 4, false);
    appendText(format, ")", 1, false);
  }
  MlirAttribute prefix =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("prefix"));
  MlirStringRef text = mlirStringRefCreate(NULL, 0);
  if (!mlirAttributeIsNull(prefix) && mlirAttributeIsAString(prefix))
    text = mlirStringAttrGetValue(prefix);
  /* One space after the parenthesis, unless the prefix brings its own (as
   * Triton's front end adds it). */
  if (text.length == 0 || text.data[0] != ' ')
    appendText(format, " ", 1, false);
  appendText(format, text.data, text.length, true);
  if (numOperands > 1) {
    char label[32];
    int length = snprintf(label, sizeof(label), "(operand %d) ", (int)operand);
    appendText(format, label, (size_t)length, false);
  }
  appendText(format, specifier, strlen(specifier), false);
  appendText(format, "\n", 1, false);
}

/* Stores `fields` into `buffer` as one struct and calls vprintf. */
static void emitVprintf(TileLowering *lowering, MlirLocation location, MlirValue formatString,
                        MlirValue buffer, MlirType structType, intptr_t count,
                        const MlirValue *fields) {
  if (count > 0) {
    MlirValue packed = tileEmitPack(lowering, location, structType, count, fields);
    MlirValue operands[2] = {packed, buffer};
    tileEmit(lowering, "llvm.store", location, 2, operands, (MlirType){NULL}, 0, NULL);
  }
  MlirValue arguments[2] = {formatString, buffer};
  emitCall(lowering, location, "vprintf", 2, arguments, i32Type(lowering));
}

typedef struct PrintContext {
  MlirOperation op;
  MlirLocation location;
  MlirValue pid[3];
  int32_t numOperands;
} PrintContext;

/* The struct vprintf reads: the pid, `rank` indices and the printed value
 * (none when `printed` is null). */
static MlirType argumentStruct(TileLowering *lowering, int32_t rank, MlirType printed) {
  MlirType fields[MAX_FIELDS];
  intptr_t count = 0;
  for (int32_t i = 0; i < 3 + rank; ++i)
    fields[count++] = i32Type(lowering);
  if (!mlirTypeIsNull(printed))
    fields[count++] = printed;
  return mlirLLVMStructTypeLiteralGet(lowering->context, count, fields, false);
}

static MlirValue threadIsZero(TileLowering *lowering, MlirLocation location) {
  MlirValue thread = tileEmit(lowering, "nvvm.read.ptx.sreg.tid.x", location, 0, NULL,
                              i32Type(lowering), 0, NULL);
  return emitCompare(lowering, location, 0 /* eq */, thread,
                     tileEmitI32(lowering, location, 0));
}

static MlirLogicalResult printScalar(TileLowering *lowering, const PrintContext *print,
                                     int32_t operand, MlirValue value,
                                     const ValueFormat *format) {
  MlirLocation location = print->location;
  char text[MAX_FORMAT];
  buildFormat(print->op, 0, operand, print->numOperands, format->specifier, text);
  MlirType structType = argumentStruct(lowering, 0, format->printed);
  MlirValue buffer = emitEntryAlloca(lowering, print->op, structType);
  MlirValue formatString = emitString(lowering, location, mlirStringRefCreateFromCString(text));
  MlirBlock guard = emitGuardedBegin(lowering, print->op, threadIsZero(lowering, location));
  MlirValue fields[4] = {print->pid[0], print->pid[1], print->pid[2],
                         emitPrintedValue(lowering, location, format, value)};
  emitVprintf(lowering, location, formatString, buffer, structType, 4, fields);
  emitGuardedEnd(lowering, print->op, guard);
  return mlirLogicalResultSuccess();
}

static MlirLogicalResult printTensor(TileLowering *lowering, const PrintContext *print,
                                     int32_t operand, MlirValue tensor,
                                     const ValueFormat *format) {
  MlirLocation location = print->location;
  MlirType type = mlirValueGetType(tensor);
  TileLinearLayout layout;
  if (mlirTypeIsNull(tileLoweredType(lowering, print->op, type)) ||
      !tileLayoutOfTensor(lowering, print->op, type, &layout))
    return mlirLogicalResultFailure();
  int32_t rank = (int32_t)tileRankOf(type);
  int32_t registers = tileLayoutGetNumRegisters(&layout);
  char text[MAX_FORMAT];
  buildFormat(print->op, rank, operand, print->numOperands, format->specifier, text);
  MlirType structType = argumentStruct(lowering, rank, format->printed);
  MlirValue buffer = emitEntryAlloca(lowering, print->op, structType);
  MlirValue formatString = emitString(lowering, location, mlirStringRefCreateFromCString(text));

  MlirValue coordinates[TILE_LOWERING_MAX_REGISTERS * TILE_LAYOUT_MAX_RANK];
  MlirValue values[TILE_LOWERING_MAX_REGISTERS];
  tileEmitCoordinates(lowering, location, &layout, rank, coordinates);
  tileEmitUnpack(lowering, location, tileLoweredValue(tensor), registers, values);
  uint32_t copies = tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_REGISTER);
  MlirValue owner = tileEmitOwnerPredicate(
      lowering, location, tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_LANE),
      tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_WARP));
  MlirBlock guard = emitGuardedBegin(lowering, print->op, owner);
  for (int32_t r = 0; r < registers; ++r) {
    if ((uint32_t)r & copies)
      continue;
    MlirValue fields[MAX_FIELDS];
    intptr_t count = 0;
    for (int32_t i = 0; i < 3; ++i)
      fields[count++] = print->pid[i];
    for (int32_t d = 0; d < rank; ++d)
      fields[count++] = coordinates[r * rank + d];
    fields[count++] = emitPrintedValue(lowering, location, format, values[r]);
    emitVprintf(lowering, location, formatString, buffer, structType, count, fields);
  }
  emitGuardedEnd(lowering, print->op, guard);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerPrint(TileLowering *lowering, MlirOperation op) {
  MlirContext context = lowering->context;
  MlirLocation location = mlirOperationGetLocation(op);
  int32_t numOperands = (int32_t)mlirOperationGetNumOperands(op);
  int64_t isSigned[64];
  intptr_t numSigned = tileGetI32ArrayAttr(op, "isSigned", isSigned, 64);
  if (numOperands > 64 || numSigned != numOperands)
    return tileLoweringError(op, "isSigned must have one entry per argument (at most 64 "
                                 "arguments), got %d entries for %d",
                             (int)numSigned, numOperands);
  MlirAttribute prefix =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("prefix"));
  if (!mlirAttributeIsNull(prefix) && mlirAttributeIsAString(prefix) &&
      mlirStringAttrGetValue(prefix).length > MAX_PREFIX)
    return tileLoweringError(op, "the prefix has %zu bytes; vprintf formats here take at "
                                 "most %d, so shorten it",
                             mlirStringAttrGetValue(prefix).length, (int)MAX_PREFIX);
  bool hex = tileHasFlag(op, "hex");
  MlirType pointer = mlirLLVMPointerTypeGet(context, 0);
  MlirType arguments[2] = {pointer, pointer};
  declareRuntimeFunction(lowering, "vprintf", i32Type(lowering), 2, arguments);

  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  static const char *const pidRegisters[3] = {
      "nvvm.read.ptx.sreg.ctaid.x", "nvvm.read.ptx.sreg.ctaid.y", "nvvm.read.ptx.sreg.ctaid.z"};
  PrintContext print = {.op = op, .location = location, .numOperands = numOperands};
  for (int32_t i = 0; i < 3; ++i)
    print.pid[i] = tileEmit(lowering, pidRegisters[i], location, 0, NULL, i32Type(lowering),
                            0, NULL);

  if (numOperands == 0) {
    char text[MAX_FORMAT];
    buildFormat(op, 0, 0, 0, "", text);
    MlirType structType = argumentStruct(lowering, 0, (MlirType){NULL});
    MlirValue buffer = emitEntryAlloca(lowering, op, structType);
    MlirValue formatString = emitString(lowering, location, mlirStringRefCreateFromCString(text));
    MlirBlock guard = emitGuardedBegin(lowering, op, threadIsZero(lowering, location));
    emitVprintf(lowering, location, formatString, buffer, structType, 3, print.pid);
    emitGuardedEnd(lowering, op, guard);
  }
  for (int32_t i = 0; i < numOperands; ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    MlirType type = mlirValueGetType(operand);
    /* fp8 is held as i8 bits, which would print as a wrong integer. */
    MlirType element = tileElementTypeOf(type);
    ValueFormat format;
    if (!valueFormatOf(lowering, op,
                       tileTypeIsFp8(element) ? element : tileLoweredElementType(type), hex,
                       isSigned[i] != 0, &format))
      return mlirLogicalResultFailure();
    MlirLogicalResult result =
        tileIsTensor(type) ? printTensor(lowering, &print, i, operand, &format)
                           : printScalar(lowering, &print, i, tileLoweredValue(operand),
                                         &format);
    if (mlirLogicalResultIsFailure(result))
      return result;
  }
  mlirOperationDestroy(op);
  return mlirLogicalResultSuccess();
}

/*===----------------------------------------------------------------------===*
 * tile.assert
 *===----------------------------------------------------------------------===*/

/* The file and line of the innermost file location in `location` (through
 * names, call sites (the callee) and fused locations); "unknown", 0 if none. */
static void sourcePositionOf(MlirLocation location, MlirStringRef *file, unsigned *line) {
  *file = mlirStringRefCreateFromCString("unknown");
  *line = 0;
  for (int depth = 0; depth < MAX_LOCATION_DEPTH; ++depth) {
    if (mlirLocationIsAFileLineColRange(location)) {
      *file = mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(location));
      *line = (unsigned)mlirLocationFileLineColRangeGetStartLine(location);
      return;
    }
    if (mlirLocationIsAName(location)) {
      location = mlirLocationNameGetChildLoc(location);
    } else if (mlirLocationIsACallSite(location)) {
      location = mlirLocationCallSiteGetCallee(location);
    } else if (mlirLocationIsAFused(location) &&
               mlirLocationFusedGetNumLocations(location) > 0) {
      MlirLocation parts[MAX_LOCATION_DEPTH];
      if (mlirLocationFusedGetNumLocations(location) > MAX_LOCATION_DEPTH)
        return;
      mlirLocationFusedGetLocations(location, parts);
      location = parts[0];
    } else {
      return;
    }
  }
}

static MlirStringRef kernelNameAround(MlirOperation op) {
  for (MlirOperation parent = mlirOperationGetParentOperation(op); !mlirOperationIsNull(parent);
       parent = mlirOperationGetParentOperation(parent)) {
    MlirAttribute symbol = symbolNameOf(parent);
    if ((tileOpIs(parent, "llvm.func") || tileOpIs(parent, "func.func")) &&
        !mlirAttributeIsNull(symbol) && mlirAttributeIsAString(symbol))
      return mlirStringAttrGetValue(symbol);
  }
  return mlirStringRefCreateFromCString("unknown");
}

MlirLogicalResult tileLowerAssert(TileLowering *lowering, MlirOperation op) {
  MlirContext context = lowering->context;
  MlirLocation location = mlirOperationGetLocation(op);
  MlirValue condition = mlirOperationGetOperand(op, 0);
  MlirType type = mlirValueGetType(condition);
  MlirType i1 = mlirIntegerTypeGet(context, 1);
  MlirAttribute message =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("message"));
  if (mlirAttributeIsNull(message) || !mlirAttributeIsAString(message))
    return tileLoweringError(op, "the message must be a string");

  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue trueValue = tileEmitConstant(lowering, location, i1, mlirIntegerAttrGet(i1, 1));
  /* failed = any element this thread holds is false. */
  MlirValue failed = {NULL};
  if (tileIsTensor(type)) {
    MlirType structType = tileLoweredType(lowering, op, type);
    if (mlirTypeIsNull(structType))
      return mlirLogicalResultFailure();
    intptr_t registers = mlirLLVMStructTypeGetNumElementTypes(structType);
    MlirValue values[TILE_LOWERING_MAX_REGISTERS];
    tileEmitUnpack(lowering, location, tileLoweredValue(condition), registers, values);
    for (intptr_t r = 0; r < registers; ++r) {
      MlirValue isFalse = tileEmitBinary(lowering, location, "llvm.xor", values[r], trueValue);
      failed = mlirValueIsNull(failed)
                   ? isFalse
                   : tileEmitBinary(lowering, location, "llvm.or", failed, isFalse);
    }
  } else {
    failed = tileEmitBinary(lowering, location, "llvm.xor", tileLoweredValue(condition),
                            trueValue);
  }

  MlirType pointer = mlirLLVMPointerTypeGet(context, 0);
  MlirType i32 = i32Type(lowering);
  MlirType i64 = mlirIntegerTypeGet(context, 64);
  MlirType arguments[5] = {pointer, pointer, i32, pointer, i64};
  declareRuntimeFunction(lowering, "__assertfail", mlirLLVMVoidTypeGet(context), 5,
                         arguments);
  MlirStringRef file;
  unsigned line;
  sourcePositionOf(location, &file, &line);
  MlirValue operands[5] = {
      emitString(lowering, location, mlirStringAttrGetValue(message)),
      emitString(lowering, location, file),
      tileEmitI32(lowering, location, line),
      emitString(lowering, location, kernelNameAround(op)),
      tileEmitConstant(lowering, location, i64, mlirIntegerAttrGet(i64, 1)),
  };
  MlirBlock guard = emitGuardedBegin(lowering, op, failed);
  emitCall(lowering, location, "__assertfail", 5, operands, (MlirType){NULL});
  emitGuardedEnd(lowering, op, guard);
  mlirOperationDestroy(op);
  return mlirLogicalResultSuccess();
}
