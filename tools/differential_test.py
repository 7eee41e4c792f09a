#!/usr/bin/env python3
"""The differential test: lockcheck against CPython (this python3, 3.11).

Two properties, over programs this script generates deterministically (a fixed seed) and over
the corpus:

1. Syntax. A program CPython's compiler rejects (compile(): the parser and the symbol table)
   is rejected by lockcheck (`lockcheck check` ends in an input error). Generated: a few hundred
   small valid programs and broken copies of them (a token dropped, doubled or swapped, a bad
   indent, an unclosed bracket ...), plus the corpus.
2. One thread. A program without threads prints the same under `lockcheck run` as under
   CPython, and ends the same way (the same uncaught exception type, or none). Generated:
   programs exercising builtins, formatting, iteration and exceptions; and the corpus's
   sequential parts: each corpus scenario that starts no thread, whole, and of every other one
   the module code before its first thread starts.

lockcheck refusing a program with a diagnostic ("unsupported in scenarios", a name it does not
define, a value past its limits: exit 2) is honest and counted as refused. A different output,
a different ending, or a syntax error CPython reports that lockcheck accepts, is a difference:
the test fails unless KNOWN lists it (with the issue point that will fix it). Where CPython
3.11 and the modelled 3.13 differ, VERSION names the difference and the program is compared
against what 3.13 does. A KNOWN entry whose programs all agree now is reported (remove it) but
does not fail, so a branch that fixes one does not break this test.

lockcheck shows a program's output line by line under the step that printed it, so the
generated programs print whole lines (no `end=`) without control characters.

Usage: tools/differential_test.py [--seed N] [--list] LOCKCHECK REPO
"""
import argparse
import concurrent.futures
import contextlib
import glob
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import warnings

# Differences lockcheck has today, each with what is wrong and the point of issue 18 (or the
# issue) under which it is being fixed. A program whose source contains the key is one of them.
KNOWN = {
}

# Where CPython 3.11 (this python3) and the modelled 3.13 differ: the generated programs that
# meet a difference are compared with what 3.13 gives, and the difference is named here.
VERSION = {
    "nested-fstring-quotes": "f-strings may reuse their quote inside a replacement field from "
                             "3.12 on (PEP 701): 3.11 rejects f\"{d[\"k\"]}\", 3.13 accepts it",
    "empty-min-max": "min()/max() of an empty iterable: 3.11 says 'arg is an empty sequence', "
                     "3.12 on 'iterable argument is empty'",
    "randrange-empty-range": "randrange(3, 2) (so randint(3, 1)): 3.11 says 'empty range for "
                             "randrange() (3, 2, -1)', 3.12 on 'empty range in randrange(3, 2)'",
    "rlock-recursion-count": "RLock._recursion_count() is missing from Debian's 3.11.2 (the C "
                             "RLock has it in later releases and 3.13): that program's run "
                             "under this python3 ends in an AttributeError, so it is not compared",
}

# How a 3.11 output line reads under 3.13, for the differences above that change text.
VERSION_TEXT = [(re.compile(r"\b(min|max)\(\) arg is an empty sequence"),
                 r"\1() iterable argument is empty", "empty-min-max"),
                (re.compile(r"empty range for randrange\(\) \((-?\d+), (-?\d+), -?\d+\)"),
                 r"empty range in randrange(\1, \2)", "randrange-empty-range")]

# A thread starts at `.start()`, at `start_new_thread(` and, in a pool, at its first submit
# (cut at the pool's creation).
THREAD_START = re.compile(r"\.start\(\)|start_new_thread\(|ThreadPoolExecutor\(")


# ------------------------------------------------------------------------------------------
# Generated programs. Every generator takes the shared Random and returns source text.

INTS = ["0", "1", "-1", "7", "-7", "3", "10", "255", "2**31", "-(2**40)", "4611686018427387904",
        "9223372036854775807", "-9223372036854775807"]
FLOATS = ["0.0", "-0.0", "0.1", "1.5", "-2.25", "1e16", "1e-7", "3.0", "0.30000000000000004",
          "1e300", "2.5e-300", "123456789.125", "float('inf')", "float('-inf')"]
STRS = ['""', '"a"', '"abc"', '"Hello, world"', "'it\\'s'", '"say \\"hi\\""', '"a,b,,c"',
        '"  padded  "', '"\\u00e9t\\u00e9"', '"tab\\\\t"', '"x" * 3', '"ab" + "cd"', '"MiXeD"']
LISTS = ["[]", "[1, 2, 3]", "[3, 1, 2]", '["b", "a"]', "[[1, 2], [3]]", "[1, 'a', None, 2.5]",
         "list(range(5))", "[True, False]", "[0] * 4", "[(1, 'x'), (0, 'y')]"]
TUPLES = ["()", "(1,)", "(1, 2)", '("a", 1, None)', "((1, 2), (3,))", "tuple(range(3))"]
DICTS = ["{}", '{"a": 1}', '{"a": 1, "b": [2, 3]}', "{1: 'one', 2: 'two'}", '{"k": {"n": None}}',
         '{(1, 2): "t"}', '{True: 1}']
