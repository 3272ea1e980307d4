#include "services/screening/follow_up_store.h"

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "common/queue.h"
#include "common/status.h"
#include "services/screening/follow_ups.h"
#include "services/screening/screening_store.h"

namespace clara::screening {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kGet[] = "follow_up_get";
constexpr char kLock[] = "follow_up_lock";
constexpr char kList[] = "follow_up_list";
constexpr char kMarkSent[] = "follow_up_mark_sent";
constexpr char kClose[] = "follow_up_close";
constexpr char kDue[] = "follow_up_due";

// Only an active integration's rounds are listed, answered or expired: a
// disconnected one stops processing (its data is erased after retention).
constexpr char kActive[] =
    " AND EXISTS (SELECT 1 FROM integrations i WHERE i.id = follow_ups.integration_id AND i.status = 'active')";

constexpr char kColumns[] =
    "id::text, integration_id::text, event_id, candidate_id, job_id, state, follow_up,"
    " (extract(epoch FROM created_at) * 1000000)::bigint,"
    " (extract(epoch FROM expires_at) * 1000000)::bigint,"
    " coalesce((extract(epoch FROM sent_at) * 1000000)::bigint, 0),"
    " coalesce((extract(epoch FROM closed_at) * 1000000)::bigint, 0),"
    " expires_at <= now()";

// The row, with the columns (state, times) over what the stored message says.
absl::StatusOr<fv1::FollowUp> FromRow(const pqxx::row& row, bool* due = nullptr) {
  fv1::FollowUp f;
  if (!f.ParseFromString(db::FromBytea(row[6]))) return absl::DataLossError("stored follow-up is corrupt");
  f.set_id(row[0].as<std::string>());
  f.set_integration_id(row[1].as<std::string>());
  f.set_event_id(row[2].as<std::string>());
  f.set_candidate_id(row[3].as<int64_t>());
  f.set_job_id(row[4].as<int64_t>());
  f.set_state(StateFromName(row[5].as<std::string>()));
  *f.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  *f.mutable_expires_at() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  f.clear_sent_at();
  f.clear_closed_at();
  if (const int64_t us = row[9].as<int64_t>(); us != 0) *f.mutable_sent_at() = TimeUtil::MicrosecondsToTimestamp(us);
  if (const int64_t us = row[10].as<int64_t>(); us != 0) *f.mutable_closed_at() = TimeUtil::MicrosecondsToTimestamp(us);
  if (due != nullptr) *due = row[11].as<bool>();
  return f;
}

constexpr char kDisconnected[] = "the integration is disconnected: CLARA no longer processes its candidates";

// The round, locked FOR UPDATE, and whether its answer time ran out.
// NOT_FOUND when there is none; FAILED_PRECONDITION when its integration is
// disconnected.
struct Locked {
  fv1::FollowUp follow_up;
  bool due = false;
};

absl::StatusOr<Locked> Lock(pqxx::work& tx, const std::string& integration_id, const std::string& follow_up_id);

absl::Status Expired(const fv1::FollowUp& f, absl::string_view consequence) {
  return absl::FailedPreconditionError(
      absl::StrCat("the follow-up expired at ", TimeUtil::ToString(f.expires_at()), consequence));
}

bool IsOpen(fv1::FollowUpState s) { return s == fv1::FOLLOW_UP_STATE_PENDING || s == fv1::FOLLOW_UP_STATE_SENT; }

std::string StateWords(fv1::FollowUpState s) {
  switch (s) {
    case fv1::FOLLOW_UP_STATE_ANSWERED: return "already answered";
    case fv1::FOLLOW_UP_STATE_EXPIRED: return "expired: its answer time ran out and the result was finalised";
    case fv1::FOLLOW_UP_STATE_OPTED_OUT: return "closed: the candidate asked for a human";
    default: return "not open";
  }
}

// A new screening of the round's event: the screener merges the answers in,
// or finalises the result.
absl::Status EnqueueRescreen(pqxx::work& tx, const fv1::FollowUp& f) {
  ingest::v1::ScreeningTask task;
  task.set_event_id(f.event_id());
  task.set_integration_id(f.integration_id());
  task.set_candidate_id(f.candidate_id());
  task.set_job_id(f.job_id());
  return queue::Enqueue(tx, kScreeningQueue, task.SerializeAsString(),
                        {.integration_id = f.integration_id(),
                         .dedupe_key = absl::StrCat(f.event_id(), ":", f.integration_id(), ":follow-up:",
                                                    StateName(f.state()))})
      .status();
}

}  // namespace

