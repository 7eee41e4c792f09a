// Arguments: binding a call's arguments to a Python function's parameters (positional,
// defaults, keyword-only, *args, **kwargs), and the calls that unpack `*xs` and `**kw`
// (kListExtend, kDictMerge, kCallEx). The order of the checks and every message follow
// CPython's initialize_locals (Python/ceval.c), so a wrong call raises the TypeError CPython
// raises, as a finding.
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {
namespace {

// 'a', 'a' and 'b', 'a', 'b', and 'c': CPython's format_missing.
std::string MissingList(const std::vector<std::string>& names) {
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    list += absl::StrCat("'", names[i], "'");
  }
  return list;
}

}  // namespace

Flow Exec::BindArguments(const Code& code, Value function, const Value* args, size_t nargs,
                         const Value* kwnames, size_t nkw, Value* locals) {
  const std::string& fname = code.qualname.empty() ? code.name : code.qualname;
  const size_t npos = nargs - nkw;
  const size_t nparams = static_cast<size_t>(code.num_params);
  const size_t nnamed = nparams + static_cast<size_t>(code.num_kwonly);
  for (size_t i = 0; i < npos && i < nparams; ++i) locals[i] = args[i];
  if (code.varargs_slot >= 0) {
    const size_t extra = npos > nparams ? npos - nparams : 0;
    std::optional<Value> t = NewSequence(ObjType::kTuple, extra);
    if (!t) return Flow::kStop;
    for (size_t i = 0; i < extra; ++i) m_.payload(*t)[i] = args[nparams + i];
    locals[code.varargs_slot] = *t;
  }
  Value varkw = Value::None();
  if (code.varkw_slot >= 0) {
    varkw = m_.NewObject(ObjType::kDict, 0);
    locals[code.varkw_slot] = varkw;
  }
  for (size_t k = 0; k < nkw; ++k) {
    absl::string_view name = StrOf(kwnames[k]);
    size_t slot = nnamed;
    for (size_t i = 0; i < nnamed; ++i)
      if (code.local_names[i] == name) slot = i;
    if (slot == nnamed) {
      if (varkw.is_none()) {
        return Raise(Builtin::kExcType, absl::StrCat(fname, "() got an unexpected keyword ",
                                                     "argument '", name, "'"));
      }
      Flow f = DictSet(varkw, kwnames[k], args[npos + k]);
      if (f != Flow::kNext) return f;
      continue;
    }
    if (!locals[slot].is_unbound()) {
      return Raise(Builtin::kExcType, absl::StrCat(fname, "() got multiple values for ",
                                                   "argument '", name, "'"));
    }
    locals[slot] = args[npos + k];
  }
  Value defaults = function.is_obj() ? m_.payload(function)[kFnDefaults] : Value::None();
  const size_t ndefaults = static_cast<size_t>(code.num_defaults);
  if (npos > nparams && code.varargs_slot < 0) {
    size_t kwonly_given = 0;
    for (size_t i = nparams; i < nnamed; ++i) kwonly_given += !locals[i].is_unbound();
    std::string sig = ndefaults > 0 ? absl::StrCat("from ", nparams - ndefaults, " to ", nparams)
                                    : absl::StrCat(nparams);
    const bool plural = ndefaults > 0 || nparams != 1;
    std::string kwonly_sig =
        kwonly_given == 0 ? ""
                          : absl::StrCat(" positional argument", npos != 1 ? "s" : "", " (and ",
                                         kwonly_given, " keyword-only argument",
                                         kwonly_given != 1 ? "s" : "", ")");
    return Raise(Builtin::kExcType,
                 absl::StrCat(fname, "() takes ", sig, " positional argument", plural ? "s" : "",
                              " but ", npos, kwonly_sig,
                              npos == 1 && kwonly_given == 0 ? " was" : " were", " given"));
  }
  // Defaults fill the trailing positional parameters, then the keyword-only ones.
  std::vector<std::string> missing;
  const size_t first_default = nparams - ndefaults;
  for (size_t i = 0; i < nparams; ++i) {
    if (!locals[i].is_unbound()) continue;
    if (i >= first_default && defaults.is_obj()) {
      locals[i] = m_.payload(defaults)[i - first_default];
    } else {
      missing.push_back(code.local_names[i]);
    }
  }
  if (!missing.empty()) {
    return Raise(Builtin::kExcType,
                 absl::StrCat(fname, "() missing ", missing.size(), " required positional ",
                              "argument", missing.size() == 1 ? "" : "s", ": ",
                              MissingList(missing)));
  }
  size_t next_default = ndefaults;
  for (size_t i = nparams; i < nnamed; ++i) {
    const bool has_default = code.kwonly_has_default[i - nparams];
    if (has_default && locals[i].is_unbound()) locals[i] = m_.payload(defaults)[next_default];
    next_default += has_default;
    if (locals[i].is_unbound()) missing.push_back(code.local_names[i]);
  }
  if (!missing.empty()) {
    return Raise(Builtin::kExcType,
                 absl::StrCat(fname, "() missing ", missing.size(), " required keyword-only ",
                              "argument", missing.size() == 1 ? "" : "s", ": ",
                              MissingList(missing)));
  }
  return Flow::kNext;
}

