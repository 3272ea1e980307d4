#include "common/teamtailor_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "common/status.h"

namespace clara::teamtailor {
namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

struct Sink {
  std::string* body;
  size_t max_bytes;
  bool overflow = false;
};

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->body->size() + size * n > sink->max_bytes) {
    sink->overflow = true;
    return 0;
  }
  sink->body->append(data, size * n);
  return size * n;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  absl::string_view line(data, size * n);
  if (auto colon = line.find(':'); colon != absl::string_view::npos) {
    std::string name = absl::AsciiStrToLower(line.substr(0, colon));
    (*headers)[name] = std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return size * n;
}

// Path without the query: ids are fine in messages, query strings may hold
// signatures.
std::string Describe(const std::string& method, const std::string& url) {
  absl::string_view path = url;
  if (auto scheme = path.find("://"); scheme != absl::string_view::npos) {
    path = path.substr(scheme + 3);
    auto slash = path.find('/');
    path = slash == absl::string_view::npos ? "/" : path.substr(slash);
  }
  if (auto q = path.find('?'); q != absl::string_view::npos) path = path.substr(0, q);
  return absl::StrCat(method, " ", path);
}

// scheme://host:port of a URL: what a connection is reused for.
std::string Origin(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  return url.substr(0, url.find_first_of("/?#", scheme + 3));
}

constexpr size_t kMaxJsonBytes = 16 << 20;
// Retries of a 429 after the pause it asked for (only with a limiter).
constexpr int kMaxRateLimitRetries = 2;
// The longest pause a header may impose (a garbled Retry-After must not stop a key for days).
constexpr int kMaxPauseSeconds = 600;

// The text of one entry of a JSON:API `errors` array. The body comes from
// the network: an entry may be a bare string, and detail, title or pointer
// may be of any type — never throw on them (a throw surfaced as UNKNOWN and
// was retried as transient).
std::string ErrorText(const nlohmann::json& e) {
  const auto text = [](const nlohmann::json& v) -> std::string {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number() || v.is_boolean()) return v.dump();
    return "";
  };
  if (!e.is_object()) return text(e);
  std::string d = e.contains("detail") ? text(e["detail"]) : e.contains("title") ? text(e["title"]) : "";
  if (e.contains("source") && e["source"].is_object() && e["source"].contains("pointer")) {
    d = absl::StrCat(text(e["source"]["pointer"]), ": ", d);
  }
  return d;
}

// At most this many details (of at most 200 bytes each) go into a message.
constexpr size_t kMaxErrorDetails = 5;

}  // namespace

absl::Status StatusFromResponse(const std::string& what, const Response& r) {
  if (r.status >= 200 && r.status < 300) return absl::OkStatus();
  std::vector<std::string> details;
  auto parsed = nlohmann::json::parse(r.body, nullptr, false);
  if (parsed.is_object() && parsed.contains("errors") && parsed["errors"].is_array()) {
    for (const auto& e : parsed["errors"]) {
      if (details.size() == kMaxErrorDetails) break;
      std::string d = ErrorText(e);
      if (!d.empty()) details.push_back(d.substr(0, 200));
    }
  }
  std::string msg = absl::StrCat("Teamtailor ", what, " answered ", r.status);
  if (!details.empty()) absl::StrAppend(&msg, ": ", absl::StrJoin(details, "; "));
  switch (r.status) {
    case 401: return absl::UnauthenticatedError(msg);
    case 403: return absl::PermissionDeniedError(msg);
    case 404: return absl::NotFoundError(msg);
    case 400: case 406: case 409: case 415: case 422: return absl::InvalidArgumentError(msg);
    case 429: {
      absl::Status s = absl::ResourceExhaustedError(msg);
      int seconds = 1;
      if (auto it = r.headers.find("retry-after"); it != r.headers.end()) {
        if (!absl::SimpleAtoi(it->second, &seconds) || seconds < 0) seconds = 1;
      }
      SetRetryAfter(s, absl::Seconds(seconds));
      return s;
    }
    default:
      if (r.status >= 500) return absl::UnavailableError(msg);
      return absl::UnknownError(msg);
  }
}

Client::Client(ClientOptions options) : options_(std::move(options)) {
  static CurlGlobal global;
  while (!options_.base_url.empty() && options_.base_url.back() == '/') options_.base_url.pop_back();
}

