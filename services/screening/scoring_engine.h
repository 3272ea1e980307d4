// The seam between the screening service and a scoring engine.
//
// The service (worker and gRPC adapter) talks only to this interface; an
// engine is a pure library behind it: no I/O, no gRPC, no SQL, deterministic
// for the same rubric, evidence, options and engine version.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "clara/screening/v1/screening.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/screening/rubric_hash.h"

namespace clara::screening {

namespace v1 = ::clara::screening::v1;

// What ingest knows of a candidate before de-identification. Identifiers are
// given so that the de-identifier can scrub them from free text.
struct RawCandidate {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;
  std::vector<std::string> other_identifiers;  // e.g. LinkedIn URL, address
  std::string resume_text;
  std::string pitch;
  std::string cover_letter;
  std::vector<v1::CandidateAnswer> answers;  // question_id may be empty
};

// A candidate's answer to a follow-up question (FollowUpService) reaches the
// engine as a CandidateAnswer whose question_id is this prefix followed by
// the criterion id, e.g. "follow-up/work-authorization", with a boolean
// (yes/no), choices (single/multi-select) or range (scale) value. The engine
// uses it for that criterion when the other evidence leaves it unknown.
inline constexpr std::string_view kFollowUpAnswerPrefix = "follow-up/";

inline std::string FollowUpAnswerId(std::string_view criterion_id) {
  return std::string(kFollowUpAnswerPrefix) + std::string(criterion_id);
}

// Grade thresholds; a trigger's webhook-data may override pre-qualification.
struct ScoreOptions {
  int top_fit_threshold = 75;
  int might_be_fit_threshold = 50;
  // Score at or above which (with no failed knock-out and no missing
  // must-have) the candidate is pre_qualified; default top_fit_threshold.
  std::optional<int> prequalify_threshold;
  // ISO 639-1 language of follow-up questions; empty = the rubric's.
  std::string follow_up_language;
};

// A rubric prepared for fast repeated scoring. Immutable, thread-safe.
class CompiledRubric {
 public:
  virtual ~CompiledRubric() = default;
  virtual const v1::Rubric& rubric() const = 0;
};

class ScoringEngine {
 public:
  virtual ~ScoringEngine() = default;

  // e.g. "clara-engine/1.1.0"; part of every result.
  virtual std::string_view version() const = 0;

  // Derives a rubric from a job: criteria, warnings, content_hash; version 0
  // (the store assigns versions). INVALID_ARGUMENT when the job has no title.
  absl::StatusOr<v1::Rubric> DeriveRubric(const v1::Job& job) const { return DeriveRubric(job, {}); }

  // The same with an admin's knock-out rules (Rubric.knockout_rules): each is
  // linked to the must-have it tests or becomes a knock-out criterion, and
  // the rubric carries the rules. INVALID_ARGUMENT naming the question when
  // a rule names no question of the job or does not fit its type;
  // FAILED_PRECONDITION when the engine has no knock-out rules.
  virtual absl::StatusOr<v1::Rubric> DeriveRubric(
      const v1::Job& job, const google::protobuf::RepeatedPtrField<v1::KnockoutRule>& rules) const = 0;

  // `rubric` (edited by a recruiter) with its knock-out rules replaced by
  // `rules`, re-linked to its criteria; content_hash set. Errors as
  // DeriveRubric.
  virtual absl::StatusOr<v1::Rubric> WithKnockoutRules(
      const v1::Job& job, const v1::Rubric& rubric,
      const google::protobuf::RepeatedPtrField<v1::KnockoutRule>& rules) const = 0;

  // Knock-out rules suggested for the job's questions that have none in
  // `rubric` (for the admin to review); may be empty.
  virtual std::vector<v1::KnockoutRule> SuggestKnockoutRules(const v1::Job& job,
                                                             const v1::Rubric& rubric) const = 0;

  // The content hash of a rubric (what Rubric.content_hash holds): the same
  // content always gives the same hash; version, origin, warnings and
  // timestamps are not content. Not virtual: every engine hashes with the
  // one RubricContentHash (rubric_hash.h), so a rubric's hash never depends
  // on which engine derived it.
  std::string RubricHash(const v1::Rubric& rubric) const { return RubricContentHash(rubric); }

  // Prepares a rubric for scoring. INVALID_ARGUMENT for a malformed rubric
  // (no criteria, duplicate ids, weights <= 0).
  virtual absl::StatusOr<std::shared_ptr<const CompiledRubric>> Compile(
      const v1::Rubric& rubric) const = 0;

  // Removes personal identifiers and protected-attribute words.
  virtual v1::CandidateEvidence Deidentify(const RawCandidate& raw) const = 0;

  // Scores de-identified evidence. `today` resolves "present"/"nu"/"heute".
  virtual v1::ScreeningResult Score(const CompiledRubric& rubric,
                                    const v1::CandidateEvidence& evidence,
                                    absl::CivilDay today,
                                    const ScoreOptions& options) const = 0;
};

}  // namespace clara::screening
