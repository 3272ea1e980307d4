#include "services/screening/engine/deidentify.h"
#include "services/screening/engine/strings.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_split.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

struct Span {
  size_t begin;
  size_t end;
  bool remove;  // delete instead of replacing with kRedacted
};

bool IsLabelWord(std::string_view w) {
  static const auto* kLabels = new absl::flat_hash_set<std::string_view>{
      "pronouns", "pronoun", "pronomen", "pronomer", "gender", "geschlecht",
      "kon", "kjonn", "sukupuoli", "geslacht", "sexe", "sex", "dob",
      "birthdate", "birthday", "geburtsdatum", "geburtstag", "geboren",
      "fodelsedatum", "fodd", "fodselsdato", "fodt", "syntymaaika",
      "geboortedatum", "age", "alter", "alder", "ika", "leeftijd",
      "familienstand", "civilstand", "civilstatus", "sivilstand",
      "siviilisaaty", "nationality", "nationalitat", "staatsangehorigkeit",
      "nationalitet", "medborgarskap", "kansalaisuus", "nationaliteit",
      "religion", "konfession", "religion", "children", "kinder", "barn",
      "name", "navn", "namn", "nimi", "naam", "nom", "photo", "foto",
      "bild", "bewerbungsfoto", "marital", "birth", "born", "civil",
      "staatsburgerschaft", "herkunft", "geburtsort"};
  return kLabels->contains(w);
}

bool IsPronoun(std::string_view w) {
  static const auto* kPronouns = new absl::flat_hash_set<std::string_view>{
      "he", "she", "him", "her", "his", "hers", "himself", "herself", "han",
      "hon", "honom", "henne", "hennes", "hen", "hun", "hendes", "hij",
      "zij", "hem"};
  return kPronouns->contains(w);
}

bool IsStatusWord(std::string_view w) {
  static const auto* kStatus = new absl::flat_hash_set<std::string_view>{
      "married", "unmarried", "divorced", "widowed", "verheiratet",
      "geschieden", "verwitwet", "ogift", "skild", "sambo", "gravid",
      "pregnant", "schwanger", "ledig", "gift", "gifte", "ugift", "naimisissa",
      "getrouwd", "mariee", "marie", "celibataire"};
  return kStatus->contains(w);
}

bool IsChildWord(std::string_view w) {
  return w == "children" || w == "kids" || w == "kinder" || w == "kindern" ||
         w == "barn" || w == "born" || w == "lapsi" || w == "lasta" ||
         w == "kinderen" || w == "enfants" || w == "child" || w == "kind" ||
         w == "sons" || w == "daughters";
}

bool IsNumberWord(std::string_view w) {
  return w == "one" || w == "two" || w == "three" || w == "four" ||
         w == "ein" || w == "eine" || w == "zwei" || w == "drei" ||
         w == "vier" || w == "ett" || w == "tva" || w == "tre" ||
         w == "fyra" || w == "to" || w == "fire" || w == "een" ||
         w == "twee" || w == "drie" || w == "deux" || w == "trois" ||
         w == "kaksi" || w == "kolme" || w == "yksi";
}

bool IsStreetSuffixToken(std::string_view w) {
  static constexpr std::string_view kSuffixes[] = {
      "gatan", "gata", "vagen", "vag", "straat", "strasse", "weg", "allee",
      "alle", "gade", "gate", "veien", "vei", "vej", "tie", "katu", "road",
      "street", "avenue", "lane", "plein", "laan", "gracht", "platz",
      "chaussee", "ringen", "torget", "torg", "backe", "damm", "ufer",
      "gasse", "markt", "stigen", "str", "st", "rd", "ave", "vegen", "veg"};
  for (std::string_view s : kSuffixes) {
    if (w.size() >= s.size() && w.substr(w.size() - s.size()) == s) {
      // Short generic suffixes only as whole words.
      if (s.size() <= 3 && w.size() != s.size()) continue;
      return true;
    }
  }
  return false;
}

bool IsStreetPrefix(std::string_view w) {
  return w == "ul" || w == "rua" || w == "carrer" || w == "calle" ||
         w == "via" || w == "rue" || w == "avenida" || w == "anschrift" ||
         w == "adresse" || w == "address" || w == "adress" || w == "osoite";
}

