#include "common/config.h"

#include <cstdlib>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace clara {

Config::Config(std::string program, std::string description)
    : program_(std::move(program)), description_(std::move(description)) {}

void Config::String(std::string name, std::string* out, std::string default_value,
                    std::string help, bool required, bool secret) {
  *out = default_value;
  options_.push_back({std::move(name), Type::kString, out, std::move(default_value),
                      std::move(help), required, secret});
}

void Config::Int(std::string name, int* out, int default_value, std::string help, int min,
                 int max) {
  *out = default_value;
  Option o{std::move(name), Type::kInt, out, absl::StrCat(default_value), std::move(help)};
  o.min = min;
  o.max = max;
  options_.push_back(std::move(o));
}

void Config::Double(std::string name, double* out, double default_value, std::string help,
                    double min, double max) {
  *out = default_value;
  Option o{std::move(name), Type::kDouble, out, absl::StrCat(default_value), std::move(help)};
  o.min = min;
  o.max = max;
  options_.push_back(std::move(o));
}

void Config::Bool(std::string name, bool* out, bool default_value, std::string help) {
  *out = default_value;
  options_.push_back({std::move(name), Type::kBool, out, default_value ? "true" : "false",
                      std::move(help)});
}

void Config::List(std::string name, std::vector<std::string>* out, std::string help) {
  out->clear();
  options_.push_back({std::move(name), Type::kList, out, "", std::move(help)});
}

std::string Config::EnvName(const std::string& name) {
  return "CLARA_" + absl::AsciiStrToUpper(name);
}

// Returns an error message, or "" when the text was assigned.
std::string Config::Assign(const Option& option, const std::string& text) const {
  const std::string shown = option.secret ? "(secret)" : absl::StrCat("\"", text, "\"");
  switch (option.type) {
    case Type::kString:
      *static_cast<std::string*>(option.out) = text;
      return "";
    case Type::kInt: {
      int v;
      if (!absl::SimpleAtoi(text, &v)) return absl::StrCat("--", option.name, ": ", shown, " is not an integer");
      if (v < option.min || v > option.max)
        return absl::StrCat("--", option.name, ": ", v, " is outside ", option.min, "..", option.max);
      *static_cast<int*>(option.out) = v;
      return "";
    }
    case Type::kDouble: {
      double v;
      if (!absl::SimpleAtod(text, &v)) return absl::StrCat("--", option.name, ": ", shown, " is not a number");
      if (v < option.min || v > option.max)
        return absl::StrCat("--", option.name, ": ", v, " is outside ", option.min, "..", option.max);
      *static_cast<double*>(option.out) = v;
      return "";
    }
    case Type::kBool: {
      bool v;
      if (!absl::SimpleAtob(text, &v)) return absl::StrCat("--", option.name, ": ", shown, " is not true/false");
      *static_cast<bool*>(option.out) = v;
      return "";
    }
    case Type::kList: {
      std::vector<std::string> items;
      for (absl::string_view part : absl::StrSplit(text, ',')) {
        part = absl::StripAsciiWhitespace(part);
        if (!part.empty()) items.emplace_back(part);
      }
      *static_cast<std::vector<std::string>*>(option.out) = std::move(items);
      return "";
    }
  }
  return "unknown option type";
}

absl::Status Config::Parse(int argc, const char* const* argv, const EnvLookup& env) {
  EnvLookup lookup = env ? env : [](const char* n) -> const char* { return std::getenv(n); };
  std::map<std::string, std::string> flags;
  std::vector<std::string> problems;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") return absl::CancelledError("help requested");
    if (arg.rfind("--", 0) != 0) {
      problems.push_back(absl::StrCat("unexpected argument \"", arg, "\""));
      continue;
    }
    arg = arg.substr(2);
    std::string name, value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else {
      name = arg;
      bool is_bool = false;
      for (const auto& o : options_) is_bool |= (o.name == name && o.type == Type::kBool);
      if (is_bool) {
        value = "true";
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        problems.push_back(absl::StrCat("--", name, " needs a value"));
        continue;
      }
    }
    std::replace(name.begin(), name.end(), '-', '_');
    flags[name] = value;
  }
  for (const auto& [name, value] : flags) {
    bool known = false;
    for (const auto& o : options_) known |= (o.name == name);
    if (!known) problems.push_back(absl::StrCat("unknown flag --", name));
  }
  for (const auto& o : options_) {
    std::string text;
    bool given = false;
    if (auto it = flags.find(o.name); it != flags.end()) {
      text = it->second;
      given = true;
    } else if (const char* e = lookup(EnvName(o.name).c_str()); e != nullptr) {
      text = e;
      given = true;
    }
    if (given) {
      if (std::string err = Assign(o, text); !err.empty()) problems.push_back(err);
    }
    if (o.required && o.type == Type::kString && static_cast<std::string*>(o.out)->empty()) {
      problems.push_back(absl::StrCat("--", o.name, " (or ", EnvName(o.name), ") is required: ", o.help));
    }
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(program_, ": ", absl::StrJoin(problems, "; ")));
  }
  return absl::OkStatus();
}

std::string Config::Usage() const {
  std::string out = absl::StrCat(program_, " - ", description_, "\n\nOptions (flag / environment):\n");
  for (const auto& o : options_) {
    absl::StrAppend(&out, "  --", o.name, " / ", EnvName(o.name));
    if (o.required) absl::StrAppend(&out, " (required)");
    else if (!o.secret && !o.default_text.empty()) absl::StrAppend(&out, " (default ", o.default_text, ")");
    absl::StrAppend(&out, "\n      ", o.help, "\n");
  }
  return out;
}

}  // namespace clara
