// In-process tests of the simulator over real HTTP: a SimServer on port 0 with a fake clock, a
// cpp-httplib client, and (for partner events) a small receiving server standing in for CLARA.
// Waiting is done by polling with a deadline, never by sleeping a fixed time.
#include "tools/teamtailor-sim/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/teamtailor-sim/cli.h"
#include "tools/teamtailor-sim/crypto.h"
#include "tools/teamtailor-sim/seed.h"
#include "tools/teamtailor-sim/server_test_util.h"

namespace clara::ttsim {
namespace {

constexpr char kVersion406Body[] =
    R"({"errors":[{"status":406,"title":"Invalid/Missing API Version","detail":"Please provide a correct API version in the X-Api-Version header. Current version is: 20240404"}]})";

// ---------------------------------------------------------------------------------------------
// Authentication, version, media type, scopes.

TEST_F(SimServerTest, MissingOrUnknownKeyIs401WithEmptyBody) {
  StartServerWithHighLimit();
  const struct {
    const char* name;
    std::string authorization;
    int want;
  } kCases[] = {
      {"no header", "", 401},
      {"unknown key", "Token token=not-a-key", 401},
      {"bearer scheme", absl::StrCat("Bearer ", kAdminReadWriteKey), 401},
      {"token without token=", absl::StrCat("Token ", kAdminReadWriteKey), 401},
      {"partner key is not an API key", "Token token=sim-partner-key", 401},
      {"valid admin key", TokenAuth(kAdminReadWriteKey), 200},
      {"valid quoted key", absl::StrCat("Token token=\"", kAdminReadWriteKey, "\""), 200},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = Call("GET", "/v1/jobs", c.authorization);
    EXPECT_EQ(r.status, c.want);
    if (c.want == 401) {
      EXPECT_EQ(r.body, "");
      EXPECT_FALSE(r.has_header("X-Rate-Limit-Limit"));
    }
  }
}

TEST_F(SimServerTest, ApiVersionIsRequiredExactAndEchoed) {
  StartServerWithHighLimit();
  const struct {
    const char* name;
    std::string version;
    int want;
  } kCases[] = {
      {"missing", "", 406},
      {"partner version", kPartnerVersion, 406},
      {"dashed date", "2024-04-04", 406},
      {"current", kVersion, 200},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = Call("GET", "/v1/jobs", TokenAuth(kAdminReadWriteKey), "", "", c.version);
    EXPECT_EQ(r.status, c.want);
    EXPECT_EQ(r.header("X-Api-Version"), kVersion);
    if (c.want == 406) {
      EXPECT_EQ(r.body, kVersion406Body);
    }
  }
}

TEST_F(SimServerTest, WritesNeedExactlyTheJsonApiMediaType) {
  StartServerWithHighLimit();
  const std::string body = R"({"data":{"id":"54321","type":"candidates","attributes":{"tags":["x"]}}})";
  const struct {
    const char* content_type;
    int want;
  } kCases[] = {
      {"application/vnd.api+json; charset=utf-8", 415},
      {"application/vnd.api+json;charset=UTF-8", 415},
      {"application/json", 415},
      {"", 415},
      {"application/vnd.api+json", 200},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.content_type);
    HttpResponse r = Call("PATCH", "/v1/candidates/54321", TokenAuth(kAdminReadWriteKey), body, c.content_type);
    EXPECT_EQ(r.status, c.want) << r.body;
    if (c.want == 415) {
      EXPECT_EQ(r.json()["errors"][0]["status"], "415");
    }
  }
}

TEST_F(SimServerTest, ScopesAreEnforcedAndCheckedBeforeValidation) {
  StartServerWithHighLimit();
  const std::string invalid_note = R"({"data":{"type":"notes","attributes":{}}})";
  const std::string tags = R"({"data":{"id":"54321","type":"candidates","attributes":{"tags":["a"]}}})";
  const struct {
    const char* name;
    const char* key;
    const char* method;
    const char* path;
    std::string body;
    int want;
  } kCases[] = {
      {"public reads jobs", kPublicKey, "GET", "/v1/jobs", "", 200},
      {"public reads a job", kPublicKey, "GET", "/v1/jobs/12345", "", 200},
      {"public cannot read candidates", kPublicKey, "GET", "/v1/candidates", "", 403},
      {"public cannot read a candidate", kPublicKey, "GET", "/v1/candidates/54321", "", 403},
      {"public cannot read stages", kPublicKey, "GET", "/v1/jobs/12345/stages", "", 403},
      {"public cannot include stages", kPublicKey, "GET", "/v1/jobs/12345?include=stages", "", 403},
      {"public cannot read applications", kPublicKey, "GET", "/v1/job-applications/9001", "", 403},
      {"internal cannot read notes", kInternalKey, "GET", "/v1/notes", "", 403},
      {"internal cannot read answers", kInternalKey, "GET", "/v1/answers?filter[candidate]=54321", "", 403},
      {"internal reads users", kInternalKey, "GET", "/v1/users", "", 200},
      {"admin read-only reads candidates", kAdminReadOnlyKey, "GET", "/v1/candidates", "", 200},
      {"admin read-only: invalid write is 403", kAdminReadOnlyKey, "POST", "/v1/notes", invalid_note, 403},
      {"admin read-only: garbage write is 403", kAdminReadOnlyKey, "POST", "/v1/notes", "not json", 403},
      {"admin read-only: valid write is 403", kAdminReadOnlyKey, "PATCH", "/v1/candidates/54321", tags, 403},
      {"admin read-write: invalid write is 422", kAdminReadWriteKey, "POST", "/v1/notes", invalid_note, 422},
      {"public write is 403", kPublicKey, "PATCH", "/v1/candidates/54321", tags, 403},
      {"internal read-write cannot write candidates", kInternalKey, "POST", "/v1/notes", invalid_note, 403},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = Call(c.method, c.path, TokenAuth(c.key), c.body);
    EXPECT_EQ(r.status, c.want) << r.body;
    if (c.want >= 400) {
      EXPECT_EQ(r.json()["errors"][0]["status"], std::to_string(c.want)) << r.body;
    }
  }
}

TEST_F(SimServerTest, UnknownIdsAre404) {
  StartServerWithHighLimit();
  const struct {
    const char* method;
    const char* path;
  } kCases[] = {
      {"GET", "/v1/candidates/99"},       {"GET", "/v1/candidates/abc"},
      {"GET", "/v1/jobs/1"},              {"GET", "/v1/job-applications/54321"},
      {"GET", "/v1/stages/12345"},        {"GET", "/v1/questions/1"},
      {"GET", "/v1/jobs/1/stages"},       {"GET", "/v1/no-such-type"},
      {"PATCH", "/v1/candidates/1"},      {"PATCH", "/v1/job-applications/1"},
      {"PATCH", "/v1/custom-field-values/1"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(absl::StrCat(c.method, " ", c.path));
    HttpResponse r = Call(c.method, c.path, TokenAuth(kAdminReadWriteKey), c.method == std::string("GET") ? "" : "{}");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.json()["errors"][0]["status"], "404");
  }
}

TEST_F(SimServerTest, UnknownIncludeFilterSortOrParamIs400) {
  StartServerWithHighLimit();
  const char* kPaths[] = {
      "/v1/candidates?include=bogus",
      "/v1/candidates/54321?include=job",
      "/v1/jobs?filter[bogus]=1",
      "/v1/jobs?filter[status]=bogus",
      "/v1/jobs?filter[updated-at][from]=yesterday",
      "/v1/jobs?sort=title",
      "/v1/jobs?page[size]=0",
      "/v1/jobs?page[offset]=3",
      "/v1/jobs?foo=bar",
      "/v1/jobs/12345?filter[status]=all",
      "/v1/jobs?include=stages.job",
      // Not in teamtailor-contract.md, so a strict Teamtailor may refuse them:
      "/v1/job-applications?filter[candidate]=54321&filter[job]=12345",
      "/v1/job-applications?filter[stage]=1002",
      "/v1/custom-field-values?filter[owner]=54321&filter[custom-field]=4",
      "/v1/custom-field-values?filter[owner-id]=54321&filter[owner-type]=candidates",
      "/v1/custom-field-values?filter[field-type]=CustomField::Number",
      "/v1/notes?filter[candidate]=54321",
      "/v1/answers?filter[candidate]=54321",
      "/v1/stages?filter[job]=12345",
      "/v1/custom-fields?filter[api-name]=clara-score",
      "/v1/users?filter[email]=sofia.lindholm@norrsund.example.com",
      "/v1/candidates?filter[email]=elin.bergstrom@example.com",
      "/v1/candidates?filter[created-at][from]=2025-01-01",
      "/v1/jobs?filter[updated-at][to]=2026-01-01",
      "/v1/jobs?filter[status][from]=all",
      "/v1/answers?sort=-id",
      "/v1/jobs?sort=created-at",
      "/v1/jobs?fields[jobs]=title",
      "/v1/candidates/54321?include=notes",
      "/v1/candidates/54321?include=partner-results",
      "/v1/candidates/54321?include=job-applications.job",
      "/v1/jobs/12345?include=custom-field-values",
      "/v1/stages/1001?include=job",
      "/v1/partner-results?include=candidate",
      // Related endpoints take the related type's rules, also when there is nothing related.
      "/v1/candidates/54321/job-applications?filter[job]=12345",
      "/v1/candidates/54321/custom-field-values?filter[custom-field]=4",
      "/v1/candidates/54322/notes?filter[user]=7",
      "/v1/candidates/54334/custom-field-values?include=bogus",
      "/v1/candidates/54321/relationships/job-applications?include=job",
      "/v1/job-applications/9001/stage?page[size]=5",
  };
  for (const char* path : kPaths) {
    SCOPED_TRACE(path);
    HttpResponse r = Get(path);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["errors"][0]["status"], "400");
  }
}