ATOMS = INTS + FLOATS + STRS + LISTS + TUPLES + DICTS + ["None", "True", "False"]


def builtin_program(r):
    """One line printing a builtin applied to values."""
    x, y = r.choice(ATOMS), r.choice(ATOMS)
    seq = r.choice(LISTS + TUPLES + STRS)
    num = r.choice(INTS + FLOATS)
    nums = r.choice(["[3, 1, 2]", "[1.5, -2, 0]", "(4, 4, 1)", "range(7)", "[-1]", "[]"])
    int_arg = r.choice(INTS + ["3.9", "-3.9", "1e10", "True"])
    float_arg = r.choice(INTS + ['"1.5"', '"-0"', '"1e5"', '"inf"'])
    int_text = r.choice(['"42"', '" 7 "', '"-13"', '"+5"', '"0"'])
    str_method = r.choice(["upper()", "lower()", "strip()", "split()", 'split(",")',
                           'startswith("a")', 'endswith("c")', 'find("b")', 'replace("a", "o")',
                           'count("a")', "isdigit()", "title()"])
    key = r.choice(['"a"', "1", '"z"'])
    joined = r.choice(['["a", "b"]', '"xyz"', "[]", '("1",)'])
    exprs = [
        f"len({seq})", f"abs({num})", f"min({nums}, default=None)", f"max({nums}, default=0)",
        f"sum({nums})", f"sorted({seq})", f"sorted({nums}, reverse=True)",
        f"list(reversed({seq}))", f"list(enumerate({seq}))", f"list(zip({seq}, {nums}))",
        f"list({seq})", f"tuple({seq})", f"str({x})", f"repr({x})", f"bool({x})",
        f"int({int_arg})", f"float({float_arg})", f"int({int_text})",
        f"any({seq})", f"all({seq})", f"divmod({r.choice(INTS[:8])}, {r.choice(['3', '-2', '7'])})",
        f"isinstance({x}, {r.choice(['int', 'str', 'list', 'tuple', 'dict', 'float', 'bool'])})",
        f"{x} == {y}", f"{x} != {y}", f"{x} is None", f"{num} < {r.choice(INTS + FLOATS)}",
        f"{x} in {seq}", f"not {x}", f"{x} or {y}", f"{x} and {y}",
        f"{r.choice(INTS)} {r.choice(['+', '-', '*', '//', '%'])} {r.choice(['3', '-2', '7', '1'])}",
        f"{r.choice(FLOATS)} {r.choice(['+', '-', '*', '/'])} {r.choice(['3', '-2.5', '0.1'])}",
        f"{r.choice(INTS[:9])} {r.choice(['&', '|', '^', '<<', '>>'])} {r.choice(['1', '3', '5'])}",
        f"{r.choice(INTS[:9])} ** {r.choice(['0', '2', '3', '-1'])}",
        f"{seq}[{r.choice(['0', '-1', '1:', ':2', '::-1', '1:3', '::2'])}]",
        f"{r.choice(STRS)}.{str_method}",
        f"{r.choice(LISTS)}.{r.choice(['index(1)', 'count(1)', 'copy()'])}",
        f"{r.choice(DICTS)}.get({key})",
        f"{r.choice(DICTS)}.get(\"z\", {x})", f"len({r.choice(DICTS)})",
        f"\",\".join({joined})",
        f"list({r.choice(DICTS)})", f"list(range({r.choice(['0', '3', '10, 0, -3', '-2, 2'])}))",
    ]
    return f"print({r.choice(exprs)})\n"


def format_program(r):
    """Printing values: print's own spacing, str and repr of nested values, f-strings."""
    vals = [r.choice(ATOMS) for _ in range(r.randint(1, 3))]
    sep = r.choice(['"-"', '""', '", "'])
    # In an f-string's braces: no backslash (3.11 refuses it; 3.12 allows it, as 3.13 does).
    plain = [v for v in vals if "\\" not in v] or ["1"]
    forms = [
        f"print({', '.join(vals)})",
        f"print({', '.join(vals)}, sep={sep})",
        f"print([{', '.join(vals)}])",
        f"print(({', '.join(vals)},))",
        f"print({{{', '.join(f'{i}: {v}' for i, v in enumerate(vals))}}})",
        "print(f\"" + " ".join(f"{{{v}}}" for v in plain) + "\")",
        "print(f\"" + " ".join(f"{{{v}!r}}" for v in plain) + "\")",
        f"print(str({vals[0]}) + \"|\" + repr({vals[-1]}))",
        f"print(\"%d items\" % {r.choice(INTS[:6])})",
        f"print(\"%s and %r\" % ({vals[0]}, {vals[-1]}))",
        f"print(\"{{}}-{{}}\".format({vals[0]}, {vals[-1]}))",
        f"x = {vals[0]}\nprint(f\"{{x}} {{x!r}} {{x!s}}\")",
    ]
    return r.choice(forms) + "\n"


