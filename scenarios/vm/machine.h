// Machine: the whole program state, in two forms.
//
// * The *packed* form (PackedState) is the state as a value: one flat vector of 64-bit words,
//   copied in one pass, hashed with a fixed-seed hash, compared word by word. The heap inside
//   it is in canonical order: objects are numbered in the order a breadth-first walk from the
//   roots (globals, then each thread's frames) meets them, and unreachable objects are gone.
//   So two states that differ only in allocation order or garbage pack to the same words.
// * The *working* form (Machine) is what the interpreter mutates: per-thread frame and value
//   stacks and an object table over one arena. All its vectors keep their capacity when a
//   Machine is reused, so unpacking, stepping and packing do not allocate in steady state.
//
// Every heap payload word is a Value; only kObj values are renumbered when packing.
#ifndef LOCKCHECK_SCENARIOS_VM_MACHINE_H_
#define LOCKCHECK_SCENARIOS_VM_MACHINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "primitives/lock.h"
#include "primitives/rlock.h"
#include "scenarios/lang/source.h"
#include "scenarios/vm/value.h"

namespace lockcheck {

enum class ObjType : uint8_t {
  kList,
  kTuple,
  kDict,        // payload: key0, value0, key1, value1, ... (insertion order)
  kFunction,    // payload: Code value, defaults tuple (or None)[, class (a method's), closure tuple]
  kThread,      // payload: see ThreadSlot
  kLock,        // payload: holder + 1 while locked, 0 when free
  kRLock,       // payload: owner (thread number or -1), count
  kException,   // payload: see ExcSlot
  kBoundMethod, // payload: self, Attr (int), name (str)
  kRange,       // payload: start, stop, step (ints)
  kCondition,   // payload: lock (Lock or RLock), waiters (a list of waiter Locks, oldest first)
  kEvent,       // payload: condition, flag (bool)
  kSemaphore,   // payload: condition (on a Lock), value, initial value (-1: not bounded)
  kBarrier,     // payload: see BarrierSlot
  kQueue,       // payload: see QueueSlot
  kDeque,       // collections.deque: payload as a list's
  kClass,       // a class statement's class: payload: see ClassSlot
  kInstance,    // an instance of a class whose builtin base is object: class, dict (or None)
  kSuper,       // super(type, obj): type, obj
  kStaticMethod,  // @staticmethod in a class body: the function
  kClassMethod,   // @classmethod: the function
  kProperty,      // @property: getter, setter (or None)
  kCell,          // a closure's variable: its value (Unbound until bound)
  kPyMutex,       // lockcheck.capi.PyMutex: payload: see primitives/pymutex.h
  kCriticalSection,  // lockcheck.capi.critical_section(2): see primitives/critical_section.h
  kSet,           // payload: the items, in insertion order (DESIGN.md section 3)
  kFrozenSet,     // payload: as a set's
  kIterator,      // a live iterator (iterators.cc): payload: see IterSlot
  kDictView,      // dict.keys()/values()/items(): the dict, the view's kind (IterMode)
  kGenerator,     // a generator: see GenSlot; its suspended frame follows
  kGenContext,    // contextlib's _GeneratorContextManager: the generator
  kGenContextFactory,  // contextmanager(func): func (a call makes a kGenContext)
  kPartial,       // functools.partial: function, args tuple, keywords dict
  kWraps,         // functools.wraps(wrapped): the decorator, holding wrapped
  kLocal,         // threading.local(): a dict of thread number -> that thread's attribute
                  // dict (scenarios/vm/local.cc); never published: thread-local by construction
  kExceptHookArgs,  // threading.ExceptHookArgs: exc_type, exc_value, exc_traceback, thread
};

// Payload slots of a kIterator object.
enum IterSlot : int {
  kIterKind,    // SmallInt: an IterKind
  kIterSource,  // what it walks: a container, an inner iterator, or a tuple of iterators
  kIterPos,     // SmallInt: the next index (kReversed: the next index down; kGen: -1 at the end)
  kIterExtra,   // kSeq over a dict, set or deque (kReversed over a dict): its size when the
                // iterator was made (SmallInt); kEnumerate: the next count; kMap, kFilter: the
                // function
  kIterMode,    // SmallInt: an IterMode (kSeq over a dict)
  // While a map's or filter's Python function runs (iterators.cc): what the iterator had
  // fetched for this step (zip, map: a list; filter: the item), the call's result, and the
  // items a drain (list(it), ...) had collected. Unbound when none.
  kIterArgs, kIterResult, kIterDrain,
  kIterCaller,  // SmallInt: the thread (+ 1) whose step waits for such a call below it, or 0
  kIterSlots
};
enum class IterKind : int64_t {
  kSeq,        // iter(x) of a list, tuple, str, range, deque, dict, set or view
  kEnumerate,  // enumerate(it, start)
  kZip,        // zip(*its)
  kReversed,   // reversed(seq)
  kMap,        // map(fn, *its)
  kFilter,     // filter(fn, it)
  kGen,        // a generator as the source of one of the above: kIterPos -1 once it returned
};
enum class IterMode : int64_t { kKeys, kValues, kItems };

// Payload slots of a kGenerator object. While suspended, the frame's locals and operand stack
// follow kGenFrame (the object grows to hold them); while running, they are on the stack of
// the thread that resumed it, and the object is just its header.
enum GenSlot : int {
  kGenCode,   // Value::Code of its code object
  kGenState,  // GenState
  kGenPc,     // the instruction it is suspended at (kYield, kYieldFrom)
  kGenFrame
};
enum class GenState : int64_t { kCreated, kSuspended, kRunning, kFinished };

// Payload slots of a kClass object. The MRO starts with the class itself and ends with
// `object`; builtin bases (Thread, the exception types, object) are Builtin values in it.
enum ClassSlot : int {
  kClassName,     // str
  kClassBases,    // tuple
  kClassMro,      // tuple
  kClassDict,     // dict: the class attributes and methods, in definition order
  kClassBuiltin,  // Builtin: the instances' builtin layout (object, Thread, an exception type)
  kClassSlots
};
// A function's payload: code, defaults, class (a method's, else None), closure, and the
// __name__, __qualname__ and __wrapped__ functools.wraps gave it (a function grows to hold
// them).
enum FunctionSlot : int {
  kFnCode, kFnDefaults, kFnClass, kFnClosure, kFnName, kFnQualname, kFnWrapped, kFnSlots
};
// Payload slots of a kInstance object.
enum InstanceSlot : int { kInstClass, kInstDict, kInstSlots };

// Payload slots of a kThread object. A Thread's object has the first five; once started, it
// shrinks to its first two (the new thread holds the target and arguments; Thread.run
// deletes them too), so a plain Thread costs the state two words. An instance of a Thread
// subclass has all seven, and keeps them (target and arguments cleared) once started.
enum ThreadSlot : int {
  kThreadName,    // str (None: a subclass instance whose Thread.__init__ has not run)
  kThreadState,   // (thread number + 1) << 1 | daemon; thread number -1 before start
  kThreadTarget, kThreadArgs, kThreadKwargs,
  kThreadClass,   // a Thread subclass's instance: its class
  kThreadDict,    // its instance attributes (a dict), or None
  kThreadSlots
};
// The class of a Thread subclass's instance, or None for a plain Thread.
inline Value ThreadClassOf(const Value* p, uint32_t size) {
  return size > kThreadClass ? p[kThreadClass] : Value::None();
}
inline int64_t ThreadIndexOf(const Value* p) { return (p[kThreadState].small_int() >> 1) - 1; }
inline bool ThreadDaemonOf(const Value* p) { return p[kThreadState].small_int() & 1; }
inline Value ThreadStateValue(int64_t index, bool daemon) {
  return Value::SmallInt(((index + 1) << 1) | (daemon ? 1 : 0));
}
// Payload slots of a kBarrier object (threading.Barrier's fields).
enum BarrierSlot : int {
  kBarrierCond, kBarrierAction, kBarrierTimeout, kBarrierParties,
  kBarrierState,  // 0 filling, 1 draining, -1 resetting, -2 broken
  kBarrierCount,
  kBarrierSlots
};

// Payload slots of a kQueue object (queue.Queue's fields; the deque is a list here).
enum QueueSlot : int {
  kQueueMutex, kQueueNotEmpty, kQueueNotFull, kQueueAllTasksDone, kQueueItems, kQueueMaxsize,
  kQueueUnfinished,
  kQueueIsShutdown,  // bool: shutdown() was called (3.13)
  kQueueKind,        // SmallInt: a QueueKind
  kQueueSlots
};

// Which queue class a kQueue object is: queue.Queue, queue.LifoQueue (its get takes the newest
// item), or queue.SimpleQueue (unbounded, without task_done, join, full or shutdown).
enum QueueKind : int { kFifoQueue, kLifoQueue, kSimpleQueue };

// Payload slots of a kException object.
enum ExcSlot : int {
  kExcType,     // Builtin value of the exception type
  kExcMessage,  // str, or None for a bare exception
  kExcReported, // 1 when the raise was already reported (unlock-not-held)
  kExcLine, kExcColumn,  // where it was raised (the line word holds the file too: ExcLineWord)
  kExcArgs,     // the args tuple of an instance of a user exception class, else None
  kExcDict,     // its instance attributes (a dict), or None
  kExcSlots
};

// An exception's kExcLine word: the line, and above it the file (SourceLoc::file).
inline Value ExcLineWord(SourceLoc at) {
  return Value::SmallInt((static_cast<int64_t>(at.file) << 32) | static_cast<uint32_t>(at.line));
}
inline SourceLoc ExcLoc(const Value* p) {
  int64_t w = p[kExcLine].small_int();
  return SourceLoc{static_cast<int32_t>(w & 0xffffffff),
                   static_cast<int32_t>(p[kExcColumn].small_int()),
                   static_cast<int32_t>(w >> 32)};
}

// A Lock's one payload word: holder + 1 while locked, 0 when free.
inline LockState LockOf(const Value* p) {
  int64_t w = p[0].small_int();
  return LockState{w != 0, static_cast<int32_t>(w - 1)};
}
inline Value LockValue(const LockState& s) { return Value::SmallInt(s.locked ? s.holder + 1 : 0); }
// An RLock's two payload words: owner (thread number, -1 when free) and count.
inline RLockState RLockOf(const Value* p) {
  return RLockState{static_cast<int32_t>(p[0].small_int()), p[1].small_int()};
}
inline void SetRLock(Value* p, const RLockState& s) {
  p[0] = Value::SmallInt(s.owner);
  p[1] = Value::SmallInt(s.count);
}

struct ObjHeader {
  ObjType type;
  uint32_t offset;    // into Machine::arena
  uint32_t size;      // payload words in use
  uint32_t capacity;  // payload words reserved
  // May be reachable by more than one thread (see Machine::Publish). Monotonic; packed into
  // the object's header word, so it is part of the state and of its fingerprint.
  bool shared = false;
};

// Frames whose code is kNativeBase + n run native routine n (natives.cc): a primitive method
// with several scheduling points, resumed at `pc`.
inline constexpr int32_t kNativeBase = 0xF0000;

struct Frame {
  int32_t code;
  int32_t pc;
  int32_t base;  // first local's index in ThreadRec::values
};

// What a thread will do when next scheduled: decoded when it stopped, so enabledness is a
// cheap look-up. Part of the state (it is a function of the frame, so it splits nothing).
enum class PendingKind : uint8_t {
  kAlways,        // a read, write, print, start, ...: always enabled, one outcome
  kLockAcquire,   // obj = the lock; mode
  kRLockAcquire,  // obj = the lock; mode
  kJoin,          // obj = the Thread object; mode kBlocking or kTimed
  kDone,          // finished
  kPrimitive,     // obj = a primitive of the table (primitives/table.h); mode: its wait kind
  kDraw,          // a random draw (scenarios/vm/random.cc); mode: its number of outcomes
};

// What a pending kAlways operation touches, for the partial-order reduction (checker/por.h):
// its `mode`, with `obj` the object (or, for globals, SmallInt(global index)).
enum class Access : uint8_t {
  kUnknown,      // anything: never reduced
  kNone,         // nothing another thread can see or change (a thread's first step, print)
  kGlobalRead,   // obj = SmallInt(global index)
  kGlobalWrite,
  kRead,         // obj = a shared container, read
  kWrite,        // obj = a shared container, written (and read)
  kRelease,      // obj = a Lock or RLock, released (by with-exit or release())
  kStart,        // obj = the Thread object being started
};

struct Pending {
  PendingKind kind = PendingKind::kAlways;
  uint8_t mode = 0;  // AcquireMode; for kAlways, an Access
  Value obj;
};

struct ThreadRec {
  bool finished = false;
  bool daemon = false;
  Value thread_obj;  // the Thread object (a _DummyThread-like one for _thread threads)
  Pending pending;
  std::vector<Frame> frames;
  std::vector<Value> values;  // locals and operand stacks of all frames, bottom to top
};

// Threads one scenario may have started, the main thread included. The checker's thread sets
// are 64-bit masks (checker/cycles.h), so a 65th thread is refused as an input error at its
// start() rather than aliased onto another thread's bit. A finished thread keeps its index
// (its Thread object still names it), so the count is of threads ever started.
inline constexpr int kMaxThreads = 64;

class Machine {
 public:
  std::vector<Value> globals;
  std::vector<ThreadRec> threads;  // [0] is the main thread; only the first num_threads used
  int32_t num_threads = 0;
  int64_t thread_counter = 0;  // threading._counter, for "Thread-N"
  int64_t dummy_counter = 0;   // for "Dummy-N"
  int64_t stack_size = 0;      // _thread.stack_size(): new threads' stack size, 0 the default
  std::vector<ObjHeader> objs;
  std::vector<Value> arena;