// What the contract lists keeps working (teamtailor-contract.md §1).
TEST_F(SimServerTest, EveryQueryTheContractListsIsAnswered) {
  StartServerWithHighLimit();
  const char* kPaths[] = {
      "/v1/jobs?filter[status]=all&filter[updated-at][from]=2025-01-01T00:00:00Z&sort=-updated-at&page[size]=30",
      "/v1/jobs?sort=updated-at&page[number]=1",
      "/v1/jobs/12345?include=questions,picked-questions,locations,stages,department,role,user",
      "/v1/jobs/12345/stages",
      "/v1/jobs/12345/picked-questions?include=question",
      "/v1/candidates/54321?include=job-applications,answers,custom-field-values",
      "/v1/candidates?filter[updated-at][from]=2025-01-01&page[size]=30",
      "/v1/candidates/54321/job-applications?include=job,stage&page[size]=30",
      "/v1/candidates/54321/custom-field-values?include=custom-field&page[size]=30",
      "/v1/candidates/54321/notes?page[size]=30",
      "/v1/candidates/54321/relationships/job-applications",
      "/v1/job-applications/9001?include=candidate,job,stage,reject-reason",
      "/v1/answers?include=question,candidate",
      "/v1/custom-fields?page[size]=30",
      "/v1/partner-results?filter[candidate]=54321",
      "/v1/users",
  };
  for (const char* path : kPaths) {
    SCOPED_TRACE(path);
    HttpResponse r = Get(path);
    EXPECT_EQ(r.status, 200) << r.body;
  }
}

// relationships.X.data only for what include= names; links always.
TEST_F(SimServerTest, RelationshipDataOnlyForIncludedRelations) {
  StartServerWithHighLimit();
  Json plain = Get("/v1/candidates/54321/job-applications").json();
  ASSERT_EQ(plain["data"].size(), 1u) << plain.dump();
  const Json& rel = plain["data"][0]["relationships"];
  for (const char* name : {"job", "stage", "candidate", "reject-reason"}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(rel[name].contains("data")) << rel.dump();
    EXPECT_TRUE(rel[name]["links"].contains("related")) << rel.dump();
  }
  EXPECT_FALSE(plain.contains("included"));
  Json with = Get("/v1/candidates/54321/job-applications?include=job,stage").json();
  ASSERT_EQ(with["data"].size(), 1u);
  EXPECT_EQ(with["data"][0]["relationships"]["job"]["data"], (Json{{"type", "jobs"}, {"id", "12345"}}));
  EXPECT_EQ(with["data"][0]["relationships"]["stage"]["data"]["id"], std::to_string(StageId(0, 0)));
  EXPECT_FALSE(with["data"][0]["relationships"]["candidate"].contains("data"));
  // Included records carry links only: no nested linkage.
  Json candidate = Get("/v1/candidates/54321?include=job-applications").json();
  ASSERT_FALSE(candidate["included"].empty());
  for (const Json& inc : candidate["included"]) {
    EXPECT_FALSE(inc["relationships"]["job"].contains("data")) << inc.dump();
  }
}

// ---------------------------------------------------------------------------------------------
// Rate limit.

TEST_F(SimServerTest, RateLimitAnswers429WithRetryAfterAndHeaders) {
  ServerOptions o;
  o.rate_limit = 5;
  o.rate_window_seconds = 10;
  StartServer(o);
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    HttpResponse r = Get("/v1/jobs");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("X-Rate-Limit-Limit"), "5");
    EXPECT_EQ(r.header("X-Rate-Limit-Remaining"), std::to_string(4 - i));
    EXPECT_TRUE(r.has_header("X-Rate-Limit-Reset"));
  }
  HttpResponse limited = Get("/v1/jobs");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("X-Rate-Limit-Remaining"), "0");
  int retry_after = 0;
  ASSERT_TRUE(absl::SimpleAtoi(limited.header("Retry-After"), &retry_after)) << limited.header("Retry-After");
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 10);
  EXPECT_EQ(limited.json()["errors"][0]["status"], "429");
  EXPECT_EQ(limited.header("X-Api-Version"), kVersion);
  // Other keys have their own bucket; requests without a key are not counted.
  EXPECT_EQ(Get("/v1/jobs", kPublicKey).status, 200);
  EXPECT_EQ(Call("GET", "/v1/jobs", kNoAuth).status, 401);

  clock_.Advance(absl::Seconds(retry_after));
  EXPECT_EQ(Get("/v1/jobs").status, 200);

  Json state = server_->State();
  Json admin;
  for (const Json& k : state["api_keys"]) {
    if (k["name"] == "admin-read-write") admin = k;
  }
  EXPECT_EQ(admin["requests"], 7);
  EXPECT_EQ(admin["rate_limited"], 1);
  EXPECT_EQ(admin["max_requests_in_window"], 6);
  EXPECT_EQ(state["rate_limit"]["limit"], 5);
  EXPECT_EQ(state["rate_limit"]["max_requests_in_window"], 6);
}

