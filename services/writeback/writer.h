// Handles "writeback" work: delivers one screening to Teamtailor as a set of
// idempotent operations, each recorded with its outcome:
//   TAGS            read the candidate's tags → merge CLARA's → PATCH
//   PARTNER_RESULT  PUT the completed result to the event's update-url (last)
// An operation already done is skipped, so a retry never writes twice.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "common/queue.h"
#include "common/teamtailor_client.h"
#include "services/writeback/metrics.h"
#include "services/writeback/writeback_store.h"

namespace clara::writeback {

struct WriterOptions {
  std::string partner_api_key;
  // Base of the link shown on the partner result, e.g.
  // https://app.clara.ai/screenings (the screening id is appended); empty = none.
  std::string report_base_url;
};

class Writer {
 public:
  Writer(WritebackStore* store, teamtailor::Client* client, WritebackMetrics* metrics, WriterOptions options)
      : store_(store), client_(client), metrics_(metrics), options_(std::move(options)) {}

  absl::Status Handle(const queue::WorkItem& item);

 private:
  // Runs one operation unless it is already done; records the outcome.
  absl::Status Run(const std::string& integration_id, const std::string& screening_id, v1::OperationKind kind,
                   const std::function<absl::StatusOr<std::string>()>& write);

  WritebackStore* store_;
  teamtailor::Client* client_;
  WritebackMetrics* metrics_;
  WriterOptions options_;
};

}  // namespace clara::writeback
