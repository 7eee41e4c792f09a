#include "scenarios/lang/compiler.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "scenarios/lang/bundled.h"
#include "scenarios/lang/modules.h"
#include "scenarios/lang/parser.h"
#include "scenarios/lang/resolver.h"

namespace lockcheck {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Stmt;
using ast::StmtKind;

// Thrown inside the compiler only, to stop at the first construct it cannot compile; caught
// in CompileSource and turned into a diagnostic.
struct CompileError {
  SourceLoc at;
  std::string message;
};

// The modules of the program as every module's compiler sees them: the global slots of each
// module's names, and what the first compilation learnt for the second (compiler.h).
struct Layout {
  const ModuleGraph* graph = nullptr;
  const std::vector<Resolution>* res = nullptr;
  std::vector<int32_t> base;  // per module: the slot of its first global
  // Per module: its names bound only by imports of one user module (`import m`: m), and
  // what they are.
  std::vector<absl::flat_hash_map<std::string, int32_t>> aliases;
  // Learnt by a compilation: module attributes named from outside that the module does not
  // bind (`m.x = 1`, `m.missing`), slots written by `m.x = ...`, module objects used as values.
  std::set<std::pair<int32_t, std::string>> extra_attrs;
  std::set<int32_t> stored;
  bool module_values = false;
};

class Compiler {
 public:
  Compiler(const Resolution& res, Program& program, Layout& layout, int32_t module)
      : res_(res), prog_(program), layout_(layout), module_(module) {}

  void CompileModule(const ast::Module& module) {
    prog_.codes.emplace_back();
    code_index_ = static_cast<int32_t>(prog_.codes.size() - 1);
    module_code_ = code_index_;
    prog_.modules[module_].code = code_index_;
    Code& code = prog_.codes[code_index_];
    code.name = "<module>";
    code.first_line = 1;
    span_ = {{1, 1}, {1, 1}};
    if (module_ == 0) {
      Emit(Opcode::kThreadBegin);
      if (!HasExitHooks()) {
        CompileBody(module.body);
        Emit(Opcode::kThreadExit);
        CompileBootstrap();
        return;
      }
      // The hooks run however the module's code ends, as CPython runs them after printing an
      // uncaught exception (or SystemExit): the body is a try/finally around them.
      const int32_t start = pc();
      const int depth = depth_;
      CompileBody(module.body);
      const int32_t end = pc();
      CompileExitHooks();
      const int32_t to_exit = Emit(Opcode::kJump);
      if (end > start) prog_.codes[code_index_].exceptions.push_back({start, end, pc(), depth});
      depth_ = depth + 1;  // [exception]
      CompileExitHooks();
      Emit(Opcode::kReraise);
      depth_ = depth;
      Patch(to_exit, pc());
      Emit(Opcode::kThreadExit);
      CompileBootstrap();
      return;
    }
    // An imported module's code runs in the importing thread, called by kImportModule; it
    // ends by marking the module imported and, for a submodule, binding it in its package
    // (as CPython's import system does once the module has run).
    CompileBody(module.body);
    span_ = {};
    Emit(Opcode::kImportDone, module_);
    const ModuleInfo& info = prog_.modules[module_];
    if (info.parent >= 0) {
      const std::string& full = info.name;
      int32_t slot = prog_.modules[info.parent].attrs.at(full.substr(full.rfind('.') + 1));
      Emit(Opcode::kDupTop);
      Emit(Opcode::kStoreGlobal, slot);
    }
    Emit(Opcode::kReturnValue);
  }

 private:
  // The end of the main module's code calls each bundled module's `_python_exit()` (CPython's
  // threading._register_atexit: run before the non-daemon threads are waited for), importing
  // the module first in case the scenario's import of it did not run.
  bool IsExitHook(size_t unit) const {
    const ModuleGraph* g = layout_.graph;
    const auto& attrs = prog_.modules[unit].attrs;
    return g->units[unit].bundled && attrs.find("_python_exit") != attrs.end();
  }
  bool HasExitHooks() const {
    const ModuleGraph* g = layout_.graph;
    if (g == nullptr) return false;
    for (size_t i = 1; i < g->units.size(); ++i)
      if (IsExitHook(i)) return true;
    return false;
  }
  void CompileExitHooks() {
    const ModuleGraph* g = layout_.graph;
    for (size_t i = 1; i < g->units.size(); ++i) {
      if (!IsExitHook(i)) continue;
      ImportChain(static_cast<int32_t>(i));
      LoadModuleAttr(static_cast<int32_t>(i), "_python_exit");
      Emit(Opcode::kCall, -1, 0, 0);
      Emit(Opcode::kPopTop);
    }
  }

  // ---- emission -------------------------------------------------------------------------

  Code& code() { return prog_.codes[code_index_]; }
  int32_t pc() const { return static_cast<int32_t>(prog_.codes[code_index_].instrs.size()); }

  int32_t Emit(Opcode op, int32_t arg = 0, uint8_t a = 0, uint16_t b = 0) {
    Code& c = code();
    c.instrs.push_back({op, a, b, arg});
    c.info.push_back({span_});
    depth_ += StackEffect(op, arg, a);
    if (depth_ > c.max_stack) c.max_stack = depth_;
    return static_cast<int32_t>(c.instrs.size() - 1);
  }
  void Patch(int32_t at, int32_t target) { code().instrs[at].arg = target; }

  // Net stack effect of one instruction on the fall-through path.
  static int StackEffect(Opcode op, int32_t arg, uint8_t a) {
    switch (op) {
      case Opcode::kLoadConst: case Opcode::kLoadFast: case Opcode::kLoadGlobal:
      case Opcode::kLoadGlobalStable: case Opcode::kLoadBuiltin: case Opcode::kDupTop:
      case Opcode::kImportModule: case Opcode::kImportDone:
        return 1;
      case Opcode::kStoreFast: case Opcode::kStoreGlobal: case Opcode::kPopTop:
      case Opcode::kPopJumpIfFalse: case Opcode::kPopJumpIfTrue: case Opcode::kBinary:
      // The fall-through pops the operand (the jump keeps it: its target is reached at the
      // depth the fall-through has once the next operand is pushed).
      case Opcode::kJumpIfFalseOrPop: case Opcode::kJumpIfTrueOrPop:
      case Opcode::kCompare: case Opcode::kContains: case Opcode::kIs:
      case Opcode::kSubscr: case Opcode::kListAppend: case Opcode::kReturnValue:
      case Opcode::kSetAdd: case Opcode::kDeleteAttr:
        return -1;
      case Opcode::kMapAdd: return -2;
      case Opcode::kDeleteSubscr: return -2 - a;
      case Opcode::kDupTopTwo: return 2;
      case Opcode::kGetIter: return 2;     // iterable -> 3-slot iterator
      case Opcode::kForIter: return 1;     // pushes the item (the exit path pops 3)
      case Opcode::kBuildTuple: case Opcode::kBuildList: case Opcode::kBuildString:
      case Opcode::kBuildSet:
        return 1 - arg;
      case Opcode::kBuildDict: return 1 - 2 * arg;
      case Opcode::kUnpackSequence: return arg - 1;
      case Opcode::kSlice: return -a;
      case Opcode::kStoreSubscr: return -3;
      case Opcode::kStoreAttr: return -2;
      case Opcode::kLoadMethod: return 1;
      case Opcode::kCallMethod: return -a - 1;  // self, method slot and arguments -> result
      case Opcode::kCall: return -a;
      case Opcode::kWithEnter: return 1;
      case Opcode::kWithExit: return -1;
      case Opcode::kAssertFail: return -a;
      case Opcode::kRaise: return -a;
      case Opcode::kCheckExcMatch: return 0;  // pops the type, pushes the answer
      case Opcode::kMakeFunction: return 1 - (a & 1) - ((a >> 1) & 1);
      case Opcode::kLoadClosure: case Opcode::kLoadDeref: return 1;
      case Opcode::kStoreDeref: return -1;
      case Opcode::kMakeClass: return 1 - a;
      case Opcode::kClassSetAttr: return -1;
      case Opcode::kListExtend: return -1;
      case Opcode::kDictMerge: return a == 1 ? -2 : -1;
      case Opcode::kCallEx: return -1 - a;
      default: return 0;
    }
  }

  [[noreturn]] void Fail(SourceLoc at, std::string message) {
    throw CompileError{at, std::move(message)};
  }

  int32_t AddConstant(Constant c) {
    for (size_t i = 0; i < prog_.constants.size(); ++i)
      if (prog_.constants[i] == c) return static_cast<int32_t>(i);
    prog_.constants.push_back(std::move(c));
    return static_cast<int32_t>(prog_.constants.size() - 1);
  }
  int32_t StrConstant(std::string s) {
    Constant c;
    c.kind = Constant::Kind::kStr;
    c.str_value = std::move(s);
    return AddConstant(std::move(c));
  }
  void LoadNone() { Emit(Opcode::kLoadConst, AddConstant(Constant{})); }

  // ---- names ----------------------------------------------------------------------------

  int32_t LocalSlot(const std::string& name) {
    auto& names = code().local_names;
    auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) return static_cast<int32_t>(it - names.begin());
    names.push_back(name);
    return static_cast<int32_t>(names.size() - 1);
  }

  // A fresh hidden local (comprehension variables, temporaries).
  int32_t HiddenSlot(const std::string& hint) {
    code().local_names.push_back(absl::StrCat(hint, "#", hidden_counter_++));
    return static_cast<int32_t>(code().local_names.size() - 1);
  }

  enum class Where { kLocal, kDeref, kGlobal, kBuiltin, kMainName };
  struct NameRef {
    Where where;
    int32_t index;
  };