TEST_F(SimServerTest, PartnerResponsesCarryRateLimitHeaders) {
  StartServerWithHighLimit();
  std::string result_id = SimMove(54321, "CLARA screening")["partner_result_id"];
  HttpResponse r = PartnerPut(result_id, {{"status", "pending"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.has_header("X-Rate-Limit-Limit"));
  EXPECT_TRUE(r.has_header("X-Rate-Limit-Remaining"));
  EXPECT_TRUE(r.has_header("X-Rate-Limit-Reset"));
  EXPECT_EQ(r.header("X-Api-Version"), kPartnerVersion);
}

// ---------------------------------------------------------------------------------------------
// JSON:API reads.

TEST_F(SimServerTest, PagingClampsTo30AndNextLinksVisitEveryRecordOnce) {
  StartServerWithHighLimit();
  HttpResponse big = Get("/v1/answers?page[size]=100");
  ASSERT_EQ(big.status, 200) << big.body;
  Json first = big.json();
  const int count = first["meta"]["record-count"];
  ASSERT_GT(count, 30);
  EXPECT_EQ(first["data"].size(), 30u);
  EXPECT_EQ(first["meta"]["page-count"], (count + 29) / 30);

  Json defaults = Get("/v1/answers").json();
  EXPECT_EQ(defaults["data"].size(), 10u);

  const std::string origin = absl::StrCat("http://127.0.0.1:", server_->port());
  std::string next = "/v1/answers?page[size]=7&sort=-updated-at";
  std::vector<std::string> ids;
  int pages = 0;
  while (!next.empty()) {
    ASSERT_LT(++pages, 100);
    HttpResponse r = Get(next);
    ASSERT_EQ(r.status, 200) << next << r.body;
    Json page = r.json();
    for (const Json& d : page["data"]) {
      ASSERT_TRUE(d["id"].is_string());
      ids.push_back(d["id"]);
    }
    for (const char* name : {"first", "last"}) {
      std::string link = page["links"][name];
      EXPECT_TRUE(absl::StartsWith(link, origin)) << link;
      EXPECT_TRUE(absl::StrContains(link, "page%5Bnumber%5D=")) << link;
      EXPECT_FALSE(absl::StrContains(link, "[")) << link;
    }
    if (page["links"].contains("next")) {
      std::string link = page["links"]["next"];
      EXPECT_TRUE(absl::StrContains(link, "sort=-updated-at")) << link;
      ASSERT_TRUE(absl::StartsWith(link, origin)) << link;
      next = link.substr(origin.size());
    } else {
      next.clear();
    }
  }
  EXPECT_EQ(pages, (count + 6) / 7);
  EXPECT_EQ(static_cast<int>(ids.size()), count);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());

  Json page2 = Get("/v1/answers?page[size]=7&page[number]=2").json();
  EXPECT_TRUE(page2["links"].contains("prev"));
  EXPECT_FALSE(Get("/v1/answers?page[size]=7").json()["links"].contains("prev"));
}

TEST_F(SimServerTest, IncludeGivesIncludedAndRelationshipData) {
  StartServerWithHighLimit();
  HttpResponse r = Get("/v1/jobs/12345?include=stages,picked-questions,questions");
  ASSERT_EQ(r.status, 200) << r.body;
  Json doc = r.json();
  EXPECT_EQ(doc["data"]["id"], "12345");
  EXPECT_EQ(doc["data"]["attributes"]["language-code"], "en");
  std::map<std::string, int> by_type;
  for (const Json& inc : doc["included"]) by_type[inc["type"]]++;
  EXPECT_EQ(by_type["stages"], 6);
  EXPECT_EQ(by_type["picked-questions"], 4);
  EXPECT_EQ(by_type["questions"], 4);
  const Json& stages = doc["data"]["relationships"]["stages"]["data"];
  ASSERT_EQ(stages.size(), 6u);
  EXPECT_EQ(stages[0], (Json{{"type", "stages"}, {"id", std::to_string(StageId(0, 0))}}));
  EXPECT_FALSE(doc["data"]["relationships"]["locations"].contains("data"));
  for (const Json& inc : doc["included"]) {
    if (inc["type"] == "stages" && inc["id"] == std::to_string(StageId(0, 1))) {
      EXPECT_EQ(inc["attributes"]["name"], "CLARA screening");
      EXPECT_EQ(inc["attributes"]["stage-type"], "In process");
      EXPECT_EQ(inc["attributes"]["row-order"], 1);
    }
    if (inc["type"] == "picked-questions") {
      EXPECT_TRUE(inc["attributes"].contains("mandatory"));
    }
  }

  Json list = Get("/v1/candidates?include=job-applications,answers&page[size]=3").json();
  ASSERT_EQ(list["data"].size(), 3u);
  std::set<std::string> app_ids;
  for (const Json& inc : list["included"]) {
    if (inc["type"] == "job-applications") app_ids.insert(inc["id"]);
  }
  EXPECT_EQ(app_ids, (std::set<std::string>{"9001", "9002", "9003"}));
  EXPECT_EQ(list["data"][0]["relationships"]["job-applications"]["data"][0]["id"], "9001");

  Json stages_of_job = Get("/v1/jobs/12346/stages").json();
  ASSERT_EQ(stages_of_job["data"].size(), 6u);
  EXPECT_EQ(stages_of_job["data"][5]["attributes"]["stage-type"], "Hired");
}

TEST_F(SimServerTest, JobsListDefaultsToPublishedAndFiltersAndSorts) {
  StartServerWithHighLimit();
  const struct {
    const char* query;
    std::vector<std::string> want;
  } kCases[] = {
      {"", {"12345", "12346", "12347"}},
      {"?filter[status]=all", {"12345", "12346", "12347", "12348", "12349"}},
      {"?filter[status]=draft", {"12348"}},
      {"?filter[status]=archived", {"12349"}},
      {"?filter[status]=all&filter[updated-at][from]=2025-02-20T00:00:00Z", {"12347", "12348"}},
      {"?filter[updated-at][from]=2025-02-20", {"12347"}},
      {"?sort=-updated-at", {"12347", "12346", "12345"}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.query);
    HttpResponse r = Get(absl::StrCat("/v1/jobs", c.query));
    ASSERT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    const Json doc = r.json();
    for (const Json& d : doc["data"]) ids.push_back(d["id"]);
    EXPECT_EQ(ids, c.want);
  }
}

TEST_F(SimServerTest, ResumeUrlExpiresAndRereadingGivesAFreshOne) {
  ServerOptions o;
  o.rate_limit = 100000;
  o.resume_url_ttl_seconds = 30;
  StartServer(o);
  const std::string origin = absl::StrCat("http://127.0.0.1:", server_->port());
  auto resume_path = [&](int64_t candidate) -> std::string {
    Json c = Get(absl::StrCat("/v1/candidates/", candidate)).json();
    if (!c["data"]["attributes"]["resume"].is_string()) return "";
    std::string url = c["data"]["attributes"]["resume"];
    EXPECT_TRUE(absl::StartsWith(url, origin)) << url;
    return url.substr(origin.size());
  };
  std::string path = resume_path(54321);
  ASSERT_FALSE(path.empty());
  httplib::Result ok = client_->Get(path);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(ok->body.rfind("%PDF-", 0), 0u);

  clock_.Advance(absl::Seconds(29));
  EXPECT_EQ(client_->Get(path)->status, 200);
  clock_.Advance(absl::Seconds(2));
  httplib::Result expired = client_->Get(path);
  EXPECT_EQ(expired->status, 403);
  EXPECT_TRUE(absl::StrContains(expired->body, "Request has expired"));

  std::string fresh = resume_path(54321);
  EXPECT_NE(fresh, path);
  EXPECT_EQ(client_->Get(fresh)->status, 200);

  std::string tampered = fresh;
  tampered[tampered.size() - 1] = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(client_->Get(tampered)->status, 403);
  std::string other_candidate = fresh;
  other_candidate.replace(other_candidate.find("54321"), 5, "54322");
  EXPECT_EQ(client_->Get(other_candidate)->status, 403);

  EXPECT_EQ(resume_path(54334), "");  // Felix Weber uploaded no resume: "resume": null
}

// ---------------------------------------------------------------------------------------------
// JSON:API writes.

TEST_F(SimServerTest, PatchTagsReplacesTheArray) {
  StartServerWithHighLimit();
  auto patch = [&](const Json& tags) {
    Json body = {{"data", {{"id", "54321"}, {"type", "candidates"}, {"attributes", {{"tags", tags}}}}}};
    return Call("PATCH", "/v1/candidates/54321", TokenAuth(kAdminReadWriteKey), body.dump());
  };
  EXPECT_EQ(Get("/v1/candidates/54321").json()["data"]["attributes"]["tags"], Json({"referral"}));
  HttpResponse r = patch({"referral", "clara:top-fit", "clara:screened"});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["data"]["id"], "54321");
  EXPECT_EQ(r.json()["data"]["attributes"]["tags"], Json({"referral", "clara:top-fit", "clara:screened"}));
  r = patch({"clara:might-be-fit"});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Get("/v1/candidates/54321").json()["data"]["attributes"]["tags"], Json({"clara:might-be-fit"}));
  EXPECT_EQ(CandidateState(54321)["tags"], Json({"clara:might-be-fit"}));

  const struct {
    const char* name;
    std::string body;
  } kInvalid[] = {
      {"tags not an array", R"({"data":{"id":"54321","type":"candidates","attributes":{"tags":"x"}}})"},
      {"tag not a string", R"({"data":{"id":"54321","type":"candidates","attributes":{"tags":[1]}}})"},
      {"numeric id", R"({"data":{"id":54321,"type":"candidates","attributes":{"tags":[]}}})"},
      {"wrong type", R"({"data":{"id":"54321","type":"jobs","attributes":{"tags":[]}}})"},
      {"read-only attribute", R"({"data":{"id":"54321","type":"candidates","attributes":{"resume":"x"}}})"},
      {"no data", R"({})"},
  };
  for (const auto& c : kInvalid) {
    SCOPED_TRACE(c.name);
    HttpResponse bad = Call("PATCH", "/v1/candidates/54321", TokenAuth(kAdminReadWriteKey), c.body);
    EXPECT_EQ(bad.status, 422) << bad.body;
  }
  EXPECT_EQ(CandidateState(54321)["tags"], Json({"clara:might-be-fit"}));
}