bool IsUrlHost(std::string_view chunk) {
  static constexpr std::string_view kTlds[] = {
      ".com", ".net", ".org", ".io", ".dev", ".se", ".de", ".no", ".dk",
      ".fi", ".nl", ".fr", ".eu", ".me", ".info", ".co", ".uk", ".at",
      ".ch", ".pl", ".es", ".it", ".be"};
  if (chunk.find("://") != std::string_view::npos) return true;
  if (chunk.substr(0, 4) == "www.") return true;
  size_t slash = chunk.find('/');
  std::string_view host = chunk.substr(0, slash);
  for (std::string_view t : kTlds) {
    if (host.size() > t.size() + 1 &&
        host.substr(host.size() - t.size()) == t &&
        (slash != std::string_view::npos || host.find("linkedin") != std::string_view::npos ||
         host.find("github") != std::string_view::npos)) {
      return true;
    }
  }
  return false;
}

void FindEmailsAndUrls(std::string_view text, std::vector<Span>* spans) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' ||
                               text[i] == '\t' || text[i] == '\r')) {
      ++i;
    }
    size_t b = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n' &&
           text[i] != '\t' && text[i] != '\r') {
      ++i;
    }
    std::string_view chunk = text.substr(b, i - b);
    // Trim wrapping punctuation.
    size_t lb = 0, le = chunk.size();
    while (lb < le && (chunk[lb] == '(' || chunk[lb] == '<' || chunk[lb] == '"')) ++lb;
    while (le > lb && (chunk[le - 1] == ')' || chunk[le - 1] == '>' ||
                       chunk[le - 1] == ',' || chunk[le - 1] == '.' ||
                       chunk[le - 1] == ';' || chunk[le - 1] == '"')) {
      --le;
    }
    std::string_view core = chunk.substr(lb, le - lb);
    if (core.empty()) continue;
    bool email = core.find('@') != std::string_view::npos &&
                 core.find('.', core.find('@')) != std::string_view::npos;
    if (email || IsUrlHost(core)) {
      spans->push_back({b + lb, b + le, false});
    }
  }
}

void FindPhones(std::string_view text, std::vector<Span>* spans) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    bool start = c == '+' || c == '0' ||
                 (c == '(' && i + 1 < text.size() && text[i + 1] == '0');
    bool boundary = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
    if (!start || !boundary) {
      ++i;
      continue;
    }
    size_t j = i;
    int digits = 0;
    size_t last_digit = i;
    while (j < text.size() && j - i < 24) {
      char d = text[j];
      if (d >= '0' && d <= '9') {
        ++digits;
        last_digit = j;
      } else if (!(d == ' ' || d == '-' || d == '(' || d == ')' || d == '/' ||
                   d == '+' || d == '.')) {
        break;
      }
      ++j;
    }
    bool next_alnum = last_digit + 1 < text.size() &&
                      std::isalnum(static_cast<unsigned char>(text[last_digit + 1]));
    if (digits >= 8 && !next_alnum) {
      spans->push_back({i, last_digit + 1, false});
      i = last_digit + 1;
    } else {
      ++i;
    }
  }
}

}  // namespace

