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

TEST(MachineTest, DifferentStatesDiffer) {
  PackScratch scratch;
  PackedState s1, s2;
  Machine a = Build(false, false), b = Build(false, false);
  b.payload(b.globals[0])[0] = b.payload(b.globals[0])[1];  // the list now holds b twice
  EXPECT_NE(Pack(a, s1, scratch), Pack(b, s2, scratch));
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
