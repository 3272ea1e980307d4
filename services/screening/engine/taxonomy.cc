#include "services/screening/engine/taxonomy.h"
#include "services/screening/engine/lang_data.h"
#include "services/screening/engine/strings.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <memory>
#include <deque>

#include "absl/strings/str_cat.h"

namespace clara::screening::engine {

// Defined in the build-generated taxonomy_data.cc.
extern const std::string_view kTaxonomyFiles[];
extern const size_t kTaxonomyFileCount;

namespace {

constexpr std::array<const char*, static_cast<size_t>(Lang::kCount)>
    kStemmerNames = {"english", "swedish", "norwegian", "danish",
                     "finnish", "german",  "dutch",     "french",
                     "spanish"};

uint32_t Prefix4(std::string_view s) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    v = (v << 8) | static_cast<unsigned char>(i < s.size() ? s[i] : 0);
  }
  return v;
}

constexpr uint32_t kGateBits = 1u << 16;
uint32_t GateIndex(uint32_t prefix) { return (prefix * 2654435761u) >> 16; }

struct Stemmers {
  std::array<sb_stemmer*, static_cast<size_t>(Lang::kCount)> s{};
  ~Stemmers() {
    for (sb_stemmer* p : s) {
      if (p != nullptr) sb_stemmer_delete(p);
    }
  }
};

absl::StatusOr<TermKind> ParseKind(std::string_view k) {
  if (k == "skill") return TermKind::kSkill;
  if (k == "role") return TermKind::kRole;
  if (k == "domain") return TermKind::kDomain;
  if (k == "language") return TermKind::kLanguage;
  if (k == "licence") return TermKind::kLicence;
  if (k == "certification") return TermKind::kCertification;
  if (k == "education") return TermKind::kEducation;
  return absl::InvalidArgumentError(absl::StrCat("unknown kind '", AV(k), "'"));
}

}  // namespace

std::string_view StemWord(std::string_view word, Lang lang) {
  thread_local Stemmers stemmers;
  size_t idx = static_cast<size_t>(lang);
  if (stemmers.s[idx] == nullptr) {
    stemmers.s[idx] = sb_stemmer_new(kStemmerNames[idx], "UTF_8");
  }
  sb_stemmer* st = stemmers.s[idx];
  if (st == nullptr) return word;
  const sb_symbol* out = sb_stemmer_stem(
      st, reinterpret_cast<const sb_symbol*>(word.data()),
      static_cast<int>(word.size()));
  if (out == nullptr) return word;
  return std::string_view(reinterpret_cast<const char*>(out),
                          sb_stemmer_length(st));
}

std::string_view LangCode(Lang lang) {
  static constexpr std::array<std::string_view, static_cast<size_t>(Lang::kCount)> kCodes = {
      "en", "sv", "no", "da", "fi", "de", "nl", "fr", "es"};
  return kCodes[static_cast<size_t>(lang)];
}

Lang LangFromCode(std::string_view code) {
  std::string c(code.substr(0, 2));
  for (char& ch : c) ch = static_cast<char>(std::tolower(ch));
  if (c == "sv") return Lang::kSv;
  if (c == "no" || c == "nb" || c == "nn") return Lang::kNo;
  if (c == "da") return Lang::kDa;
  if (c == "fi") return Lang::kFi;
  if (c == "de") return Lang::kDe;
  if (c == "nl") return Lang::kNl;
  if (c == "fr") return Lang::kFr;
  if (c == "es") return Lang::kEs;
  return Lang::kEn;
}

const absl::flat_hash_map<std::string_view, Lang>& StopWordTable() {
  // Stop words that are frequent and fairly specific to one language.
  static const auto* kStop = new absl::flat_hash_map<std::string_view, Lang>{
      {"the", Lang::kEn},   {"and", Lang::kEn},   {"with", Lang::kEn},
      {"of", Lang::kEn},    {"for", Lang::kEn},   {"my", Lang::kEn},
      {"och", Lang::kSv},   {"att", Lang::kSv},   {"jag", Lang::kSv},
      {"inom", Lang::kSv},  {"ett", Lang::kSv},   {"och", Lang::kSv},
      {"fran", Lang::kSv},  {"mig", Lang::kSv},   {"jeg", Lang::kNo},
      {"ikke", Lang::kNo},  {"og", Lang::kNo},    {"til", Lang::kNo},
      {"af", Lang::kDa},    {"ogsa", Lang::kDa},  {"hvor", Lang::kDa},
      {"und", Lang::kDe},   {"der", Lang::kDe},   {"die", Lang::kDe},
      {"mit", Lang::kDe},   {"ich", Lang::kDe},   {"fur", Lang::kDe},
      {"von", Lang::kDe},   {"het", Lang::kNl},   {"een", Lang::kNl},
      {"voor", Lang::kNl},  {"niet", Lang::kNl},  {"et", Lang::kFr},
      {"les", Lang::kFr},   {"pour", Lang::kFr},  {"avec", Lang::kFr},
      {"ja", Lang::kFi},    {"on", Lang::kEn},    {"ole", Lang::kFi},
      {"kanssa", Lang::kFi},  {"los", Lang::kEs},   {"las", Lang::kEs},
      {"del", Lang::kEs},   {"para", Lang::kEs},  {"con", Lang::kEs},
      {"una", Lang::kEs},   {"experiencia", Lang::kEs},
  };
  return *kStop;
}

