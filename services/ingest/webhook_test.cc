#include "services/ingest/webhook.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/crypto.h"
#include "gtest/gtest.h"

namespace clara::ingest {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1790000000);

TEST(BearerTokenTest, Cases) {
  const struct {
    const char* header;
    absl::StatusCode code;
    const char* token;
  } kCases[] = {
      {"Bearer abc-123", absl::StatusCode::kOk, "abc-123"},
      {"  Bearer   abc  ", absl::StatusCode::kOk, "abc"},
      {"", absl::StatusCode::kUnauthenticated, ""},
      {"Bearer ", absl::StatusCode::kUnauthenticated, ""},
      {"Token token=abc", absl::StatusCode::kUnauthenticated, ""},
      {"Basic YWJj", absl::StatusCode::kUnauthenticated, ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.header);
    auto t = BearerToken(c.header);
    EXPECT_EQ(t.status().code(), c.code);
    if (t.ok()) {
      EXPECT_EQ(*t, c.token);
    }
  }
}

TEST(PartnerSignatureTest, Cases) {
  const std::string secret = "webhook-secret";
  const std::string id = "6f1c2b7e-event";
  const std::string good = SignPartnerEvent(id, secret, kNow);
  const std::string v1 = crypto::HmacSha256Hex(secret, "1790000000." + id);
  const struct {
    const char* name;
    std::string header;
    std::string id;
    absl::StatusCode code;
  } kCases[] = {
      {"valid", good, id, absl::StatusCode::kOk},
      {"valid, v0 first", "v0=deadbeef,t=1790000000,v1=" + v1, id, absl::StatusCode::kOk},
      {"4 minutes old", SignPartnerEvent(id, secret, kNow - absl::Minutes(4)), id, absl::StatusCode::kOk},
      {"6 minutes old", SignPartnerEvent(id, secret, kNow - absl::Minutes(6)), id, absl::StatusCode::kUnauthenticated},
      {"6 minutes ahead", SignPartnerEvent(id, secret, kNow + absl::Minutes(6)), id, absl::StatusCode::kUnauthenticated},
      {"other event id", good, "other-event", absl::StatusCode::kUnauthenticated},
      {"other secret", SignPartnerEvent(id, "nope", kNow), id, absl::StatusCode::kUnauthenticated},
      {"decoy only", "t=1790000000,v0=" + v1, id, absl::StatusCode::kUnauthenticated},
      {"missing", "", id, absl::StatusCode::kUnauthenticated},
      {"garbage t", "t=abc,v1=" + v1, id, absl::StatusCode::kUnauthenticated},
      {"upper-case hex", "t=1790000000,v1=" + std::string(v1.size(), 'A'), id, absl::StatusCode::kUnauthenticated},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    absl::Status s = VerifyPartnerSignature(c.header, c.id, secret, kNow);
    EXPECT_EQ(s.code(), c.code) << s;
    EXPECT_EQ(std::string(s.message()).find(v1), std::string::npos);
  }
}