TEST_F(SimServerTest, CustomFieldValueIsCreatedOnceThenUpdated) {
  StartServerWithHighLimit();
  Json fields = Get("/v1/custom-fields").json();
  bool found = false;
  for (const Json& f : fields["data"]) {
    if (f["attributes"]["api-name"] == "clara-score") {
      found = true;
      EXPECT_EQ(f["id"], std::to_string(kClaraScoreFieldId));
      EXPECT_EQ(f["attributes"]["field-type"], "CustomField::Number");
    }
  }
  EXPECT_TRUE(found);
  auto create = [&](const Json& value, const std::string& owner_type, const std::string& owner_id) {
    Json body = {{"data",
                  {{"type", "custom-field-values"},
                   {"attributes", {{"value", value}}},
                   {"relationships",
                    {{"custom-field", {{"data", {{"type", "custom-fields"}, {"id", "4"}}}}},
                     {"owner", {{"data", {{"type", owner_type}, {"id", owner_id}}}}}}}}}};
    return Call("POST", "/v1/custom-field-values", TokenAuth(kAdminReadWriteKey), body.dump());
  };
  HttpResponse created = create("82", "candidates", "54321");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["data"]["id"];
  EXPECT_EQ(created.json()["data"]["attributes"]["value"], 82);
  EXPECT_TRUE(absl::EndsWith(created.header("Location"), absl::StrCat("/v1/custom-field-values/", id)));

  const struct {
    const char* name;
    Json value;
    std::string owner_type, owner_id;
    std::string pointer;
  } kInvalid[] = {
      {"second value for the same field and owner", "90", "candidates", "54321",
       "/data/relationships/custom-field"},
      {"not a number", "eighty", "candidates", "54322", "/data/attributes/value"},
      {"blank", "", "candidates", "54322", "/data/attributes/value"},
      {"job owner for a candidate field", "5", "jobs", "12345", "/data/relationships/owner"},
      {"unknown owner", "5", "candidates", "1", "/data/relationships/owner"},
  };
  for (const auto& c : kInvalid) {
    SCOPED_TRACE(c.name);
    HttpResponse r = create(c.value, c.owner_type, c.owner_id);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json()["errors"][0]["source"]["pointer"], c.pointer) << r.body;
  }

  Json patch = {{"data", {{"id", id}, {"type", "custom-field-values"}, {"attributes", {{"value", "91"}}}}}};
  HttpResponse updated = Call("PATCH", absl::StrCat("/v1/custom-field-values/", id),
                              TokenAuth(kAdminReadWriteKey), patch.dump());
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json()["data"]["attributes"]["value"], 91);
  EXPECT_EQ(CandidateState(54321)["custom_fields"]["clara-score"]["value"], 91);
  // The undocumented filter is refused; the candidate's values, with their custom field, are
  // listed through the candidate's relationship.
  EXPECT_EQ(Get("/v1/custom-field-values?filter[owner]=54321&filter[custom-field]=4").status, 400);
  Json values = Get("/v1/candidates/54321/custom-field-values?include=custom-field").json();
  std::vector<std::string> score_values;
  for (const Json& v : values["data"]) {
    if (v["relationships"]["custom-field"]["data"]["id"] == "4") score_values.push_back(v["id"]);
  }
  EXPECT_EQ(score_values, std::vector<std::string>{id}) << values.dump();
}

