#include "services/writeback/writeback_store.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace clara::writeback {
namespace {

constexpr char kLoad[] = "writeback_load";
constexpr char kGetOp[] = "writeback_get_op";
constexpr char kBeginOp[] = "writeback_begin_op";
constexpr char kRecordOp[] = "writeback_record_op";
constexpr char kPreviousRemoteId[] = "writeback_previous_remote_id";
constexpr char kScreeningExists[] = "writeback_screening_exists";
constexpr char kListOps[] = "writeback_list_ops";
constexpr char kDeadItem[] = "writeback_dead_item";

const char* StateName(v1::OperationState s) {
  switch (s) {
    case v1::OPERATION_STATE_DONE: return "done";
    case v1::OPERATION_STATE_FAILED: return "failed";
    case v1::OPERATION_STATE_SKIPPED: return "skipped";
    default: return "pending";
  }
}

v1::OperationState StateOf(const std::string& s) {
  if (s == "done") return v1::OPERATION_STATE_DONE;
  if (s == "failed") return v1::OPERATION_STATE_FAILED;
  if (s == "skipped") return v1::OPERATION_STATE_SKIPPED;
  return v1::OPERATION_STATE_PENDING;
}

v1::Operation OpFromRow(const pqxx::row& row) {
  v1::Operation op;
  v1::OperationKind kind;
  if (v1::OperationKind_Parse(row["kind"].as<std::string>(), &kind)) op.set_kind(kind);
  op.set_idempotency_key(row["idempotency_key"].as<std::string>());
  op.set_state(StateOf(row["state"].as<std::string>()));
  op.set_remote_id(row["remote_id"].is_null() ? "" : row["remote_id"].as<std::string>());
  op.set_attempts(row["attempts"].as<int>());
  op.set_last_error(row["last_error"].is_null() ? "" : row["last_error"].as<std::string>());
  *op.mutable_updated_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(row["updated_us"].as<int64_t>());
  return op;
}

constexpr char kOpColumns[] =
    "kind, idempotency_key, state, remote_id, attempts, last_error,"
    " (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_us";

}  // namespace

std::string IdempotencyKey(const std::string& screening_id, v1::OperationKind kind) {
  return absl::StrCat(screening_id, ":", v1::OperationKind_Name(kind));
}

const db::Statements& WritebackStore::Statements() {
  static const db::Statements* kStatements = new db::Statements{
      {kLoad,
       "SELECT s.result, e.event, i.status, i.api_key_sealed, s.candidate_id, s.job_id, i.map_actions,"
       " f.follow_up, f.id::text,"
       " (SELECT n.id::text FROM screenings n WHERE n.integration_id = s.integration_id AND n.event_id = s.event_id"
       "  AND n.created_at > s.created_at"
       "  ORDER BY n.created_at DESC LIMIT 1)"
       " FROM screenings s"
       " JOIN partner_events e ON e.integration_id = s.integration_id AND e.event_id = s.event_id"
       " JOIN integrations i ON i.id = s.integration_id"
       " LEFT JOIN follow_ups f ON f.id = s.follow_up_id"
       " WHERE s.integration_id = $1::uuid AND s.id = $2::uuid"},
      {kGetOp, absl::StrCat("SELECT ", kOpColumns, " FROM writeback_operations WHERE idempotency_key = $1")},
      {kBeginOp,
       "INSERT INTO writeback_operations (integration_id, screening_id, kind, idempotency_key, state, attempts)"
       " VALUES ($1::uuid, $2::uuid, $3, $4, 'pending', 1)"
       " ON CONFLICT (idempotency_key) DO UPDATE SET state = 'pending',"
       " attempts = writeback_operations.attempts + 1, updated_at = now()"},
      {kRecordOp,
       "INSERT INTO writeback_operations (integration_id, screening_id, kind, idempotency_key, state, remote_id,"
       " attempts, last_error) VALUES ($1::uuid, $2::uuid, $3, $4, $5, NULLIF($6, ''), 1, NULLIF($7, ''))"
       " ON CONFLICT (idempotency_key) DO UPDATE SET state = EXCLUDED.state,"
       " remote_id = coalesce(EXCLUDED.remote_id, writeback_operations.remote_id),"
       " last_error = EXCLUDED.last_error, updated_at = now()"},
      {kPreviousRemoteId,
       "SELECT o.remote_id FROM writeback_operations o JOIN screenings s ON s.id = o.screening_id"
       " WHERE o.integration_id = $1::uuid AND s.integration_id = $1::uuid AND s.candidate_id = $2"
       " AND o.kind = $3 AND o.state = 'done' AND o.remote_id IS NOT NULL"
       " ORDER BY o.updated_at DESC LIMIT 1"},
      {kScreeningExists, "SELECT 1 FROM screenings WHERE integration_id = $1::uuid AND id = $2::uuid"},
      {kListOps,
       absl::StrCat("SELECT ", kOpColumns, " FROM writeback_operations WHERE integration_id = $1::uuid"
                    " AND screening_id = $2::uuid ORDER BY idempotency_key")},
      {kDeadItem, "SELECT 1 FROM work_items WHERE queue = 'writeback' AND dedupe_key = $1 AND state = 'dead'"},
  };
  return *kStatements;
}