Lang DetectLanguage(const TokenizedText& text) {
  std::array<int, static_cast<size_t>(Lang::kCount)> counts{};
  size_t n = std::min<size_t>(text.size(), 400);
  for (size_t i = 0; i < n; ++i) {
    uint8_t l = text.tokens()[i].stop_lang;
    if (l != 0) ++counts[l - 1];
  }
  size_t best = 0;
  for (size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return static_cast<Lang>(best);
}

Taxonomy::~Taxonomy() = default;

const Taxonomy& Taxonomy::Default() {
  static const Taxonomy* kDefault = [] {
    std::vector<std::string_view> files(kTaxonomyFiles,
                                        kTaxonomyFiles + kTaxonomyFileCount);
    auto t = FromTsv(files);
    if (!t.ok()) {
      // The embedded data is checked by taxonomy_test; an empty taxonomy
      // keeps the engine usable rather than crashing a service.
      auto empty = FromTsv({});
      return empty.value().release();
    }
    return t.value().release();
  }();
  return *kDefault;
}

absl::StatusOr<std::unique_ptr<Taxonomy>> Taxonomy::FromTsv(
    const std::vector<std::string_view>& files) {
  std::unique_ptr<Taxonomy> t(new Taxonomy());
  std::vector<std::vector<std::string>> pending_parents;
  for (std::string_view file : files) {
    int line_no = 0;
    for (std::string_view line : Split(file, '\n')) {
      ++line_no;
      line = Strip(line);
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string_view> cols = Split(line, '\t');
      if (cols.size() != 6) {
        return absl::InvalidArgumentError(
            absl::StrCat("taxonomy line ", line_no, ": expected 6 columns, got ",
                         cols.size(), ": ", AV(line)));
      }
      TermInfo info;
      info.id = std::string(cols[0]);
      auto kind = ParseKind(cols[1]);
      if (!kind.ok()) return kind.status();
      info.kind = *kind;
      info.label = std::string(cols[2]);
      std::vector<std::string> parents;
      if (cols[3] != "-" && !cols[3].empty()) {
        for (std::string_view p : Split(cols[3], ',')) {
          parents.emplace_back(Strip(p));
        }
      }
      info.stem = cols[4].find("stem") != std::string_view::npos &&
                  cols[4].find("nostem") == std::string_view::npos;
      info.generic = cols[4].find("generic") != std::string_view::npos;
      info.basic = cols[4].find("basic") != std::string_view::npos;
      if (cols[5] != "-") {
        for (std::string_view a : Split(cols[5], '|')) {
          a = Strip(a);
          if (!a.empty()) info.aliases.emplace_back(a);
        }
      }
      if (t->by_id_.contains(info.id)) {
        return absl::InvalidArgumentError(
            absl::StrCat("duplicate taxonomy id '", info.id, "'"));
      }
      t->by_id_[info.id] = static_cast<int>(t->terms_.size());
      t->terms_.push_back(std::move(info));
      pending_parents.push_back(std::move(parents));
    }
  }
  for (size_t i = 0; i < t->terms_.size(); ++i) {
    for (const std::string& p : pending_parents[i]) {
      auto it = t->by_id_.find(p);
      if (it == t->by_id_.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "taxonomy term '", t->terms_[i].id, "': unknown parent '", p, "'"));
      }
      t->terms_[i].parents.push_back(it->second);
    }
  }
  absl::Status st = t->Build();
  if (!st.ok()) return st;
  return t;
}

