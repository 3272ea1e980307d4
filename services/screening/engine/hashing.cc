#include "services/screening/engine/hashing.h"

#include <openssl/sha.h>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace clara::screening::engine {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

std::string DeterministicBytes(const google::protobuf::MessageLite& msg) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream sos(&out);
    google::protobuf::io::CodedOutputStream cos(&sos);
    cos.SetSerializationDeterministic(true);
    msg.SerializeWithCachedSizes(&cos);
  }
  return out;
}

std::string RubricContentHash(const v1::Rubric& rubric) {
  v1::Rubric canonical;
  canonical.set_job_id(rubric.job_id());
  *canonical.mutable_criteria() = rubric.criteria();
  canonical.set_language_code(rubric.language_code());
  canonical.ByteSizeLong();
  return Sha256Hex(DeterministicBytes(canonical));
}

std::string EvidenceHash(const v1::CandidateEvidence& evidence) {
  evidence.ByteSizeLong();
  return Sha256Hex(DeterministicBytes(evidence));
}

}  // namespace clara::screening::engine
