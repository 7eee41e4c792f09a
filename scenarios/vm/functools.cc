// functools.partial, functools.wraps and contextlib.contextmanager: the decorator helpers of
// everyday threading code, as objects of the state.
//
// * partial(func, *args, **kw) is a kPartial holding the three (a partial of a partial is
//   flattened, as CPython's is); calling it calls func(*args, *more, **{**kw, **more_kw}).
// * wraps(wrapped) is a kWraps decorator; applied to a function it gives that function
//   wrapped's __name__ and __qualname__ and its __wrapped__ (what a Thread's default name, a
//   repr and an argument error show), and returns it.
// * contextmanager(func) is a kGenContextFactory; calling it calls func, which must be a
//   generator function, and wraps the generator in a kGenContext, which a with statement
//   drives as contextlib's _GeneratorContextManager does (generators.cc).
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

Flow Exec::FunctoolsBuiltin(Builtin b, size_t nargs, const Value* kwnames, size_t nkw,
                            size_t below) {
  const size_t npos = nargs - nkw;
  const Value* args = S().data() + S().size() - nargs;
  auto result = [&](Value v) {
    S().resize(S().size() - nargs - below);
    Push(v);
    return Flow::kNext;
  };
  auto callable = [&](Value v) {
    return v.is_builtin() || m_.Is(v, ObjType::kFunction) || m_.Is(v, ObjType::kBoundMethod) ||
           m_.Is(v, ObjType::kClass) || m_.Is(v, ObjType::kPartial) ||
           m_.Is(v, ObjType::kGenContextFactory);
  };
  switch (b) {
    case Builtin::kPartial: {
      if (npos == 0) return Raise(Builtin::kExcType, "type 'partial' takes at least one argument");
      Value fn = args[0];
      if (!callable(fn)) {
        if (HasValueDunder(fn, "__call__"))
          return InputError("unsupported in scenarios: functools.partial of a callable object");
        return Raise(Builtin::kExcType, "the first argument must be callable");
      }
      Args pos(args + 1, args + npos);
      Value kw = m_.NewObject(ObjType::kDict, 0);
      if (m_.Is(fn, ObjType::kPartial)) {  // flattened: partial(partial(f, a), b) is f, a, b
        const Value* inner = m_.payload(fn);
        Value inner_args = inner[1], inner_kw = inner[2];
        pos.insert(pos.begin(), m_.payload(inner_args), m_.payload(inner_args) + m_.size(inner_args));
        for (uint32_t i = 0; i < m_.size(inner_kw); i += 2) {
          Flow f = DictSet(kw, m_.payload(inner_kw)[i], m_.payload(inner_kw)[i + 1]);
          if (f != Flow::kNext) return f;
        }
        fn = inner[0];
      }
      for (size_t k = 0; k < nkw; ++k) {
        Flow f = DictSet(kw, kwnames[k], args[npos + k]);
        if (f != Flow::kNext) return f;
      }
      std::optional<Value> t = NewSequence(ObjType::kTuple, pos.size());
      if (!t) return Flow::kStop;
      for (size_t i = 0; i < pos.size(); ++i) m_.payload(*t)[i] = pos[i];
      Value p = m_.NewObject(ObjType::kPartial, 3);
      m_.payload(p)[0] = fn;
      m_.payload(p)[1] = *t;
      m_.payload(p)[2] = kw;
      return result(p);
    }
    case Builtin::kWraps: {
      if (nkw > 0 || npos != 1) {
        return InputError("unsupported in scenarios: functools.wraps() with other than the "
                          "wrapped function (assigned=, updated=)");
      }
      Value w = m_.NewObject(ObjType::kWraps, 1);
      m_.payload(w)[0] = args[0];
      return result(w);
    }
    case Builtin::kContextManager: {
      if (nkw > 0 || npos != 1) {
        return Raise(Builtin::kExcType, absl::StrCat("contextmanager() takes 1 positional ",
                                                     "argument but ", npos, " were given"));
      }
      if (!m_.Is(args[0], ObjType::kFunction)) {
        return InputError("unsupported in scenarios: @contextmanager on other than a generator "
                          "function");
      }
      Value f = m_.NewObject(ObjType::kGenContextFactory, 1);
      m_.payload(f)[0] = args[0];
      return result(f);
    }
    default: break;
  }
  return InputError("internal error: not a functools builtin");
}

Flow Exec::CallPartial(Value partial, size_t nargs, const Value* kwnames, size_t nkw,
                       size_t below) {
  const size_t npos = nargs - nkw;
  Args restore(S().end() - nargs - below, S().end());
  const Value* args = S().data() + S().size() - nargs;
  const Value* p = m_.payload(partial);
  Args positional(m_.payload(p[1]), m_.payload(p[1]) + m_.size(p[1]));
  positional.insert(positional.end(), args, args + npos);
  KwNames names;
  Args values;
  const Value kw = p[2];
  for (uint32_t i = 0; i < m_.size(kw); i += 2) {  // the call's keywords override the partial's
    bool overridden = false;
    for (size_t k = 0; k < nkw; ++k) overridden |= kwnames[k] == m_.payload(kw)[i];
    if (overridden) continue;
    names.push_back(m_.payload(kw)[i]);
    values.push_back(m_.payload(kw)[i + 1]);
  }
  for (size_t k = 0; k < nkw; ++k) {
    names.push_back(kwnames[k]);
    values.push_back(args[npos + k]);
  }
  return CallWithStack(p[0], positional, names, values, S().size() - nargs - below, restore);
}

Flow Exec::CallWraps(Value wraps, size_t nargs, const Value* kwnames, size_t nkw, size_t below) {
  if (nargs != 1 || nkw != 0) {
    return InputError("unsupported in scenarios: a functools.wraps() decorator called with other "
                      "than the function it decorates");
  }
  Value fn = Top();
  Value wrapped = m_.payload(wraps)[0];
  if (!m_.Is(fn, ObjType::kFunction)) {
    return InputError("unsupported in scenarios: functools.wraps() applied to other than a "
                      "function");
  }
  Value name = MakeStr(CallableName(wrapped));
  Value qualname = name;
  if (m_.Is(wrapped, ObjType::kFunction)) {
    Value q;
    LoadAttr(wrapped, Attr::kUnknown, MakeStr("__qualname__"), &q);
    qualname = q;
  }
  if (m_.size(fn) < kFnSlots) m_.Resize(fn, kFnSlots);  // (the new slots are None)
  Value* p = m_.payload(fn);
  p[kFnName] = name;
  p[kFnQualname] = qualname;
  p[kFnWrapped] = wrapped;
  m_.PublishInto(fn, wrapped);
  S().resize(S().size() - nargs - below);
  Push(fn);
  return Flow::kNext;
}

}  // namespace lockcheck