const db::Statements& FollowUpStore::Statements() {
  static const db::Statements* kStatements = new db::Statements{
      {kGet, absl::StrCat("SELECT ", kColumns, " FROM follow_ups WHERE integration_id = $1::uuid AND id = $2::uuid")},
      {kLock, absl::StrCat("SELECT ", kColumns, ", EXISTS (SELECT 1 FROM integrations i WHERE i.id = integration_id",
                           " AND i.status = 'active') FROM follow_ups WHERE integration_id = $1::uuid AND id = $2::uuid",
                           " FOR UPDATE")},
      {kList, absl::StrCat("SELECT ", kColumns, " FROM follow_ups WHERE integration_id = $1::uuid"
                           " AND ($2::bigint = 0 OR job_id = $2::bigint) AND state = ANY($3::text[])", kActive,
                           " AND (created_at, id) > ('epoch'::timestamptz + $4 * interval '1 microsecond', $5::uuid)"
                           " ORDER BY created_at, id LIMIT $6")},
      {kMarkSent,
       "UPDATE follow_ups SET state = 'sent', sent_at = now(), updated_at = now()"
       " WHERE integration_id = $1::uuid AND id = $2::uuid AND state = 'pending'"},
      {kClose,
       "UPDATE follow_ups SET state = $3, follow_up = $4, closed_at = now(), updated_at = now()"
       " WHERE integration_id = $1::uuid AND id = $2::uuid"},
      {kDue, absl::StrCat("SELECT ", kColumns, " FROM follow_ups WHERE state IN ('pending', 'sent')"
                          " AND expires_at <= now()", kActive, " ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED")},
  };
  return *kStatements;
}

namespace {

absl::StatusOr<Locked> Lock(pqxx::work& tx, const std::string& integration_id, const std::string& follow_up_id) {
  auto r = tx.exec_prepared(kLock, integration_id, follow_up_id);
  if (r.empty()) return absl::NotFoundError("no such follow-up");
  Locked locked;
  CLARA_ASSIGN_OR_RETURN(locked.follow_up, FromRow(r[0], &locked.due));
  if (!r[0][12].as<bool>()) return absl::FailedPreconditionError(kDisconnected);
  return locked;
}

}  // namespace

