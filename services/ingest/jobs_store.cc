#include "services/ingest/jobs_store.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/proto_util.h"
#include "common/status.h"

namespace clara::ingest {
namespace {

namespace iv1 = ::clara::integrations::v1;

constexpr char kUpsert[] = "jobs_upsert";
constexpr char kMarkDeleted[] = "jobs_mark_deleted";
constexpr char kSetLastSync[] = "jobs_set_last_sync";
constexpr char kLastSync[] = "jobs_last_sync";
constexpr char kList[] = "jobs_list";
constexpr char kKnown[] = "jobs_known";
constexpr char kSetSelected[] = "jobs_set_selected";
constexpr char kIsSelected[] = "jobs_is_selected";
constexpr char kLatestRubric[] = "jobs_latest_rubric";
constexpr char kActive[] = "jobs_active_integrations";

std::string IdArray(const std::vector<int64_t>& ids) {
  return absl::StrCat("{", absl::StrJoin(ids, ","), "}");
}

}  // namespace

const db::Statements& JobsStore::Statements() {
  static const db::Statements* kStatements = new db::Statements{
      {kUpsert,
       "INSERT INTO jobs (integration_id, job_id, title, job, status, remote) VALUES ($1::uuid, $2, $3, $4, $5, $6)"
       " ON CONFLICT (integration_id, job_id) DO UPDATE SET title = EXCLUDED.title, job = EXCLUDED.job,"
       " status = EXCLUDED.status, remote = EXCLUDED.remote, deleted_at = NULL, synced_at = now()"},
      {kMarkDeleted,
       "UPDATE jobs SET deleted_at = now(), selected = false WHERE integration_id = $1::uuid AND job_id = $2"},
      {kSetLastSync, "UPDATE integrations SET last_job_sync = to_timestamp($2) WHERE id = $1::uuid"},
      {kLastSync, "SELECT coalesce(extract(epoch FROM last_job_sync), 0) FROM integrations WHERE id = $1::uuid"},
      {kList,
       "SELECT remote, selected FROM jobs WHERE integration_id = $1::uuid AND deleted_at IS NULL AND remote IS NOT NULL"
       " ORDER BY job_id"},
      {kKnown,
       "SELECT job_id FROM jobs WHERE integration_id = $1::uuid AND job_id = ANY($2::bigint[]) AND deleted_at IS NULL"},
      {kSetSelected,
       "UPDATE jobs SET selected = $3 WHERE integration_id = $1::uuid AND job_id = ANY($2::bigint[])"},
      {kIsSelected,
       "SELECT selected FROM jobs WHERE integration_id = $1::uuid AND job_id = $2 AND deleted_at IS NULL"},
      {kLatestRubric,
       "SELECT rubric FROM rubrics WHERE integration_id = $1::uuid AND job_id = $2 ORDER BY version DESC LIMIT 1"},
      {kActive, "SELECT id::text FROM integrations WHERE status = 'active' ORDER BY id"},
  };
  return *kStatements;
}

absl::Status JobsStore::Upsert(const std::string& integration_id, const iv1::RemoteJob& remote,
                               const screening::v1::Job& job) {
  return pool_->Transact([&](pqxx::work& tx) {
    tx.exec_prepared(kUpsert, integration_id, job.id(), job.title(), db::Bytes(DeterministicBytes(job)),
                     remote.status(), db::Bytes(DeterministicBytes(remote)));
    return absl::OkStatus();
  });
}

absl::Status JobsStore::MarkDeleted(const std::string& integration_id, int64_t job_id) {
  return pool_->Transact([&](pqxx::work& tx) {
    tx.exec_prepared(kMarkDeleted, integration_id, job_id);
    return absl::OkStatus();
  });
}

absl::Status JobsStore::SetLastSync(const std::string& integration_id, absl::Time at) {
  return pool_->Transact([&](pqxx::work& tx) {
    tx.exec_prepared(kSetLastSync, integration_id, absl::ToDoubleSeconds(at - absl::UnixEpoch()));
    return absl::OkStatus();
  });
}

absl::StatusOr<absl::Time> JobsStore::LastSync(const std::string& integration_id) {
  double seconds = 0;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kLastSync, integration_id);
    if (r.empty()) return absl::NotFoundError("no such integration");
    seconds = r[0][0].as<double>();
    return absl::OkStatus();
  }));
  return absl::UnixEpoch() + absl::Seconds(seconds);
}

absl::StatusOr<std::vector<iv1::RemoteJob>> JobsStore::List(const std::string& integration_id) {
  std::vector<iv1::RemoteJob> out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    out.clear();
    for (const auto& row : tx.exec_prepared(kList, integration_id)) {
      iv1::RemoteJob job;
      if (!job.ParseFromString(db::FromBytea(row[0]))) return absl::DataLossError("stored job is corrupt");
      job.set_selected(row[1].as<bool>());
      out.push_back(std::move(job));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::Status JobsStore::SetSelected(const std::string& integration_id, const std::vector<int64_t>& job_ids,
                                    bool selected) {
  return pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    std::set<int64_t> known;
    for (const auto& row : tx.exec_prepared(kKnown, integration_id, IdArray(job_ids))) known.insert(row[0].as<int64_t>());
    for (int64_t id : job_ids) {
      if (!known.count(id)) {
        return absl::NotFoundError(absl::StrCat("job ", id, " is not among the integration's synced Teamtailor jobs"
                                                            " (see ListRemoteJobs; SyncJobs pulls new ones)"));
      }
    }
    tx.exec_prepared(kSetSelected, integration_id, IdArray(job_ids), selected);
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> JobsStore::IsSelected(const std::string& integration_id, int64_t job_id) {
  bool selected = false;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kIsSelected, integration_id, job_id);
    selected = !r.empty() && r[0][0].as<bool>();
    return absl::OkStatus();
  }));
  return selected;
}

absl::StatusOr<std::optional<screening::v1::Rubric>> JobsStore::LatestRubric(const std::string& integration_id,
                                                                             int64_t job_id) {
  std::optional<screening::v1::Rubric> out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kLatestRubric, integration_id, job_id);
    if (r.empty()) return absl::OkStatus();
    screening::v1::Rubric rubric;
    if (!rubric.ParseFromString(db::FromBytea(r[0][0]))) return absl::DataLossError("stored rubric is corrupt");
    out = std::move(rubric);
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<std::string>> JobsStore::ActiveIntegrations() {
  std::vector<std::string> out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    out.clear();
    for (const auto& row : tx.exec_prepared(kActive)) out.push_back(row[0].as<std::string>());
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace clara::ingest
