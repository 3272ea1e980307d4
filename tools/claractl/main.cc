// claractl: the admin CLI over the suite's gRPC APIs.
//
//   claractl connect --api_key K --integration_key K [--company NAME] [--region eu|na|au]
//   claractl integration --integration ID
//   claractl disconnect --integration ID
//   claractl screenings --integration ID [--job N] [--page_size N]
//   claractl explain --integration ID --screening ID
//   claractl delivery --integration ID --screening ID
//
// Addresses: --ingest (CLARA_INGEST_ADDR, default localhost:50051),
// --screening (CLARA_SCREENING_ADDR, localhost:50052), --writeback
// (CLARA_WRITEBACK_ADDR, localhost:50053). Keys may come from the
// environment (CLARA_API_KEY, CLARA_INTEGRATION_KEY) to keep them out of
// shell history.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clara/integrations/v1/integrations.grpc.pb.h"
#include "clara/screening/v1/screening.grpc.pb.h"
#include "clara/writeback/v1/writeback.grpc.pb.h"

namespace {

constexpr char kUsage[] =
    "usage: claractl <command> [--flag=value ...]\n"
    "  connect      --api_key K --integration_key K [--company NAME] [--region eu|na|au]\n"
    "  integration  --integration ID\n"
    "  disconnect   --integration ID\n"
    "  screenings   --integration ID [--job N] [--page_size N]\n"
    "  explain      --integration ID --screening ID\n"
    "  delivery     --integration ID --screening ID\n"
    "global: --ingest HOST:PORT --screening_addr HOST:PORT --writeback HOST:PORT --json\n";

struct Args {
  std::string command;
  std::map<std::string, std::string> flags;
  std::string Get(const std::string& name, const char* env = nullptr, const std::string& def = "") const {
    if (auto it = flags.find(name); it != flags.end()) return it->second;
    if (env != nullptr) {
      if (const char* v = std::getenv(env); v != nullptr) return v;
    }
    return def;
  }
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "claractl: %s\n", message.c_str());
  return 2;
}

int RpcFail(const grpc::Status& s) {
  static const char* kNames[] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
                                 "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
                                 "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
                                 "UNAUTHENTICATED"};
  const int code = static_cast<int>(s.error_code());
  std::fprintf(stderr, "claractl: %s: %s\n", code >= 0 && code <= 16 ? kNames[code] : "ERROR",
               s.error_message().c_str());
  return 1;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

std::shared_ptr<grpc::Channel> Channel(const std::string& addr) {
  return grpc::CreateChannel(addr, grpc::InsecureChannelCredentials());
}

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

void PrintIntegration(const clara::integrations::v1::Integration& i) {
  std::printf("integration  %s\ncompany      %s\nstatus       %s\nevents       %lld\nscreenings   %lld\n",
              i.id().c_str(), i.company_name().c_str(),
              clara::integrations::v1::IntegrationStatus_Name(i.status()).c_str(),
              static_cast<long long>(i.event_count()), static_cast<long long>(i.screening_count()));
}

std::string GradeShort(clara::screening::v1::Grade g) {
  std::string n = clara::screening::v1::Grade_Name(g);
  return n.substr(std::string("GRADE_").size());
}

}  // namespace

