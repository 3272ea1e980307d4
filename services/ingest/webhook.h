// Partner-webhook domain logic (no I/O): bearer extraction, the
// Teamtailor-Signature check, and JSON → proto parsing.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "common/teamtailor_json.h"

namespace clara::ingest {

// The largest webhook body accepted (bytes), on the wire and after
// Content-Encoding (gzip, deflate, br) is undone; larger → 413.
inline constexpr size_t kMaxWebhookBytes = 1 << 20;

// Returns the token of "Bearer <token>". UNAUTHENTICATED when the header is
// missing or of another scheme.
absl::StatusOr<std::string> BearerToken(const std::string& authorization);

// Verifies `Teamtailor-Signature: t=<unix>,v1=<hex>[,v0=<decoy>]`:
// v1 == hex(HMAC_SHA256(secret, "<t>.<event_id>")), compared in constant
// time, with |now - t| <= tolerance. UNAUTHENTICATED otherwise (the message
// says which check failed, never the expected value).
absl::Status VerifyPartnerSignature(const std::string& header, const std::string& event_id,
                                    const std::string& secret, absl::Time now,
                                    absl::Duration tolerance = absl::Minutes(5));

// The checks of VerifyPartnerSignature that need no event id (header
// present, well formed, timestamp within tolerance): done before the body is
// read, so a request without a plausible signature costs no body read.
absl::Status PrecheckPartnerSignature(const std::string& header, absl::Time now,
                                      absl::Duration tolerance = absl::Minutes(5));

// The value of `partner-event.id` of a partner-webhook body, found by a
// linear scan (RawMember) without parsing the rest, so the signature can be
// checked before the body is parsed. INVALID_ARGUMENT when absent or not a
// string.
absl::StatusOr<std::string> PartnerEventId(const std::string& body);

// Builds a header value (for the simulator and tests).
std::string SignPartnerEvent(const std::string& event_id, const std::string& secret, absl::Time t);

// Parses a partner-webhook body (common/teamtailor_json.h).
using teamtailor::ParsePartnerWebhook;

// Returns the exact bytes of the value of top-level member `name` of the JSON
// object `body` (for signatures computed over a member as sent).
// INVALID_ARGUMENT when `body` is not an object or lacks the member.
absl::StatusOr<std::string> RawMember(const std::string& body, const std::string& name);

// Verifies a company webhook's `TT-Signature` (v2):
// base64("t=<unix>,v2=<hex(HMAC_SHA256(secret, "<t>." + payload))>") over the
// exact bytes of the body's `payload` member, with the timestamp tolerance.
// UNAUTHENTICATED otherwise.
absl::Status VerifyCompanySignature(const std::string& header, const std::string& raw_payload,
                                    const std::string& secret, absl::Time now,
                                    absl::Duration tolerance = absl::Minutes(5));
// Builds a header value (tests).
std::string SignCompanyPayload(const std::string& raw_payload, const std::string& secret, absl::Time t);

}  // namespace clara::ingest