std::string ScrubText(std::string_view text, const Identifiers& ids) {
  std::vector<Span> spans;
  TokenizedText t;
  t.Reset(text);
  const auto& toks = t.tokens();

  absl::flat_hash_set<std::string> names;
  for (const std::string& n : ids.names) {
    TokenizedText nt;
    nt.Reset(n);
    for (size_t k = 0; k < nt.size(); ++k) {
      if (nt.folded(k).size() >= 2) names.insert(std::string(nt.folded(k)));
    }
  }

  // Labelled personal-data lines and photo lines: removed whole.
  for (uint32_t l = 0; l < t.line_count(); ++l) {
    uint32_t a = t.FirstTokenOfLine(l), b = t.FirstTokenOfLine(l + 1);
    if (a == b) continue;
    auto [lb, le] = t.LineSpan(l);
    bool remove = false;
    // "Label:" within the first three tokens.
    for (uint32_t i = a; i < b && i < a + 3 && !remove; ++i) {
      if (!IsLabelWord(t.folded(i))) continue;
      bool colon = i + 1 < b && (toks[i + 1].gap & kGapColon);
      if (i + 1 == b) colon = text.substr(toks[i].end, le - toks[i].end).find(':') != std::string_view::npos;
      if (colon) remove = true;
    }
    // "[Photo]", "[Bewerbungsfoto]", "Foto".
    if (!remove && b - a <= 2) {
      for (uint32_t i = a; i < b; ++i) {
        std::string_view w = t.folded(i);
        if (w == "photo" || w == "foto" || w == "bewerbungsfoto" ||
            w == "bild" || w == "lichtbild" || w == "profilbild") {
          remove = true;
        }
      }
    }
    if (remove) {
      size_t end = le < text.size() ? le + 1 : le;
      spans.push_back({lb, end, true});
    }
  }

  FindEmailsAndUrls(text, &spans);
  FindPhones(text, &spans);

  for (size_t i = 0; i < toks.size(); ++i) {
    std::string_view w = t.folded(i);
    // Names (not a month before a year: "Jan 2021", "May 2020").
    if (names.contains(AV(w))) {
      bool date = i + 1 < toks.size() && (toks[i + 1].flags & kTokNumeric) &&
                  t.folded(i + 1).size() == 4;
      if (!date) spans.push_back({toks[i].begin, toks[i].end, false});
      continue;
    }
    if (IsPronoun(w) && !(toks[i].flags & kTokAllUpper && w.size() > 2)) {
      spans.push_back({toks[i].begin, toks[i].end, false});
      continue;
    }
    if (IsStatusWord(w)) {
      spans.push_back({toks[i].begin, toks[i].end, false});
      continue;
    }
    // "two children", "zwei Kinder", "3 kids", "mother of two".
    if (IsChildWord(w) && i > 0 &&
        ((toks[i - 1].flags & kTokNumeric) || IsNumberWord(t.folded(i - 1)))) {
      spans.push_back({toks[i - 1].begin, toks[i].end, false});
      continue;
    }
    if ((w == "mother" || w == "father" || w == "mom" || w == "dad" ||
         w == "mutter" || w == "vater" || w == "mamma" || w == "pappa") &&
        i + 1 < toks.size() &&
        (t.folded(i + 1) == "of" || t.folded(i + 1) == "till" ||
         t.folded(i + 1) == "von" || t.folded(i + 1) == "av" ||
         t.folded(i + 1) == "til" || t.folded(i + 1) == "to")) {
      spans.push_back({toks[i].begin, toks[i].end, false});
      continue;
    }
    // "born 12 March 1985", "född 1985", "geboren 1990", "34 years old".
    if (w == "born" || w == "fodd" || w == "fodt" || w == "geboren" ||
        w == "syntynyt" || w == "ne" || w == "nee") {
      size_t j = i + 1;
      size_t end = toks[i].end;
      while (j < toks.size() && j < i + 5 && !(toks[j].gap & kGapNewline)) {
        if (toks[j].flags & kTokHasDigit) end = toks[j].end;
        ++j;
      }
      if (end != toks[i].end) spans.push_back({toks[i].begin, end, false});
      continue;
    }
    if ((toks[i].flags & kTokNumeric) && i + 2 < toks.size() &&
        ((t.folded(i + 1) == "years" && t.folded(i + 2) == "old") ||
         (t.folded(i + 1) == "ar" && t.folded(i + 2) == "gammal") ||
         (t.folded(i + 1) == "jahre" && t.folded(i + 2) == "alt") ||
         (t.folded(i + 1) == "ar" && t.folded(i + 2) == "gammel"))) {
      spans.push_back({toks[i].begin, toks[i + 2].end, false});
      continue;
    }
    // Street addresses: "Hornsgatan 112, 117 26 Stockholm" up to the next
    // "·", "|" or spaced dash.
    bool street = false;
    size_t sb = i;
    bool digit_next = i + 1 < toks.size() && (toks[i + 1].flags & kTokHasDigit);
    bool cap = digit_next && ((toks[i].flags & kTokCapitalized) ||
               (i > 0 && (toks[i - 1].flags & kTokCapitalized) &&
                toks[i].gap == 0 && toks[i - 1].line == toks[i].line));
    if (IsStreetSuffixToken(w) && cap && t.folded(i + 1 < toks.size() ? i + 1 : i).size() <= 5 &&
        i + 1 < toks.size() && (toks[i + 1].flags & kTokHasDigit) &&
        !(toks[i + 1].gap & (kGapNewline | kGapComma))) {
      street = true;
      // Walk back over "Karl-Heine-" / "Lechhauser " parts.
      while (sb > 0 && !(toks[sb].gap & (kGapNewline | kGapComma | kGapBullet |
                                         kGapDash | kGapColon | kGapSentence)) &&
             (toks[sb - 1].flags & kTokCapitalized) && i - sb < 3) {
        --sb;
      }
    } else if (IsStreetPrefix(w) && i + 2 < toks.size() &&
               !(toks[i + 1].gap & kGapNewline) &&
               (toks[i].gap & (kGapNewline)) ) {
      street = true;
    }
    if (street) {
      size_t j = i + 1;
      size_t end = toks[i].end;
      while (j < toks.size() &&
             !(toks[j].gap & (kGapNewline | kGapBullet | kGapDash))) {
        end = toks[j].end;
        ++j;
      }
      spans.push_back({toks[sb].begin, end, false});
      i = j - 1;
      continue;
    }
  }
  // Postcode lines: "44135 Dortmund", "117 26 Stockholm".
  for (uint32_t l = 0; l < t.line_count(); ++l) {
    uint32_t a = t.FirstTokenOfLine(l), b = t.FirstTokenOfLine(l + 1);
    if (b - a < 2 || b - a > 4) continue;
    if (!(toks[a].flags & kTokNumeric)) continue;
    size_t digits = t.folded(a).size();
    if (digits == 3 && b - a >= 3 && (toks[a + 1].flags & kTokNumeric)) digits = 5;
    if (digits < 4 || digits > 5) continue;
    if (!(toks[b - 1].flags & kTokCapitalized)) continue;
    if (toks[a + 1].gap != 0) continue;
    bool dash = false;
    for (uint32_t i = a + 1; i < b; ++i) dash |= (toks[i].gap & (kGapDash | kGapHyphen)) != 0;
    if (dash) continue;
    spans.push_back({toks[a].begin, toks[b - 1].end, false});
  }

  if (spans.empty()) return std::string(text);
  std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) {
    return x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
  });
  // Merge overlapping spans; removal wins.
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
      merged.back().remove = merged.back().remove || s.remove;
      continue;
    }
    merged.push_back(s);
  }
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const Span& s : merged) {
    out.append(text.substr(pos, s.begin - pos));
    if (!s.remove) out.append(kRedacted);
    pos = s.end;
  }
  out.append(text.substr(pos));
  return out;
}