TEST_F(SimServerTest, NotesAreCreatedAndListedPerCandidate) {
  StartServerWithHighLimit();
  auto post = [&](const Json& relationships, const Json& attributes) {
    Json body = {{"data", {{"type", "notes"}, {"attributes", attributes}, {"relationships", relationships}}}};
    return Call("POST", "/v1/notes", TokenAuth(kAdminReadWriteKey), body.dump());
  };
  Json candidate = {{"candidate", {{"data", {{"type", "candidates"}, {"id", "54321"}}}}}};
  Json with_user = candidate;
  with_user["user"] = {{"data", {{"type", "users"}, {"id", "7"}}}};
  HttpResponse r = post(with_user, {{"note", "CLARA: 6/7 requirements met [clara:ev-1]"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json()["data"]["id"];
  EXPECT_TRUE(absl::EndsWith(r.header("Location"), absl::StrCat("/v1/notes/", id)));
  EXPECT_EQ(post(candidate, {{"note", "without a user"}}).status, 201);

  const struct {
    const char* name;
    Json relationships;
    Json attributes;
    const char* pointer;
  } kInvalid[] = {
      {"no candidate", Json::object(), {{"note", "x"}}, "/data/relationships/candidate"},
      {"unknown candidate", {{"candidate", {{"data", {{"type", "candidates"}, {"id", "1"}}}}}}, {{"note", "x"}},
       "/data/relationships/candidate"},
      {"unknown user",
       {{"candidate", {{"data", {{"type", "candidates"}, {"id", "54321"}}}}},
        {"user", {{"data", {{"type", "users"}, {"id", "999"}}}}}},
       {{"note", "x"}}, "/data/relationships/user"},
      {"blank note", candidate, {{"note", "  "}}, "/data/attributes/note"},
  };
  for (const auto& c : kInvalid) {
    SCOPED_TRACE(c.name);
    HttpResponse bad = post(c.relationships, c.attributes);
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(bad.json()["errors"][0]["source"]["pointer"], c.pointer);
  }
  Json related = Get("/v1/candidates/54321/notes").json();
  ASSERT_EQ(related["data"].size(), 2u);
  EXPECT_EQ(related["data"][0]["attributes"]["note"], "CLARA: 6/7 requirements met [clara:ev-1]");
  EXPECT_EQ(Get("/v1/candidates/54322/notes").json()["data"].size(), 0u);
  EXPECT_EQ(Get("/v1/notes?filter[candidate]=54321").status, 400);  // not in the contract
  Json state = CandidateState(54321);
  ASSERT_EQ(state["notes"].size(), 2u);
  EXPECT_EQ(state["notes"][0]["user_id"], 7);
}

TEST_F(SimServerTest, PatchJobApplicationMovesRejectsAndFiresOnlyOnTrigger) {
  StartServerWithHighLimit();
  auto patch_stage = [&](const Json& stage_id) {
    Json body = {{"data",
                  {{"id", "9001"},
                   {"type", "job-applications"},
                   {"relationships", {{"stage", {{"data", {{"type", "stages"}, {"id", stage_id}}}}}}}}}};
    return Call("PATCH", "/v1/job-applications/9001", TokenAuth(kAdminReadWriteKey), body.dump());
  };
  HttpResponse other_job = patch_stage(std::to_string(StageId(1, 2)));
  EXPECT_EQ(other_job.status, 422) << other_job.body;
  EXPECT_EQ(other_job.json()["errors"][0]["source"]["pointer"], "/data/relationships/stage");
  EXPECT_EQ(patch_stage(StageId(0, 2)).status, 422);  // ids are strings in JSON:API
  EXPECT_EQ(patch_stage("424242").status, 422);

  HttpResponse phone = patch_stage(std::to_string(StageId(0, 2)));
  ASSERT_EQ(phone.status, 200) << phone.body;
  EXPECT_EQ(server_->State()["events"]["fired"], 0);
  EXPECT_EQ(CandidateState(54321)["stage"]["name"], "Phone screen");

  HttpResponse trigger = patch_stage(std::to_string(StageId(0, 1)));
  ASSERT_EQ(trigger.status, 200) << trigger.body;
  EXPECT_EQ(server_->State()["events"]["fired"], 1);
  Json state = CandidateState(54321);
  EXPECT_EQ(state["stage"]["name"], "CLARA screening");
  ASSERT_EQ(state["partner_results"].size(), 1u);

  Json reject = {{"data",
                  {{"id", "9001"},
                   {"type", "job-applications"},
                   {"attributes", {{"rejected-at", "2026-01-01T10:00:00Z"}}},
                   {"relationships", {{"reject-reason", {{"data", {{"type", "reject-reasons"}, {"id", "51"}}}}}}}}}};
  HttpResponse rejected = Call("PATCH", "/v1/job-applications/9001", TokenAuth(kAdminReadWriteKey), reject.dump());
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["data"]["attributes"]["rejected-at"], "2026-01-01T10:00:00.000+00:00");
  EXPECT_EQ(CandidateState(54321)["rejected"], true);
  EXPECT_EQ(CandidateState(54321)["applications"][0]["reject_reason_id"], 51);
  Json bad_time = reject;
  bad_time["data"]["attributes"]["rejected-at"] = "yesterday";
  EXPECT_EQ(Call("PATCH", "/v1/job-applications/9001", TokenAuth(kAdminReadWriteKey), bad_time.dump()).status, 422);
}

// ---------------------------------------------------------------------------------------------
// Partner events and partner results.

TEST_F(SimServerTest, PartnerEventIsSignedAndShapedPerContract) {
  Receiver clara(200, "");
  StartServerWithHighLimit(clara.base_url());
  ASSERT_EQ(Sim("POST", "/_sim/trigger-config",
                {{"job_id", kBackendJobId}, {"webhook_data", {{"threshold", "70"}}}}).status, 200);
  Json moved = SimMove(54321, "CLARA screening");
  ASSERT_EQ(moved["fired"], true);
  const std::string event_id = moved["event_id"];
  const std::string result_id = moved["partner_result_id"];
  ASSERT_TRUE(clara.WaitForHits(1));
  Receiver::Hit hit = clara.hits()[0];

  EXPECT_EQ(hit.path, "/teamtailor/webhook");
  EXPECT_EQ(hit.header("Content-Type"), "application/json");
  EXPECT_EQ(hit.header("Authorization"), absl::StrCat("Bearer ", kIntegrationKey));
  std::map<std::string, std::string> sig;
  for (absl::string_view part : absl::StrSplit(hit.header("Teamtailor-Signature"), ',')) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    sig[kv.first] = kv.second;
  }
  ASSERT_EQ(sig.size(), 3u) << hit.header("Teamtailor-Signature");
  int64_t t = 0;
  ASSERT_TRUE(absl::SimpleAtoi(sig["t"], &t));
  EXPECT_EQ(t, absl::ToUnixSeconds(clock_.Now()));
  EXPECT_EQ(sig["v1"], HmacSha256Hex("sim-webhook-secret", absl::StrCat(sig["t"], ".", event_id)));
  EXPECT_EQ(sig["v0"].size(), 64u);
  EXPECT_NE(sig["v0"], sig["v1"]);

  Json body = Json::parse(hit.body);
  const Json& ev = body["partner-event"];
  EXPECT_EQ(ev["id"], event_id);
  EXPECT_EQ(ev["webhook-data"], (Json{{"threshold", "70"}}));
  EXPECT_EQ(ev["partner-result"]["id"], result_id);
  EXPECT_EQ(ev["partner-result"]["status"], "sending");
  EXPECT_EQ(ev["partner-result"]["update-url"],
            absl::StrCat(server_->base_url(), "/partner/v1/partner-results/", result_id));
  const Json& cand = ev["candidate"];
  EXPECT_TRUE(cand["id"].is_number_integer());
  EXPECT_EQ(cand["id"], 54321);
  EXPECT_EQ(cand["first-name"], "Elin");
  EXPECT_EQ(cand["last-name"], "Bergström");
  EXPECT_EQ(cand["email"], "elin.bergstrom@example.com");
  EXPECT_EQ(cand["tags"], Json({"referral"}));
  EXPECT_EQ(cand["department"], "Engineering");
  EXPECT_EQ(cand["job"]["id"], kBackendJobId);
  EXPECT_TRUE(cand["job"]["id"].is_number_integer());
  EXPECT_EQ(cand["job"]["stage-id"], StageId(0, 1));
  EXPECT_EQ(cand["job"]["stage"], "CLARA screening");
  EXPECT_TRUE(cand["job"]["trigger-id"].is_number_integer());
  EXPECT_EQ(cand["job"]["status"]["rejected"], false);
  EXPECT_EQ(cand["job"]["custom-fields"][0]["is-remote"]["value"], true);
  EXPECT_EQ(cand["job"]["custom-fields"][0]["is-remote"]["type"], "boolean");
  EXPECT_EQ(cand["job"]["triggered-by"]["id"], kRecruiterUserId);
  EXPECT_EQ(cand["recruiter"]["name"], "Sofia Lindholm");
  EXPECT_EQ(cand["locations"][0]["name"], "Stockholm HQ");
  const Json kQuestions = Json::parse(R"([
    {"question":"Do you have a valid permit to work in the EU/EEA?","answer":"yes"},
    {"question":"How many years of professional backend development experience do you have?","answer":"8 years"},
    {"question":"Which of these languages have you used in production?","answer":["C++","Go","Python"]}])");
  ASSERT_GE(cand["questions"].size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(cand["questions"][i], kQuestions[i]);
  EXPECT_EQ(cand["custom-fields"][0]["notice-period-weeks"]["value"], 12);
  EXPECT_EQ(cand["resume"]["file-name"], "Elin_Bergstrom_CV.pdf");
  const std::string resume_url = cand["resume"]["url"];
  ASSERT_TRUE(absl::StartsWith(resume_url, absl::StrCat(server_->base_url(), "/files/resumes/54321/")));
  EXPECT_EQ(client_->Get(resume_url.substr(server_->base_url().size()))->status, 200);
  EXPECT_EQ(body["company"]["name"], "Norrsund Logistics AB");
  EXPECT_TRUE(body["company"]["uuid"].is_string());

  ASSERT_TRUE(PollUntil([&] { return CandidateState(54321)["partner_results"][0]["status"] == "sent"; }));
  Json deliveries = CandidateState(54321)["webhook_deliveries"];
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0]["status_code"], 200);
  EXPECT_EQ(deliveries[0]["event_id"], event_id);

  // CLARA writes the result back through the update-url.
  HttpResponse put = PartnerPut(result_id, Json::parse(R"({"status":"completed",
      "summary":"Pre-qualified: 6/7 requirements met","assessment":{"score":82,"grade":"top_fit"},
      "details":{"Requirements":{"PostgreSQL, 3+ years":"met"}}})"));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["data"]["id"], result_id);
  Json result = CandidateState(54321)["partner_results"][0];
  EXPECT_EQ(result["status"], "completed");
  EXPECT_EQ(result["score"], 82);
  EXPECT_EQ(result["grade"], "top_fit");
  EXPECT_EQ(result["summary"], "Pre-qualified: 6/7 requirements met");
  EXPECT_EQ(result["history_count"], 3);  // event, delivery, put
  Json mirror = Get("/v1/partner-results?filter[candidate]=54321").json();
  ASSERT_EQ(mirror["data"].size(), 1u);
  EXPECT_EQ(mirror["data"][0]["attributes"]["assessment"]["score"], 82);
  EXPECT_EQ(Get("/v1/partner-results?filter[candidate]=54322").json()["data"].size(), 0u);
}

