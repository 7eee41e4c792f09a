// report_fixture FILE: writes the JSON report of the hand-built results of the writers' unit
// tests (reports/report_fixtures.h) to FILE, so the schema test validates real writer output
// even where no scenario can be checked yet.
#include <fstream>
#include <iostream>

#include "reports/json_report.h"
#include "reports/report_fixtures.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: report_fixture OUTPUT.json\n";
    return 2;
  }
  std::ofstream out(argv[1], std::ios::binary);
  out << lockcheck::RenderJson(lockcheck::fixtures::FullReport());
  out.close();
  if (!out) {
    std::cerr << "report_fixture: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