  Value* payload(uint32_t obj) { return arena.data() + objs[obj].offset; }
  const Value* payload(uint32_t obj) const { return arena.data() + objs[obj].offset; }
  Value* payload(Value v) { return payload(v.payload()); }
  const Value* payload(Value v) const { return payload(v.payload()); }
  ObjType type(Value v) const { return objs[v.payload()].type; }
  uint32_t size(Value v) const { return objs[v.payload()].size; }
  bool Is(Value v, ObjType t) const { return v.is_obj() && objs[v.payload()].type == t; }
  // A list or a deque: the same payload and most of the same behaviour.
  bool IsListLike(Value v) const { return Is(v, ObjType::kList) || Is(v, ObjType::kDeque); }

  // A new object of `size` payload words, all None.
  Value NewObject(ObjType type, uint32_t size);
  // Grows or shrinks an object's payload (moving it to the arena's end when it must grow).
  void Resize(Value obj, uint32_t size);
  // Removes `count` payload words at `index`, shifting the rest down.
  void Erase(Value obj, uint32_t index, uint32_t count = 1);

  // ---- sharing (escape analysis at run time) -------------------------------------------
  // An object is *shared* once more than one thread may reach it. Only the thread that
  // created an object can reach it until a reference to it crosses: it is stored in a global,
  // written into a shared object, or handed to a new thread. Every such crossing calls
  // Publish, which marks the object and everything reachable from it. Invariant (checked by
  // SharingClosed): every object reachable from a global, from a shared object, or from the
  // stacks of two threads is shared. So an object that is not shared is reachable from one
  // thread's stack only, and operations on it are invisible (not scheduling points).
  bool IsShared(Value v) const { return v.is_obj() && objs[v.payload()].shared; }
  // Marks `v` and everything reachable from it shared.
  void Publish(Value v) {
    if (v.is_obj() && !objs[v.payload()].shared) PublishSlow(v.payload());
  }
  // The write barrier: `v` is being stored into `container`; it escapes with it.
  void PublishInto(Value container, Value v) {
    if (IsShared(container)) Publish(v);
  }

