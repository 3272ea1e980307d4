#include "services/screening/engine/rubric_derivation.h"
#include "services/screening/engine/strings.h"

#include <algorithm>
#include <set>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/engine/html_text.h"
#include "services/screening/engine/levels.h"
#include "services/screening/engine/negation.h"
#include "services/screening/engine/requirements.h"
#include "services/screening/engine/lang_data.h"
#include "absl/strings/numbers.h"

namespace clara::screening::engine {
namespace {

bool ContainsAny(std::string_view folded,
                 std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles) {
    size_t pos = folded.find(n);
    while (pos != std::string_view::npos) {
      bool left = pos == 0 || folded[pos - 1] == ' ';
      size_t e = pos + n.size();
      bool right = e == folded.size() || folded[e] == ' ';
      if (left && right) return true;
      pos = folded.find(n, pos + 1);
    }
  }
  return false;
}

// Number words and units of time from data/lang/*/numbers.tsv.
struct NumberWords {
  absl::flat_hash_map<std::string, int> numbers;
  absl::flat_hash_map<std::string, int> units;  // months per unit: year 12, month 1
};

const NumberWords& Numbers() {
  static const NumberWords* kNumbers = [] {
    auto* n = new NumberWords();
    for (const LangRow& r : LangRows("numbers.tsv")) {
      if (r.fields.size() < 2) continue;
      std::string w = FoldForMatch(r.fields[0]);
      if (r.fields[1] == "year") {
        n->units[w] = 12;
      } else if (r.fields[1] == "month") {
        n->units[w] = 1;
      } else {
        int v = 0;
        if (absl::SimpleAtoi(AV(r.fields[1]), &v) && v > 0) n->numbers.emplace(w, v);
      }
    }
    return n;
  }();
  return *kNumbers;
}

int WordNumber(std::string_view w) {
  auto it = Numbers().numbers.find(AV(w));
  return it == Numbers().numbers.end() ? 0 : it->second;
}

// Months per unit word ("years" 12, "månader" 1), 0 for other words.
int UnitMonths(std::string_view w) {
  auto it = Numbers().units.find(AV(w));
  return it == Numbers().units.end() ? 0 : it->second;
}

bool IsYearWord(std::string_view w) { return UnitMonths(w) == 12; }

// Minimum experience in months in a requirement ("at least 3 years", "3+
// years", "minst 2 års", "Mindestens 2 Jahre", "12 meses", "2–5 years'" →
// 24, "kahden vuoden"), or 0.
int ParseMonths(const TokenizedText& t) {
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    std::string_view w = t.folded(i);
    int n = 0;
    bool digit = false;
    if ((t.tokens()[i].flags & kTokNumeric) && w.size() <= 2) {
      n = std::stoi(std::string(w));
      digit = true;
    } else {
      n = WordNumber(w);
    }
    if (n <= 0 || n > 36) continue;
    size_t limit = digit ? 3 : 1;
    for (size_t j = i + 1; j < t.size() && j <= i + limit; ++j) {
      std::string_view x = t.folded(j);
      if (int unit = UnitMonths(x); unit > 0) {
        int months = n * unit;
        return months <= 20 * 12 ? months : 0;
      }
      // A range ("2–5 years", "3-4 år"): its lower bound.
      bool range_end = (t.tokens()[j].flags & kTokNumeric) &&
                       (t.tokens()[j].gap & (kGapDash | kGapHyphen)) && j == i + 1;
      if (!(range_end || x == "plus" || x == "or" || x == "more" || x == "s")) break;
      if (range_end) ++limit;
    }
  }
  return 0;
}

