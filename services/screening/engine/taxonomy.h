// The skill / role / language / licence taxonomy and its matching automaton.
//
// The taxonomy is data (services/screening/engine/taxonomy/*.tsv, format in
// the README there) embedded into the library at build time. It is compiled
// once into a single Aho-Corasick automaton over folded tokens: each alias
// ("Postgres", "PG", "k8s", "Elektroniker/in für Energie- und
// Gebäudetechnik") is a sequence of vocabulary ids, and a text is matched in
// one left-to-right pass with leftmost-longest resolution. Tokens not in the
// vocabulary are retried through a Snowball stem (libstemmer) of the text's
// language when the term allows stemming.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "services/screening/engine/text.h"
#include "services/screening/engine/word_table.h"

namespace clara::screening::engine {

enum class TermKind : uint8_t {
  kSkill,
  kRole,
  kDomain,
  kLanguage,
  kLicence,
  kCertification,
  kEducation,
};

// Languages with a Snowball stemmer.
enum class Lang : uint8_t { kEn, kSv, kNo, kDa, kFi, kDe, kNl, kFr, kEs, kCount };

std::string_view LangCode(Lang lang);
Lang LangFromCode(std::string_view code);  // unknown -> kEn

// Stop words fairly specific to one language (for the lexicon).
const absl::flat_hash_map<std::string_view, Lang>& StopWordTable();

// Guesses the language of a tokenized text from stop words.
Lang DetectLanguage(const TokenizedText& text);

struct TermInfo {
  std::string id;
  TermKind kind = TermKind::kSkill;
  std::string label;
  std::vector<int> parents;
  bool stem = false;
  bool generic = false;  // a broad role ("developer") yielding to skills
  bool basic = false;    // a basic competence: a listed mention is evidence
  std::vector<std::string> aliases;
  std::vector<int> ancestors;  // sorted, includes the term itself
};

// One match of a term alias in a tokenized text: tokens [begin, end).
struct TermMatch {
  int term = -1;
  uint32_t begin = 0;
  uint32_t end = 0;
};

class Taxonomy {
 public:
  // The taxonomy built from the embedded data files (built once).
  static const Taxonomy& Default();

  // Builds a taxonomy from TSV file contents. INVALID_ARGUMENT on malformed
  // lines, unknown kinds, unknown parents or duplicate ids.
  static absl::StatusOr<std::unique_ptr<Taxonomy>> FromTsv(
      const std::vector<std::string_view>& files);

  ~Taxonomy();
  Taxonomy(const Taxonomy&) = delete;
  Taxonomy& operator=(const Taxonomy&) = delete;

  size_t size() const { return terms_.size(); }
  size_t alias_count() const { return patterns_.size(); }
  const TermInfo& term(int i) const { return terms_[i]; }
  // -1 if unknown.
  int Find(std::string_view id) const;
  // True if `term` is `ancestor` or has it among its (transitive) parents.
  bool IsA(int term, int ancestor) const;

  // Appends the leftmost-longest matches in `text` (sorted by begin).
  // `lang` selects the stemmer for tokens not found verbatim.
  void FindMatches(const TokenizedText& text, Lang lang,
                   std::vector<TermMatch>* out) const;

  // Convenience: distinct term ids mentioned in a string (any language).
  std::vector<int> TermsIn(std::string_view text) const;

 private:
  Taxonomy() = default;
  absl::Status Build();

  struct Pattern {
    int term;
    uint16_t len;
    bool case_sensitive;
    bool allow_stem;
    bool homograph;  // "?alias": also a common word; see FindMatches
    std::vector<std::string> raw;  // case-sensitive token forms
  };

  std::vector<TermInfo> terms_;
  absl::flat_hash_map<std::string, int> by_id_;
  std::vector<Pattern> patterns_;
  WordTable<uint32_t> vocab_;                         // folded word -> id
  absl::flat_hash_map<std::string, uint32_t> stems_;  // stem -> word id
  std::vector<uint64_t> stem_gate_;  // bitmap of hashed 4-byte stem prefixes
  // Automaton.
  absl::flat_hash_map<uint64_t, uint32_t> go_;
  std::vector<uint32_t> fail_;
  std::vector<uint32_t> out_begin_;  // per node, into out_
  std::vector<uint32_t> out_;        // pattern ids
};

// Stems a folded word with the Snowball stemmer for `lang` (thread-safe;
// one stemmer per thread and language).
std::string_view StemWord(std::string_view word, Lang lang);

}  // namespace clara::screening::engine
