#include "scenarios/lang/modules.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "scenarios/lang/bundled.h"
#include "scenarios/lang/parser.h"
#include "scenarios/lang/read_source.h"
#include "scenarios/lang/stdlib_names.h"

namespace lockcheck {
namespace {

using ast::Stmt;
using ast::StmtKind;
namespace fs = std::filesystem;

constexpr absl::string_view kModelledTopLevel[] = {
    "threading", "_thread", "queue", "time", "collections", "contextlib", "functools", "lockcheck",
};

// A search folder: as the user named it (file names in diagnostics and reports are built on
// it) and its real path (what every module found in it must stay inside).
struct Root {
  std::string shown;
  std::string real;
};

std::string RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) return {};
  return buf;
}

bool IsDir(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
// Any file that is not a folder: a FIFO or a device named x.py is found here and refused by
// ReadSourceText ("not a regular file"), never opened for reading.
bool IsFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
}

std::string Join(const std::string& folder, const std::string& name) {
  if (folder.empty() || folder == ".") return name;
  return (fs::path(folder) / name).lexically_normal().string();
}

class Loader {
 public:
  Loader(ModuleGraph& graph, const std::vector<std::string>& search_path) : g_(graph) {
    const std::string& main_path = g_.units[0].source->path();
    std::string own = fs::path(main_path).parent_path().string();
    AddRoot(own.empty() ? "." : own, /*given=*/false);
    for (const std::string& p : search_path) AddRoot(p, /*given=*/true);
  }

  void Run() {
    // Units are appended as they are found; each is scanned once, in order.
    for (size_t i = 0; i < g_.units.size(); ++i) {
      current_ = static_cast<int32_t>(i);
      if (g_.units[i].ast) Scan(g_.units[i].ast->body, /*guarded=*/false);
    }
  }

 private:
  void AddRoot(const std::string& folder, bool given) {
    std::string real = RealPath(folder);
    if (real.empty() || !IsDir(real)) {
      if (given)
        Error(0, {}, absl::StrCat("--path '", folder, "' is not a folder"));
      return;
    }
    roots_.push_back({folder == "." && !given ? std::string() : folder, real});
  }

  ModuleUnit& Cur() { return g_.units[current_]; }

  void Error(int32_t unit, SourceLoc at, std::string message) {
    g_.errors.push_back({std::move(message), g_.units[unit].source->path(), at.line, at.column});
  }

  // Every import statement of module code; a def's or a class's body is the resolver's (it
  // refuses imports there).
  void Scan(const ast::Body& body, bool guarded) {
    for (const auto& s : body) {
      switch (s->kind) {
        case StmtKind::kImport:
        case StmtKind::kImportFrom: Import(*s, guarded); break;
        case StmtKind::kFunctionDef:
        case StmtKind::kClassDef: break;
        case StmtKind::kTry:
          Scan(s->body, true);
          for (const auto& h : s->handlers) Scan(h.body, true);
          Scan(s->orelse, true);
          Scan(s->finalbody, true);
          break;
        case StmtKind::kWith: Scan(s->body, true); break;
        default:
          Scan(s->body, guarded);
          Scan(s->orelse, guarded);
          break;
      }
    }
  }

  // Whether a top-level name is the standard library's (modelled or not): the resolver's
  // business. A user file named like a modelled module is refused here.
  bool Stdlib(const std::string& top, SourceLoc at) {
    // A bundled module (concurrent.futures) is loaded as a user module is, from lockcheck's
    // own sources; a user file of its name is refused as for a modelled module.
    bool bundled = IsBundledTopLevelName(top);
    bool modelled = bundled || IsModelledTopLevelName(top);
    if (!modelled && !IsStdlibModuleName(top)) return false;
    if (modelled) {
      for (const Root& r : roots_) {
        for (const std::string& candidate : {Join(r.shown, top + ".py"), Join(r.shown, top)}) {
          if (IsFile(candidate) || IsDir(candidate)) {
            Error(current_, at,
                  absl::StrCat("unsupported in scenarios: '", candidate, "' shadows the modelled ",
                               "module '", top, "' (CPython would import it instead of the ",
                               "standard one; rename it)"));
            return true;
          }
        }
      }
    }
    return !bundled;
  }