absl::StatusOr<fv1::FollowUp> FollowUpStore::Get(const std::string& integration_id, const std::string& follow_up_id) {
  if (!IsUuid(integration_id) || !IsUuid(follow_up_id)) return absl::NotFoundError("no such follow-up");
  fv1::FollowUp out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    auto r = tx.exec_prepared(kGet, integration_id, follow_up_id);
    if (r.empty()) return absl::NotFoundError("no such follow-up");
    CLARA_ASSIGN_OR_RETURN(out, FromRow(r[0]));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<fv1::FollowUp>> FollowUpStore::List(const std::string& integration_id, int64_t job_id,
                                                               const std::vector<fv1::FollowUpState>& states,
                                                               int page_size, const std::string& page_token,
                                                               std::string* next_page_token) {
  next_page_token->clear();
  if (!IsUuid(integration_id)) return absl::NotFoundError("no such integration");
  // Oldest first: start after the smallest possible position.
  KeysetPosition after{0, "00000000-0000-0000-0000-000000000000"};
  if (!page_token.empty()) {
    CLARA_ASSIGN_OR_RETURN(after, DecodePageToken(page_token));
  }
  std::vector<std::string> names;
  for (auto s : states) names.push_back(StateName(s));
  if (names.empty()) names = {"pending", "sent"};
  const std::string array = absl::StrCat("{", absl::StrJoin(names, ","), "}");
  std::vector<fv1::FollowUp> out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    out.clear();
    auto r = tx.exec_prepared(kList, integration_id, job_id, array, after.created_us, after.id, page_size + 1);
    for (size_t i = 0; i < r.size() && static_cast<int>(i) < page_size; ++i) {
      CLARA_ASSIGN_OR_RETURN(fv1::FollowUp f, FromRow(r[i]));
      out.push_back(std::move(f));
    }
    if (static_cast<int>(r.size()) > page_size) {
      *next_page_token = EncodePageToken({r[page_size - 1][7].as<int64_t>(), r[page_size - 1][0].as<std::string>()});
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<fv1::FollowUp> FollowUpStore::MarkSent(const std::string& integration_id,
                                                      const std::string& follow_up_id) {
  if (!IsUuid(integration_id) || !IsUuid(follow_up_id)) return absl::NotFoundError("no such follow-up");
  fv1::FollowUp out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    CLARA_ASSIGN_OR_RETURN(Locked locked, Lock(tx, integration_id, follow_up_id));
    out = std::move(locked.follow_up);
    if (!IsOpen(out.state())) {
      return absl::FailedPreconditionError(absl::StrCat("the follow-up is ", StateWords(out.state())));
    }
    if (locked.due) return Expired(out, ": it can't be answered");
    if (out.state() == fv1::FOLLOW_UP_STATE_SENT) return absl::OkStatus();
    tx.exec_prepared(kMarkSent, integration_id, follow_up_id);
    CLARA_ASSIGN_OR_RETURN(out, FromRow(tx.exec_prepared(kGet, integration_id, follow_up_id)[0]));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<fv1::FollowUp> FollowUpStore::Close(const std::string& integration_id, const std::string& follow_up_id,
                                                   fv1::FollowUpState target,
                                                   const std::vector<fv1::Answer>* answers) {
  if (!IsUuid(integration_id) || !IsUuid(follow_up_id)) return absl::NotFoundError("no such follow-up");
  fv1::FollowUp out;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    CLARA_ASSIGN_OR_RETURN(Locked locked, Lock(tx, integration_id, follow_up_id));
    out = std::move(locked.follow_up);
    std::vector<fv1::Answer> valid;
    if (answers != nullptr) {
      // Checked before anything is written, whatever the state.
      CLARA_ASSIGN_OR_RETURN(valid, ValidateAnswers(out, *answers));
    }
    if (out.state() == target) {
      if (answers == nullptr) return absl::OkStatus();
      // A retry of the same submission is fine; other answers are not.
      bool same = static_cast<int>(valid.size()) == out.answers_size();
      for (size_t i = 0; same && i < valid.size(); ++i) {
        same = google::protobuf::util::MessageDifferencer::Equals(valid[i], out.answers(static_cast<int>(i)));
      }
      if (same) return absl::OkStatus();
      return absl::FailedPreconditionError("the follow-up was already answered with other answers");
    }
    if (!IsOpen(out.state())) {
      return absl::FailedPreconditionError(absl::StrCat("the follow-up is ", StateWords(out.state())));
    }
    if (locked.due && target != fv1::FOLLOW_UP_STATE_EXPIRED) {
      return Expired(out, "; the result is finalised without answers");
    }
    out.set_state(target);
    out.clear_answers();
    for (auto& a : valid) *out.add_answers() = std::move(a);
    tx.exec_prepared(kClose, integration_id, follow_up_id, StateName(target), db::Bytes(DeterministicBytes(out)));
    CLARA_RETURN_IF_ERROR(EnqueueRescreen(tx, out));
    CLARA_ASSIGN_OR_RETURN(out, FromRow(tx.exec_prepared(kGet, integration_id, follow_up_id)[0]));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<fv1::FollowUp> FollowUpStore::SubmitAnswers(const std::string& integration_id,
                                                           const std::string& follow_up_id,
                                                           const std::vector<fv1::Answer>& answers) {
  return Close(integration_id, follow_up_id, fv1::FOLLOW_UP_STATE_ANSWERED, &answers);
}

absl::StatusOr<fv1::FollowUp> FollowUpStore::OptOut(const std::string& integration_id,
                                                    const std::string& follow_up_id) {
  return Close(integration_id, follow_up_id, fv1::FOLLOW_UP_STATE_OPTED_OUT, nullptr);
}

absl::StatusOr<int> FollowUpStore::ExpireDue(int limit) {
  int n = 0;
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    n = 0;
    auto r = tx.exec_prepared(kDue, limit);
    for (const auto& row : r) {
      CLARA_ASSIGN_OR_RETURN(fv1::FollowUp f, FromRow(row));
      f.set_state(fv1::FOLLOW_UP_STATE_EXPIRED);
      tx.exec_prepared(kClose, f.integration_id(), f.id(), StateName(f.state()), db::Bytes(DeterministicBytes(f)));
      CLARA_RETURN_IF_ERROR(EnqueueRescreen(tx, f));
      ++n;
    }
    return absl::OkStatus();
  }));
  return n;
}

}  // namespace clara::screening
