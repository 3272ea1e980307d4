#include "services/ingest/ingest_store.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "common/queue.h"
#include "common/status.h"

namespace clara::ingest {
namespace {

namespace iv1 = ::clara::integrations::v1;

constexpr char kFindByHash[] = "ingest_find_by_hash";
constexpr char kFindByHashForUpdate[] = "ingest_find_by_hash_for_update";
constexpr char kInsertIntegration[] = "ingest_insert_integration";
constexpr char kRotateIntegration[] = "ingest_rotate_integration";
constexpr char kGetIntegration[] = "ingest_get_integration";
constexpr char kDisconnect[] = "ingest_disconnect";
constexpr char kBuryWork[] = "ingest_bury_work";
constexpr char kApiKey[] = "ingest_api_key";
constexpr char kInsertEvent[] = "ingest_insert_event";
constexpr char kLoadEvent[] = "ingest_load_event";
constexpr char kUpsertJob[] = "ingest_upsert_job";
constexpr char kUpsertEvidence[] = "ingest_upsert_evidence";

iv1::Integration FromRow(const pqxx::row& row) {
  iv1::Integration out;
  out.set_id(row["id"].as<std::string>());
  out.set_company_name(row["company_name"].as<std::string>());
  const std::string region = row["region"].as<std::string>();
  out.set_region(region == "na" ? common::v1::REGION_NA : region == "au" ? common::v1::REGION_AU : common::v1::REGION_EU);
  out.set_status(row["status"].as<std::string>() == "active" ? iv1::INTEGRATION_STATUS_ACTIVE
                                                             : iv1::INTEGRATION_STATUS_DISCONNECTED);
  *out.mutable_connected_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(static_cast<int64_t>(row["connected_epoch"].as<double>()));
  out.set_event_count(row["event_count"].as<int64_t>());
  out.set_screening_count(row["screening_count"].as<int64_t>());
  return out;
}

constexpr char kIntegrationColumns[] =
    "i.id::text AS id, i.company_name, i.region, i.status, extract(epoch FROM i.connected_at) AS connected_epoch,"
    " (SELECT count(*) FROM partner_events e WHERE e.integration_id = i.id) AS event_count,"
    " (SELECT count(*) FROM screenings s WHERE s.integration_id = i.id) AS screening_count";

}  // namespace

std::string NewUuid() {
  std::string b = crypto::RandomBytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  std::string hex = crypto::HexEncode(b);
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-", hex.substr(16, 4), "-",
                      hex.substr(20));
}

const db::Statements& IngestStore::Statements() {
  static const db::Statements* kStatements = new db::Statements{
      {kFindByHash, "SELECT id::text, status FROM integrations WHERE integration_key_hash = $1"},
      {kFindByHashForUpdate, "SELECT id::text FROM integrations WHERE integration_key_hash = $1 FOR UPDATE"},
      {kInsertIntegration,
       "INSERT INTO integrations (id, company_name, region, api_key_sealed, integration_key_sealed,"
       " integration_key_hash) VALUES ($1::uuid, $2, $3, $4, $5, $6)"},
      {kRotateIntegration,
       "UPDATE integrations SET api_key_sealed = $2, integration_key_sealed = $3, status = 'active',"
       " company_name = CASE WHEN $4 = '' THEN company_name ELSE $4 END, region = $5, updated_at = now()"
       " WHERE id = $1::uuid"},
      {kGetIntegration, absl::StrCat("SELECT ", kIntegrationColumns, " FROM integrations i WHERE i.id = $1::uuid")},
      {kDisconnect,
       "UPDATE integrations SET status = 'disconnected', api_key_sealed = NULL, integration_key_sealed = NULL,"
       " updated_at = now() WHERE id = $1::uuid"},
      {kBuryWork,
       "UPDATE work_items SET state = 'dead', last_error = 'integration disconnected', locked_by = NULL,"
       " locked_until = NULL, updated_at = now() WHERE integration_id = $1::uuid AND state IN ('ready', 'running')"},
      {kApiKey, "SELECT status, api_key_sealed FROM integrations WHERE id = $1::uuid"},
      {kInsertEvent,
       "INSERT INTO partner_events (event_id, integration_id, candidate_id, job_id, partner_result_id, update_url, event)"
       " VALUES ($1, $2::uuid, $3, NULLIF($4, 0), $5, $6, $7) ON CONFLICT (event_id) DO NOTHING RETURNING event_id"},
      {kLoadEvent, "SELECT event FROM partner_events WHERE event_id = $1 AND integration_id = $2::uuid"},
      {kUpsertJob,
       "INSERT INTO jobs (integration_id, job_id, title, job) VALUES ($1::uuid, $2, $3, $4)"
       " ON CONFLICT (integration_id, job_id) DO UPDATE SET title = EXCLUDED.title, job = EXCLUDED.job,"
       " synced_at = now()"},
      {kUpsertEvidence,
       "INSERT INTO evidence (event_id, integration_id, evidence) VALUES ($1, $2::uuid, $3)"
       " ON CONFLICT (event_id) DO UPDATE SET evidence = EXCLUDED.evidence, fetched_at = now()"},
  };
  return *kStatements;
}