  void Import(const Stmt& s, bool guarded) {
    if (s.kind == StmtKind::kImport) {
      for (const auto& a : s.aliases) {
        std::string top = a.name.substr(0, a.name.find('.'));
        if (Stdlib(top, a.span.begin)) {
          Members(top, a.span.begin);
          continue;
        }
        if (guarded) return Guarded(a.span.begin, top);
        int32_t m = Require(a.name, a.span.begin);
        if (m >= 0) g_.alias_module[&a] = m;
      }
      return;
    }
    std::string absolute;
    if (s.level > 0) {
      const ModuleUnit& u = Cur();
      std::string package = u.is_package ? u.name
                            : u.parent >= 0 ? g_.units[u.parent].name
                                            : std::string();
      if (current_ == 0 || package.empty()) {
        Error(current_, s.span.begin,
              "ImportError: attempted relative import with no known parent package");
        return;
      }
      std::vector<std::string> parts = absl::StrSplit(package, '.');
      if (static_cast<size_t>(s.level - 1) >= parts.size()) {
        Error(current_, s.span.begin,
              "ImportError: attempted relative import beyond top-level package");
        return;
      }
      parts.resize(parts.size() - (s.level - 1));
      absolute = absl::StrJoin(parts, ".");
      if (!s.module.empty()) absl::StrAppend(&absolute, ".", s.module);
    } else {
      absolute = s.module;
      if (Stdlib(absolute.substr(0, absolute.find('.')), s.span.begin)) {
        Members(absolute, s.span.begin);
        return;
      }
    }
    if (guarded) return Guarded(s.span.begin, absolute.substr(0, absolute.find('.')));
    int32_t m = Require(absolute, s.span.begin);
    if (m < 0) return;
    g_.from_module[&s] = m;
    if (!g_.units[m].is_package) return;
    // `from pkg import mod`: a submodule of that name is imported (CPython imports it when
    // the package has no attribute of the name; a package that binds the name as well is
    // refused by the compiler).
    for (const auto& a : s.aliases) {
      if (a.name == "*") continue;
      std::string folder = g_.units[m].folder;
      bool is_package = false;
      if (g_.units[m].bundled
              ? FindBundledModule(absolute + "." + a.name, &is_package) != nullptr
              : IsDir(Join(folder, a.name)) || IsFile(Join(folder, a.name + ".py"))) {
        int32_t sub = Require(absolute + "." + a.name, a.span.begin);
        if (sub >= 0) g_.alias_module[&a] = sub;
      }
    }
  }

  // An import of a modelled module with bundled members (threading: Timer) in a module that
  // names one of them (as a word of its text: a mention in a comment loads it too, at the cost
  // of a few globals): the bundled module of that name is loaded.
  void Members(const std::string& module, SourceLoc at) {
    if (!HasBundledMembers(module) || g_.bundled_members.contains(module)) return;
    const std::string& text = Cur().source->text();
    for (const BundledMember& m : kBundledMembers) {
      if (m.module != module || !NamesWord(text, m.name)) continue;
      int32_t id = LoadBundled(module, -1, at);
      if (id >= 0) g_.bundled_members[module] = id;
      return;
    }
  }