int main(int argc, char** argv) {
  namespace iv1 = clara::integrations::v1;
  namespace sv1 = clara::screening::v1;
  namespace wv1 = clara::writeback::v1;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  Args args;
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) return Fail(absl::StrCat("unexpected argument \"", a, "\"\n", kUsage));
    a = a.substr(2);
    auto eq = a.find('=');
    if (eq != std::string::npos) args.flags[a.substr(0, eq)] = a.substr(eq + 1);
    else if (a == "json") args.flags[a] = "true";
    else if (i + 1 < argc) args.flags[a] = argv[++i];
    else return Fail(absl::StrCat("--", a, " needs a value"));
  }
  const bool json = args.Get("json") == "true";
  const std::string ingest = args.Get("ingest", "CLARA_INGEST_ADDR", "localhost:50051");
  const std::string screening = args.Get("screening_addr", "CLARA_SCREENING_ADDR", "localhost:50052");
  const std::string writeback = args.Get("writeback", "CLARA_WRITEBACK_ADDR", "localhost:50053");
  const std::string integration = args.Get("integration", "CLARA_INTEGRATION_ID");

  if (args.command == "connect") {
    iv1::ConnectRequest req;
    req.set_api_key(args.Get("api_key", "CLARA_API_KEY"));
    req.set_integration_key(args.Get("integration_key", "CLARA_INTEGRATION_KEY"));
    req.set_company_name(args.Get("company"));
    const std::string region = args.Get("region", nullptr, "eu");
    req.set_region(region == "na" ? clara::common::v1::REGION_NA
                   : region == "au" ? clara::common::v1::REGION_AU
                                    : clara::common::v1::REGION_EU);
    iv1::ConnectResponse resp;
    auto s = iv1::IntegrationService::NewStub(Channel(ingest))->Connect(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) std::puts(Json(resp).c_str());
    else {
      std::puts("Connected. Teamtailor accepted the API key (Admin, read+write).");
      PrintIntegration(resp.integration());
    }
    return 0;
  }
  if (integration.empty()) return Fail("--integration ID is required (printed by `claractl connect`)");
  if (args.command == "integration" || args.command == "disconnect") {
    iv1::Integration out;
    grpc::Status s;
    auto stub = iv1::IntegrationService::NewStub(Channel(ingest));
    if (args.command == "integration") {
      iv1::GetIntegrationRequest req;
      req.set_integration_id(integration);
      iv1::GetIntegrationResponse resp;
      s = stub->GetIntegration(Context().get(), req, &resp);
      out = resp.integration();
    } else {
      iv1::DisconnectRequest req;
      req.set_integration_id(integration);
      iv1::DisconnectResponse resp;
      s = stub->Disconnect(Context().get(), req, &resp);
      out = resp.integration();
    }
    if (!s.ok()) return RpcFail(s);
    if (json) std::puts(Json(out).c_str());
    else PrintIntegration(out);
    return 0;
  }
  if (args.command == "screenings") {
    sv1::ListScreeningsRequest req;
    req.set_integration_id(integration);
    req.set_job_id(std::atoll(args.Get("job", nullptr, "0").c_str()));
    req.set_page_size(std::atoi(args.Get("page_size", nullptr, "50").c_str()));
    req.set_page_token(args.Get("page_token"));
    sv1::ListScreeningsResponse resp;
    auto s = sv1::ScreeningService::NewStub(Channel(screening))->ListScreenings(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) {
      std::puts(Json(resp).c_str());
      return 0;
    }
    std::printf("%-36s  %9s  %6s  %5s  %-16s  %s\n", "SCREENING", "CANDIDATE", "JOB", "SCORE", "GRADE", "SUMMARY");
    for (const auto& sc : resp.screenings()) {
      std::printf("%-36s  %9lld  %6lld  %5d  %-16s  %s\n", sc.id().c_str(), static_cast<long long>(sc.candidate_id()),
                  static_cast<long long>(sc.job_id()), sc.result().score(), GradeShort(sc.result().grade()).c_str(),
                  sc.result().summary().c_str());
    }
    if (!resp.next_page_token().empty()) std::printf("more: --page_token=%s\n", resp.next_page_token().c_str());
    return 0;
  }
  const std::string screening_id = args.Get("screening");
  if (screening_id.empty()) return Fail("--screening ID is required (see `claractl screenings`)");
  if (args.command == "explain") {
    sv1::ExplainScreeningRequest req;
    req.set_integration_id(integration);
    req.set_screening_id(screening_id);
    sv1::ExplainScreeningResponse resp;
    auto s = sv1::ScreeningService::NewStub(Channel(screening))->ExplainScreening(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    std::fputs(json ? Json(resp).c_str() : resp.explanation().c_str(), stdout);
    return 0;
  }
  if (args.command == "delivery") {
    wv1::GetDeliveryRequest req;
    req.set_integration_id(integration);
    req.set_screening_id(screening_id);
    wv1::GetDeliveryResponse resp;
    auto s = wv1::WritebackService::NewStub(Channel(writeback))->GetDelivery(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) {
      std::puts(Json(resp).c_str());
      return 0;
    }
    std::printf("delivery %s: %s\n", screening_id.c_str(), resp.delivery().state().c_str());
    for (const auto& op : resp.delivery().operations()) {
      std::printf("  %-30s %-24s attempts=%d %s\n", wv1::OperationKind_Name(op.kind()).c_str(),
                  wv1::OperationState_Name(op.state()).c_str(), op.attempts(), op.last_error().c_str());
    }
    return 0;
  }
  return Fail(absl::StrCat("unknown command \"", args.command, "\"\n", kUsage));
}
