#include "common/config.h"

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace clara {
namespace {

struct Parsed {
  std::string dsn;
  std::string secret;
  int port = 0;
  bool flag = false;
  double ratio = 0;
  std::vector<std::string> ids;
  absl::Status status;
  std::string usage;
};

Parsed ParseWith(std::vector<const char*> args, std::map<std::string, std::string> env) {
  Parsed p;
  Config c("prog", "test");
  c.String("database_url", &p.dsn, "", "DSN", /*required=*/true);
  c.String("secret_key", &p.secret, "", "key", false, /*secret=*/true);
  c.Int("grpc_port", &p.port, 50051, "port", 0, 65535);
  c.Bool("verbose", &p.flag, false, "verbose");
  c.Double("ratio", &p.ratio, 0.5, "ratio", 0, 1);
  c.List("integrations", &p.ids, "ids");
  args.insert(args.begin(), "prog");
  p.status = c.Parse(static_cast<int>(args.size()), args.data(), [env](const char* n) -> const char* {
    static thread_local std::string v;
    auto it = env.find(n);
    if (it == env.end()) return nullptr;
    v = it->second;
    return v.c_str();
  });
  p.usage = c.Usage();
  return p;
}

TEST(ConfigTest, FlagsEnvAndDefaults) {
  const struct {
    std::vector<const char*> args;
    std::map<std::string, std::string> env;
    absl::StatusCode code;
    int port;
    bool verbose;
    size_t ids;
  } kCases[] = {
      {{"--database_url=postgresql://x"}, {}, absl::StatusCode::kOk, 50051, false, 0},
      {{"--database_url", "postgresql://x", "--grpc_port=1234"}, {}, absl::StatusCode::kOk, 1234, false, 0},
      {{}, {{"CLARA_DATABASE_URL", "postgresql://x"}, {"CLARA_GRPC_PORT", "99"}}, absl::StatusCode::kOk, 99, false, 0},
      // A flag wins over the environment.
      {{"--grpc_port=7", "--database_url=a"}, {{"CLARA_GRPC_PORT", "99"}}, absl::StatusCode::kOk, 7, false, 0},
      {{"--database_url=a", "--verbose"}, {}, absl::StatusCode::kOk, 50051, true, 0},
      {{"--database_url=a", "--integrations= a, ,b"}, {}, absl::StatusCode::kOk, 50051, false, 2},
      {{"--database-url=a"}, {}, absl::StatusCode::kOk, 50051, false, 0},
      {{}, {}, absl::StatusCode::kInvalidArgument, 50051, false, 0},
      {{"--database_url=a", "--grpc_port=70000"}, {}, absl::StatusCode::kInvalidArgument, 50051, false, 0},
      {{"--database_url=a", "--grpc_port=x"}, {}, absl::StatusCode::kInvalidArgument, 50051, false, 0},
      {{"--database_url=a", "--ratio=2"}, {}, absl::StatusCode::kInvalidArgument, 50051, false, 0},
      {{"--database_url=a", "--nope=1"}, {}, absl::StatusCode::kInvalidArgument, 50051, false, 0},
      {{"--database_url=a", "stray"}, {}, absl::StatusCode::kInvalidArgument, 50051, false, 0},
      {{"--help"}, {}, absl::StatusCode::kCancelled, 50051, false, 0},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.args.empty() ? "(no args)" : c.args[0]);
    Parsed p = ParseWith(c.args, c.env);
    EXPECT_EQ(p.status.code(), c.code) << p.status;
    if (c.code == absl::StatusCode::kOk) {
      EXPECT_EQ(p.port, c.port);
      EXPECT_EQ(p.flag, c.verbose);
      EXPECT_EQ(p.ids.size(), c.ids);
    }
  }
}

TEST(ConfigTest, EveryProblemReportedAndSecretsNeverEchoed) {
  Parsed p = ParseWith({"--grpc_port=x", "--ratio=9"}, {});
  ASSERT_EQ(p.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(p.status.message().find("grpc_port"), std::string::npos);
  EXPECT_NE(p.status.message().find("ratio"), std::string::npos);
  EXPECT_NE(p.status.message().find("CLARA_DATABASE_URL"), std::string::npos);
  Parsed s = ParseWith({"--database_url=a", "--secret_key=topsecretvalue"}, {});
  EXPECT_TRUE(s.status.ok());
  EXPECT_EQ(s.secret, "topsecretvalue");
  EXPECT_EQ(s.usage.find("topsecretvalue"), std::string::npos);
  EXPECT_NE(s.usage.find("CLARA_GRPC_PORT"), std::string::npos);
}

}  // namespace
}  // namespace clara
