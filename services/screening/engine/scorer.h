// Scoring de-identified evidence against a compiled rubric.
//
// Per criterion the scorer finds evidence in the candidate's own words and
// decides met / partial / missing / unknown:
//   * skills: experience prose = met; a skills list, course, "basic", or a
//     claim only in the pitch/answers = partial; a buzzword dump or a basic
//     course against a "strong/solid" requirement = missing; negated
//     mentions never count;
//   * years: months of dated, non-training roles whose title (or, for
//     skills, whose body) shows the criterion, overlaps merged;
//   * languages: the stated level (CEFR or words) against the minimum;
//   * licences: the classes held ("A1–A4 och B1–B4" = A+B);
//   * knock-outs: a failed answer = missing; an answer the résumé
//     contradicts loses; an unsupported answer alone = partial at most;
//   * follow-up answers ("follow-up/<criterion id>"): only for a criterion
//     the rest of the evidence leaves unknown; "yes" meets declarative
//     criteria and is a claim (partial) otherwise, years and language
//     levels against the minimum, multi-selects of skill terms = partial.
// The score is 65% must-haves, 35% nice-to-haves; a missing must-have or
// failed knock-out halves it and caps it below might_be_fit; an unproven
// must-have caps it below top_fit.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "clara/screening/v1/screening.pb.h"
#include "services/screening/engine/taxonomy.h"
#include "services/screening/scoring_engine.h"

namespace clara::screening::engine {

namespace v1 = ::clara::screening::v1;

class ClaraCompiledRubric : public CompiledRubric {
 public:
  struct LicenceTerm {
    int family = -1;
    char cls = 0;  // 'a'..'z', 0 = any class
  };
  struct Crit {
    int index = 0;
    v1::CriterionKind kind = v1::CRITERION_KIND_CUSTOM;
    bool must = true;
    int64_t weight_milli = 1000;
    std::vector<int> terms;
    std::vector<int> lang_terms;
    std::vector<LicenceTerm> licences;
    int min_months = 0;
    int min_level = 0;
    bool all = false;
    bool strong = false;
    bool training = false;
    bool basic = false;  // every term is a basic competence (taxonomy flag)
    bool trait = false;  // mod:trait: a disposition; unknown is left to a recruiter
    bool interest = false;
    bool b2b = false;
    bool has_role_terms = false;
    int related = -1;
    int alt_of = -1;  // mod:alt=ID: an alternative of criterion alt_of
    bool has_knockout = false;
    // accept[t] != 0 when taxonomy term t satisfies the criterion (IsA
    // precomputed at compile time; per term for mod:all).
    std::vector<uint8_t> accept;
    std::vector<uint8_t> lang_accept;
    std::vector<std::vector<uint8_t>> term_accept;
    // Content words of the label (5-letter folded prefixes), used when a
    // criterion names nothing the taxonomy knows ("3 years as a pharmacist").
    std::vector<std::string> phrases;
    // Generic criterion: content-word stems ("kw:" terms), see EvaluateGeneric.
    std::vector<std::string> generic;
    std::vector<uint8_t> generic_named;  // a name ("kw:="): enough on its own
    std::vector<uint8_t> generic_weight; // 2, or 1 for a common word ("kw:~")
    bool generic_experience = false;      // mod:experience
    // False when the engine has no way to evaluate the criterion (no terms,
    // words or knock-out): it is reported, asked about, but never gates.
    bool gating = true;
    std::string short_label;
    // The answer id of this criterion's follow-up question
    // (FollowUpAnswerId: "follow-up/<criterion id>").
    std::string follow_up_id;
    // Display labels of `terms` (taxonomy label column, deduplicated, rubric
    // order) and their folded forms: the multi-select alternatives.
    std::vector<std::string> term_labels;
    std::vector<std::string> folded_term_labels;
    // A knock-out-question criterion with a yes/no rule: its follow-up is
    // the question as written and a follow-up answer must equal
    // `expect_boolean` (either polarity: "Do you need a visa?" -> no).
    bool verbatim = false;
    bool expect_boolean = true;
  };

  // INVALID_ARGUMENT for no criteria, duplicate ids or weights <= 0.
  static absl::StatusOr<std::shared_ptr<const ClaraCompiledRubric>> Create(
      const v1::Rubric& rubric, const Taxonomy& taxonomy);

  const v1::Rubric& rubric() const override { return rubric_; }
  const std::vector<Crit>& crits() const { return crits_; }
  const Taxonomy& taxonomy() const { return *taxonomy_; }
  const std::string& rubric_hash() const { return hash_; }

 private:
  v1::Rubric rubric_;
  std::vector<Crit> crits_;
  const Taxonomy* taxonomy_ = nullptr;
  std::string hash_;
};

v1::ScreeningResult ScoreEvidence(const ClaraCompiledRubric& rubric,
                                  const v1::CandidateEvidence& evidence,
                                  absl::CivilDay today,
                                  const ScoreOptions& options,
                                  std::string_view engine_version);

}  // namespace clara::screening::engine
