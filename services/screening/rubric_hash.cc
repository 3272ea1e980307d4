#include "services/screening/rubric_hash.h"

#include <openssl/sha.h>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace clara::screening {

std::string RubricContentHash(const v1::Rubric& rubric) {
  v1::Rubric canonical;
  canonical.set_job_id(rubric.job_id());
  *canonical.mutable_criteria() = rubric.criteria();
  canonical.set_language_code(rubric.language_code());
  *canonical.mutable_knockout_rules() = rubric.knockout_rules();
  std::string bytes;
  canonical.ByteSizeLong();  // SerializeWithCachedSizes needs the cached sizes
  {
    google::protobuf::io::StringOutputStream sos(&bytes);
    google::protobuf::io::CodedOutputStream cos(&sos);
    cos.SetSerializationDeterministic(true);
    canonical.SerializeWithCachedSizes(&cos);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

}  // namespace clara::screening
