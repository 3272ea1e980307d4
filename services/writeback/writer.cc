#include "services/writeback/writer.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clara/writeback/v1/writeback.pb.h"
#include "common/log.h"
#include "common/status.h"
#include "common/worker.h"
#include "services/writeback/note.h"
#include "services/writeback/partner_result.h"

namespace clara::writeback {
namespace {

namespace iv1 = ::clara::integrations::v1;
using Json = nlohmann::json;

// Pages of a collection read at most (30 a page): a candidate with more than
// 600 notes is not worth more requests.
constexpr int kMaxPages = 20;

// j[a][b]… without exceptions: null when any step is missing.
const Json& At(const Json& j, std::initializer_list<const char*> path) {
  static const Json kNull;
  const Json* cur = &j;
  for (const char* k : path) {
    if (!cur->is_object()) return kNull;
    auto it = cur->find(k);
    if (it == cur->end()) return kNull;
    cur = &*it;
  }
  return *cur;
}

// A JSON:API id (a string; tolerate a number).
std::string IdOf(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  return "";
}

std::string StringOf(const Json& j) { return j.is_string() ? j.get<std::string>() : ""; }

// Percent-encodes a query value.
std::string QueryValue(const std::string& v) {
  std::string out;
  for (unsigned char c : v) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "%", absl::AsciiStrToUpper(absl::StrCat(absl::Hex(c, absl::kZeroPad2))));
    }
  }
  return out;
}

}  // namespace

Writer::Written Writer::Done(std::string remote_id, std::string note) {
  Written w;
  w.remote_id = std::move(remote_id);
  w.note = std::move(note);
  return w;
}

Writer::Written Writer::Skipped(std::string note) {
  Written w;
  w.state = v1::OPERATION_STATE_SKIPPED;
  w.note = std::move(note);
  return w;
}

namespace {

const char* OutcomeLabel(v1::OperationState s) {
  return s == v1::OPERATION_STATE_SKIPPED ? "skipped" : "done";
}

}  // namespace

absl::Status Writer::Run(const DeliveryInputs& in, v1::OperationKind kind, const Write& write, bool* failed) {
  const std::string key = IdempotencyKey(in.screening_id, kind);
  CLARA_ASSIGN_OR_RETURN(const v1::Operation prior, store_->GetOperation(key));
  const std::string kind_name = v1::OperationKind_Name(kind);
  if (prior.state() == v1::OPERATION_STATE_DONE || prior.state() == v1::OPERATION_STATE_SKIPPED) {
    metrics_->operations->Add({{"kind", kind_name}, {"outcome", "already_done"}}).Increment();
    return absl::OkStatus();
  }
  v1::Operation op = prior;
  op.set_kind(kind);
  CLARA_RETURN_IF_ERROR(store_->BeginOperation(in.integration_id, in.screening_id, op));
  absl::StatusOr<Written> written = write(prior);
  const bool permanent = !written.ok() && worker::IsPermanent(written.status());
  std::string outcome;
  if (written.ok()) {
    op.set_state(written->state);
    op.set_remote_id(written->remote_id);
    op.set_last_error(written->note);
    outcome = OutcomeLabel(written->state);
  } else {
    // Failed for good, or pending again until the work item's retry.
    op.set_state(permanent ? v1::OPERATION_STATE_FAILED : v1::OPERATION_STATE_PENDING);
    op.set_last_error(std::string(written.status().message()));
    outcome = permanent ? "failed" : "retry";
  }
  metrics_->operations->Add({{"kind", kind_name}, {"outcome", outcome}}).Increment();
  CLARA_RETURN_IF_ERROR(store_->RecordOperation(in.integration_id, in.screening_id, op));
  if (permanent) {
    *failed = true;
    log::Warning("write-back operation failed", {{"integration_id", in.integration_id},
                                                 {"screening_id", in.screening_id},
                                                 {"kind", kind_name},
                                                 {"code", absl::StatusCodeToString(written.status().code())},
                                                 {"error", std::string(written.status().message()).substr(0, 300)}});
    return absl::OkStatus();
  }
  return written.status();
}