TEST(ParsePartnerWebhookTest, ContractExampleParses) {
  const std::string body = R"({"partner-event":{"id":"6f1c","webhook-data":{"threshold":"70"},
    "partner-result":{"id":"a9e2","status":"sending","update-url":"https://tt.example/partner/v1/partner-results/a9e2"},
    "candidate":{"id":54321,"uuid":"u","first-name":"Ada","last-name":"L","email":"a@example.com","tags":["x"],
      "job":{"id":12345,"title":"Eng","stage-id":1,"stage":"Inbox","trigger-id":1,
             "custom-fields":[{"is-remote":{"value":true,"type":"boolean"}}],"status":{"rejected":false},
             "triggered-by":{"id":31,"email":"r@example.com","name":"R"}},
      "questions":[{"question":"Permit?","answer":"yes"},{"question":"Stack","answer":["Ruby","Ember.js"]},
                   {"question":"Years","answer":"4 years"}],
      "custom-fields":[{"has-driver-license":{"value":true,"type":"boolean"}}],
      "resume":{"file-name":"cv.pdf","url":"https://tt.example/cv.pdf"},
      "some-future-field":{"nested":[1,2,3]}}},
    "company":{"uuid":"vAX","name":"Acme","url":"https://acme.example"},"extra-top-level":true})";
  auto hook = ParsePartnerWebhook(body);
  ASSERT_TRUE(hook.ok()) << hook.status();
  const auto& e = hook->partner_event();
  EXPECT_EQ(e.id(), "6f1c");
  EXPECT_EQ(e.webhook_data().fields().at("threshold").string_value(), "70");
  EXPECT_EQ(e.partner_result().update_url(), "https://tt.example/partner/v1/partner-results/a9e2");
  EXPECT_EQ(e.candidate().id(), 54321);
  EXPECT_EQ(e.candidate().first_name(), "Ada");
  EXPECT_EQ(e.candidate().job().id(), 12345);
  EXPECT_EQ(e.candidate().job().stage_id(), 1);
  ASSERT_EQ(e.candidate().questions_size(), 3);
  EXPECT_EQ(e.candidate().questions(0).answer().string_value(), "yes");
  EXPECT_EQ(e.candidate().questions(1).answer().list_value().values_size(), 2);
  EXPECT_EQ(e.candidate().resume().url(), "https://tt.example/cv.pdf");
  EXPECT_EQ(hook->company().name(), "Acme");
}

