#include "services/ingest/ingest_store.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/proto_util.h"
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
constexpr char kUpsertEvidence[] = "ingest_upsert_evidence";
constexpr char kReconnect[] = "ingest_reconnect";
constexpr char kStatusOf[] = "ingest_status_of";
constexpr char kEraseExpired[] = "ingest_erase_expired";
constexpr char kCandidateEvents[] = "ingest_candidate_events";
constexpr char kDeleteWorkFor[] = "ingest_delete_work_for";
constexpr char kDeleteEvents[] = "ingest_delete_events";
constexpr char kDeleteDecisions[] = "ingest_delete_decisions";
constexpr char kMarkStale[] = "ingest_mark_stale";
constexpr char kRecordDecision[] = "ingest_record_decision";
constexpr char kGetMapActions[] = "ingest_get_map_actions";
constexpr char kSetMapActions[] = "ingest_set_map_actions";
constexpr char kSetFollowUp[] = "ingest_set_follow_up";
constexpr char kRecentScreenings[] = "ingest_recent_screenings";

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
  out.set_job_count(row["job_count"].as<int64_t>());
  const std::string selected = row["selected_jobs"].as<std::string>();
  if (selected.size() > 2) {
    for (absl::string_view id : absl::StrSplit(selected.substr(1, selected.size() - 2), ',')) {
      int64_t v;
      if (absl::SimpleAtoi(id, &v)) out.add_selected_job_ids(v);
    }
  }
  auto stamp = [&](const char* column, google::protobuf::Timestamp* ts) {
    if (!row[column].is_null()) {
      *ts = google::protobuf::util::TimeUtil::SecondsToTimestamp(static_cast<int64_t>(row[column].as<double>()));
    }
  };
  stamp("last_sync_epoch", out.mutable_last_job_sync());
  stamp("disconnected_epoch", out.mutable_disconnected_at());
  stamp("erase_epoch", out.mutable_erase_after());
  if (!row["map_actions"].is_null()) out.mutable_map_actions()->ParseFromString(db::FromBytea(row["map_actions"]));
  return out;
}

constexpr char kIntegrationColumns[] =
    "i.id::text AS id, i.company_name, i.region, i.status, extract(epoch FROM i.connected_at) AS connected_epoch,"
    " (SELECT count(*) FROM partner_events e WHERE e.integration_id = i.id) AS event_count,"
    " (SELECT count(*) FROM screenings s WHERE s.integration_id = i.id) AS screening_count,"
    " (SELECT count(*) FROM jobs j WHERE j.integration_id = i.id AND j.deleted_at IS NULL) AS job_count,"
    " (SELECT coalesce(array_agg(j.job_id ORDER BY j.job_id)::text, '{}') FROM jobs j"
    "   WHERE j.integration_id = i.id AND j.selected AND j.deleted_at IS NULL) AS selected_jobs,"
    " extract(epoch FROM i.last_job_sync) AS last_sync_epoch,"
    " extract(epoch FROM i.disconnected_at) AS disconnected_epoch,"
    " extract(epoch FROM i.erase_after) AS erase_epoch, i.map_actions";

absl::Status EnqueueJobSync(pqxx::work& tx, const std::string& integration_id) {
  iv1::SyncJobsRequest task;
  task.set_integration_id(integration_id);
  task.set_full(true);
  return queue::Enqueue(tx, kJobSyncQueue, task.SerializeAsString(), {.integration_id = integration_id}).status();
}