  NameRef Lookup(const std::string& name) {
    for (auto it = comp_scopes_.rbegin(); it != comp_scopes_.rend(); ++it) {
      auto found = it->find(name);
      if (found != it->end()) return {Where::kLocal, found->second};
    }
    if (function_ != nullptr) {
      const auto& cells = function_->cells;
      const auto& frees = function_->frees;
      if (std::find(cells.begin(), cells.end(), name) != cells.end() ||
          std::find(frees.begin(), frees.end(), name) != frees.end())
        return {Where::kDeref, DerefSlot(name)};
      const auto& locals = function_->locals;
      auto it = std::find(locals.begin(), locals.end(), name);
      if (it != locals.end()) return {Where::kLocal, static_cast<int32_t>(it - locals.begin())};
    }
    auto g = res_.global_index.find(name);
    if (g != res_.global_index.end()) return {Where::kGlobal, Base() + g->second};
    if (name == "__name__") return {Where::kMainName, 0};
    Builtin b;
    if (LookupBuiltinName(name, &b)) return {Where::kBuiltin, static_cast<int32_t>(b)};
    Fail(span_.begin, absl::StrCat("name '", name, "' is not defined"));
  }

  void LoadName(const std::string& name) {
    NameRef r = Lookup(name);
    switch (r.where) {
      case Where::kLocal: Emit(Opcode::kLoadFast, r.index); break;
      case Where::kDeref: Emit(Opcode::kLoadDeref, r.index); break;
      case Where::kGlobal:
        // A module object read as a value (not as `m.name`): see Program::module_values.
        if (!checking_chain_ && AliasOf(name) >= 0) layout_.module_values = true;
        Emit(prog_.global_stable[r.index] ? Opcode::kLoadGlobalStable : Opcode::kLoadGlobal,
             r.index);
        break;
      case Where::kBuiltin: Emit(Opcode::kLoadBuiltin, r.index); break;
      case Where::kMainName:
        Emit(Opcode::kLoadConst, StrConstant(prog_.modules[module_].name));
        break;
    }
  }

  void StoreName(const std::string& name) {
    NameRef r = Lookup(name);
    if (r.where == Where::kLocal) Emit(Opcode::kStoreFast, r.index);
    else if (r.where == Where::kDeref) Emit(Opcode::kStoreDeref, r.index);
    else if (r.where == Where::kGlobal) Emit(Opcode::kStoreGlobal, r.index);
    else Fail(span_.begin, absl::StrCat("cannot assign to '", name, "'"));
  }

  // The modelled module a stable global names (import threading), if any.
  bool StableModule(const Expr& e, Builtin* module) {
    if (e.kind != ExprKind::kName) return false;
    for (const auto& s : comp_scopes_)
      if (s.contains(e.id)) return false;
    if (function_ != nullptr) {
      const auto& l = function_->locals;
      if (std::find(l.begin(), l.end(), e.id) != l.end()) return false;
    }
    auto it = module_globals_.find(e.id);
    if (it == module_globals_.end()) return false;
    auto g = res_.global_index.find(e.id);
    if (g == res_.global_index.end() || !prog_.global_stable[Base() + g->second]) return false;
    *module = it->second;
    return true;
  }

  // ---- user modules ---------------------------------------------------------------------

  // The bundled module providing members of that modelled module (threading), or -1.
  int32_t BundledMembersOf(const std::string& modelled) const {
    const ModuleGraph* g = layout_.graph;
    if (g == nullptr) return -1;
    auto it = g->bundled_members.find(modelled);
    return it == g->bundled_members.end() ? -1 : it->second;
  }

  int32_t Base() const { return layout_.base[module_]; }

  // The user module a global name of this module is bound to by imports alone, or -1.
  int32_t AliasOf(const std::string& name) const {
    auto it = layout_.aliases[module_].find(name);
    return it == layout_.aliases[module_].end() ? -1 : it->second;
  }

  // The user module an expression surely names (`m`, `pkg.mod`), or -1: a name bound only by
  // imports of that module (and not a local here), or a package's submodule attribute.
  int32_t ModuleOf(const Expr& e) {
    if (e.kind == ExprKind::kName) {
      for (const auto& sc : comp_scopes_)
        if (sc.contains(e.id)) return -1;
      if (function_ != nullptr) {
        const auto& f = *function_;
        for (const auto* names : {&f.locals, &f.cells, &f.frees})
          if (std::find(names->begin(), names->end(), e.id) != names->end()) return -1;
      }
      return AliasOf(e.id);
    }
    if (e.kind != ExprKind::kAttribute) return -1;
    int32_t p = ModuleOf(*e.operand);
    if (p < 0) return -1;
    const ModuleGraph& g = *layout_.graph;
    for (size_t k = 1; k < g.units.size(); ++k) {
      if (g.units[k].parent == p && g.units[k].name == g.units[p].name + "." + e.str_value)
        return static_cast<int32_t>(k);
    }
    return -1;
  }

  // The slot of module p's attribute `name`; one the module does not bind is learnt for the
  // second compilation (an unbound slot: reading it raises AttributeError).
  // A name a bundled module lacks (concurrent.futures.ProcessPoolExecutor): CPython's module
  // has it, lockcheck's does not, so it is refused rather than an ImportError/AttributeError.
  [[noreturn]] void RefuseUnbundled(SourceLoc at, const ModuleUnit& unit, const std::string& name) {
    Fail(at, absl::StrCat("unsupported in scenarios: ", unit.name, ".", name,
                          " (not modelled by lockcheck; its ", unit.name, " is ",
                          unit.source->path(), ")"));
  }

  int32_t ModuleAttrSlot(int32_t p, const std::string& name) {
    const auto& attrs = prog_.modules[p].attrs;
    auto it = attrs.find(name);
    if (it != attrs.end()) return it->second;
    const ModuleUnit& unit = layout_.graph->units[p];
    if (unit.bundled) RefuseUnbundled(span_.begin, unit, name);
    layout_.extra_attrs.insert({p, name});
    return 0;
  }

  // Evaluates what CPython evaluates on the way to `m.x` (the name m, each package's
  // submodule attribute) for its errors alone; leaves nothing on the stack.
  void CheckModuleChain(const Expr& e) {
    if (e.kind == ExprKind::kName) {
      checking_chain_ = true;
      LoadName(e.id);
      checking_chain_ = false;
      Emit(Opcode::kPopTop);
      return;
    }
    CheckModuleChain(*e.operand);
    int32_t p = ModuleOf(*e.operand);
    LoadModuleAttr(p, e.str_value);
    Emit(Opcode::kPopTop);
  }

  void LoadModuleAttr(int32_t p, const std::string& name) {
    int32_t slot = ModuleAttrSlot(p, name);
    Emit(prog_.global_stable[slot] ? Opcode::kLoadGlobalStable : Opcode::kLoadGlobal, slot,
         /*AttributeError*/ 2, static_cast<uint16_t>(p));
  }

