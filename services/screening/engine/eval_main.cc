// clara-eval DIR [--json] [--verbose] [--rubrics] [--show CASE]
//
// Scores a golden set in the shared/golden/dev format and prints grade
// accuracy, Spearman correlation with the band centres, must-have verdict
// accuracy, identical counterfactual pairs and re-found evidence quotes.
#include <cstdio>
#include <cstring>
#include <string>

#include "services/screening/engine/eval.h"

int main(int argc, char** argv) {
  std::string dir;
  bool as_json = false, verbose = false, rubrics = false;
  std::string show;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) {
      as_json = true;
    } else if (std::strcmp(argv[i], "--verbose") == 0 || std::strcmp(argv[i], "-v") == 0) {
      verbose = true;
    } else if (std::strcmp(argv[i], "--rubrics") == 0) {
      rubrics = true;
    } else if (std::strcmp(argv[i], "--show") == 0 && i + 1 < argc) {
      show = argv[++i];
    } else if (argv[i][0] == '-') {
      std::fprintf(stderr, "usage: clara-eval DIR [--json] [--verbose] [--rubrics] [--show CASE]\n");
      return 2;
    } else {
      dir = argv[i];
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr, "usage: clara-eval DIR [--json] [--verbose] [--rubrics] [--show CASE]\n");
    return 2;
  }
  auto report = clara::screening::engine::RunEval(dir);
  if (!report.ok()) {
    std::fprintf(stderr, "clara-eval: %s\n", report.status().ToString().c_str());
    return 1;
  }
  if (!show.empty()) {
    std::string text = clara::screening::engine::CaseResultText(*report, show);
    if (text.empty()) {
      std::fprintf(stderr, "clara-eval: no case %s\n", show.c_str());
      return 1;
    }
    std::fputs(text.c_str(), stdout);
    return 0;
  }
  if (rubrics) {
    std::printf("%s\n", report->rubrics.dump(2).c_str());
    return 0;
  }
  if (as_json) {
    std::printf("%s\n", clara::screening::engine::ReportToJson(*report).dump().c_str());
  } else {
    std::fputs(clara::screening::engine::ReportToText(*report, verbose).c_str(), stdout);
  }
  return 0;
}
