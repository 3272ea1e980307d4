// What the screening worker reads for one event (ScreeningStore::LoadInputs)
// and turns into the engine's input (raw_candidate.h). Plain protos, no I/O,
// so that the eval tool builds the same inputs from a golden set.
#pragma once

#include <optional>

#include "clara/followups/v1/followups.pb.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "clara/screening/v1/screening.pb.h"

namespace clara::screening {

// Everything needed to screen one event.
struct ScreeningInputs {
  ingest::v1::PartnerEvent event;
  ingest::v1::StoredEvidence evidence;
  v1::Job job;
  // The event's follow-up round, when CLARA asked (state, answers included).
  std::optional<followups::v1::FollowUp> follow_up;
  // The follow-up policy for the job: the job's own, else the integration's
  // default, else none (when = UNSPECIFIED: never ask).
  integrations::v1::FollowUpPolicy follow_up_policy;
};

}  // namespace clara::screening
