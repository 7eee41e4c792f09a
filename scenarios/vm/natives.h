// The native routines' numbers and frame layout, for the layers that look into a routine's
// frame: the partial-order reduction reads a Condition.wait or notify frame's resume point and
// locals (checker/por.h). The routines themselves are the primitives' (primitives/).
#ifndef LOCKCHECK_SCENARIOS_VM_NATIVES_H_
#define LOCKCHECK_SCENARIOS_VM_NATIVES_H_

#include <cstdint>

#include "primitives/condition.h"
#include "primitives/routine.h"
#include "scenarios/vm/machine.h"

namespace lockcheck::native {

constexpr int32_t CodeOf(Routine r) { return kNativeBase + r; }

}  // namespace lockcheck::native

#endif  // LOCKCHECK_SCENARIOS_VM_NATIVES_H_