  // Module code: `import ...` of user modules. CPython imports every package on the way
  // (`import a.b.c` runs a, a.b, then a.b.c) and binds the first name, or the module itself
  // under `as`.
  void ImportChain(int32_t m) {
    const ModuleGraph& g = *layout_.graph;
    std::vector<int32_t> chain;
    for (int32_t k = m; k >= 0; k = g.units[k].parent) chain.push_back(k);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      Emit(Opcode::kImportModule, *it);
      Emit(Opcode::kPopTop);
    }
  }

  void CompileUserImport(const Stmt& s, const ast::Alias& a, int32_t m) {
    const ModuleGraph& g = *layout_.graph;
    span_ = a.span;
    ImportChain(m);
    int32_t bound = m;
    if (a.asname.empty() && s.kind == StmtKind::kImport)
      while (g.units[bound].parent >= 0) bound = g.units[bound].parent;
    Emit(Opcode::kImportModule, bound);
    StoreName(!a.asname.empty() ? a.asname
              : s.kind == StmtKind::kImport ? a.name.substr(0, a.name.find('.'))
                                            : a.name);
  }

  // from m import x: the module's global x, ImportError when it is not bound there.
  void CompileFromUserModule(const Stmt& s, int32_t m) {
    const ModuleGraph& g = *layout_.graph;
    span_ = s.span;
    ImportChain(m);
    for (const auto& a : s.aliases) {
      span_ = a.span;
      if (auto sub = g.alias_module.find(&a); sub != g.alias_module.end()) {
        CompileUserImport(s, a, sub->second);
        continue;
      }
      const auto& attrs = prog_.modules[m].attrs;
      auto it = attrs.find(a.name);
      if (it == attrs.end() && g.units[m].bundled) RefuseUnbundled(a.span.begin, g.units[m], a.name);
      if (it == attrs.end()) {
        Fail(a.span.begin, absl::StrCat("ImportError: cannot import name '", a.name, "' from '",
                                        g.units[m].name, "' (", g.units[m].source->path(), ")"));
      }
      Emit(prog_.global_stable[it->second] ? Opcode::kLoadGlobalStable : Opcode::kLoadGlobal,
           it->second, /*ImportError*/ 1, static_cast<uint16_t>(m));
      StoreName(a.asname.empty() ? a.name : a.asname);
    }
  }

  // ---- statements -----------------------------------------------------------------------

  void CompileBody(const ast::Body& body) {
    for (const auto& s : body) CompileStmt(*s);
  }

  // Blocks that break/continue/return must leave properly.
  struct Block {
    enum Kind { kLoop, kFor, kWith, kExcept, kFinally } kind;
    std::vector<int32_t> breaks = {};  // jumps to patch to the loop's end
    int32_t continue_target = 0;
    int32_t region_start = 0;        // kWith: start of the open exception region
    int32_t handler_depth = 0;       // kWith: stack values kept when unwinding to it
    int32_t with_id = 0;             // kWith: names its handler until that is emitted
    SourceSpan context = {};         // kWith: the item's context manager, which names its exit
    const ast::Body* finally = nullptr;  // kFinally: the body to run when leaving
  };

  void CompileStmt(const Stmt& s) {
    SourceSpan saved = span_;
    span_ = s.span;
    switch (s.kind) {
      case StmtKind::kExpr:
        // A bare docstring-like string is dropped.
        if (s.value->kind == ExprKind::kStr) break;
        CompileExpr(*s.value);
        Emit(Opcode::kPopTop);
        break;
      case StmtKind::kAssign: CompileAssign(s); break;
      case StmtKind::kAugAssign: CompileAugAssign(s); break;
      case StmtKind::kAnnAssign:
        if (s.value) {
          CompileExpr(*s.value);
          CompileStore(*s.target);
        }
        break;
      case StmtKind::kPass: break;
      case StmtKind::kBreak: CompileBreak(s); break;
      case StmtKind::kContinue: CompileContinue(s); break;
      case StmtKind::kReturn: CompileReturn(s); break;
      case StmtKind::kIf: CompileIf(s); break;
      case StmtKind::kWhile: CompileWhile(s); break;
      case StmtKind::kFor: CompileFor(s); break;
      case StmtKind::kWith: CompileWith(s, 0); break;
      case StmtKind::kTry: CompileTry(s); break;
      case StmtKind::kRaise:
        if (s.exc) {
          CompileExpr(*s.exc);
          if (s.cause) {  // `from` sets __cause__, which the model does not keep
            CompileExpr(*s.cause);
            Emit(Opcode::kPopTop);
          }
          span_ = s.span;
          Emit(Opcode::kRaise, 0, 1);
        } else if (!handled_.empty()) {  // bare raise: the exception being handled
          Emit(Opcode::kLoadFast, handled_.back());
          Emit(Opcode::kReraise);
        } else {
          Emit(Opcode::kRaise, 0, 0);
        }
        break;
      case StmtKind::kAssert: {
        CompileExpr(*s.test);
        int32_t jump = Emit(Opcode::kPopJumpIfTrue);
        span_ = s.span;
        if (s.msg) CompileExpr(*s.msg);
        span_ = s.span;
        Emit(Opcode::kAssertFail, 0, s.msg ? 1 : 0);
        Patch(jump, pc());
        break;
      }
      case StmtKind::kGlobal:
      case StmtKind::kNonlocal:
        break;
      case StmtKind::kFunctionDef: CompileFunctionDef(s); break;
      case StmtKind::kClassDef: CompileClassDef(s); break;
      case StmtKind::kImport:
      case StmtKind::kImportFrom: CompileImport(s); break;
      case StmtKind::kDelete:
        for (const auto& t : s.targets) CompileDelete(*t);
        break;
      default:
        Fail(s.span.begin, "unsupported in scenarios: this statement");
    }
    span_ = saved;
  }

  void CompileImport(const Stmt& s) {
    const ModuleGraph& g = *layout_.graph;
    if (auto from = g.from_module.find(&s); from != g.from_module.end())
      return CompileFromUserModule(s, from->second);
    const std::vector<Builtin>& bound = res_.imports.at(&s);
    size_t i = 0;
    for (const auto& a : s.aliases) {
      Builtin b = bound[i++];
      if (auto user = g.alias_module.find(&a); user != g.alias_module.end()) {
        CompileUserImport(s, a, user->second);
        continue;
      }
      // A modelled module with bundled members (threading: Timer): the bundled module of its
      // name runs at the import (the first time), and `from threading import Timer` binds its
      // global.
      const std::string modelled =
          s.kind == StmtKind::kImport ? a.name.substr(0, a.name.find('.')) : s.module;
      if (int32_t ext = BundledMembersOf(modelled); ext >= 0 && ext != module_) {
        span_ = a.span;
        ImportChain(ext);
        if (b == Builtin::kCount) {
          LoadModuleAttr(ext, a.name);
          StoreName(a.asname.empty() ? a.name : a.asname);
          continue;
        }
      }
      if (b == Builtin::kModLockcheck || b == Builtin::kModCapi || IsCapiMember(b))
        prog_.uses_capi = true;
      span_ = a.span;
      // contextlib and functools wrap Python code: a with statement or a call may resume a
      // generator or call a function the analyses cannot see at the call site.
      if (b == Builtin::kModContextlib || b == Builtin::kModFunctools ||
          b == Builtin::kContextManager || b == Builtin::kWraps || b == Builtin::kPartial)
        prog_.has_generators = true;
      Emit(Opcode::kLoadBuiltin, static_cast<int32_t>(b));
      std::string name = !a.asname.empty()             ? a.asname
                         : s.kind == StmtKind::kImport ? a.name.substr(0, a.name.find('.'))
                                                       : a.name;
      if (s.kind == StmtKind::kImport) module_globals_[name] = b;
      StoreName(name);
    }
  }

  void CompileAssign(const Stmt& s) {
    // `a, b = x, y`: no tuple is built when both sides are plain tuples of 2 or 3.
    if (s.targets.size() == 1 && s.targets[0]->kind == ExprKind::kTuple &&
        s.value->kind == ExprKind::kTuple && s.targets[0]->elts.size() == s.value->elts.size() &&
        (s.value->elts.size() == 2 || s.value->elts.size() == 3)) {
      for (const auto& v : s.value->elts) CompileExpr(*v);
      span_ = s.span;
      if (s.value->elts.size() == 2) {
        Emit(Opcode::kRotTwo);
      } else {
        Emit(Opcode::kRotThree);
        Emit(Opcode::kRotTwo);
      }
      for (const auto& t : s.targets[0]->elts) CompileStore(*t);
      return;
    }
    CompileExpr(*s.value);
    for (size_t i = 0; i < s.targets.size(); ++i) {
      if (i + 1 < s.targets.size()) Emit(Opcode::kDupTop);
      CompileStore(*s.targets[i]);
    }
  }

  void CompileStore(const Expr& t) {
    SourceSpan saved = span_;
    span_ = t.span;
    switch (t.kind) {
      case ExprKind::kName: StoreName(t.id); break;
      case ExprKind::kTuple:
      case ExprKind::kList:
        Emit(Opcode::kUnpackSequence, static_cast<int32_t>(t.elts.size()));
        for (const auto& e : t.elts) CompileStore(*e);
        break;
      case ExprKind::kSubscript:
        if (t.index->kind == ExprKind::kSlice) Fail(t.span.begin, "unsupported in scenarios: slice assignment");
        CompileExpr(*t.operand);
        CompileExpr(*t.index);
        span_ = t.span;
        Emit(Opcode::kStoreSubscr);
        break;
      case ExprKind::kAttribute:
        if (int32_t p = ModuleOf(*t.operand); p >= 0) {  // m.x = v: module m's global x
          CheckModuleChain(*t.operand);
          span_ = t.span;
          int32_t slot = ModuleAttrSlot(p, t.str_value);
          layout_.stored.insert(slot);
          Emit(Opcode::kStoreGlobal, slot);
          break;
        }
        CompileExpr(*t.operand);
        span_ = t.span;
        Emit(Opcode::kStoreAttr, StrConstant(t.str_value), 0,
             static_cast<uint16_t>(AttrFromName(t.str_value)));
        break;
      default: Fail(t.span.begin, "cannot assign to this expression");
    }
    span_ = saved;
  }

  // del_stmt -> 'del' target (',' target)*: each target deleted left to right.
  void CompileDelete(const Expr& t) {
    SourceSpan saved = span_;
    span_ = t.span;
    switch (t.kind) {
      case ExprKind::kName: {
        NameRef r = Lookup(t.id);
        if (r.where == Where::kLocal) Emit(Opcode::kDeleteFast, r.index);
        else if (r.where == Where::kDeref) Emit(Opcode::kDeleteDeref, r.index);
        else if (r.where == Where::kGlobal) Emit(Opcode::kDeleteGlobal, r.index);
        else Fail(t.span.begin, absl::StrCat("cannot delete '", t.id, "'"));
        break;
      }
      case ExprKind::kTuple:
      case ExprKind::kList:
        for (const auto& e : t.elts) CompileDelete(*e);
        break;
      case ExprKind::kSubscript:
        CompileExpr(*t.operand);
        if (t.index->kind == ExprKind::kSlice) {
          const Expr& sl = *t.index;
          if (sl.step) Fail(sl.step->span.begin, "unsupported in scenarios: del of an extended slice");
          for (const ast::ExprPtr* b : {&sl.lower, &sl.upper}) {
            if (*b) CompileExpr(**b);
            else LoadNone();
          }
          span_ = t.span;
          Emit(Opcode::kDeleteSubscr, 0, 1);
        } else {
          CompileExpr(*t.index);
          span_ = t.span;
          Emit(Opcode::kDeleteSubscr);
        }
        break;
      case ExprKind::kAttribute:
        if (ModuleOf(*t.operand) >= 0)
          Fail(t.span.begin, "unsupported in scenarios: del of a module's attribute");
        CompileExpr(*t.operand);
        span_ = t.span;
        Emit(Opcode::kDeleteAttr, StrConstant(t.str_value), 0,
             static_cast<uint16_t>(AttrFromName(t.str_value)));
        break;
      default: Fail(t.span.begin, "cannot delete this expression");
    }
    span_ = saved;
  }

  void CompileAugAssign(const Stmt& s) {
    const Expr& t = *s.target;
    uint8_t op = static_cast<uint8_t>(s.op);
    switch (t.kind) {
      case ExprKind::kName:
        span_ = t.span;
        LoadName(t.id);
        CompileExpr(*s.value);
        span_ = s.span;
        Emit(Opcode::kBinary, 0, op, /*in place*/ 1);
        span_ = t.span;
        StoreName(t.id);
        break;
      case ExprKind::kSubscript:
        if (t.index->kind == ExprKind::kSlice) Fail(t.span.begin, "unsupported in scenarios: slice assignment");
        CompileExpr(*t.operand);
        CompileExpr(*t.index);
        span_ = t.span;
        Emit(Opcode::kDupTopTwo);
        Emit(Opcode::kSubscr);
        CompileExpr(*s.value);
        span_ = s.span;
        Emit(Opcode::kBinary, 0, op, 1);
        span_ = t.span;
        Emit(Opcode::kRotThree);
        Emit(Opcode::kStoreSubscr);
        break;
      case ExprKind::kAttribute: {
        if (int32_t p = ModuleOf(*t.operand); p >= 0) {  // m.x += v
          CheckModuleChain(*t.operand);
          span_ = t.span;
          LoadModuleAttr(p, t.str_value);
          CompileExpr(*s.value);
          span_ = s.span;
          Emit(Opcode::kBinary, 0, op, 1);
          span_ = t.span;
          int32_t slot = ModuleAttrSlot(p, t.str_value);
          layout_.stored.insert(slot);
          Emit(Opcode::kStoreGlobal, slot);
          break;
        }
        CompileExpr(*t.operand);
        span_ = t.span;
        Emit(Opcode::kDupTop);
        int32_t name = StrConstant(t.str_value);
        uint16_t attr = static_cast<uint16_t>(AttrFromName(t.str_value));
        Emit(Opcode::kLoadAttr, name, 0, attr);
        CompileExpr(*s.value);
        span_ = s.span;
        Emit(Opcode::kBinary, 0, op, 1);
        span_ = t.span;
        Emit(Opcode::kRotTwo);
        Emit(Opcode::kStoreAttr, name, 0, attr);
        break;
      }
      default: Fail(t.span.begin, "cannot assign to this expression");
    }
  }

  void CompileIf(const Stmt& s) {
    CompileExpr(*s.test);
    int32_t to_else = Emit(Opcode::kPopJumpIfFalse);
    CompileBody(s.body);
    if (s.orelse.empty()) {
      Patch(to_else, pc());
      return;
    }
    span_ = s.span;
    int32_t to_end = Emit(Opcode::kJump);
    Patch(to_else, pc());
    CompileBody(s.orelse);
    Patch(to_end, pc());
  }

  void CompileWhile(const Stmt& s) {
    int32_t top = pc();
    CompileExpr(*s.test);
    int32_t to_else = Emit(Opcode::kPopJumpIfFalse);
    blocks_.push_back({.kind = Block::kLoop, .continue_target = top});
    CompileBody(s.body);
    span_ = s.span;
    Emit(Opcode::kJump, top);
    Block block = std::move(blocks_.back());
    blocks_.pop_back();
    Patch(to_else, pc());
    CompileBody(s.orelse);
    for (int32_t b : block.breaks) Patch(b, pc());
  }

  void CompileFor(const Stmt& s) {
    CompileExpr(*s.iter);
    span_ = s.iter->span;
    Emit(Opcode::kGetIter);
    int32_t top = pc();
    int32_t for_iter = Emit(Opcode::kForIter);
    CompileStore(*s.target);
    blocks_.push_back({.kind = Block::kFor, .continue_target = top});
    CompileBody(s.body);
    span_ = s.iter->span;
    Emit(Opcode::kJump, top);
    Block block = std::move(blocks_.back());
    blocks_.pop_back();
    Patch(for_iter, pc());
    depth_ -= 3;  // the exhausted iterator is gone (its 3 slots); the item was stored
    CompileBody(s.orelse);
    for (int32_t b : block.breaks) Patch(b, pc());
  }

  // with a as x, b as y: body  ==  with a as x: with b as y: body
  void CompileWith(const Stmt& s, size_t item) {
    if (item == s.items.size()) {
      CompileBody(s.body);
      return;
    }
    const ast::WithItem& wi = s.items[item];
    CompileExpr(*wi.context);
    span_ = wi.context->span;
    Emit(Opcode::kWithEnter);
    if (wi.target) CompileStore(*wi.target);
    else Emit(Opcode::kPopTop);
    blocks_.push_back(OpenRegion(Block::kWith));  // unwinding keeps values up to the manager
    blocks_.back().context = wi.context->span;
    CompileWith(s, item + 1);
    Block done = std::move(blocks_.back());
    blocks_.pop_back();
    CloseRegion(done);
    span_ = wi.context->span;
    Emit(Opcode::kWithExit);
    int32_t to_end = Emit(Opcode::kJump);
    // The exception path: [.., manager, exception].
    PatchHandler(done);
    depth_ += 2;
    Emit(Opcode::kWithExcept);
    Emit(Opcode::kReraise);
    depth_ -= 2;
    Patch(to_end, pc());
  }

  // A region of the exception table whose handler is emitted later (a with, an except, a
  // finally): pushed as a block; `CloseRegion` + `PatchHandler` finish it.
  Block OpenRegion(Block::Kind kind) {
    Block b{kind};
    b.region_start = pc();
    b.handler_depth = depth_;
    b.with_id = next_with_id_++;
    return b;
  }
  void PatchHandler(const Block& b) {
    for (auto& e : code().exceptions)
      if (e.handler == -1 - b.with_id) e.handler = pc();
  }

  // try: body except T as e: ... else: ... finally: ...
  void CompileTry(const Stmt& s) {
    bool has_finally = !s.finalbody.empty();
    if (has_finally) {
      blocks_.push_back(OpenRegion(Block::kFinally));
      blocks_.back().finally = &s.finalbody;
    }
    if (!s.handlers.empty()) {
      blocks_.push_back(OpenRegion(Block::kExcept));
      CompileBody(s.body);
      Block except = std::move(blocks_.back());
      blocks_.pop_back();
      CloseRegion(except);
      CompileBody(s.orelse);
      span_ = s.span;
      int32_t to_end = Emit(Opcode::kJump);
      std::vector<int32_t> ends = {to_end};
      // The handlers: [.., exception].
      PatchHandler(except);
      depth_ = except.handler_depth + 1;
      int32_t slot = HiddenSlot("exception");
      Emit(Opcode::kDupTop);
      Emit(Opcode::kStoreFast, slot);
      for (const ast::ExceptHandler& h : s.handlers) {
        span_ = h.span;
        int32_t next = -1;
        if (h.type) {  // [.., exception, type] -> [.., exception, matches]
          CompileExpr(*h.type);
          span_ = h.span;
          Emit(Opcode::kCheckExcMatch);
          next = Emit(Opcode::kPopJumpIfFalse);
        }
        if (!h.name.empty()) StoreName(h.name);
        else Emit(Opcode::kPopTop);
        handled_.push_back(slot);
        CompileBody(h.body);
        handled_.pop_back();
        span_ = h.span;
        ends.push_back(Emit(Opcode::kJump));
        depth_ = except.handler_depth + 1;
        if (next >= 0) Patch(next, pc());
      }
      span_ = s.span;
      Emit(Opcode::kReraise);  // no clause matched
      for (int32_t e : ends) Patch(e, pc());
      depth_ = except.handler_depth;
    } else {
      CompileBody(s.body);
      CompileBody(s.orelse);
    }
    if (!has_finally) return;
    Block fin = std::move(blocks_.back());
    blocks_.pop_back();
    CloseRegion(fin);
    CompileBody(s.finalbody);  // the normal path
    span_ = s.span;
    int32_t to_end = Emit(Opcode::kJump);
    PatchHandler(fin);  // the exception path: [.., exception]
    depth_ = fin.handler_depth + 1;
    CompileBody(s.finalbody);
    span_ = s.span;
    Emit(Opcode::kReraise);
    depth_ = fin.handler_depth;
    Patch(to_end, pc());
  }

  // Ends the open exception region of a with-block at the current pc. Its handler is not
  // emitted yet: the entry names the block (a negative id) until CompileWith patches it.
  // Entries are pushed innermost first, which is the order the VM searches them in.
  void CloseRegion(const Block& b) {
    if (pc() > b.region_start)
      code().exceptions.push_back({b.region_start, pc(), -1 - b.with_id, b.handler_depth});
  }

  // Runs the exits of blocks_[first..] (innermost first) before a jump out of them: `for`
  // iterators are popped and `with` managers exited. The exits run outside the regions (an
  // exception in an exit must not run that exit again), so the regions close here and reopen
  // after the jump.
  void LeaveBlocks(size_t first) {
    for (size_t i = blocks_.size(); i-- > first;) {
      Block& b = blocks_[i];
      if (b.kind == Block::kFor) {
        for (int k = 0; k < 3; ++k) Emit(Opcode::kPopTop);
      } else if (b.kind == Block::kWith) {
        CloseRegion(b);
        reopen_.push_back(i);
        // The exit is the manager's operation (`lock.release()`), not the statement that
        // leaves the block (`return x`), in the trace and in every location it reports.
        SourceSpan leaving = span_;
        span_ = b.context;
        Emit(Opcode::kWithExit);
        span_ = leaving;
      } else if (b.kind == Block::kExcept) {
        CloseRegion(b);
        reopen_.push_back(i);
      } else if (b.kind == Block::kFinally) {
        // The finally body runs on the way out, outside its own region and with only the
        // blocks around it in force (a break inside it leaves those).
        CloseRegion(b);
        reopen_.push_back(i);
        std::vector<Block> inner(std::make_move_iterator(blocks_.begin() + i),
                                 std::make_move_iterator(blocks_.end()));
        blocks_.resize(i);
        std::vector<size_t> saved_reopen = std::move(reopen_);
        reopen_.clear();
        CompileBody(*inner.front().finally);
        reopen_ = std::move(saved_reopen);
        for (auto& blk : inner) blocks_.push_back(std::move(blk));
      }
    }
  }

  void ReopenRegions() {
    for (size_t i : reopen_) blocks_[i].region_start = pc();
    reopen_.clear();
  }

  void CompileReturn(const Stmt& s) {
    if (s.value) CompileExpr(*s.value);
    else LoadNone();
    span_ = s.span;
    int saved_depth = depth_;
    bool has_with = false;  // blocks whose exits run code on the way out
    for (const auto& b : blocks_) has_with |= b.kind == Block::kWith || b.kind == Block::kFinally;
    if (has_with) {
      int32_t tmp = HiddenSlot("return");
      Emit(Opcode::kStoreFast, tmp);
      LeaveBlocks(0);
      Emit(Opcode::kLoadFast, tmp);
    }
    Emit(Opcode::kReturnValue);
    ReopenRegions();
    depth_ = saved_depth - 1;
  }

  Block* InnermostLoop(size_t* index) {
    for (size_t i = blocks_.size(); i-- > 0;) {
      if (blocks_[i].kind == Block::kLoop || blocks_[i].kind == Block::kFor) {
        *index = i;
        return &blocks_[i];
      }
    }
    return nullptr;
  }

  void CompileBreak(const Stmt& s) {
    size_t index;
    if (InnermostLoop(&index) == nullptr) Fail(s.span.begin, "'break' outside loop");
    int saved_depth = depth_;
    LeaveBlocks(index);  // the loop itself too: a for-loop's iterator is popped
    blocks_[index].breaks.push_back(Emit(Opcode::kJump));
    ReopenRegions();
    depth_ = saved_depth;
  }

  void CompileContinue(const Stmt& s) {
    size_t index;
    if (InnermostLoop(&index) == nullptr) Fail(s.span.begin, "'continue' not properly in loop");
    int saved_depth = depth_;
    LeaveBlocks(index + 1);
    Emit(Opcode::kJump, blocks_[index].continue_target);
    ReopenRegions();
    depth_ = saved_depth;
  }

  // @d1 @d2 def f: f = d1(d2(f)); the decorators are evaluated first, top to bottom.
  void CompileFunctionDef(const Stmt& s) {
    for (const auto& d : s.decorators) CompileExpr(*d);
    CompileFunction(s, /*method=*/false);
    for (size_t i = s.decorators.size(); i-- > 0;) {
      span_ = s.decorators[i]->span;
      Emit(Opcode::kCall, -1, 1, 0);
    }
    span_ = s.name_span;
    StoreName(s.name);
  }

  // class Name(bases): the class object is built first (from its bases), then each member
  // is evaluated and set on it in order, as CPython's class body would bind them.
  void CompileClassDef(const Stmt& s) {
    prog_.has_classes = true;
    class_name_ = s.name;
    if (s.bases.size() > 255) Fail(s.span.begin, "too many base classes (the limit is 255)");
    for (const auto& b : s.bases) CompileExpr(*b);
    span_ = s.name_span;
    Emit(Opcode::kMakeClass, StrConstant(s.name), static_cast<uint8_t>(s.bases.size()));
    for (const auto& member : s.body) {
      span_ = member->span;
      if (member->kind == StmtKind::kFunctionDef) {
        CompileFunction(*member, /*method=*/true);
        if (!member->decorators.empty()) {
          const Expr& d = *member->decorators[0];
          uint8_t kind = d.kind == ExprKind::kAttribute ? 4
                         : d.id == "staticmethod"       ? 1
                         : d.id == "classmethod"        ? 2
                                                        : 3;
          span_ = d.span;
          Emit(Opcode::kWrapMethod, StrConstant(member->name), kind);
          if (kind >= 3 && std::find(prog_.property_names.begin(), prog_.property_names.end(),
                                     member->name) == prog_.property_names.end())
            prog_.property_names.push_back(member->name);
        }
        Attr attr = AttrFromName(member->name);
        if (attr != Attr::kUnknown) prog_.class_attrs[static_cast<size_t>(attr)] = true;
        if (std::find(prog_.method_names.begin(), prog_.method_names.end(), member->name) ==
            prog_.method_names.end())
          prog_.method_names.push_back(member->name);
        span_ = member->name_span;
        Emit(Opcode::kClassSetAttr, StrConstant(member->name));
      } else if (member->kind == StmtKind::kAssign) {
        CompileExpr(*member->value);
        span_ = member->targets[0]->span;
        Emit(Opcode::kClassSetAttr, StrConstant(member->targets[0]->id));
      }
    }
    span_ = s.name_span;
    StoreName(s.name);
  }

  // Compiles a def's body into a new code object and pushes the function. A method's
  // function also records its class (for super()), which is on the stack below.
  void CompileFunction(const Stmt& s, bool method) {
    CompileFunctionCode(&s, s.name, *s.params, s.span, method, [&]() {
      CompileBody(s.body);
      span_ = {s.span.end, s.span.end};
      LoadNone();
      Emit(Opcode::kReturnValue);
    });
  }

  // lambda params: expr
  void CompileLambda(const Expr& e) {
    CompileFunctionCode(&e, "<lambda>", *e.params, e.span, false, [&]() {
      CompileExpr(*e.operand);
      span_ = e.span;
      Emit(Opcode::kReturnValue);
    });
  }

  // The defaults, the code object (`body` compiles into it), the closure (the cells of the
  // enclosing code the function's free variables name, in the resolver's order), and
  // kMakeFunction.
  template <typename Body>
  void CompileFunctionCode(const void* key, const std::string& name, const ast::Params& params,
                           SourceSpan span, bool method, Body body) {
    const FunctionScope& scope = res_.functions.at(key);
    int32_t num_defaults = 0, num_kw_defaults = 0;
    for (const auto& p : params.args) {
      if (p.default_value) {
        CompileExpr(*p.default_value);
        ++num_defaults;
      }
    }
    for (const auto& p : params.kwonly) {  // after the positional ones, in the same tuple
      if (p.default_value) {
        CompileExpr(*p.default_value);
        ++num_kw_defaults;
      }
    }
    span_ = span;
    if (num_defaults + num_kw_defaults > 0)
      Emit(Opcode::kBuildTuple, num_defaults + num_kw_defaults);
    // Its qualified name, as CPython's __qualname__ (argument errors and reprs show it).
    const Code& outer = code();
    std::string outer_q = code_index_ == module_code_ ? "" : outer.qualname.empty() ? outer.name
                                                                         : outer.qualname;
    std::string qual = method            ? absl::StrCat(class_name_, ".", name)
                       : outer_q.empty() ? name
                                         : absl::StrCat(outer_q, ".<locals>.", name);

    // Compile the body into a new code object.
    int32_t index = static_cast<int32_t>(prog_.codes.size());
    prog_.codes.emplace_back();
    int32_t saved_code = code_index_;
    int saved_depth = depth_;
    const FunctionScope* saved_fn = function_;
    std::vector<Block> saved_blocks = std::move(blocks_);
    std::vector<absl::flat_hash_map<std::string, int32_t>> saved_comps = std::move(comp_scopes_);
    std::vector<int32_t> saved_handled = std::move(handled_);
    comp_scopes_.clear();
    handled_.clear();
    bool saved_method = in_method_;
    in_method_ = method;
    blocks_.clear();
    code_index_ = index;
    function_ = &scope;
    depth_ = 0;
    Code& c = code();
    c.name = name;
    if (qual != name) c.qualname = qual;
    c.first_line = span.begin.line;
    c.local_names = scope.locals;
    c.num_params = static_cast<int32_t>(params.args.size());
    c.num_defaults = num_defaults;
    c.num_kwonly = static_cast<int32_t>(params.kwonly.size());
    for (const auto& p : params.kwonly) c.kwonly_has_default.push_back(p.default_value != nullptr);
    int32_t next_slot = c.num_params + c.num_kwonly;
    if (params.vararg) c.varargs_slot = next_slot++;
    if (params.kwarg) c.varkw_slot = next_slot++;
    if (scope.is_generator) {
      c.is_generator = true;
      c.gen_slot = HiddenSlot("generator");
      prog_.has_generators = true;
    }
    for (const auto& cell : scope.cells)
      c.cell_slots.push_back(static_cast<int32_t>(
          std::find(scope.locals.begin(), scope.locals.end(), cell) - scope.locals.begin()));
    for (const auto& free : scope.frees) c.free_slots.push_back(LocalSlot(free));
    body();
    code_index_ = saved_code;
    function_ = saved_fn;
    depth_ = saved_depth;
    blocks_ = std::move(saved_blocks);
    comp_scopes_ = std::move(saved_comps);
    handled_ = std::move(saved_handled);
    in_method_ = saved_method;

    span_ = span;
    uint8_t flags = num_defaults + num_kw_defaults > 0 ? 1 : 0;
    if (!scope.frees.empty()) {
      for (const auto& free : scope.frees) Emit(Opcode::kLoadClosure, DerefSlot(free));
      Emit(Opcode::kBuildTuple, static_cast<int32_t>(scope.frees.size()));
      flags |= 2;
    }
    Emit(Opcode::kMakeFunction, index, flags, method ? 1 : 0);
  }

  // The slot of a cell or free variable of the code being compiled.
  int32_t DerefSlot(const std::string& name) {
    const auto& names = code().local_names;
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) Fail(span_.begin, absl::StrCat("internal error: no cell for '", name, "'"));
    return static_cast<int32_t>(it - names.begin());
  }

  // Every new thread runs this: call target(*args, **kwargs), then end.
  void CompileBootstrap() {
    int32_t index = static_cast<int32_t>(prog_.codes.size());
    prog_.codes.emplace_back();
    code_index_ = index;
    depth_ = 0;
    Code& c = code();
    c.name = "<thread>";
    c.local_names = {"target", "args", "kwargs"};
    c.num_params = 3;
    span_ = {};
    Emit(Opcode::kThreadBegin);
    Emit(Opcode::kCallTarget);
    Emit(Opcode::kPopTop);
    Emit(Opcode::kThreadExit);
    code().max_stack += 1;
    prog_.bootstrap_code = index;
  }

  // ---- expressions ----------------------------------------------------------------------

  void CompileExpr(const Expr& e) {
    SourceSpan saved = span_;
    span_ = e.span;
    switch (e.kind) {
      case ExprKind::kName: LoadName(e.id); break;
      case ExprKind::kInt: {
        Constant c;
        c.kind = Constant::Kind::kInt;
        c.int_value = e.int_value;
        Emit(Opcode::kLoadConst, AddConstant(c));
        break;
      }
      case ExprKind::kFloat: {
        Constant c;
        c.kind = Constant::Kind::kFloat;
        c.float_value = e.float_value;
        Emit(Opcode::kLoadConst, AddConstant(c));
        break;
      }
      case ExprKind::kStr: Emit(Opcode::kLoadConst, StrConstant(e.str_value)); break;
      case ExprKind::kBool: {
        Constant c;
        c.kind = Constant::Kind::kBool;
        c.int_value = e.bool_value;
        Emit(Opcode::kLoadConst, AddConstant(c));
        break;
      }
      case ExprKind::kNone: LoadNone(); break;
      case ExprKind::kFString: {
        int32_t n = 0;
        for (const auto& part : e.elts) {
          if (part->kind == ExprKind::kStr) {
            if (part->str_value.empty()) continue;
            Emit(Opcode::kLoadConst, StrConstant(part->str_value));
          } else {
            CompileExpr(*part->operand);
            span_ = part->span;
            Emit(Opcode::kFormatValue, 0, 0, static_cast<uint16_t>(part->conversion));
          }
          ++n;
        }
        span_ = e.span;
        if (n == 0) Emit(Opcode::kLoadConst, StrConstant(""));
        else if (n > 1) Emit(Opcode::kBuildString, n);
        else if (e.elts.size() == 1 && e.elts[0]->kind != ExprKind::kStr) {
          // a lone {x}: already a str
        }
        break;
      }
      case ExprKind::kTuple:
      case ExprKind::kList:
        if (std::any_of(e.elts.begin(), e.elts.end(),
                        [](const ast::ExprPtr& x) { return x->kind == ExprKind::kStarred; })) {
          CompileStarredDisplay(e);
          break;
        }
        if (e.kind == ExprKind::kList) {
          for (const auto& x : e.elts) CompileExpr(*x);
          span_ = e.span;
          Emit(Opcode::kBuildList, static_cast<int32_t>(e.elts.size()));
          break;
        }
        for (const auto& x : e.elts) CompileExpr(*x);
        span_ = e.span;
        Emit(Opcode::kBuildTuple, static_cast<int32_t>(e.elts.size()));
        break;
      case ExprKind::kDict:
        if (std::any_of(e.keys.begin(), e.keys.end(),
                        [](const ast::ExprPtr& k) { return k == nullptr; })) {
          CompileUnpackingDict(e);
          break;
        }
        for (size_t i = 0; i < e.keys.size(); ++i) {
          CompileExpr(*e.keys[i]);
          CompileExpr(*e.elts[i]);
        }
        span_ = e.span;
        Emit(Opcode::kBuildDict, static_cast<int32_t>(e.keys.size()));
        break;
      case ExprKind::kSet:
        for (const auto& x : e.elts) CompileExpr(*x);
        span_ = e.span;
        Emit(Opcode::kBuildSet, static_cast<int32_t>(e.elts.size()));
        break;
      case ExprKind::kListComp:
      case ExprKind::kSetComp:
      case ExprKind::kDictComp:
        CompileComprehension(e);
        break;
      case ExprKind::kGeneratorExp: CompileGeneratorExp(e); break;
      case ExprKind::kYield:
        if (e.operand) CompileExpr(*e.operand);
        else LoadNone();
        span_ = e.span;
        Emit(Opcode::kYield);
        break;
      case ExprKind::kYieldFrom: CompileYieldFrom(e); break;
      case ExprKind::kLambda: CompileLambda(e); break;
      case ExprKind::kAttribute: {
        Builtin module, member;
        if (StableModule(*e.operand, &module)) {
          int32_t ext = BundledMembersOf(std::string(BuiltinShortName(module)));
          if (ext >= 0 && IsBundledMember(BuiltinShortName(module), e.str_value)) {
            span_ = e.span;
            LoadModuleAttr(ext, e.str_value);  // threading.Timer: the bundled module's class
            break;
          }
          if (!LookupModuleMember(module, e.str_value, &member)) {
            Fail(e.span.begin, absl::StrCat("unsupported in scenarios: ",
                                            UnmodelledMemberText(module, e.str_value)));
          }
          // b=1: threading.excepthook itself (not __excepthook__), which the program may
          // assign: CompileSource then loads it from its hidden global instead.
          Emit(Opcode::kLoadBuiltin, static_cast<int32_t>(member), 0,
               member == Builtin::kExceptHook && e.str_value == "excepthook" ? 1 : 0);
          break;
        }
        if (int32_t p = ModuleOf(*e.operand); p >= 0) {  // m.x: module m's global x
          CheckModuleChain(*e.operand);
          span_ = e.span;
          LoadModuleAttr(p, e.str_value);
          break;
        }
        CompileExpr(*e.operand);
        span_ = e.span;
        Emit(Opcode::kLoadAttr, StrConstant(e.str_value), 0,
             static_cast<uint16_t>(AttrFromName(e.str_value)));
        break;
      }
      case ExprKind::kSubscript:
        CompileExpr(*e.operand);
        if (e.index->kind == ExprKind::kSlice) {
          const Expr& sl = *e.index;
          auto bound = [&](const ast::ExprPtr& x) {
            if (x) CompileExpr(*x);
            else LoadNone();
          };
          bound(sl.lower);
          bound(sl.upper);
          if (sl.step) CompileExpr(*sl.step);
          span_ = e.span;
          Emit(Opcode::kSlice, 0, sl.step ? 3 : 2);
        } else {
          CompileExpr(*e.index);
          span_ = e.span;
          Emit(Opcode::kSubscr);
        }
        break;
      case ExprKind::kCall: CompileCall(e); break;
      case ExprKind::kBinOp:
        CompileExpr(*e.left);
        CompileExpr(*e.right);
        span_ = e.span;
        Emit(Opcode::kBinary, 0, static_cast<uint8_t>(e.op));
        break;
      case ExprKind::kUnaryOp:
        CompileExpr(*e.operand);
        span_ = e.span;
        Emit(Opcode::kUnary, 0, static_cast<uint8_t>(e.op));
        break;
      case ExprKind::kBoolOp: {
        std::vector<int32_t> jumps;
        for (size_t i = 0; i < e.elts.size(); ++i) {
          CompileExpr(*e.elts[i]);
          span_ = e.span;
          if (i + 1 < e.elts.size()) {
            jumps.push_back(Emit(e.op == ast::Op::kAnd ? Opcode::kJumpIfFalseOrPop
                                                       : Opcode::kJumpIfTrueOrPop));
          }
        }
        for (int32_t j : jumps) Patch(j, pc());
        break;
      }
      case ExprKind::kCompare: CompileCompare(e); break;
      case ExprKind::kIfExp: {
        CompileExpr(*e.test);
        int32_t to_else = Emit(Opcode::kPopJumpIfFalse);
        CompileExpr(*e.body);
        span_ = e.span;
        int32_t to_end = Emit(Opcode::kJump);
        --depth_;
        Patch(to_else, pc());
        CompileExpr(*e.orelse);
        Patch(to_end, pc());
        break;
      }
      default:
        Fail(e.span.begin, "unsupported in scenarios: this expression");
    }
    span_ = saved;
  }

  void EmitCompareOp(ast::Op op) {
    switch (op) {
      case ast::Op::kIn: Emit(Opcode::kContains); break;
      case ast::Op::kNotIn: Emit(Opcode::kContains, 0, 0, 1); break;
      case ast::Op::kIs: Emit(Opcode::kIs); break;
      case ast::Op::kIsNot: Emit(Opcode::kIs, 0, 0, 1); break;
      default: Emit(Opcode::kCompare, 0, static_cast<uint8_t>(op)); break;
    }
  }

  void CompileCompare(const Expr& e) {
    CompileExpr(*e.left);
    if (e.ops.size() == 1) {
      CompileExpr(*e.elts[0]);
      span_ = e.span;
      EmitCompareOp(e.ops[0]);
      return;
    }
    // a < b < c: each middle operand is evaluated once.
    std::vector<int32_t> cleanups;
    for (size_t i = 0; i < e.ops.size(); ++i) {
      CompileExpr(*e.elts[i]);
      span_ = e.span;
      if (i + 1 < e.ops.size()) {
        Emit(Opcode::kDupTop);
        Emit(Opcode::kRotThree);
        EmitCompareOp(e.ops[i]);
        cleanups.push_back(Emit(Opcode::kJumpIfFalseOrPop));
      } else {
        EmitCompareOp(e.ops[i]);
      }
    }
    int32_t to_end = Emit(Opcode::kJump);
    for (int32_t c : cleanups) Patch(c, pc());
    // Short-circuit: [middle, False] -> [False]
    ++depth_;
    Emit(Opcode::kRotTwo);
    Emit(Opcode::kPopTop);
    Patch(to_end, pc());
  }

  // A list, set or dict comprehension, inlined into the enclosing code as CPython 3.12+ does
  // (PEP 709): the fresh collection below the loops' iterators, each item added to it.
  void CompileComprehension(const Expr& e) {
    const Opcode build = e.kind == ExprKind::kListComp  ? Opcode::kBuildList
                         : e.kind == ExprKind::kSetComp ? Opcode::kBuildSet
                                                        : Opcode::kBuildDict;
    Emit(build, 0);
    comp_scopes_.emplace_back();
    std::vector<std::pair<int32_t, int32_t>> loops;  // (top, for_iter)
    int nesting = 0;
    for (const auto& g : e.generators) {
      CompileExpr(*g.iter);
      span_ = g.iter->span;
      Emit(Opcode::kGetIter);
      int32_t top = pc();
      int32_t for_iter = Emit(Opcode::kForIter);
      ++nesting;
      // Comprehension variables are hidden locals of the enclosing code (PEP 709).
      std::vector<std::string> names;
      CollectTargetNames(*g.target, names);
      for (const auto& n : names) comp_scopes_.back()[n] = HiddenSlot(n);
      CompileStore(*g.target);
      for (const auto& cond : g.ifs) {
        CompileExpr(*cond);
        Emit(Opcode::kPopJumpIfFalse, top);
      }
      loops.push_back({top, for_iter});
    }
    CompileExpr(*e.elt);
    if (e.kind == ExprKind::kDictComp) CompileExpr(*e.value);  // the key first (3.8+)
    span_ = e.span;
    Emit(e.kind == ExprKind::kListComp  ? Opcode::kListAppend
         : e.kind == ExprKind::kSetComp ? Opcode::kSetAdd
                                        : Opcode::kMapAdd,
         1 + 3 * nesting);
    for (size_t i = loops.size(); i-- > 0;) {
      Emit(Opcode::kJump, loops[i].first);
      Patch(loops[i].second, pc());
      depth_ -= 3;  // this level's iterator is gone
    }
    comp_scopes_.pop_back();
  }

  // (elt for t in it ...): a generator function of its own, called with the first iterable
  // (CPython passes iter() of it; here the function's first loop asks for the iterator).
  void CompileGeneratorExp(const Expr& e) {
    ast::Params params;
    params.args.emplace_back();
    params.args.back().name = ".0";
    CompileFunctionCode(&e, "<genexpr>", params, e.span, false, [&]() {
      std::vector<std::pair<int32_t, int32_t>> loops;  // (top, for_iter)
      for (size_t i = 0; i < e.generators.size(); ++i) {
        const ast::Comprehension& g = e.generators[i];
        if (i == 0) Emit(Opcode::kLoadFast, 0);
        else CompileExpr(*g.iter);
        span_ = g.iter->span;
        Emit(Opcode::kGetIter);
        int32_t top = pc();
        loops.push_back({top, Emit(Opcode::kForIter)});
        CompileStore(*g.target);
        for (const auto& cond : g.ifs) {
          CompileExpr(*cond);
          Emit(Opcode::kPopJumpIfFalse, top);
        }
      }
      CompileExpr(*e.elt);
      span_ = e.span;
      Emit(Opcode::kYield);
      Emit(Opcode::kPopTop);
      for (size_t i = loops.size(); i-- > 0;) {
        Emit(Opcode::kJump, loops[i].first);
        Patch(loops[i].second, pc());
        depth_ -= 3;
      }
      LoadNone();
      Emit(Opcode::kReturnValue);
    });
    CompileExpr(*e.generators[0].iter);
    span_ = e.span;
    Emit(Opcode::kCall, -1, 1, 0);
  }

  // yield from x: a generator is sent to until it returns (kYieldFrom delegates); any other
  // iterable is `for v in x: yield v`, the values sent to it dropped.
  void CompileYieldFrom(const Expr& e) {
    CompileExpr(*e.operand);
    span_ = e.span;
    Emit(Opcode::kGetIter);
    const int base = depth_ - 3;
    LoadNone();
    int32_t loop = pc();
    int32_t delegate = Emit(Opcode::kYieldFrom);
    int32_t next = Emit(Opcode::kForIter);
    Emit(Opcode::kYield);
    Emit(Opcode::kJump, loop);
    Patch(next, pc());
    depth_ = base;
    LoadNone();
    Patch(delegate, pc());
  }

  void CollectTargetNames(const Expr& e, std::vector<std::string>& out) {
    if (e.kind == ExprKind::kName) out.push_back(e.id);
    if (e.kind == ExprKind::kTuple || e.kind == ExprKind::kList)
      for (const auto& x : e.elts) CollectTargetNames(*x, out);
  }

  void CompileCall(const Expr& e) {
    const Expr& f = *e.operand;
    if (e.elts.size() > 255) Fail(e.span.begin, "too many arguments (the limit is 255)");
    // super() in a method: super(__class__, <first argument>), as CPython's compiler does.
    if (f.kind == ExprKind::kName && f.id == "super" && e.elts.empty() && e.keywords.empty() &&
        in_method_ && code().num_params > 0 && Lookup("super").where == Where::kBuiltin) {
      Emit(Opcode::kLoadBuiltin, static_cast<int32_t>(Builtin::kSuper));
      int32_t slot = LocalSlot("__class__");
      code().class_slot = slot;
      Emit(Opcode::kLoadFast, slot);
      Emit(Opcode::kLoadFast, 0);
      span_ = e.span;
      Emit(Opcode::kCall, -1, 2, static_cast<uint16_t>(static_cast<int>(Builtin::kSuper) + 1));
      return;
    }
    bool starred = std::any_of(e.elts.begin(), e.elts.end(),
                               [](const ast::ExprPtr& a) { return a->kind == ExprKind::kStarred; });
    for (const auto& k : e.keywords) starred |= k.arg.empty();
    if (starred) return CompileCallEx(e);
    bool method = false;
    Builtin module;
    // What is called, for the analyses that read the bytecode (checker/por_facts.cc): a method's
    // Attr, or a builtin callee's Builtin + 1 (0: a callee known only at run time).
    uint16_t callee = 0;
    if (f.kind == ExprKind::kAttribute && !StableModule(*f.operand, &module) &&
        ModuleOf(*f.operand) < 0) {
      CompileExpr(*f.operand);
      span_ = f.span;
      callee = static_cast<uint16_t>(AttrFromName(f.str_value));
      Emit(Opcode::kLoadMethod, StrConstant(f.str_value), 0, callee);
      method = true;
    } else {
      int32_t at = pc();
      CompileExpr(f);
      const Instr& loaded = code().instrs.back();
      if (pc() == at + 1 && loaded.op == Opcode::kLoadBuiltin)
        callee = static_cast<uint16_t>(loaded.arg + 1);
    }
    if (callee != 0 && !method) {  // getattr(x, "name"): the names, for checker/por_facts.cc
      const Builtin b = static_cast<Builtin>(callee - 1);
      if (b == Builtin::kGetattr || b == Builtin::kSetattr || b == Builtin::kHasattr ||
          b == Builtin::kDelattr) {
        if (e.elts.size() >= 2 && e.elts[1]->kind == ExprKind::kStr)
          prog_.attr_builtin_names.push_back(e.elts[1]->str_value);
        else
          prog_.attr_builtin_computed = true;
      }
    }
    for (const auto& a : e.elts) CompileExpr(*a);
    int32_t kw = -1;
    if (!e.keywords.empty()) {
      std::vector<std::string> names;
      for (const auto& k : e.keywords) {
        if (std::find(names.begin(), names.end(), k.arg) != names.end())
          Fail(k.span.begin, absl::StrCat("keyword argument repeated: ", k.arg));
        names.push_back(k.arg);
        CompileExpr(*k.value);
      }
      kw = static_cast<int32_t>(prog_.kwnames.size());
      prog_.kwnames.push_back(std::move(names));
    }
    span_ = e.span;
    int total = static_cast<int>(e.elts.size() + e.keywords.size());
    if (total > 255) Fail(e.span.begin, "too many arguments (the limit is 255)");
    Emit(method ? Opcode::kCallMethod : Opcode::kCall, kw, static_cast<uint8_t>(total), callee);
  }

  // [a, *xs] and (a, *xs): a list extended in order (a tuple: tuple() of it, called directly).
  void CompileStarredDisplay(const Expr& e) {
    const bool tuple = e.kind == ExprKind::kTuple;
    if (tuple) Emit(Opcode::kLoadBuiltin, static_cast<int32_t>(Builtin::kTupleType));
    Emit(Opcode::kBuildList, 0);
    for (const auto& x : e.elts) {
      if (x->kind == ExprKind::kStarred) {
        CompileExpr(*x->operand);
        span_ = x->span;
        Emit(Opcode::kListExtend, 0, 0, /*display=*/1);
      } else {
        CompileExpr(*x);
        Emit(Opcode::kListAppend, 1);
      }
    }
    span_ = e.span;
    if (tuple)
      Emit(Opcode::kCall, -1, 1, static_cast<uint16_t>(static_cast<int>(Builtin::kTupleType) + 1));
  }

  // {k: v, **m}: merged in order, a later key winning.
  void CompileUnpackingDict(const Expr& e) {
    Emit(Opcode::kBuildDict, 0);
    for (size_t i = 0; i < e.keys.size(); ++i) {
      if (e.keys[i]) CompileExpr(*e.keys[i]);
      CompileExpr(*e.elts[i]);
      span_ = e.keys[i] ? e.keys[i]->span : e.elts[i]->span;
      Emit(Opcode::kDictMerge, 0, e.keys[i] ? 1 : 0, /*display=*/1);
    }
  }

  // f(a, *xs, k=v, **kw): the positional arguments are gathered into a list and the keywords
  // into a dict, in source order (CPython's CALL_FUNCTION_EX).
  void CompileCallEx(const Expr& e) {
    CompileExpr(*e.operand);
    span_ = e.span;
    Emit(Opcode::kBuildList, 0);
    for (const auto& a : e.elts) {
      if (a->kind == ExprKind::kStarred) {
        CompileExpr(*a->operand);
        span_ = a->span;
        Emit(Opcode::kListExtend);
      } else {
        CompileExpr(*a);
        Emit(Opcode::kListAppend, 1);
      }
    }
    const bool keywords = !e.keywords.empty();
    if (keywords) {
      span_ = e.span;
      Emit(Opcode::kBuildDict, 0);
      std::vector<std::string> names;
      for (const auto& k : e.keywords) {
        if (k.arg.empty()) {
          CompileExpr(*k.value);
          span_ = k.span;
          Emit(Opcode::kDictMerge, 0, 0);
          continue;
        }
        if (std::find(names.begin(), names.end(), k.arg) != names.end())
          Fail(k.span.begin, absl::StrCat("keyword argument repeated: ", k.arg));
        names.push_back(k.arg);
        Emit(Opcode::kLoadConst, StrConstant(k.arg));
        CompileExpr(*k.value);
        span_ = k.span;
        Emit(Opcode::kDictMerge, 0, 1);
      }
    }
    span_ = e.span;
    Emit(Opcode::kCallEx, 0, keywords ? 1 : 0);
  }

  const Resolution& res_;
  Program& prog_;
  Layout& layout_;
  int32_t module_ = 0;        // this module's index in Program::modules
  int32_t module_code_ = 0;   // the code of its top-level statements
  bool checking_chain_ = false;
  int32_t code_index_ = 0;
  int depth_ = 0;
  SourceSpan span_;
  const FunctionScope* function_ = nullptr;
  bool in_method_ = false;  // compiling a function defined in a class body
  std::string class_name_;  // the class statement being compiled
  std::vector<Block> blocks_;
  std::vector<size_t> reopen_;  // blocks whose regions reopen after the current jump
  std::vector<int32_t> handled_;  // slots holding the exceptions of the enclosing handlers
  std::vector<absl::flat_hash_map<std::string, int32_t>> comp_scopes_;
  absl::flat_hash_map<std::string, Builtin> module_globals_;  // `import threading`
  int hidden_counter_ = 0;
  int32_t next_with_id_ = 0;
};