def iteration_program(r):
    """Loops, comprehensions, break/continue/else, and changing a list while iterating it."""
    seq = r.choice(LISTS + TUPLES + STRS[:8] + ["range(4)", "range(10, 0, -3)"])
    unpacked = r.choice(["[1, 2, 3]", "(1,)", '"xyz"'])
    forms = [
        f"for x in {seq}:\n    print(x)\n",
        f"for i, x in enumerate({seq}):\n    print(i, x)\n",
        f"for a, b in zip({seq}, {r.choice(LISTS)}):\n    print(a, b)\n",
        f"print([x for x in {seq} if x])\n",
        f"print([(i, j) for i in range(3) for j in range(i)])\n",
        f"for x in {seq}:\n    if x == {r.choice(ATOMS)}:\n        print('found')\n        break\n"
        "else:\n    print('none')\n",
        f"n = 0\nfor x in {seq}:\n    if not x:\n        continue\n    n += 1\nprint(n)\n",
        f"i = 0\nwhile i < {r.randint(0, 5)}:\n    i += 1\n    if i == 3:\n        break\nprint(i)\n",
        f"d = {r.choice(DICTS)}\nfor k in d:\n    print(k, d[k])\n",
        "lst = [1, 2, 3]\nfor i, x in enumerate(lst):\n    if i < 2:\n        lst.append(x * 10)\n"
        "    print(i, x)\nprint(lst)\n",
        "lst = [1, 2, 3, 4]\nfor x in lst:\n    if x % 2 == 0:\n        lst.remove(x)\nprint(lst)\n",
        "lst = [0]\nfor x in lst:\n    if len(lst) < 5:\n        lst.append(x + 1)\nprint(lst)\n",
        f"total = 0\nfor x in range({r.randint(0, 6)}):\n    for y in range(x):\n        total += x * y\n"
        "print(total)\n",
        f"it = {seq}\nprint(list(it), list(it))\n",
        f"print(sorted([x * 2 for x in {r.choice(['[3, 1, 2]', 'range(5)', '(2, 2, 1)'])}]))\n",
        f"a, *b = {unpacked}\nprint(a, b)\n",
    ]
    return r.choice(forms)


def exception_program(r):
    """Raising and catching, messages of the builtins' exceptions, try/except/else/finally."""
    failing = [
        "1 // 0", "1 % 0", "1.0 / 0", "[][0]", "[1, 2][5]", "(1,)[2]", '{}["k"]', '{"a": 1}["b"]',
        'int("x")', 'int("1.5")', 'float("abc")', "None + 1", '"a" + 1', "1 + \"a\"",
        '[1] + (2,)', "len(5)", "undefined_thing" if r.random() < 0.1 else "[].pop()",
        '{}.pop("k")', "[1].index(9)", '"abc".index("z")', "int(None)", "-(1 < 'a')",
        "abs('x')", "sum(['a'])", "max([])", "min([])", "divmod(1, 0)", "2 ** -1 // 0",
        '"abc"[10]', 'list(5)', '[1, 2].remove(3)', "sorted([1, 'a'])", '"x" * "y"',
    ]
    ops = r.choice(failing)
    kind = r.choice(["Exception", "ArithmeticError", "LookupError", "ValueError", "TypeError",
                     "ZeroDivisionError", "IndexError", "KeyError"])
    args = r.choice(["", "1", '"msg"', '"a", 2'])
    forms = [
        f"try:\n    print({ops})\nexcept {kind} as e:\n    print('caught', e)\n    print(repr(e))\n",
        f"try:\n    x = {ops}\nexcept Exception as e:\n    print(e.args)\nelse:\n    print('no')\n"
        "finally:\n    print('finally')\n",
        f"print('before')\n{ops}\nprint('after')\n",
        f"def f():\n    try:\n        return {ops}\n    finally:\n        print('cleanup')\n"
        "try:\n    f()\nexcept Exception as e:\n    print('outer', e)\n",
        f"try:\n    raise {kind}({args})\n"
        f"except {kind} as e:\n    print(e, e.args)\n",
        f"try:\n    raise ValueError('inner')\nexcept ValueError:\n    try:\n        {ops}\n"
        "    except Exception as e:\n        print('nested', e)\n",
        f"try:\n    try:\n        {ops}\n    finally:\n        print('inner finally')\n"
        "except Exception as e:\n    print('got', repr(e))\n",
        f"for i in range(3):\n    try:\n        if i == 1:\n            {ops}\n        print(i)\n"
        "    except Exception:\n        print('skip', i)\n        continue\n",
        f"try:\n    assert {r.choice(['1 == 2', 'False', '[]'])}, 'message'\n"
        "except AssertionError as e:\n    print('assert', e)\n",
        f"raise {kind}('unhandled')\n",
    ]
    return r.choice(forms)