  static bool NamesWord(const std::string& text, absl::string_view name) {
    const std::string word(name);
    auto ident = [](char c) { return absl::ascii_isalnum(c) || c == '_'; };
    for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
      size_t end = at + word.size();
      if ((at == 0 || !ident(text[at - 1])) && (end >= text.size() || !ident(text[end])))
        return true;
    }
    return false;
  }

  void Guarded(SourceLoc at, const std::string& top) {
    if (IsBundledTopLevelName(top)) {
      Error(current_, at,
            absl::StrCat("unsupported in scenarios: importing '", top, "' inside try or with "
                         "(lockcheck's bundled modules are imported at the top level)"));
      return;
    }
    Error(current_, at,
          "unsupported in scenarios: importing a module of your own inside try or with (a "
          "failed import is not undone as CPython undoes it; import it at the top level)");
  }

  // The module of that absolute dotted name, with its packages, loaded (or already loaded);
  // -1 after an error at `at`.
  int32_t Require(const std::string& name, SourceLoc at) {
    std::vector<std::string> parts = absl::StrSplit(name, '.');
    int32_t parent = -1;
    std::string so_far;
    for (const std::string& part : parts) {
      std::string full = so_far.empty() ? part : absl::StrCat(so_far, ".", part);
      if (auto it = by_name_.find(full); it != by_name_.end()) {
        parent = it->second;
      } else {
        if (parent >= 0 && !g_.units[parent].is_package) {
          Error(current_, at, absl::StrCat("ModuleNotFoundError: No module named '", full,
                                           "'; '", so_far, "' is not a package"));
          return -1;
        }
        parent = Find(full, part, parent, at);
        if (parent < 0) return -1;
      }
      so_far = full;
    }
    return parent;
  }

  // Looks for `part` (the last component of `full`) in the package's folder, or in every
  // search folder for a top-level name, and loads it.
  int32_t Find(const std::string& full, const std::string& part, int32_t package, SourceLoc at) {
    if (package >= 0 ? g_.units[package].bundled : IsBundledTopLevelName(part))
      return LoadBundled(full, package, at);
    std::vector<const Root*> where;
    std::vector<std::string> folders;
    if (package >= 0) {
      for (const Root& r : roots_)
        if (r.real == g_.units[package].root) where.push_back(&r);
      folders.push_back(g_.units[package].folder);
    } else {
      for (const Root& r : roots_) {
        where.push_back(&r);
        folders.push_back(r.shown);
      }
    }
    std::string namespace_folder;
    for (size_t i = 0; i < folders.size(); ++i) {
      std::string dir = Join(folders[i], part);
      std::string init = Join(dir, "__init__.py");
      std::string file = Join(folders[i], part + ".py");
      if (IsDir(dir) && IsFile(init)) return Load(full, init, dir, *where[i], package, at);
      if (IsFile(file)) return Load(full, file, "", *where[i], package, at);
      if (IsDir(dir) && namespace_folder.empty()) namespace_folder = dir;
    }
    if (!namespace_folder.empty()) {
      Error(current_, at,
            absl::StrCat("unsupported in scenarios: namespace package '", full, "' (the folder '",
                         namespace_folder, "' has no __init__.py; add one)"));
      return -1;
    }
    Error(current_, at, absl::StrCat("ModuleNotFoundError: No module named '", full, "'"));
    return -1;
  }

  int32_t Load(const std::string& full, const std::string& file, const std::string& folder,
               const Root& root, int32_t package, SourceLoc at) {
    if (static_cast<int>(g_.units.size()) >= kMaxModules) {
      Error(current_, at, absl::StrCat("too many modules: the scenario imports more than ",
                                       kMaxModules, " (lockcheck's limit)"));
      return -1;
    }
    std::string real = RealPath(file);
    if (real.empty() || !absl::StartsWith(real, root.real + "/")) {
      Error(current_, at,
            absl::StrCat("unsupported in scenarios: import of '", full, "': '", file,
                         "' leads outside the search folders (to '", real,
                         "'); only the scenario's folder and the --path folders are read"));
      return -1;
    }
    absl::StatusOr<std::string> text = ReadSourceText(file);
    if (!text.ok()) {
      Error(current_, at, absl::StrCat("cannot import '", full, "' from '", file, "': ",
                                       text.status().message()));
      return -1;
    }
    ModuleUnit u;
    u.name = full;
    u.source = std::make_shared<SourceFile>(file, *std::move(text));
    u.is_package = !folder.empty();
    u.folder = folder;
    u.parent = package;
    u.root = root.real;
    ParseResult parsed = Parse(*u.source);
    for (Diagnostic& d : parsed.errors) g_.errors.push_back(std::move(d));
    u.ast = std::move(parsed.module);
    int32_t id = static_cast<int32_t>(g_.units.size());
    g_.units.push_back(std::move(u));
    by_name_[full] = id;
    return id;
  }

  // A module of lockcheck's own (lang/bundled.h), shown as "<lockcheck>/concurrent/...".
  int32_t LoadBundled(const std::string& full, int32_t package, SourceLoc at) {
    bool is_package = false;
    const BundledSource* src = FindBundledModule(full, &is_package);
    if (src == nullptr) {
      Error(current_, at,
            absl::StrCat("unsupported in scenarios: module '", full, "' (lockcheck models ",
                         "concurrent.futures with ThreadPoolExecutor only)"));
      return -1;
    }
    if (static_cast<int>(g_.units.size()) >= kMaxModules) {
      Error(current_, at, absl::StrCat("too many modules: the scenario imports more than ",
                                       kMaxModules, " (lockcheck's limit)"));
      return -1;
    }
    ModuleUnit u;
    u.name = full;
    u.source = std::make_shared<SourceFile>(absl::StrCat(kBundledRoot, "/", src->path),
                                            std::string(src->text));
    u.is_package = is_package;
    u.bundled = true;
    if (is_package) u.folder = absl::StrCat(kBundledRoot, "/", fs::path(src->path).parent_path().string());
    u.parent = package;
    u.root = std::string(kBundledRoot);
    ParseResult parsed = Parse(*u.source);
    for (Diagnostic& d : parsed.errors) g_.errors.push_back(std::move(d));
    u.ast = std::move(parsed.module);
    int32_t id = static_cast<int32_t>(g_.units.size());
    g_.units.push_back(std::move(u));
    by_name_[full] = id;
    return id;
  }

  ModuleGraph& g_;
  std::vector<Root> roots_;
  absl::flat_hash_map<std::string, int32_t> by_name_;
  int32_t current_ = 0;
};

}  // namespace

bool IsModelledTopLevelName(absl::string_view name) {
  for (absl::string_view m : kModelledTopLevel)
    if (m == name) return true;
  return false;
}

ModuleGraph LoadModules(std::shared_ptr<const SourceFile> main,
                        std::unique_ptr<ast::Module> main_ast,
                        const std::vector<std::string>& search_path) {
  ModuleGraph g;
  ModuleUnit u;
  u.name = "__main__";
  u.source = std::move(main);
  u.ast = std::move(main_ast);
  g.units.push_back(std::move(u));
  Loader loader(g, search_path);
  loader.Run();
  return g;
}

}  // namespace lockcheck