// The names import statements of module k bind to one user module each, and nothing else
// binds (Layout::aliases).
void CollectAliases(const ast::Body& body, const ModuleGraph& g, const Resolution& res,
                    absl::flat_hash_map<std::string, int32_t>& out,
                    absl::flat_hash_set<std::string>& conflicts) {
  auto bind = [&](const std::string& name, int32_t m) {
    if (res.bound_otherwise.contains(name)) return;
    auto [it, inserted] = out.emplace(name, m);
    if (!inserted && it->second != m) conflicts.insert(name);
  };
  for (const auto& s : body) {
    switch (s->kind) {
      case StmtKind::kImport:
      case StmtKind::kImportFrom:
        for (const auto& a : s->aliases) {
          auto it = g.alias_module.find(&a);
          if (it == g.alias_module.end()) {
            // Any other name an import binds (a module global, a modelled module) is no alias.
            std::string name = !a.asname.empty() ? a.asname
                               : s->kind == StmtKind::kImport ? a.name.substr(0, a.name.find('.'))
                                                              : a.name;
            if (out.contains(name)) conflicts.insert(name);
            else out.emplace(name, -1);
            continue;
          }
          int32_t m = it->second;
          if (s->kind == StmtKind::kImport && a.asname.empty()) {
            while (g.units[m].parent >= 0) m = g.units[m].parent;
            bind(a.name.substr(0, a.name.find('.')), m);
          } else {
            bind(a.asname.empty() ? a.name : a.asname, m);
          }
        }
        break;
      case StmtKind::kFunctionDef:
      case StmtKind::kClassDef: break;
      case StmtKind::kTry:
        CollectAliases(s->body, g, res, out, conflicts);
        for (const auto& h : s->handlers) CollectAliases(h.body, g, res, out, conflicts);
        CollectAliases(s->orelse, g, res, out, conflicts);
        CollectAliases(s->finalbody, g, res, out, conflicts);
        break;
      default:
        CollectAliases(s->body, g, res, out, conflicts);
        CollectAliases(s->orelse, g, res, out, conflicts);
        break;
    }
  }
}

