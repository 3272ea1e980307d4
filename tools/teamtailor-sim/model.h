// The simulator's in-memory data model: one Teamtailor company (its API keys, users, jobs with
// stages and questions, candidates with applications, answers and resumes) plus everything an
// integration can write (tags, custom field values, notes, stage moves, partner results) and the
// partner events the simulator fired. Plain structs; the server guards one Company with a mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace clara::ttsim {

// Key order is kept as inserted so bodies read like Teamtailor's.
using Json = nlohmann::ordered_json;

// Teamtailor API key levels; a higher level can read everything a lower one can.
enum class KeyLevel { kPublic = 0, kInternal = 1, kAdmin = 2 };

struct ApiKey {
  std::string name;  // used in statistics and logs instead of the key itself
  std::string key;
  KeyLevel level = KeyLevel::kPublic;
  bool can_read = true;
  bool can_write = false;
};

struct User {
  int64_t id = 0;
  std::string name, email, title, role, phone;
};

struct Department {
  int64_t id = 0;
  std::string name;
};

struct Role {
  int64_t id = 0;
  std::string name;
  int64_t department_id = 0;
};

struct Location {
  int64_t id = 0;
  std::string name, city, country, address, zip;
};

struct Alternative {
  int64_t id = 0;
  std::string title;
};

struct Question {
  int64_t id = 0;
  std::string title;
  std::string question_type;  // Boolean | Choice | Range | Text
  std::vector<Alternative> alternatives;  // Choice
  bool multiple = false;                  // Choice
  std::string unit;                       // Range
  int start_with = 0, end_with = 0;       // Range
};

struct PickedQuestion {
  int64_t id = 0, job_id = 0, question_id = 0;
  bool mandatory = false;
  int row_order = 0;
};

struct Stage {
  int64_t id = 0, job_id = 0;
  std::string name;
  std::string stage_type;  // Inbox | In process | Hired
  int row_order = 0;
  int64_t trigger_id = 0;  // non-zero: the stage carries the CLARA trigger
  Json webhook_data = Json::object();  // the trigger's picked config values
  absl::Time created_at;
};

struct Job {
  int64_t id = 0;
  std::string title, pitch, body, status, remote_status, language_code, currency, slug;
  std::vector<std::string> tags;
  int64_t user_id = 0, department_id = 0, role_id = 0;
  std::vector<int64_t> location_ids;
  absl::Time created_at, updated_at;
};

struct Candidate {
  int64_t id = 0;
  std::string uuid, first_name, last_name, email, phone, pitch, linkedin_url;
  std::vector<std::string> tags;
  std::string resume_file_name;                   // empty: no resume
  std::shared_ptr<const std::string> resume_pdf;  // the PDF bytes
  absl::Time created_at, updated_at;
};

struct JobApplication {
  int64_t id = 0, candidate_id = 0, job_id = 0, stage_id = 0;
  std::string cover_letter;
  std::optional<absl::Time> rejected_at;
  int64_t reject_reason_id = 0;
  absl::Time created_at, updated_at, changed_stage_at;
};

struct Answer {
  int64_t id = 0, candidate_id = 0, question_id = 0;
  std::optional<bool> boolean;
  std::vector<int64_t> choices;
  std::optional<int> range;
  std::optional<std::string> text;
  absl::Time created_at;
};

struct CustomField {
  int64_t id = 0;
  std::string name, api_name;
  std::string field_type;  // CustomField::Text | Number | Checkbox | ...
  std::string owner_type;  // Candidate | Job
};

struct CustomFieldValue {
  int64_t id = 0, custom_field_id = 0;
  std::string owner_type;  // candidates | jobs (JSON:API type)
  int64_t owner_id = 0;
  Json value;
  absl::Time created_at, updated_at;
};

struct Note {
  int64_t id = 0, candidate_id = 0;
  int64_t user_id = 0;  // 0: none
  std::string note;
  absl::Time created_at, updated_at;
};

