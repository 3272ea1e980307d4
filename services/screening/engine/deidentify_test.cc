#include "services/screening/engine/deidentify.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "services/screening/engine/clara_engine.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/engine/lang_data.h"

namespace clara::screening::engine {
namespace {

TEST(DeidentifyTest, ScrubsIdentifiers) {
  Identifiers ids;
  ids.names = {"Erik", "Lindqvist", "Jan"};
  const struct {
    const char* in;
    const char* out;
  } kCases[] = {
      {"Erik Lindqvist\nBackend Developer", "[…]\nBackend Developer"},
      {"ERIK LINDQVIST", "[…]"},
      {"Mail: erik.lindqvist@example.net, web", "Mail: […], web"},
      {"Tel: 070-174 06 25 | github.com/eriklindqvist-dev",
       "Tel: […] | […]"},
      {"+46 70 174 06 12 · x", "[…] · x"},
      {"linkedin.com/in/eriklindqvist-dev", "[…]"},
      {"https://example.org/cv.pdf", "[…]"},
      {"Tegnérgatan 8, 113 58 Stockholm\nSkills", "[…]\nSkills"},
      {"Karl-Heine-Straße 61, 04229 Leipzig, Germany", "[…]"},
      {"Pronouns: he/him\nProfile", "Profile"},
      {"Geburtsdatum: 14.02.1968 in Augsburg\nFamilienstand: verheiratet, zwei Kinder\nX",
       "X"},
      {"[Bewerbungsfoto]\nBerufserfahrung", "Berufserfahrung"},
      {"Erik took ownership; he is the person", "[…] took ownership; […] is the person"},
      {"Jan 2021 – present", "Jan 2021 – present"},  // a month, not the name
      {"father of two, married", "[…], […]"},
      {"2019 – 2021 Waitress", "2019 – 2021 Waiter"},
      {"06.00–14.30 / 14.30–23.00", "06.00–14.30 / 14.30–23.00"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(ScrubText(c.in, ids), c.out);
  }
}

// Two candidates who differ only in protected attributes produce
// byte-identical evidence.
TEST(DeidentifyTest, CounterfactualsAreIdentical) {
  const char* kResume =
      "%NAME% Lindqvist\nPronouns: %PRON%\nBackend Developer\n"
      "%MAIL% | linkedin.com/in/%LINK%\n%BIRTH%%PHOTO%%STATUS%"
      "EXPERIENCE\nBackend Developer — Kvittra AB\nFeb 2021 – present\n"
      "- Python and PostgreSQL\nREFERENCES\n\"%NAME% took ownership; %P% is great.\"\n";
  auto fill = [&](const std::string& name, const std::string& pron,
                  const std::string& p, const std::string& birth,
                  const std::string& photo, const std::string& status) {
    std::string s = kResume;
    auto rep = [&](const std::string& k, const std::string& v) {
      for (size_t pos; (pos = s.find(k)) != std::string::npos;) s.replace(pos, k.size(), v);
    };
    std::string lower = name;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(ch));
    rep("%NAME%", name);
    rep("%PRON%", pron);
    rep("%MAIL%", lower + ".lindqvist@example.net");
    rep("%LINK%", lower + "lindqvist-dev");
    rep("%BIRTH%", birth);
    rep("%PHOTO%", photo);
    rep("%STATUS%", status);
    rep("%P%", p);
    RawCandidate raw;
    raw.first_name = name;
    raw.last_name = "Lindqvist";
    raw.email = lower + ".lindqvist@example.net";
    raw.phone = "070-174 06 25";
    raw.resume_text = s;
    raw.pitch = "Hi, I am " + name + ".";
    return DeidentifyCandidate(raw);
  };
  v1::CandidateEvidence a = fill("Erik", "he/him", "he", "Geburtsdatum: 14.02.1968\n",
                                 "[Photo]\n", "Familienstand: verheiratet, zwei Kinder\n");
  v1::CandidateEvidence b = fill("Emma", "she/her", "she", "Geburtsdatum: 03.07.1996\n",
                                 "", "Familienstand: ledig\n");
  EXPECT_EQ(a.resume_text(), b.resume_text());
  EXPECT_EQ(a.pitch(), b.pitch());
  EXPECT_EQ(a.resume_text().find("Erik"), std::string::npos);
  EXPECT_EQ(a.resume_text().find("1968"), std::string::npos);
  EXPECT_NE(a.resume_text().find("PostgreSQL"), std::string::npos);
}

TEST(DeidentifyTest, AnswersAreScrubbedButKeepTheirShape) {
  RawCandidate raw;
  raw.first_name = "Lena";
  raw.last_name = "Hoffmann";
  v1::CandidateAnswer text;
  text.set_question_id("q1");
  text.set_text("Lena here: I built HubSpot sequences");
  v1::CandidateAnswer yes;
  yes.set_question_id("q2");
  yes.set_boolean(true);
  raw.answers = {text, yes};
  v1::CandidateEvidence ev = DeidentifyCandidate(raw);
  ASSERT_EQ(ev.answers_size(), 2);
  EXPECT_EQ(ev.answers(0).text(), "[…] here: I built HubSpot sequences");
  EXPECT_TRUE(ev.answers(1).boolean());
}

// Personal-data lines and inline statements, one block per language (every
// sentence written for this test). `out` is the whole scrubbed text.
TEST(DeidentifyTest, PersonalDataInEveryLanguage) {
  Identifiers ids;
  const struct {
    const char* lang;
    const char* in;
    const char* out;
  } kCases[] = {
      // English
      {"en", "Date of birth: 02/11/1988 · Nationality: Irish\nSkills", "Skills"},
      {"en", "Citizenship: Canadian\nMarital status: married\nReligion: Catholic\nX", "X"},
      {"en", "Place of birth\nCork\nProfile", "Profile"},
      {"en", "I was born in 1979 in Accra and moved here in 2001. I drive forklifts.",
       "I was […]. I drive forklifts."},
      {"en", "Born and raised in Hull. Warehouse work since 2015.", "[…]. Warehouse work since 2015."},
      {"en", "Polish citizen, full UK driving licence", "[…], full UK driving licence"},
      {"en", "I am 41 years old and aged 41 in May", "I am […] and […] in May"},
      {"en", "Volunteer cook at St Brendan's Church, Thursdays", "Volunteer cook at […], Thursdays"},
      {"en", "Helped at the local mosque food bank", "Helped at the local […] food bank"},
      // Swedish
      {"sv", "Födelsedatum: 1990-04-12\nMedborgarskap: svenskt\nCivilstånd: gift\nErfarenhet", "Erfarenhet"},
      {"sv", "Jag är född 1965 i Kiruna och har kört truck sedan 1990.", "Jag är […]."},
      {"sv", "Ledare för sommarläger i Sankt Mikaels församling", "Ledare för sommarläger i […]"},
      {"sv", "Hon är noggrann och svensk medborgare", "[…] är noggrann och […]"},
      // Norwegian
      {"no", "Fødselsdato: 03.02.1977\nFødested: Tromsø\nStatsborgerskap: norsk\nSivilstand: samboer\nX", "X"},
      {"no", "Jeg er født i Bodø og har jobbet i lager.", "Jeg er […]."},
      {"no", "Frivillig i menigheten hver søndag", "Frivillig i […] hver søndag"},
      // Danish
      {"da", "Fødested: Aarhus\nCivilstand: gift, to børn\nReligion: ingen\nErfaring", "Erfaring"},
      {"da", "Født 1970 i Esbjerg. Uddannet smed.", "[…]. Uddannet smed."},
      // Finnish
      {"fi", "Syntymäaika: 4.5.1986\nKansalaisuus: Suomi\nSiviilisääty: naimisissa\nKokemus", "Kokemus"},
      {"fi", "Olen 38-vuotias kokki.", "Olen […] kokki."},
      // German
      {"de", "Geburtsort: Bremen\nStaatsangehörigkeit: deutsch\nReligion/Konfession: evangelisch\nX", "X"},
      {"de", "Geboren 1990 in Gera, ledig\nBerufserfahrung", "[…]\nBerufserfahrung"},
      {"de", "Ich bin 1984 in Izmir geboren. Seit 2010 Lagerist.", "[…]. Seit 2010 Lagerist."},
      {"de", "Ehrenamt in der Moscheegemeinde Wedding", "Ehrenamt in der […]"},
      {"de", "[Foto]\nLebenslauf", "Lebenslauf"},
      // Dutch
      {"nl", "Geboortedatum: 12-06-1992\nGeboorteplaats: Breda\nNationaliteit: Nederlandse\nBurgerlijke staat: gehuwd\nX",
       "X"},
      {"nl", "Vrijwilliger bij de Kerk van de Heilige Geest", "Vrijwilliger bij de […]"},
      // French
      {"fr", "Née le 3 mars 1990 à Lyon\nExpérience", "Expérience"},
      {"fr", "Nationalité : française\nSituation familiale : mariée\nX", "X"},
      {"fr", "Cariste, né en 1985 au Havre, permis B", "Cariste, […]"},
      {"fr", "Je ne parle pas allemand", "Je ne parle pas allemand"},
      {"fr", "Bénévole à la paroisse Saint-Paul", "Bénévole à la […]"},
      // Spanish
      {"es", "Sexo Hombre | Fecha de nacimiento 02/02/1980 | Lugar de nacimiento Sevilla | Nacionalidad Española\nX",
       "X"},
      {"es", "Nacida en 1994 en Quito. Camarera desde 2015.", "[…]. Camarero desde 2015."},
      {"es", "Voluntaria en la mezquita de Lavapiés", "Voluntario en la […]"},
      {"es", "Reservas con el PMS", "Reservas con el PMS"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.lang) + ": " + c.in);
    EXPECT_EQ(ScrubText(c.in, ids), c.out);
  }
}

// Grammatical gender of titles never reaches the scorer: both forms scrub to
// the same text.
TEST(DeidentifyTest, GenderedTitlesAreNeutralised) {
  Identifiers ids;
  const struct {
    const char* feminine;
    const char* masculine;
    const char* out;
  } kCases[] = {
      {"Staatlich anerkannte Erzieherin", "Staatlich anerkannte Erzieher",
       "Staatlich anerkannte Erzieher"},
      {"Ausbildung zur Bürokauffrau (IHK)", "Ausbildung zum Bürokaufmann (IHK)",
       "Ausbildung zum Bürokaufmann (IHK)"},
      {"Sachbearbeiterin Einkauf", "Sachbearbeiter Einkauf", "Sachbearbeiter Einkauf"},
      {"Gesundheits- und Krankenpflegerin", "Gesundheits- und Krankenpfleger",
       "Gesundheits- und Krankenpfleger"},
      {"PHYSIOTHERAPEUTIN", "PHYSIOTHERAPEUT", "PHYSIOTHERAPEUT"},
      {"Technicienne de maintenance", "Technicien de maintenance", "Technicien de maintenance"},
      {"Infirmière diplômée d'État", "Infirmier diplômé d'État", "Infirmier diplômé d'État"},
      {"J'ai travaillé comme une vendeuse", "J'ai travaillé comme un vendeur",
       "J'ai travaillé comme un vendeur"},
      {"Directrice adjointe", "Directeur adjoint", "Directeur adjoint"},
      {"Enfermera en la UCI", "Enfermero en la UCI", "Enfermero en la UCI"},
      {"Trabajé como camarera de pisos", "Trabajé como camarero de pisos",
       "Trabajé como camarero de pisos"},
      {"Programadora junior", "Programador junior", "Programador junior"},
      {"Magazijnmedewerkster", "Magazijnmedewerker", "Magazijnmedewerker"},
      {"Städerska på hotell", "Städare på hotell", "Städare på hotell"},
      {"Head waitress, Harbour Grill", "Head waiter, Harbour Grill", "Head waiter, Harbour Grill"},
      {"Sykepleier i hjemmetjenesten", "Sykepleier i hjemmetjenesten",
       "Sykepleier i hjemmetjenesten"},
      {"Undersköterska på äldreboende", "Undersköterska på äldreboende",
       "Undersköterska på äldreboende"},
      {"Verpleegkundige op de IC", "Verpleegkundige op de IC", "Verpleegkundige op de IC"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.feminine);
    EXPECT_EQ(ScrubText(c.feminine, ids), c.out);
    EXPECT_EQ(ScrubText(c.masculine, ids), c.out);
  }
  // Words that only look feminine keep their form.
  for (const char* keep : {"Medizin", "Termin in Berlin", "moottorin huolto", "la carrera",
                           "Glycerin", "Kassenbuch"}) {
    SCOPED_TRACE(keep);
    EXPECT_EQ(ScrubText(keep, ids), keep);
  }
}

// Every row of personal.tsv and gender.tsv uses a class the mechanism knows,
// and every language has both files.
TEST(DeidentifyTest, PersonalDataFilesAreWellFormed) {
  const std::set<std::string> personal = {
      "name", "pronouns", "gender", "dob", "birthplace", "age", "nationality", "citizenship",
      "origin", "marital", "children", "religion", "photo", "born", "status", "pronoun",
      "citizen", "faith", "worship", "link", "child", "parent", "old", "aged"};
  const std::set<std::string> gender = {"word", "suffix", "article", "keep"};
  std::set<std::string> have_personal, have_gender;
  for (const LangRow& r : LangRows("personal.tsv")) {
    have_personal.insert(std::string(r.lang));
    ASSERT_GE(r.fields.size(), 2u) << r.lang << ": " << r.fields[0];
    EXPECT_TRUE(personal.contains(std::string(r.fields[1]))) << r.lang << ": " << r.fields[0];
    if (r.fields.size() > 2) EXPECT_EQ(r.fields[2], "bare") << r.lang << ": " << r.fields[0];
  }
  for (const LangRow& r : LangRows("gender.tsv")) {
    have_gender.insert(std::string(r.lang));
    ASSERT_GE(r.fields.size(), 2u) << r.lang << ": " << r.fields[0];
    EXPECT_TRUE(gender.contains(std::string(r.fields[0]))) << r.lang << ": " << r.fields[1];
    if (r.fields[0] != "keep") EXPECT_GE(r.fields.size(), 3u) << r.lang << ": " << r.fields[1];
  }
  std::set<std::string> langs(DataLanguages().begin(), DataLanguages().end());
  EXPECT_EQ(have_personal, langs);
  EXPECT_EQ(have_gender, langs);
}

// Counterfactual pairs in several languages: the same CV differing only in
// name, gender, birth date and place, nationality, marital status or the
// religion of a volunteering place gives byte-identical evidence and results.
TEST(DeidentifyTest, CounterfactualPairsScoreIdentically) {
  struct Person {
    const char* first;
    const char* last;
    const char* resume;
  };
  const struct {
    const char* lang;
    const char* title;
    const char* body;
    Person a, b;
  } kPairs[] = {
      {"de", "Kaufmann/-frau für Büromanagement (m/w/d)",
       "<h3>Das bringst du mit</h3><ul><li>Abgeschlossene Ausbildung als Kaufmann/-frau für "
       "Büromanagement</li><li>Mindestens 2 Jahre Erfahrung in der Auftragsabwicklung</li>"
       "<li>Sicherer Umgang mit Excel</li></ul>",
       {"Johanna", "Brandt",
        "Johanna Brandt\nGeburtsdatum: 21.08.1993\nGeburtsort: Kassel\nStaatsangehörigkeit: deutsch\n"
        "Familienstand: verheiratet, zwei Kinder\n\nBERUFSERFAHRUNG\nSachbearbeiterin Auftragsabwicklung – "
        "Werkhof Logistik GmbH\n04/2019 – heute\n- Aufträge in SAP erfassen, Excel-Auswertungen\n\n"
        "AUSBILDUNG\nAusbildung zur Kauffrau für Büromanagement, 2016 – 2019\n\nEHRENAMT\n"
        "Jugendtrainerin, Kirchengemeinde St. Josef\n"},
       {"Mehmet", "Aydın",
        "Mehmet Aydın\nGeburtsdatum: 02.01.1979\nGeburtsort: Konya (Türkei)\nStaatsangehörigkeit: türkisch\n"
        "Familienstand: ledig\n\nBERUFSERFAHRUNG\nSachbearbeiter Auftragsabwicklung – "
        "Werkhof Logistik GmbH\n04/2019 – heute\n- Aufträge in SAP erfassen, Excel-Auswertungen\n\n"
        "AUSBILDUNG\nAusbildung zum Kaufmann für Büromanagement, 2016 – 2019\n\nEHRENAMT\n"
        "Jugendtrainer, Moscheegemeinde Nord\n"}},
      {"fr", "Infirmier / Infirmière (H/F)",
       "<h3>Profil recherché</h3><ul><li>Diplôme d'État d'infirmier</li>"
       "<li>Au moins 2 ans d'expérience en établissement de santé</li></ul>",
       {"Claire", "Dubois",
        "Claire Dubois\nNée le 14 juin 1991 à Nantes\nNationalité : française\n\nEXPÉRIENCE\n"
        "Infirmière – Clinique des Tilleuls, Rennes\nmars 2018 – aujourd'hui\nSoins post-opératoires, "
        "tutrice des stagiaires.\n\nFORMATION\nDiplôme d'État d'infirmier, 2018\n"},
       {"Youssef", "Benali",
        "Youssef Benali\nNé le 2 février 1984 à Oran (Algérie)\nNationalité : algérienne\n\nEXPÉRIENCE\n"
        "Infirmier – Clinique des Tilleuls, Rennes\nmars 2018 – aujourd'hui\nSoins post-opératoires, "
        "tuteur des stagiaires.\n\nFORMATION\nDiplôme d'État d'infirmier, 2018\n"}},
      {"es", "Camarero/a de sala",
       "<h3>Requisitos</h3><ul><li>Experiencia mínima de 2 años como camarero</li>"
       "<li>Inglés nivel B1</li></ul>",
       {"Lucía", "Martín",
        "Lucía Martín\nFecha de nacimiento: 05/05/1997 | Nacionalidad: española | Estado civil: soltera\n\n"
        "EXPERIENCIA\nCamarera – Restaurante El Faro, Cádiz\n2019 – actualidad\nServicio de sala y "
        "terraza.\n\nIDIOMAS\nInglés B2\n"},
       {"Omar", "El Amrani",
        "Omar El Amrani\nFecha de nacimiento: 30/10/1975 | Nacionalidad: marroquí | Estado civil: casado\n\n"
        "EXPERIENCIA\nCamarero – Restaurante El Faro, Cádiz\n2019 – actualidad\nServicio de sala y "
        "terraza.\n\nIDIOMAS\nInglés B2\n"}},
      {"no", "Lagermedarbeider",
       "<h3>Kvalifikasjoner</h3><ul><li>Minst 2 års erfaring fra lager</li>"
       "<li>Truckførerbevis</li></ul>",
       {"Kari", "Nilsen",
        "Kari Nilsen\nFødt: 09.09.1969 i Hamar\nStatsborgerskap: norsk\n\nERFARING\nLagermedarbeider – "
        "Nordlager AS\n2017 – nå\nPlukk og pakk med truck.\n\nSERTIFIKATER\nTruckførerbevis T1–T4\n\n"
        "FRIVILLIG\nKjøkkenhjelp i Storhamar kirke\n"},
       {"Ahmed", "Hassan",
        "Ahmed Hassan\nFødt: 17.03.1996 i Mogadishu, Somalia\nStatsborgerskap: somalisk\n\nERFARING\n"
        "Lagermedarbeider – Nordlager AS\n2017 – nå\nPlukk og pakk med truck.\n\nSERTIFIKATER\n"
        "Truckførerbevis T1–T4\n\nFRIVILLIG\nKjøkkenhjelp i Hamar moské\n"}},
      {"en", "Support Worker",
       "<h3>Essential</h3><ul><li>At least 1 year of experience as a support worker</li>"
       "<li>Full UK driving licence</li></ul>",
       {"Grace", "Okafor",
        "Grace Okafor\nDate of birth: 11/01/1960 · Nationality: Nigerian\n\nPROFILE\nBorn in Lagos and "
        "raised in Leeds, mother of three.\n\nEXPERIENCE\nSupport Worker – Brightside Care\n2020 – present\n"
        "She supports adults with learning disabilities.\n\nLICENCES\nFull UK driving licence\n\n"
        "VOLUNTEERING\nFood bank helper, St Mary's Church\n"},
       {"Tom", "Hughes",
        "Tom Hughes\nDate of birth: 30/07/1999 · Nationality: British\n\nPROFILE\nBorn in Leeds.\n\n"
        "EXPERIENCE\nSupport Worker – Brightside Care\n2020 – present\n"
        "He supports adults with learning disabilities.\n\nLICENCES\nFull UK driving licence\n\n"
        "VOLUNTEERING\nFood bank helper, Leeds Grand Mosque\n"}},
  };
  auto engine = NewClaraEngine();
  for (const auto& p : kPairs) {
    SCOPED_TRACE(p.lang);
    v1::Job job;
    job.set_id(1);
    job.set_title(p.title);
    job.set_language_code(p.lang);
    job.set_body_html(p.body);
    auto rubric = engine->DeriveRubric(job);
    ASSERT_TRUE(rubric.ok()) << rubric.status();
    auto compiled = engine->Compile(*rubric);
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    std::string bytes[2], text[2];
    int k = 0;
    for (const Person* person : {&p.a, &p.b}) {
      RawCandidate raw;
      raw.first_name = person->first;
      raw.last_name = person->last;
      raw.resume_text = person->resume;
      v1::CandidateEvidence ev = engine->Deidentify(raw);
      text[k] = ev.resume_text();
      bytes[k] = DeterministicBytes(
          engine->Score(**compiled, ev, absl::CivilDay(2026, 11, 15), ScoreOptions()));
      ++k;
    }
    EXPECT_EQ(text[0], text[1]);
    EXPECT_EQ(bytes[0], bytes[1]);
  }
}

}  // namespace
}  // namespace clara::screening::engine
