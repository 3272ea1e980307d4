// Implementation of cli.h.
#include "tools/teamtailor-sim/cli.h"

#include <httplib.h>

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tools/teamtailor-sim/webhook_sender.h"

namespace clara::ttsim {
namespace {

std::string Normalise(std::string name) { return absl::StrReplaceAll(name, {{"-", "_"}}); }

// Width in terminal columns, counting one per UTF-8 code point.
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Fit(const std::string& s, size_t width) {
  if (Width(s) <= width) return s + std::string(width - Width(s), ' ');
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (n == width - 1) break;
      ++n;
    }
    out.push_back(s[i]);
  }
  return out + "…";
}

std::string Text(const Json& j) {
  if (j.is_null()) return "-";
  if (j.is_string()) return j.get<std::string>();
  return j.dump();
}

absl::StatusOr<Json> ParseAnswer(const httplib::Result& res, const std::string& what) {
  if (!res) {
    return absl::UnavailableError(absl::StrCat(what, ": ", httplib::to_string(res.error())));
  }
  Json body = Json::parse(res->body, nullptr, false);
  if (res->status >= 300 || body.is_discarded()) {
    std::string msg = body.is_object() && body.contains("error") ? Text(body["error"]) : res->body;
    return absl::UnknownError(absl::StrCat(what, ": HTTP ", res->status, ": ", msg));
  }
  return body;
}

}  // namespace

absl::StatusOr<Flags> Flags::Parse(const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& defaults) {
  Flags f;
  std::map<std::string, std::string> known;
  for (const auto& [k, v] : defaults) known[Normalise(k)] = v;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (!absl::StartsWith(a, "--")) return absl::InvalidArgumentError(absl::StrCat("unexpected argument: ", a));
    a = a.substr(2);
    std::string name, value;
    size_t eq = a.find('=');
    if (eq != std::string::npos) {
      name = Normalise(a.substr(0, eq));
      value = a.substr(eq + 1);
    } else {
      name = Normalise(a);
      if (i + 1 >= args.size()) return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
      value = args[++i];
    }
    if (!known.count(name)) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    f.values_[name] = value;
  }
  for (const auto& [name, def] : known) {
    if (f.values_.count(name)) continue;
    const char* env = std::getenv(absl::StrCat("TTSIM_", absl::AsciiStrToUpper(name)).c_str());
    f.values_[name] = env != nullptr ? env : def;
  }
  return f;
}

std::string Flags::Get(const std::string& name) const {
  auto it = values_.find(Normalise(name));
  return it == values_.end() ? "" : it->second;
}

absl::StatusOr<int64_t> Flags::GetInt(const std::string& name) const {
  int64_t v = 0;
  if (!absl::SimpleAtoi(Get(name), &v)) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, " must be an integer, got '", Get(name), "'"));
  }
  return v;
}

absl::StatusOr<Json> FetchState(const std::string& url) {
  auto [origin, path] = SplitUrl(url);
  if (origin.empty()) return absl::InvalidArgumentError(absl::StrCat("bad --url: ", url));
  httplib::Client client(origin);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  std::string prefix = path == "/" ? "" : path;
  return ParseAnswer(client.Get(absl::StrCat(prefix, "/_sim/state")), "GET /_sim/state");
}

absl::StatusOr<Json> PostSim(const std::string& url, const std::string& sim_path, const Json& body) {
  return SimRequest(url, "POST", sim_path, body);
}

absl::StatusOr<Json> SimRequest(const std::string& url, const std::string& method,
                                const std::string& sim_path, const Json& body) {
  auto [origin, path] = SplitUrl(url);
  if (origin.empty()) return absl::InvalidArgumentError(absl::StrCat("bad --url: ", url));
  httplib::Client client(origin);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  std::string prefix = path == "/" ? "" : path;
  httplib::Request req;
  req.method = method;
  req.path = absl::StrCat(prefix, sim_path);
  if (!body.is_null()) {
    req.body = body.dump();
    req.headers.emplace("Content-Type", "application/json");
  }
  return ParseAnswer(client.send(req), absl::StrCat(method, " ", sim_path));
}