// The résumé fetch of an event, once per (tenant, event id): work_items
// de-duplicates on (queue, key) across tenants. The event id comes first, so
// EraseCandidate finds the work by split_part(key, ':', 1).
std::string ResumeDedupeKey(const std::string& integration_id, const std::string& event_id) {
  return absl::StrCat(event_id, ":", integration_id);
}

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
       " disconnected_at = now(), erase_after = now() + $2 * interval '1 second', updated_at = now()"
       " WHERE id = $1::uuid"},
      {kReconnect,
       "UPDATE integrations SET status = 'active', api_key_sealed = $2, integration_key_sealed = $3,"
       " integration_key_hash = $4, disconnected_at = NULL, erase_after = NULL, updated_at = now()"
       " WHERE id = $1::uuid"},
      {kStatusOf, "SELECT status FROM integrations WHERE id = $1::uuid FOR UPDATE"},
      {kEraseExpired,
       "DELETE FROM integrations WHERE status = 'disconnected' AND erase_after < now() RETURNING id::text"},
      {kCandidateEvents,
       "SELECT e.event_id, coalesce(array_agg(s.id::text) FILTER (WHERE s.id IS NOT NULL), '{}')"
       " FROM partner_events e"
       " LEFT JOIN screenings s ON s.integration_id = e.integration_id AND s.event_id = e.event_id"
       " WHERE e.integration_id = $1::uuid AND e.candidate_id = $2 GROUP BY e.event_id"},
      {kDeleteWorkFor,
       "DELETE FROM work_items WHERE integration_id = $1::uuid AND (split_part(dedupe_key, ':', 1) = ANY($2::text[]))"},
      {kDeleteEvents, "DELETE FROM partner_events WHERE integration_id = $1::uuid AND candidate_id = $2"},
      {kDeleteDecisions, "DELETE FROM human_decisions WHERE integration_id = $1::uuid AND candidate_id = $2"},
      {kMarkStale,
       "UPDATE evidence SET stale = true WHERE integration_id = $1::uuid AND event_id IN"
       " (SELECT event_id FROM partner_events WHERE integration_id = $1::uuid AND candidate_id = $2)"},
      {kRecordDecision,
       "INSERT INTO human_decisions (integration_id, candidate_id, job_id, application_id, decision, stage_id,"
       " screening_id) VALUES ($1::uuid, $2, $3, $4, $5, NULLIF($6, 0),"
       " (SELECT id FROM screenings WHERE integration_id = $1::uuid AND candidate_id = $2 AND job_id = $3"
       "  ORDER BY created_at DESC LIMIT 1))"},
      {kGetMapActions, "SELECT map_actions FROM integrations WHERE id = $1::uuid"},
      {kSetMapActions, "UPDATE integrations SET map_actions = $2, updated_at = now() WHERE id = $1::uuid"},
      {kSetFollowUp,
       "INSERT INTO follow_up_policies (integration_id, job_id, policy) VALUES ($1::uuid, $2, $3)"
       " ON CONFLICT (integration_id, job_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()"},
      {kRecentScreenings,
       "SELECT id::text, candidate_id, job_id, qualification FROM screenings WHERE integration_id = $1::uuid"
       " ORDER BY created_at DESC, id DESC LIMIT $2"},
      {kBuryWork,
       "UPDATE work_items SET state = 'dead', last_error = 'integration disconnected', locked_by = NULL,"
       " locked_until = NULL, updated_at = now() WHERE integration_id = $1::uuid AND state IN ('ready', 'running')"},
      {kApiKey, "SELECT status, api_key_sealed FROM integrations WHERE id = $1::uuid"},
      {kInsertEvent,
       "INSERT INTO partner_events (event_id, integration_id, candidate_id, job_id, partner_result_id, update_url, event)"
       " VALUES ($1, $2::uuid, $3, NULLIF($4, 0), $5, $6, $7)"
       " ON CONFLICT (integration_id, event_id) DO NOTHING RETURNING event_id"},
      {kLoadEvent, "SELECT event FROM partner_events WHERE event_id = $1 AND integration_id = $2::uuid"},
      {kUpsertEvidence,
       "INSERT INTO evidence (event_id, integration_id, evidence) VALUES ($1, $2::uuid, $3)"
       " ON CONFLICT (integration_id, event_id)"
       " DO UPDATE SET evidence = EXCLUDED.evidence, fetched_at = now(), stale = false"},
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
    return EnqueueJobSync(tx, id);
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

absl::StatusOr<iv1::Integration> IngestStore::Disconnect(const std::string& integration_id,
                                                         absl::Duration retention) {
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kDisconnect, integration_id, absl::ToInt64Seconds(retention));
    if (r.affected_rows() == 0) return absl::NotFoundError("no such integration");
    tx.exec_prepared(kBuryWork, integration_id);
    return absl::OkStatus();
  }));
  return Get(integration_id);
}

absl::StatusOr<iv1::Integration> IngestStore::Reconnect(const std::string& integration_id, const std::string& api_key,
                                                        const std::string& integration_key) {
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kStatusOf, integration_id);
    if (r.empty()) return absl::NotFoundError("no such integration (its data may have been erased)");
    CLARA_ASSIGN_OR_RETURN(std::string api_sealed, box_->Seal(api_key, integration_id));
    CLARA_ASSIGN_OR_RETURN(std::string key_sealed, box_->Seal(integration_key, integration_id));
    tx.exec_prepared(kReconnect, integration_id, db::Bytes(api_sealed), db::Bytes(key_sealed),
                     crypto::Sha256Hex(integration_key));
    return EnqueueJobSync(tx, integration_id);
  }));
  return Get(integration_id);
}

absl::StatusOr<int> IngestStore::EraseExpired() {
  int erased = 0;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    erased = static_cast<int>(tx.exec_prepared(kEraseExpired).size());
    return absl::OkStatus();
  }));
  return erased;
}

absl::StatusOr<int> IngestStore::EraseCandidate(const std::string& integration_id, int64_t candidate_id) {
  int events = 0;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    std::vector<std::string> keys;
    for (const auto& row : tx.exec_prepared(kCandidateEvents, integration_id, candidate_id)) {
      keys.push_back(row[0].as<std::string>());
      // Screening ids: the write-back queue's dedupe keys.
      std::string ids = row[1].as<std::string>();
      if (ids.size() > 2) {
        for (absl::string_view id : absl::StrSplit(ids.substr(1, ids.size() - 2), ',')) keys.emplace_back(id);
      }
      ++events;
    }
    std::string array = "{";
    for (size_t i = 0; i < keys.size(); ++i) {
      // Event ids come from outside: escape them for the array literal.
      std::string k = absl::StrReplaceAll(keys[i], {{"\\", "\\\\"}, {"\"", "\\\""}});
      absl::StrAppend(&array, i ? "," : "", "\"", k, "\"");
    }
    array += "}";
    tx.exec_prepared(kDeleteWorkFor, integration_id, array);
    tx.exec_prepared(kDeleteEvents, integration_id, candidate_id);  // cascades to evidence, screenings, operations
    tx.exec_prepared(kDeleteDecisions, integration_id, candidate_id);
    return absl::OkStatus();
  }));
  return events;
}

