#include "scenarios/lang/bytecode.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "scenarios/lang/ast.h"

namespace lockcheck {
namespace {

struct BuiltinInfo {
  absl::string_view qual;
  absl::string_view name;
};
constexpr BuiltinInfo kBuiltins[] = {
#define LOCKCHECK_BUILTIN_INFO(id, qual, name) {qual, name},
    LOCKCHECK_BUILTINS(LOCKCHECK_BUILTIN_INFO)
#undef LOCKCHECK_BUILTIN_INFO
};

constexpr absl::string_view kOpcodeNames[] = {
#define LOCKCHECK_OPCODE_NAME(name, doc) #name,
    LOCKCHECK_OPCODES(LOCKCHECK_OPCODE_NAME)
#undef LOCKCHECK_OPCODE_NAME
};

constexpr absl::string_view kAttrNames[] = {
#define LOCKCHECK_ATTR_NAME(name, text) text,
    LOCKCHECK_ATTRS(LOCKCHECK_ATTR_NAME)
#undef LOCKCHECK_ATTR_NAME
};

// "kLoadConst" -> "LOAD_CONST", as CPython's dis would spell it.
std::string ListingName(Opcode op) {
  absl::string_view raw = kOpcodeNames[static_cast<int>(op)].substr(1);
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (i > 0 && c >= 'A' && c <= 'Z') out += '_';
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return out;
}

std::string ConstantText(const Constant& c) {
  switch (c.kind) {
    case Constant::Kind::kNone: return "None";
    case Constant::Kind::kBool: return c.int_value ? "True" : "False";
    case Constant::Kind::kInt: return absl::StrCat(c.int_value);
    case Constant::Kind::kFloat: return absl::StrFormat("%g", c.float_value);
    case Constant::Kind::kStr: return absl::StrCat("'", c.str_value, "'");
    case Constant::Kind::kEllipsis: return "...";
  }
  return "?";
}

std::string OperatorText(uint8_t op) { return ast::OpText(static_cast<ast::Op>(op)); }

}  // namespace

absl::string_view OpcodeName(Opcode op) { return kOpcodeNames[static_cast<int>(op)]; }

absl::string_view AttrText(Attr attr) { return kAttrNames[static_cast<int>(attr)]; }

Attr AttrFromName(absl::string_view name) {
  // kJoinStr shares "join" with kJoin; the first entry wins and the VM maps it by type.
  for (size_t i = 1; i < std::size(kAttrNames); ++i) {
    if (kAttrNames[i] == name) return static_cast<Attr>(i);
  }
  return Attr::kUnknown;
}

bool MethodOnlyReads(Attr attr) {
  switch (attr) {
    case Attr::kIndex: case Attr::kCount: case Attr::kCopy: case Attr::kGet: case Attr::kKeys:
    case Attr::kValues: case Attr::kItems: case Attr::kUnion: case Attr::kIntersection:
    case Attr::kDifference: case Attr::kSymmetricDifference: case Attr::kIssubset:
    case Attr::kIssuperset: case Attr::kIsdisjoint:
      return true;
    default: return false;
  }
}

absl::string_view BuiltinQualName(Builtin b) { return kBuiltins[static_cast<int>(b)].qual; }
absl::string_view BuiltinShortName(Builtin b) { return kBuiltins[static_cast<int>(b)].name; }

namespace {
Builtin ExceptionParent(Builtin b) {
  switch (b) {
    case Builtin::kExcBase: return Builtin::kExcBase;
    case Builtin::kExcSystemExit: return Builtin::kExcBase;
    case Builtin::kExcGeneratorExit: return Builtin::kExcBase;
    case Builtin::kExcKeyboardInterrupt: return Builtin::kExcBase;
    case Builtin::kExcUnboundLocal: return Builtin::kExcName;
    case Builtin::kExcBrokenBarrier:
    case Builtin::kExcRecursion: return Builtin::kExcRuntime;
    case Builtin::kExcIndex:
    case Builtin::kExcKey: return Builtin::kExcLookup;
    case Builtin::kExcZeroDiv:
    case Builtin::kExcOverflow: return Builtin::kExcArithmetic;
    case Builtin::kExcTimeout: return Builtin::kExcOS;
    case Builtin::kExcModuleNotFound: return Builtin::kExcImport;
    case Builtin::kExcException: return Builtin::kExcBase;
    default: return Builtin::kExcException;
  }
}
}  // namespace

bool ExceptionIsSubclass(Builtin child, Builtin parent) {
  for (Builtin b = child;; b = ExceptionParent(b)) {
    if (b == parent) return true;
    if (b == Builtin::kExcBase) return false;
  }
}

bool LookupModuleMember(Builtin module, absl::string_view name, Builtin* out) {
  absl::string_view prefix = BuiltinQualName(module);
  for (int i = 0; i < static_cast<int>(Builtin::kCount); ++i) {
    absl::string_view q = kBuiltins[i].qual;
    if (q.size() == prefix.size() + 1 + name.size() && q.substr(0, prefix.size()) == prefix &&
        q[prefix.size()] == '.' && q.substr(prefix.size() + 1) == name) {
      *out = static_cast<Builtin>(i);
      return true;
    }
  }
  // Aliases CPython also exports.
  if (module == Builtin::kModThread && (name == "error")) {
    *out = Builtin::kExcRuntime;
    return true;
  }
  if (module == Builtin::kModThread && (name == "allocate" || name == "LockType")) {
    *out = name == "allocate" ? Builtin::kAllocateLock : Builtin::kLockType;
    return true;
  }
  if (module == Builtin::kModThread && name == "TIMEOUT_MAX") {
    *out = Builtin::kTimeoutMax;
    return true;
  }
  if (module == Builtin::kModThreading && name == "stack_size") {
    *out = Builtin::kStackSize;
    return true;
  }
  if (module == Builtin::kModThreading && name == "__excepthook__") {  // the original hook
    *out = Builtin::kExceptHook;
    return true;
  }
  if (module == Builtin::kModThreading && name == "ThreadError") {
    *out = Builtin::kExcRuntime;
    return true;
  }
  return false;
}

bool IsModelledModule(Builtin b) {
  return b == Builtin::kModThreading || b == Builtin::kModThread || b == Builtin::kModTime ||
         b == Builtin::kModQueue || b == Builtin::kModCollections || b == Builtin::kModLockcheck ||
         b == Builtin::kModCapi || b == Builtin::kModContextlib || b == Builtin::kModFunctools ||
         b == Builtin::kModRandom || b == Builtin::kModSys;
}

bool IsRandomMember(Builtin b) {
  return b == Builtin::kRandint || b == Builtin::kRandrange || b == Builtin::kRandChoice ||
         b == Builtin::kShuffle || b == Builtin::kSample || b == Builtin::kSeed;
}

std::string UnmodelledMemberText(Builtin module, absl::string_view name) {
  std::string qual = absl::StrCat(BuiltinQualName(module), ".", name);
  if (module == Builtin::kModRandom &&
      (name == "random" || name == "uniform" || name == "gauss" || name == "triangular" ||
       name == "betavariate" || name == "expovariate" || name == "normalvariate")) {
    return absl::StrCat("'", qual, "' (it draws from uncountably many floats; lockcheck explores "
                        "every outcome of a draw: draw from a small set with random.choice, "
                        "random.randint or random.randrange)");
  }
  if (module == Builtin::kModSys) return absl::StrCat(qual, " (lockcheck models sys.exit only)");
  return absl::StrCat("'", qual, "' (not modelled by lockcheck)");
}

bool IsCapiMember(Builtin b) {
  return BuiltinQualName(b).substr(0, 15) == "lockcheck.capi.";
}

bool LookupBuiltinName(absl::string_view name, Builtin* out) {
  for (int i = 0; i < static_cast<int>(Builtin::kCount); ++i) {
    // Bare builtins and modules have no dot in their qualified name.
    if (kBuiltins[i].qual == name) {
      *out = static_cast<Builtin>(i);
      return true;
    }
  }
  return false;
}

absl::string_view SliceSource(const Program& program, SourceSpan span) {
  size_t f = static_cast<size_t>(span.begin.file);
  const SourceFile* source = f < program.sources.size() ? program.sources[f].get()
                                                        : program.source.get();
  return source->Slice(span);
}

const std::string& SourcePath(const Program& program, SourceLoc loc) {
  size_t f = static_cast<size_t>(loc.file);
  return f < program.sources.size() ? program.sources[f]->path() : program.source->path();
}

std::string Disassemble(const Program& program) {
  std::string out;
  for (size_t ci = 0; ci < program.codes.size(); ++ci) {
    const Code& code = program.codes[ci];
    for (const ModuleInfo& m : program.modules) {
      if (m.code == static_cast<int32_t>(ci) && ci != 0)
        absl::StrAppendFormat(&out, "module %s (%s)\n", m.name, m.path);
    }
    absl::StrAppendFormat(&out, "code %d: %s (params %d, locals %d, stack %d)\n", ci, code.name,
                          code.num_params, code.local_names.size(), code.max_stack);
    int32_t last_line = -1;
    for (size_t pc = 0; pc < code.instrs.size(); ++pc) {
      const Instr& in = code.instrs[pc];
      int32_t line = code.info[pc].span.begin.line;
      std::string line_text = line != last_line && line > 0 ? absl::StrCat(line) : "";
      last_line = line;
      std::string operand;
      switch (in.op) {
        case Opcode::kLoadConst:
          operand = absl::StrCat(in.arg, " (", ConstantText(program.constants[in.arg]), ")");
          break;
        case Opcode::kLoadFast:
        case Opcode::kStoreFast:
        case Opcode::kLoadDeref:
        case Opcode::kStoreDeref:
        case Opcode::kLoadClosure:
        case Opcode::kDeleteFast:
        case Opcode::kDeleteDeref:
          operand = absl::StrCat(in.arg, " (", code.local_names[in.arg], ")");
          break;
        case Opcode::kLoadGlobal:
        case Opcode::kLoadGlobalStable:
        case Opcode::kStoreGlobal:
        case Opcode::kDeleteGlobal:
          operand = absl::StrCat(in.arg, " (", program.global_names[in.arg], ")");
          break;
        case Opcode::kImportModule:
        case Opcode::kImportDone:
          operand = absl::StrCat(in.arg, " (", program.modules[in.arg].name, ")");
          break;
        case Opcode::kLoadBuiltin:
          operand = absl::StrCat("(", BuiltinQualName(static_cast<Builtin>(in.arg)), ")");
          break;
        case Opcode::kLoadAttr:
        case Opcode::kStoreAttr:
        case Opcode::kLoadMethod:
        case Opcode::kDeleteAttr:
          operand = absl::StrCat("(", program.constants[in.arg].str_value, ")");
          break;
        case Opcode::kDeleteSubscr:
          operand = in.a == 1 ? "(slice)" : "";
          break;
        case Opcode::kCall:
        case Opcode::kCallMethod:
          operand = absl::StrCat(in.a);
          if (in.arg >= 0) {
            absl::StrAppend(&operand, " kw=(");
            const auto& names = program.kwnames[in.arg];
            for (size_t i = 0; i < names.size(); ++i)
              absl::StrAppend(&operand, i ? ", " : "", names[i]);
            absl::StrAppend(&operand, ")");
          }
          break;
        case Opcode::kMakeFunction:
          operand = absl::StrCat(in.arg, " (", program.codes[in.arg].name, ")",
                                 in.b ? " method" : "", (in.a & 2) ? " closure" : "");
          break;
        case Opcode::kMakeClass:
          operand = absl::StrCat(in.a, " (", program.constants[in.arg].str_value, ")");
          break;
        case Opcode::kWrapMethod:
          operand = absl::StrCat(in.a == 1 ? "staticmethod" : in.a == 2 ? "classmethod"
                                 : in.a == 3 ? "property" : "setter");
          break;
        case Opcode::kClassSetAttr:
          operand = absl::StrCat("(", program.constants[in.arg].str_value, ")");
          break;
        case Opcode::kUnary:
        case Opcode::kCompare:
          operand = absl::StrCat("(", OperatorText(in.a), ")");
          break;
        case Opcode::kBinary:
          operand = absl::StrCat("(", OperatorText(in.a), in.b ? "=" : "", ")");
          break;
        case Opcode::kListAppend:
        case Opcode::kBuildSet:
        case Opcode::kSetAdd:
        case Opcode::kMapAdd:
        case Opcode::kUnpackSequence:
        case Opcode::kBuildTuple:
        case Opcode::kBuildList:
        case Opcode::kBuildDict:
        case Opcode::kBuildString:
          operand = absl::StrCat(in.arg);
          break;
        case Opcode::kSlice:
          operand = absl::StrCat(in.a);
          break;
        case Opcode::kContains:
        case Opcode::kIs:
          operand = in.b ? "(not)" : "";
          break;
        case Opcode::kDictMerge: operand = in.a ? "(key, value)" : "(mapping)"; break;
        case Opcode::kCallEx: operand = in.a ? "(args, kwargs)" : "(args)"; break;
        default:
          operand = in.arg != 0 ? absl::StrCat(in.arg) : "";
          break;
      }
      std::string row = absl::StrFormat("%5s %6d %-22s %s", line_text, pc, ListingName(in.op),
                                        operand);
      while (!row.empty() && row.back() == ' ') row.pop_back();
      absl::StrAppend(&out, row, "\n");
    }
    for (const auto& e : code.exceptions) {
      absl::StrAppendFormat(&out, "  exception table: %d to %d -> %d [depth %d]\n", e.start,
                            e.end, e.handler, e.depth);
    }
    out += "\n";
  }
  return out;
}

}  // namespace lockcheck
