#include "scenarios/vm/machine.h"

#include <cstring>
#include <string>
#include <vector>

namespace lockcheck {

Value Machine::NewObject(ObjType type, uint32_t size) {
  uint32_t offset = static_cast<uint32_t>(arena.size());
  arena.resize(arena.size() + size, Value::None());
  objs.push_back({type, offset, size, size});
  return Value::Obj(static_cast<uint32_t>(objs.size() - 1));
}

void Machine::Resize(Value obj, uint32_t size) {
  ObjHeader& h = objs[obj.payload()];
  if (size > h.capacity) {
    // Move to the end with room to grow; the old words are garbage until the next Pack.
    uint32_t capacity = size < 4 ? 4 : size + size / 2;
    uint32_t offset = static_cast<uint32_t>(arena.size());
    arena.resize(arena.size() + capacity, Value::None());
    std::memmove(arena.data() + offset, arena.data() + h.offset, h.size * sizeof(Value));
    h.offset = offset;
    h.capacity = capacity;
  }
  for (uint32_t i = h.size; i < size; ++i) arena[h.offset + i] = Value::None();
  h.size = size;
}

void Machine::Erase(Value obj, uint32_t index, uint32_t count) {
  uint32_t n = objs[obj.payload()].size;
  Value* p = payload(obj);
  for (uint32_t k = index; k + count < n; ++k) p[k] = p[k + count];
  Resize(obj, n - count);
}

void Machine::PublishSlow(uint32_t obj) {
  publish_stack.clear();
  publish_stack.push_back(obj);
  while (!publish_stack.empty()) {
    uint32_t o = publish_stack.back();
    publish_stack.pop_back();
    if (objs[o].shared) continue;
    objs[o].shared = true;
    // A local's attributes are its threads' own (scenarios/vm/local.cc): reachable through
    // the local by one thread each, so not shared by it.
    if (objs[o].type == ObjType::kLocal) continue;
    const Value* p = payload(o);
    for (uint32_t i = 0; i < objs[o].size; ++i) {
      if (p[i].is_obj() && !objs[p[i].payload()].shared) publish_stack.push_back(p[i].payload());
    }
  }
}

bool SharingClosed(const Machine& m, std::string* why) {
  // owner[o]: -1 unseen, t the one thread whose stack reaches it, -2 shared roots' closure.
  std::vector<int> owner(m.objs.size(), -1);
  std::vector<uint32_t> stack;
  std::vector<uint32_t> locals;  // threading.local objects met
  auto walk = [&](Value root, int from) -> bool {
    if (!root.is_obj()) return true;
    stack.assign(1, root.payload());
    while (!stack.empty()) {
      uint32_t o = stack.back();
      stack.pop_back();
      int& seen = owner[o];
      if (seen == from || seen == -2) continue;
      if (seen != -1 || from == -2) {  // a second thread, or a shared root, reaches it
        if (!m.objs[o].shared) {
          if (why != nullptr) {
            *why = "object " + std::to_string(o) + " (type " +
                   std::to_string(static_cast<int>(m.objs[o].type)) + ") is reachable by " +
                   (from == -2 ? std::string("shared state") : "threads " + std::to_string(seen) +
                                                                   " and " + std::to_string(from)) +
                   " but not shared";
          }
          return false;
        }
        seen = -2;
      } else {
        seen = from;
      }
      const Value* p = m.payload(o);
      if (m.objs[o].type == ObjType::kLocal) {  // its threads' dicts: each thread's own
        locals.push_back(o);
        continue;
      }
      for (uint32_t i = 0; i < m.objs[o].size; ++i)
        if (p[i].is_obj()) stack.push_back(p[i].payload());
    }
    return true;
  };
  for (Value g : m.globals)
    if (!walk(g, -2)) return false;
  for (uint32_t o = 0; o < m.objs.size(); ++o)
    if (m.objs[o].shared && !walk(Value::Obj(o), -2)) return false;
  for (int t = 0; t < m.num_threads; ++t) {
    const ThreadRec& th = m.threads[t];
    if (th.finished) continue;
    if (!walk(th.thread_obj, -2)) return false;
    if (!walk(th.pending.obj, t)) return false;
    for (Value v : th.values)
      if (!walk(v, t)) return false;
  }
  // A local's map (thread number -> attribute dict) is the local's alone; each dict is its
  // thread's (a finished thread's is garbage, kept until the thread's entry goes).
  for (size_t k = 0; k < locals.size(); ++k) {
    const Value map = m.payload(locals[k])[0];
    if (!map.is_obj()) continue;
    const Value* p = m.payload(map.payload());
    for (uint32_t i = 0; i + 1 < m.objs[map.payload()].size; i += 2) {
      const int t = static_cast<int>(p[i].small_int());
      if (t < m.num_threads && m.threads[t].finished) continue;
      if (!walk(p[i + 1], t)) return false;
    }
  }
  return true;
}

ThreadRec& Machine::NewThread() {
  if (static_cast<size_t>(num_threads) == threads.size()) threads.emplace_back();
  ThreadRec& t = threads[num_threads++];
  t.finished = false;
  t.daemon = false;
  t.thread_obj = Value::None();
  t.pending = Pending{};
  t.frames.clear();
  t.values.clear();
  return t;
}

int Machine::LiveThreads() const {
  int n = 0;
  for (int i = 0; i < num_threads; ++i) n += !threads[i].finished;
  return n;
}

void Machine::Clear() {
  globals.clear();
  num_threads = 0;
  thread_counter = 0;
  dummy_counter = 0;
  stack_size = 0;
  objs.clear();
  arena.clear();
}

namespace {

inline uint64_t Mum(uint64_t a, uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

// The fingerprint hash: four independent multiply-fold lanes (wyhash's mixing step) over the
// words, with fixed seeds, so a state's fingerprint is the same in every process and run. The
// first word of a packed state (its counts, known only once the rest is written) goes last.
uint64_t HashWords(const uint64_t* w, size_t n, uint64_t last) {
  constexpr uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull,
                     k2 = 0x8ebc6af09c88c6e3ull, k3 = 0x589965cc75374cc3ull;
  uint64_t a = 0x243f6a8885a308d3ull, b = 0x13198a2e03707344ull, c = 0xa4093822299f31d0ull,
           d = 0x082efa98ec4e6c89ull;
  // Two words per multiply, as wyhash does: each lane folds mum(w0 ^ seed, w1 ^ lane).
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    a = Mum(w[i] ^ k0, w[i + 1] ^ a);
    b = Mum(w[i + 2] ^ k1, w[i + 3] ^ b);
    c = Mum(w[i + 4] ^ k2, w[i + 5] ^ c);
    d = Mum(w[i + 6] ^ k3, w[i + 7] ^ d);
  }
  for (; i + 2 <= n; i += 2) a = Mum(w[i] ^ k1, w[i + 1] ^ a);
  if (i < n) b = Mum(w[i] ^ k2, b ^ k0);
  a = Mum(a ^ last ^ k0, k3);
  uint64_t h = Mum(a ^ c, b ^ d ^ (n * k3));
  return h == 0 ? 1 : h;
}

constexpr uint32_t kUnseen = 0xFFFFFFFF;

// One pass, Cheney style: values are written as they are met, and an object gets its canonical
// number the first time a reference to it is written. Objects are then written in the order
// they were numbered, so every object a written word names is written later, once. The result
// is the breadth-first numbering from the roots (globals, then each thread), and objects no
// root reaches are never written.
class Packer {
 public:
  Packer(const Machine& m, PackedState& out, PackScratch& s) : m_(m), out_(out) {
    s.remap.assign(m.objs.size(), kUnseen);
    s.order.resize(m.objs.size());
    remap_ = s.remap.data();
    order_ = s.order.data();
  }

