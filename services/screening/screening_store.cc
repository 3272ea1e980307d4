#include "services/screening/screening_store.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "clara/writeback/v1/writeback.pb.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "common/queue.h"
#include "common/status.h"
#include "services/screening/follow_ups.h"

namespace clara::screening {
namespace {

constexpr char kLoadInputs[] = "screening_load_inputs";
constexpr char kLoadJob[] = "screening_load_job";
constexpr char kLatestRubric[] = "screening_latest_rubric";
constexpr char kRubricVersion[] = "screening_rubric_version";
constexpr char kInsertRubric[] = "screening_insert_rubric";
constexpr char kInsertScreening[] = "screening_insert";
constexpr char kFindScreening[] = "screening_find";
constexpr char kGetScreening[] = "screening_get";
constexpr char kListScreenings[] = "screening_list";
constexpr char kEventFollowUp[] = "screening_event_follow_up";
constexpr char kFollowUpPolicy[] = "screening_follow_up_policy";
constexpr char kInsertFollowUp[] = "screening_insert_follow_up";
constexpr char kAwaitFollowUp[] = "screening_await_follow_up";

constexpr char kScreeningColumns[] =
    "id::text, integration_id::text, event_id, candidate_id, job_id, rubric_version, result,"
    " (extract(epoch FROM created_at) * 1000000)::bigint AS created_us, coalesce(follow_up_id::text, ''), basis";

std::string GradeName(v1::Grade g) {
  switch (g) {
    case v1::GRADE_TOP_FIT: return "top_fit";
    case v1::GRADE_MIGHT_BE_FIT: return "might_be_fit";
    case v1::GRADE_MIGHT_NOT_BE_FIT: return "might_not_be_fit";
    default: return "unknown";
  }
}

std::string QualificationName(v1::QualificationLevel q) {
  switch (q) {
    case v1::QUALIFICATION_LEVEL_PRE_QUALIFIED: return "pre_qualified";
    case v1::QUALIFICATION_LEVEL_NOT_QUALIFIED: return "not_qualified";
    default: return "needs_review";
  }
}

absl::StatusOr<v1::Screening> FromRow(const pqxx::row& row) {
  v1::Screening s;
  s.set_id(row[0].as<std::string>());
  s.set_integration_id(row[1].as<std::string>());
  s.set_event_id(row[2].as<std::string>());
  s.set_candidate_id(row[3].as<int64_t>());
  s.set_job_id(row[4].as<int64_t>());
  s.set_rubric_version(row[5].as<int>());
  if (!s.mutable_result()->ParseFromString(db::FromBytea(row[6]))) return absl::DataLossError("stored result is corrupt");
  *s.mutable_created_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  s.set_follow_up_id(row[8].as<std::string>());
  s.set_basis(row[9].as<std::string>());
  return s;
}

// Inserts `rubric` under its version. The version returned is always the one
// stored: a version already taken (another writer without the job's lock)
// aborts the transaction, which Pool::Transact retries from the top with a
// fresh read of the newest version.
absl::Status InsertRubric(pqxx::work& tx, const std::string& integration_id, const v1::Rubric& rubric) {
  auto r = tx.exec_prepared(kInsertRubric, integration_id, rubric.job_id(), rubric.version(), rubric.content_hash(),
                            db::Bytes(DeterministicBytes(rubric)));
  if (r.empty() || r[0][0].as<int>() != rubric.version()) {
    return absl::AbortedError(absl::StrCat("rubric version ", rubric.version(), " was taken concurrently"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Rubric> RubricFromRow(const pqxx::row& row) {
  v1::Rubric r;
  if (!r.ParseFromString(db::FromBytea(row[0]))) return absl::DataLossError("stored rubric is corrupt");
  r.set_version(row[1].as<int>());
  return r;
}

}  // namespace

const db::Statements& ScreeningStore::Statements() {
  static const db::Statements* kStatements = new db::Statements{
      {kLoadInputs,
       "SELECT e.event, v.evidence, j.job FROM partner_events e"
       " JOIN evidence v ON v.integration_id = e.integration_id AND v.event_id = e.event_id"
       " JOIN jobs j ON j.integration_id = e.integration_id AND j.job_id = $3"
       " WHERE e.event_id = $2 AND e.integration_id = $1::uuid"},
      {kLoadJob, "SELECT job FROM jobs WHERE integration_id = $1::uuid AND job_id = $2"},
      {kLatestRubric,
       "SELECT rubric, version FROM rubrics WHERE integration_id = $1::uuid AND job_id = $2"
       " ORDER BY version DESC LIMIT 1"},
      {kRubricVersion, "SELECT rubric, version FROM rubrics WHERE integration_id = $1::uuid AND job_id = $2 AND version = $3"},
      {kInsertRubric,
       "INSERT INTO rubrics (integration_id, job_id, version, content_hash, rubric)"
       " VALUES ($1::uuid, $2, $3, $4, $5)"
       " ON CONFLICT (integration_id, job_id, version) DO NOTHING RETURNING version"},
      {kInsertScreening,
       "INSERT INTO screenings (integration_id, event_id, candidate_id, job_id, rubric_version, rubric_hash, input_hash,"
       " engine_version, score, grade, qualification, result, basis, follow_up_id)"
       " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, nullif($14, '')::uuid)"
       " ON CONFLICT (integration_id, event_id, rubric_hash, input_hash, engine_version, basis) DO NOTHING"
       " RETURNING id::text"},
      {kFindScreening,
       absl::StrCat("SELECT ", kScreeningColumns, " FROM screenings WHERE integration_id = $1::uuid AND event_id = $2"
                    " AND rubric_hash = $3 AND input_hash = $4 AND engine_version = $5 AND basis = $6")},
      {kEventFollowUp,
       "SELECT id::text, state, follow_up FROM follow_ups WHERE integration_id = $1::uuid AND event_id = $2"},
      {kFollowUpPolicy,
       "SELECT policy FROM follow_up_policies WHERE integration_id = $1::uuid AND job_id IN ($2, 0)"
       " ORDER BY job_id DESC LIMIT 1"},
      {kInsertFollowUp,
       "INSERT INTO follow_ups (id, integration_id, event_id, candidate_id, job_id, follow_up, expires_at)"
       " VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, now() + $7 * interval '1 second')"
       " ON CONFLICT (integration_id, event_id) DO NOTHING"
       " RETURNING (extract(epoch FROM created_at) * 1000000)::bigint,"
       " (extract(epoch FROM expires_at) * 1000000)::bigint"},
      {kAwaitFollowUp, "UPDATE screenings SET follow_up_id = $2::uuid WHERE id = $1::uuid"},
      {kGetScreening,
       absl::StrCat("SELECT ", kScreeningColumns, " FROM screenings WHERE integration_id = $1::uuid AND id = $2::uuid")},
      {kListScreenings,
       absl::StrCat("SELECT ", kScreeningColumns, " FROM screenings WHERE integration_id = $1::uuid"
                    " AND ($2::bigint = 0 OR job_id = $2::bigint)"
                    " AND (created_at, id) < ('epoch'::timestamptz + $3 * interval '1 microsecond', $4::uuid)"
                    " ORDER BY created_at DESC, id DESC LIMIT $5")},
  };
  return *kStatements;
}

absl::StatusOr<ScreeningInputs> ScreeningStore::LoadInputs(const std::string& integration_id,
                                                           const std::string& event_id, int64_t job_id) {
  ScreeningInputs in;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kLoadInputs, integration_id, event_id, job_id);
    if (r.empty()) return absl::NotFoundError("event, evidence or job not found");
    if (!in.event.ParseFromString(db::FromBytea(r[0][0])) || !in.evidence.ParseFromString(db::FromBytea(r[0][1])) ||
        !in.job.ParseFromString(db::FromBytea(r[0][2]))) {
      return absl::DataLossError("stored inputs are corrupt");
    }
    auto f = tx.exec_prepared(kEventFollowUp, integration_id, event_id);
    in.follow_up.reset();
    if (!f.empty()) {
      followups::v1::FollowUp follow_up;
      if (!follow_up.ParseFromString(db::FromBytea(f[0][2]))) return absl::DataLossError("stored follow-up is corrupt");
      follow_up.set_id(f[0][0].as<std::string>());
      follow_up.set_state(StateFromName(f[0][1].as<std::string>()));
      in.follow_up = std::move(follow_up);
    }
    auto p = tx.exec_prepared(kFollowUpPolicy, integration_id, job_id);
    in.follow_up_policy.Clear();
    if (!p.empty() && !in.follow_up_policy.ParseFromString(db::FromBytea(p[0][0]))) {
      return absl::DataLossError("stored follow-up policy is corrupt");
    }
    return absl::OkStatus();
  }));
  return in;
}

absl::StatusOr<v1::Job> ScreeningStore::LoadJob(const std::string& integration_id, int64_t job_id) {
  v1::Job job;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kLoadJob, integration_id, job_id);
    if (r.empty()) return absl::NotFoundError("no such job");
    if (!job.ParseFromString(db::FromBytea(r[0][0]))) return absl::DataLossError("stored job is corrupt");
    return absl::OkStatus();
  }));
  return job;
}