def function_program(r):
    """Calls and definitions with *args, **kwargs and keyword-only parameters (and their
    TypeErrors), generators, generator expressions, contextlib.contextmanager, functools."""
    call = r.choice(["f()", "f(1)", "f(1, 2)", "f(1, 2, 3)", "f(1, c=3)", "f(1, 2, c=3, d=4)",
                     "f(*[1, 2], c=0)", "f(**{'a': 1, 'c': 2})", "f(1, a=2, c=3)",
                     "f(1, 2, 3, c=4)", "f(1, c=1, e=2)", "f(*5)", "f(**{'c': 1}, c=2)",
                     "g(*range(3), k=1, **{'z': 2})", "g()", "g(1, *'ab', k=2)",
                     "(lambda *a, **k: (a, k))(1, x=2)", "(lambda a, *, b=2: a + b)(1, b=5)"])
    seq = r.choice(["[1, 2, 3]", "range(5)", "'abc'", "(4, 0, 2)", "[]"])
    n = r.randint(0, 4)
    forms = [
        "def f(a, b=1, *, c, d=2):\n    return (a, b, c, d)\n"
        "def g(a, *args, k=0, **kw):\n    return (a, args, k, kw)\n"
        f"try:\n    print({call})\nexcept TypeError as e:\n    print('TypeError', e)\n",
        f"def gen(n):\n    i = 0\n    while i < n:\n        got = yield i\n        if got:\n"
        f"            print('sent', got)\n        i += 1\n    return 'r'\n"
        f"it = gen({n})\nprint(next(it, 'empty'))\ntry:\n    print(it.send({r.choice(['None', '5'])}))\n"
        "except StopIteration as e:\n    print('stop', e.value)\nprint(list(it))\n",
        f"print(list(x * 2 for x in {seq}), sum(x for x in range({n})), "
        f"any(x == 2 for x in {seq}), all(x for x in {seq}))\n",
        f"def inner():\n    yield from {seq}\n    return {n}\n"
        "def outer():\n    r = yield from inner()\n    yield ('ret', r)\nfor v in outer():\n    print(v)\n",
        f"def gen():\n    try:\n        yield 1\n        yield 2\n    finally:\n        print('fin')\n"
        f"g = gen()\nprint(next(g))\n{r.choice(['g.close()', 'print(list(g))', 'print(next(g))'])}\n"
        "print('end')\n",
        "from contextlib import contextmanager\n@contextmanager\ndef cm(x):\n"
        f"    print('enter', x)\n    try:\n        yield x * 2\n    {r.choice(['except ValueError', 'finally'])}:\n"
        "        print('cleanup')\n"
        f"try:\n    with cm({n}) as v:\n        print('body', v)\n        {r.choice(['pass', 'raise ValueError(str(v))', 'raise KeyError(str(v))'])}\n"
        "except Exception as e:\n    print('out', repr(e))\n",
        "import functools\ndef deco(fn):\n    @functools.wraps(fn)\n    def w(*a, **k):\n"
        "        print('call', fn.__name__, a, k)\n        return fn(*a, **k)\n    return w\n"
        "@deco\ndef add(x, y=1, *, z=0):\n    return x + y + z\n"
        f"p = functools.partial(add, {n}, z=1)\nprint(add.__name__, add({n}), p(), p(2, z=3))\n",
        f"print([*{seq}, *range({n})], (*{seq},), {{**{{'a': 1}}, 'b': {n}, **{{'a': 3}}}})\n",
    ]
    return r.choice(forms)


# The one-line programs issue 18 names, kept whatever the seed generates.
ISSUE_PROGRAMS = [
    "print(int(1e300))\n", 'print(int("9" * 30))\n', 'print(int("ff", 16))\n',
    'print("%d" % 3)\n', 'print("{} {}".format(1, 2))\n', 'print({"a": 1}.items())\n',
    'print(list({"a": 1}.keys()), list({"a": 1}.values()))\n',
    "lst = [1, 2, 3]\nfor i, x in enumerate(lst):\n    if i < 2:\n        lst.append(x * 10)\n"
    "    print(i, x)\n",
]


# Sorting: stability under reverse=True, and which unorderable pair the TypeError names (it
# follows the comparisons CPython's sort makes: count_run, then binary insertion).
SORT_PROGRAMS = [
    "print(sorted([1, 1.0, True], reverse=True), sorted([True, 1, 1.0]))\n",
    "x = [5, 3, 9, 1, 1, 7]\nx.sort(reverse=True)\nprint(x)\n",
    "big = list(range(3000, 0, -1)) + [0.5, 1, True]\nbig.sort()\nprint(big[:5], big[-1])\n",
    "print(sorted([(2, 'x'), (1, 'y'), (2, 'a')]), sorted('hello'))\n",
] + [
    f"try:\n    sorted({bad})\nexcept TypeError as e:\n    print(e)\n"
    for bad in ("[3, 1, 'a', 2]", "[1, 'a']", "['a', 1, 2]", "[2, 1, 'b']", "[1, 2, 3, None, 0]",
                "[5, 4, 3, 'x', 1]", "[1, 1, 2, 2, 'z', 0]")
]