absl::StatusOr<DeliveryInputs> WritebackStore::Load(const std::string& integration_id,
                                                    const std::string& screening_id) {
  DeliveryInputs in;
  std::string sealed;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kLoad, integration_id, screening_id);
    if (r.empty()) return absl::NotFoundError("screening not found (erased?)");
    if (r[0][2].as<std::string>() != "active" || r[0][3].is_null()) {
      return absl::FailedPreconditionError("integration is disconnected");
    }
    if (!in.result.ParseFromString(db::FromBytea(r[0][0])) || !in.event.ParseFromString(db::FromBytea(r[0][1]))) {
      return absl::DataLossError("stored screening is corrupt");
    }
    sealed = db::FromBytea(r[0][3]);
    in.candidate_id = r[0][4].as<int64_t>();
    in.job_id = r[0][5].as<int64_t>();
    if (!r[0][6].is_null()) {
      integrations::v1::MapActionConfig config;
      if (!config.ParseFromString(db::FromBytea(r[0][6]))) return absl::DataLossError("stored Map Actions are corrupt");
      in.map_actions = std::move(config);
    }
    in.awaiting.reset();
    if (!r[0][7].is_null()) {
      followups::v1::FollowUp f;
      if (!f.ParseFromString(db::FromBytea(r[0][7]))) return absl::DataLossError("stored follow-up is corrupt");
      f.set_id(r[0][8].as<std::string>());
      in.awaiting = std::move(f);
    }
    in.superseded_by = r[0][9].is_null() ? "" : r[0][9].as<std::string>();
    return absl::OkStatus();
  }));
  in.integration_id = integration_id;
  in.screening_id = screening_id;
  CLARA_ASSIGN_OR_RETURN(in.api_key, box_->Open(sealed, integration_id));
  return in;
}

absl::StatusOr<v1::Operation> WritebackStore::GetOperation(const std::string& key) {
  v1::Operation op;
  op.set_idempotency_key(key);
  op.set_state(v1::OPERATION_STATE_PENDING);
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kGetOp, key);
    if (!r.empty()) op = OpFromRow(r[0]);
    return absl::OkStatus();
  }));
  return op;
}

absl::Status WritebackStore::BeginOperation(const std::string& integration_id, const std::string& screening_id,
                                            const v1::Operation& op) {
  return pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec_prepared(kBeginOp, integration_id, screening_id, v1::OperationKind_Name(op.kind()), op.idempotency_key());
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> WritebackStore::PreviousRemoteId(const std::string& integration_id, int64_t candidate_id,
                                                             v1::OperationKind kind) {
  std::string id;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kPreviousRemoteId, integration_id, candidate_id, v1::OperationKind_Name(kind));
    if (!r.empty()) id = r[0][0].as<std::string>();
    return absl::OkStatus();
  }));
  return id;
}

absl::Status WritebackStore::RecordOperation(const std::string& integration_id, const std::string& screening_id,
                                             const v1::Operation& op) {
  return pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec_prepared(kRecordOp, integration_id, screening_id, v1::OperationKind_Name(op.kind()), op.idempotency_key(),
                     StateName(op.state()), op.remote_id(), op.last_error().substr(0, 500));
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Delivery> WritebackStore::GetDelivery(const std::string& integration_id,
                                                         const std::string& screening_id) {
  v1::Delivery d;
  d.set_integration_id(integration_id);
  d.set_screening_id(screening_id);
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    if (tx.exec_prepared(kScreeningExists, integration_id, screening_id).empty()) {
      return absl::NotFoundError("no such screening");
    }
    auto ops = tx.exec_prepared(kListOps, integration_id, screening_id);
    // The partner result is written last: until it is done, operations not
    // yet started have no row, so "all rows done" alone would be premature.
    bool all_done = !ops.empty(), any_failed = false, partner_result_done = false;
    for (const auto& row : ops) {
      *d.add_operations() = OpFromRow(row);
      const auto& op = *d.operations().rbegin();
      all_done &= (op.state() == v1::OPERATION_STATE_DONE || op.state() == v1::OPERATION_STATE_SKIPPED);
      any_failed |= (op.state() == v1::OPERATION_STATE_FAILED);
      partner_result_done |=
          (op.kind() == v1::OPERATION_KIND_PARTNER_RESULT && op.state() == v1::OPERATION_STATE_DONE);
    }
    all_done &= partner_result_done;
    auto dead = tx.exec_prepared(kDeadItem, screening_id);
    d.set_state(!dead.empty() ? "dead" : all_done ? "delivered" : any_failed ? "failed" : "pending");
    return absl::OkStatus();
  }));
  return d;
}

}  // namespace clara::writeback
