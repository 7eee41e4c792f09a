// Golden tests of code generation (the disassembly) and of the resolver's diagnostics.
#include "scenarios/lang/compiler.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

std::shared_ptr<SourceFile> Source(const std::string& text) {
  return std::make_shared<SourceFile>("s.py", text);
}

std::string FirstError(const std::string& text) {
  auto source = Source(text);
  CompileResult r = CompileSource(source);
  if (r.errors.empty()) return "(no error)";
  return RenderDiagnostic(r.errors[0], source.get());
}

TEST(CompilerTest, GoldenDisassembly) {
  CompileResult r = CompileSource(Source(R"(import threading
lock = threading.Lock()
count = 0

def work(n):
    global count
    with lock:
        count += n

t = threading.Thread(target=work, args=(1,))
t.start()
t.join()
)"));
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(Disassemble(*r.program),
            R"(code 0: <module> (params 0, locals 0, stack 3)
    1      0 THREAD_BEGIN
           1 LOAD_BUILTIN           (threading)
           2 STORE_GLOBAL           0 (threading)
    2      3 LOAD_BUILTIN           (threading.Lock)
           4 CALL                   0
           5 STORE_GLOBAL           1 (lock)
    3      6 LOAD_CONST             0 (0)
           7 STORE_GLOBAL           2 (count)
    5      8 MAKE_FUNCTION          1 (work)
           9 STORE_GLOBAL           3 (work)
   10     10 LOAD_BUILTIN           (threading.Thread)
          11 LOAD_GLOBAL_STABLE     3 (work)
          12 LOAD_CONST             2 (1)
          13 BUILD_TUPLE            1
          14 CALL                   2 kw=(target, args)
          15 STORE_GLOBAL           4 (t)
   11     16 LOAD_GLOBAL_STABLE     4 (t)
          17 LOAD_METHOD            (start)
          18 CALL_METHOD            0
          19 POP_TOP
   12     20 LOAD_GLOBAL_STABLE     4 (t)
          21 LOAD_METHOD            (join)
          22 CALL_METHOD            0
          23 POP_TOP
    1     24 THREAD_EXIT

code 1: work (params 1, locals 1, stack 3)
    7      0 LOAD_GLOBAL_STABLE     1 (lock)
           1 WITH_ENTER
           2 POP_TOP
    8      3 LOAD_GLOBAL            2 (count)
           4 LOAD_FAST              0 (n)
           5 BINARY                 (+=)
           6 STORE_GLOBAL           2 (count)
    7      7 WITH_EXIT
           8 JUMP                   11
           9 WITH_EXCEPT
          10 RERAISE
    8     11 LOAD_CONST             1 (None)
          12 RETURN_VALUE
  exception table: 3 to 7 -> 9 [depth 1]

code 2: <thread> (params 3, locals 3, stack 1)
           0 THREAD_BEGIN
           1 CALL_TARGET
           2 POP_TOP
           3 THREAD_EXIT

)");
}

// Regression: `and`, `or` and chained comparisons left the compiler's stack depth one too high
// (their jumps' fall-through pops the operand), so a `try` after one inside a `with` unwound
// to a depth that kept a stale value above the manager, and the `with` exit then ran on it.
TEST(CompilerTest, ShortCircuitExpressionsKeepTheStackDepth) {
  for (const char* expr : {"f() and f()", "f() or f()", "1 < f() < 3", "f() if f() else f()",
                           "not (f() and f() or f())"}) {
    CompileResult r = CompileSource(Source(absl::StrCat(R"(class P:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return False
def f():
    return 2
with P():
    x = )", expr, R"(
    try:
        f()
    except KeyError:
        pass
)")));
    ASSERT_TRUE(r.errors.empty()) << expr;
    const Code& module = r.program->codes[0];
    ASSERT_EQ(module.exceptions.size(), 2u) << expr;
    // Innermost first: the try keeps what the with keeps (its manager), no more.
    EXPECT_EQ(module.exceptions[0].depth, 1) << expr;
    EXPECT_EQ(module.exceptions[1].depth, 1) << expr;
  }
}

TEST(CompilerTest, GoldenClassStatement) {
  // The class is made from its bases, then each member is set on it in order; a method's
  // function records its class, and super() reads it from a hidden __class__ local.
  CompileResult r = CompileSource(Source(R"(class Base:
    def m(self, x):
        return x

class A(Base):
    size = 2
    def m(self, x=1):
        return super().m(x)
)"));
  ASSERT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.program->has_classes);
  EXPECT_EQ(Disassemble(*r.program), R"(code 0: <module> (params 0, locals 0, stack 2)
    1      0 THREAD_BEGIN
           1 MAKE_CLASS             0 (Base)
    2      2 MAKE_FUNCTION          1 (m) method
           3 CLASS_SET_ATTR         (m)
    1      4 STORE_GLOBAL           0 (Base)
    5      5 LOAD_GLOBAL_STABLE     0 (Base)
           6 MAKE_CLASS             1 (A)
    6      7 LOAD_CONST             4 (2)
           8 CLASS_SET_ATTR         (size)
    7      9 LOAD_CONST             6 (1)
          10 BUILD_TUPLE            1
          11 MAKE_FUNCTION          2 (m) method
          12 CLASS_SET_ATTR         (m)
    5     13 STORE_GLOBAL           1 (A)
    1     14 THREAD_EXIT

code 1: m (params 2, locals 2, stack 1)
    3      0 LOAD_FAST              1 (x)
           1 RETURN_VALUE
           2 LOAD_CONST             1 (None)
           3 RETURN_VALUE

code 2: m (params 2, locals 3, stack 3)
    8      0 LOAD_BUILTIN           (super)
           1 LOAD_FAST              2 (__class__)
           2 LOAD_FAST              0 (self)
           3 CALL                   2
           4 LOAD_METHOD            (m)
           5 LOAD_FAST              1 (x)
           6 CALL_METHOD            1
           7 RETURN_VALUE
           8 LOAD_CONST             1 (None)
           9 RETURN_VALUE

code 3: <thread> (params 3, locals 3, stack 1)
           0 THREAD_BEGIN
           1 CALL_TARGET
           2 POP_TOP
           3 THREAD_EXIT

)");
}

TEST(CompilerTest, GoldenClosure) {
  // n is a cell of counter (made at its entry) and a free variable of inc, whose closure
  // tuple counter builds from its own cell; a lambda is a function of one expression.
  CompileResult r = CompileSource(Source(R"(def counter():
    n = 0
    def inc(k=1):
        nonlocal n
        n += k
        return n
    return inc


f = lambda x: x + 1
)"));
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(Disassemble(*r.program), R"(code 0: <module> (params 0, locals 0, stack 1)
    1      0 THREAD_BEGIN
           1 MAKE_FUNCTION          1 (counter)
           2 STORE_GLOBAL           0 (counter)
   10      3 MAKE_FUNCTION          3 (<lambda>)
           4 STORE_GLOBAL           1 (f)
    1      5 THREAD_EXIT

code 1: counter (params 0, locals 2, stack 2)
    2      0 LOAD_CONST             0 (0)
           1 STORE_DEREF            0 (n)
    3      2 LOAD_CONST             1 (1)
           3 BUILD_TUPLE            1
           4 LOAD_CLOSURE           0 (n)
           5 BUILD_TUPLE            1
           6 MAKE_FUNCTION          2 (inc) closure
           7 STORE_FAST             1 (inc)
    7      8 LOAD_FAST              1 (inc)
           9 RETURN_VALUE
          10 LOAD_CONST             2 (None)
          11 RETURN_VALUE

code 2: inc (params 1, locals 2, stack 2)
    5      0 LOAD_DEREF             1 (n)
           1 LOAD_FAST              0 (k)
           2 BINARY                 (+=)
           3 STORE_DEREF            1 (n)
    6      4 LOAD_DEREF             1 (n)
           5 RETURN_VALUE
           6 LOAD_CONST             2 (None)
           7 RETURN_VALUE

code 3: <lambda> (params 1, locals 1, stack 2)
   10      0 LOAD_FAST              0 (x)
           1 LOAD_CONST             1 (1)
           2 BINARY                 (+)
           3 RETURN_VALUE

code 4: <thread> (params 3, locals 3, stack 1)
           0 THREAD_BEGIN
           1 CALL_TARGET
           2 POP_TOP
           3 THREAD_EXIT

)");
}

TEST(CompilerTest, BreakOutOfWithRunsTheExitOutsideTheRegion) {
  CompileResult r = CompileSource(Source(R"(import threading
l = threading.Lock()
def f():
    while True:
        with l:
            break
    return 1
)"));
  ASSERT_TRUE(r.errors.empty());
  const Code& f = r.program->codes[1];
  // The region of the with is split around the exit that the break runs.
  for (const ExceptionEntry& e : f.exceptions) {
    for (int pc = e.start; pc < e.end; ++pc) EXPECT_NE(f.instrs[pc].op, Opcode::kWithExit);
  }
}

TEST(CompilerTest, StackDepthAfterLoopsIsExact) {
  // Regression: the depth after a for loop (and a comprehension) was one too low, so a `with`
  // after it unwound one value too many on an exception.
  CompileResult r = CompileSource(Source(R"(import threading
l = threading.Lock()
for i in range(2):
    pass
xs = [j for j in range(2)]
with l:
    y = 1
)"));
  ASSERT_TRUE(r.errors.empty());
  const Code& module = r.program->codes[0];
  ASSERT_EQ(module.exceptions.size(), 1u);
  EXPECT_EQ(module.exceptions[0].depth, 1);  // the manager
}

TEST(CompilerTest, GoldenSetsComprehensionsAndDel) {
  CompileResult r = CompileSource(Source(R"(s = {1, 2}
d = {k: v for k, v in [(1, 2)] if k}
t = {x for x in s}
def f(a):
    del a, d[1], d[0:1]
    del s.attr
)"));
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(Disassemble(*r.program),
            R"(code 0: <module> (params 0, locals 3, stack 6)
    1      0 THREAD_BEGIN
           1 LOAD_CONST             0 (1)
           2 LOAD_CONST             1 (2)
           3 BUILD_SET              2
           4 STORE_GLOBAL           0 (s)
    2      5 BUILD_DICT             0
           6 LOAD_CONST             0 (1)
           7 LOAD_CONST             1 (2)
           8 BUILD_TUPLE            2
           9 BUILD_LIST             1
          10 GET_ITER
          11 FOR_ITER               21
          12 UNPACK_SEQUENCE        2
          13 STORE_FAST             0 (k#0)
          14 STORE_FAST             1 (v#1)
          15 LOAD_FAST              0 (k#0)
          16 POP_JUMP_IF_FALSE      11
          17 LOAD_FAST              0 (k#0)
          18 LOAD_FAST              1 (v#1)
          19 MAP_ADD                4
          20 JUMP                   11
          21 STORE_GLOBAL           1 (d)
    3     22 BUILD_SET              0
          23 LOAD_GLOBAL_STABLE     0 (s)
          24 GET_ITER
          25 FOR_ITER               30
          26 STORE_FAST             2 (x#2)
          27 LOAD_FAST              2 (x#2)
          28 SET_ADD                4
          29 JUMP                   25
          30 STORE_GLOBAL           2 (t)
    4     31 MAKE_FUNCTION          1 (f)
          32 STORE_GLOBAL           3 (f)
    1     33 THREAD_EXIT

code 1: f (params 1, locals 1, stack 3)
    5      0 DELETE_FAST            0 (a)
           1 LOAD_GLOBAL_STABLE     1 (d)
           2 LOAD_CONST             0 (1)
           3 DELETE_SUBSCR
           4 LOAD_GLOBAL_STABLE     1 (d)
           5 LOAD_CONST             2 (0)
           6 LOAD_CONST             0 (1)
           7 DELETE_SUBSCR          (slice)
    6      8 LOAD_GLOBAL_STABLE     0 (s)
           9 DELETE_ATTR            (attr)
          10 LOAD_CONST             4 (None)
          11 RETURN_VALUE

code 2: <thread> (params 3, locals 3, stack 1)
           0 THREAD_BEGIN
           1 CALL_TARGET
           2 POP_TOP
           3 THREAD_EXIT

)");
}

TEST(CompilerTest, StableGlobalsAreThoseBoundBeforeAnyThreadStarts) {
  CompileResult r = CompileSource(Source(R"(import threading
N = 3
flag = False
def f():
    global flag
    flag = True
t = threading.Thread(target=f)
t.start()
late = 1
)"));
  ASSERT_TRUE(r.errors.empty());
  const Program& p = *r.program;
  auto stable = [&](const std::string& name) {
    for (size_t i = 0; i < p.global_names.size(); ++i)
      if (p.global_names[i] == name) return static_cast<bool>(p.global_stable[i]);
    return false;
  };
  EXPECT_TRUE(stable("N"));
  EXPECT_TRUE(stable("f"));
  EXPECT_TRUE(stable("t"));
  EXPECT_FALSE(stable("flag"));  // written by a function
  EXPECT_FALSE(stable("late"));  // written after a thread may run
}

TEST(CompilerTest, ADecoratorOrAClassCallMayStartAThread) {
  CompileResult r = CompileSource(Source(R"(import threading
def deco(fn):
    return fn
class Box:
    size = 1
    @property
    def v(self):
        return 1
before = 1
@deco
def g():
    pass
after = 2
)"));
  ASSERT_TRUE(r.errors.empty());
  const Program& p = *r.program;
  auto stable = [&](const std::string& name) {
    for (size_t i = 0; i < p.global_names.size(); ++i)
      if (p.global_names[i] == name) return static_cast<bool>(p.global_stable[i]);
    return false;
  };
  EXPECT_TRUE(stable("Box"));     // a class statement and its @property start nothing
  EXPECT_TRUE(stable("before"));
  EXPECT_FALSE(stable("after"));  // deco(g) may have started a thread
}

TEST(ResolverTest, UnsupportedConstructsAreRefusedWithTheirName) {
  EXPECT_EQ(FirstError("def f():\n    class A:\n        pass\n"),
            "s.py:2:5: error: unsupported in scenarios: class definitions inside functions\n"
            "        class A:\n"
            "        ^\n");
  EXPECT_EQ(FirstError("class A(metaclass=M):\n    pass\n"),
            "s.py:1:9: error: unsupported in scenarios: metaclasses\n"
            "    class A(metaclass=M):\n"
            "            ^\n");
  EXPECT_EQ(FirstError("class A:\n    __slots__ = ()\n"),
            "s.py:2:5: error: unsupported in scenarios: __slots__\n"
            "        __slots__ = ()\n"
            "        ^\n");
  // getattr and its siblings with a constant dunder name the VM does not model: refused as
  // the `.` form is, at the name (a program's own getattr is not the builtin).
  EXPECT_EQ(FirstError("def f():\n    pass\nx = getattr(f, '__globals__', None)\n"),
            "s.py:3:16: error: unsupported in scenarios: the attribute '__globals__' (no "
            "introspection of objects, functions, classes or modules)\n"
            "    x = getattr(f, '__globals__', None)\n"
            "                   ^\n");
  EXPECT_EQ(FirstError("class A:\n    pass\ndelattr(A, '__dict__')\n"),
            "s.py:3:12: error: unsupported in scenarios: the attribute '__dict__' (no "
            "introspection of objects, functions, classes or modules)\n"
            "    delattr(A, '__dict__')\n"
            "               ^\n");
  EXPECT_EQ(FirstError("def hasattr(a, b):\n    return b\nhasattr(1, '__code__')\n"),
            "(no error)");
  EXPECT_EQ(FirstError("def f(setattr):\n    setattr(1, '__code__', 2)\n"), "(no error)");
  EXPECT_EQ(FirstError("class A:\n    def __getattr__(self, n):\n        pass\n"),
            "s.py:2:9: error: unsupported in scenarios: attribute hooks (__getattr__)\n"
            "        def __getattr__(self, n):\n"
            "            ^\n");
  EXPECT_EQ(FirstError("class A:\n    def __lt__(self, o):\n        return 0\n"),
            "s.py:2:9: error: unsupported in scenarios: special method __lt__ (classes honour "
            "__init__, __enter__, __exit__, __len__, __iter__, __next__, __eq__, __hash__, "
            "__repr__, __str__, __contains__, __getitem__, __setitem__ and __bool__)\n"
            "        def __lt__(self, o):\n"
            "            ^\n");
  EXPECT_EQ(FirstError("class A:\n    @other\n    def f(self):\n        pass\nother = 1\n"),
            "s.py:2:6: error: unsupported in scenarios: method decorators other than @property, "
            "@staticmethod, @classmethod and @<property>.setter\n"
            "        @other\n"
            "         ^\n");
  EXPECT_EQ(FirstError("class A:\n    __hash__ = 3\n"),
            "s.py:2:16: error: unsupported in scenarios: __hash__ other than None\n"
            "        __hash__ = 3\n"
            "                   ^\n");
  EXPECT_EQ(FirstError("class A:\n    def __del__(self):\n        pass\n"),
            "s.py:2:9: error: unsupported in scenarios: finalizers (__del__)\n"
            "        def __del__(self):\n"
            "            ^\n");
  EXPECT_EQ(FirstError("def d(c):\n    return c\n@d\nclass A:\n    pass\n"),
            "s.py:3:2: error: unsupported in scenarios: class decorators\n"
            "    @d\n"
            "     ^\n");
  EXPECT_EQ(FirstError("f = lambda a, /: 1\n"),
            "s.py:1:12: error: unsupported in scenarios: positional-only parameters\n"
            "    f = lambda a, /: 1\n"
            "               ^\n");
  EXPECT_EQ(FirstError("def f():\n    nonlocal x\n"),
            "s.py:2:14: error: no binding for nonlocal 'x' found\n"
            "        nonlocal x\n"
            "                 ^\n");
  EXPECT_EQ(FirstError("nonlocal x\n"),
            "s.py:1:1: error: nonlocal declaration not allowed at module level\n"
            "    nonlocal x\n"
            "    ^\n");
  EXPECT_EQ(FirstError("import os\n"),
            "s.py:1:8: error: unsupported in scenarios: import of module 'os' (scenarios may "
            "import threading, _thread, time, queue, collections, contextlib, functools, random, sys "
            "(exit only), concurrent.futures and lockcheck.capi)\n"
            "    import os\n"
            "           ^\n");
  EXPECT_EQ(FirstError("from threading import settrace\n"),
            "s.py:1:23: error: unsupported in scenarios: 'threading.settrace' (not modelled by "
            "lockcheck)\n"
            "    from threading import settrace\n"
            "                          ^\n");
  EXPECT_EQ(FirstError("lst = [1, 2]\ndel lst[::2]\n"),
            "s.py:2:11: error: unsupported in scenarios: del of an extended slice\n"
            "    del lst[::2]\n"
            "              ^\n");
  EXPECT_EQ(FirstError("del undefined_name\n"),
            "(no error)");  // a module-level del binds the name (NameError when run)
  EXPECT_EQ(FirstError("def f():\n    del g()\n"),
            "s.py:2:9: error: cannot delete function call\n"
            "        del g()\n"
            "            ^\n");
  EXPECT_EQ(FirstError("def f(a, /):\n    pass\n"),
            "s.py:1:7: error: unsupported in scenarios: positional-only parameters\n"
            "    def f(a, /):\n"
            "          ^\n");
  EXPECT_EQ(FirstError("f = lambda: (yield)\n"),
            "s.py:1:14: error: unsupported in scenarios: yield inside a lambda\n"
            "    f = lambda: (yield)\n"
            "                 ^\n");
}

TEST(ResolverTest, YieldOutsideAFunctionIsASyntaxError) {
  EXPECT_EQ(FirstError("yield 1\n"),
            "s.py:1:1: error: 'yield' outside function\n"
            "    yield 1\n"
            "    ^\n");
  EXPECT_EQ(FirstError("def f():\n    return [(yield x) for x in range(3)]\n"),
            "s.py:2:14: error: 'yield' inside list comprehension\n"
            "        return [(yield x) for x in range(3)]\n"
            "                 ^\n");
  // The kind of comprehension is named; its first iterable is outside it (allowed).
  EXPECT_EQ(FirstError("def f():\n    return {x for x in [] if (yield)}\n"),
            "s.py:2:31: error: 'yield' inside set comprehension\n"
            "        return {x for x in [] if (yield)}\n"
            "                                  ^\n");
  EXPECT_EQ(FirstError("def f():\n    return {x: (yield) for x in []}\n"),
            "s.py:2:17: error: 'yield' inside dict comprehension\n"
            "        return {x: (yield) for x in []}\n"
            "                    ^\n");
  EXPECT_EQ(FirstError("def f():\n    return list((yield) for x in [])\n"),
            "s.py:2:18: error: 'yield' inside generator expression\n"
            "        return list((yield) for x in [])\n"
            "                     ^\n");
  EXPECT_EQ(FirstError("def f():\n    return [x for x in (yield)]\n"), "(no error)");
}

TEST(CompilerTest, StarredCallsGatherTheirArgumentsInOrder) {
  CompileResult r = CompileSource(Source("def f(*a, **k):\n    pass\nf(1, *[2], x=3, **{})\n"));
  ASSERT_TRUE(r.errors.empty());
  const std::string listing = Disassemble(*r.program);
  EXPECT_NE(listing.find(R"(    3      3 LOAD_GLOBAL_STABLE     0 (f)
           4 BUILD_LIST             0
           5 LOAD_CONST             1 (1)
           6 LIST_APPEND            1
           7 LOAD_CONST             2 (2)
           8 BUILD_LIST             1
           9 LIST_EXTEND
          10 BUILD_DICT             0
          11 LOAD_CONST             3 ('x')
          12 LOAD_CONST             4 (3)
          13 DICT_MERGE             (key, value)
          14 BUILD_DICT             0
          15 DICT_MERGE             (mapping)
          16 CALL_EX                (args, kwargs)
)"), std::string::npos) << listing;
  const Code& f = r.program->codes[1];
  EXPECT_EQ(f.num_params, 0);
  EXPECT_EQ(f.varargs_slot, 0);
  EXPECT_EQ(f.varkw_slot, 1);
}

TEST(CompilerTest, KeywordOnlyParametersFollowThePositionalOnes) {
  CompileResult r = CompileSource(Source("def f(a, b=1, *, c, d=2, **kw):\n    pass\n"));
  ASSERT_TRUE(r.errors.empty());
  const Code& f = r.program->codes[1];
  EXPECT_EQ(f.num_params, 2);
  EXPECT_EQ(f.num_defaults, 1);
  EXPECT_EQ(f.num_kwonly, 2);
  EXPECT_EQ(f.kwonly_has_default, (std::vector<bool>{false, true}));
  EXPECT_EQ(f.varargs_slot, -1);
  EXPECT_EQ(f.varkw_slot, 4);
  EXPECT_EQ(f.local_names[2], "c");
  // Both defaults in one tuple: b's, then d's.
  EXPECT_NE(Disassemble(*r.program).find("BUILD_TUPLE            2\n           4 MAKE_FUNCTION"),
            std::string::npos);
}

TEST(CompilerTest, GeneratorsAndGeneratorExpressions) {
  CompileResult r = CompileSource(Source(
      "def g(xs):\n    yield 1\n    got = yield from xs\n    return got\n"
      "def plain():\n    return 1\n"
      "s = sum(x * 2 for x in [1, 2])\n"));
  ASSERT_TRUE(r.errors.empty());
  const Program& p = *r.program;
  EXPECT_TRUE(p.has_generators);
  ASSERT_GE(p.codes.size(), 4u);
  EXPECT_TRUE(p.codes[1].is_generator);
  EXPECT_EQ(p.codes[1].local_names[p.codes[1].gen_slot].substr(0, 10), "generator#");
  EXPECT_FALSE(p.codes[2].is_generator);
  EXPECT_EQ(p.codes[3].name, "<genexpr>");
  EXPECT_TRUE(p.codes[3].is_generator);
  EXPECT_EQ(p.codes[3].local_names[0], ".0");
  const std::string listing = Disassemble(p);
  // yield from: the iterator, None sent first, delegation, else a loop yielding each item.
  EXPECT_NE(listing.find(R"(    3      3 LOAD_FAST              0 (xs)
           4 GET_ITER
           5 LOAD_CONST             1 (None)
           6 YIELD_FROM             11
           7 FOR_ITER               10
           8 YIELD
           9 JUMP                   6
          10 LOAD_CONST             1 (None)
          11 STORE_FAST             1 (got)
)"), std::string::npos) << listing;
  // The generator expression: a function of the first iterable, called at once.
  EXPECT_NE(listing.find(R"(           6 MAKE_FUNCTION          3 (<genexpr>)
           7 LOAD_CONST             0 (1)
           8 LOAD_CONST             2 (2)
           9 BUILD_LIST             2
          10 CALL                   1
          11 CALL                   1
)"), std::string::npos) << listing;
}

TEST(ResolverTest, UndefinedNamesAreRefusedUpFront) {
  EXPECT_EQ(FirstError("def f():\n    return undefined_thing\n"),
            "s.py:2:12: error: name 'undefined_thing' is not defined\n"
            "        return undefined_thing\n"
            "               ^\n");
}

// CPython's symbol table: a `global` statement comes before every use and binding of its names
// in its block, and __debug__ is never assigned.
TEST(ResolverTest, GlobalAfterUseAndDebugAssignmentAreSyntaxErrors) {
  EXPECT_EQ(FirstError("x = 0\ndef f():\n    x = 1\n    global x\n"),
            "s.py:4:5: error: name 'x' is assigned to before global declaration\n"
            "        global x\n"
            "        ^\n");
  EXPECT_EQ(FirstError("x = 0\ndef f():\n    print(x)\n    global x\n"),
            "s.py:4:5: error: name 'x' is used prior to global declaration\n"
            "        global x\n"
            "        ^\n");
  EXPECT_EQ(FirstError("def f(x):\n    global x\n"),
            "s.py:2:5: error: name 'x' is parameter and global\n"
            "        global x\n"
            "        ^\n");
  EXPECT_EQ(FirstError("y = 1\nglobal y\n"),
            "s.py:2:1: error: name 'y' is assigned to before global declaration\n"
            "    global y\n"
            "    ^\n");
  EXPECT_EQ(FirstError("__debug__ = 1\n"),
            "s.py:1:1: error: cannot assign to __debug__\n"
            "    __debug__ = 1\n"
            "    ^\n");
  // Before the first use, and in another function, `global` is fine.
  EXPECT_EQ(FirstError("x = 0\ndef f():\n    global x\n    x = 1\ndef g():\n    x = 2\n"
                       "    return x\n"),
            "(no error)");
}

TEST(ResolverTest, ReturnOutsideFunction) {
  EXPECT_EQ(FirstError("return 1\n"),
            "s.py:1:1: error: 'return' outside function\n"
            "    return 1\n"
            "    ^\n");
}

TEST(ResolverTest, HugeLiteral) {
  EXPECT_EQ(FirstError("x = 123456789012345678901234567890\n"),
            "s.py:1:5: error: integer literal too large (the limit is 64 bits)\n"
            "    x = 123456789012345678901234567890\n"
            "        ^\n");
}

}  // namespace
}  // namespace lockcheck
