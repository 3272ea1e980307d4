// The Teamtailor HTTP client (libcurl): the only code that speaks HTTP to
// Teamtailor. It sets the auth, version and content-type headers the
// contract requires (teamtailor-contract.md), applies connect and total
// timeouts, reuses connections, and maps HTTP and JSON:API errors to Status:
//
//   401 → UNAUTHENTICATED   403 → PERMISSION_DENIED   404 → NOT_FOUND
//   400/406/415/422 → INVALID_ARGUMENT (with the JSON:API titles/details)
//   429 → RESOURCE_EXHAUSTED (with Retry-After attached, see worker.h)
//   5xx, timeouts, connection errors → UNAVAILABLE
//
// Messages name the method and path, never keys or bodies.
//
// Rate limits: with a RequestLimiter in ClientOptions, every public-API
// request (the company key) and every partner-API request (the partner key)
// first takes a slot of that key's budget; a 429 (its Retry-After) and an
// answer with X-Rate-Limit-Remaining 0 (its X-Rate-Limit-Reset) pause the
// key for every user of the limiter, and a 429 is retried (at most twice)
// once the pause is over. Download() (signed résumé URLs) and Send() are
// never limited.
//
// Nothing is re-sent behind the caller's back. libcurl re-sends a request
// once, on a fresh connection, when a reused keep-alive connection dies
// before any byte of the answer arrived — even a POST that the server had
// already applied (a duplicate note). So a POST (not idempotent) always goes
// on a fresh connection that is closed afterwards (CURLOPT_FRESH_CONNECT +
// CURLOPT_FORBID_REUSE): libcurl never re-sends on a fresh connection, and
// the caller decides (the note looks for its marker first; the score value
// meets Teamtailor's 422). GET, PATCH and PUT (idempotent) reuse
// connections; when one of them needed a new connection although one to the
// same origin was open, libcurl may have sent it twice, and the extra
// request is taken from the key's budget after the fact.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace clara::teamtailor {

// A per-API-key request budget shared by every user of the key (see
// common/rate_limiter.h for the PostgreSQL one every replica shares).
// Implementations are thread-safe and never see keys in logs.
class RequestLimiter {
 public:
  virtual ~RequestLimiter() = default;
  // Takes one request slot of `api_key`, waiting (bounded) for one. When the
  // wait would be too long: RESOURCE_EXHAUSTED with a Retry-After attached
  // (clara::SetRetryAfter). UNAVAILABLE when the budget can't be reached.
  virtual absl::Status Acquire(const std::string& api_key) = 0;
  // Pauses every user of `api_key` for `duration` from now (a 429's
  // Retry-After). A longer pause already in place is kept.
  virtual absl::Status Block(const std::string& api_key, absl::Duration duration) = 0;
};

struct ClientOptions {
  // e.g. https://api.teamtailor.com/v1 (no trailing slash).
  std::string base_url = "https://api.teamtailor.com/v1";
  std::string api_version = "20240404";
  std::string partner_api_version = "20180828";
  absl::Duration connect_timeout = absl::Seconds(3);
  absl::Duration timeout = absl::Seconds(15);
  std::string user_agent = "clara-teamtailor/0.1";
  // Not owned; null = no limiting. Must outlive the client.
  RequestLimiter* limiter = nullptr;
};

struct Response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

// Maps a non-2xx response to a status (OK for 2xx).
absl::Status StatusFromResponse(const std::string& what, const Response& response);

class Client {
 public:
  explicit Client(ClientOptions options);
  ~Client();

  // Public API. `path_or_url` is a path under base_url ("/jobs/1") or an
  // absolute URL (a links.next).
  absl::StatusOr<nlohmann::json> Get(const std::string& api_key, const std::string& path_or_url);
  absl::StatusOr<nlohmann::json> Post(const std::string& api_key, const std::string& path, const nlohmann::json& body);
  absl::StatusOr<nlohmann::json> Patch(const std::string& api_key, const std::string& path, const nlohmann::json& body);

  // Partner API: PUT a partner result to the event's update-url.
  absl::StatusOr<nlohmann::json> PutPartnerResult(const std::string& partner_api_key, const std::string& update_url,
                                                  const nlohmann::json& body);

  // Downloads a file without auth (a signed résumé URL). PERMISSION_DENIED
  // or NOT_FOUND when the signature expired; OUT_OF_RANGE above `max_bytes`.
  absl::StatusOr<std::string> Download(const std::string& url, size_t max_bytes);

  // The raw exchange, for callers that need headers (rate limits). A POST
  // goes on a fresh, unshared connection (see above).
  absl::StatusOr<Response> Send(const std::string& method, const std::string& url,
                                const std::vector<std::string>& headers, const std::string& body);

  const ClientOptions& options() const { return options_; }

 private:
  std::string Url(const std::string& path_or_url) const;
  // One JSON exchange; with a limiter, within `api_key`'s budget.
  absl::StatusOr<nlohmann::json> Json(const std::string& method, const std::string& what, const std::string& url,
                                      const std::vector<std::string>& headers, const std::string& body,
                                      const std::string& api_key);
  // Pauses the key when the answer says the budget is spent.
  void ObserveRateLimit(const std::string& api_key, const Response& response);
  // Send(); `*maybe_resent` is set when libcurl may have sent the request
  // twice (a new connection although one to the origin was open).
  absl::StatusOr<Response> Exchange(const std::string& method, const std::string& url,
                                    const std::vector<std::string>& headers, const std::string& body,
                                    bool* maybe_resent);
  void* TakeHandle();
  void GiveHandle(void* handle);
  // Which origins (scheme://host:port) a handle keeps an open connection to.
  bool HasOpenConnection(void* handle, const std::string& origin);
  void SetOpenConnection(void* handle, const std::string& origin, bool open);

  ClientOptions options_;
  std::mutex mu_;
  std::vector<void*> handles_;
  std::map<void*, std::set<std::string>> open_origins_;
};

}  // namespace clara::teamtailor