absl::StatusOr<v1::Rubric> ScreeningStore::CurrentRubric(const std::string& integration_id, const v1::Rubric& derived) {
  v1::Rubric out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    // Serialise derivations of one job so that two workers agree on versions.
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))", absl::StrCat(integration_id, "/", derived.job_id()));
    auto latest = tx.exec_prepared(kLatestRubric, integration_id, derived.job_id());
    int version = 0;
    if (!latest.empty()) {
      CLARA_ASSIGN_OR_RETURN(v1::Rubric current, RubricFromRow(latest[0]));
      if (current.content_hash() == derived.content_hash() || current.origin() == "edited") {
        out = std::move(current);
        return absl::OkStatus();
      }
      version = current.version();
    }
    // New content, or content of an older version again (A -> B -> A): a new
    // version, so that "newest" is always the ad as it is now and results
    // under the versions between keep theirs.
    out = derived;
    out.set_version(version + 1);
    *out.mutable_created_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
    return InsertRubric(tx, integration_id, out);
  }));
  return out;
}

absl::StatusOr<v1::Rubric> ScreeningStore::AddEditedRubric(const std::string& integration_id, v1::Rubric rubric) {
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))", absl::StrCat(integration_id, "/", rubric.job_id()));
    auto latest = tx.exec_prepared(kLatestRubric, integration_id, rubric.job_id());
    if (latest.empty()) return absl::NotFoundError("the job has no rubric yet; it is derived with the first screening");
    CLARA_ASSIGN_OR_RETURN(v1::Rubric current, RubricFromRow(latest[0]));
    if (current.content_hash() == rubric.content_hash()) {
      rubric = current;  // nothing changed: no new version
      return absl::OkStatus();
    }
    rubric.set_version(current.version() + 1);
    *rubric.mutable_created_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
    return InsertRubric(tx, integration_id, rubric);
  }));
  return rubric;
}