absl::StatusOr<iv1::Integration> IngestStore::Connect(const std::string& api_key, const std::string& integration_key,
                                                      const std::string& company_name, const std::string& region) {
  const std::string hash = crypto::Sha256Hex(integration_key);
  std::string id;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto existing = tx.exec_prepared(kFindByHashForUpdate, hash);
    id = existing.empty() ? NewUuid() : existing[0][0].as<std::string>();
    CLARA_ASSIGN_OR_RETURN(std::string api_sealed, box_->Seal(api_key, id));
    CLARA_ASSIGN_OR_RETURN(std::string key_sealed, box_->Seal(integration_key, id));
    if (existing.empty()) {
      tx.exec_prepared(kInsertIntegration, id, company_name, region, db::Bytes(api_sealed), db::Bytes(key_sealed), hash);
    } else {
      tx.exec_prepared(kRotateIntegration, id, db::Bytes(api_sealed), db::Bytes(key_sealed), company_name, region);
    }
    return absl::OkStatus();
  }));
  return Get(id);
}

absl::StatusOr<iv1::Integration> IngestStore::Get(const std::string& integration_id) {
  iv1::Integration out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kGetIntegration, integration_id);
    if (r.empty()) return absl::NotFoundError("no such integration");
    out = FromRow(r[0]);
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<iv1::Integration> IngestStore::Disconnect(const std::string& integration_id) {
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kDisconnect, integration_id);
    if (r.affected_rows() == 0) return absl::NotFoundError("no such integration");
    tx.exec_prepared(kBuryWork, integration_id);
    return absl::OkStatus();
  }));
  return Get(integration_id);
}

absl::StatusOr<StoredIntegration> IngestStore::FindByIntegrationKey(const std::string& integration_key) {
  StoredIntegration out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kFindByHash, crypto::Sha256Hex(integration_key));
    if (r.empty()) return absl::NotFoundError("unknown integration key");
    out.id = r[0][0].as<std::string>();
    out.active = r[0][1].as<std::string>() == "active";
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::string> IngestStore::ApiKey(const std::string& integration_id) {
  std::string sealed;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kApiKey, integration_id);
    if (r.empty()) return absl::NotFoundError("no such integration");
    if (r[0][0].as<std::string>() != "active" || r[0][1].is_null()) {
      return absl::FailedPreconditionError("integration is disconnected");
    }
    sealed = db::FromBytea(r[0][1]);
    return absl::OkStatus();
  }));
  return box_->Open(sealed, integration_id);
}

absl::StatusOr<bool> IngestStore::AcceptEvent(const std::string& integration_id, const v1::PartnerEvent& event) {
  bool stored = false;
  std::string bytes;
  event.SerializeToString(&bytes);
  v1::ResumeTask task;
  task.set_event_id(event.id());
  task.set_integration_id(integration_id);
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kInsertEvent, event.id(), integration_id, event.candidate().id(),
                              event.candidate().job().id(), event.partner_result().id(),
                              event.partner_result().update_url(), db::Bytes(bytes));
    stored = !r.empty();
    if (!stored) return absl::OkStatus();
    CLARA_ASSIGN_OR_RETURN(int64_t id, queue::Enqueue(tx, kResumeQueue, task.SerializeAsString(),
                                                      {.integration_id = integration_id, .dedupe_key = event.id()}));
    (void)id;
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<v1::PartnerEvent> IngestStore::LoadEvent(const std::string& integration_id, const std::string& event_id) {
  v1::PartnerEvent event;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kLoadEvent, event_id, integration_id);
    if (r.empty()) return absl::NotFoundError("no such event");
    if (!event.ParseFromString(db::FromBytea(r[0][0]))) return absl::DataLossError("stored event is corrupt");
    return absl::OkStatus();
  }));
  return event;
}

absl::StatusOr<bool> IngestStore::StoreEvidence(const std::string& integration_id, const v1::PartnerEvent& event,
                                                const screening::v1::Job& job, const v1::StoredEvidence& evidence) {
  bool enqueued = false;
  v1::ScreeningTask task;
  task.set_event_id(event.id());
  task.set_integration_id(integration_id);
  task.set_candidate_id(event.candidate().id());
  task.set_job_id(job.id());
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec_prepared(kUpsertJob, integration_id, job.id(), job.title(), db::Bytes(job.SerializeAsString()));
    tx.exec_prepared(kUpsertEvidence, event.id(), integration_id, db::Bytes(evidence.SerializeAsString()));
    CLARA_ASSIGN_OR_RETURN(int64_t id, queue::Enqueue(tx, kScreeningQueue, task.SerializeAsString(),
                                                      {.integration_id = integration_id, .dedupe_key = event.id()}));
    enqueued = id > 0;
    return absl::OkStatus();
  }));
  return enqueued;
}

}  // namespace clara::ingest