// CPython's _PyObject_FunctionStr: how the callable is named in an unpacking error.
std::string Exec::FunctionStr(Value callable) const {
  if (m_.Is(callable, ObjType::kFunction)) {
    const Code& code = rt_.program.codes[m_.payload(callable)[kFnCode].payload()];
    return absl::StrCat("__main__.", code.qualname.empty() ? code.name : code.qualname, "()");
  }
  if (m_.Is(callable, ObjType::kClass)) return absl::StrCat("__main__.", ClassName(callable), "()");
  std::string name = CallableName(callable);
  if (name.empty()) return absl::StrCat(TypeName(callable), " object");
  return absl::StrCat(name, "()");
}

Flow Exec::ListExtend(bool display) {
  // [callable, list, iterable], or [list, iterable] in a display
  Value iterable = Top(), list = Top(1);
  if (m_.Is(iterable, ObjType::kGenerator)) return DrainGenerator(iterable);
  if (!GateShared(iterable)) return Flow::kYield;
  Args items;
  if (!iterable.is_str() && !m_.Is(iterable, ObjType::kRange) && !m_.IsListLike(iterable) &&
      !m_.Is(iterable, ObjType::kTuple) && !m_.Is(iterable, ObjType::kDict) &&
      !HasValueDunder(iterable, "__iter__")) {
    if (display) {
      return Raise(Builtin::kExcType,
                   absl::StrCat("Value after * must be an iterable, not ", TypeName(iterable)));
    }
    return Raise(Builtin::kExcType, absl::StrCat(FunctionStr(Top(2)), " argument after * must be ",
                                                 "an iterable, not ", TypeName(iterable)));
  }
  Flow f = Items(iterable, items);
  if (f != Flow::kNext) return f;
  const uint32_t n = m_.size(list);
  if (n + items.size() > static_cast<uint64_t>(rt_.limits.max_object_size))
    return InputError(absl::StrCat("object too large: a list of more than ",
                                   rt_.limits.max_object_size, " items"));
  m_.Resize(list, n + static_cast<uint32_t>(items.size()));
  for (size_t i = 0; i < items.size(); ++i) m_.payload(list)[n + i] = items[i];
  Pop();
  return Flow::kNext;
}

Flow Exec::DictMerge(bool pair, bool display) {
  // [callable, list, dict, key, value] or [callable, list, dict, mapping]; a display has only
  // the dict under them, and its keys may repeat (the last wins) and be of any type.
  Value dict = Top(pair ? 2 : 1);
  Value callable = display ? Value::None() : Top(pair ? 4 : 3);
  Args keys, values;
  if (pair) {
    keys.push_back(Top(1));
    values.push_back(Top());
  } else {
    Value mapping = Top();
    if (!m_.Is(mapping, ObjType::kDict) && display) {
      if (HasValueDunder(mapping, "keys"))
        return InputError("unsupported in scenarios: ** of an object whose keys() is Python code");
      return Raise(Builtin::kExcType,
                   absl::StrCat("'", TypeName(mapping), "' object is not a mapping"));
    }
    if (!m_.Is(mapping, ObjType::kDict)) {
      return Raise(Builtin::kExcType, absl::StrCat(FunctionStr(callable), " argument after ** ",
                                                   "must be a mapping, not ", TypeName(mapping)));
    }
    if (!GateShared(mapping)) return Flow::kYield;
    for (uint32_t i = 0; i < m_.size(mapping); i += 2) {
      keys.push_back(m_.payload(mapping)[i]);
      values.push_back(m_.payload(mapping)[i + 1]);
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (display) {
      Flow f = DictSet(dict, keys[i], values[i]);
      if (f != Flow::kNext) return f;
      continue;
    }
    if (!keys[i].is_str())
      return Raise(Builtin::kExcType, "keywords must be strings");
    int64_t at;
    Flow f = DictFind(dict, keys[i], &at);
    if (f != Flow::kNext) return f;
    if (at >= 0) {
      return Raise(Builtin::kExcType, absl::StrCat(FunctionStr(callable), " got multiple values ",
                                                   "for keyword argument '", StrOf(keys[i]), "'"));
    }
    f = DictSet(dict, keys[i], values[i]);
    if (f != Flow::kNext) return f;
  }
  S().resize(S().size() - (pair ? 2 : 1));
  return Flow::kNext;
}

Flow Exec::CallWithStack(Value callable, const Args& positional, const KwNames& names,
                         const Args& keyword_values, size_t restore_depth, const Args& restore) {
  S().resize(restore_depth);
  Push(callable);
  for (Value v : positional) Push(v);
  for (Value v : keyword_values) Push(v);
  Flow f = Call(positional.size() + names.size(), names.data(), names.size());
  if (f == Flow::kYield) {  // the instruction runs again from scratch: its operands back
    S().resize(restore_depth);
    for (Value v : restore) Push(v);
  }
  return f;
}

Flow Exec::CallEx(bool has_keywords) {
  // [callable, list, dict?]
  const size_t slots = has_keywords ? 3 : 2;
  Args restore(S().end() - slots, S().end());
  Value callable = restore[0], list = restore[1];
  Args positional(m_.payload(list), m_.payload(list) + m_.size(list));
  KwNames names;
  Args values;
  if (has_keywords) {
    Value dict = restore[2];
    for (uint32_t i = 0; i < m_.size(dict); i += 2) {
      names.push_back(m_.payload(dict)[i]);
      values.push_back(m_.payload(dict)[i + 1]);
    }
  }
  return CallWithStack(callable, positional, names, values, S().size() - slots, restore);
}

}  // namespace lockcheck
