// teamtailor-sim: the Teamtailor simulator binary. Wiring only; see README.md.
//   teamtailor-sim serve [--port 0 --partner_base_url http://127.0.0.1:8080/teamtailor ...]
//   teamtailor-sim show|state --url URL
//   teamtailor-sim move --url URL --candidate N --stage NAME
//   teamtailor-sim move-all --url URL --stage NAME
//   teamtailor-sim job-create --url URL --title T --body HTML   (and the other recruiter actions)
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/teamtailor-sim/cli.h"
#include "tools/teamtailor-sim/server.h"

namespace {

using clara::ttsim::Flags;
using clara::ttsim::Json;

constexpr char kUsage[] =
    "usage: teamtailor-sim <command> [flags]\n"
    "  serve      run the simulator (flags: --host --port --port_file --partner_base_url\n"
    "             --public_base_url --webhook_secret --partner_api_key --rate_limit\n"
    "             --rate_window_seconds --resume_url_ttl_seconds --api_version\n"
    "             --partner_api_version --send_api_token --id_seed --fault_seed\n"
    "             --company_webhook_url --company_webhook_secret;\n"
    "             each also from env TTSIM_<FLAG>)\n"
    "  show       --url URL    readable table of what CLARA wrote\n"
    "  state      --url URL    raw /_sim/state JSON\n"
    "  move       --url URL --candidate N --stage NAME [--force true]\n"
    "  move-all   --url URL --stage NAME [--force true]\n"
    "  job-create --url URL --title T [--body HTML --status open --language_code en --tags a,b\n"
    "             --remote_status none --pitch P]\n"
    "  job-update --url URL --job N [--title --body --status --language_code --tags ...]\n"
    "  job-delete --url URL --job N\n"
    "  candidate-create --url URL --first_name F --last_name L --email E [--job N --pitch P]\n"
    "  candidate-update --url URL --candidate N [--pitch P --first_name ... --tags a,b]\n"
    "  candidate-delete --url URL --candidate N\n"
    "  reject     --url URL --application N [--reason R]\n"
    "  company-webhooks --url URL   the company webhooks fired, with bodies\n";

int Fail(const std::string& message) {
  std::cerr << "teamtailor-sim: " << message << "\n";
  return 1;
}

void PrintLine(const Json& j) {
  static std::mutex* mu = new std::mutex();
  std::lock_guard<std::mutex> lock(*mu);
  std::fputs((j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n").c_str(), stdout);
  std::fflush(stdout);
}

int Serve(const std::vector<std::string>& args) {
  absl::StatusOr<Flags> flags = Flags::Parse(
      args, {{"host", "127.0.0.1"},
             {"port", "0"},
             {"port_file", ""},
             {"partner_base_url", ""},
             {"public_base_url", ""},
             {"webhook_secret", "sim-webhook-secret"},
             {"partner_api_key", "sim-partner-key"},
             {"rate_limit", "50"},
             {"rate_window_seconds", "10"},
             {"resume_url_ttl_seconds", "30"},
             {"api_version", "20240404"},
             {"partner_api_version", "20180828"},
             {"send_api_token", "false"},
             {"id_seed", ""},
             {"fault_seed", "1"},
             {"company_webhook_url", ""},
             {"company_webhook_secret", "sim-company-secret"}});
  if (!flags.ok()) return Fail(std::string(flags.status().message()) + "\n" + kUsage);
  clara::ttsim::ServerOptions options;
  options.host = flags->Get("host");
  options.partner_base_url = flags->Get("partner_base_url");
  options.public_base_url = flags->Get("public_base_url");
  options.webhook_secret = flags->Get("webhook_secret");
  options.partner_api_key = flags->Get("partner_api_key");
  options.api_version = flags->Get("api_version");
  options.partner_api_version = flags->Get("partner_api_version");
  options.send_api_token = flags->Get("send_api_token") == "true";
  options.company_webhook_url = flags->Get("company_webhook_url");
  options.company_webhook_secret = flags->Get("company_webhook_secret");
  for (const char* name : {"port", "rate_limit", "rate_window_seconds", "resume_url_ttl_seconds",
                           "fault_seed"}) {
    if (!flags->GetInt(name).ok()) return Fail(std::string(flags->GetInt(name).status().message()));
  }
  int port = static_cast<int>(*flags->GetInt("port"));
  options.rate_limit = static_cast<int>(*flags->GetInt("rate_limit"));
  options.rate_window_seconds = static_cast<int>(*flags->GetInt("rate_window_seconds"));
  options.resume_url_ttl_seconds = static_cast<int>(*flags->GetInt("resume_url_ttl_seconds"));
  options.fault_seed = static_cast<uint64_t>(*flags->GetInt("fault_seed"));
  if (options.rate_limit < 1 || options.rate_window_seconds < 1) {
    return Fail("--rate_limit and --rate_window_seconds must be at least 1");
  }
  if (!flags->Get("id_seed").empty()) {
    uint64_t seed = 0;
    if (!absl::SimpleAtoi(flags->Get("id_seed"), &seed)) return Fail("--id_seed must be a number");
    options.id_seed = seed;
  }
  options.log = PrintLine;

  // Handle SIGINT/SIGTERM synchronously: block them before any thread starts, then sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  clara::ttsim::SimServer server(options);
  if (absl::Status s = server.Start(port); !s.ok()) return Fail(s.ToString());
  if (!flags->Get("port_file").empty()) {
    std::string path = flags->Get("port_file");
    std::string tmp = path + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << server.port() << "\n";
      if (!out) return Fail(absl::StrCat("cannot write ", tmp));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) return Fail(absl::StrCat("cannot write ", path));
  }
  Json listening = Json::object();
  listening["event"] = "listening";
  listening["url"] = server.base_url();
  listening["admin_api_key"] = clara::ttsim::SimServer::admin_api_key();
  listening["integration_key"] = clara::ttsim::SimServer::integration_key();
  PrintLine(listening);

  int sig = 0;
  sigwait(&signals, &sig);
  PrintLine({{"event", "stopping"}, {"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
  server.Stop();
  PrintLine({{"event", "stopped"}});
  return 0;
}

bool IsRecruiterCommand(const std::string& command) {
  for (const char* c : clara::ttsim::kRecruiterCommands) {
    if (command == c) return true;
  }
  return false;
}

int Client(const std::string& command, const std::vector<std::string>& args) {
  std::map<std::string, std::string> defaults = {
      {"url", "http://127.0.0.1:8090"}, {"candidate", ""}, {"stage", ""}, {"force", "false"}};
  for (const char* name : clara::ttsim::kRecruiterFlags) defaults[name] = "";
  absl::StatusOr<Flags> flags = Flags::Parse(args, defaults);
  if (!flags.ok()) return Fail(std::string(flags.status().message()) + "\n" + kUsage);
  const std::string url = flags->Get("url");
  if (IsRecruiterCommand(command)) {
    absl::StatusOr<clara::ttsim::SimCall> call = clara::ttsim::BuildRecruiterCall(command, *flags);
    if (!call.ok()) return Fail(std::string(call.status().message()) + "\n" + kUsage);
    absl::StatusOr<Json> out = clara::ttsim::SimRequest(url, call->method, call->path, call->body);
    if (!out.ok()) return Fail(out.status().ToString());
    std::cout << out->dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (command == "show" || command == "state") {
    absl::StatusOr<Json> state = clara::ttsim::FetchState(url);
    if (!state.ok()) return Fail(state.status().ToString());
    if (command == "state") {
      std::cout << state->dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    } else {
      std::cout << clara::ttsim::FormatStateTable(*state);
    }
    return 0;
  }
  if (flags->Get("stage").empty()) return Fail("--stage is required");
  Json body = {{"stage", flags->Get("stage")}, {"force", flags->Get("force") == "true"}};
  std::string path = "/_sim/move-all";
  if (command == "move") {
    absl::StatusOr<int64_t> candidate = flags->GetInt("candidate");
    if (!candidate.ok()) return Fail("--candidate (a candidate id) is required");
    body["candidate_id"] = *candidate;
    path = "/_sim/move";
  }
  absl::StatusOr<Json> out = clara::ttsim::PostSim(url, path, body);
  if (!out.ok()) return Fail(out.status().ToString());
  std::cout << out->dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "serve") return Serve(args);
  if (command == "show" || command == "state" || command == "move" || command == "move-all" ||
      IsRecruiterCommand(command)) {
    return Client(command, args);
  }
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}
