#include "common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace clara::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};
std::mutex g_mu;
std::string& Service() {
  static std::string* s = new std::string("clara");
  return *s;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarning: return "warning";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

void Init(std::string_view service, Level min_level) {
  std::lock_guard<std::mutex> lock(g_mu);
  Service() = std::string(service);
  g_min_level = static_cast<int>(min_level);
}

bool ParseLevel(std::string_view text, Level* level) {
  if (text == "debug") *level = Level::kDebug;
  else if (text == "info") *level = Level::kInfo;
  else if (text == "warning" || text == "warn") *level = Level::kWarning;
  else if (text == "error") *level = Level::kError;
  else return false;
  return true;
}

void Write(Level level, std::string_view message, nlohmann::json fields) {
  if (static_cast<int>(level) < g_min_level.load()) return;
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = LevelName(level);
  {
    std::lock_guard<std::mutex> lock(g_mu);
    line["service"] = Service();
  }
  line["msg"] = std::string(message);
  if (fields.is_object()) {
    for (auto& [k, v] : fields.items()) line[k] = v;
  }
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  std::lock_guard<std::mutex> lock(g_mu);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace clara::log