struct RejectReason {
  int64_t id = 0;
  std::string reason;
};

struct PartnerResult {
  std::string id;  // UUID
  int64_t candidate_id = 0, job_id = 0;
  std::string event_id;      // the partner event that created it; empty if created by POST
  Json attributes;           // status, summary, url, assessment, details, ...
  std::vector<Json> history;  // one entry per change: {"at","source","attributes"}
  std::string delivery_message;  // why the webhook delivery failed, if it did
  absl::Time created_at, updated_at;
};

struct WebhookDelivery {
  std::string endpoint;   // "webhook" or an action endpoint
  int status_code = 0;    // 0: no HTTP response
  std::string outcome;    // queued | sent | pending | failed
  std::string message;    // for failures: the response body or the transport error
  absl::Time at;
};

struct PartnerEvent {
  std::string id;  // UUID
  int64_t candidate_id = 0, job_application_id = 0, stage_id = 0;
  std::string partner_result_id;
  Json body;  // exactly what was POSTed
  std::vector<WebhookDelivery> deliveries;
  absl::Time created_at;
};

// One company webhook (job/candidate/job_application × create/update/destroy) and its single
// delivery attempt. `payload_text` is the exact compact JSON text of the body's "payload" member:
// signed once and spliced into `body` unchanged.
struct CompanyWebhook {
  int64_t id = 0;          // sequence number, 1, 2, ... in firing order
  std::string event_name;  // e.g. "job.update"
  std::string resource_type, resource_id;  // JSON:API type and id, e.g. "jobs", "12345"
  std::string url;
  int64_t t = 0;           // the signature's timestamp (unix seconds)
  std::string signature;   // the TT-Signature header value (also the body's "signature")
  std::string payload_text;
  std::string body;        // exactly what was POSTed
  int status_code = 0;     // 0: no HTTP response
  std::string outcome;     // queued | sent | failed
  std::string message;     // for failures: the response body or the transport error
  absl::Time created_at, delivered_at;
};

struct Company {
  std::string uuid, name, url;
  std::vector<ApiKey> api_keys;
  std::string integration_key;  // the provider key (a UUID) shown as the Integration Key

  std::map<int64_t, User> users;
  std::map<int64_t, Department> departments;
  std::map<int64_t, Role> roles;
  std::map<int64_t, Location> locations;
  std::map<int64_t, Question> questions;
  std::map<int64_t, PickedQuestion> picked_questions;
  std::map<int64_t, Stage> stages;
  std::map<int64_t, Job> jobs;
  std::map<int64_t, Candidate> candidates;
  std::map<int64_t, JobApplication> job_applications;
  std::map<int64_t, Answer> answers;
  std::map<int64_t, CustomField> custom_fields;
  std::map<int64_t, CustomFieldValue> custom_field_values;
  std::map<int64_t, Note> notes;
  std::map<int64_t, RejectReason> reject_reasons;
  std::map<std::string, PartnerResult> partner_results;
  std::vector<std::string> partner_result_order;  // creation order
  std::map<std::string, PartnerEvent> events;
  std::vector<std::string> event_order;

  std::vector<CompanyWebhook> company_webhooks;  // firing order
  // The trigger config given to /_sim/trigger-config without a job: new jobs start with it.
  Json default_webhook_data = Json::object();

  int64_t next_custom_field_value_id = 60001;
  int64_t next_note_id = 80001;
  // Ids for records created at run time (jobs, candidates, ... through /_sim); BuildDemoCompany
  // sets them past the seeded ones.
  int64_t next_job_id = 1;
  int next_job_index = 0;  // stage ids of a new job: StageId(index, k)
  int64_t next_question_id = 1;
  int64_t next_alternative_id = 1;
  int64_t next_picked_question_id = 1;
  int64_t next_candidate_id = 1;
  int64_t next_job_application_id = 1;
  int64_t next_answer_id = 1;
  int64_t next_company_webhook_id = 1;
};

}  // namespace clara::ttsim