absl::Status IngestStore::MarkEvidenceStale(const std::string& integration_id, int64_t candidate_id) {
  return pool_->Transact([&](pqxx::work& tx) {
    tx.exec_prepared(kMarkStale, integration_id, candidate_id);
    return absl::OkStatus();
  });
}

absl::Status IngestStore::RecordHumanDecision(const std::string& integration_id, int64_t candidate_id, int64_t job_id,
                                              int64_t application_id, const std::string& decision, int64_t stage_id) {
  return pool_->Transact([&](pqxx::work& tx) {
    tx.exec_prepared(kRecordDecision, integration_id, candidate_id, job_id, application_id, decision, stage_id);
    return absl::OkStatus();
  });
}

absl::StatusOr<iv1::MapActionConfig> IngestStore::GetMapActions(const std::string& integration_id) {
  iv1::MapActionConfig config;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kGetMapActions, integration_id);
    if (r.empty()) return absl::NotFoundError("no such integration");
    if (!r[0][0].is_null() && !config.ParseFromString(db::FromBytea(r[0][0]))) {
      return absl::DataLossError("stored Map Actions are corrupt");
    }
    return absl::OkStatus();
  }));
  return config;
}

absl::Status IngestStore::SetMapActions(const std::string& integration_id, const iv1::MapActionConfig& config) {
  return pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    if (tx.exec_prepared(kSetMapActions, integration_id, db::Bytes(config.SerializeAsString())).affected_rows() == 0) {
      return absl::NotFoundError("no such integration");
    }
    return absl::OkStatus();
  });
}

absl::Status IngestStore::SetFollowUpPolicy(const std::string& integration_id, const iv1::FollowUpPolicy& policy) {
  return pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec_prepared(kSetFollowUp, integration_id, policy.job_id(), db::Bytes(policy.SerializeAsString()));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<IngestStore::ScreeningRow>> IngestStore::RecentScreenings(const std::string& integration_id,
                                                                                    int limit) {
  std::vector<ScreeningRow> out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    out.clear();
    for (const auto& row : tx.exec_prepared(kRecentScreenings, integration_id, limit)) {
      out.push_back({row[0].as<std::string>(), row[1].as<int64_t>(), row[2].as<int64_t>(), row[3].as<std::string>()});
    }
    return absl::OkStatus();
  }));
  return out;
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
    CLARA_ASSIGN_OR_RETURN(int64_t id,
                           queue::Enqueue(tx, kResumeQueue, task.SerializeAsString(),
                                          {.integration_id = integration_id,
                                           .dedupe_key = ResumeDedupeKey(integration_id, event.id())}));
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

absl::Status IngestStore::Rescreen(const std::string& integration_id, const std::string& event_id) {
  v1::ResumeTask task;
  task.set_event_id(event_id);
  task.set_integration_id(integration_id);
  return pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    if (tx.exec_prepared(kLoadEvent, event_id, integration_id).empty()) return absl::NotFoundError("no such event");
    return queue::Enqueue(tx, kResumeQueue, task.SerializeAsString(),
                          {.integration_id = integration_id,
                           .dedupe_key = absl::StrCat(event_id, ":rescreen:", absl::ToUnixNanos(absl::Now()))})
        .status();
  });
}

absl::StatusOr<bool> IngestStore::StoreEvidence(const std::string& integration_id, const v1::PartnerEvent& event,
                                                int64_t job_id, const v1::StoredEvidence& evidence) {
  bool enqueued = false;
  v1::ScreeningTask task;
  task.set_event_id(event.id());
  task.set_integration_id(integration_id);
  task.set_candidate_id(event.candidate().id());
  task.set_job_id(job_id);
  v1::StoredEvidence content = evidence;
  content.clear_fetched_at();
  const std::string dedupe =
      absl::StrCat(event.id(), ":", integration_id, ":", crypto::Sha256Hex(DeterministicBytes(content)));
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec_prepared(kUpsertEvidence, event.id(), integration_id, db::Bytes(evidence.SerializeAsString()));
    CLARA_ASSIGN_OR_RETURN(int64_t id, queue::Enqueue(tx, kScreeningQueue, task.SerializeAsString(),
                                                      {.integration_id = integration_id, .dedupe_key = dedupe}));
    enqueued = id > 0;
    return absl::OkStatus();
  }));
  return enqueued;
}

}  // namespace clara::ingest