v1::CandidateEvidence DeidentifyCandidate(const RawCandidate& raw) {
  Identifiers ids;
  for (const std::string* n : {&raw.first_name, &raw.last_name}) {
    for (absl::string_view part : absl::StrSplit(*n, absl::ByAnyChar(" -"))) {
      if (part.size() >= 2) ids.names.emplace_back(part);
    }
  }
  ids.others.push_back(raw.email);
  ids.others.push_back(raw.phone);
  for (const std::string& o : raw.other_identifiers) ids.others.push_back(o);

  auto scrub = [&](std::string_view s) {
    std::string out = ScrubText(s, ids);
    // Identifiers given verbatim (LinkedIn URL, address) are removed too.
    for (const std::string& o : ids.others) {
      if (o.size() < 5) continue;
      size_t p = 0;
      while ((p = out.find(o, p)) != std::string::npos) {
        out.replace(p, o.size(), kRedacted);
        p += kRedacted.size();
      }
    }
    return out;
  };
  v1::CandidateEvidence ev;
  ev.set_resume_text(scrub(raw.resume_text));
  ev.set_pitch(scrub(raw.pitch));
  ev.set_cover_letter(scrub(raw.cover_letter));
  for (const v1::CandidateAnswer& a : raw.answers) {
    v1::CandidateAnswer* out = ev.add_answers();
    *out = a;
    if (a.value_case() == v1::CandidateAnswer::kText) {
      out->set_text(scrub(a.text()));
    }
  }
  return ev;
}

}  // namespace clara::screening::engine