// The global slots of every module (Program::modules): the scenario's globals first, as
// without imports, then per imported module its sys.modules entry, its globals ("m.x") and
// its submodules.
std::vector<Diagnostic> LayOut(const ModuleGraph& g, const std::vector<Resolution>& res,
                               Layout& layout, Program& prog) {
  std::vector<Diagnostic> errors;
  const size_t n = g.units.size();
  prog.global_names = res[0].globals;
  prog.global_stable = res[0].stable;
  prog.class_attrs.assign(static_cast<size_t>(Attr::kAttrCount), false);
  prog.modules.assign(n, ModuleInfo{});
  layout.base.assign(n, 0);
  // Module globals bound once, before any thread exists, are stable (DESIGN.md): when no
  // module's top-level code may start a thread and the scenario imports every user module
  // before it may start one, each module's code runs alone.
  bool alone = !res[0].user_import_after_start;
  for (size_t k = 1; k < n; ++k) alone &= !res[k].top_level_may_start;
  auto add = [&](std::string name, bool stable) {
    prog.global_names.push_back(std::move(name));
    prog.global_stable.push_back(stable && !layout.module_values);
    return static_cast<int32_t>(prog.global_names.size() - 1);
  };
  for (size_t k = 0; k < n; ++k) {
    ModuleInfo& mod = prog.modules[k];
    mod.name = g.units[k].name;
    mod.path = g.units[k].source->path();
    mod.parent = g.units[k].parent;
    if (k == 0) {
      for (size_t i = 0; i < res[0].globals.size(); ++i)
        mod.attrs[res[0].globals[i]] = static_cast<int32_t>(i);
      continue;
    }
    mod.slot = add(absl::StrCat("sys.modules['", mod.name, "']"), false);
    layout.base[k] = static_cast<int32_t>(prog.global_names.size());
    for (size_t i = 0; i < res[k].globals.size(); ++i)
      mod.attrs[res[k].globals[i]] =
          add(absl::StrCat(mod.name, ".", res[k].globals[i]), alone && res[k].stable[i]);
  }
  for (size_t j = 1; j < n; ++j) {
    int32_t p = g.units[j].parent;
    if (p < 0) continue;
    std::string sub = g.units[j].name.substr(g.units[j].name.rfind('.') + 1);
    if (res[p].bound_otherwise.contains(sub)) {
      errors.push_back({absl::StrCat("unsupported in scenarios: package '", g.units[p].name,
                                     "' binds the name '", sub, "' of its submodule '",
                                     g.units[j].name, "'"),
                        g.units[p].source->path(), 0, 0});
      continue;
    }
    if (!prog.modules[p].attrs.contains(sub))
      prog.modules[p].attrs[sub] = add(absl::StrCat(g.units[p].name, ".", sub), alone);
  }
  for (const auto& [p, name] : layout.extra_attrs) {
    if (!prog.modules[p].attrs.contains(name))
      prog.modules[p].attrs[name] = add(absl::StrCat(g.units[p].name, ".", name), false);
  }
  for (int32_t slot : layout.stored) prog.global_stable[slot] = false;
  layout.aliases.assign(n, {});
  for (size_t k = 0; k < n; ++k) {
    absl::flat_hash_set<std::string> conflicts;
    CollectAliases(g.units[k].ast->body, g, res[k], layout.aliases[k], conflicts);
    for (const std::string& c : conflicts) layout.aliases[k].erase(c);
    absl::erase_if(layout.aliases[k], [](const auto& kv) { return kv.second < 0; });
  }
  return errors;
}