absl::Status Taxonomy::Build() {
  // Ancestor closure.
  for (size_t i = 0; i < terms_.size(); ++i) {
    std::vector<int> stack = {static_cast<int>(i)};
    std::vector<int> seen;
    while (!stack.empty()) {
      int x = stack.back();
      stack.pop_back();
      if (std::find(seen.begin(), seen.end(), x) != seen.end()) continue;
      seen.push_back(x);
      for (int p : terms_[x].parents) stack.push_back(p);
    }
    std::sort(seen.begin(), seen.end());
    terms_[i].ancestors = std::move(seen);
  }
  // Patterns and vocabulary.
  TokenizedText tt;
  fail_.assign(1, 0);
  stem_gate_.assign(kGateBits / 64, 0);
  std::vector<std::vector<uint32_t>> node_out(1);
  uint32_t next_word = 1;  // 0 = unknown
  for (size_t ti = 0; ti < terms_.size(); ++ti) {
    const TermInfo& term = terms_[ti];
    for (const std::string& alias_in : term.aliases) {
      std::string_view alias = alias_in;
      bool cs = false, homograph = false;
      if (!alias.empty() && alias[0] == '?') {
        homograph = true;
        alias.remove_prefix(1);
      }
      if (!alias.empty() && alias[0] == '=') {
        cs = true;
        alias.remove_prefix(1);
      }
      tt.Reset(alias);
      if (tt.size() == 0) continue;
      Pattern p;
      p.term = static_cast<int>(ti);
      p.len = static_cast<uint16_t>(tt.size());
      p.case_sensitive = cs;
      p.allow_stem = term.stem;
      p.homograph = homograph;
      uint32_t node = 0;
      for (size_t k = 0; k < tt.size(); ++k) {
        std::string w(tt.folded(k));
        if (cs) p.raw.emplace_back(tt.raw(k));
        uint32_t& slot = vocab_[w];
        if (slot == 0) slot = next_word++;
        uint32_t wid = slot;
        if (term.stem && w.size() >= 4 && !(tt.tokens()[k].flags & kTokHasDigit)) {
          for (size_t l = 0; l < static_cast<size_t>(Lang::kCount); ++l) {
            std::string s(StemWord(w, static_cast<Lang>(l)));
            if (s.size() < 3) continue;
            stems_.try_emplace(s, wid);
            uint32_t g = GateIndex(Prefix4(s));
            stem_gate_[g >> 6] |= 1ull << (g & 63);
          }
        }
        uint64_t key = (static_cast<uint64_t>(node) << 32) | wid;
        auto g = go_.find(key);
        if (g == go_.end()) {
          uint32_t nn = static_cast<uint32_t>(fail_.size());
          fail_.push_back(0);
          node_out.emplace_back();
          go_[key] = nn;
          node = nn;
        } else {
          node = g->second;
        }
      }
      node_out[node].push_back(static_cast<uint32_t>(patterns_.size()));
      patterns_.push_back(std::move(p));
    }
  }
  // Failure links by BFS over nodes: collect children per node first.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> children(fail_.size());
  for (const auto& [key, child] : go_) {
    children[key >> 32].push_back({static_cast<uint32_t>(key & 0xFFFFFFFF), child});
  }
  for (auto& c : children) std::sort(c.begin(), c.end());
  std::deque<uint32_t> queue;
  for (auto [w, child] : children[0]) {
    fail_[child] = 0;
    queue.push_back(child);
  }
  std::vector<uint32_t> order;
  while (!queue.empty()) {
    uint32_t n = queue.front();
    queue.pop_front();
    order.push_back(n);
    for (auto [w, child] : children[n]) {
      uint32_t f = fail_[n];
      while (true) {
        auto g = go_.find((static_cast<uint64_t>(f) << 32) | w);
        if (g != go_.end() && g->second != child) {
          fail_[child] = g->second;
          break;
        }
        if (f == 0) {
          fail_[child] = 0;
          break;
        }
        f = fail_[f];
      }
      queue.push_back(child);
    }
  }
  // Outputs: own + fail's (BFS order guarantees fail's are final).
  std::vector<std::vector<uint32_t>> full(fail_.size());
  full[0] = node_out[0];
  for (uint32_t n : order) {
    full[n] = node_out[n];
    const auto& f = full[fail_[n]];
    full[n].insert(full[n].end(), f.begin(), f.end());
  }
  out_begin_.assign(fail_.size() + 1, 0);
  out_.clear();
  for (size_t n = 0; n < fail_.size(); ++n) {
    out_begin_[n] = static_cast<uint32_t>(out_.size());
    out_.insert(out_.end(), full[n].begin(), full[n].end());
  }
  out_begin_[fail_.size()] = static_cast<uint32_t>(out_.size());
  return absl::OkStatus();
}

int Taxonomy::Find(std::string_view id) const {
  auto it = by_id_.find(AV(id));
  return it == by_id_.end() ? -1 : it->second;
}

bool Taxonomy::IsA(int term, int ancestor) const {
  if (term < 0 || ancestor < 0) return false;
  const auto& a = terms_[term].ancestors;
  return std::binary_search(a.begin(), a.end(), ancestor);
}