# The random module: what a program prints whatever value it draws (lockcheck's run draws with
# its seed, CPython with its own generator), and the errors.
RANDOM_PROGRAMS = [
    "import random\nx = random.randint(1, 3)\nprint(1 <= x <= 3, random.randint(5, 5))\n",
    "from random import randrange, choice\nprint(randrange(10, 0, -3) in (10, 7, 4, 1), "
    "choice('z'), randrange(4, 5))\n",
    "import random\nxs = [1, 2, 3]\nprint(random.shuffle(xs), sorted(xs))\n",
    "import random\ns = random.sample(range(4), 2)\nprint(len(s), s[0] != s[1], "
    "random.sample([], 0), random.seed(3))\n",
] + [
    f"import random\ntry:\n    {call}\nexcept Exception as e:\n    print(type(e).__name__, e)\n"
    for call in ("random.choice([])", "random.choice(())", "random.sample([1, 2], 3)",
                 "random.sample({1, 2}, 1)", "random.randrange(0)", "random.randrange(1, 5, 0)",
                 "random.randint(3, 1)", "random.randint(1)", "random.randrange(1, 2, 3, 4)",
                 "random.shuffle((1, 2))", "random.choice(5)", "random.randint(1, 2, c=3)")
]


def collection_program(r):
    """Sets, frozensets, dict and set comprehensions, del, dict views and live iterators. A set
    is printed sorted unless its items are small ints added in ascending order, where its
    insertion order is CPython's hash-table order too (DESIGN.md section 3)."""
    small = r.choice(["{1, 2, 3}", "{0, 5}", "set()", "{2, 4, 6}", "set(range(4))"])
    other = r.choice(["{2, 3}", "{9}", "frozenset({1, 4})", "set()", "{0, 1, 2, 3}"])
    items = r.choice(["[3, 1, 2]", '"hello"', "range(6)", "(1, 1, 2)", '["b", "a", "b"]'])
    op = r.choice(["|", "&", "-", "^", "<=", "<", ">=", "==", "!="])
    method = r.choice(["union", "intersection", "difference", "symmetric_difference",
                       "issubset", "issuperset", "isdisjoint"])
    failing = r.choice(["s.remove(99)", "set().pop()", "{[1]}", "s.add({1})", "hash([])",
                        "d = {}\ndel d['k']", "del s[0]", "frozenset().add(1)", "{1} + {2}",
                        "lst = [1]\ndel lst[5]", "x = 1\ndel x\nprint(x)"])
    forms = [
        f"s = {small}\nprint(s, len(s), 1 in s, sorted(s {op} {other}) if isinstance(s {op} {other}, "
        f"(set, frozenset)) else s {op} {other})\n",
        f"s = {small}\nprint(sorted(s.{method}({other})) if not isinstance(s.{method}({other}), bool) "
        f"else s.{method}({other}))\n",
        f"s = set({items})\nprint(sorted(s), len(s), frozenset({items}) == s)\n",
        f"print(sorted({{x % 4 for x in {items} if x}}))\n",
        f"print({{k: i for i, k in enumerate({items})}})\n",
        f"d = {{k: k * 2 for k in range({r.randint(0, 4)})}}\nprint(d.keys(), d.values(), d.items())\n"
        "print(list(d.items()), len(d.values()), 1 in d.keys(), (1, 2) in d.items())\n",
        f"d = {{'a': 1, 'b': 2, 'c': 3}}\ndel d['{r.choice('abc')}']\nlst = list(range(6))\n"
        f"del lst[{r.choice(['0', '-1', '1:3', ':', '2:', '0:0'])}]\nprint(d, lst)\n",
        "d = {1: 1}\ntry:\n    for k in d:\n        d[k + 1] = 0\nexcept RuntimeError as e:\n"
        "    print(e)\n",
        "s = {1, 2}\ntry:\n    for k in s:\n        s.add(k + 10)\nexcept RuntimeError as e:\n"
        "    print(e)\n",
        "import collections\nq = collections.deque([1, 2])\ntry:\n    for x in q:\n"
        "        q.append(x)\nexcept RuntimeError as e:\n    print(e)\n",
        f"lst = {r.choice(['[1, 2, 3]', '[0]', '[]'])}\nfor i, x in enumerate(lst):\n"
        "    if len(lst) < 6:\n        lst.append(x + 1)\nprint(lst)\n",
        f"lst = [1, 2, 3]\nfor a, b in zip(lst, {items}):\n    if len(lst) < 5:\n"
        "        lst.append(a)\n    print(a, b)\n",
        f"print(list(map(str, {items})), list(filter(None, {items})), list(reversed(list({items}))))\n",
        f"print(list(map(lambda a: a * 2, {items})), sorted(filter(lambda v: v, {items})))\n",
        f"it = iter({items})\nprint(list(zip(it, it)), list(it))\n",
        f"print(list(enumerate({items}, {r.choice(['0', '1', '-3'])})))\n",
        f"s = {{1, 2}}\n{failing}\n",
    ]
    return r.choice(forms)


