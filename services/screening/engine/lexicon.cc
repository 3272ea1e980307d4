#include "services/screening/engine/lexicon.h"

#include "services/screening/engine/word_table.h"
#include "services/screening/engine/date_ranges.h"
#include "services/screening/engine/document.h"
#include "services/screening/engine/levels.h"
#include "services/screening/engine/negation.h"
#include "services/screening/engine/taxonomy.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

struct LexEntry {
  uint16_t cues = 0;
  uint8_t month = 0;
  uint8_t level = 0;
  uint8_t stop_lang = 0;
  uint8_t header = 0;
  uint8_t date_flags = 0;
};

const WordTable<LexEntry>& Lexicon() {
  static const auto* kLex = [] {
    auto* m = new WordTable<LexEntry>();
    for (const auto& [w, c] : CueWords()) (*m)[w].cues |= c;
    for (const auto& [w, mo] : MonthWords()) (*m)[w].month = static_cast<uint8_t>(mo);
    for (const auto& [w, f] : DateFlagWords()) (*m)[w].date_flags |= f;
    for (const auto& [w, l] : LevelWordTable()) {
      (*m)[w].level = static_cast<uint8_t>(LevelOfWord(w, false));
    }
    for (const auto& [w, s] : HeaderWordTable()) {
      (*m)[w].header = static_cast<uint8_t>(static_cast<int>(s) + 1);
    }
    for (const auto& [w, l] : StopWordTable()) {
      (*m)[w].stop_lang = static_cast<uint8_t>(static_cast<int>(l) + 1);
    }
    return m;
  }();
  return *kLex;
}

}  // namespace

void AnnotateToken(std::string_view folded, Token* token) {
  // Numbers and very long words are in no closed class.
  if ((token->flags & kTokNumeric) || folded.size() > 24) return;
  const LexEntry* found = Lexicon().Find(folded, token->hash);
  if (found != nullptr) {
    const LexEntry& e = *found;
    token->cues = e.cues;
    token->month = e.month;
    token->level = e.level;
    token->stop_lang = e.stop_lang;
    token->header = e.header;
    token->date_flags = e.date_flags;
  }
  if (folded.size() > 10) token->cues |= CueSuffixOf(folded);
}

}  // namespace clara::screening::engine