absl::StatusOr<v1::Rubric> ScreeningStore::GetRubric(const std::string& integration_id, int64_t job_id, int version) {
  v1::Rubric out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = version == 0 ? tx.exec_prepared(kLatestRubric, integration_id, job_id)
                          : tx.exec_prepared(kRubricVersion, integration_id, job_id, version);
    if (r.empty()) return absl::NotFoundError("no such rubric");
    CLARA_ASSIGN_OR_RETURN(out, RubricFromRow(r[0]));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::Screening> ScreeningStore::SaveResult(const std::string& integration_id,
                                                         const ScreeningInputs& inputs, const v1::Rubric& rubric,
                                                         const v1::ScreeningResult& result,
                                                         const SaveOptions& options) {
  v1::Screening out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kInsertScreening, integration_id, inputs.event.id(), inputs.event.candidate().id(),
                              inputs.job.id(), rubric.version(), result.rubric_hash(), result.input_hash(),
                              result.engine_version(), result.score(), GradeName(result.grade()),
                              QualificationName(result.qualification()), db::Bytes(DeterministicBytes(result)),
                              options.basis, options.awaiting_follow_up_id);
    auto found = tx.exec_prepared(kFindScreening, integration_id, inputs.event.id(), result.rubric_hash(),
                                  result.input_hash(), result.engine_version(), options.basis);
    if (found.empty()) return absl::InternalError("screening vanished after insert");
    CLARA_ASSIGN_OR_RETURN(out, FromRow(found[0]));
    if (options.ask && !r.empty()) {
      // A new result that asks: the follow-up (one per event) and the link.
      followups::v1::FollowUp f = *options.ask;
      const std::string id = tx.exec("SELECT gen_random_uuid()::text")[0][0].as<std::string>();
      f.set_id(id);
      f.set_integration_id(integration_id);
      f.set_event_id(inputs.event.id());
      f.set_screening_id(out.id());
      f.set_candidate_id(inputs.event.candidate().id());
      f.set_job_id(inputs.job.id());
      auto created = tx.exec_prepared(kInsertFollowUp, id, integration_id, inputs.event.id(),
                                      inputs.event.candidate().id(), inputs.job.id(),
                                      db::Bytes(DeterministicBytes(f)),
                                      absl::ToInt64Seconds(options.answer_timeout));
      if (!created.empty()) {
        tx.exec_prepared(kAwaitFollowUp, out.id(), id);
        out.set_follow_up_id(id);
      }
    }
    writeback::v1::WritebackTask task;
    task.set_integration_id(integration_id);
    task.set_screening_id(out.id());
    CLARA_ASSIGN_OR_RETURN(int64_t id, queue::Enqueue(tx, kWritebackQueue, task.SerializeAsString(),
                                                      {.integration_id = integration_id, .dedupe_key = out.id()}));
    (void)id;
    (void)r;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::Screening> ScreeningStore::Get(const std::string& integration_id, const std::string& screening_id) {
  v1::Screening out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kGetScreening, integration_id, screening_id);
    if (r.empty()) return absl::NotFoundError("no such screening");
    CLARA_ASSIGN_OR_RETURN(out, FromRow(r[0]));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<v1::Screening>> ScreeningStore::List(const std::string& integration_id, int64_t job_id,
                                                                int page_size, const std::string& page_token,
                                                                std::string* next_page_token) {
  // Newest first: start after the largest possible position.
  KeysetPosition after{INT64_MAX / 2, "ffffffff-ffff-ffff-ffff-ffffffffffff"};
  if (!page_token.empty()) {
    CLARA_ASSIGN_OR_RETURN(after, DecodePageToken(page_token));
  }
  std::vector<v1::Screening> out;
  next_page_token->clear();
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kListScreenings, integration_id, job_id, after.created_us, after.id, page_size + 1);
    for (size_t i = 0; i < r.size() && static_cast<int>(i) < page_size; ++i) {
      CLARA_ASSIGN_OR_RETURN(v1::Screening s, FromRow(r[i]));
      out.push_back(std::move(s));
    }
    if (static_cast<int>(r.size()) > page_size) {
      *next_page_token = EncodePageToken({r[page_size - 1][7].as<int64_t>(), r[page_size - 1][0].as<std::string>()});
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace clara::screening