TEST(ParsePartnerWebhookTest, RejectsBadBodies) {
  const struct {
    const char* name;
    const char* body;
  } kCases[] = {
      {"not json", "{nope"},
      {"empty", ""},
      {"array", "[]"},
      {"no event", R"({"company":{}})"},
      {"no id", R"({"partner-event":{"partner-result":{"update-url":"https://x"},"candidate":{"id":1}}})"},
      {"no update url", R"({"partner-event":{"id":"e","candidate":{"id":1}}})"},
      {"no candidate", R"({"partner-event":{"id":"e","partner-result":{"update-url":"https://x"}}})"},
      {"wrong type", R"({"partner-event":{"id":"e","partner-result":{"update-url":"https://x"},"candidate":{"id":"abc"}}})"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ParsePartnerWebhook(c.body).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace clara::ingest

namespace clara::ingest {
namespace {

TEST(RawMemberTest, ReturnsTheExactBytes) {
  const struct {
    const char* name;
    std::string body;
    std::string member;
    absl::StatusCode code;
    std::string raw;
  } kCases[] = {
      {"compact", R"({"payload":{"a":1,"b":"x"},"signature":"s"})", "payload", absl::StatusCode::kOk,
       R"({"a":1,"b":"x"})"},
      {"spaces and order kept", R"({ "signature" : "s" , "payload" : { "b" : [1, 2] , "a" : "\"}" } })", "payload",
       absl::StatusCode::kOk, R"({ "b" : [1, 2] , "a" : "\"}" })"},
      {"escapes kept", R"({"payload":{"t":"caf\u00e9 \/"}})", "payload", absl::StatusCode::kOk, R"({"t":"caf\u00e9 \/"})"},
      {"nested key of the same name ignored", R"({"x":{"payload":1},"payload":2})", "payload", absl::StatusCode::kOk, "2"},
      {"missing", R"({"x":1})", "payload", absl::StatusCode::kInvalidArgument, ""},
      {"not an object", R"([1,2])", "payload", absl::StatusCode::kInvalidArgument, ""},
      {"unterminated", R"({"payload":{"a":"x})", "payload", absl::StatusCode::kInvalidArgument, ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    auto raw = RawMember(c.body, c.member);
    EXPECT_EQ(raw.status().code(), c.code) << raw.status();
    if (raw.ok()) {
      EXPECT_EQ(*raw, c.raw);
    }
  }
}

TEST(CompanySignatureTest, VerifiesOverRawPayload) {
  const std::string secret = "company-secret";
  const std::string raw = R"({"event_name":"job.update","data":{"id":"2","type":"jobs"}})";
  const std::string reordered = R"({"data":{"id":"2","type":"jobs"},"event_name":"job.update"})";
  const struct {
    const char* name;
    std::string header;
    std::string payload;
    absl::StatusCode code;
  } kCases[] = {
      {"valid", SignCompanyPayload(raw, secret, kNow), raw, absl::StatusCode::kOk},
      {"re-serialized payload fails", SignCompanyPayload(raw, secret, kNow), reordered,
       absl::StatusCode::kUnauthenticated},
      {"other secret", SignCompanyPayload(raw, "x", kNow), raw, absl::StatusCode::kUnauthenticated},
      {"too old", SignCompanyPayload(raw, secret, kNow - absl::Minutes(6)), raw, absl::StatusCode::kUnauthenticated},
      {"not base64", "t=1,v2=ab", raw, absl::StatusCode::kUnauthenticated},
      {"missing", "", raw, absl::StatusCode::kUnauthenticated},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(VerifyCompanySignature(c.header, c.payload, secret, kNow).code(), c.code);
  }
}

TEST(PartnerSignaturePrecheckTest, NeedsNoEventId) {
  const std::string secret = "webhook-secret";
  EXPECT_TRUE(PrecheckPartnerSignature(SignPartnerEvent("any", secret, kNow), kNow).ok());
  EXPECT_EQ(PrecheckPartnerSignature("", kNow).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(PrecheckPartnerSignature("t=abc,v1=00", kNow).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(PrecheckPartnerSignature(SignPartnerEvent("any", secret, kNow - absl::Minutes(6)), kNow).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(PartnerEventIdTest, FoundWithoutParsingTheRest) {
  EXPECT_EQ(*PartnerEventId(R"({"company":{"uuid":"c"},"partner-event":{"candidate":{"id":1},"id":"evt-1"}})"),
            "evt-1");
  EXPECT_EQ(*PartnerEventId(R"({"partner-event":{"id":"a\"b\u00e9"}})"), "a\"b\xc3\xa9");
  // The rest need not be valid JSON: only the path to the id is scanned.
  EXPECT_EQ(*PartnerEventId(R"({"partner-event":{"id":"evt-2","candidate":{]]]})"), "evt-2");
  EXPECT_EQ(PartnerEventId(R"({"partner-event":{"id":7}})").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PartnerEventId(R"({"other":{"id":"x"}})").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PartnerEventId("{\"partner-event\": {").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PartnerEventId("not json").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CheckJsonTextTest, DepthAndNul) {
  const std::string ok = R"({"partner-event":{"id":"e","webhook-data":{"a":[[["x"]]]},"s":"[[[[{{{{ \\u0000"}})";
  EXPECT_TRUE(teamtailor::CheckJsonText(ok, 6).ok()) << "brackets and an escaped backslash inside strings count not";
  EXPECT_EQ(teamtailor::CheckJsonText(ok, 5).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(teamtailor::CheckJsonText("[[[[[[]]]]]]", 5).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(teamtailor::CheckJsonText("[[[[[]]]]]", 5).ok());
  EXPECT_EQ(teamtailor::CheckJsonText(R"({"id":"a\u0000b"})", 64).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(teamtailor::CheckJsonText(std::string("{\"id\":\"a") + '\0' + "b\"}", 64).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(teamtailor::CheckJsonText(std::string("{\"id\":\"a\\") + '\0' + "b\"}", 64).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(teamtailor::CheckJsonText(R"({"id":"a\u0001b"})", 64).ok());
}

TEST(ParsePartnerWebhookTest, FiftyThousandDeepIsRefusedQuickly) {
  const std::string deep = absl::StrCat(R"({"partner-event":{"id":"evt","webhook-data":{"a":)",
                                        std::string(50000, '['), std::string(50000, ']'), "}}}");
  const absl::Time start = absl::Now();
  auto hook = ParsePartnerWebhook(deep);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(100));
  EXPECT_EQ(hook.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(hook.status().message(), "JSON nested deeper than 64 levels");
}

TEST(ParsePartnerWebhookTest, NulInAnIdIsRefused) {
  const std::string body = R"({"partner-event":{"id":"evt-a\u0000b","partner-result":{"id":"pr","update-url":"https://x"},"candidate":{"id":1}}})";
  auto hook = ParsePartnerWebhook(body);
  EXPECT_EQ(hook.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(hook.status().message(), "NUL")) << hook.status();
}

}  // namespace
}  // namespace clara::ingest
