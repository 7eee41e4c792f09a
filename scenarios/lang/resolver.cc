#include "scenarios/lang/resolver.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "scenarios/lang/bundled.h"
#include "scenarios/lang/sandbox.h"

namespace lockcheck {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Stmt;
using ast::StmtKind;

class Resolver {
 public:
  Resolver(const ast::Module& module, const SourceFile& source, const UserImports& user)
      : module_(module), source_(source), user_(user) {}

  Resolution Run() {
    // Pass 1: who binds what.
    for (const auto& s : module_.body) CollectModuleBindings(*s, /*in_function=*/nullptr);
    // Pass 2: every reference resolves, every construct is in the subset.
    for (const auto& s : module_.body) CheckStmt(*s, nullptr);
    ComputeStable();
    res_.top_level_may_start = first_start_ != 0;
    std::stable_sort(res_.errors.begin(), res_.errors.end(), [](const Diagnostic& a,
                                                                const Diagnostic& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return std::move(res_);
  }

 private:
  void Error(SourceLoc at, std::string message) {
    res_.errors.push_back({std::move(message), source_.path(), at.line, at.column});
  }
  void Unsupported(SourceLoc at, absl::string_view what) {
    Error(at, absl::StrCat("unsupported in scenarios: ", what));
  }

  int AddGlobal(const std::string& name) {
    auto [it, inserted] = res_.global_index.emplace(name, static_cast<int>(res_.globals.size()));
    if (inserted) {
      res_.globals.push_back(name);
      bind_positions_.emplace_back();
    }
    return it->second;
  }

  // ---- pass 1 -------------------------------------------------------------------------

  // Names a target expression binds.
  void TargetNames(const Expr& e, std::vector<std::string>& out) {
    switch (e.kind) {
      case ExprKind::kName: out.push_back(e.id); break;
      case ExprKind::kTuple:
      case ExprKind::kList:
        for (const auto& x : e.elts) TargetNames(*x, out);
        break;
      case ExprKind::kStarred:
        if (e.operand) TargetNames(*e.operand, out);
        break;
      default: break;  // attributes and subscripts bind no name
    }
  }

  // Binds `name` in the scope: a module global, or a function local unless declared global.
  void Bind(const std::string& name, FunctionScope* fn) {
    if (!binding_import_ && (fn == nullptr || fn->declared_global.contains(name)))
      res_.bound_otherwise.insert(name);
    if (fn == nullptr) {
      int g = AddGlobal(name);
      bind_positions_[g].push_back(position_);
      return;
    }
    if (fn->declared_nonlocal.contains(name)) return;  // an enclosing function's
    if (fn->declared_global.contains(name)) {
      int g = AddGlobal(name);
      bind_positions_[g].push_back(kInFunction);
      return;
    }
    if (std::find(fn->locals.begin(), fn->locals.end(), name) == fn->locals.end()) {
      fn->locals.push_back(name);
    }
  }

  void CollectBody(const ast::Body& body, FunctionScope* fn) {
    for (const auto& s : body) CollectModuleBindings(*s, fn);
  }

  void CollectModuleBindings(const Stmt& s, FunctionScope* fn) {
    bool top = fn == nullptr && depth_ == 0;
    // Position in the straight-line order of module code (loops count as one position).
    if (top) ++position_;
    std::vector<std::string> names;
    switch (s.kind) {
      case StmtKind::kAssign:
        for (const auto& t : s.targets) TargetNames(*t, names);
        break;
      case StmtKind::kAugAssign:
      case StmtKind::kAnnAssign:
        if (s.target) TargetNames(*s.target, names);
        break;
      case StmtKind::kFor:
        TargetNames(*s.target, names);
        break;
      case StmtKind::kDelete:  // `del x` binds x as assignment does (a local in a function)
        for (const auto& t : s.targets) TargetNames(*t, names);
        break;
      case StmtKind::kWith:
        for (const auto& item : s.items)
          if (item.target) TargetNames(*item.target, names);
        break;
      case StmtKind::kGlobal:
        if (fn != nullptr)
          for (const auto& n : s.names) fn->declared_global.insert(n);
        break;
      case StmtKind::kImport:
      case StmtKind::kImportFrom:
        for (const auto& a : s.aliases) {
          if (a.name == "*") continue;
          Builtin module, member;
          if (s.kind == StmtKind::kImportFrom && LookupBuiltinName(s.module, &module) &&
              LookupModuleMember(module, a.name, &member)) {
            imported_names_[a.asname.empty() ? a.name : a.asname] = member;
          }
          if (IsUserImport(s, a))
            user_module_names_.insert(a.asname.empty() ? a.name.substr(0, a.name.find('.'))
                                                       : a.asname);
          if (!a.asname.empty()) {
            names.push_back(a.asname);
          } else {
            std::vector<std::string> parts = absl::StrSplit(a.name, '.');
            names.push_back(parts[0]);
          }
        }
        break;
      case StmtKind::kFunctionDef:
      case StmtKind::kClassDef:
        names.push_back(s.name);
        break;
      default: break;
    }
    binding_import_ = s.kind == StmtKind::kImport || s.kind == StmtKind::kImportFrom;
    for (const auto& n : names) Bind(n, fn);
    binding_import_ = false;

    if (s.kind == StmtKind::kClassDef) {
      if (fn != nullptr) return;  // classes inside functions are refused in pass 2
      // A class body binds no module names; its methods are functions of their own.
      for (const auto& member : s.body) {
        if (member->kind == StmtKind::kFunctionDef) CollectFunction(*member, nullptr);
      }
      return;
    }
    if (s.kind == StmtKind::kFunctionDef) {
      CollectFunction(s, fn == nullptr ? nullptr : fn->key);
      return;
    }

    bool loop = s.kind == StmtKind::kWhile || s.kind == StmtKind::kFor;
    if (top && loop) ++depth_;  // a loop body is one position: it may run after a start
    if (s.kind == StmtKind::kTry) {
      CollectBody(s.body, fn);
      for (const auto& h : s.handlers) {
        if (!h.name.empty()) Bind(h.name, fn);
        CollectBody(h.body, fn);
      }
      CollectBody(s.orelse, fn);
      CollectBody(s.finalbody, fn);
    } else if (s.kind != StmtKind::kClassDef) {
      CollectBody(s.body, fn);
      CollectBody(s.orelse, fn);
    }
    if (top && loop) --depth_;
  }

  void CollectFunction(const Stmt& s, const void* parent) {
    FunctionScope& scope = res_.functions[&s];
    scope.key = &s;
    scope.parent = parent;
    // `global` declarations apply to the whole function body, wherever they stand.
    CollectGlobals(s.body, scope);
    if (s.params) {
      for (const auto& p : s.params->posonly) scope.locals.push_back(p.name);
      AddParams(*s.params, scope);
    }
    ++depth_;
    CollectBody(s.body, &scope);
    --depth_;
  }

  // The parameters' locals, in CPython's order: positional, keyword-only, *args, **kwargs.
  static void AddParams(const ast::Params& p, FunctionScope& scope) {
    for (const auto& a : p.args) scope.locals.push_back(a.name);
    for (const auto& a : p.kwonly) scope.locals.push_back(a.name);
    if (p.vararg) scope.locals.push_back(p.vararg->name);
    if (p.kwarg) scope.locals.push_back(p.kwarg->name);
  }

  void CollectGlobals(const ast::Body& body, FunctionScope& scope) {
    for (const auto& s : body) {
      if (s->kind == StmtKind::kGlobal)
        for (const auto& n : s->names) scope.declared_global.insert(n);
      if (s->kind == StmtKind::kNonlocal)
        for (const auto& n : s->names) scope.declared_nonlocal.insert(n);
      if (s->kind == StmtKind::kFunctionDef || s->kind == StmtKind::kClassDef) continue;
      CollectGlobals(s->body, scope);
      CollectGlobals(s->orelse, scope);
      CollectGlobals(s->finalbody, scope);
      for (const auto& h : s->handlers) CollectGlobals(h.body, scope);
    }
  }

  // ---- pass 2 -------------------------------------------------------------------------

  void CheckBody(const ast::Body& body, const void* fn) {
    for (const auto& s : body) CheckStmt(*s, fn);
  }

  void CheckStmt(const Stmt& s, const void* fn) {
    bool top = fn == nullptr && depth2_ == 0;
    if (top) {
      ++position2_;
      if (HeaderMayStart(s)) NoteStart();
    }
    SourceLoc at = s.span.begin;
    switch (s.kind) {
      case StmtKind::kExpr: CheckExpr(*s.value, fn); break;
      case StmtKind::kAssign:
        for (const auto& t : s.targets) CheckTarget(*t, fn);
        CheckExpr(*s.value, fn);
        break;
      case StmtKind::kAugAssign:
        CheckTarget(*s.target, fn);
        if (s.op == ast::Op::kMatMul) Unsupported(at, "the @ operator");
        CheckExpr(*s.target, fn);
        CheckExpr(*s.value, fn);
        break;
      case StmtKind::kAnnAssign:
        CheckTarget(*s.target, fn);
        if (s.value) CheckExpr(*s.value, fn);
        break;
      case StmtKind::kPass:
      case StmtKind::kBreak:
      case StmtKind::kContinue:
        break;
      case StmtKind::kReturn:
        if (fn == nullptr) Error(at, "'return' outside function");
        if (s.value) CheckExpr(*s.value, fn);
        break;
      case StmtKind::kIf:
      case StmtKind::kWhile:
        CheckExpr(*s.test, fn);
        CheckLoopBody(s, fn, top);
        break;
      case StmtKind::kFor:
        if (s.is_async) Unsupported(at, "async for");
        CheckTarget(*s.target, fn);
        CheckExpr(*s.iter, fn);
        CheckLoopBody(s, fn, top);
        break;
      case StmtKind::kWith:
        if (s.is_async) Unsupported(at, "async with");
        for (const auto& item : s.items) {
          CheckExpr(*item.context, fn);
          if (item.target) CheckTarget(*item.target, fn);
        }
        CheckBody(s.body, fn);
        break;
      case StmtKind::kAssert:
        CheckExpr(*s.test, fn);
        if (s.msg) CheckExpr(*s.msg, fn);
        break;
      case StmtKind::kGlobal:
        CheckGlobal(s, fn);
        break;
      case StmtKind::kNonlocal:
        if (fn == nullptr) {
          Error(at, "nonlocal declaration not allowed at module level");
          break;
        }
        for (size_t i = 0; i < s.names.size(); ++i) {
          if (!ResolveFree(fn, s.names[i]))
            Error(s.name_spans[i].begin, absl::StrCat("no binding for nonlocal '", s.names[i],
                                                      "' found"));
        }
        break;
      case StmtKind::kFunctionDef: CheckFunction(s, fn); break;  // (nested: a closure)
      case StmtKind::kClassDef: CheckClass(s, fn); break;
      case StmtKind::kTry:
        if (s.is_star) Unsupported(at, "except*");
        CheckBody(s.body, fn);
        for (const auto& h : s.handlers) {
          if (h.type) CheckExpr(*h.type, fn);
          CheckBody(h.body, fn);
        }
        CheckBody(s.orelse, fn);
        CheckBody(s.finalbody, fn);
        break;
      case StmtKind::kRaise:
        if (s.exc) CheckExpr(*s.exc, fn);
        if (s.cause) CheckExpr(*s.cause, fn);
        break;
      case StmtKind::kImport:
      case StmtKind::kImportFrom: CheckImport(s, fn); break;
      case StmtKind::kDelete:
        for (const auto& t : s.targets) CheckDeleteTarget(*t, fn);
        break;
      case StmtKind::kMatch: Unsupported(at, "match statements"); break;
      case StmtKind::kTypeAlias: Unsupported(at, "type aliases"); break;
    }
  }

  void CheckLoopBody(const Stmt& s, const void* fn, bool top) {
    bool loop = s.kind == StmtKind::kWhile || s.kind == StmtKind::kFor;
    if (top && loop) ++depth2_;
    CheckBody(s.body, fn);
    CheckBody(s.orelse, fn);
    if (top && loop) --depth2_;
  }

  void NoteStart() {
    if (first_start_ == 0) first_start_ = position2_;
  }

  void CheckFunction(const Stmt& s, const void* fn, bool decorated_method = false) {
    SourceLoc at = s.span.begin;
    if (s.is_async) Unsupported(at, "async functions");
    // A decorator is any callable (a function returning a wrapper), evaluated where the def is.
    if (!decorated_method)
      for (const auto& d : s.decorators) CheckExpr(*d, fn);
    const ast::Params& p = *s.params;
    if (!p.posonly.empty()) Unsupported(p.posonly[0].span.begin, "positional-only parameters");
    CheckParams(p, decorated_method ? nullptr : fn);
    CheckBody(s.body, &s);
  }

  // Defaults are evaluated where the def (or lambda) is, in the enclosing scope `fn`.
  void CheckParams(const ast::Params& p, const void* fn) {
    bool seen_default = false;
    for (const auto& param : p.args) {
      if (param.default_value) {
        seen_default = true;
        CheckExpr(*param.default_value, fn);
      } else if (seen_default) {
        Error(param.span.begin, "parameter without a default follows parameter with a default");
      }
    }
    for (const auto& param : p.kwonly)
      if (param.default_value) CheckExpr(*param.default_value, fn);
  }

  // class Name(bases): methods (def), class attributes (name = expr), pass, a docstring.
  void CheckClass(const Stmt& s, const void* fn) {
    SourceLoc at = s.span.begin;
    if (fn != nullptr) {
      Unsupported(at, "class definitions inside functions");
      return;
    }
    if (!s.decorators.empty()) Unsupported(s.decorators[0]->span.begin, "class decorators");
    for (const auto& k : s.keywords) {
      Unsupported(k.span.begin, k.arg == "metaclass" ? "metaclasses"
                                                     : "keyword arguments in a class statement");
    }
    for (const auto& b : s.bases) {
      if (b->kind == ExprKind::kStarred) Unsupported(b->span.begin, "starred bases");
      else CheckExpr(*b, nullptr);
    }
    std::vector<std::string> properties;  // @property methods so far (for @name.setter)
    for (const auto& member : s.body) {
      SourceLoc mat = member->span.begin;
      switch (member->kind) {
        case StmtKind::kPass: break;
        case StmtKind::kExpr:
          if (member->value->kind != ExprKind::kStr)
            Unsupported(mat, "expression statements in a class body");
          break;
        case StmtKind::kFunctionDef:
          if (!MethodNameSupported(member->name_span.begin, member->name)) break;
          if (!MethodDecoratorSupported(*member, properties)) break;
          CheckFunction(*member, nullptr, /*decorated_method=*/true);
          break;
        case StmtKind::kAssign:
          if (member->targets.size() != 1 || member->targets[0]->kind != ExprKind::kName) {
            Unsupported(mat, "class attributes other than `name = value`");
            break;
          }
          if (!ClassAttrSupported(member->targets[0]->span.begin, member->targets[0]->id)) break;
          if (member->targets[0]->id == "__hash__" && member->value->kind != ExprKind::kNone) {
            Unsupported(member->value->span.begin, "__hash__ other than None");
            break;
          }
          CheckExpr(*member->value, nullptr);
          break;
        default: Unsupported(mat, "this statement in a class body"); break;
      }
    }
  }

  // A method's decorator: none, @property, @staticmethod, @classmethod, or @p.setter for a
  // property p defined above it in the class.
  bool MethodDecoratorSupported(const Stmt& m, std::vector<std::string>& properties) {
    if (m.decorators.empty()) return true;
    const Expr& d = *m.decorators[0];
    if (m.decorators.size() > 1) {
      Unsupported(m.decorators[1]->span.begin, "more than one decorator on a method");
      return false;
    }
    Builtin b;
    if (d.kind == ExprKind::kName && !res_.global_index.contains(d.id) &&
        LookupBuiltinName(d.id, &b) &&
        (b == Builtin::kPropertyType || b == Builtin::kStaticMethodType ||
         b == Builtin::kClassMethodType)) {
      if (b == Builtin::kPropertyType) properties.push_back(m.name);
      return true;
    }
    if (d.kind == ExprKind::kAttribute && d.str_value == "setter" &&
        d.operand->kind == ExprKind::kName && d.operand->id == m.name &&
        std::find(properties.begin(), properties.end(), m.name) != properties.end()) {
      return true;
    }
    Unsupported(d.span.begin, "method decorators other than @property, @staticmethod, "
                              "@classmethod and @<property>.setter");
    return false;
  }

  // The dunder methods lockcheck's classes honour; the others would be silently ignored, so
  // they are refused.
  bool MethodNameSupported(SourceLoc at, const std::string& name) {
    bool dunder = name.size() > 4 && name.substr(0, 2) == "__" &&
                  name.substr(name.size() - 2) == "__";
    static constexpr const char* kHonoured[] = {
        "__init__", "__enter__", "__exit__", "__len__", "__iter__", "__next__", "__eq__",
        "__hash__", "__repr__", "__str__", "__contains__", "__getitem__", "__setitem__",
        "__bool__"};
    if (!dunder) return true;
    for (const char* h : kHonoured)
      if (name == h) return true;
    if (name == "__getattr__" || name == "__getattribute__" || name == "__setattr__" ||
        name == "__delattr__") {
      Unsupported(at, absl::StrCat("attribute hooks (", name, ")"));
    } else if (name == "__get__" || name == "__set__" || name == "__delete__" ||
               name == "__set_name__") {
      Unsupported(at, absl::StrCat("descriptors (", name, ")"));
    } else if (name == "__del__") {
      Unsupported(at, "finalizers (__del__)");
    } else if (name == "__new__" || name == "__init_subclass__" ||
               name == "__class_getitem__") {
      Unsupported(at, absl::StrCat("metaclass hooks (", name, ")"));
    } else {
      Unsupported(at, absl::StrCat("special method ", name, " (classes honour __init__, "
                                   "__enter__, __exit__, __len__, __iter__, __next__, __eq__, "
                                   "__hash__, __repr__, __str__, __contains__, __getitem__, "
                                   "__setitem__ and __bool__)"));
    }
    return false;
  }

  bool ClassAttrSupported(SourceLoc at, const std::string& name) {
    if (name == "__slots__") {
      Unsupported(at, "__slots__");
      return false;
    }
    if (name.size() > 4 && name.substr(0, 2) == "__" && name.substr(name.size() - 2) == "__" &&
        name != "__hash__") {
      Unsupported(at, absl::StrCat("special class attribute ", name));
      return false;
    }
    return true;
  }

  void CheckImport(const Stmt& s, const void* fn) {
    SourceLoc at = s.span.begin;
    if (fn != nullptr) {
      Unsupported(at, "imports inside functions");
      return;
    }
    std::vector<Builtin>& bound = res_.imports[&s];
    bool user_from = user_.from_module != nullptr && user_.from_module->contains(&s);
    bool user = user_from;
    for (const auto& a : s.aliases) user |= IsUserImport(s, a);
    if (user && first_start_ != 0) res_.user_import_after_start = true;
    if (user_from) {
      for (const auto& a : s.aliases) {
        if (a.name == "*") Unsupported(a.span.begin, "import *");
        bound.push_back(Builtin::kCount);
      }
      return;
    }
    if (s.kind == StmtKind::kImport) {
      for (const auto& a : s.aliases) {
        if (IsUserImport(s, a)) {
          bound.push_back(Builtin::kCount);
          continue;
        }
        Builtin b;
        // `import lockcheck.capi` binds lockcheck; `import lockcheck.capi as c` binds capi.
        std::string bind = a.asname.empty() ? a.name.substr(0, a.name.find('.')) : a.name;
        if (LookupBuiltinName(a.name, &b) && IsModelledModule(b) &&
            LookupBuiltinName(bind, &b)) {
          bound.push_back(b);
        } else {
          Unsupported(a.span.begin, absl::StrCat("import of module '", a.name,
                                                 "' (scenarios may import ",
                                                 kModelledModulesText, ")"));
        }
      }
      return;
    }
    Builtin module;
    if (s.level != 0 || !LookupBuiltinName(s.module, &module) || !IsModelledModule(module)) {
      Unsupported(at, absl::StrCat("import from module '", std::string(s.level, '.'), s.module,
                                   "' (scenarios may import ", kModelledModulesText, ")"));
      return;
    }
    for (const auto& a : s.aliases) {
      Builtin member;
      if (a.name == "*") {
        Unsupported(a.span.begin, "import *");
      } else if (!LookupModuleMember(module, a.name, &member)) {
        if (IsBundledMember(s.module, a.name)) {
          bound.push_back(Builtin::kCount);  // a bundled module's global (compiler.cc)
          continue;
        }
        Unsupported(a.span.begin, UnmodelledMemberText(module, a.name));
      } else {
        bound.push_back(member);
      }
    }
  }

  // CPython's symbol table reads a block in source order: a `global` statement must come
  // before every use and binding of its names in that block.
  void CheckGlobal(const Stmt& s, const void* fn) {
    const auto& seen = seen_[fn];
    const auto* def = static_cast<const Stmt*>(fn);
    for (size_t i = 0; i < s.names.size(); ++i) {
      const std::string& n = s.names[i];
      bool param = false;
      if (def != nullptr && def->kind == StmtKind::kFunctionDef && def->params) {
        const ast::Params& ps = *def->params;
        for (const auto* list : {&ps.posonly, &ps.args, &ps.kwonly})
          for (const auto& p : *list) param |= p.name == n;
        param |= (ps.vararg && ps.vararg->name == n) || (ps.kwarg && ps.kwarg->name == n);
      }
      auto it = seen.find(n);
      if (param) {
        Error(s.span.begin, absl::StrCat("name '", n, "' is parameter and global"));
      } else if (it != seen.end()) {
        Error(s.span.begin, absl::StrCat("name '", n, "' is ",
                                         it->second ? "assigned to before" : "used prior to",
                                         " global declaration"));
      }
    }
  }

  // Notes a use or binding of `name` in the block `fn` (for CheckGlobal).
  void Saw(const void* fn, const std::string& name, bool assigned) {
    auto [it, inserted] = seen_[fn].emplace(name, assigned);
    if (!inserted) it->second |= assigned;
  }

  // del x, del a[i], del a[i:j], del o.attr, del (a, b): names are bindings (pass 1), so
  // only the expressions inside the targets are checked.
  void CheckDeleteTarget(const Expr& e, const void* fn) {
    switch (e.kind) {
      case ExprKind::kName: CheckName(e, fn); break;
      case ExprKind::kTuple:
      case ExprKind::kList:
        for (const auto& x : e.elts) CheckDeleteTarget(*x, fn);
        break;
      case ExprKind::kAttribute:
      case ExprKind::kSubscript:
        CheckTarget(e, fn);
        break;
      default: Error(e.span.begin, "cannot delete this expression"); break;
    }
  }

  void CheckTarget(const Expr& e, const void* fn) {
    switch (e.kind) {
      case ExprKind::kName:
        if (e.id == "__debug__") Error(e.span.begin, "cannot assign to __debug__");
        Saw(fn, e.id, true);
        break;
      case ExprKind::kTuple:
      case ExprKind::kList:
        for (const auto& x : e.elts) CheckTarget(*x, fn);
        break;
      case ExprKind::kAttribute:
        CheckExpr(*e.operand, fn);
        CheckAttributeName(e);
        break;
      case ExprKind::kSubscript:
        CheckExpr(*e.operand, fn);
        CheckExpr(*e.index, fn);
        break;
      case ExprKind::kStarred: Unsupported(e.span.begin, "starred assignment targets"); break;
      default: Error(e.span.begin, "cannot assign to this expression"); break;
    }
  }

  // Whether a top-level statement might start a thread (conservatively: calls a user
  // function, start_new_thread, or any method named start). The bodies of `if` and `with`
  // are positions of their own; a loop is one position with its body.
  bool HeaderMayStart(const Stmt& s) {
    switch (s.kind) {
      case StmtKind::kIf: return ExprMayStart(*s.test);
      case StmtKind::kWith:
        for (const auto& item : s.items)
          if (ExprMayStart(*item.context)) return true;
        return false;
      case StmtKind::kTry: return false;
      case StmtKind::kImport:
      case StmtKind::kImportFrom: {
        if (!user_.may_start) return false;
        bool user = user_.from_module != nullptr && user_.from_module->contains(&s);
        for (const auto& a : s.aliases) user |= IsUserImport(s, a);
        return user;
      }
      default: return StmtMayStart(s);
    }
  }

  bool IsUserImport(const Stmt& s, const ast::Alias& a) const {
    return (user_.alias_module != nullptr && user_.alias_module->contains(&a)) ||
           (s.kind == StmtKind::kImportFrom && user_.from_module != nullptr &&
            user_.from_module->contains(&s));
  }

  bool StmtMayStart(const Stmt& s) {
    bool any = false;
    auto e = [&](const ast::ExprPtr& x) { if (x && ExprMayStart(*x)) any = true; };
    e(s.value); e(s.target); e(s.test); e(s.msg); e(s.iter);
    for (const auto& t : s.targets) e(t);
    for (const auto& item : s.items) { e(item.context); e(item.target); }
    if (s.kind == StmtKind::kFunctionDef) {
      if (s.params) for (const auto& p : s.params->args) e(p.default_value);
      // A decorator is called with the function: it may be a user function, which may start
      // a thread (a class body's property, staticmethod and classmethod are not).
      for (const auto& d : s.decorators) {
        Builtin b;
        bool builtin = d->kind == ExprKind::kName && !res_.global_index.contains(d->id) &&
                       LookupBuiltinName(d->id, &b);
        bool setter = d->kind == ExprKind::kAttribute && d->str_value == "setter";
        if (!builtin && !setter) any = true;
        e(d);
      }
      return any;
    }
    for (const auto& b : s.bases) e(b);
    for (const auto& b : s.body) any |= StmtMayStart(*b);
    for (const auto& b : s.orelse) any |= StmtMayStart(*b);
    return any;
  }

  bool ExprMayStart(const Expr& x) {
    if (x.kind == ExprKind::kCall) {
      const Expr& f = *x.operand;
      if (f.kind == ExprKind::kAttribute) {
        if (f.str_value == "start" || f.str_value == "start_new_thread") return true;
        // A function of a user module (m.f(), pkg.mod.f()) may start one.
        const Expr* root = f.operand.get();
        while (root->kind == ExprKind::kAttribute) root = root->operand.get();
        if (root->kind == ExprKind::kName && user_module_names_.contains(root->id)) return true;
        // Members of modelled modules never start a thread (apart from start_new_thread).
        bool module_member = f.operand->kind == ExprKind::kName &&
                             (f.operand->id == "threading" || f.operand->id == "_thread" ||
                              f.operand->id == "time" || f.operand->id == "queue" ||
                              f.operand->id == "collections");
        if (!module_member && ExprMayStart(*f.operand)) return true;
      } else if (f.kind == ExprKind::kName) {
        auto imported = imported_names_.find(f.id);
        if (imported != imported_names_.end()) {
          if (imported->second == Builtin::kStartNewThread) return true;
        } else if (res_.global_index.contains(f.id)) {
          return true;  // a user function (or a value bound to one)
        } else if (f.id == "map" || f.id == "filter") {
          return true;  // iterating it calls the function it is given
        }
      } else {
        return true;  // calling a computed value: could be anything
      }
    }
    bool any = false;
    auto e = [&](const ast::ExprPtr& y) { if (y && ExprMayStart(*y)) any = true; };
    e(x.operand); e(x.left); e(x.right); e(x.index); e(x.lower); e(x.upper); e(x.step);
    e(x.test); e(x.body); e(x.orelse); e(x.elt); e(x.value);
    for (const auto& y : x.elts) e(y);
    for (const auto& y : x.keys) e(y);
    for (const auto& k : x.keywords) e(k.value);
    for (const auto& g : x.generators) { e(g.iter); for (const auto& c : g.ifs) e(c); }
    return any;
  }

  // Whether `name`, not bound in scope `key`, is bound by an enclosing function: then it is a
  // cell of that function and a free variable of `key` and of the scopes between them.
  bool ResolveFree(const void* key, const std::string& name) {
    std::vector<FunctionScope*> chain = {&res_.functions.at(key)};
    for (const void* p = chain[0]->parent; p != nullptr;) {
      FunctionScope& ps = res_.functions.at(p);
      if (ps.declared_global.contains(name)) return false;
      if (!ps.declared_nonlocal.contains(name) &&
          std::find(ps.locals.begin(), ps.locals.end(), name) != ps.locals.end()) {
        if (std::find(ps.cells.begin(), ps.cells.end(), name) == ps.cells.end())
          ps.cells.push_back(name);
        for (FunctionScope* c : chain) {
          if (std::find(c->frees.begin(), c->frees.end(), name) == c->frees.end())
            c->frees.push_back(name);
        }
        return true;
      }
      chain.push_back(&ps);
      p = ps.parent;
    }
    return false;
  }

  // `x.__class__` and the like: refused here, before the search, rather than met during it as
  // an AttributeError the checker would report as the scenario's bug.
  // getattr(x, "__globals__") and its siblings with a constant name: refused as `x.__globals__`
  // is, at the name (the VM refuses a name computed at run time the same way).
  void CheckAttrBuiltinName(const Expr& call, const void* fn) {
    const Expr& f = *call.operand;
    if (f.kind != ExprKind::kName || call.elts.size() < 2 ||
        call.elts[1]->kind != ExprKind::kStr || call.elts[0]->kind == ExprKind::kStarred)
      return;
    if (f.id != "getattr" && f.id != "setattr" && f.id != "hasattr" && f.id != "delattr") return;
    if (res_.global_index.contains(f.id)) return;  // the program's own
    if (fn != nullptr) {
      const FunctionScope& scope = res_.functions.at(fn);
      if (std::find(scope.locals.begin(), scope.locals.end(), f.id) != scope.locals.end()) return;
    }
    const Expr& name = *call.elts[1];
    bool modelled = AttrFromName(name.str_value) != Attr::kUnknown;
    if (std::optional<std::string> refused = SandboxRefusedAttribute(name.str_value, modelled))
      Unsupported(name.span.begin, *refused);
  }

  void CheckAttributeName(const Expr& e) {
    bool modelled = AttrFromName(e.str_value) != Attr::kUnknown;
    if (std::optional<std::string> refused = SandboxRefusedAttribute(e.str_value, modelled))
      Unsupported(e.span.begin, *refused);
  }

  void CheckName(const Expr& e, const void* fn) {
    if (std::find(comp_vars_.begin(), comp_vars_.end(), e.id) != comp_vars_.end()) return;
    Saw(fn, e.id, false);
    if (fn != nullptr) {
      const FunctionScope& scope = res_.functions.at(fn);
      if (!scope.declared_nonlocal.contains(e.id) &&
          std::find(scope.locals.begin(), scope.locals.end(), e.id) != scope.locals.end())
        return;
      if (!scope.declared_global.contains(e.id) && ResolveFree(fn, e.id)) return;
    }
    if (res_.global_index.contains(e.id)) return;
    Builtin b;
    if (e.id == "__name__" || LookupBuiltinName(e.id, &b)) return;
    if (std::optional<std::string> refused = SandboxRefusedName(e.id)) {
      Unsupported(e.span.begin, *refused);
      return;
    }
    Error(e.span.begin, absl::StrCat("name '", e.id, "' is not defined"));
  }

  void CheckExpr(const Expr& e, const void* fn) {
    SourceLoc at = e.span.begin;
    auto sub = [&](const ast::ExprPtr& x) { if (x) CheckExpr(*x, fn); };
    switch (e.kind) {
      case ExprKind::kName: CheckName(e, fn); return;
      case ExprKind::kInt:
        if (e.big_literal) Error(at, "integer literal too large (the limit is 64 bits)");
        return;
      case ExprKind::kFloat:
      case ExprKind::kBool:
      case ExprKind::kNone:
        return;
      case ExprKind::kStr:
        if (e.is_bytes) Unsupported(at, "bytes literals");
        return;
      case ExprKind::kEllipsis: Unsupported(at, "the ellipsis literal"); return;
      case ExprKind::kFString:
        for (const auto& p : e.elts) sub(p);
        return;
      case ExprKind::kFormatted:
        if (e.format_spec) Unsupported(e.format_spec->span.begin, "f-string format specifications");
        if (e.conversion == 'a') Unsupported(at, "the !a conversion");
        sub(e.operand);
        return;
      case ExprKind::kTuple:
      case ExprKind::kList:
        for (const auto& x : e.elts) sub(x->kind == ExprKind::kStarred ? x->operand : x);
        return;
      case ExprKind::kSet:
        for (const auto& x : e.elts) {
          if (x->kind == ExprKind::kStarred) Unsupported(x->span.begin, "starred expressions");
          else sub(x);
        }
        return;
      case ExprKind::kDict:
        for (size_t i = 0; i < e.keys.size(); ++i) {
          sub(e.keys[i]);
          sub(e.elts[i]);
        }
        return;
      case ExprKind::kListComp:
      case ExprKind::kSetComp:
      case ExprKind::kDictComp: {
        size_t saved = comp_vars_.size();
        for (const auto& g : e.generators) {
          if (g.is_async) Unsupported(at, "async comprehensions");
          CheckExpr(*g.iter, fn);  // (the first iterable is evaluated outside; same names)
          if (&g == &e.generators.front()) comprehensions_.push_back(e.kind);
          std::vector<std::string> names;
          TargetNames(*g.target, names);
          CheckTarget(*g.target, fn);
          for (auto& n : names) comp_vars_.push_back(n);
          for (const auto& c : g.ifs) CheckExpr(*c, fn);
        }
        sub(e.elt);
        sub(e.value);  // a dict comprehension's value
        comp_vars_.resize(saved);
        comprehensions_.pop_back();
        return;
      }
      case ExprKind::kGeneratorExp: CheckGeneratorExp(e, fn); return;
      case ExprKind::kAttribute: sub(e.operand); CheckAttributeName(e); return;
      case ExprKind::kSubscript: sub(e.operand); sub(e.index); return;
      case ExprKind::kSlice: sub(e.lower); sub(e.upper); sub(e.step); return;
      case ExprKind::kCall:
        sub(e.operand);
        for (const auto& a : e.elts) sub(a->kind == ExprKind::kStarred ? a->operand : a);
        for (const auto& k : e.keywords) sub(k.value);
        CheckAttrBuiltinName(e, fn);
        return;
      case ExprKind::kBinOp:
        if (e.op == ast::Op::kMatMul) Unsupported(at, "the @ operator");
        sub(e.left); sub(e.right);
        return;
      case ExprKind::kUnaryOp: sub(e.operand); return;
      case ExprKind::kBoolOp:
        for (const auto& x : e.elts) sub(x);
        return;
      case ExprKind::kCompare:
        sub(e.left);
        for (const auto& x : e.elts) sub(x);
        return;
      case ExprKind::kIfExp: sub(e.test); sub(e.body); sub(e.orelse); return;
      case ExprKind::kLambda: {
        const ast::Params& p = *e.params;
        if (!p.posonly.empty()) {
          Unsupported(p.posonly[0].span.begin, "positional-only parameters");
          return;
        }
        FunctionScope& scope = res_.functions[&e];
        scope.key = &e;
        scope.parent = fn;
        AddParams(p, scope);
        CheckParams(p, fn);
        ++in_lambda_;
        CheckExpr(*e.operand, &e);
        --in_lambda_;
        return;
      }
      case ExprKind::kStarred: Unsupported(at, "starred expressions"); return;
      case ExprKind::kNamedExpr: Unsupported(at, "assignment expressions (:=)"); return;
      case ExprKind::kAwait: Unsupported(at, "await"); return;
      case ExprKind::kYield:
      case ExprKind::kYieldFrom:
        if (fn == nullptr) {
          Error(at, "'yield' outside function");
        } else if (!comprehensions_.empty()) {
          ExprKind k = comprehensions_.back();
          Error(at, absl::StrCat("'yield' inside ",
                                 k == ExprKind::kListComp  ? "list comprehension"
                                 : k == ExprKind::kSetComp ? "set comprehension"
                                 : k == ExprKind::kDictComp ? "dict comprehension"
                                                            : "generator expression"));
        } else if (in_lambda_ > 0) {
          Unsupported(at, "yield inside a lambda");
        } else {
          res_.functions.at(fn).is_generator = true;
        }
        sub(e.operand);
        return;
    }
  }

  // (elt for target in iter if cond ...): a generator function of its own (CPython's
  // <genexpr>), called with the first iterable, which is evaluated where the expression is.
  // Its targets are its locals; the names it uses from enclosing functions are free variables.
  void CheckGeneratorExp(const Expr& e, const void* fn) {
    FunctionScope& scope = res_.functions[&e];
    scope.key = &e;
    scope.parent = fn;
    scope.is_generator = true;
    scope.locals.push_back(".0");
    for (const auto& g : e.generators) {
      std::vector<std::string> names;
      TargetNames(*g.target, names);
      for (auto& n : names)
        if (std::find(scope.locals.begin(), scope.locals.end(), n) == scope.locals.end())
          scope.locals.push_back(n);
    }
    for (size_t i = 0; i < e.generators.size(); ++i) {
      const ast::Comprehension& g = e.generators[i];
      if (g.is_async) Unsupported(e.span.begin, "async comprehensions");
      CheckExpr(*g.iter, i == 0 ? fn : &e);
      if (i == 0) comprehensions_.push_back(e.kind);  // yield: a SyntaxError from here on
      CheckTarget(*g.target, &e);
      for (const auto& c : g.ifs) CheckExpr(*c, &e);
    }
    CheckExpr(*e.elt, &e);
    comprehensions_.pop_back();
  }

  void ComputeStable() {
    res_.stable.assign(res_.globals.size(), false);
    for (size_t g = 0; g < res_.globals.size(); ++g) {
      bool stable = !bind_positions_[g].empty();
      for (int pos : bind_positions_[g]) {
        if (pos == kInFunction || (first_start_ != 0 && pos >= first_start_)) stable = false;
      }
      res_.stable[g] = stable;
    }
  }

  static constexpr int kInFunction = -1;
  const ast::Module& module_;
  const SourceFile& source_;
  const UserImports& user_;
  Resolution res_;
  bool binding_import_ = false;  // pass 1: binding the names of an import statement
  absl::flat_hash_set<std::string> user_module_names_;  // names `import m` binds to a user module
  std::vector<std::vector<int>> bind_positions_;  // per global: module positions of its binds
  absl::flat_hash_map<std::string, Builtin> imported_names_;  // from-imports: what they name
  std::vector<std::string> comp_vars_;
  // The comprehensions and generator expressions being checked, innermost last, from their
  // first target on (a yield there is a SyntaxError; the first iterable is outside).
  std::vector<ExprKind> comprehensions_;
  int in_lambda_ = 0;
  // Per block (nullptr: the module), the names used or bound so far, and whether bound.
  absl::flat_hash_map<const void*, absl::flat_hash_map<std::string, bool>> seen_;
  int position_ = 0, depth_ = 0;    // pass 1
  int position2_ = 0, depth2_ = 0;  // pass 2 (the same numbering)
  int first_start_ = 0;             // position of the first statement that may start a thread
};

}  // namespace

Resolution Resolve(const ast::Module& module, const SourceFile& source, const UserImports& user) {
  return Resolver(module, source, user).Run();
}

}  // namespace lockcheck