void Taxonomy::FindMatches(const TokenizedText& text, Lang lang,
                           std::vector<TermMatch>* out) const {
  thread_local std::vector<TermMatch> raw;
  thread_local std::vector<uint8_t> via_stem;
  thread_local std::vector<uint8_t> covered;
  raw.clear();
  const size_t n = text.size();
  via_stem.assign(n, 0);
  uint32_t node = 0;
  for (size_t i = 0; i < n; ++i) {
    std::string_view w = text.folded(i);
    uint32_t wid = 0;
    const uint32_t* found = vocab_.Find(w, text.tokens()[i].hash);
    if (found != nullptr) {
      wid = *found;
    } else if (w.size() >= 4 && !(text.tokens()[i].flags & kTokHasDigit) &&
               ((stem_gate_[GateIndex(Prefix4(w)) >> 6] >> (GateIndex(Prefix4(w)) & 63)) & 1)) {
      // Stemming is the slowest step per token; a small per-thread cache
      // keyed by (taxonomy, language, word hash) makes repeats free.
      struct CacheSlot {
        uint64_t hash = 0;
        const Taxonomy* tax = nullptr;
        uint32_t wid = 0;
        uint8_t lang = 0xFF;
      };
      // On the heap, not in static TLS: a 96 KB thread_local array would be
      // reserved in every thread's stack, and libraries that start threads
      // with small stacks (civetweb, behind the metrics endpoint) then fail.
      thread_local std::unique_ptr<std::array<CacheSlot, 4096>> cache;
      if (!cache) cache = std::make_unique<std::array<CacheSlot, 4096>>();
      uint64_t h = text.tokens()[i].hash;
      CacheSlot& slot = (*cache)[(h ^ (h >> 29)) & 4095];
      if (slot.hash == h && slot.tax == this &&
          slot.lang == static_cast<uint8_t>(lang)) {
        wid = slot.wid;
      } else {
        std::string_view s = StemWord(w, lang);
        auto st = stems_.find(AV(s));
        wid = st != stems_.end() ? st->second : 0;
        slot = {h, this, wid, static_cast<uint8_t>(lang)};
      }
      if (wid != 0) via_stem[i] = 1;
    }
    if (wid == 0) {
      node = 0;
      continue;
    }
    while (true) {
      auto g = go_.find((static_cast<uint64_t>(node) << 32) | wid);
      if (g != go_.end()) {
        node = g->second;
        break;
      }
      if (node == 0) break;
      node = fail_[node];
    }
    for (uint32_t k = out_begin_[node]; k < out_begin_[node + 1]; ++k) {
      const Pattern& p = patterns_[out_[k]];
      uint32_t begin = static_cast<uint32_t>(i + 1 - p.len);
      bool ok = true;
      for (uint32_t j = begin; j <= i && ok; ++j) {
        if (via_stem[j] && !p.allow_stem) ok = false;
      }
      if (ok && p.case_sensitive) {
        for (uint32_t j = 0; j < p.len && ok; ++j) {
          if (text.raw(begin + j) != p.raw[j]) ok = false;
        }
      }
      // A homograph alias (Norwegian "lærer" is "teacher" and "learns")
      // reads as the term only where a noun stands: before a break, the
      // end, or a function word ("lærer i matematikk", "som lærer på"),
      // not before a content word ("lærer nye systemer raskt").
      if (ok && p.homograph && i + 1 < n && !(text.tokens()[i + 1].gap & kSegmentBreak) &&
          !IsFunctionWord(text.folded(i + 1))) {
        ok = false;
      }
      if (ok) raw.push_back({p.term, begin, static_cast<uint32_t>(i + 1)});
    }
  }
  // Longest first, then leftmost; identical spans for different terms kept.
  std::sort(raw.begin(), raw.end(), [](const TermMatch& a, const TermMatch& b) {
    uint32_t la = a.end - a.begin, lb = b.end - b.begin;
    if (la != lb) return la > lb;
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.term < b.term;
  });
  covered.assign(n, 0);
  size_t first_out = out->size();
  TermMatch last;
  bool has_last = false;
  for (const TermMatch& m : raw) {
    bool free = true;
    for (uint32_t j = m.begin; j < m.end; ++j) {
      if (covered[j]) {
        free = false;
        break;
      }
    }
    bool same_span = has_last && last.begin == m.begin && last.end == m.end;
    if (same_span && last.term == m.term) continue;
    if (!free && !same_span) continue;
    for (uint32_t j = m.begin; j < m.end; ++j) covered[j] = 1;
    out->push_back(m);
    last = m;
    has_last = true;
  }
  std::sort(out->begin() + first_out, out->end(),
            [](const TermMatch& a, const TermMatch& b) {
              if (a.begin != b.begin) return a.begin < b.begin;
              return a.term < b.term;
            });
}

std::vector<int> Taxonomy::TermsIn(std::string_view text) const {
  TokenizedText t;
  t.Reset(text);
  std::vector<TermMatch> m;
  FindMatches(t, DetectLanguage(t), &m);
  std::vector<int> ids;
  for (const TermMatch& x : m) ids.push_back(x.term);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace clara::screening::engine
