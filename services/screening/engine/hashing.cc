#include "services/screening/engine/hashing.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <vector>

#include "services/screening/engine/knockouts.h"

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
  msg.ByteSizeLong();  // SerializeWithCachedSizes needs the cached sizes
  {
    google::protobuf::io::StringOutputStream sos(&out);
    google::protobuf::io::CodedOutputStream cos(&sos);
    cos.SetSerializationDeterministic(true);
    msg.SerializeWithCachedSizes(&cos);
  }
  return out;
}

namespace {

void Put(EVP_MD_CTX* ctx, uint8_t field, std::string_view s) {
  unsigned char head[9];
  head[0] = field;
  uint64_t n = s.size();
  for (int i = 0; i < 8; ++i) head[1 + i] = static_cast<unsigned char>(n >> (8 * i));
  EVP_DigestUpdate(ctx, head, sizeof(head));
  EVP_DigestUpdate(ctx, s.data(), s.size());
}

// One digest context per thread, reused (no allocation per candidate).
struct DigestCtx {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~DigestCtx() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string EvidenceHash(const v1::CandidateEvidence& evidence) {
  thread_local DigestCtx holder;
  EVP_MD_CTX* ctx = holder.ctx;
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  Put(ctx, 1, evidence.resume_text());
  Put(ctx, 3, evidence.pitch());
  Put(ctx, 4, evidence.cover_letter());
  for (const auto& a : evidence.answers()) {
    Put(ctx, 20, a.question_id());
    Put(ctx, 21, a.question());
    Put(ctx, static_cast<uint8_t>(30 + a.value_case()), AnswerSourceText(a));
    if (!a.unit().empty()) Put(ctx, 22, a.unit());  // "18 months" is not "18 years"
  }
  std::vector<std::pair<std::string_view, std::string_view>> custom;
  for (const auto& [k, v] : evidence.custom_fields()) custom.push_back({k, v});
  std::sort(custom.begin(), custom.end());
  for (const auto& [k, v] : custom) {
    Put(ctx, 50, k);
    Put(ctx, 51, v);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

}  // namespace clara::screening::engine