  void Run() {
    // An upper bound of the size, so the writes below need no capacity checks.
    size_t bound = 3 + m_.globals.size() + m_.arena.size() + m_.objs.size();
    for (int t = 0; t < m_.num_threads; ++t)
      bound += 3 + m_.threads[t].frames.size() + m_.threads[t].values.size();
    if (out_.size() < bound) out_.resize(bound);
    uint64_t* w = out_.data();
    uint64_t* header = w;
    w += 3;
    header[1] = static_cast<uint64_t>(m_.thread_counter) |
                (static_cast<uint64_t>(m_.dummy_counter) << 32);
    header[2] = static_cast<uint64_t>(m_.stack_size);
    w = MapAll(m_.globals.data(), m_.globals.size(), w);
    for (int t = 0; t < m_.num_threads; ++t) {
      const ThreadRec& th = m_.threads[t];
      *w++ = static_cast<uint64_t>(th.finished) | (static_cast<uint64_t>(th.daemon) << 1) |
             (static_cast<uint64_t>(th.pending.kind) << 8) |
             (static_cast<uint64_t>(th.pending.mode) << 16) |
             (static_cast<uint64_t>(th.frames.size()) << 24) |
             (static_cast<uint64_t>(th.values.size()) << 40);
      *w++ = Map(th.thread_obj);
      *w++ = Map(th.pending.obj);
      for (const Frame& f : th.frames) {
        *w++ = static_cast<uint64_t>(f.code) | (static_cast<uint64_t>(f.pc) << 20) |
               (static_cast<uint64_t>(f.base) << 42);
      }
      w = MapAll(th.values.data(), th.values.size(), w);
    }
    const ObjHeader* objs = m_.objs.data();
    const Value* arena = m_.arena.data();
    for (uint32_t i = 0; i < count_; ++i) {
      const ObjHeader& h = objs[order_[i]];
      *w++ = static_cast<uint64_t>(h.type) | (static_cast<uint64_t>(h.shared) << 7) |
             (static_cast<uint64_t>(h.size) << 8);
      w = MapAll(arena + h.offset, h.size, w);
    }
    header[0] = static_cast<uint64_t>(m_.num_threads) |
                (static_cast<uint64_t>(m_.globals.size()) << 16) |
                (static_cast<uint64_t>(count_) << 40);
    out_.resize(static_cast<size_t>(w - out_.data()));
    fingerprint_ = HashWords(out_.data() + 1, out_.size() - 1, out_[0]);
  }
  uint64_t fingerprint() const { return fingerprint_; }
  // No object got another number than its own, and every one was reached.
  bool canonical() const { return !renumbered_ && count_ == m_.objs.size(); }

