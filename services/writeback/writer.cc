#include "services/writeback/writer.h"

#include "absl/strings/str_cat.h"
#include "clara/writeback/v1/writeback.pb.h"
#include "common/log.h"
#include "common/status.h"
#include "services/writeback/partner_result.h"

namespace clara::writeback {

absl::Status Writer::Run(const std::string& integration_id, const std::string& screening_id, v1::OperationKind kind,
                         const std::function<absl::StatusOr<std::string>()>& write) {
  const std::string key = IdempotencyKey(screening_id, kind);
  CLARA_ASSIGN_OR_RETURN(v1::Operation op, store_->GetOperation(key));
  const std::string kind_name = v1::OperationKind_Name(kind);
  if (op.state() == v1::OPERATION_STATE_DONE) {
    metrics_->operations->Add({{"kind", kind_name}, {"outcome", "already_done"}}).Increment();
    return absl::OkStatus();
  }
  op.set_kind(kind);
  absl::StatusOr<std::string> remote_id = write();
  if (remote_id.ok()) {
    op.set_state(v1::OPERATION_STATE_DONE);
    op.set_remote_id(*remote_id);
    op.clear_last_error();
  } else {
    op.set_state(v1::OPERATION_STATE_FAILED);
    op.set_last_error(std::string(remote_id.status().message()));
  }
  metrics_->operations->Add({{"kind", kind_name}, {"outcome", remote_id.ok() ? "done" : "failed"}}).Increment();
  CLARA_RETURN_IF_ERROR(store_->RecordOperation(integration_id, screening_id, op));
  return remote_id.status();
}

absl::Status Writer::Handle(const queue::WorkItem& item) {
  v1::WritebackTask task;
  if (!task.ParseFromString(item.payload)) return absl::InvalidArgumentError("corrupt write-back task");
  CLARA_ASSIGN_OR_RETURN(DeliveryInputs in, store_->Load(task.integration_id(), task.screening_id()));
  const int64_t candidate_id = in.event.candidate().id();

  CLARA_RETURN_IF_ERROR(Run(task.integration_id(), task.screening_id(), v1::OPERATION_KIND_TAGS,
                            [&]() -> absl::StatusOr<std::string> {
    const std::string path = absl::StrCat("/candidates/", candidate_id);
    CLARA_ASSIGN_OR_RETURN(nlohmann::json doc, client_->Get(in.api_key, path));
    std::vector<std::string> current;
    const auto& tags = doc["data"]["attributes"]["tags"];
    if (tags.is_array()) {
      for (const auto& t : tags) if (t.is_string()) current.push_back(t.get<std::string>());
    }
    std::vector<std::string> clara(in.result.tags().begin(), in.result.tags().end());
    std::vector<std::string> merged = MergeTags(current, clara);
    if (merged != current) {
      nlohmann::json body = {{"data",
                              {{"id", absl::StrCat(candidate_id)},
                               {"type", "candidates"},
                               {"attributes", {{"tags", merged}}}}}};
      CLARA_RETURN_IF_ERROR(client_->Patch(in.api_key, path, body).status());
    }
    return absl::StrCat(candidate_id);
  }));

  // The completed partner result goes last: when a recruiter sees it, the
  // rest is written.
  CLARA_RETURN_IF_ERROR(Run(task.integration_id(), task.screening_id(), v1::OPERATION_KIND_PARTNER_RESULT,
                            [&]() -> absl::StatusOr<std::string> {
    const std::string url = options_.report_base_url.empty()
                                ? ""
                                : absl::StrCat(options_.report_base_url, "/", task.screening_id());
    // A PUT of the same document is idempotent by nature.
    CLARA_RETURN_IF_ERROR(client_
                              ->PutPartnerResult(options_.partner_api_key, in.event.partner_result().update_url(),
                                                 PartnerResultDocument(in.event.partner_result().id(), in.result, url))
                              .status());
    return in.event.partner_result().id();
  }));

  log::Info("screening delivered", {{"integration_id", task.integration_id()}, {"screening_id", task.screening_id()}});
  return absl::OkStatus();
}

}  // namespace clara::writeback