std::string Slug(std::string_view text, size_t max_words) {
  std::string f = FoldForMatch(text);
  std::string out;
  size_t words = 0;
  for (size_t i = 0; i < f.size() && words < max_words; ++i) {
    char c = f[i];
    if (c == ' ') {
      if (!out.empty() && out.back() != '-') {
        out.push_back('-');
        ++words;
      }
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(c);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty()) out = "criterion";
  return out;
}

bool IsStop(std::string_view w) {
  static const auto* kStop = new absl::flat_hash_set<std::string_view>{
      "have", "with", "from", "your", "that", "this", "what", "which", "many",
      "much", "least", "also", "other", "their", "there", "been", "were",
      "will", "would", "could", "should", "about", "into", "some", "such",
      "than", "then", "them", "they", "more", "most", "only", "over", "very",
      "hast", "haben", "eine", "einen", "einer", "deine", "dein", "eller",
      "oder", "inom", "under", "does", "years", "year", "jahre", "manga",
      "hur", "many", "kan", "kann", "can", "you", "the", "and", "our"};
  return kStop->contains(w);
}

bool IsWorkAuth(std::string_view folded) {
  return ContainsAny(folded,
                     {"right to work", "work permit", "allowed to work",
                      "authorized to work", "authorised to work",
                      "work authorization", "work authorisation",
                      "arbetstillstand", "arbeitserlaubnis",
                      "arbeitsgenehmigung", "arbeidstillatelse",
                      "oppholdstillatelse", "work visa", "visa sponsorship",
                      "eligible to work", "arbejdstilladelse", "tyolupa",
                      "werkvergunning", "permis de travail", "ratt att arbeta",
                      "rett til a arbeide", "lov til a arbeide",
                      "arbeitsberechtigung", "permit to work", "permission to work",
                      "tillstand att arbeta", "autorisation de travail",
                      "permis de sejour", "permiso de trabajo",
                      "autorizacion de trabajo", "tyoskentelyyn oikeuttava"});
}

bool IsLanguageVerb(std::string_view w) {
  static const auto* kVerbs = new absl::flat_hash_set<std::string_view>{
      "speak", "speaks", "write", "writes", "communicate", "talk", "talar",
      "skriver", "pratar", "kommunicera", "sprichst", "spricht", "sprechen",
      "schreiben", "schreibst", "snakker", "skriver", "taler", "language",
      "languages", "sprache", "sprachen", "sprak", "sprog", "kieli", "kielen",
      "puhut", "spreek", "spreekt", "parle", "parlez", "langue",
      "kenntnisse", "kunskaper", "kundskaber", "kunnskaper", "taal",
      "dominio", "hablar", "hablas", "hablado", "escrito", "idioma", "idiomas",
      "maitrise", "parle", "ecrit", "courant", "kielen", "kielitaito", "taito",
      "beheersing", "spreken", "schrijven", "spreekvaardigheid", "sprog",
      "sprogkundskaber", "flytande", "flydende", "flytende", "fliessend"};
  return kVerbs->contains(w);
}

bool IsEducationWord(std::string_view w) {
  static const auto* kEdu = new absl::flat_hash_set<std::string_view>{
      "ausbildung", "abgeschlossene", "abgeschlossen", "degree", "bachelor",
      "master", "examen", "hogskoleexamen", "studium", "university",
      "universitet", "vocational", "gesellenbrief", "fachausbildung",
      "utdanning", "uddannelse", "tutkinto", "opleiding", "diplome", "diplom",
      "phd", "msc", "bsc", "yrkesutbildning", "berufsausbildung",
      "qualifikation", "qualification", "qualified"};
  return kEdu->contains(w);
}

bool IsCertWord(std::string_view w) {
  static const auto* kCert = new absl::flat_hash_set<std::string_view>{
      "utbildning", "training", "course", "certificate", "certification",
      "certified", "zertifikat", "zertifiziert", "certifikat", "sertifikat",
      "weiterbildung", "schulung", "kurs", "koulutus", "sertifikaatti",
      "arbetsmiljoutbildning"};
  return kCert->contains(w);
}

bool IsStrongWord(std::string_view w) {
  static const auto* kStrong = new absl::flat_hash_set<std::string_view>{
      "strong", "solid", "advanced", "deep", "extensive", "proven", "expert",
      "production", "gedigen", "gedigna", "fundiert", "fundierte",
      "umfangreiche", "vertiefte", "expertise", "djup", "djupa", "sterke",
      "vankka"};
  return kStrong->contains(w);
}

bool IsAndWord(std::string_view w) {
  return w == "and" || w == "och" || w == "und" || w == "og" || w == "en" ||
         w == "et" || w == "ja" || w == "samt" || w == "sowie";
}

bool IsOrWord(std::string_view w) {
  return w == "or" || w == "eller" || w == "oder" || w == "of" || w == "ou" ||
         w == "tai" || w == "bzw" || w == "beziehungsweise" || w == "alternatively";
}

bool IsIncludingWord(std::string_view w) {
  return w == "including" || w == "inklusive" || w == "inkl" ||
         w == "einschliesslich" || w == "inklusiv" || w == "inclusief" ||
         w == "y" || w == "including";
}

struct Builder {
  const Taxonomy& tax;
  const v1::Job& job;
  v1::Rubric* rubric;
  std::set<std::string> ids;
  std::vector<int> title_roles;
  Lang lang = Lang::kEn;
  bool stem = true;  // the job's language has a Snowball stemmer
  std::vector<std::string> unevaluable;  // requirement lines with nothing to look for

  // A generic criterion's terms: the requirement's content words, stemmed
  // in the job's language ("kw:immobilienverwalt"). Empty when the line has
  // no content words.
  std::vector<std::string> GenericTerms(std::string_view text) const {
    std::vector<std::string> out;
    std::vector<std::string> named = NamedWords(text);
    std::vector<std::string> words = ContentWords(text);
    // Short acronyms ("HBO", "RTI") are names too, though no content word.
    for (const std::string& n : named) {
      if (std::find(words.begin(), words.end(), n) == words.end()) words.insert(words.begin(), n);
    }
    for (const std::string& w : words) {
      bool is_named = std::find(named.begin(), named.end(), w) != named.end();
      std::string st = stem && !is_named ? std::string(StemWord(w, lang)) : w;
      if (st.size() < 4) st = w;
      const char* prefix = is_named ? "kw:=" : IsCommonWord(w, st) ? "kw:~" : "kw:";
      std::string term = absl::StrCat(prefix, st);
      if (std::find(out.begin(), out.end(), term) == out.end()) out.push_back(std::move(term));
      if (out.size() >= 6) break;
    }
    return out;
  }

  v1::Criterion* AddGeneric(std::string_view text, v1::CriterionKind kind, bool must) {
    v1::Criterion* c = Add(Slug(text, 4), text, kind, must);
    std::vector<std::string> kw = GenericTerms(text);
    for (std::string& t : kw) c->add_terms(std::move(t));
    if (kw.empty()) unevaluable.emplace_back(text);
    if (!kw.empty() && AsksForExperience(text)) c->add_terms("mod:experience");
    if (!kw.empty() && AsksForTrait(text)) c->add_terms("mod:trait");
    return c;
  }

  std::string UniqueId(std::string base) {
    std::string id = base;
    for (int k = 2; ids.contains(id); ++k) id = absl::StrCat(base, "-", k);
    ids.insert(id);
    return id;
  }

  v1::Criterion* Add(std::string id_base, std::string_view label,
                     v1::CriterionKind kind, bool must) {
    v1::Criterion* c = rubric->add_criteria();
    c->set_id(UniqueId(std::move(id_base)));
    c->set_label(std::string(label));
    c->set_kind(kind);
    c->set_requirement(must ? v1::REQUIREMENT_MUST : v1::REQUIREMENT_NICE);
    c->set_weight(1.0);
    return c;
  }

  // A requirement line. "Fagbrev som anleggsmaskinfører – eller minst to års
  // erfaring som maskinfører": when the line offers alternatives of
  // different kinds (a qualification or years of experience), each becomes
  // its own criterion and all but the first carry mod:alt=<first>; the first
  // is met when any of them is. Alternatives of one kind ("Java, Kotlin or
  // Scala", "Swedish or English") stay one any-of criterion.
  void ParseBullet(std::string_view text, bool must) {
    std::vector<std::string_view> parts = AlternativeParts(text);
    if (parts.size() >= 2) {
      const int before = rubric->criteria_size();
      const std::set<std::string> ids_before = ids;
      const size_t unevaluable_before = unevaluable.size();
      std::vector<int> starts;
      std::set<int> kinds;
      for (std::string_view part : parts) {
        starts.push_back(rubric->criteria_size());
        ParseOne(part, must);
        for (int i = starts.back(); i < rubric->criteria_size(); ++i) kinds.insert(rubric->criteria(i).kind());
      }
      int yielded = 0;
      for (size_t k = 0; k < starts.size(); ++k) {
        int end = k + 1 < starts.size() ? starts[k + 1] : rubric->criteria_size();
        yielded += end > starts[k];
      }
      if (yielded >= 2 && kinds.size() >= 2) {
        const std::string primary = rubric->criteria(before).id();
        // An alternative with nothing to look for ("… or equivalent") adds
        // nothing: the requirement it qualifies is judged as stated.
        for (int i = rubric->criteria_size() - 1; i > before; --i) {
          const v1::Criterion& c = rubric->criteria(i);
          if (c.kind() == v1::CRITERION_KIND_CUSTOM && c.terms_size() == 0 && c.question_id().empty()) {
            auto it = std::find(unevaluable.begin(), unevaluable.end(), c.label());
            if (it != unevaluable.end()) unevaluable.erase(it);
            ids.erase(c.id());
            rubric->mutable_criteria()->DeleteSubrange(i, 1);
          }
        }
        for (int i = before + 1; i < rubric->criteria_size(); ++i) {
          rubric->mutable_criteria(i)->add_terms(absl::StrCat("mod:alt=", primary));
        }
        return;
      }
      // One kind of alternative: undo and read the line whole.
      while (rubric->criteria_size() > before) rubric->mutable_criteria()->RemoveLast();
      ids = ids_before;
      unevaluable.resize(unevaluable_before);
    }
    // Two requirements joined by "and" ("Java or Kotlin for at least three
    // years and at home in Spring"): two criteria when the halves are of
    // different kinds (years and a skill, a qualification and a skill).
    if (std::vector<std::string_view> halves = ConjunctionParts(text); halves.size() == 2) {
      const int before = rubric->criteria_size();
      const std::set<std::string> ids_before = ids;
      const size_t unevaluable_before = unevaluable.size();
      ParseOne(halves[0], must);
      const int mid = rubric->criteria_size();
      ParseOne(halves[1], must);
      std::set<int> first, second;
      for (int i = before; i < mid; ++i) first.insert(rubric->criteria(i).kind());
      for (int i = mid; i < rubric->criteria_size(); ++i) second.insert(rubric->criteria(i).kind());
      // Both halves must name something the taxonomy knows: a half of
      // plain words is usually the other half's context ("Da Sie viel
      // schriftlich kommunizieren, sprechen und schreiben Sie Deutsch").
      auto known = [&](int b, int e) {
        bool any = false;
        for (int i = b; i < e; ++i) {
          for (const auto& term : rubric->criteria(i).terms()) any |= !StartsWith(term, "kw:") && !StartsWith(term, "mod:");
        }
        return any;
      };
      if (!first.empty() && !second.empty() && first != second && known(before, mid) &&
          known(mid, rubric->criteria_size())) {
        return;
      }
      while (rubric->criteria_size() > before) rubric->mutable_criteria()->RemoveLast();
      ids = ids_before;
      unevaluable.resize(unevaluable_before);
    }
    ParseOne(text, must);
  }

  // A line cut at its first "and" word outside parentheses, when both sides
  // have at least three words; otherwise the line alone.
  std::vector<std::string_view> ConjunctionParts(std::string_view text) const {
    TokenizedText t;
    t.Reset(text);
    int depth = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      uint16_t g = t.tokens()[i].gap;
      if (g & kGapParenClose) depth = depth > 0 ? depth - 1 : 0;
      if (g & kGapParenOpen) ++depth;
      if (depth > 0 || !IsAndWord(t.folded(i))) continue;
      if (i < 3 || i + 3 >= t.size()) continue;
      std::string_view head = Strip(text.substr(0, t.tokens()[i - 1].end));
      while (!head.empty() && head.back() == ',') head = Strip(head.substr(0, head.size() - 1));
      std::string_view tail = Strip(text.substr(t.tokens()[i + 1].begin));
      return {head, tail};
    }
    return {text};
  }

  // The alternatives of a line: split at an "or" word that follows a clause
  // break ("…, or …", "… – eller …"), outside parentheses. One part when
  // there is no such "or".
  std::vector<std::string_view> AlternativeParts(std::string_view text) const {
    TokenizedText t;
    t.Reset(text);
    std::vector<size_t> cuts;  // token index of each "or"
    int depth = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      uint16_t g = t.tokens()[i].gap;
      if (g & kGapParenClose) depth = depth > 0 ? depth - 1 : 0;
      if (g & kGapParenOpen) ++depth;
      if (depth > 0) continue;
      if (i == 0 || i + 1 >= t.size() || !IsOrWord(t.folded(i))) continue;
      // Dutch "of" is English "of": an alternative only in a Dutch ad.
      if (t.folded(i) == "of" && LangCode(lang) != "nl") continue;
      if (g & (kGapComma | kGapDash | kGapSentence)) cuts.push_back(i);
    }
    if (cuts.empty()) return {text};
    std::vector<std::string_view> parts;
    size_t begin = 0;
    auto add = [&](size_t b, size_t e) {  // bytes
      std::string_view p = Strip(text.substr(b, e - b));
      while (!p.empty() && (p.back() == ',' || p.back() == '-' || p.back() == ';')) p = Strip(p.substr(0, p.size() - 1));
      if (p.size() >= 3 && p.substr(p.size() - 3) == "\xE2\x80\x93") p = Strip(p.substr(0, p.size() - 3));
      if (!p.empty()) parts.push_back(p);
    };
    for (size_t c : cuts) {
      add(begin, t.tokens()[c - 1].end);
      begin = t.tokens()[c + 1 < t.size() ? c + 1 : c].begin;
    }
    add(begin, text.size());
    return parts;
  }

  void ParseOne(std::string_view text, bool must) {
    TokenizedText t;
    t.Reset(text);
    if (t.size() == 0) return;
    std::vector<TermMatch> matches;
    tax.FindMatches(t, DetectLanguage(t), &matches);
    std::string folded = FoldForMatch(text);

    // Languages.
    std::vector<TermMatch> langs;
    int lang_tokens = 0;
    // "German – we open the DACH market": what follows a spaced dash
    // explains the requirement and names no further languages.
    uint32_t dash_at = static_cast<uint32_t>(t.size());
    for (size_t i = 1; i < t.size(); ++i) {
      if (t.tokens()[i].gap & kGapDash) {
        dash_at = static_cast<uint32_t>(i);
        break;
      }
    }
    for (const TermMatch& m : matches) {
      if (tax.term(m.term).kind == TermKind::kLanguage) {
        if (m.begin >= dash_at && !langs.empty()) continue;
        langs.push_back(m);
        lang_tokens += m.end - m.begin;
      }
    }
    if (!langs.empty()) {
      bool lang_bullet = static_cast<int>(t.size()) - lang_tokens <= 3;
      for (size_t i = 0; i < t.size() && !lang_bullet; ++i) {
        if (IsLanguageVerb(t.folded(i)) || LevelOfWord(t.folded(i), true) > 0) {
          lang_bullet = true;
        }
      }
      if (t.tokens()[langs[0].end < t.size() ? langs[0].end : 0].gap & kGapDash) {
        lang_bullet = true;
      }
      if (lang_bullet) {
        AddLanguages(t, text, langs, must);
        return;
      }
    }
    // Licences.
    for (const TermMatch& m : matches) {
      if (tax.term(m.term).kind != TermKind::kLicence) continue;
      ClassSet cls = ClassesNear(t, m.begin, m.end);
      const std::string& fam = tax.term(m.term).id;
      v1::Criterion* c = Add(absl::StrCat(fam, cls ? "-" : "",
                                          absl::AsciiStrToLower(
                                              ClassSetToString(cls))),
                             text, v1::CRITERION_KIND_LICENCE, must);
      if (cls == 0) {
        c->add_terms(fam);
      } else {
        for (int b = 0; b < 26; ++b) {
          if (cls & (1u << b)) {
            c->add_terms(absl::StrCat(fam, ":", std::string(1, 'A' + b)));
          }
        }
      }
      return;
    }
    if (IsWorkAuth(folded)) {
      Add("work-authorization", text, v1::CRITERION_KIND_WORK_AUTHORIZATION,
          must);
      return;
    }
    int months = ParseMonths(t);
    // Split "… including written support by email, chat or tickets".
    size_t split = t.size();
    for (size_t i = 1; i < t.size(); ++i) {
      if (IsIncludingWord(t.folded(i)) && t.folded(i) != "y") {
        split = i;
        break;
      }
    }
    // Terms in parentheses elaborate on the term before them ("PostgreSQL in
    // production (schema design, indexing)"); they are alternatives only
    // when that term is a group ("a technical mindset (APIs, dev tools)").
    std::vector<uint8_t> in_paren(t.size(), 0);
    {
      int depth = 0;
      for (size_t i = 0; i < t.size(); ++i) {
        uint16_t g = t.tokens()[i].gap;
        if (g & kGapParenClose) depth = depth > 0 ? depth - 1 : 0;
        if (g & kGapParenOpen) ++depth;
        in_paren[i] = depth > 0;
      }
    }
    bool outside_leaf = false;
    for (const TermMatch& m : matches) {
      if (in_paren[m.begin]) continue;
      bool group = false;
      for (size_t x = 0; x < tax.size() && !group; ++x) {
        const auto& ps = tax.term(static_cast<int>(x)).parents;
        group = std::find(ps.begin(), ps.end(), m.term) != ps.end();
      }
      if (!group && tax.term(m.term).kind != TermKind::kLanguage) outside_leaf = true;
    }
    std::vector<int> head_terms, tail_terms, roles;
    for (const TermMatch& m : matches) {
      TermKind k = tax.term(m.term).kind;
      if (k == TermKind::kLanguage) continue;
      if (outside_leaf && in_paren[m.begin]) continue;
      if (m.begin < split) {
        head_terms.push_back(m.term);
        if (k == TermKind::kRole) roles.push_back(m.term);
      } else {
        tail_terms.push_back(m.term);
      }
    }
    bool interest = false, strong = false, b2b = false, edu = false,
         cert = false;
    uint16_t cue_union = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      std::string_view w = t.folded(i);
      uint16_t cue = CueOf(w);
      cue_union |= cue;
      if (cue & kCueInterest) interest = true;
      if (IsStrongWord(w)) strong = true;
      if (w == "b2b") b2b = true;
      if (IsEducationWord(w)) edu = true;
      if (IsCertWord(w)) cert = true;
    }
    for (int term : head_terms) {
      TermKind k = tax.term(term).kind;
      if (k == TermKind::kEducation) edu = true;
      if (k == TermKind::kCertification) cert = true;
    }
    std::string_view head_text = text;
    if (split < t.size()) {
      head_text = text.substr(0, t.tokens()[split].begin);
      while (!head_text.empty() &&
             (head_text.back() == ' ' || head_text.back() == ',')) {
        head_text.remove_suffix(1);
      }
    }
    auto unique = [](std::vector<int> v) {
      std::vector<int> out;
      for (int x : v) {
        if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
      }
      return out;
    };
    if (months > 0) {
      // Specific roles ("teamledare", "SDR") name the experience; broad ones
      // ("developer") yield to the skills named with them ("Python").
      std::vector<int> terms, specific, skills;
      for (int term : roles) {
        if (!tax.term(term).generic) specific.push_back(term);
      }
      for (int term : head_terms) {
        TermKind k = tax.term(term).kind;
        if (k != TermKind::kDomain && k != TermKind::kRole) skills.push_back(term);
      }
      if (!specific.empty()) {
        terms = specific;
      } else if (!skills.empty()) {
        terms = skills;
      } else {
        terms = roles;
      }
      if (terms.empty()) terms = title_roles;
      terms = unique(terms);
      std::string base = terms.empty() ? Slug(head_text, 3)
                                       : tax.term(terms[0]).id;
      std::replace(base.begin(), base.end(), '_', '-');
      v1::Criterion* c = Add(months % 12 == 0 ? absl::StrCat(base, "-", months / 12, "y")
                                              : absl::StrCat(base, "-", months, "m"),
                             head_text, v1::CRITERION_KIND_EXPERIENCE_YEARS, must);
      c->set_min_value(months % 12 == 0 ? months / 12 : months / 12.0);
      for (int term : terms) c->add_terms(tax.term(term).id);
      if (terms.empty()) {
        for (std::string& t : GenericTerms(head_text)) c->add_terms(std::move(t));
      }
      if (b2b) c->add_terms("mod:b2b");
      std::string parent = c->id();
      tail_terms = unique(tail_terms);
      if (!tail_terms.empty()) {
        std::string_view tail_text = text.substr(t.tokens()[split].begin);
        std::string tb = tax.term(tail_terms[0]).id;
        std::replace(tb.begin(), tb.end(), '_', '-');
        v1::Criterion* child =
            Add(tb, tail_text, v1::CRITERION_KIND_SKILL, must);
        for (int term : tail_terms) child->add_terms(tax.term(term).id);
        child->add_terms(absl::StrCat("mod:with=", parent));
      }
      return;
    }
    std::vector<int> terms;
    for (int term : head_terms) terms.push_back(term);
    for (int term : tail_terms) terms.push_back(term);
    terms = unique(terms);
    // Domains ("back-end", "payments") next to skills are context, not a
    // further requirement; a line that names only domains but names its
    // own things ("RTI and HMRC requirements … statutory payments") is
    // judged by those names.
    {
      std::vector<int> non_domain;
      for (int term : terms) {
        if (tax.term(term).kind != TermKind::kDomain) non_domain.push_back(term);
      }
      if (!non_domain.empty()) {
        terms = non_domain;
      } else if (!terms.empty() && NamedWords(text).size() >= 2) {
        terms.clear();
      }
    }
    if (terms.empty()) {
      AddGeneric(text, v1::CRITERION_KIND_CUSTOM, must);
      return;
    }
    v1::CriterionKind kind = v1::CRITERION_KIND_SKILL;
    // Availability ("Can work our shift schedule", "Flexibility to work a
    // rota", "Kan arbeta tvåskift"; data class "availability"): custom, so a
    // passed knock-out answer confirms it.
    bool availability = AsksForAvailability(text);
    if (availability && !edu && !cert) {
      kind = v1::CRITERION_KIND_CUSTOM;
    } else if (edu && !interest) {
      kind = v1::CRITERION_KIND_EDUCATION;
    } else if (cert && !interest) {
      kind = v1::CRITERION_KIND_CERTIFICATION;
    }
    bool all = false;
    if (terms.size() >= 2) {
      bool saw_or = false, saw_and = false;
      for (size_t k = 1; k < matches.size(); ++k) {
        for (uint32_t i = matches[k - 1].end; i < matches[k].begin; ++i) {
          if (IsOrWord(t.folded(i))) saw_or = true;
          if (IsAndWord(t.folded(i))) saw_and = true;
        }
        uint16_t g = t.tokens()[matches[k].begin].gap;
        if (g & (kGapComma | kGapSlash)) saw_or = true;
        if (g & (kGapPlus | kGapAmp)) saw_and = true;
      }
      all = saw_and && !saw_or;
    }
    std::string base = tax.term(terms[0]).id;
    if (terms.size() > 1) base = absl::StrCat(base, "-", tax.term(terms[1]).id);
    std::replace(base.begin(), base.end(), '_', '-');
    v1::Criterion* c = Add(base, text, kind, must);
    for (int term : terms) c->add_terms(tax.term(term).id);
    if (all) c->add_terms("mod:all");
    if (strong) c->add_terms("mod:strong");
    if (kind == v1::CRITERION_KIND_CERTIFICATION) c->add_terms("mod:training");
    if (interest) c->add_terms("mod:interest");
    if (b2b) c->add_terms("mod:b2b");
  }

  void AddLanguages(const TokenizedText& t, std::string_view text,
                    const std::vector<TermMatch>& langs, bool must) {
    // Group languages joined by "," / "or" / "/" into any-of groups.
    std::vector<std::vector<TermMatch>> groups;
    for (size_t k = 0; k < langs.size(); ++k) {
      bool join = false;
      if (k > 0) {
        join = true;
        for (uint32_t i = langs[k - 1].end; i < langs[k].begin; ++i) {
          std::string_view w = t.folded(i);
          if (!IsOrWord(w) && w != "a" && w != "an" && w != "en" &&
              w != "ett") {
            join = false;
          }
        }
        if (langs[k].begin == langs[k - 1].end &&
            !(t.tokens()[langs[k].begin].gap & (kGapComma | kGapSlash))) {
          join = false;
        }
      }
      if (join) {
        groups.back().push_back(langs[k]);
      } else {
        groups.push_back({langs[k]});
      }
    }
    auto is_lang = [&](size_t i) {
      for (const TermMatch& m : langs) {
        if (i >= m.begin && i < m.end) return true;
      }
      return false;
    };
    for (const auto& g : groups) {
      // Explicit CEFR in the clause wins ("C1 or native" -> C1).
      int level = 0;
      uint32_t lb = g.front().begin, le = g.back().end;
      int cefr = 0;
      for (size_t i = le; i < t.size() && i < le + 8; ++i) {
        if (t.tokens()[i].gap & (kGapNewline | kGapSentence)) break;
        if (is_lang(i)) break;
        std::string_view w = t.folded(i);
        if (w.size() == 2 && (w[0] == 'a' || w[0] == 'b' || w[0] == 'c') &&
            w[1] >= '1' && w[1] <= '2') {
          int l = LevelOfWord(w, true);
          if (cefr == 0 || l < cefr) cefr = l;
        }
      }
      level = cefr > 0 ? cefr : LevelNear(t, lb, le, is_lang, true);
      if (level == 0) level = must ? 4 : 3;
      std::vector<std::string> codes;
      for (const TermMatch& m : g) codes.push_back(tax.term(m.term).id);
      std::string base = absl::StrJoin(codes, "-");
      std::replace(base.begin(), base.end(), '_', '-');
      std::string_view label = text;
      if (groups.size() > 1) {
        uint32_t b = t.tokens()[lb].begin;
        uint32_t e = t.tokens()[le - 1].end;
        // Extend over the level words that follow in the clause.
        for (size_t i = le; i < t.size() && i < le + 6; ++i) {
          if (t.tokens()[i].gap & (kGapComma | kGapNewline | kGapSentence | kGapParenOpen)) break;
          if (is_lang(i) || IsAndWord(t.folded(i))) break;
          e = t.tokens()[i].end;
        }
        // Include up to 3 words before ("writes fluent German").
        for (int64_t i = static_cast<int64_t>(lb) - 1;
             i >= 0 && i >= static_cast<int64_t>(lb) - 3; --i) {
          if (t.tokens()[i + 1].gap & (kGapComma | kGapNewline | kGapSentence)) break;
          if (IsAndWord(t.folded(i)) || is_lang(i)) break;
          b = t.tokens()[i].begin;
        }
        label = text.substr(b, e - b);
      }
      v1::Criterion* c = Add(base, label, v1::CRITERION_KIND_LANGUAGE, must);
      for (const std::string& code : codes) c->add_terms(code);
      c->set_min_value(level);
    }
  }
};

}  // namespace