Client::~Client() {
  for (void* h : handles_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void* Client::TakeHandle() {
  std::lock_guard<std::mutex> lock(mu_);
  if (handles_.empty()) return curl_easy_init();
  void* h = handles_.back();
  handles_.pop_back();
  return h;
}

void Client::GiveHandle(void* handle) {
  std::lock_guard<std::mutex> lock(mu_);
  handles_.push_back(handle);
}

std::string Client::Url(const std::string& path_or_url) const {
  if (path_or_url.rfind("http://", 0) == 0 || path_or_url.rfind("https://", 0) == 0) {
    return std::string(path_or_url);
  }
  return absl::StrCat(options_.base_url, path_or_url);
}

bool Client::HasOpenConnection(void* handle, const std::string& origin) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_origins_.find(handle);
  return it != open_origins_.end() && it->second.count(origin) > 0;
}

void Client::SetOpenConnection(void* handle, const std::string& origin, bool open) {
  std::lock_guard<std::mutex> lock(mu_);
  if (open) {
    open_origins_[handle].insert(origin);
  } else if (auto it = open_origins_.find(handle); it != open_origins_.end()) {
    it->second.erase(origin);
  }
}

absl::StatusOr<Response> Client::Send(const std::string& method, const std::string& url,
                                      const std::vector<std::string>& headers, const std::string& body) {
  bool maybe_resent = false;
  return Exchange(method, url, headers, body, &maybe_resent);
}

absl::StatusOr<Response> Client::Exchange(const std::string& method, const std::string& url,
                                          const std::vector<std::string>& headers, const std::string& body,
                                          bool* maybe_resent) {
  *maybe_resent = false;
  CURL* curl = static_cast<CURL*>(TakeHandle());
    if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
    curl_easy_reset(curl);
    const std::string origin = Origin(url);
    // Not idempotent: never on a reused connection, so libcurl never re-sends it.
    const bool fresh = method == "POST";
    const bool had_open = !fresh && HasOpenConnection(curl, origin);
    if (fresh) {
      curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
      curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
    }
    Response response;
    Sink sink{&response.body, kMaxJsonBytes};
    struct curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    list = curl_slist_append(list, "Expect:");
    const std::string method_text(method);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    if (!body.empty() || method != "GET") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    if (method == "GET") curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    long connects = 0;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    *maybe_resent = had_open && connects > 0;
    auto connection = response.headers.find("connection");
    SetOpenConnection(curl, origin,
                      !fresh && rc == CURLE_OK &&
                          !(connection != response.headers.end() && absl::EqualsIgnoreCase(connection->second, "close")));
    curl_slist_free_all(list);
    GiveHandle(curl);
    if (rc != CURLE_OK) {
      if (sink.overflow) return absl::OutOfRangeError(absl::StrCat(Describe(method, url), ": response too large"));
      if (rc == CURLE_OPERATION_TIMEDOUT) {
        return absl::DeadlineExceededError(absl::StrCat(Describe(method, url), ": timed out"));
      }
      return absl::UnavailableError(absl::StrCat(Describe(method, url), ": ", curl_easy_strerror(rc)));
    }
    return response;
}

void Client::ObserveRateLimit(const std::string& api_key, const Response& r) {
  auto header_seconds = [&](const char* name) -> std::optional<int> {
    auto it = r.headers.find(name);
    int v = 0;
    if (it == r.headers.end() || !absl::SimpleAtoi(it->second, &v)) return std::nullopt;
    return v;
  };
  std::optional<absl::Duration> pause;
  if (r.status == 429) {
    // Without a usable Retry-After: a second, as StatusFromResponse assumes.
    pause = absl::Seconds(std::clamp(header_seconds("retry-after").value_or(1), 1, kMaxPauseSeconds));
  } else if (auto remaining = header_seconds("x-rate-limit-remaining"); remaining && *remaining <= 0) {
    // The budget is spent (someone else may share the key): wait for the reset.
    if (auto reset = header_seconds("x-rate-limit-reset"); reset && *reset > 0) {
      pause = absl::Seconds(std::min(*reset, kMaxPauseSeconds));
    }
  }
  if (!pause) return;
  if (absl::Status s = options_.limiter->Block(api_key, *pause); !s.ok()) {
    // Every later Acquire meets the same database; the request itself is fine.
    log::Warning("rate limit pause not recorded", {{"code", absl::StatusCodeToString(s.code())}});
  }
}

absl::StatusOr<nlohmann::json> Client::Json(const std::string& method, const std::string& what, const std::string& url,
                                            const std::vector<std::string>& headers, const std::string& body,
                                            const std::string& api_key) {
  RequestLimiter* limiter = options_.limiter;
  absl::StatusOr<Response> r;
  for (int attempt = 0;; ++attempt) {
    if (limiter != nullptr) CLARA_RETURN_IF_ERROR(limiter->Acquire(api_key));
    bool maybe_resent = false;
    r = Exchange(method, url, headers, body, &maybe_resent);
    if (maybe_resent && limiter != nullptr) {
      // libcurl may have sent it twice: the second request counts too.
      if (absl::Status s = limiter->Acquire(api_key); !s.ok()) {
        log::Warning("possible re-send not counted in the rate budget", {{"code", absl::StatusCodeToString(s.code())}});
      }
    }
    if (!r.ok() || limiter == nullptr) break;
    ObserveRateLimit(api_key, *r);
    // A 429 was refused before it was processed, so any method may go again
    // once the pause (now shared through the limiter) is over.
    if (r->status != 429 || attempt >= kMaxRateLimitRetries) break;
  }
  if (!r.ok()) {
    // A timeout is retryable like any other unavailability.
    if (absl::IsDeadlineExceeded(r.status())) return absl::UnavailableError(r.status().message());
    return r.status();
  }
  if (auto s = StatusFromResponse(what, *r); !s.ok()) return s;
  if (r->body.empty()) return nlohmann::json::object();
  auto parsed = nlohmann::json::parse(r->body, nullptr, false);
  if (parsed.is_discarded()) {
    return absl::UnavailableError(absl::StrCat("Teamtailor ", what, " answered ", r->status, " with invalid JSON"));
  }
  return parsed;
}

absl::StatusOr<nlohmann::json> Client::Get(const std::string& api_key, const std::string& path_or_url) {
  const std::string url = Url(path_or_url);
  return Json("GET", Describe("GET", url), url,
              {absl::StrCat("Authorization: Token token=", api_key),
               absl::StrCat("X-Api-Version: ", options_.api_version), "Accept: application/vnd.api+json"},
              "", api_key);
}

absl::StatusOr<nlohmann::json> Client::Post(const std::string& api_key, const std::string& path, const nlohmann::json& body) {
  const std::string url = Url(path);
  return Json("POST", Describe("POST", url), url,
              {absl::StrCat("Authorization: Token token=", api_key),
               absl::StrCat("X-Api-Version: ", options_.api_version),
               "Content-Type: application/vnd.api+json", "Accept: application/vnd.api+json"},
              body.dump(), api_key);
}

absl::StatusOr<nlohmann::json> Client::Patch(const std::string& api_key, const std::string& path, const nlohmann::json& body) {
  const std::string url = Url(path);
  return Json("PATCH", Describe("PATCH", url), url,
              {absl::StrCat("Authorization: Token token=", api_key),
               absl::StrCat("X-Api-Version: ", options_.api_version),
               "Content-Type: application/vnd.api+json", "Accept: application/vnd.api+json"},
              body.dump(), api_key);
}

absl::StatusOr<nlohmann::json> Client::PutPartnerResult(const std::string& partner_api_key, const std::string& update_url,
                                                        const nlohmann::json& body) {
  const std::string url(update_url);
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return absl::InvalidArgumentError("partner result update-url is not an http(s) URL");
  }
  return Json("PUT", Describe("PUT", url), url,
              {absl::StrCat("Authorization: Token token=", partner_api_key),
               absl::StrCat("X-Api-Version: ", options_.partner_api_version),
               "Content-Type: application/vnd.api+json", "Accept: application/vnd.api+json"},
              body.dump(), partner_api_key);
}

absl::StatusOr<std::string> Client::Download(const std::string& url, size_t max_bytes) {
  const std::string u(url);
  if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) {
    return absl::InvalidArgumentError("download URL is not http(s)");
  }
  CURL* curl = static_cast<CURL*>(TakeHandle());
  if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
  curl_easy_reset(curl);
  std::string body;
  Sink sink{&body, max_bytes};
  long status = 0;
  curl_easy_setopt(curl, CURLOPT_URL, u.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  SetOpenConnection(curl, Origin(u), rc == CURLE_OK);
  GiveHandle(curl);
  if (sink.overflow) return absl::OutOfRangeError(absl::StrCat("download larger than ", max_bytes, " bytes"));
  if (rc != CURLE_OK) return absl::UnavailableError(absl::StrCat("download: ", curl_easy_strerror(rc)));
  Response r{status, "", {}};
  if (auto s = StatusFromResponse(Describe("GET", u), r); !s.ok()) return s;
  return body;
}

}  // namespace clara::teamtailor
