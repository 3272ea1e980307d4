// Structured logs: one JSON object per line on stdout.
//
// Never log secrets, personal data or raw bodies; log ids (event id, work
// item id, integration id) and outcomes.
//
//   clara::log::Info("webhook accepted", {{"event_id", id}, {"outcome", "stored"}});
#pragma once

#include <string_view>

#include "nlohmann/json.hpp"

namespace clara::log {

enum class Level { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Sets the process-wide minimum level and the "service" field of every line.
void Init(std::string_view service, Level min_level);
// Parses "debug|info|warning|error"; returns false on anything else.
bool ParseLevel(std::string_view text, Level* level);

void Write(Level level, std::string_view message, nlohmann::json fields = nlohmann::json::object());
inline void Debug(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kDebug, m, std::move(f)); }
inline void Info(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kInfo, m, std::move(f)); }
inline void Warning(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kWarning, m, std::move(f)); }
inline void Error(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kError, m, std::move(f)); }

}  // namespace clara::log