std::vector<std::string> RubricWarnings(std::string_view text) {
  std::vector<std::string> out;
  std::string f = FoldForMatch(text);
  struct Rule {
    std::initializer_list<std::string_view> needles;
    const char* message;
  };
  const Rule kVague[] = {
      {{"rockstar", "rock star", "ninja", "guru", "wizard", "superstar",
        "unicorn", "jedi", "10x"},
       "vague criterion (e.g. 'rockstar', 'ninja'): name the skills and level "
       "you need instead"},
      {{"hit the ground running", "work hard play hard", "self starter",
        "go getter", "crush it", "hustle"},
       "vague wording (e.g. 'hit the ground running'): describe the concrete "
       "requirement"},
  };
  const Rule kProxy[] = {
      {{"young team", "young and dynamic", "ungt team", "ungt gang",
        "junges team", "jung und dynamisch", "ungt og dynamisk", "young"},
       "age proxy (e.g. 'young team'): this can discriminate by age; describe "
       "the work instead"},
      {{"digital native", "digital natives", "digitaler native"},
       "age proxy ('digital native'): ask for the specific digital skills"},
      {{"recent graduate", "recent graduates", "nyutexaminerad",
        "berufseinsteiger", "nyutdannet"},
       "age proxy ('recent graduate'): consider 'early-career' or the skills "
       "needed"},
      {{"years old", "ar gammal", "jahre alt", "ars alder", "aged", "alter",
        "alder"},
       "age requirement: ages and age ranges must not be criteria"},
      {{"salesman", "chairman", "fireman", "manpower", "strong man", "he will",
        "she will", "kvinnlig", "manlig", "mannlich", "weiblich", "male",
        "female"},
       "gendered wording: use gender-neutral titles and pronouns"},
      {{"married", "unmarried", "no children", "childless", "verheiratet",
        "ogift", "barnfri", "pregnant"},
       "family/marital status must not be a criterion"},
      {{"nationality", "citizen of", "born in", "staatsangehorigkeit",
        "nationalitet", "medborgarskap"},
       "nationality wording: ask for the right to work, not nationality"},
  };
  for (const Rule& r : kVague) {
    if (ContainsAny(f, r.needles)) out.push_back(r.message);
  }
  for (const Rule& r : kProxy) {
    if (ContainsAny(f, r.needles)) out.push_back(r.message);
  }
  // "native speaker" without a CEFR alternative.
  if (ContainsAny(f, {"native speaker", "native speakers", "native english",
                      "native german", "native swedish", "native level",
                      "muttersprachler", "muttersprachlerin",
                      "als muttersprache", "som modersmal", "som morsmal",
                      "native or near native"}) &&
      !ContainsAny(f, {"c1", "c2", "b2"})) {
    out.push_back(
        "'native speaker' requirement: unless strictly needed, ask for a "
        "language level (CEFR) instead, as it proxies national origin");
  }
  // Age ranges such as "25-35 years" / "20–30 år".
  TokenizedText t;
  t.Reset(text);
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    auto num = [&](size_t k) {
      return (t.tokens()[k].flags & kTokNumeric) && t.folded(k).size() == 2;
    };
    if (num(i) && num(i + 1) && (t.tokens()[i + 1].gap & (kGapDash | kGapHyphen)) &&
        IsYearWord(t.folded(i + 2))) {
      int a = std::stoi(std::string(t.folded(i)));
      int b = std::stoi(std::string(t.folded(i + 1)));
      if (a >= 16 && b <= 70 && a < b) {
        out.push_back("age range: ages and age ranges must not be criteria");
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int TextSimilarity(const Taxonomy& taxonomy, std::string_view a,
                   std::string_view b) {
  std::vector<int> ta = taxonomy.TermsIn(a), tb = taxonomy.TermsIn(b);
  int score = 0;
  for (int x : ta) {
    for (int y : tb) {
      if (x == y) score += 5;
    }
  }
  TokenizedText xa, xb;
  xa.Reset(a);
  xb.Reset(b);
  std::set<std::string> wa, wb;
  for (size_t i = 0; i < xa.size(); ++i) {
    std::string_view w = xa.folded(i);
    if (w.size() >= 4 && !IsStop(w)) wa.insert(std::string(w.substr(0, 5)));
  }
  for (size_t i = 0; i < xb.size(); ++i) {
    std::string_view w = xb.folded(i);
    if (w.size() >= 4 && !IsStop(w)) wb.insert(std::string(w.substr(0, 5)));
  }
  for (const std::string& w : wa) score += wb.contains(w) ? 1 : 0;
  return score;
}

absl::StatusOr<v1::Rubric> DeriveRubricFromJob(const v1::Job& job,
                                               const Taxonomy& taxonomy) {
  if (Strip(job.title()).empty()) {
    return absl::InvalidArgumentError("job has no title");
  }
  v1::Rubric rubric;
  rubric.set_job_id(job.id());
  rubric.set_version(0);
  rubric.set_origin("derived");
  Builder b{taxonomy, job, &rubric, {}, {}};
  for (int term : taxonomy.TermsIn(job.title())) {
    if (taxonomy.term(term).kind == TermKind::kRole) b.title_roles.push_back(term);
  }

  // The job's language decides the stemmer of generic criteria.
  std::string lang = job.language_code();
  if (lang.empty()) {
    TokenizedText t;
    std::string plain = HtmlToText(job.body_html());
    t.Reset(plain);
    lang = std::string(LangCode(DetectLanguage(t)));
  }
  b.lang = LangFromCode(lang);
  b.stem = LangCode(b.lang) == lang;

  // Requirement lines by structure and modality (requirements.h).
  for (const RequirementLine& line : ExtractRequirements(job.body_html())) {
    b.ParseBullet(line.text, line.must);
  }
  if (rubric.criteria_size() == 0) {
    // Nothing readable in the ad: at least the role in the title (its
    // taxonomy roles, else its own words).
    std::string label = absl::StrCat("Experience as ", job.title());
    if (!b.title_roles.empty()) {
      v1::Criterion* c = b.Add("title-role", label, v1::CRITERION_KIND_SKILL, true);
      for (int term : b.title_roles) c->add_terms(taxonomy.term(term).id);
    } else {
      v1::Criterion* c = b.Add("title-role", label, v1::CRITERION_KIND_CUSTOM, true);
      for (std::string& t : b.GenericTerms(job.title())) c->add_terms(std::move(t));
    }
  }

  // Tags naming a skill not covered yet become light nice-to-haves.
  std::set<std::string> covered;
  for (const auto& c : rubric.criteria()) {
    for (const auto& t : c.terms()) covered.insert(t);
  }
  for (const std::string& tag : job.tags()) {
    std::string spaced = tag;
    std::replace(spaced.begin(), spaced.end(), '-', ' ');
    for (int term : taxonomy.TermsIn(spaced)) {
      const TermInfo& info = taxonomy.term(term);
      if (info.kind != TermKind::kSkill || covered.contains(info.id)) continue;
      bool under = false;
      for (const std::string& cov : covered) {
        int ci = taxonomy.Find(cov);
        if (ci >= 0 && (taxonomy.IsA(term, ci) || taxonomy.IsA(ci, term))) under = true;
      }
      if (under) continue;
      std::string id = info.id;
      std::replace(id.begin(), id.end(), '_', '-');
      v1::Criterion* c = b.Add(absl::StrCat("tag-", id), info.label,
                               v1::CRITERION_KIND_SKILL, false);
      c->set_weight(0.5);
      c->add_terms(info.id);
      covered.insert(info.id);
    }
  }

  // Knock-out questions: link each to the criterion it tests.
  std::vector<int> linked(rubric.criteria_size(), -1);
  std::vector<int> best_score(rubric.criteria_size(), 0);
  for (int q = 0; q < job.questions_size(); ++q) {
    const v1::Question& question = job.questions(q);
    if (question.knockout().rule_case() == v1::Knockout::RULE_NOT_SET) continue;
    std::string qtext = question.title();
    if (question.knockout().has_expect_any_of()) {
      for (const auto& v : question.knockout().expect_any_of().values()) {
        absl::StrAppend(&qtext, " ", v);
      }
    }
    std::string qf = FoldForMatch(qtext);
    int best = -1, best_s = 0;
    for (int i = 0; i < rubric.criteria_size(); ++i) {
      const v1::Criterion& c = rubric.criteria(i);
      if (c.requirement() != v1::REQUIREMENT_MUST) continue;
      std::string ctext = c.label();
      for (const auto& t : c.terms()) {
        int ti = taxonomy.Find(t.substr(0, t.find(':')));
        if (ti >= 0) absl::StrAppend(&ctext, " ", taxonomy.term(ti).aliases.empty() ? "" : taxonomy.term(ti).aliases[0]);
      }
      int s = TextSimilarity(taxonomy, qtext, ctext);
      if (question.knockout().has_expect_any_of()) {
        // The accepted alternatives say what is tested ("German").
        std::vector<int> ct = taxonomy.TermsIn(ctext);
        for (const auto& v : question.knockout().expect_any_of().values()) {
          for (int x : taxonomy.TermsIn(v)) {
            if (std::find(ct.begin(), ct.end(), x) != ct.end()) s += 10;
          }
        }
      }
      if (question.question_type() == v1::QUESTION_TYPE_RANGE &&
          c.kind() == v1::CRITERION_KIND_EXPERIENCE_YEARS) {
        s += 1;
      }
      if (IsWorkAuth(qf) && c.kind() == v1::CRITERION_KIND_WORK_AUTHORIZATION) {
        s += 5;
      }
      if (question.question_type() == v1::QUESTION_TYPE_CHOICE &&
          c.kind() == v1::CRITERION_KIND_EXPERIENCE_YEARS) {
        s -= 2;
      }
      if (s > best_s) {
        best_s = s;
        best = i;
      }
    }
    if (best >= 0 && best_s >= 3 && best_s > best_score[best]) {
      if (linked[best] >= 0) {
        // Displaced question becomes its own knock-out criterion below.
        int old = linked[best];
        linked[best] = q;
        best_score[best] = best_s;
        const v1::Question& oq = job.questions(old);
        v1::Criterion* c = b.Add(absl::StrCat("knockout-", Slug(oq.title(), 4)),
                                 oq.title(), v1::CRITERION_KIND_KNOCKOUT_QUESTION, true);
        c->set_question_id(oq.id());
        *c->mutable_knockout() = oq.knockout();
        linked.push_back(-2);
        best_score.push_back(0);
      } else {
        linked[best] = q;
        best_score[best] = best_s;
      }
      continue;
    }
    v1::Criterion* c = b.Add(absl::StrCat("knockout-", Slug(question.title(), 4)),
                             question.title(),
                             v1::CRITERION_KIND_KNOCKOUT_QUESTION, true);
    c->set_question_id(question.id());
    *c->mutable_knockout() = question.knockout();
    linked.push_back(-2);
    best_score.push_back(0);
  }
  for (size_t i = 0; i < linked.size() && i < static_cast<size_t>(rubric.criteria_size()); ++i) {
    if (linked[i] < 0) continue;
    const v1::Question& question = job.questions(linked[i]);
    v1::Criterion* c = rubric.mutable_criteria(static_cast<int>(i));
    c->set_question_id(question.id());
    *c->mutable_knockout() = question.knockout();
  }

  rubric.set_language_code(lang);
  for (const std::string& line : b.unevaluable) {
    rubric.add_warnings(absl::StrCat(kNotEvaluableWarning, "\"", line, "\""));
  }
  std::string all_text = absl::StrCat(job.title(), "\n", HtmlToText(job.body_html()));
  for (std::string& w : RubricWarnings(all_text)) rubric.add_warnings(std::move(w));
  if (rubric.criteria_size() == 0) {
    rubric.add_warnings("no requirements found in the job ad; add criteria by hand");
  }
  rubric.set_content_hash(RubricContentHash(rubric));
  return rubric;
}

}  // namespace clara::screening::engine
