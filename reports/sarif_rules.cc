#include "reports/sarif_rules.h"

#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace lockcheck {
namespace {

// The meaning of each kind, in the words of the text report and the README.
SarifRule KindRule(BugKind kind) {
  SarifRule r;
  r.id = std::string(BugKindName(kind));
  r.has_trace = true;
  switch (kind) {
    case BugKind::kDeadlock:
      r.name = "ThreadsWaitForEachOther";
      r.short_description = "Threads wait for each other forever.";
      r.full_description =
          "In some interleaving every thread that has not finished is blocked (in an acquire, a "
          "join, a Condition or Event wait, a Barrier, a Semaphore), so the program can never "
          "end; or, found on a cycle of states (a partial deadlock), a live thread can never move "
          "again while other threads run on. The related locations are where each blocked thread "
          "waits.";
      break;
    case BugKind::kStarvation:
      r.name = "ThreadNeverRuns";
      r.short_description = "A thread able to run never gets to run its next operation.";
      r.full_description =
          "The program can run around a cycle of states forever in which one thread is able to "
          "move now and then (under weak fairness: not all the time) but never moves, while "
          "others keep running: typically a lock that another thread keeps re-taking. The trace "
          "is a lasso: a path to the cycle, then one turn of the cycle, which repeats forever.";
      break;
    case BugKind::kLivelock:
      r.name = "ProgramNeverEnds";
      r.short_description = "Threads keep running forever without the program ending.";
      r.full_description =
          "The program can run around a fair cycle of states forever: no thread is blocked or "
          "starved, yet the program never finishes (threads backing off and retrying in step, "
          "a spin loop on a flag that is never set). The trace is a lasso: a path to the cycle, "
          "then one turn of the cycle, which repeats forever.";
      break;
    case BugKind::kUnlockNotHeld:
      r.name = "UnlockNotHeld";
      r.short_description = "A lock is released by a thread that does not hold it.";
      r.full_description =
          "In some interleaving release() is called on a Lock that is not locked, or on an RLock "
          "the thread does not own; CPython raises RuntimeError. It is reported even when the "
          "scenario catches the exception, as the protocol is broken either way.";
      break;
    case BugKind::kAssertion:
      r.name = "AssertionFailed";
      r.short_description = "An assert statement fails in some interleaving.";
      r.full_description =
          "An assert of the scenario is false in at least one interleaving: an invariant the "
          "locking protocol was meant to keep (a counter's total, a buffer's bounds) is broken "
          "by some order of the threads' steps.";
      break;
    case BugKind::kException:
      r.name = "UncaughtException";
      r.short_description = "An exception ends a thread in some interleaving.";
      r.full_description =
          "In at least one interleaving an exception that the scenario does not catch ends a "
          "thread (or the main program): an IndexError on an empty list another thread emptied, "
          "a timeout's error, a BrokenBarrierError.";
      break;
    case BugKind::kLockOrder:
      r.name = "LockOrderCycle";
      r.short_description = "Locks are taken in orders that form a cycle.";
      r.full_description =
          "Over every state explored, threads took locks while holding others in orders that "
          "form a cycle (a then b in one thread, b then a in another): threads that do so at the "
          "same time can deadlock, even where no explored interleaving did. A warning: it fails "
          "a scenario only under --strict or when the scenario declares it. The related "
          "locations are the acquisitions that close the cycle.";
      r.severity = Severity::kWarning;
      break;
  }
  return r;
}

constexpr char kTraceHelp[] =
    "The code flow is the interleaving step by step: one thread flow per thread, each location "
    "one visible operation and its outcome (\"b.acquire(): acquired\"). executionOrder numbers "
    "the steps across all threads from 0, so step N of the text report (lockcheck check "
    "without --quiet) is executionOrder N-1. In a lasso (starvation, livelock, a partial "
    "deadlock) the steps whose properties say \"cycle\": true repeat forever after the others.";
constexpr char kReplayHelp[] =
    "The result's message ends with the command that re-runs exactly this interleaving and "
    "prints it with the final state of every thread: lockcheck replay FILE --schedule TOKEN "
    "(the token is also the result's properties.replay).";
constexpr char kPragmaHelp[] =
    "A scenario that shows this on purpose declares it in its first 20 lines, e.g. "
    "# lockcheck: expect=";

}  // namespace

std::vector<SarifRule> SarifRules() {
  std::vector<SarifRule> rules;
  for (BugKind kind : kAllBugKinds) rules.push_back(KindRule(kind));
  SarifRule input;
  input.id = kInputErrorRule;
  input.name = "InputError";
  input.short_description = "The scenario could not be checked.";
  input.full_description =
      "The scenario has no verdict: a syntax error, a construct lockcheck does not support, an "
      "undefined name, or a limit of the model (a thread running a million instructions without "
      "a visible operation, recursion deeper than 200 calls, an object over 100,000 items). The "
      "location is the diagnostic's file:line:col.";
  rules.push_back(input);
  SarifRule missing;
  missing.id = kExpectedNotFoundRule;
  missing.name = "ExpectedBugNotFound";
  missing.short_description = "A bug the scenario declares is not found.";
  missing.full_description =
      "The scenario's pragma (# lockcheck: expect=KIND) declares a kind of bug that no explored "
      "interleaving shows: the bug was fixed (update the pragma) or the scenario no longer "
      "reaches it. The location is the first line of the scenario, where pragmas are.";
  rules.push_back(missing);
  return rules;
}

int SarifRuleIndex(BugKind kind) {
  for (size_t i = 0; i < std::size(kAllBugKinds); ++i)
    if (kAllBugKinds[i] == kind) return static_cast<int>(i);
  return -1;
}

int SarifRuleIndex(const std::string& id) {
  std::vector<SarifRule> rules = SarifRules();
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id == id) return static_cast<int>(i);
  return -1;
}

std::string SarifRuleHelpText(const SarifRule& rule) {
  std::string out = absl::StrCat(rule.id, ": ", rule.full_description);
  if (rule.has_trace) {
    absl::StrAppend(&out, "\n\nReading the trace: ", kTraceHelp, "\n\nReplaying: ", kReplayHelp,
                    "\n\n", kPragmaHelp, rule.id, ".");
  }
  return out;
}

std::string SarifRuleHelpMarkdown(const SarifRule& rule) {
  std::string out = absl::StrCat("**", rule.id, "**: ", rule.full_description);
  if (rule.has_trace) {
    // The same words, with the commands and the pragma as code.
    absl::StrAppend(
        &out, "\n\n### Reading the trace\n\n", kTraceHelp, "\n\n### Replaying\n\n",
        absl::StrReplaceAll(kReplayHelp,
                            {{"lockcheck replay FILE --schedule TOKEN",
                              "`lockcheck replay FILE --schedule TOKEN`"},
                             {"properties.replay", "`properties.replay`"}}),
        "\n\n", absl::StrReplaceAll(kPragmaHelp, {{"# lockcheck: expect=", "`# lockcheck: expect="}}),
        rule.id, "`.");
  }
  return out;
}

}  // namespace lockcheck
