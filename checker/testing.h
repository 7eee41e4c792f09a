// Helpers for tests that check whole scenarios: write a scenario to a temporary file, check it,
// and read what a run printed.
#ifndef LOCKCHECK_CHECKER_TESTING_H_
#define LOCKCHECK_CHECKER_TESTING_H_

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "checker/check.h"
#include "checker/result.h"

namespace lockcheck::testing {

// Writes `text` to a fresh file named after `name` in the test's temporary folder.
inline std::string WriteScenario(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/lockcheck_test_" + name + ".py";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Checks `text` with the given option settings (as a pragma or a flag would set them).
inline ScenarioResult Check(const std::string& name, const std::string& text,
                            std::vector<OptionSetting> settings = {}) {
  CheckRequest request;
  request.path = WriteScenario(name, text);
  request.settings = std::move(settings);
  return CheckScenario(request);
}

#ifdef LOCKCHECK_SOURCE_DIR
// Checks the corpus scenario `file` (a path under scenarios/corpus/) with the given settings.
inline ScenarioResult CheckCorpus(const std::string& file, std::vector<OptionSetting> settings = {},
                                  bool strict = false) {
  CheckRequest request;
  request.path = std::string(LOCKCHECK_SOURCE_DIR) + "/scenarios/corpus/" + file;
  request.settings = std::move(settings);
  request.strict = strict;
  return CheckScenario(request);
}
#endif

// Runs one interleaving and returns every printed line (or the first error, rendered).
inline std::vector<std::string> RunOutput(const std::string& name, const std::string& text,
                                          ScenarioResult* result_out = nullptr) {
  CheckRequest request;
  request.path = WriteScenario(name, text);
  std::vector<TraceStep> trace;
  ScenarioResult r = RunScenario(request, &trace);
  std::vector<std::string> out;
  for (const std::string& e : r.rendered_errors) out.push_back(e);
  for (const TraceStep& s : trace)
    for (const std::string& line : s.output) out.push_back(line);
  if (result_out != nullptr) *result_out = r;
  return out;
}

}  // namespace lockcheck::testing

#endif  // LOCKCHECK_CHECKER_TESTING_H_
