// Typed configuration from flags and the environment, with validation.
//
// Each option has a flag `--name=value` (or `--name value`) and an
// environment variable `CLARA_NAME` (upper-cased); a flag wins over the
// environment, which wins over the default. Parse() reports every problem at
// once, never echoing the value of a secret option.
//
//   clara::Config config("clara-ingest", "Teamtailor webhook intake");
//   int port;
//   config.Int("grpc_port", &port, 50051, "gRPC port", 0, 65535);
//   if (auto s = config.Parse(argc, argv); !s.ok()) { ... }
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace clara {

class Config {
 public:
  using EnvLookup = std::function<const char*(const char*)>;

  Config(std::string program, std::string description);

  void String(std::string name, std::string* out, std::string default_value, std::string help,
              bool required = false, bool secret = false);
  void Int(std::string name, int* out, int default_value, std::string help, int min, int max);
  void Double(std::string name, double* out, double default_value, std::string help, double min,
              double max);
  void Bool(std::string name, bool* out, bool default_value, std::string help);
  // A comma-separated list; empty entries are dropped.
  void List(std::string name, std::vector<std::string>* out, std::string help);

  // Parses flags and environment. Returns:
  //   kOk; kInvalidArgument listing every bad or missing option; kCancelled
  //   when --help was given (Usage() should then be printed).
  absl::Status Parse(int argc, const char* const* argv, const EnvLookup& env = nullptr);

  // Human-readable list of options with their env names and defaults.
  std::string Usage() const;

  static std::string EnvName(const std::string& name);

 private:
  enum class Type { kString, kInt, kDouble, kBool, kList };
  struct Option {
    std::string name;
    Type type;
    void* out;
    std::string default_text;
    std::string help;
    bool required = false;
    bool secret = false;
    double min = 0, max = 0;
  };
  std::string Assign(const Option& option, const std::string& text) const;

  std::string program_;
  std::string description_;
  std::vector<Option> options_;
};

}  // namespace clara