absl::StatusOr<std::vector<Json>> Writer::GetAll(const std::string& api_key, const std::string& path) {
  std::vector<Json> out;
  std::string next = path;
  for (int page = 0; page < kMaxPages && !next.empty(); ++page) {
    CLARA_ASSIGN_OR_RETURN(Json doc, client_->Get(api_key, next));
    const Json& data = At(doc, {"data"});
    if (data.is_array()) {
      for (const auto& r : data) out.push_back(r);
    }
    next = StringOf(At(doc, {"links", "next"}));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> Writer::CandidateTags(const std::string& api_key, int64_t candidate_id) {
  CLARA_ASSIGN_OR_RETURN(Json doc, client_->Get(api_key, absl::StrCat("/candidates/", candidate_id)));
  std::vector<std::string> tags;
  const Json& list = At(doc, {"data", "attributes", "tags"});
  if (list.is_array()) {
    for (const auto& t : list) {
      if (t.is_string()) tags.push_back(t.get<std::string>());
    }
  }
  return tags;
}

absl::Status Writer::PatchTags(const std::string& api_key, int64_t candidate_id, const std::vector<std::string>& tags) {
  Json body = {{"data", {{"id", absl::StrCat(candidate_id)}, {"type", "candidates"}, {"attributes", {{"tags", tags}}}}}};
  return client_->Patch(api_key, absl::StrCat("/candidates/", candidate_id), body).status();
}

std::string Writer::ReportUrl(const std::string& screening_id) const {
  return options_.report_base_url.empty() ? "" : absl::StrCat(options_.report_base_url, "/", screening_id);
}

// 1. CLARA's tags: the array replaces the old one, so read → merge → write.
absl::StatusOr<Writer::Written> Writer::WriteTags(const DeliveryInputs& in, const std::vector<std::string>& clara) {
  CLARA_ASSIGN_OR_RETURN(std::vector<std::string> current, CandidateTags(in.api_key, in.candidate_id));
  std::vector<std::string> merged = MergeTags(current, clara);
  if (merged != current) CLARA_RETURN_IF_ERROR(PatchTags(in.api_key, in.candidate_id, merged));
  return Done(absl::StrCat(in.candidate_id));
}

absl::StatusOr<std::string> Writer::ScoreFieldId(const DeliveryInputs& in) {
  const absl::Time now = absl::Now();
  {
    std::lock_guard<std::mutex> lock(field_mu_);
    auto it = field_ids_.find(in.integration_id);
    if (it != field_ids_.end() && it->second.second > now) return it->second.first;
  }
  const std::string& name = options_.score_field_api_name;
  // The contract lists no filter on custom-fields: read them all (a company has few) and match.
  CLARA_ASSIGN_OR_RETURN(std::vector<Json> fields, GetAll(in.api_key, "/custom-fields?page%5Bsize%5D=30"));
  for (const auto& f : fields) {
    if (!absl::EqualsIgnoreCase(StringOf(At(f, {"attributes", "api-name"})), name)) continue;
    const std::string owner = StringOf(At(f, {"attributes", "owner-type"}));
    if (!owner.empty() && owner != "Candidate") {
      return absl::FailedPreconditionError(absl::StrCat("Teamtailor's custom field with api-name ", name, " belongs to ",
                                                        owner, " records; CLARA needs a candidate field"));
    }
    const std::string id = IdOf(At(f, {"id"}));
    if (id.empty()) break;
    std::lock_guard<std::mutex> lock(field_mu_);
    field_ids_[in.integration_id] = {id, now + options_.field_cache_ttl};
    return id;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "Teamtailor has no custom field with api-name ", name, "; create a Number field for candidates (Settings → ",
      "Custom fields, e.g. named \"CLARA score\") with the api-name ", name,
      ", or point --score_field_api_name at the field to use"));
}

absl::Status Writer::PatchScore(const DeliveryInputs& in, const std::string& value_id) {
  Json body = {{"data",
                {{"id", value_id},
                 {"type", "custom-field-values"},
                 {"attributes", {{"value", absl::StrCat(std::clamp(in.result.score(), 0, 100))}}}}}};
  return client_->Patch(in.api_key, absl::StrCat("/custom-field-values/", QueryValue(value_id)), body).status();
}

// 2. The score in the "CLARA score" custom field: one value per candidate,
// created once and then updated.
absl::StatusOr<Writer::Written> Writer::WriteScore(const DeliveryInputs& in, const v1::Operation& prior) {
  CLARA_ASSIGN_OR_RETURN(std::string field_id, ScoreFieldId(in));
  // The value CLARA created before: on a retry, or for an earlier screening.
  std::string known = prior.remote_id();
  if (known.empty()) {
    CLARA_ASSIGN_OR_RETURN(known, store_->PreviousRemoteId(in.integration_id, in.candidate_id,
                                                           v1::OPERATION_KIND_CUSTOM_FIELD));
  }
  if (!known.empty()) {
    absl::Status s = PatchScore(in, known);
    if (s.ok()) return Done(known);
    if (!absl::IsNotFound(s)) return s;
    // Deleted in Teamtailor since: create it again.
  }
  Json body = {{"data",
                {{"type", "custom-field-values"},
                 {"attributes", {{"value", absl::StrCat(std::clamp(in.result.score(), 0, 100))}}},
                 {"relationships",
                  {{"custom-field", {{"data", {{"type", "custom-fields"}, {"id", field_id}}}}},
                   {"owner", {{"data", {{"type", "candidates"}, {"id", absl::StrCat(in.candidate_id)}}}}}}}}}};
  absl::StatusOr<Json> created = client_->Post(in.api_key, "/custom-field-values", body);
  if (created.ok()) {
    const std::string id = IdOf(At(*created, {"data", "id"}));
    // Without an id the value still exists: the retry finds it through the 422.
    if (id.empty()) return absl::UnknownError("Teamtailor created the score value without returning its id");
    return Done(id);
  }
  if (!absl::IsInvalidArgument(created.status())) return created.status();
  // 422: the candidate has a value of the field already (set by a recruiter,
  // or created by an attempt whose answer was lost): update that one. The
  // candidate's values come through its relationship; include=custom-field
  // gives each value's field linkage (relationships.custom-field.data).
  CLARA_ASSIGN_OR_RETURN(std::vector<Json> values,
                         GetAll(in.api_key, absl::StrCat("/candidates/", in.candidate_id,
                                                         "/custom-field-values?include=custom-field&page%5Bsize%5D=30")));
  for (const auto& v : values) {
    const std::string id = IdOf(At(v, {"id"}));
    if (id.empty() || IdOf(At(v, {"relationships", "custom-field", "data", "id"})) != field_id) continue;
    CLARA_RETURN_IF_ERROR(PatchScore(in, id));
    return Done(id);
  }
  return created.status();
}

absl::StatusOr<std::string> Writer::FindNote(const DeliveryInputs& in) {
  CLARA_ASSIGN_OR_RETURN(std::vector<Json> notes,
                         GetAll(in.api_key, absl::StrCat("/candidates/", in.candidate_id, "/notes?page%5Bsize%5D=30")));
  for (const auto& n : notes) {
    if (HasNoteMarker(StringOf(At(n, {"attributes", "note"})), in.screening_id)) return IdOf(At(n, {"id"}));
  }
  return std::string();
}

// 3. The explanation as a note. Posting is not idempotent: an attempt that
// may have posted (any earlier attempt of this operation) looks for the
// marker first.
absl::StatusOr<Writer::Written> Writer::WriteNote(const DeliveryInputs& in, const v1::Operation& prior) {
  if (!prior.remote_id().empty()) return Done(prior.remote_id());
  if (prior.attempts() > 0) {
    CLARA_ASSIGN_OR_RETURN(std::string found, FindNote(in));
    if (!found.empty()) return Done(found);
  }
  Json body = {{"data",
                {{"type", "notes"},
                 {"attributes", {{"note", NoteText(in.screening_id, in.result, ReportUrl(in.screening_id))}}},
                 {"relationships",
                  {{"candidate", {{"data", {{"type", "candidates"}, {"id", absl::StrCat(in.candidate_id)}}}}}}}}}};
  CLARA_ASSIGN_OR_RETURN(Json created, client_->Post(in.api_key, "/notes", body));
  const std::string id = IdOf(At(created, {"data", "id"}));
  // The note exists; without its id the retry finds it by its marker.
  if (id.empty()) return absl::UnknownError("Teamtailor created the note without returning its id");
  return Done(id);
}

absl::Status Writer::ChangeApplication(const DeliveryInputs& in, const MapActionPlan& plan,
                                       std::string* application_id) {
  if (in.job_id == 0) {
    return absl::FailedPreconditionError("the event named no job (bulk mode): no application to move or reject");
  }
  // The candidate's applications through its relationship; include=job,stage
  // gives each one's job and stage linkage (relationships.X.data is sent only
  // for included relations).
  CLARA_ASSIGN_OR_RETURN(std::vector<Json> apps,
                         GetAll(in.api_key, absl::StrCat("/candidates/", in.candidate_id,
                                                         "/job-applications?include=job,stage&page%5Bsize%5D=30")));
  auto it = std::find_if(apps.begin(), apps.end(), [&](const Json& a) {
    return IdOf(At(a, {"relationships", "job", "data", "id"})) == absl::StrCat(in.job_id);
  });
  if (it == apps.end()) {
    return absl::NotFoundError(absl::StrCat("the candidate has no application for job ", in.job_id));
  }
  const Json& app = *it;
  *application_id = IdOf(At(app, {"id"}));
  const std::string current_stage = IdOf(At(app, {"relationships", "stage", "data", "id"}));
  const bool rejected = !At(app, {"attributes", "rejected-at"}).is_null();

  Json data = {{"id", *application_id}, {"type", "job-applications"}};
  if (plan.move) {
    CLARA_ASSIGN_OR_RETURN(std::vector<Json> stage_docs,
                           GetAll(in.api_key, absl::StrCat("/jobs/", in.job_id, "/stages?page%5Bsize%5D=30")));
    std::vector<iv1::Stage> stages;
    for (const auto& s : stage_docs) {
      iv1::Stage stage;
      int64_t id = 0;
      if (!absl::SimpleAtoi(IdOf(At(s, {"id"})), &id)) continue;
      stage.set_id(id);
      stage.set_name(StringOf(At(s, {"attributes", "name"})));
      stages.push_back(std::move(stage));
    }
    CLARA_ASSIGN_OR_RETURN(int64_t stage_id, ResolveStage(*plan.move, in.job_id, stages));
    // Already there (a retry, or a recruiter was faster): nothing to move.
    if (absl::StrCat(stage_id) != current_stage) {
      data["relationships"]["stage"] = {{"data", {{"type", "stages"}, {"id", absl::StrCat(stage_id)}}}};
    }
  }
  if (plan.reject_reason_id && !rejected) {
    data["attributes"]["rejected-at"] = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
    if (*plan.reject_reason_id != 0) {
      data["relationships"]["reject-reason"] = {
          {"data", {{"type", "reject-reasons"}, {"id", absl::StrCat(*plan.reject_reason_id)}}}};
    }
  }
  if (!data.contains("relationships") && !data.contains("attributes")) return absl::OkStatus();
  return client_->Patch(in.api_key, absl::StrCat("/job-applications/", QueryValue(*application_id)), {{"data", data}})
      .status();
}

// 4. The integration's Map Action for the screening's outcome.
absl::StatusOr<Writer::Written> Writer::ApplyMapActions(const DeliveryInputs& in, iv1::Outcome outcome) {
  if (!in.map_actions) return Skipped("no Map Actions configured");
  const MapActionPlan plan = PlanMapActions(*in.map_actions, outcome);
  const std::string skipped = absl::StrJoin(plan.skipped, "; ");
  if (plan.empty()) {
    return Skipped(skipped.empty() ? absl::StrCat("no Map Action for ", OutcomeWords(plan.outcome)) : skipped);
  }
  Written written = Done("", skipped);
  absl::Status application = absl::OkStatus();
  if (plan.move || plan.reject_reason_id) {
    application = ChangeApplication(in, plan, &written.remote_id);
    if (!application.ok() && !worker::IsPermanent(application)) return application;
  }
  // Tags are added even when the application could not be changed.
  if (!plan.add_tags.empty()) {
    CLARA_ASSIGN_OR_RETURN(std::vector<std::string> current, CandidateTags(in.api_key, in.candidate_id));
    std::vector<std::string> merged = AddTags(current, plan.add_tags);
    if (merged != current) CLARA_RETURN_IF_ERROR(PatchTags(in.api_key, in.candidate_id, merged));
    if (written.remote_id.empty()) written.remote_id = absl::StrCat(in.candidate_id);
  }
  if (!application.ok()) return application;
  return written;
}

// 5. The completed partner result, last. A PUT of the same document is
// idempotent by nature.
absl::StatusOr<Writer::Written> Writer::WritePartnerResult(const DeliveryInputs& in) {
  const std::string& id = in.event.partner_result().id();
  const nlohmann::json document = in.awaiting
                                      ? PendingPartnerResultDocument(id, *in.awaiting, ReportUrl(in.screening_id))
                                      : PartnerResultDocument(id, in.result, ReportUrl(in.screening_id));
  CLARA_RETURN_IF_ERROR(
      client_->PutPartnerResult(options_.partner_api_key, in.event.partner_result().update_url(), document).status());
  return Done(id, in.awaiting ? "pending: waiting for the candidate's answers" : "");
}

absl::Status Writer::Handle(const queue::WorkItem& item) {
  v1::WritebackTask task;
  if (!task.ParseFromString(item.payload)) return absl::InvalidArgumentError("corrupt write-back task");
  CLARA_ASSIGN_OR_RETURN(const DeliveryInputs in, store_->Load(task.integration_id(), task.screening_id()));

  bool failed = false;
  const nlohmann::json fields = {{"integration_id", task.integration_id()}, {"screening_id", task.screening_id()}};
  if (!in.superseded_by.empty()) {
    // A newer result of the same event is (or will be) delivered instead:
    // writing this one now could show Teamtailor an older state last.
    const std::string why = absl::StrCat("superseded by screening ", in.superseded_by);
    for (auto kind : {v1::OPERATION_KIND_TAGS, v1::OPERATION_KIND_CUSTOM_FIELD, v1::OPERATION_KIND_NOTE,
                      v1::OPERATION_KIND_STAGE_MOVE, v1::OPERATION_KIND_PARTNER_RESULT}) {
      CLARA_RETURN_IF_ERROR(Run(in, kind, [&](const v1::Operation&) -> absl::StatusOr<Written> { return Skipped(why); },
                                &failed));
    }
    log::Info("superseded screening not delivered", fields);
    return absl::OkStatus();
  }
  const bool provisional = in.awaiting.has_value();
  const std::vector<std::string> tags =
      provisional ? std::vector<std::string>{kAwaitingAnswersTag}
                  : std::vector<std::string>(in.result.tags().begin(), in.result.tags().end());
  const iv1::Outcome outcome = provisional ? iv1::OUTCOME_AWAITING_FOLLOW_UP : OutcomeOf(in.result.qualification());
  const std::string waiting = "provisional result: waiting for the candidate's answers to follow-up questions";
  CLARA_RETURN_IF_ERROR(
      Run(in, v1::OPERATION_KIND_TAGS, [&](const v1::Operation&) { return WriteTags(in, tags); }, &failed));
  CLARA_RETURN_IF_ERROR(Run(in, v1::OPERATION_KIND_CUSTOM_FIELD,
                            [&](const v1::Operation& prior) -> absl::StatusOr<Written> {
                              if (provisional) return Skipped(waiting);
                              return WriteScore(in, prior);
                            },
                            &failed));
  CLARA_RETURN_IF_ERROR(Run(in, v1::OPERATION_KIND_NOTE,
                            [&](const v1::Operation& prior) -> absl::StatusOr<Written> {
                              if (provisional) return Skipped(waiting);
                              return WriteNote(in, prior);
                            },
                            &failed));
  CLARA_RETURN_IF_ERROR(Run(in, v1::OPERATION_KIND_STAGE_MOVE,
                            [&](const v1::Operation&) { return ApplyMapActions(in, outcome); }, &failed));
  CLARA_RETURN_IF_ERROR(Run(in, v1::OPERATION_KIND_PARTNER_RESULT,
                            [&](const v1::Operation&) { return WritePartnerResult(in); }, &failed));

  if (failed) {
    // Retrying can't help: the failed operations and their errors are in
    // GetDelivery; running the work item again (once the cause is fixed)
    // runs only those again.
    log::Warning("screening delivered with failed operations", fields);
  } else {
    log::Info("screening delivered", fields);
  }
  return absl::OkStatus();
}

}  // namespace clara::writeback