 private:
  inline __attribute__((always_inline)) uint64_t Map(Value v) {
    if (!v.is_obj()) return v.raw();
    uint32_t& slot = remap_[v.payload()];
    if (slot == kUnseen) {
      renumbered_ |= v.payload() != count_;
      slot = count_;
      order_[count_++] = v.payload();
    }
    return Value::Obj(slot).raw();
  }
  inline uint64_t* MapAll(const Value* v, size_t n, uint64_t* w) {
    for (size_t k = 0; k < n; ++k) w[k] = Map(v[k]);
    return w + n;
  }

  const Machine& m_;
  PackedState& out_;
  uint32_t* remap_;
  uint32_t* order_;
  uint32_t count_ = 0;
  bool renumbered_ = false;  // an object met got another number than its own
  uint64_t fingerprint_ = 0;
};

}  // namespace

uint64_t Pack(const Machine& m, PackedState& out, PackScratch& scratch) {
  Packer p(m, out, scratch);
  p.Run();
  scratch.canonical = p.canonical();
  return p.fingerprint();
}

void MapInterned(Machine& m, absl::FunctionRef<Value(Value)> map) {
  auto one = [&](Value& v) {
    if (v.tag() == Tag::kStr || v.tag() == Tag::kPooled) v = map(v);
  };
  for (Value& v : m.globals) one(v);
  for (int t = 0; t < m.num_threads; ++t) {
    ThreadRec& th = m.threads[t];
    one(th.thread_obj);
    one(th.pending.obj);
    for (Value& v : th.values) one(v);
  }
  for (const ObjHeader& h : m.objs) {
    for (uint32_t k = 0; k < h.size; ++k) one(m.arena[h.offset + k]);
  }
}

void Unpack(const PackedState& in, Machine& m) {
  size_t i = 0;
  uint64_t w = in[i++];
  int num_threads = static_cast<int>(w & 0xFFFF);
  size_t num_globals = (w >> 16) & 0xFFFFFF;
  size_t num_objs = w >> 40;
  w = in[i++];
  m.thread_counter = static_cast<int64_t>(w & 0xFFFFFFFF);
  m.dummy_counter = static_cast<int64_t>(w >> 32);
  m.stack_size = static_cast<int64_t>(in[i++]);
  m.globals.resize(num_globals);
  for (size_t g = 0; g < num_globals; ++g) m.globals[g] = Value::FromRaw(in[i++]);
  if (m.threads.size() < static_cast<size_t>(num_threads)) m.threads.resize(num_threads);
  m.num_threads = num_threads;
  for (int t = 0; t < num_threads; ++t) {
    ThreadRec& th = m.threads[t];
    w = in[i++];
    th.finished = w & 1;
    th.daemon = (w >> 1) & 1;
    th.pending.kind = static_cast<PendingKind>((w >> 8) & 0xFF);
    th.pending.mode = static_cast<uint8_t>((w >> 16) & 0xFF);
    size_t frames = (w >> 24) & 0xFFFF;
    size_t values = w >> 40;
    th.thread_obj = Value::FromRaw(in[i++]);
    th.pending.obj = Value::FromRaw(in[i++]);
    th.frames.resize(frames);
    for (size_t f = 0; f < frames; ++f) {
      w = in[i++];
      th.frames[f] = {static_cast<int32_t>(w & 0xFFFFF), static_cast<int32_t>((w >> 20) & 0x3FFFFF),
                      static_cast<int32_t>(w >> 42)};
    }
    const Value* src = reinterpret_cast<const Value*>(in.data() + i);
    th.values.assign(src, src + values);
    i += values;
  }
  // The object words are copied as they are; the headers are rebuilt pointing into them, so
  // the arena keeps one (unused) header word before each payload.
  m.objs.resize(num_objs);
  const Value* src = reinterpret_cast<const Value*>(in.data() + i);
  m.arena.assign(src, reinterpret_cast<const Value*>(in.data() + in.size()));
  uint32_t offset = 0;
  for (size_t o = 0; o < num_objs; ++o) {
    w = m.arena[offset].raw();
    uint32_t size = static_cast<uint32_t>(w >> 8);
    m.objs[o] = {static_cast<ObjType>(w & 0x7F), offset + 1, size, size, ((w >> 7) & 1) != 0};
    offset += size + 1;
  }
}

uint64_t Fingerprint(const PackedState& s) {
  if (s.empty()) return 1;
  return HashWords(s.data() + 1, s.size() - 1, s[0]);
}

}  // namespace lockcheck
