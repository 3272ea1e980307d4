#include "services/screening/screener.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "common/log.h"
#include "common/status.h"
#include "services/screening/follow_ups.h"
#include "services/screening/resume_review.h"

namespace clara::screening {

ScoreOptions OptionsFor(const ingest::v1::PartnerEvent& event) {
  ScoreOptions options;
  const auto& fields = event.webhook_data().fields();
  if (auto it = fields.find("threshold"); it != fields.end()) {
    double t = -1;
    if (it->second.has_number_value()) t = it->second.number_value();
    else if (it->second.has_string_value() && !absl::SimpleAtod(it->second.string_value(), &t)) t = -1;
    if (t >= 0 && t <= 100) options.prequalify_threshold = static_cast<int>(std::lround(t));
  }
  return options;
}

std::string FollowUpLanguage(const integrations::v1::FollowUpPolicy& policy, const v1::Rubric& rubric) {
  if (!policy.language_code().empty()) return absl::AsciiStrToLower(policy.language_code());
  return rubric.language_code();
}

int RubricVersionFor(const ingest::v1::PartnerEvent& event) {
  const auto& fields = event.webhook_data().fields();
  for (const char* key : {"rubric-version", "rubric_version"}) {
    auto it = fields.find(key);
    if (it == fields.end()) continue;
    double v = 0;
    if (it->second.has_number_value()) v = it->second.number_value();
    else if (it->second.has_string_value() && !absl::SimpleAtod(it->second.string_value(), &v)) v = 0;
    if (v >= 1 && v <= 1e6) return static_cast<int>(v);
  }
  return 0;
}

absl::StatusOr<std::shared_ptr<const CompiledRubric>> Screener::Compiled(const v1::Rubric& rubric) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = compiled_.find(rubric.content_hash()); it != compiled_.end()) return it->second;
  }
  CLARA_ASSIGN_OR_RETURN(auto compiled, engine_->Compile(rubric));
  std::lock_guard<std::mutex> lock(mu_);
  if (compiled_.size() > 1000) compiled_.clear();  // bounded; rubrics are cheap to recompile
  compiled_[rubric.content_hash()] = compiled;
  return compiled;
}

absl::Status Screener::Handle(const queue::WorkItem& item) {
  ingest::v1::ScreeningTask task;
  if (!task.ParseFromString(item.payload)) return absl::InvalidArgumentError("corrupt screening task");
  CLARA_ASSIGN_OR_RETURN(ScreeningInputs inputs,
                         store_->LoadInputs(task.integration_id(), task.event_id(), task.job_id()));
  v1::Rubric rubric;
  if (const int pinned = RubricVersionFor(inputs.event); pinned > 0) {
    // The recruiter's trigger pinned a version; NOT_FOUND (permanent) when it does not exist.
    CLARA_ASSIGN_OR_RETURN(rubric, store_->GetRubric(task.integration_id(), task.job_id(), pinned));
  } else {
    // The admin's knock-out rules live on the job's rubric: a re-derived
    // rubric keeps those of the latest version.
    google::protobuf::RepeatedPtrField<v1::KnockoutRule> rules;
    if (auto latest = store_->GetRubric(task.integration_id(), task.job_id(), 0); latest.ok()) {
      rules = latest->knockout_rules();
    } else if (!absl::IsNotFound(latest.status())) {
      return latest.status();
    }
    CLARA_ASSIGN_OR_RETURN(v1::Rubric derived, engine_->DeriveRubric(inputs.job, rules));
    CLARA_ASSIGN_OR_RETURN(rubric, store_->CurrentRubric(task.integration_id(), derived));
  }
  CLARA_ASSIGN_OR_RETURN(auto compiled, Compiled(rubric));

  const absl::Time start = absl::Now();
  RawCandidate raw = BuildRawCandidate(inputs);
  // A follow-up's answers are evidence like any other answer.
  if (inputs.follow_up && inputs.follow_up->state() == fv1::FOLLOW_UP_STATE_ANSWERED) {
    for (auto& a : AnswersAsEvidence(*inputs.follow_up)) raw.answers.push_back(std::move(a));
  }
  v1::CandidateEvidence evidence = engine_->Deidentify(raw);
  const absl::CivilDay today = absl::ToCivilDay(now_(), absl::UTCTimeZone());
  ScoreOptions options = OptionsFor(inputs.event);
  options.follow_up_language = FollowUpLanguage(inputs.follow_up_policy, rubric);
  v1::ScreeningResult result = engine_->Score(*compiled, evidence, today, options);
  metrics_->scoring_duration->Observe(absl::ToDoubleSeconds(absl::Now() - start));
  // A résumé CLARA could not get or read: a person reviews, with the reason.
  const bool resume_review = inputs.evidence.resume_needs_review();
  if (resume_review) result = NeedsReviewForResume(std::move(result), inputs.evidence.resume_problem());

  SaveOptions save;
  std::string follow_up = "none";
  if (inputs.follow_up) {
    // One round per event: the result follows the round's state.
    switch (inputs.follow_up->state()) {
      case fv1::FOLLOW_UP_STATE_PENDING:
      case fv1::FOLLOW_UP_STATE_SENT:
        save.awaiting_follow_up_id = inputs.follow_up->id();  // still waiting: provisional
        follow_up = "waiting";
        break;
      case fv1::FOLLOW_UP_STATE_EXPIRED:
      case fv1::FOLLOW_UP_STATE_OPTED_OUT:
        result = Finalise(std::move(result), inputs.follow_up->state());
        save.basis = BasisFor(inputs.follow_up->state());
        follow_up = StateName(inputs.follow_up->state());
        break;
      default:
        follow_up = "answered";
        break;
    }
  } else if (AskDecision ask = ShouldAsk(inputs.follow_up_policy, inputs.event, result); ask.ask && !resume_review) {
    fv1::FollowUp f = BuildFollowUp(result, rubric, options.follow_up_language, inputs.follow_up_policy.max_questions());
    if (f.questions_size() > 0) {
      save.ask = std::move(f);
      save.answer_timeout = absl::Seconds(inputs.follow_up_policy.answer_timeout().seconds());
      follow_up = "asked";
    }
  }

  CLARA_ASSIGN_OR_RETURN(v1::Screening saved,
                         store_->SaveResult(task.integration_id(), inputs, rubric, result, save));
  metrics_->screenings->Add({{"grade", v1::Grade_Name(saved.result().grade())}}).Increment();
  if (follow_up == "asked" && !saved.follow_up_id().empty()) metrics_->follow_ups->Add({{"event", "asked"}}).Increment();
  log::Info("candidate screened", {{"event_id", task.event_id()},
                                   {"integration_id", task.integration_id()},
                                   {"screening_id", saved.id()},
                                   {"rubric_version", rubric.version()},
                                   {"score", saved.result().score()},
                                   {"resume_review", resume_review},
                                   {"follow_up", follow_up}});
  return absl::OkStatus();
}

}  // namespace clara::screening
