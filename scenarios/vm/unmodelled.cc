#include "scenarios/vm/unmodelled.h"

#include <algorithm>
#include <initializer_list>

namespace lockcheck {
namespace {

struct TypeMethods {
  absl::string_view type;
  std::initializer_list<absl::string_view> names;
};

// The public attributes of each type in CPython 3.11 (`dir(str)` without the dunders), one
// row per type (the primitives': 3.13's); the VM models a few of them (bytecode.h LOCKCHECK_ATTRS).
const TypeMethods kMethods[] = {
    {"str", {
        "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find",
        "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
        "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper",
        "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix",
        "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip",
        "split", "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper",
        "zfill"
    }},
    {"list", {
        "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse",
        "sort"
    }},
    {"dict", {
        "clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault",
        "update", "values"
    }},
    {"set", {
        "add", "clear", "copy", "difference", "difference_update", "discard", "intersection",
        "intersection_update", "isdisjoint", "issubset", "issuperset", "pop", "remove",
        "symmetric_difference", "symmetric_difference_update", "union", "update"
    }},
    {"frozenset", {
        "copy", "difference", "intersection", "isdisjoint", "issubset", "issuperset",
        "symmetric_difference", "union"
    }},
    {"dict_keys", {"isdisjoint", "mapping"}},
    {"dict_items", {"isdisjoint", "mapping"}},
    {"dict_values", {"mapping"}},
    {"tuple", {
        "count", "index"
    }},
    {"int", {
        "as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes",
        "imag", "numerator", "real", "to_bytes"
    }},
    {"float", {
        "as_integer_ratio", "conjugate", "fromhex", "hex", "imag", "is_integer", "real"
    }},
    {"bool", {
        "as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes",
        "imag", "numerator", "real", "to_bytes"
    }},
    {"deque", {
        "append", "appendleft", "clear", "copy", "count", "extend", "extendleft", "index",
        "insert", "maxlen", "pop", "popleft", "remove", "reverse", "rotate"
    }},
    // The synchronisation primitives (CPython 3.13), with the private fields programs and
    // tests read (`sem._value`): an AttributeError there would be a false finding too.
    {"lock", {"acquire", "acquire_lock", "locked", "locked_lock", "release", "release_lock"}},
    {"RLock", {
        "acquire", "release", "_is_owned", "_release_save", "_acquire_restore",
        "_recursion_count"
    }},
    {"Condition", {
        "acquire", "release", "wait", "wait_for", "notify", "notify_all", "notifyAll", "_lock",
        "_waiters", "_is_owned", "_release_save", "_acquire_restore"
    }},
    {"Semaphore", {"acquire", "release", "_cond", "_value"}},
    {"BoundedSemaphore", {"acquire", "release", "_cond", "_value", "_initial_value"}},
    {"Event", {"clear", "is_set", "isSet", "set", "wait", "_cond", "_flag"}},
    {"Barrier", {"abort", "broken", "n_waiting", "parties", "reset", "wait"}},
    {"Queue", {
        "all_tasks_done", "empty", "full", "get", "get_nowait", "is_shutdown", "join", "maxsize",
        "mutex", "not_empty", "not_full", "put", "put_nowait", "qsize", "queue", "shutdown",
        "task_done", "unfinished_tasks"
    }},
    {"SimpleQueue", {"empty", "get", "get_nowait", "put", "put_nowait", "qsize"}},
    {"Thread", {
        "daemon", "getName", "ident", "isDaemon", "is_alive", "join", "name", "native_id", "run",
        "setDaemon", "setName", "start", "_target", "_args", "_kwargs"
    }},
};

}  // namespace

bool CPythonHasMethod(absl::string_view type, absl::string_view name) {
  if (type == "LifoQueue") type = "Queue";  // a subclass that adds no public name
  for (const TypeMethods& t : kMethods) {
    if (t.type != type) continue;
    return std::find(t.names.begin(), t.names.end(), name) != t.names.end();
  }
  return false;
}

}  // namespace lockcheck
