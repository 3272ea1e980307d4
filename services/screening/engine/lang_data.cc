#include "services/screening/engine/lang_data.h"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "services/screening/engine/strings.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {

extern const std::pair<std::string_view, std::string_view> kDataFiles[];
extern const size_t kDataFileCount;

namespace {

std::vector<std::vector<std::string_view>> ParseTsv(std::string_view data) {
  std::vector<std::vector<std::string_view>> rows;
  for (std::string_view line : Split(data, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Strip(line).empty() || Strip(line).front() == '#') continue;
    std::vector<std::string_view> fields;
    for (std::string_view f : Split(line, '\t')) fields.push_back(Strip(f));
    if (fields.empty() || fields[0].empty()) continue;
    rows.push_back(std::move(fields));
  }
  return rows;
}

struct Index {
  std::map<std::string, std::vector<LangRow>, std::less<>> by_name;
  std::map<std::string, std::vector<std::vector<std::string_view>>, std::less<>> by_path;
  std::vector<std::string_view> languages;
};

const Index& Data() {
  static const Index* kIndex = [] {
    auto* idx = new Index();
    std::set<std::string_view> langs;
    // Files are embedded in sorted path order, so languages come in folder order.
    for (size_t i = 0; i < kDataFileCount; ++i) {
      std::string_view path = kDataFiles[i].first;
      auto rows = ParseTsv(kDataFiles[i].second);
      if (StartsWith(path, "lang/")) {
        std::string_view rest = path.substr(5);
        size_t slash = rest.find('/');
        if (slash == std::string_view::npos) continue;
        std::string_view lang = rest.substr(0, slash);
        langs.insert(lang);
        auto& out = idx->by_name[std::string(rest.substr(slash + 1))];
        for (auto& r : rows) out.push_back(LangRow{lang, std::move(r)});
      } else {
        idx->by_path[std::string(path)] = std::move(rows);
      }
    }
    idx->languages.assign(langs.begin(), langs.end());
    return idx;
  }();
  return *kIndex;
}

}  // namespace

const std::vector<LangRow>& LangRows(std::string_view name) {
  static const std::vector<LangRow> kEmpty;
  const auto& m = Data().by_name;
  auto it = m.find(name);
  return it == m.end() ? kEmpty : it->second;
}

const std::vector<std::string_view>& DataLanguages() { return Data().languages; }

const std::vector<std::vector<std::string_view>>& DataRows(std::string_view path) {
  static const std::vector<std::vector<std::string_view>> kEmpty;
  const auto& m = Data().by_path;
  auto it = m.find(path);
  return it == m.end() ? kEmpty : it->second;
}

bool IsFunctionWord(std::string_view folded) {
  static const auto* kWords = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    TokenizedText t;
    for (const LangRow& r : LangRows("function_words.tsv")) {
      t.Reset(r.fields[0]);
      for (size_t i = 0; i < t.size(); ++i) set->emplace(t.folded(i));
    }
    return set;
  }();
  return kWords->contains(AV(folded));
}

}  // namespace clara::screening::engine