// Whether some instruction of the program satisfies `pred`.
template <typename Pred>
bool AnyInstr(const Program& program, Pred pred) {
  for (const Code& c : program.codes)
    for (const Instr& in : c.instrs)
      if (pred(in)) return true;
  return false;
}

// A global no name of the program can reach (a primitive's state the VM keeps there): its slot.
int32_t AddHiddenGlobal(Program& program, std::string name, bool stable) {
  program.global_names.push_back(std::move(name));
  program.global_stable.push_back(stable);
  return static_cast<int32_t>(program.global_names.size() - 1);
}

}  // namespace

CompileResult CompileSource(std::shared_ptr<const SourceFile> source,
                            const std::vector<std::string>& search_path) {
  CompileResult result;
  result.sources.push_back(source);
  ParseResult parsed = Parse(*source);
  if (!parsed.errors.empty()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  result.description = parsed.module->docstring;
  ModuleGraph graph = LoadModules(source, std::move(parsed.module), search_path);
  result.sources.clear();
  for (const ModuleUnit& u : graph.units) result.sources.push_back(u.source);
  if (!graph.errors.empty()) {
    result.errors = std::move(graph.errors);
    return result;
  }
  // Importing a user module runs its code: when some module's top-level code may start a
  // thread, every import of one may, and the modules are resolved again knowing it.
  UserImports user{&graph.alias_module, &graph.from_module, false};
  std::vector<Resolution> res;
  for (int round = 0; round < 2; ++round) {
    res.clear();
    for (const ModuleUnit& u : graph.units) res.push_back(Resolve(*u.ast, *u.source, user));
    bool starts = false;
    for (size_t k = 1; k < res.size(); ++k) starts |= res[k].top_level_may_start;
    if (!starts || user.may_start) break;
    user.may_start = true;
  }
  for (Resolution& r : res)
    for (Diagnostic& d : r.errors) result.errors.push_back(std::move(d));
  if (!result.errors.empty()) return result;
  // Compiled twice when there are user modules: the first compilation learns which module
  // attributes are named from outside, written, or reached through module values (Layout).
  Layout layout;
  layout.graph = &graph;
  layout.res = &res;
  const int passes = graph.units.size() > 1 ? 2 : 1;
  std::unique_ptr<Program> program;
  for (int pass = 0; pass < passes; ++pass) {
    program = std::make_unique<Program>();
    program->source = source;
    program->sources = result.sources;
    std::vector<Diagnostic> errors = LayOut(graph, res, layout, *program);
    if (!errors.empty()) {
      result.errors = std::move(errors);
      return result;
    }
    for (size_t k = 0; k < graph.units.size(); ++k) {
      size_t first = program->codes.size();
      try {
        Compiler(res[k], *program, layout, static_cast<int32_t>(k))
            .CompileModule(*graph.units[k].ast);
      } catch (const CompileError& e) {
        result.errors.push_back({e.message, graph.units[k].source->path(), e.at.line,
                                 e.at.column});
        return result;
      }
      // Every instruction's span names its file (traces, stacks and reports read it).
      for (size_t c = first; c < program->codes.size(); ++c) {
        for (InstrInfo& info : program->codes[c].info) {
          info.span.begin.file = static_cast<int32_t>(k);
          info.span.end.file = static_cast<int32_t>(k);
        }
      }
    }
  }
  program->module_values = layout.module_values;
  // threading.excepthook = hook (scenarios/vm/excepthook.cc): the hook lives in a hidden
  // global, written only while the main thread runs alone, so reading it is no scheduling
  // point; the reads of `threading.excepthook` load it. Programs that assign no attribute
  // named excepthook keep their layout.
  if (AnyInstr(*program, [&](const Instr& in) {
        return in.op == Opcode::kStoreAttr && program->constants[in.arg].str_value == "excepthook";
      })) {
    const int32_t slot = AddHiddenGlobal(*program, "threading.excepthook", /*stable=*/true);
    program->excepthook_slot = slot;
    for (Code& c : program->codes) {
      for (Instr& in : c.instrs) {
        if (in.op == Opcode::kLoadBuiltin && in.b == 1 &&
            static_cast<Builtin>(in.arg) == Builtin::kExceptHook) {
          in.op = Opcode::kLoadGlobalStable;
          in.arg = slot;
          in.b = 0;
        } else if (in.op == Opcode::kCall &&
                   in.b == static_cast<uint16_t>(Builtin::kExceptHook) + 1) {
          in.b = 0;  // threading.excepthook(args) may call the program's hook
        }
      }
    }
  }
  // _thread.interrupt_main (scenarios/vm/interrupt.cc): its pending flag is a hidden global.
  if (AnyInstr(*program, [](const Instr& in) {
        return in.op == Opcode::kLoadBuiltin &&
               static_cast<Builtin>(in.arg) == Builtin::kInterruptMain;
      })) {
    program->interrupt_slot = AddHiddenGlobal(*program, "_thread.interrupt_main", /*stable=*/false);
  }
  result.program = std::move(program);
  return result;
}

}  // namespace lockcheck
