//===- TileEnums.td - enumerations of the tile dialect -------*- tablegen -*-===//
//
// Each enum mirrors the Triton `tt` enum of the same meaning, so attributes
// translate one for one.
//
//===----------------------------------------------------------------------===//

#ifndef TILE_ENUMS_TD
#define TILE_ENUMS_TD

include "TileDialect.td"
include "mlir/IR/EnumAttr.td"

// Enums are plain I32 attributes (as in Triton): the custom forms print the
// case name (`tile.program_id x`), the generic form the integer.
class Tile_I32Enum<string name, string summary, list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::mlir::tile";
}

def Tile_ProgramAxisAttr : Tile_I32Enum<"ProgramAxis", "launch grid axis", [
  I32EnumAttrCase<"X", 0, "x">, I32EnumAttrCase<"Y", 1, "y">, I32EnumAttrCase<"Z", 2, "z">]>;

def Tile_CacheModifierAttr : Tile_I32Enum<"CacheModifier", "PTX cache operator of a load or store", [
  I32EnumAttrCase<"None", 1, "none">, I32EnumAttrCase<"CA", 2, "ca">,
  I32EnumAttrCase<"CG", 3, "cg">, I32EnumAttrCase<"WB", 4, "wb">,
  I32EnumAttrCase<"CS", 5, "cs">, I32EnumAttrCase<"WT", 6, "wt">,
  I32EnumAttrCase<"CV", 7, "cv">]>;

def Tile_EvictionPolicyAttr : Tile_I32Enum<"EvictionPolicy", "L1/L2 eviction priority of a memory access", [
  I32EnumAttrCase<"Normal", 1, "evict_normal">,
  I32EnumAttrCase<"EvictFirst", 2, "evict_first">,
  I32EnumAttrCase<"EvictLast", 3, "evict_last">]>;

def Tile_PaddingOptionAttr : Tile_I32Enum<"PaddingOption", "value of out-of-bounds elements of a block-pointer load", [
  I32EnumAttrCase<"Zero", 1, "zero">, I32EnumAttrCase<"NaN", 2, "nan">]>;

def Tile_AtomicRMWKindAttr : Tile_I32Enum<"AtomicRMWKind", "read-modify-write operation", [
  I32EnumAttrCase<"And", 1, "and">, I32EnumAttrCase<"Or", 2, "or">,
  I32EnumAttrCase<"Xor", 3, "xor">, I32EnumAttrCase<"Add", 4, "add">,
  I32EnumAttrCase<"FAdd", 5, "fadd">, I32EnumAttrCase<"Max", 6, "max">,
  I32EnumAttrCase<"Min", 7, "min">, I32EnumAttrCase<"UMax", 8, "umax">,
  I32EnumAttrCase<"UMin", 9, "umin">, I32EnumAttrCase<"Xchg", 10, "xchg">]>;

def Tile_MemSemanticAttr : Tile_I32Enum<"MemSemantic", "memory ordering of an atomic", [
  I32EnumAttrCase<"Relaxed", 1, "relaxed">, I32EnumAttrCase<"Acquire", 2, "acquire">,
  I32EnumAttrCase<"Release", 3, "release">, I32EnumAttrCase<"AcqRel", 4, "acq_rel">]>;

def Tile_MemScopeAttr : Tile_I32Enum<"MemScope", "set of threads an atomic synchronizes with", [
  I32EnumAttrCase<"GPU", 1, "gpu">, I32EnumAttrCase<"CTA", 2, "cta">,
  I32EnumAttrCase<"System", 3, "sys">]>;

def Tile_RoundingModeAttr : Tile_I32Enum<"RoundingMode", "rounding of a narrowing float conversion", [
  I32EnumAttrCase<"RTZ", 0, "rtz">, I32EnumAttrCase<"RTNE", 1, "rtne">]>;

def Tile_PropagateNanAttr : Tile_I32Enum<"PropagateNan", "NaN handling of clampf", [
  I32EnumAttrCase<"None", 0, "none">, I32EnumAttrCase<"All", 65535, "all">]>;

def Tile_InputPrecisionAttr : Tile_I32Enum<"InputPrecision", "how a dot treats fp32 inputs", [
  I32EnumAttrCase<"TF32", 0, "tf32">, I32EnumAttrCase<"TF32x3", 1, "tf32x3">,
  I32EnumAttrCase<"IEEE", 2, "ieee">]>;

#endif // TILE_ENUMS_TD