absl::StatusOr<SimCall> BuildRecruiterCall(const std::string& command, const Flags& flags) {
  auto id = [&](const char* name) -> absl::StatusOr<int64_t> {
    absl::StatusOr<int64_t> v = flags.GetInt(name);
    if (!v.ok() || *v <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("--", name, " (an id) is required"));
    }
    return v;
  };
  // Copies the given (non-empty) flags into the body; tags become a list.
  auto fields = [&](std::initializer_list<const char*> names) {
    Json body = Json::object();
    for (const char* name : names) {
      std::string v = flags.Get(name);
      if (v.empty()) continue;
      if (std::string(name) == "tags") {
        Json tags = Json::array();
        for (absl::string_view t : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
          tags.push_back(std::string(absl::StripAsciiWhitespace(t)));
        }
        body[name] = tags;
      } else {
        body[name] = v;
      }
    }
    return body;
  };
  const auto kJobFields = {"title", "body", "status", "language_code", "tags", "remote_status", "pitch"};
  const auto kCandidateFields = {"first_name", "last_name", "email", "pitch", "tags"};
  if (command == "job-create") {
    if (flags.Get("title").empty()) return absl::InvalidArgumentError("--title is required");
    return SimCall{"POST", "/_sim/jobs", fields(kJobFields)};
  }
  if (command == "job-update" || command == "job-delete") {
    absl::StatusOr<int64_t> job = id("job");
    if (!job.ok()) return job.status();
    std::string path = absl::StrCat("/_sim/jobs/", *job);
    if (command == "job-delete") return SimCall{"DELETE", path, nullptr};
    return SimCall{"PATCH", path, fields(kJobFields)};
  }
  if (command == "candidate-create") {
    for (const char* name : {"first_name", "last_name", "email"}) {
      if (flags.Get(name).empty()) return absl::InvalidArgumentError(absl::StrCat("--", name, " is required"));
    }
    Json body = fields(kCandidateFields);
    if (!flags.Get("job").empty()) {
      absl::StatusOr<int64_t> job = id("job");
      if (!job.ok()) return job.status();
      body["job_id"] = *job;
    }
    return SimCall{"POST", "/_sim/candidates", body};
  }
  if (command == "candidate-update" || command == "candidate-delete") {
    absl::StatusOr<int64_t> candidate = id("candidate");
    if (!candidate.ok()) return candidate.status();
    std::string path = absl::StrCat("/_sim/candidates/", *candidate);
    if (command == "candidate-delete") return SimCall{"DELETE", path, nullptr};
    return SimCall{"PATCH", path, fields(kCandidateFields)};
  }
  if (command == "reject") {
    absl::StatusOr<int64_t> application = id("application");
    if (!application.ok()) return application.status();
    Json body = Json::object();
    if (!flags.Get("reason").empty()) {
      absl::StatusOr<int64_t> reason = id("reason");
      if (!reason.ok()) return reason.status();
      body["reject_reason_id"] = *reason;
    }
    return SimCall{"POST", absl::StrCat("/_sim/applications/", *application, "/reject"), body};
  }
  if (command == "company-webhooks") return SimCall{"GET", "/_sim/company-webhooks", nullptr};
  return absl::InvalidArgumentError(absl::StrCat("unknown command ", command));
}

std::string FormatStateTable(const Json& state) {
  struct Column {
    const char* title;
    size_t width;
  };
  const Column kColumns[] = {{"ID", 6},    {"CANDIDATE", 20}, {"JOB", 28},   {"STAGE", 16},
                             {"SCORE", 5}, {"GRADE", 16},     {"TAGS", 30},  {"RESULT", 10}};
  std::vector<std::string> lines;
  std::vector<std::string> header;
  for (const Column& c : kColumns) header.push_back(Fit(c.title, c.width));
  lines.push_back(absl::StrJoin(header, "  "));
  for (const Json& c : state.value("candidates", Json::array())) {
    Json latest = Json::object();
    if (c.contains("partner_results") && !c["partner_results"].empty()) latest = c["partner_results"].back();
    Json score = latest.value("score", Json(nullptr));
    if (score.is_null() && c.contains("custom_fields") && c["custom_fields"].contains("clara-score")) {
      score = c["custom_fields"]["clara-score"]["value"];
    }
    std::string stage = c.contains("stage") ? Text(c["stage"]["name"]) : "-";
    if (c.value("rejected", false)) stage += " (rejected)";
    std::vector<std::string> tags;
    for (const Json& t : c.value("tags", Json::array())) tags.push_back(Text(t));
    std::vector<std::string> row = {
        Text(c["id"]),
        Text(c["name"]),
        c.contains("job") ? Text(c["job"]["title"]) : "-",
        stage,
        Text(score),
        Text(latest.value("grade", Json(nullptr))),
        tags.empty() ? "-" : absl::StrJoin(tags, ","),
        latest.contains("status") ? Text(latest["status"]) : "-"};
    std::vector<std::string> cells;
    for (size_t i = 0; i < row.size(); ++i) cells.push_back(Fit(row[i], kColumns[i].width));
    lines.push_back(absl::StrJoin(cells, "  "));
  }
  const Json rl = state.value("rate_limit", Json::object());
  lines.push_back("");
  lines.push_back(absl::StrCat("rate limit: ", Text(rl.value("limit", Json(nullptr))), " per ",
                               Text(rl.value("window_seconds", Json(nullptr))),
                               " s; most requests by one key in a window: ",
                               Text(rl.value("max_requests_in_window", Json(nullptr)))));
  for (auto& line : lines) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
  }
  return absl::StrJoin(lines, "\n") + "\n";
}

}  // namespace clara::ttsim