def generated_run_programs(r, count):
    gens = [builtin_program, format_program, iteration_program, exception_program,
            collection_program]
    out = [(f"issue18/{i}", text) for i, text in enumerate(ISSUE_PROGRAMS)]
    out += [(f"sort/{i}", text) for i, text in enumerate(SORT_PROGRAMS)]
    out += [(f"random/{i}", text) for i, text in enumerate(RANDOM_PROGRAMS)]
    out += [(f"gen/{gens[i % 5].__name__}_{i:03d}", gens[i % 5](r)) for i in range(count)]
    # (their own random stream, so that the programs above stay those of the seed)
    rf = random.Random(r.random())
    return out + [(f"gen/function_program_{i:03d}", function_program(rf))
                  for i in range(count // 4)]


# Syntax: valid programs, and broken copies of them.
VALID = [
    "x = 1\n", "def f(a, b=2, *args, **kw):\n    return a + b\nprint(f(1))\n",
    "if x:\n    pass\nelif y:\n    pass\nelse:\n    pass\n", "for i in range(3):\n    print(i)\n",
    "while True:\n    break\n", "with a as b, c:\n    pass\n",
    "try:\n    pass\nexcept E as e:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
    "l = [x for x in y if x]\n", "d = {'a': 1, **e}\n", "t = (1,)\n", "print(f'{x!r} {y}')\n",
    "global g\n", "def f():\n    global g\n    g = 1\n", "assert x, 'msg'\n", "del x[0]\n",
    "x, *y = z\n", "x = y = 0\n", "x += 1\n", "a = b if c else d\n", "f(*args, **kw)\n",
    "import threading\nfrom queue import Queue\n", "x = not a and b or c\n",
    "x = a < b <= c != d\n", "x = [1, 2,\n     3]\n", "x = 1 + \\\n    2\n",
    "def f():\n    return\n", "raise ValueError('x') from None\n", "x = a[1:2, ::3]\n",
    "def f():\n    yield 1\n", "lambda: 0\n", "class C:\n    pass\n", "x = {1, 2}\n",
    "async def f():\n    await g()\n", "x = (yield)\n" if False else "x = ...\n",
    "match x:\n    case 1:\n        pass\n", "x = 0x1F + 0o17 + 0b1 + 1_000 + 1e-3 + 2j\n",
    "x = b'bytes' + rb'\\d'\n", "x = '''multi\nline'''\n", "if (n := 10) > 5:\n    pass\n",
    "def f(a, /, b, *, c):\n    pass\n", "@dec\ndef f():\n    pass\n", "x: int = 1\n",
    "nonlocal_ok = 1\ndef f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n",
    "print(*[1, 2], sep='')\n", "x = [*a, *b]\n", "x = a @ b\n", "x = ~a ** -b\n",
]
INVALID_EXTRA = [
    "def f(:\n    pass\n", "x = = 1\n", "if x\n    pass\n", "for in y:\n    pass\n",
    "return 1\n", "break\n", "continue\n", "def f():\n    nonlocal x\n", "nonlocal x\n",
    "x = (1, 2\n", "print('unclosed)\n", "x = [1, 2}\n", "  x = 1\n", "if x:\npass\n",
    "def f():\n  x = 1\n    y = 2\n", "f(x for x in y, 1)\n", "f(**k, *a)\n", "f(a=1, b)\n",
    "x = 1 +\n", "def f(a, a):\n    pass\n", "del f()\n", "f() = 1\n", "(a, b) += 1\n",
    "x = 'abc\n", "x = 0777\n", "x = 1__0\n", "x = 1e\n", "x = $\n", "x = a if b\n",
    "try:\n    pass\n", "else:\n    pass\n", "with a as 1:\n    pass\n", "import\n",
    "from x import\n", "x = yield = 1\n", "lambda x: (yield)\n" if False else "*a = 1\n",
    "def f(*):\n    pass\n", "def f(**k, a):\n    pass\n", "a, b = *c\n" if False else "x = *a\n",
    "class\n", "x = [i for i in]\n", "x = {**}\n", "print(f'{}')\n", "print(f'{x!z}')\n",
    "x = 1 if 2 else\n", "assert\n", "global\n", "x = not\n", "@\ndef f():\n    pass\n",
    "def f():\n    x = 1\n    global x\n", "while x:\n    pass\nelse\n", "\tif x:\n        pass\n",
    "if x:\n\tpass\n        pass\n", "x = (\n", ")\n", "x = 1 2\n", "f(a b)\n", "a.1\n",
    "def f():\nreturn 1\n", "print 'hello'\n", "exec 'x'\n", "x = `1`\n", "x <> y\n",
    "True = 1\n", "None = 1\n", "__debug__ = 1\n", "f(True=1)\n", "def f(None):\n    pass\n",
    "x = 5 = y\n", "[x for x in y] = 1\n", "x = f'{x=!r:>{w}'\n",
]


def break_program(r, text):
    """A broken copy of a valid program: one small, typical edit."""
    edits = ["drop", "double", "unindent", "indent", "unclose", "swap", "insert"]
    edit = r.choice(edits)
    tokens = list(re.finditer(r"\w+|[^\w\s]", text))
    if not tokens:
        return text + ")"
    t = r.choice(tokens)
    a, b = t.span()
    if edit == "drop":
        return text[:a] + text[b:]
    if edit == "double":
        return text[:b] + " " + t.group() + text[b:]
    if edit == "unindent":
        return text.replace("\n    ", "\n", 1) if "\n    " in text else "  " + text
    if edit == "indent":
        return " " + text
    if edit == "unclose":
        return text.replace(")", "", 1) if ")" in text else text + "("
    if edit == "swap" and len(tokens) > 1:
        u = r.choice(tokens)
        c, d = u.span()
        if c > b:
            return text[:a] + u.group() + text[b:c] + t.group() + text[d:]
    return text[:a] + r.choice([":", "=", "(", "]", "def", "else", ",", "**", "lambda"]) + text[a:]


def generated_syntax_programs(r, count):
    out = [(f"syntax/valid_{i:03d}", t) for i, t in enumerate(VALID)]
    out += [(f"syntax/invalid_{i:03d}", t) for i, t in enumerate(INVALID_EXTRA)]
    n = 0
    while len(out) < count:
        out.append((f"syntax/broken_{n:03d}", break_program(r, r.choice(VALID))))
        n += 1
    return out


# ------------------------------------------------------------------------------------------
# Running both sides.

def cpython_compiles(text):
    try:
        compile(text, "<scenario>", "exec")
        return None
    except (SyntaxError, ValueError) as e:  # ValueError: NUL bytes
        return f"{type(e).__name__}: {e}"


def cpython_run(text):
    """Output lines and the uncaught exception's type (or None), in this interpreter."""
    out = io.StringIO()
    ending = None
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(text, "<scenario>", "exec"), {"__name__": "__main__"})
        except Exception as e:  # noqa: BLE001 (the program's own exception)
            ending = type(e).__name__
    return out.getvalue().splitlines(), ending


def lockcheck_run(lockcheck, path):
    """(status, output lines, uncaught exception type or None, diagnostic)."""
    p = subprocess.run([lockcheck, "run", path], capture_output=True, text=True, timeout=60)
    lines = p.stdout.splitlines()
    output, ending, diagnostic = [], None, None
    for i, line in enumerate(lines):
        if line.startswith("        |"):
            output.append(line[10:] if len(line) > 9 else "")
        elif line.startswith("the run "):
            if i + 2 < len(lines):
                m = re.match(r"(exception|assertion|deadlock|unlock-not-held)\b(: (\w+))?",
                             lines[i + 2])
                # CPython hangs where lockcheck reports a deadlock, and ends an assertion with
                # an AssertionError.
                kinds = {"deadlock": "hang", "assertion": "AssertionError"}
                ending = (kinds.get(m.group(1)) or m.group(3)) if m else lines[i + 2]
            break
    if p.returncode == 2:
        m = re.search(r"error: (.*)", p.stdout + p.stderr)
        diagnostic = m.group(1) if m else (p.stdout + p.stderr).strip()[:200]
    return p.returncode, output, ending, diagnostic


def sequential_parts(repo):
    """(name, text) of each corpus scenario's part that runs in one thread."""
    out = []
    for path in sorted(glob.glob(os.path.join(repo, "scenarios/corpus/**/*.py"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        name = "corpus/" + os.path.relpath(path, os.path.join(repo, "scenarios/corpus"))
        lines = text.splitlines(True)
        cut = next((i for i, l in enumerate(lines)
                    if THREAD_START.search(l) and not l.startswith((" ", "\t", "def "))), None)
        if cut is None:
            if not THREAD_START.search(text):
                out.append((name, text))
            continue
        out.append((name + " (before the first thread starts)", "".join(lines[:cut])))
    return out


def fstring_for_311(text):
    """The same program for 3.11 where it reuses an f-string's quote in a replacement field
    (PEP 701, 3.12+): the inner double quotes become single ones. None if there is none."""
    def inner(m):
        return re.sub(r"\{[^{}]*\}", lambda f: f.group().replace('"', "'"), m.group())
    fixed = re.sub(r'f"(?:[^"{}\n]|\{[^{}]*\})*"', inner, text)
    return fixed if fixed != text else None


def cpython_subprocess(path):
    """Output lines and ending of `python3 FILE` (for the corpus: a deadlock hangs it)."""
    try:
        # Long enough for a loaded machine; only a scenario that deadlocks waits it out.
        p = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return out.splitlines(), "hang", ""
    ending = None
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["?"])[-1]
        ending = re.match(r"[\w.]*", last).group().split(".")[-1] or last
    return p.stdout.splitlines(), ending, p.stderr


def known(text):
    return next((why for key, why in KNOWN.items() if re.search(key, text)), None)


def as_313(lines, versions):
    """CPython 3.11's output lines as 3.13 prints them; adds each difference met to versions."""
    out = []
    for line in lines:
        for pattern, repl, name in VERSION_TEXT:
            line, n = pattern.subn(repl, line)
            if n:
                versions.add(name)
        out.append(line)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--syntax-count", type=int, default=400)
    ap.add_argument("--run-count", type=int, default=400)
    ap.add_argument("--list", action="store_true", help="print every program's outcome")
    ap.add_argument("lockcheck")
    ap.add_argument("repo")
    args = ap.parse_args()
    # compile() warns about odd literals in the broken programs; only its verdict matters here.
    warnings.filterwarnings("ignore", category=SyntaxWarning)
    r = random.Random(args.seed)
    syntax = generated_syntax_programs(r, args.syntax_count)
    runs = generated_run_programs(r, args.run_count)
    corpus = sorted(glob.glob(os.path.join(args.repo, "scenarios/corpus/**/*.py"), recursive=True))
    failures, agreed, differed, counts = [], set(), set(), {}

    def count(what):
        counts[what] = counts.get(what, 0) + 1

    with tempfile.TemporaryDirectory() as tmp:
        # 1. Syntax: one `lockcheck check --json` over every program.
        paths = {}
        for i, (name, text) in enumerate(syntax):
            path = os.path.join(tmp, f"s{i:04d}.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            paths[path] = (name, text)
        for path in corpus:
            with open(path, encoding="utf-8") as f:
                paths[path] = ("corpus/" + os.path.relpath(path, args.repo), f.read())
        report_path = os.path.join(tmp, "syntax.json")
        subprocess.run([args.lockcheck, "check", "--quiet", "--allow-incomplete", "--jobs", "1",
                        "--max-states", "20000", "--json", report_path, *paths],
                       stdout=subprocess.DEVNULL, check=False, timeout=300)
        with open(report_path, encoding="utf-8") as f:
            report = json.load(f)
        for scenario in report["scenarios"]:
            name, text = paths[scenario["file"]]
            py_error = cpython_compiles(text)
            lc_errors = [e["message"] for e in scenario.get("errors", [])]
            if py_error is None:
                count("syntax: valid for CPython")
                if any("syntax" in m or "invalid" in m for m in lc_errors):
                    # lockcheck refuses valid Python as a syntax error: honest only if the
                    # construct is named as unsupported; a bare syntax error is a difference.
                    failures.append((name, text, f"CPython accepts it; lockcheck: {lc_errors[0]}"))
                elif lc_errors:
                    count("syntax: valid, refused by lockcheck with a diagnostic")
            else:
                count("syntax: rejected by CPython")
                if not lc_errors:
                    if known(text):
                        count(f"syntax: known difference: {known(text)}")
                    else:
                        failures.append((name, text,
                                         f"CPython rejects it ({py_error}); lockcheck accepts it"))
                else:
                    count("syntax: rejected by both")
            if args.list:
                print(f"{name}: CPython {py_error or 'ok'}; lockcheck {lc_errors[:1] or 'ok'}")

        # 2. One thread: `lockcheck run` against CPython, output and ending.
        jobs = []
        for i, (name, text) in enumerate(runs + sequential_parts(args.repo)):
            path = os.path.join(tmp, f"r{i:04d}.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            jobs.append((name, text, path))

        def both(job):
            name, text, path = job
            lc = lockcheck_run(args.lockcheck, path)
            if name.startswith("corpus/"):
                out, ending, stderr = cpython_subprocess(path)
                if "no attribute '_recursion_count'" in stderr:
                    return lc, (lc[1], lc[2]), {"rlock-recursion-count"}
                if (out, ending) != (lc[1], lc[2]):
                    # Once more, to tell a difference from a hiccup of the machine; the stderr
                    # of a second difference goes into the failure message.
                    out, ending, stderr = cpython_subprocess(path)
                    if (out, ending) != (lc[1], lc[2]) and stderr:
                        ending = f"{ending} (stderr: {stderr.strip()[-600:]})"
                return lc, (out, ending), set()
            versions = set()
            if cpython_compiles(text) and fstring_for_311(text):
                text = fstring_for_311(text)
                versions.add("nested-fstring-quotes")
            out, ending = cpython_run(text)
            return lc, (as_313(out, versions), ending), versions

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(both, jobs))
        for (name, text, path), (lc, py, versions) in zip(jobs, results):
            status, lc_out, lc_end, diagnostic = lc
            py_out, py_end = py
            for version in sorted(versions or ()):
                count(f"run: compared with 3.13's meaning ({version}: {VERSION[version]})")
            why = known(text)
            if status == 2:
                count("run: refused by lockcheck with a diagnostic")
                outcome = f"refused: {diagnostic}"
            elif status not in (0, 1):
                outcome = f"exit {status}"
                failures.append((name, text, f"lockcheck run exited {status}"))
            elif lc_out == py_out and lc_end == py_end:
                count("run: same output and ending")
                outcome = "same"
                if why:
                    agreed.add(why)
            else:
                outcome = (f"differs: CPython {py_out!r} ending {py_end}; "
                           f"lockcheck {lc_out!r} ending {lc_end}")
                if why:
                    differed.add(why)
                    count(f"run: known difference: {why}")
                else:
                    failures.append((name, text, outcome))
            if args.list:
                print(f"{name}: {outcome}{f' [known: {why}]' if why and outcome != 'same' else ''}")

    for what in sorted(counts):
        print(f"{counts[what]:5d}  {what}")
    for why in sorted(agreed - differed):
        print(f"note: a program with a KNOWN difference now agrees; remove it if it is fixed: {why}")
    for name, text, what in failures:
        print(f"\nDIFFERENCE {name}: {what}\n" + "".join(f"    | {l}\n" for l in text.splitlines()))
    print(f"{len(failures)} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
