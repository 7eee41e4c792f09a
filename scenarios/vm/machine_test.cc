#include "scenarios/vm/machine.h"

#include "gtest/gtest.h"

namespace lockcheck {
namespace {

// A machine with one global pointing at a list of two locks, built with the objects
// allocated in the given order (and, optionally, a garbage object).
Machine Build(bool reversed, bool garbage) {
  Machine m;
  m.globals.assign(1, Value::None());
  ThreadRec& t = m.NewThread();
  t.frames.push_back({0, 3, 0});
  if (garbage) m.NewObject(ObjType::kList, 5);
  Value a, b;
  if (reversed) {
    b = m.NewObject(ObjType::kLock, 1);
    a = m.NewObject(ObjType::kLock, 1);
  } else {
    a = m.NewObject(ObjType::kLock, 1);
    b = m.NewObject(ObjType::kLock, 1);
  }
  m.payload(a)[0] = Value::SmallInt(0);
  m.payload(b)[0] = Value::SmallInt(2);
  Value list = m.NewObject(ObjType::kList, 2);
  m.payload(list)[0] = a;
  m.payload(list)[1] = b;
  m.globals[0] = list;
  t.thread_obj = Value::None();
  t.values = {b};
  return m;
}

TEST(MachineTest, PackIsCanonicalInAllocationOrderAndGarbage) {
  PackScratch scratch;
  PackedState s1, s2, s3;
  uint64_t f1 = Pack(Build(false, false), s1, scratch);
  uint64_t f2 = Pack(Build(true, false), s2, scratch);
  uint64_t f3 = Pack(Build(true, true), s3, scratch);
  EXPECT_EQ(s1, s2);
  EXPECT_EQ(s1, s3);
  EXPECT_EQ(f1, f2);
  EXPECT_EQ(f1, f3);
  EXPECT_EQ(f1, Fingerprint(s1));
}

TEST(MachineTest, UnpackThenPackIsTheIdentity) {
  PackScratch scratch;
  PackedState s1, s2;
  Pack(Build(true, true), s1, scratch);
  Machine m;
  Unpack(s1, m);
  Pack(m, s2, scratch);
  EXPECT_EQ(s1, s2);
}

TEST(MachineTest, PackSaysWhetherTheMachineWasInCanonicalForm) {
  PackScratch scratch;
  PackedState s1, s2;
  // Allocated a, b, list; numbered list, a, b from the global: renumbered.
  Pack(Build(false, false), s1, scratch);
  EXPECT_FALSE(scratch.canonical);
  Machine m;
  Unpack(s1, m);
  Pack(m, s2, scratch);
  EXPECT_TRUE(scratch.canonical);
  // Unreachable objects are dropped, so a machine holding one was not canonical.
  m.NewObject(ObjType::kList, 2);
  Pack(m, s2, scratch);
  EXPECT_FALSE(scratch.canonical);
  EXPECT_EQ(s1, s2);
  // A payload grown past its room moves within the arena: the numbering stays canonical.
  Unpack(s1, m);
  m.Resize(m.globals[0], 9);
  Pack(m, s2, scratch);
  EXPECT_TRUE(scratch.canonical);
}

TEST(MachineTest, DifferentStatesDiffer) {
  PackScratch scratch;
  PackedState s1, s2;
  Machine a = Build(false, false), b = Build(false, false);
  b.payload(b.globals[0])[0] = b.payload(b.globals[0])[1];  // the list now holds b twice
  EXPECT_NE(Pack(a, s1, scratch), Pack(b, s2, scratch));
}

// A machine whose global holds a set of two locks and a live iterator over it, allocated in
// the given order, the iterator at position `pos`.
Machine BuildSetAndIterator(bool reversed, int64_t pos) {
  Machine m;
  m.globals.assign(2, Value::None());
  ThreadRec& t = m.NewThread();
  t.frames.push_back({0, 3, 0});
  t.thread_obj = Value::None();
  Value set, it;
  if (reversed) {
    it = m.NewObject(ObjType::kIterator, kIterSlots);
    set = m.NewObject(ObjType::kSet, 2);
  } else {
    set = m.NewObject(ObjType::kSet, 2);
    it = m.NewObject(ObjType::kIterator, kIterSlots);
  }
  m.payload(set)[0] = Value::SmallInt(1);
  m.payload(set)[1] = Value::SmallInt(2);
  Value* p = m.payload(it);
  p[kIterKind] = Value::SmallInt(static_cast<int64_t>(IterKind::kSeq));
  p[kIterSource] = set;
  p[kIterPos] = Value::SmallInt(pos);
  p[kIterExtra] = Value::SmallInt(2);
  m.globals[0] = set;
  m.globals[1] = it;
  return m;
}

TEST(MachineTest, SetsAndIteratorsArePartOfTheState) {
  PackScratch scratch;
  PackedState s1, s2, s3, s4;
  // Copied and compared in canonical order, whatever the allocation order.
  EXPECT_EQ(Pack(BuildSetAndIterator(false, 1), s1, scratch),
            Pack(BuildSetAndIterator(true, 1), s2, scratch));
  EXPECT_EQ(s1, s2);
  // The iterator's position and the set's items are state.
  EXPECT_NE(Pack(BuildSetAndIterator(false, 0), s3, scratch), Fingerprint(s1));
  Machine other = BuildSetAndIterator(false, 1);
  other.payload(other.globals[0])[1] = Value::SmallInt(3);
  EXPECT_NE(Pack(other, s4, scratch), Fingerprint(s1));
  Machine m;
  Unpack(s1, m);
  PackedState again;
  Pack(m, again, scratch);
  EXPECT_EQ(again, s1);
  EXPECT_EQ(m.objs[m.globals[0].payload()].type, ObjType::kSet);
  EXPECT_EQ(m.payload(m.globals[1])[kIterSource], m.globals[0]);
}

TEST(MachineTest, FingerprintIsFixedAcrossRuns) {
  // The hash has fixed seeds: this value must never change between processes or builds.
  PackedState s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  EXPECT_EQ(Fingerprint(s), Fingerprint(PackedState{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_NE(Fingerprint(s), Fingerprint(PackedState{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12}));
  EXPECT_NE(Fingerprint(s), 0u);
}

}  // namespace
}  // namespace lockcheck
