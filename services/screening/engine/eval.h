// Evaluation of the engine on a labelled golden set (the format of
// shared/golden/dev: meta.json, jobs.jsonl, cases.jsonl, labels.jsonl).
//
// Not part of the engine: this reads files. It runs the production path:
// each job line becomes the JSON:API document Teamtailor would send and goes
// through ingest's conversion (common/teamtailor_json.h JobFromJsonApi); the
// golden `knockout` fields become the job's knock-out rules, applied as an
// admin's are (ScoringEngine::DeriveRubric with rules, as UpdateRubric does);
// each candidate becomes the partner-webhook body, parsed as the webhook
// parses it, stored as ingest stores evidence (StoredEvidenceFor, the résumé
// text standing for the PDF's) and converted by the screening worker's
// BuildRawCandidate; then de-identified and scored with today = meta.json
// "as_of". It reports
//   grade_accuracy, spearman (score vs band centre), must_have_accuracy,
//   counterfactual_identical (pairs with byte-identical results) and
//   evidence_refound (quotes found at their offsets), each also per job and
//   per language, and per job how many requirement lines of the ad became
//   evaluable criteria (requirements.h, Rubric.warnings).
// Label keys for must-haves are free text; each is mapped to the rubric
// criterion it denotes by TextSimilarity over taxonomy terms and content
// words, plus a bonus when a number in the key equals the criterion's
// minimum ("2+ years" ↔ min_value 2), −3 for nice-to-have criteria; one
// criterion per key, greedily by descending similarity. No case ids or
// answers are hard-coded.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace clara::screening::engine {

struct EvalReport {
  int cases = 0;
  double grade_accuracy = 0;
  double spearman = 0;
  double must_have_accuracy = 0;
  double counterfactual_identical = 0;
  double evidence_refound = 0;
  int grade_correct = 0;
  int must_total = 0, must_correct = 0;
  int pairs = 0, pairs_identical = 0;
  int evidence_total = 0, evidence_ok = 0;
  int in_band = 0;
  nlohmann::json case_details = nlohmann::json::array();
  // Per job and per job language: cases, grade accuracy, Spearman, must-have
  // accuracy, score inside band; per job also requirement coverage (lines of
  // the ad, lines that became evaluable criteria, must-haves).
  nlohmann::json by_job = nlohmann::json::object();
  nlohmann::json by_language = nlohmann::json::object();
  int jobs_without_must = 0;
  nlohmann::json rubrics = nlohmann::json::array();
  // Deterministic serialization of every result, in case order.
  std::vector<std::string> serialized;
  std::vector<std::string> case_ids;
};

// NOT_FOUND / INVALID_ARGUMENT when files are missing or malformed.
absl::StatusOr<EvalReport> RunEval(const std::string& dir);

nlohmann::json ReportToJson(const EvalReport& r);

// The full result of one case as protobuf text format ("" if unknown).
std::string CaseResultText(const EvalReport& r, const std::string& case_id);
std::string ReportToText(const EvalReport& r, bool verbose);

}  // namespace clara::screening::engine