  // The thread's name: the str in its Thread object.
  Value ThreadNameValue(int t) const { return payload(threads[t].thread_obj)[kThreadName]; }

  ThreadRec& NewThread();  // reuses a ThreadRec's buffers when there is one
  int LiveThreads() const;

  void Clear();

  std::vector<uint32_t> publish_stack;  // scratch for Publish

 private:
  void PublishSlow(uint32_t obj);
};

// Whether the sharing invariant (see Machine::Publish) holds in `m`; when it does not,
// `why` says which object breaks it. For tests: the interpreter keeps it at every step.
bool SharingClosed(const Machine& m, std::string* why);

// Whether `v` is a Lock on PyMutex's algorithm (--profile cpython-3.13): a kLock whose payload
// goes on past the lock word, with the has-parked bit and the parking queue
// (primitives/pymutex.h). A Lock of the language profile has the lock word only.
inline bool IsParkingLock(const Machine& m, Value v) {
  return m.Is(v, ObjType::kLock) && m.size(v) > 1;
}

// Whether thread `t` holds the Lock or RLock object `lock`.
inline bool HeldBy(const Machine& m, uint32_t lock, int t) {
  const Value* p = m.payload(lock);
  if (m.objs[lock].type == ObjType::kLock) return LockOf(p).locked && LockOf(p).holder == t;
  return m.objs[lock].type == ObjType::kRLock && RLockOf(p).owner == t;
}

// An allocator whose resize leaves new words uninitialised: Pack sizes its output for the
// worst case and then writes every word it keeps, so zero-filling would be wasted work.
template <typename T>
struct UninitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <typename U>
  UninitAllocator(const UninitAllocator<U>&) {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using PackedState = std::vector<uint64_t, UninitAllocator<uint64_t>>;

// Scratch space for Pack, reused across calls.
struct PackScratch {
  std::vector<uint32_t> remap;
  std::vector<uint32_t> order;
  // Set by Pack: the machine's objects already had their canonical numbers (every one
  // reachable, each numbered as the packed form numbers it). Such a machine differs from what
  // Unpack makes of the packed form only where the program cannot look (where the payloads lie
  // in the arena, and the room reserved after them), so a step from it is the step from the
  // packed state.
  bool canonical = false;
};

// Packs `m` into canonical form (see the file comment). `out` is overwritten. Returns the
// fingerprint of the result (the same as Fingerprint(out)).
uint64_t Pack(const Machine& m, PackedState& out, PackScratch& scratch);
// Unpacks into `m`, reusing its buffers.
void Unpack(const PackedState& in, Machine& m);
// The fingerprint of a packed state: a fixed-seed 64-bit hash, never 0.
uint64_t Fingerprint(const PackedState& s);

// Replaces every interned value in `m` (strings, pooled floats and big ints) by `map` of it:
// the globals, each thread's object, pending object and values, and every heap payload word
// (each is a Value). For processes whose interners gave the same values other ids
// (checker/distributed.h).
void MapInterned(Machine& m, absl::FunctionRef<Value(Value)> map);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_MACHINE_H_