TEST_F(SimServerTest, DeliveryOutcomeSetsPartnerResultStatus) {
  const struct {
    const char* name;
    int status;
    std::string body;
    std::string want_status;
    std::string want_message;
  } kCases[] = {
      {"2xx", 202, "", "sent", ""},
      {"2xx asking for pending", 200, R"({"partner_result_attributes":{"status":"pending"}})", "pending", ""},
      {"2xx with an invalid status", 200, R"({"partner_result_attributes":{"status":"great"}})", "sent", ""},
      {"failure with a message", 500, "boom: database unavailable", "failed", "boom: database unavailable"},
      {"unauthorized", 401, "bad signature", "failed", "bad signature"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    Receiver clara(c.status, c.body);
    StartServerWithHighLimit(clara.base_url());
    SimMove(54327, "CLARA screening");
    ASSERT_TRUE(PollUntil([&] {
      Json r = CandidateState(54327)["partner_results"];
      return r.size() == 1 && r[0]["status"] != "sending";
    }));
    Json r = CandidateState(54327)["partner_results"][0];
    EXPECT_EQ(r["status"], c.want_status);
    EXPECT_EQ(r["delivery_message"], c.want_message);
    Json d = CandidateState(54327)["webhook_deliveries"][0];
    EXPECT_EQ(d["status_code"], c.status);
    EXPECT_EQ(d["message"], c.want_message);
    EXPECT_EQ(clara.hits().size(), 1u);  // no retries
    server_->Stop();
    server_.reset();
  }
}

TEST_F(SimServerTest, MoveIntoNonTriggerStageFiresNothing) {
  Receiver clara(200, "");
  StartServerWithHighLimit(clara.base_url());
  Json phone = SimMove(54322, "Phone screen");
  EXPECT_EQ(phone["moved"], true);
  EXPECT_EQ(phone["fired"], false);
  EXPECT_TRUE(phone["event_id"].is_null());
  Json body = {{"data",
                {{"id", "9002"},
                 {"type", "job-applications"},
                 {"relationships", {{"stage", {{"data", {{"type", "stages"}, {"id", std::to_string(StageId(0, 3))}}}}}}}}}};
  EXPECT_EQ(Call("PATCH", "/v1/job-applications/9002", TokenAuth(kAdminReadWriteKey), body.dump()).status, 200);
  Json all = Sim("POST", "/_sim/move-all", {{"stage", "Offer"}}).json();
  EXPECT_EQ(all["fired"], 0);
  EXPECT_EQ(server_->State()["events"]["fired"], 0);

  // A trigger move afterwards is the first and only thing CLARA receives.
  Json screening = SimMove(54322, "CLARA screening");
  EXPECT_EQ(screening["fired"], true);
  ASSERT_TRUE(clara.WaitForHits(1));
  ASSERT_TRUE(PollUntil([&] { return server_->State()["events"]["deliveries_sent"] == 1; }));
  EXPECT_EQ(clara.hits().size(), 1u);
  EXPECT_EQ(Json::parse(clara.hits()[0].body)["partner-event"]["id"], screening["event_id"]);
  // Already in the trigger stage: moving there again is not a move and fires nothing.
  EXPECT_EQ(SimMove(54322, "CLARA screening")["fired"], false);
  EXPECT_EQ(server_->State()["events"]["fired"], 1);
}

TEST_F(SimServerTest, MoveAllFiresOneEventPerApplication) {
  Receiver clara(200, "");
  StartServerWithHighLimit(clara.base_url());
  HttpResponse r = Sim("POST", "/_sim/move-all", {{"stage", "CLARA screening"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const size_t n = server_->State()["candidates"].size();
  EXPECT_EQ(r.json()["fired"], n);
  ASSERT_TRUE(clara.WaitForHits(n));
  std::set<std::string> ids;
  for (const Receiver::Hit& h : clara.hits()) ids.insert(Json::parse(h.body)["partner-event"]["id"]);
  EXPECT_EQ(ids.size(), n);
  // The candidate without a resume gets no "resume" in the event.
  for (const Receiver::Hit& h : clara.hits()) {
    Json cand = Json::parse(h.body)["partner-event"]["candidate"];
    EXPECT_EQ(cand.contains("resume"), cand["id"] != 54334) << cand["id"];
  }
  EXPECT_EQ(Sim("POST", "/_sim/move", {{"candidate_id", 1}, {"stage", "Inbox"}}).status, 404);
  EXPECT_EQ(Sim("POST", "/_sim/move", {{"candidate_id", 54321}, {"stage", "Nope"}}).status, 404);
  EXPECT_EQ(Sim("POST", "/_sim/move", {{"stage", "Inbox"}}).status, 400);
}

TEST_F(SimServerTest, PartnerApiAuthVersionAndMediaType) {
  StartServerWithHighLimit();
  const std::string id = SimMove(54321, "CLARA screening")["partner_result_id"];
  const std::string body =
      Json{{"data", {{"type", "partner-results"}, {"id", id}, {"attributes", {{"status", "pending"}}}}}}.dump();
  const struct {
    const char* name;
    std::string authorization, version, content_type, path;
    int want;
  } kCases[] = {
      {"Token token=", "Token token=sim-partner-key", kPartnerVersion, kJsonApiMediaType, PartnerPath(id), 200},
      {"Token", "Token sim-partner-key", kPartnerVersion, kJsonApiMediaType, PartnerPath(id), 200},
      {"Bearer", "Bearer sim-partner-key", kPartnerVersion, kJsonApiMediaType, PartnerPath(id), 200},
      {"wrong key", "Token token=nope", kPartnerVersion, kJsonApiMediaType, PartnerPath(id), 401},
      {"admin API key", TokenAuth(kAdminReadWriteKey), kPartnerVersion, kJsonApiMediaType, PartnerPath(id), 401},
      {"no key", "", kPartnerVersion, kJsonApiMediaType, PartnerPath(id), 401},
      {"public API version", "Token token=sim-partner-key", kVersion, kJsonApiMediaType, PartnerPath(id), 406},
      {"no version", "Token token=sim-partner-key", "", kJsonApiMediaType, PartnerPath(id), 406},
      {"charset", "Token token=sim-partner-key", kPartnerVersion, "application/vnd.api+json; charset=utf-8",
       PartnerPath(id), 415},
      {"plain json", "Token token=sim-partner-key", kPartnerVersion, "application/json", PartnerPath(id), 415},
      {"unknown result", "Token token=sim-partner-key", kPartnerVersion, kJsonApiMediaType,
       PartnerPath("00000000-0000-4000-8000-000000000000"), 404},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = Call("PUT", c.path, c.authorization, body, c.content_type, c.version);
    EXPECT_EQ(r.status, c.want) << r.body;
    if (c.want == 401) {
      EXPECT_EQ(r.body, "");
    }
    if (c.want == 406) {
      EXPECT_EQ(r.json()["errors"][0]["status"], 406);
      EXPECT_TRUE(absl::StrContains(r.body, "Current version is: 20180828"));
    }
  }
}

TEST_F(SimServerTest, PartnerResultValidationOverHttp) {
  StartServerWithHighLimit();
  const std::string id = SimMove(54321, "CLARA screening")["partner_result_id"];
  const struct {
    const char* name;
    const char* attributes;
    const char* pointer;
  } kCases[] = {
      {"bad status", R"({"status":"done"})", "/data/attributes/status"},
      {"score 101", R"({"assessment":{"score":101,"grade":"top_fit"}})", "/data/attributes/assessment/score"},
      {"score 1.5", R"({"assessment":{"score":1.5,"grade":"top_fit"}})", "/data/attributes/assessment/score"},
      {"bad grade", R"({"assessment":{"score":50,"grade":"excellent"}})", "/data/attributes/assessment/grade"},
      {"details 3 levels", R"({"details":{"Requirements":{"PostgreSQL":{"years":3}}}})", "/data/attributes/details"},
      {"attachment extra key", R"({"attachments":[{"url":"https://c.example.com/r","description":"r","size":1}]})",
       "/data/attributes/attachments/0"},
      {"attachment ftp url", R"({"attachments":[{"url":"ftp://c.example.com/r","description":"r"}]})",
       "/data/attributes/attachments/0/url"},
      {"ftp url", R"({"url":"ftp://c.example.com/r"})", "/data/attributes/url"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = PartnerPut(id, Json::parse(c.attributes));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json()["errors"][0]["status"], "422");
    EXPECT_EQ(r.json()["errors"][0]["source"]["pointer"], c.pointer) << r.body;
  }
  // data.id must match the URL.
  Json mismatched = {{"data", {{"type", "partner-results"}, {"id", "other"}, {"attributes", {{"status", "sent"}}}}}};
  HttpResponse r = Call("PUT", PartnerPath(id), "Token token=sim-partner-key", mismatched.dump(), kJsonApiMediaType,
                        kPartnerVersion);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["errors"][0]["source"]["pointer"], "/data/id");
  // Nothing invalid was stored.
  EXPECT_EQ(CandidateState(54321)["partner_results"][0]["history_count"], 2);  // event + delivery
  EXPECT_EQ(CandidateState(54321)["partner_results"][0]["status"], "failed");   // no partner URL

  // POST creates a result for a candidate (e.g. a re-screen).
  auto post = [&](const Json& attributes) {
    Json body = {{"data", {{"type", "partner-results"}, {"attributes", attributes}}}};
    return Call("POST", "/partner/v1/partner-results", "Bearer sim-partner-key", body.dump(), kJsonApiMediaType,
                kPartnerVersion);
  };
  HttpResponse created = post({{"status", "completed"}, {"candidate-id", 54321}, {"summary", "Re-screen"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(CandidateState(54321)["partner_results"].size(), 2u);
  EXPECT_EQ(post({{"candidate-id", 54321}}).status, 422);
  EXPECT_EQ(post({{"status", "completed"}, {"candidate-id", "54321"}}).status, 422);
  EXPECT_EQ(post({{"status", "completed"}, {"candidate-id", 1}}).status, 422);
}

TEST_F(SimServerTest, ActionButtonPostsTheOriginalEventToItsEndpoint) {
  Receiver clara(200, "");
  StartServerWithHighLimit(clara.base_url());
  Json moved = SimMove(54331, "CLARA screening");
  const std::string result_id = moved["partner_result_id"];
  ASSERT_TRUE(clara.WaitForHits(1));
  ASSERT_EQ(PartnerPut(result_id, Json::parse(R"({"status":"completed",
      "actions":[{"buttonText":"Re-screen","endpoint":"rescreen"}]})")).status, 200);
  clock_.Advance(absl::Seconds(40));
  HttpResponse r = Sim("POST", absl::StrCat("/_sim/partner-results/", result_id, "/actions/0"));
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_TRUE(clara.WaitForHits(2));
  Receiver::Hit hit = clara.hits()[1];
  EXPECT_EQ(hit.path, "/teamtailor/rescreen");
  Json body = Json::parse(hit.body);
  EXPECT_EQ(body["partner-event"]["id"], moved["event_id"]);
  const std::string t = std::to_string(absl::ToUnixSeconds(clock_.Now()));
  EXPECT_TRUE(absl::StrContains(
      hit.header("Teamtailor-Signature"),
      absl::StrCat("t=", t, ",v1=", HmacSha256Hex("sim-webhook-secret", absl::StrCat(t, ".", moved["event_id"].get<std::string>())))));
  // The resume URL in the re-sent event is fresh.
  std::string url = body["partner-event"]["candidate"]["resume"]["url"];
  EXPECT_EQ(client_->Get(url.substr(server_->base_url().size()))->status, 200);
  EXPECT_EQ(Sim("POST", absl::StrCat("/_sim/partner-results/", result_id, "/actions/1")).status, 404);
}

// ---------------------------------------------------------------------------------------------
// Fault injection and the CLI view.

TEST_F(SimServerTest, FaultsAreSwitchableAtRunTimeAndDeterministic) {
  StartServerWithHighLimit();
  ASSERT_EQ(Sim("POST", "/_sim/faults", {{"error_5xx_rate", 1.0}}).status, 200);
  HttpResponse r = Get("/v1/jobs");
  EXPECT_TRUE(r.status == 500 || r.status == 502 || r.status == 503) << r.status;
  EXPECT_TRUE(r.has_header("X-Rate-Limit-Remaining"));

  ASSERT_EQ(Sim("POST", "/_sim/faults", {{"storm_429_seconds", 5}}).status, 200);
  r = Get("/v1/jobs");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "5");
  EXPECT_TRUE(r.has_header("X-Rate-Limit-Limit"));
  clock_.Advance(absl::Seconds(5));
  EXPECT_EQ(Get("/v1/jobs").status, 200);

  ASSERT_EQ(Sim("POST", "/_sim/faults", {{"drop_rate", 1.0}}).status, 200);
  EXPECT_EQ(Get("/v1/jobs").status, 0);  // the connection is cut
  ASSERT_EQ(Sim("DELETE", "/_sim/faults").status, 200);
  EXPECT_EQ(Get("/v1/jobs").status, 200);

  // A lost answer: the write is applied, then the connection closes without a byte of the
  // answer. Reads are answered.
  ASSERT_EQ(Sim("POST", "/_sim/faults", {{"lost_answer_rate", 1.0}}).status, 200);
  EXPECT_EQ(Get("/v1/jobs").status, 200);
  Json note = {{"data",
                {{"type", "notes"},
                 {"attributes", {{"note", "lost answer"}}},
                 {"relationships", {{"candidate", {{"data", {{"type", "candidates"}, {"id", "54322"}}}}}}}}}};
  EXPECT_EQ(Call("POST", "/v1/notes", TokenAuth(kAdminReadWriteKey), note.dump()).status, 0);
  ASSERT_EQ(Sim("DELETE", "/_sim/faults").status, 200);
  ASSERT_EQ(CandidateState(54322)["notes"].size(), 1u);
  EXPECT_EQ(CandidateState(54322)["notes"][0]["note"], "lost answer");

  auto sequence = [&] {
    EXPECT_EQ(Sim("POST", "/_sim/faults", {{"error_5xx_rate", 0.5}, {"seed", 3}}).status, 200);
    std::vector<int> statuses;
    for (int i = 0; i < 20; ++i) statuses.push_back(Get("/v1/jobs").status);
    return statuses;
  };
  std::vector<int> first = sequence();
  EXPECT_EQ(first, sequence());
  EXPECT_NE(std::count(first.begin(), first.end(), 200), 0);
  EXPECT_NE(std::count(first.begin(), first.end(), 200), 20);

  const Json kInvalid[] = {{{"error_5xx_rate", 2}}, {{"latency_ms", -1}}, {{"bogus", 1}}};
  for (const Json& body : kInvalid) {
    SCOPED_TRACE(body.dump());
    EXPECT_EQ(Sim("POST", "/_sim/faults", body).status, 400);
  }
  Json faults = Sim("GET", "/_sim/faults").json();
  EXPECT_GE(faults["injected"]["errors_5xx"].get<int>(), 1);
  EXPECT_EQ(faults["injected"]["drops"], 1);
  EXPECT_EQ(faults["injected"]["lost_answers"], 1);
}

TEST_F(SimServerTest, ShowTableListsCandidatesWithResults) {
  StartServerWithHighLimit();
  const std::string id = SimMove(54327, "CLARA screening")["partner_result_id"];
  ASSERT_EQ(PartnerPut(id, {{"status", "completed"}, {"assessment", {{"score", 77}, {"grade", "might_be_fit"}}}}).status, 200);
  absl::StatusOr<Json> state = FetchState(server_->base_url());
  ASSERT_TRUE(state.ok()) << state.status();
  std::string table = FormatStateTable(*state);
  EXPECT_TRUE(absl::StrContains(table, "CANDIDATE")) << table;
  EXPECT_TRUE(absl::StrContains(table, "Maria Åkesson")) << table;
  bool found = false;
  for (absl::string_view line : absl::StrSplit(table, '\n')) {
    if (absl::StrContains(line, "Maria Åkesson")) {
      found = true;
      EXPECT_TRUE(absl::StrContains(line, "77")) << line;
      EXPECT_TRUE(absl::StrContains(line, "might_be_fit")) << line;
      EXPECT_TRUE(absl::StrContains(line, "completed")) << line;
      EXPECT_TRUE(absl::StrContains(line, "CLARA screening")) << line;
    }
  }
  EXPECT_TRUE(found);
  absl::StatusOr<Json> moved = PostSim(server_->base_url(), "/_sim/move", {{"candidate_id", 54328}, {"stage", "Interview"}});
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ((*moved)["stage"], "Interview");
  EXPECT_FALSE(PostSim(server_->base_url(), "/_sim/move", {{"candidate_id", 1}, {"stage", "Interview"}}).ok());
}

TEST(FlagsTest, FlagsEnvironmentAndDefaults) {
  setenv("TTSIM_PARTNER_API_KEY", "from-env", 1);
  const std::map<std::string, std::string> kDefaults = {
      {"port", "0"}, {"partner_api_key", "sim-partner-key"}, {"host", "127.0.0.1"}};
  absl::StatusOr<Flags> f = Flags::Parse({"--port=8090", "--host", "0.0.0.0"}, kDefaults);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(*f->GetInt("port"), 8090);
  EXPECT_EQ(f->Get("host"), "0.0.0.0");
  EXPECT_EQ(f->Get("partner_api_key"), "from-env");
  absl::StatusOr<Flags> over = Flags::Parse({"--partner-api-key=flag"}, kDefaults);
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(over->Get("partner_api_key"), "flag");
  unsetenv("TTSIM_PARTNER_API_KEY");
  EXPECT_FALSE(Flags::Parse({"--nope=1"}, kDefaults).ok());
  EXPECT_FALSE(Flags::Parse({"--port"}, kDefaults).ok());
  EXPECT_FALSE(Flags::Parse({"--port=x"}, kDefaults)->GetInt("port").ok());
}

}  // namespace
}  // namespace clara::ttsim
