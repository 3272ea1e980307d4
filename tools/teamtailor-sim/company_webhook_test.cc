// Company webhooks and the recruiter actions that fire them: the v2 signature verified over the
// raw bytes of the received "payload" member, which change fires which event, tag changes firing
// nothing, deleted candidates and jobs vanishing from /v1, reject-reason validation, the
// updated-at filter, the standard stages of created jobs, notes and custom field value listings,
// and the recruiter CLI calls. In-process over real HTTP (server_test_util.h).
#include "tools/teamtailor-sim/company_webhook.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/teamtailor-sim/cli.h"
#include "tools/teamtailor-sim/server_test_util.h"

namespace clara::ttsim {
namespace {

constexpr char kCompanySecret[] = "sim-company-secret";

// hex(HMAC_SHA256(key, message)) straight from OpenSSL, independent of the simulator's helper.
std::string ReferenceHmacHex(const std::string& key, const std::string& message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) absl::StrAppend(&hex, absl::Hex(out[i], absl::kZeroPad2));
  return hex;
}

// The raw text of member `key` of the top-level object in `body`, byte for byte, found by scanning
// tokens (strings with escapes, nesting) as a receiver must — no parse and re-serialize. Handles
// object, array and string values.
std::optional<std::string> RawMember(const std::string& body, const std::string& key) {
  const size_t n = body.size();
  auto skip_string = [&](size_t i) {  // i at the opening quote; returns the index past the closing one
    for (++i; i < n && body[i] != '"'; ++i) {
      if (body[i] == '\\') ++i;
    }
    return i + 1;
  };
  auto skip_ws = [&](size_t i) {
    while (i < n && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) ++i;
    return i;
  };
  int depth = 0;
  for (size_t i = 0; i < n;) {
    const char c = body[i];
    if (c == '"') {
      const size_t end = skip_string(i);
      const bool is_key = depth == 1 && body.compare(i, end - i, absl::StrCat("\"", key, "\"")) == 0;
      size_t j = skip_ws(end);
      if (is_key && j < n && body[j] == ':') {
        const size_t start = skip_ws(j + 1);
        size_t k = start;
        int d = 0;
        do {
          if (k >= n) return std::nullopt;
          if (body[k] == '"') {
            k = skip_string(k);
            continue;
          }
          if (body[k] == '{' || body[k] == '[') ++d;
          if (body[k] == '}' || body[k] == ']') --d;
          ++k;
        } while (d > 0);
        return body.substr(start, k - start);
      }
      i = end;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    ++i;
  }
  return std::nullopt;
}

// Verifies TT-Signature v2 over `raw_payload`; sets *t to the signed time.
bool VerifyV2(const std::string& secret, const std::string& header, const std::string& raw_payload,
              int64_t* t) {
  std::string decoded;
  if (!absl::Base64Unescape(header, &decoded)) return false;
  std::vector<std::string> parts = absl::StrSplit(decoded, ',');
  if (parts.size() != 2 || !absl::StartsWith(parts[0], "t=") || !absl::StartsWith(parts[1], "v2=")) {
    return false;
  }
  const std::string ts = parts[0].substr(2);
  if (!absl::SimpleAtoi(ts, t)) return false;
  return parts[1].substr(3) == ReferenceHmacHex(secret, absl::StrCat(ts, ".", raw_payload));
}

std::vector<std::string> EventNames(const Json& list) {
  std::vector<std::string> out;
  for (const Json& e : list) out.push_back(e.is_string() ? e.get<std::string>() : e["event_name"].get<std::string>());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pure functions.

TEST(CompanyWebhookTest, EventNames) {
  const struct {
    const char* type;
    const char* action;
    const char* want;
  } kCases[] = {
      {"jobs", "create", "job.create"},
      {"candidates", "destroy", "candidate.destroy"},
      {"job-applications", "update", "job_application.update"},
      {"notes", "create", ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.want);
    EXPECT_EQ(CompanyWebhookEventName(c.type, c.action), c.want);
  }
}

TEST(CompanyWebhookTest, BodySplicesTheSignedPayloadTextUnchanged) {
  Resource r;
  r.type = "candidates";
  r.id = "42";
  r.attributes = {{"first-name", "Åsa"}, {"pitch", "C++ & \"Go\" </script> – 100%"}};
  r.relationships = {{"job-applications", true, {{"job-applications", "7"}}},
                     {"notes", true, {{"notes", "1"}}}};
  const std::string payload = CompanyWebhookPayloadText("candidate.update", CompanyWebhookData(r));
  EXPECT_EQ(payload,
            R"({"event_name":"candidate.update","data":{"id":"42","type":"candidates","attributes":)"
            R"({"first-name":"Åsa","pitch":"C++ & \"Go\" </script> – 100%"},"relationships":)"
            R"({"job-applications":{"data":[{"type":"job-applications","id":"7"}]}}}})");
  const std::string signature = CompanyWebhookSignature("secret", 1767225600, payload);
  std::string decoded;
  ASSERT_TRUE(absl::Base64Unescape(signature, &decoded));
  EXPECT_EQ(decoded, absl::StrCat("t=1767225600,v2=",
                                  ReferenceHmacHex("secret", absl::StrCat("1767225600.", payload))));
  const std::string body = CompanyWebhookBody(payload, signature);
  EXPECT_EQ(body, absl::StrCat(R"({"payload":)", payload, R"(,"signature":")", signature, R"("})"));
  EXPECT_EQ(RawMember(body, "payload"), payload);
  int64_t t = 0;
  EXPECT_TRUE(VerifyV2("secret", signature, *RawMember(body, "payload"), &t));
  EXPECT_FALSE(VerifyV2("other", signature, *RawMember(body, "payload"), &t));
}

// ---------------------------------------------------------------------------------------------
// Over HTTP.

class CompanyWebhookServerTest : public SimServerTest {
 protected:
  void StartWithCompanyWebhooks(const std::string& url) {
    ServerOptions o;
    o.rate_limit = 100000;
    o.company_webhook_url = url;
    StartServer(o);
  }
  Json Fired() { return server_->State()["company_webhooks"]; }
  HttpResponse V1(const std::string& method, const std::string& path, const Json& body) {
    return Call(method, path, TokenAuth(kAdminReadWriteKey), body.dump());
  }
};

TEST_F(CompanyWebhookServerTest, V2SignatureVerifiesOverTheRawPayloadBytes) {
  Receiver clara(200, "");
  StartWithCompanyWebhooks(clara.base_url() + "/company-webhook");
  // Non-ASCII, quotes, an HTML closing tag and a slash: any re-serialization could differ.
  const std::string pitch = "Ny pitch – åäö \"citat\" </script> 50/50";
  HttpResponse r = Sim("PATCH", "/_sim/candidates/54321", {{"pitch", pitch}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["company_webhooks"], Json({"candidate.update"}));
  EXPECT_EQ(r.json()["data"]["attributes"]["pitch"], pitch);
  ASSERT_TRUE(clara.WaitForHits(1));
  const Receiver::Hit hit = clara.hits()[0];

  EXPECT_EQ(hit.path, "/teamtailor/company-webhook");
  EXPECT_EQ(hit.header("Content-Type"), "application/json");
  EXPECT_EQ(hit.header("Authorization"), absl::StrCat("Bearer ", kIntegrationKey));
  const std::string header = hit.header("TT-Signature");
  std::optional<std::string> raw = RawMember(hit.body, "payload");
  ASSERT_TRUE(raw.has_value()) << hit.body;
  int64_t t = 0;
  EXPECT_TRUE(VerifyV2(kCompanySecret, header, *raw, &t)) << header << "\n" << *raw;
  EXPECT_EQ(t, absl::ToUnixSeconds(clock_.Now()));
  EXPECT_FALSE(VerifyV2("wrong-secret", header, *raw, &t));
  std::string tampered = *raw;
  tampered.replace(tampered.find("54321"), 5, "54322");
  EXPECT_FALSE(VerifyV2(kCompanySecret, header, tampered, &t));

  const Json body = Json::parse(hit.body);
  EXPECT_EQ(body["signature"], header);  // the body repeats the header
  ASSERT_EQ(body.size(), 2u);
  const Json& payload = body["payload"];
  EXPECT_EQ(payload["event_name"], "candidate.update");
  EXPECT_EQ(payload["data"]["id"], "54321");
  EXPECT_EQ(payload["data"]["type"], "candidates");
  EXPECT_EQ(payload["data"]["attributes"]["pitch"], pitch);
  EXPECT_EQ(payload["data"]["attributes"]["first-name"], "Elin");
  EXPECT_EQ(payload["data"]["attributes"]["email"], "elin.bergstrom@example.com");
  EXPECT_EQ(payload["data"]["relationships"]["job-applications"]["data"][0]["id"], "9001");

  ASSERT_TRUE(PollUntil([&] { return Fired()[0]["outcome"] == "sent"; }));
  EXPECT_EQ(Fired()[0]["status_code"], 200);
  EXPECT_EQ(Fired()[0]["event_name"], "candidate.update");
  EXPECT_EQ(Fired()[0]["resource_id"], "54321");
  Json detail = Sim("GET", "/_sim/company-webhooks").json()["company_webhooks"];
  ASSERT_EQ(detail.size(), 1u);
  EXPECT_EQ(detail[0]["raw_body"], hit.body);
  EXPECT_EQ(detail[0]["signature"], header);
  EXPECT_EQ(detail[0]["body"]["payload"]["event_name"], "candidate.update");

  // The job-application payload links its job and stage.
  ASSERT_EQ(Sim("POST", "/_sim/move", {{"candidate_id", 54321}, {"stage", "Interview"}}).status, 200);
  ASSERT_TRUE(clara.WaitForHits(2));
  const Receiver::Hit moved = clara.hits()[1];
  ASSERT_TRUE(VerifyV2(kCompanySecret, moved.header("TT-Signature"), *RawMember(moved.body, "payload"), &t));
  const Json data = Json::parse(moved.body)["payload"]["data"];
  EXPECT_EQ(data["type"], "job-applications");
  EXPECT_EQ(data["id"], "9001");
  EXPECT_EQ(data["relationships"]["job"]["data"], (Json{{"type", "jobs"}, {"id", "12345"}}));
  EXPECT_EQ(data["relationships"]["stage"]["data"]["id"], std::to_string(StageId(0, 3)));
  EXPECT_EQ(data["relationships"]["candidate"]["data"]["id"], "54321");
  EXPECT_TRUE(data["relationships"]["reject-reason"]["data"].is_null());
}

TEST_F(CompanyWebhookServerTest, EachChangeFiresTheRightEventAndTagChangesFireNothing) {
  Receiver clara(200, "");
  StartWithCompanyWebhooks(clara.base_url() + "/company-webhook");
  auto stage_patch = [](const std::string& app, int64_t stage) {
    return Json{{"data",
                 {{"id", app},
                  {"type", "job-applications"},
                  {"relationships", {{"stage", {{"data", {{"type", "stages"}, {"id", std::to_string(stage)}}}}}}}}}};
  };
  const Json custom_field_value = {
      {"data",
       {{"type", "custom-field-values"},
        {"attributes", {{"value", "82"}}},
        {"relationships",
         {{"custom-field", {{"data", {{"type", "custom-fields"}, {"id", "4"}}}}},
          {"owner", {{"data", {{"type", "candidates"}, {"id", "54321"}}}}}}}}}};
  const Json note = {{"data",
                      {{"type", "notes"},
                       {"attributes", {{"note", "CLARA [clara:1]"}}},
                       {"relationships", {{"candidate", {{"data", {{"type", "candidates"}, {"id", "54321"}}}}}}}}}};
  const struct {
    const char* name;
    std::function<HttpResponse()> act;
    int want_status;
    std::vector<std::string> want_events;
    std::vector<std::string> want_ids;
  } kCases[] = {
      {"create job",
       [&] {
         return Sim("POST", "/_sim/jobs",
                    {{"title", "Fleet Data Analyst"}, {"body", "<p>SQL and Python.</p>"}, {"language-code", "en"}});
       },
       201, {"job.create"}, {"12350"}},
      {"update job", [&] { return Sim("PATCH", "/_sim/jobs/12345", {{"title", "Staff Backend Engineer"}}); }, 200,
       {"job.update"}, {"12345"}},
      {"create candidate applying to a job",
       [&] {
         return Sim("POST", "/_sim/candidates",
                    {{"first_name", "Nora"}, {"last_name", "Lind"}, {"email", "nora.lind@example.com"},
                     {"job_id", 12350}});
       },
       201, {"candidate.create", "job_application.create"}, {"54335", "9015"}},
      {"recruiter edits the pitch", [&] { return Sim("PATCH", "/_sim/candidates/54322", {{"pitch", "New pitch"}}); },
       200, {"candidate.update"}, {"54322"}},
      {"recruiter edits only tags", [&] { return Sim("PATCH", "/_sim/candidates/54322", {{"tags", {"vip"}}}); }, 200,
       {}, {}},
      {"reject with a reason",
       [&] { return Sim("POST", "/_sim/applications/9003/reject", {{"reject_reason_id", 51}}); }, 200,
       {"job_application.update"}, {"9003"}},
      {"recruiter stage move", [&] { return Sim("POST", "/_sim/move", {{"candidate_id", 54323}, {"stage", "Offer"}}); },
       200, {"job_application.update"}, {"9003"}},
      {"API stage move", [&] { return V1("PATCH", "/v1/job-applications/9004", stage_patch("9004", StageId(0, 2))); },
       200, {"job_application.update"}, {"9004"}},
      {"API move to the current stage", [&] {
         return V1("PATCH", "/v1/job-applications/9004", stage_patch("9004", StageId(0, 2)));
       }, 200, {}, {}},
      {"API reject",
       [&] {
         return V1("PATCH", "/v1/job-applications/9005",
                   {{"data", {{"id", "9005"}, {"type", "job-applications"},
                              {"attributes", {{"rejected-at", "2026-01-01T00:00:00Z"}}}}}});
       },
       200, {"job_application.update"}, {"9005"}},
      {"API tag write (CLARA's tags)",
       [&] {
         return V1("PATCH", "/v1/candidates/54321",
                   {{"data", {{"id", "54321"}, {"type", "candidates"},
                              {"attributes", {{"tags", {"referral", "clara:top-fit"}}}}}}});
       },
       200, {}, {}},
      {"API pitch write",
       [&] {
         return V1("PATCH", "/v1/candidates/54321",
                   {{"data", {{"id", "54321"}, {"type", "candidates"}, {"attributes", {{"pitch", "x"}}}}}});
       },
       200, {"candidate.update"}, {"54321"}},
      {"API custom field value", [&] { return V1("POST", "/v1/custom-field-values", custom_field_value); }, 201, {}, {}},
      {"API note", [&] { return V1("POST", "/v1/notes", note); }, 201, {}, {}},
      {"candidate applies to a second job",
       [&] { return Sim("POST", "/_sim/applications", {{"candidate_id", 54321}, {"job_id", 12346}}); }, 201,
       {"job_application.create"}, {"9016"}},
      {"delete candidate",
       [&] { return Sim("DELETE", "/_sim/candidates/54326"); }, 200,
       {"job_application.destroy", "candidate.destroy"}, {"9006", "54326"}},
      {"delete job",
       [&] { return Sim("DELETE", "/_sim/jobs/12347"); }, 200,
       {"job_application.destroy", "job_application.destroy", "job_application.destroy",
        "job_application.destroy", "job.destroy"},
       {"9011", "9012", "9013", "9014", "12347"}},
  };
  size_t total = 0;
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = c.act();
    ASSERT_EQ(r.status, c.want_status) << r.body;
    // Webhooks are recorded before the request is answered (and delivered later).
    Json fired = Fired();
    std::vector<std::string> names, ids;
    for (size_t i = total; i < fired.size(); ++i) {
      names.push_back(fired[i]["event_name"]);
      ids.push_back(fired[i]["resource_id"]);
    }
    EXPECT_EQ(names, c.want_events);
    EXPECT_EQ(ids, c.want_ids);
    if (r.json().contains("company_webhooks")) {
      EXPECT_EQ(EventNames(r.json()["company_webhooks"]), c.want_events);
    }
    total = fired.size();
  }
  // Every recorded webhook arrives once, in firing order, correctly signed.
  ASSERT_TRUE(clara.WaitForHits(total));
  ASSERT_TRUE(PollUntil([&] {
    for (const Json& w : Fired()) {
      if (w["outcome"] != "sent") return false;
    }
    return true;
  }));
  std::vector<Receiver::Hit> hits = clara.hits();
  ASSERT_EQ(hits.size(), total);
  for (size_t i = 0; i < total; ++i) {
    int64_t t = 0;
    std::optional<std::string> raw = RawMember(hits[i].body, "payload");
    ASSERT_TRUE(raw.has_value());
    EXPECT_TRUE(VerifyV2(kCompanySecret, hits[i].header("TT-Signature"), *raw, &t)) << i;
    EXPECT_EQ(Json::parse(*raw)["event_name"], Fired()[i]["event_name"]) << i;
  }
}

TEST_F(CompanyWebhookServerTest, DeliveryOutcomesAreRecordedWithoutRetries) {
  const struct {
    const char* name;
    int status;  // 0: nobody listens
    std::string body;
    std::string want_outcome;
    std::string want_message;
  } kCases[] = {
      {"2xx", 204, "", "sent", ""},
      {"failure", 500, "boom", "failed", "boom"},
      {"nobody listening", 0, "", "failed", "connection error"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    std::optional<Receiver> clara;
    std::string url = "http://127.0.0.1:1/company-webhook";
    if (c.status != 0) {
      clara.emplace(c.status, c.body);
      url = clara->base_url() + "/company-webhook";
    }
    StartWithCompanyWebhooks(url);
    ASSERT_EQ(Sim("PATCH", "/_sim/jobs/12345", {{"pitch", "New pitch"}}).status, 200);
    ASSERT_TRUE(PollUntil([&] { return Fired()[0]["outcome"] != "queued"; }));
    Json w = Fired()[0];
    EXPECT_EQ(w["outcome"], c.want_outcome);
    EXPECT_EQ(w["status_code"], c.status);
    EXPECT_TRUE(absl::StartsWith(w["message"].get<std::string>(), c.want_message)) << w["message"];
    if (clara) {
      EXPECT_EQ(clara->hits().size(), 1u);
    }
    server_->Stop();
    server_.reset();
  }
}

TEST_F(CompanyWebhookServerTest, OffByDefault) {
  StartServerWithHighLimit();
  HttpResponse r = Sim("PATCH", "/_sim/jobs/12345", {{"title", "Renamed"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["company_webhooks"], Json::array());
  EXPECT_EQ(Fired(), Json::array());
  EXPECT_EQ(Sim("GET", "/_sim/company-webhooks").json()["company_webhooks"], Json::array());
}

TEST_F(CompanyWebhookServerTest, DestroyedCandidateIsGoneFromV1) {
  Receiver clara(200, "");
  StartWithCompanyWebhooks(clara.base_url() + "/company-webhook");
  const std::string result_id = SimMove(54321, "CLARA screening")["partner_result_id"];
  ASSERT_EQ(V1("POST", "/v1/notes",
               {{"data", {{"type", "notes"}, {"attributes", {{"note", "x"}}},
                          {"relationships", {{"candidate", {{"data", {{"type", "candidates"}, {"id", "54321"}}}}}}}}}})
                .status,
            201);
  ASSERT_EQ(V1("POST", "/v1/notes",
               {{"data", {{"type", "notes"}, {"attributes", {{"note", "stays"}}},
                          {"relationships", {{"candidate", {{"data", {{"type", "candidates"}, {"id", "54322"}}}}}}}}}})
                .status,
            201);

  HttpResponse r = Sim("DELETE", "/_sim/candidates/54321");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["deleted"], true);
  EXPECT_EQ(r.json()["data"]["id"], "54321");
  EXPECT_EQ(r.json()["job_applications"], Json({9001}));
  const struct {
    const char* path;
    int want;
  } kGone[] = {
      {"/v1/candidates/54321", 404},
      {"/v1/job-applications/9001", 404},
      {"/v1/candidates/54321/notes", 404},
  };
  for (const auto& c : kGone) {
    SCOPED_TRACE(c.path);
    EXPECT_EQ(Get(c.path).status, c.want);
  }
  HttpResponse mirror = Get("/v1/partner-results?filter[candidate]=54321");
  ASSERT_EQ(mirror.status, 200) << mirror.body;
  EXPECT_EQ(mirror.json()["data"].size(), 0u);
  // Every page of a documented list, with the relation included: nothing of 54321 is left.
  const struct {
    const char* path;
    const char* relation;
  } kLists[] = {
      {"/v1/notes?include=candidate&page[size]=30", "candidate"},
      {"/v1/answers?include=candidate&page[size]=30", "candidate"},
      {"/v1/job-applications?include=candidate&page[size]=30", "candidate"},
      {"/v1/custom-field-values?include=owner&page[size]=30", "owner"},
  };
  const std::string origin = absl::StrCat("http://127.0.0.1:", server_->port());
  for (const auto& c : kLists) {
    SCOPED_TRACE(c.path);
    std::string next = c.path;
    int records = 0;
    for (int pages = 0; !next.empty() && pages < 50; ++pages) {
      HttpResponse list = Get(next);
      ASSERT_EQ(list.status, 200) << list.body;
      const Json doc = list.json();
      for (const Json& d : doc["data"]) {
        ++records;
        const Json& data = d["relationships"][c.relation]["data"];
        ASSERT_TRUE(data.is_object()) << d.dump();
        EXPECT_FALSE(data["id"] == "54321" && data["type"] == "candidates") << d.dump();
      }
      next = doc["links"].contains("next") ? doc["links"]["next"].get<std::string>().substr(origin.size()) : "";
    }
    EXPECT_GT(records, 0);
  }
  Json candidates = Get("/v1/candidates?page[size]=30").json();
  for (const Json& d : candidates["data"]) EXPECT_NE(d["id"], "54321");
  EXPECT_EQ(PartnerPut(result_id, {{"status", "completed"}}).status, 404);
  EXPECT_EQ(Sim("POST", "/_sim/move", {{"candidate_id", 54321}, {"stage", "Inbox"}}).status, 404);
  EXPECT_EQ(Sim("DELETE", "/_sim/candidates/54321").status, 404);
  EXPECT_TRUE(CandidateState(54321).is_null());

  // candidate.destroy carries who to erase.
  // job_application.update (the move), job_application.destroy, candidate.destroy.
  ASSERT_TRUE(clara.WaitForHits(3));
  Json destroy;
  for (const Receiver::Hit& h : clara.hits()) {
    if (h.path != "/teamtailor/company-webhook") continue;
    Json p = Json::parse(h.body)["payload"];
    if (p["event_name"] == "candidate.destroy") destroy = p;
  }
  ASSERT_FALSE(destroy.is_null());
  EXPECT_EQ(destroy["data"]["id"], "54321");
  EXPECT_EQ(destroy["data"]["type"], "candidates");
  EXPECT_EQ(destroy["data"]["attributes"]["email"], "elin.bergstrom@example.com");
}

TEST_F(CompanyWebhookServerTest, JobsHaveTheStandardStagesAndCreatedJobsWorkEndToEnd) {
  Receiver clara(200, "");
  ServerOptions o;
  o.rate_limit = 100000;
  o.partner_base_url = clara.base_url();
  StartServer(o);
  const std::vector<std::string> kNames = {"Inbox", "CLARA screening", "Phone screen",
                                           "Interview", "Offer", "Hired"};
  HttpResponse created = Sim(
      "POST", "/_sim/jobs",
      {{"title", "Transportplanerare"},
       {"body", "<p>Vi söker en transportplanerare. Krav: 3 års erfarenhet av TMS.</p>"},
       {"language_code", "sv"},
       {"remote_status", "hybrid"},
       {"tags", {"transport", "planering"}},
       {"location_ids", {22}},
       {"questions",
        {301,
         {{"title", "Har du C-körkort?"}, {"question_type", "Boolean"}, {"mandatory", true}},
         {{"title", "Vilka TMS?"}, {"question_type", "Choice"}, {"alternatives", {"Alpega", "Transporeon"}},
          {"multiple", true}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string job_id = created.json()["data"]["id"];
  EXPECT_EQ(created.json()["data"]["attributes"]["status"], "open");
  EXPECT_EQ(created.json()["data"]["attributes"]["language-code"], "sv");
  std::vector<std::string> names;
  const Json created_json = created.json();
  for (const Json& s : created_json["stages"]) names.push_back(s["name"]);
  EXPECT_EQ(names, kNames);
  EXPECT_NE(created.json()["stages"][1]["trigger_id"], 0);

  // Seeded and created jobs alike: the six stages, readable one by one.
  for (const std::string& id : {std::string("12345"), std::string("12348"), std::string("12349"), job_id}) {
    SCOPED_TRACE(id);
    HttpResponse stages = Get(absl::StrCat("/v1/jobs/", id, "/stages"));
    ASSERT_EQ(stages.status, 200) << stages.body;
    std::vector<std::string> got;
    const Json list = stages.json();
    for (const Json& s : list["data"]) {
      got.push_back(s["attributes"]["name"]);
      HttpResponse one = Get(absl::StrCat("/v1/stages/", s["id"].get<std::string>(), "/job"));
      ASSERT_EQ(one.status, 200) << one.body;
      EXPECT_EQ(one.json()["data"]["id"], id);
    }
    EXPECT_EQ(got, kNames);
  }
  HttpResponse job = Get(absl::StrCat("/v1/jobs/", job_id, "?include=picked-questions,questions,locations"));
  ASSERT_EQ(job.status, 200) << job.body;
  EXPECT_EQ(job.json()["data"]["relationships"]["picked-questions"]["data"].size(), 3u);
  EXPECT_EQ(job.json()["data"]["relationships"]["locations"]["data"][0]["id"], "22");
  bool listed = false;
  const Json jobs = Get("/v1/jobs?page[size]=30").json();
  for (const Json& j : jobs["data"]) listed = listed || j["id"] == job_id;
  EXPECT_TRUE(listed);

  // A candidate applying to it and moved into its trigger stage fires a partner event.
  HttpResponse cand = Sim("POST", "/_sim/candidates",
                          {{"first_name", "Nora"}, {"last_name", "Lind"}, {"email", "nora@example.com"},
                           {"job_id", std::stoll(job_id)},
                           {"resume", "# Nora Lind\n## Erfarenhet\n- Transportplanerare, 4 år, Alpega TMS"}});
  ASSERT_EQ(cand.status, 201) << cand.body;
  EXPECT_EQ(cand.json()["job_application"]["relationships"]["stage"]["data"]["id"],
            created.json()["stages"][0]["id"].dump());
  const int64_t candidate_id = std::stoll(cand.json()["data"]["id"].get<std::string>());
  Json moved = SimMove(candidate_id, "CLARA screening");
  ASSERT_EQ(moved["fired"], true);
  ASSERT_TRUE(clara.WaitForHits(1));
  Json event = Json::parse(clara.hits()[0].body)["partner-event"];
  EXPECT_EQ(event["candidate"]["job"]["id"], std::stoll(job_id));
  EXPECT_EQ(event["candidate"]["job"]["stage"], "CLARA screening");
  EXPECT_EQ(event["candidate"]["questions"], Json::array());  // picked, but not answered
  const std::string resume_url = event["candidate"]["resume"]["url"];
  EXPECT_EQ(client_->Get(resume_url.substr(server_->base_url().size()))->status, 200);

  const struct {
    const char* name;
    Json body;
    int want;
  } kInvalid[] = {
      {"no title", {{"body", "x"}}, 400},
      {"blank title", {{"title", " "}}, 400},
      {"bad status", {{"title", "x"}, {"status", "published"}}, 400},
      {"bad remote status", {{"title", "x"}, {"remote_status", "sometimes"}}, 400},
      {"unknown field", {{"title", "x"}, {"salary", 1}}, 400},
      {"unknown question", {{"title", "x"}, {"questions", {999}}}, 400},
      {"unknown location", {{"title", "x"}, {"location_ids", {99}}}, 400},
      {"choice without alternatives",
       {{"title", "x"}, {"questions", {{{"title", "q"}, {"question_type", "Choice"}}}}}, 400},
  };
  for (const auto& c : kInvalid) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Sim("POST", "/_sim/jobs", c.body).status, c.want);
  }
  EXPECT_EQ(Sim("PATCH", "/_sim/jobs/1", {{"title", "x"}}).status, 404);
  EXPECT_EQ(Sim("PATCH", "/_sim/jobs/12345", {{"questions", {301}}}).status, 400);
  EXPECT_EQ(Sim("POST", "/_sim/candidates", {{"first_name", "A"}, {"last_name", "B"},
                                             {"email", "ELIN.bergstrom@example.com"}}).status,
            409);
  EXPECT_EQ(Sim("POST", "/_sim/applications", {{"candidate_id", 54321}, {"job_id", 12345}}).status, 409);
}

TEST_F(CompanyWebhookServerTest, UpdatedAtFilterReturnsJobsChangedAtOrAfter) {
  StartServerWithHighLimit();
  auto ids = [&](const std::string& query) {
    HttpResponse r = Get(absl::StrCat("/v1/jobs?", query));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const Json list = r.json();
    for (const Json& j : list["data"]) out.push_back(j["id"]);
    return out;
  };
  const std::string start = "2026-01-01T00:00:00Z";  // the fake clock's start; seeds are older
  EXPECT_EQ(ids(absl::StrCat("filter[updated-at][from]=", start)), std::vector<std::string>{});
  clock_.Advance(absl::Hours(1));
  ASSERT_EQ(Sim("PATCH", "/_sim/jobs/12346", {{"body", "<p>Ny annons.</p>"}}).status, 200);
  ASSERT_EQ(Sim("PATCH", "/_sim/jobs/12348", {{"title", "Senior Product Designer"}}).status, 200);  // draft
  clock_.Advance(absl::Hours(1));
  ASSERT_EQ(Sim("PATCH", "/_sim/jobs/12347", {{"status", "open"}}).status, 200);

  const struct {
    const char* name;
    std::string query;
    std::vector<std::string> want;
  } kCases[] = {
      {"from the start", absl::StrCat("filter[updated-at][from]=", start), {"12346", "12347"}},
      {"exactly at the first update", "filter[updated-at][from]=2026-01-01T01:00:00.000%2B00:00",
       {"12346", "12347"}},
      {"after the first update", "filter[updated-at][from]=2026-01-01T01:00:01Z", {"12347"}},
      {"with an offset", "filter[updated-at][from]=2026-01-01T02:30:00%2B01:00", {"12347"}},
      {"all statuses", absl::StrCat("filter[status]=all&filter[updated-at][from]=", start),
       {"12346", "12347", "12348"}},
      {"newest first", absl::StrCat("filter[status]=all&sort=-updated-at&filter[updated-at][from]=", start),
       {"12347", "12346", "12348"}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ids(c.query), c.want);
  }
  HttpResponse job = Get("/v1/jobs/12346");
  EXPECT_EQ(job.json()["data"]["attributes"]["updated-at"], "2026-01-01T01:00:00.000+00:00");
  EXPECT_EQ(job.json()["data"]["attributes"]["body"], "<p>Ny annons.</p>");
  EXPECT_EQ(Get("/v1/jobs?filter[updated-at][from]=yesterday").status, 400);
  // The contract lists [from] only.
  EXPECT_EQ(Get("/v1/jobs?filter[updated-at][to]=2026-01-01T00:00:00Z").status, 400);

  // A deleted job is gone from /v1.
  ASSERT_EQ(Sim("DELETE", "/_sim/jobs/12346").status, 200);
  EXPECT_EQ(Get("/v1/jobs/12346").status, 404);
  EXPECT_EQ(Get(absl::StrCat("/v1/stages/", StageId(1, 1))).status, 404);
  EXPECT_EQ(Get("/v1/job-applications/9007").status, 404);
  EXPECT_EQ(ids(absl::StrCat("filter[updated-at][from]=", start)), std::vector<std::string>{"12347"});
  EXPECT_EQ(Sim("DELETE", "/_sim/jobs/12346").status, 404);
}

TEST_F(CompanyWebhookServerTest, RejectReasonsAreListedAndValidated) {
  StartServerWithHighLimit();
  HttpResponse reasons = Get("/v1/reject-reasons");
  ASSERT_EQ(reasons.status, 200) << reasons.body;
  ASSERT_EQ(reasons.json()["data"].size(), 4u);
  EXPECT_EQ(reasons.json()["data"][0]["id"], "51");
  EXPECT_EQ(reasons.json()["data"][0]["attributes"]["reason"], "Not qualified");
  EXPECT_EQ(Get("/v1/reject-reasons/54").json()["data"]["attributes"]["reason"], "Failed knock-out question");
  EXPECT_EQ(Get("/v1/reject-reasons", kPublicKey).status, 403);

  auto reject = [&](const Json& reason) {
    Json body = {{"data",
                  {{"id", "9004"},
                   {"type", "job-applications"},
                   {"attributes", {{"rejected-at", "2026-01-01T09:00:00Z"}}},
                   {"relationships", {{"reject-reason", {{"data", reason}}}}}}}};
    return Call("PATCH", "/v1/job-applications/9004", TokenAuth(kAdminReadWriteKey), body.dump());
  };
  const struct {
    const char* name;
    Json reason;
    int want;
    const char* pointer;
  } kCases[] = {
      {"unknown id", {{"type", "reject-reasons"}, {"id", "999"}}, 422, "/data/relationships/reject-reason"},
      {"numeric id", {{"type", "reject-reasons"}, {"id", 51}}, 422, "/data/relationships/reject-reason/data"},
      {"wrong type", {{"type", "stages"}, {"id", "51"}}, 422, "/data/relationships/reject-reason/data/type"},
      {"known reason", {{"type", "reject-reasons"}, {"id", "54"}}, 200, ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = reject(c.reason);
    EXPECT_EQ(r.status, c.want) << r.body;
    if (c.want == 422) {
      EXPECT_EQ(r.json()["errors"][0]["source"]["pointer"], c.pointer);
      EXPECT_EQ(CandidateState(54324)["rejected"], false);  // nothing stored
    }
  }
  EXPECT_EQ(CandidateState(54324)["applications"][0]["reject_reason_id"], 54);
  HttpResponse app = Get("/v1/job-applications/9004?include=reject-reason");
  EXPECT_EQ(app.json()["data"]["relationships"]["reject-reason"]["data"]["id"], "54");
  EXPECT_EQ(app.json()["included"][0]["attributes"]["reason"], "Failed knock-out question");

  EXPECT_EQ(Sim("POST", "/_sim/applications/9005/reject", {{"reject_reason_id", 999}}).status, 400);
  EXPECT_EQ(Sim("POST", "/_sim/applications/1/reject", {{"reject_reason_id", 51}}).status, 404);
  HttpResponse sim_reject = Sim("POST", "/_sim/applications/9005/reject", {{"reject_reason_id", "52"}});
  ASSERT_EQ(sim_reject.status, 200) << sim_reject.body;
  EXPECT_EQ(sim_reject.json()["data"]["attributes"]["rejected-at"], "2026-01-01T00:00:00.000+00:00");
  EXPECT_EQ(sim_reject.json()["data"]["relationships"]["reject-reason"]["data"]["id"], "52");
}

TEST_F(CompanyWebhookServerTest, NotesAndCustomFieldValuesAreListedWithIds) {
  StartServerWithHighLimit();
  const std::string marker = "[clara:result:6f1c]";
  HttpResponse note = Call(
      "POST", "/v1/notes", TokenAuth(kAdminReadWriteKey),
      Json{{"data", {{"type", "notes"}, {"attributes", {{"note", absl::StrCat("CLARA: 6/7 met ", marker)}}},
                     {"relationships", {{"candidate", {{"data", {{"type", "candidates"}, {"id", "54321"}}}}}}}}}}
          .dump());
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(Get("/v1/notes?filter[candidate]=54321").status, 400);  // not in the contract
  for (const char* path : {"/v1/candidates/54321/notes", "/v1/candidates/54321/notes?page[size]=30"}) {
    SCOPED_TRACE(path);
    Json list = Get(path).json();
    ASSERT_EQ(list["data"].size(), 1u);
    EXPECT_EQ(list["data"][0]["id"], note.json()["data"]["id"]);
    EXPECT_TRUE(absl::StrContains(list["data"][0]["attributes"]["note"].get<std::string>(), marker));
  }

  // An owner's values come through the owner's relationship (filters on custom-field-values
  // are not in the contract); include=custom-field names each value's field.
  const struct {
    const char* name;
    std::string path;
    std::vector<std::string> want_ids;
  } kCases[] = {
      {"a candidate's", "/v1/candidates/54321/custom-field-values?include=custom-field", {"60004"}},
      {"a job's", "/v1/jobs/12345/custom-field-values?include=custom-field", {"60001"}},
      {"none", "/v1/candidates/54334/custom-field-values?include=custom-field", {}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = Get(c.path);
    ASSERT_EQ(r.status, 200) << r.body;
    std::vector<std::string> got;
    const Json list = r.json();
    for (const Json& v : list["data"]) {
      got.push_back(v["id"]);
      EXPECT_TRUE(v["relationships"]["custom-field"]["data"]["id"].is_string()) << v.dump();
      EXPECT_FALSE(v["relationships"]["owner"].contains("data")) << v.dump();
    }
    EXPECT_EQ(got, c.want_ids);
  }
  for (const char* query : {"filter[owner-id]=54321&filter[owner-type]=candidates", "filter[owner]=54321",
                            "filter[custom-field]=4", "filter[field-type]=CustomField::Number"}) {
    SCOPED_TRACE(query);
    EXPECT_EQ(Get(absl::StrCat("/v1/custom-field-values?", query)).status, 400);
  }
  HttpResponse values = Get("/v1/candidates/54321/custom-field-values");
  EXPECT_EQ(values.json()["data"][0]["attributes"]["value"], 12);
  HttpResponse included = Get("/v1/candidates/54321?include=custom-field-values");
  ASSERT_EQ(included.status, 200);
  EXPECT_EQ(included.json()["included"][0]["id"], "60004");
  EXPECT_EQ(included.json()["included"][0]["type"], "custom-field-values");
  EXPECT_EQ(Get("/v1/custom-field-values?filter[owner-name]=x").status, 400);
}

TEST_F(CompanyWebhookServerTest, RecruiterCliCalls) {
  StartServerWithHighLimit();
  std::map<std::string, std::string> defaults = {{"url", ""}, {"candidate", ""}};
  for (const char* name : kRecruiterFlags) defaults[name] = "";
  auto call = [&](const std::string& command, const std::vector<std::string>& args) {
    absl::StatusOr<Flags> flags = Flags::Parse(args, defaults);
    EXPECT_TRUE(flags.ok()) << flags.status();
    return BuildRecruiterCall(command, *flags);
  };
  const struct {
    const char* command;
    std::vector<std::string> args;
    std::string method, path;
    Json body;
  } kCases[] = {
      {"job-create", {"--title", "Driver", "--body", "<p>B</p>", "--tags", "a, b"}, "POST", "/_sim/jobs",
       {{"title", "Driver"}, {"body", "<p>B</p>"}, {"tags", {"a", "b"}}}},
      {"job-update", {"--job", "12345", "--status", "draft"}, "PATCH", "/_sim/jobs/12345", {{"status", "draft"}}},
      {"job-delete", {"--job", "12349"}, "DELETE", "/_sim/jobs/12349", nullptr},
      {"candidate-create", {"--first_name", "A", "--last_name", "B", "--email", "a@example.com", "--job", "12345"},
       "POST", "/_sim/candidates",
       {{"first_name", "A"}, {"last_name", "B"}, {"email", "a@example.com"}, {"job_id", 12345}}},
      {"candidate-update", {"--candidate", "54322", "--pitch", "P"}, "PATCH", "/_sim/candidates/54322",
       {{"pitch", "P"}}},
      {"candidate-delete", {"--candidate", "54323"}, "DELETE", "/_sim/candidates/54323", nullptr},
      {"reject", {"--application", "9002", "--reason", "53"}, "POST", "/_sim/applications/9002/reject",
       {{"reject_reason_id", 53}}},
      {"company-webhooks", {}, "GET", "/_sim/company-webhooks", nullptr},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.command);
    absl::StatusOr<SimCall> built = call(c.command, c.args);
    ASSERT_TRUE(built.ok()) << built.status();
    EXPECT_EQ(built->method, c.method);
    EXPECT_EQ(built->path, c.path);
    EXPECT_EQ(built->body, c.body);
    absl::StatusOr<Json> out = SimRequest(server_->base_url(), built->method, built->path, built->body);
    EXPECT_TRUE(out.ok()) << out.status();
  }
  EXPECT_EQ(Get("/v1/candidates/54323").status, 404);
  EXPECT_EQ(Get("/v1/jobs/12345").json()["data"]["attributes"]["status"], "draft");
  EXPECT_FALSE(call("job-create", {}).ok());
  EXPECT_FALSE(call("candidate-delete", {}).ok());
  EXPECT_FALSE(call("job-delete", {"--job", "x"}).ok());
  EXPECT_FALSE(SimRequest(server_->base_url(), "DELETE", "/_sim/candidates/1", nullptr).ok());
}

}  // namespace
}  // namespace clara::ttsim
