// Structure of one piece of candidate evidence (résumé, pitch, answer).
//
// A résumé is split into lines, section headers ("EXPERIENCE",
// "Berufserfahrung", "KÖRKORT OCH BEHÖRIGHETER", "Sprachen"), and dated
// entries (a date range with its title line and body). Each taxonomy match
// is annotated with where it sits (experience prose, skills list, course,
// interests, buzzword dump) and which cues surround it (negation,
// qualifiers). Everything here is computed once per Score() call into
// reusable buffers.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/screening/engine/date_ranges.h"
#include "services/screening/engine/negation.h"
#include "services/screening/engine/taxonomy.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {

enum class Section : uint8_t {
  kUnknown,
  kSummary,
  kExperience,
  kEducation,
  kSkills,
  kLanguages,
  kCourses,
  kLicences,
  kProjects,
  kInterests,
  kOther,
  kPersonal,
};

enum class SourceKind : uint8_t { kResume, kPitch, kCoverLetter, kAnswer, kCustom };

struct LineInfo {
  Section section = Section::kUnknown;
  bool header = false;
  bool list_like = false;  // a comma/bullet list of short items
  bool stuffed = false;    // a long buzzword dump (>= 20 items)
  int entry = -1;          // dated entry this line belongs to
  bool entry_title = false;
};

struct ResumeEntry {
  MonthSpan span;
  uint32_t date_line = 0;
  uint32_t title_line = 0;
  uint32_t first_line = 0;  // min(title_line, date_line)
  uint32_t last_line = 0;   // inclusive
  bool training = false;    // Ausbildung, internship, summer job …
  Section section = Section::kUnknown;
};

// Where a mention sits, from strongest to weakest.
enum class Context : uint8_t {
  kProse,    // experience/projects/summary prose
  kList,     // skills list or list-like line
  kCourse,   // education / courses / certificates / licences section
  kStuffed,  // buzzword dump
  kIgnored,  // interests, personal data
};

struct Mention {
  int term = -1;
  uint32_t begin = 0;  // token range
  uint32_t end = 0;
  uint16_t cues = 0;   // SegmentCues
  bool negated = false;
  Context context = Context::kProse;
  int entry = -1;
  bool in_title = false;
};

struct AnalyzedSource {
  SourceKind kind = SourceKind::kResume;
  std::string_view id;  // question id for answers
  std::string_view text;
  TokenizedText tokens;
  Lang lang = Lang::kEn;
  std::vector<uint16_t> cues;
  std::vector<LineInfo> lines;
  std::vector<ResumeEntry> entries;
  std::vector<TermMatch> matches;
  std::vector<Mention> mentions;
  bool has_stuffing = false;
  std::vector<uint32_t> section_start_scratch_;

  // Tokenizes and analyses `text`. Résumé structure (sections, entries) is
  // computed for every kind; short sources simply have few lines.
  void Analyze(SourceKind k, std::string_view source_id, std::string_view t,
               const Taxonomy& taxonomy, int today_month);
};

// Header words (for the lexicon).
const absl::flat_hash_map<std::string_view, Section>& HeaderWordTable();

// Section named by a header line's words, or kUnknown if the line is not a
// header. Exposed for tests.
Section HeaderSection(const TokenizedText& t, uint32_t line);

}  // namespace clara::screening::engine
