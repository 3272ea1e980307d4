// Content hashes for rubrics and evidence.
//
// Both are hex SHA-256 over protobuf's deterministic serialization (map
// entries sorted, fields in number order), so the same content always
// gives the same hash within a protobuf major version.
#pragma once

#include <string>
#include <string_view>

#include "google/protobuf/message_lite.h"
#include "clara/screening/v1/screening.pb.h"
#include "services/screening/rubric_hash.h"

namespace clara::screening::engine {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Deterministic serialization of any message.
std::string DeterministicBytes(const google::protobuf::MessageLite& msg);

// Hash of a rubric's job id, criteria, language code and knock-out rules
// (not version, warnings, origin or timestamps): the one rubric content hash,
// defined in services/screening/rubric_hash.h so that the service, the simple
// engine and this engine share a single function (ScoringEngine::RubricHash).
using ::clara::screening::RubricContentHash;

// Hash of the canonical evidence: SHA-256 over a length-prefixed encoding
// of résumé, pitch, cover letter, each answer (question id, question and
// its AnswerSourceText with its type, and its unit when it has one) in order, and custom fields sorted by
// key. Streaming, no protobuf serialization on the hot path.
std::string EvidenceHash(const v1::CandidateEvidence& evidence);

}  // namespace clara::screening::engine
