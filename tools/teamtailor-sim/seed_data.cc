// Texts of the seeded demo company; see seed_data.h. Every person and company here is invented.
#include "tools/teamtailor-sim/seed_data.h"

namespace clara::ttsim::seed_text {

const char* const kBackendJobBody = R"TXT(<p>Norrsund Logistics moves freight for more than 2,000 Nordic shippers. Our Route Optimization Platform plans every truck, van and cargo bike we dispatch, and re-plans them in real time when traffic, weather or customers change their minds. We are looking for a senior backend engineer to join the six-person platform team in Stockholm.</p>
<h3>What you will do</h3>
<ul>
<li>Design, build and operate low-latency services in C++ and Go that compute and re-compute routes for thousands of vehicles.</li>
<li>Own data models and queries in PostgreSQL, including migrations on tables with hundreds of millions of rows.</li>
<li>Build event-driven integrations with our warehouse and telematics systems over Kafka and gRPC.</li>
<li>Take part in a fair on-call rotation (one week in six) and in blameless post-mortems.</li>
<li>Mentor other engineers and review code with care.</li>
</ul>
<h3>Must-haves</h3>
<ul>
<li>At least 5 years of professional backend development.</li>
<li>Production experience with C++ (C++17 or later) or Go.</li>
<li>Solid PostgreSQL skills: schema design, query tuning and transactions.</li>
<li>Experience with distributed systems and message queues (Kafka, RabbitMQ or similar).</li>
<li>Fluent English, spoken and written.</li>
<li>A valid permit to work in the EU/EEA. We cannot sponsor visas for this role.</li>
</ul>
<h3>Nice-to-haves</h3>
<ul>
<li>Kubernetes and observability tooling such as Prometheus or OpenTelemetry.</li>
<li>gRPC and Protocol Buffers.</li>
<li>Domain knowledge in logistics, vehicle routing or operations research.</li>
<li>Swedish.</li>
</ul>
<h3>What we offer</h3>
<p>A hybrid setup with two office days a week at our Stockholm office on Hornsgatan, six weeks of vacation, a yearly training budget of SEK 25,000, occupational pension and a wellness allowance. The salary range is SEK 62,000–75,000 per month depending on experience.</p>
<p>We review applications continuously, so do not wait to apply. Questions about the role? Contact Sofia Lindholm, Talent Acquisition Lead.</p>)TXT";

const char* const kWarehouseJobBody = R"TXT(<p>Norrsund Logistics driver sex logistikcenter i Sverige. I Jönköping hanterar vi över 30 000 orderrader per dag åt ledande e-handelsföretag. Nu söker vi en lagerchef som vill leda verksamheten framåt med fokus på säkerhet, kvalitet och ett närvarande ledarskap.</p>
<h3>Dina arbetsuppgifter</h3>
<ul>
<li>Leda, coacha och schemalägga cirka 45 medarbetare och tre teamledare i två skift.</li>
<li>Ansvara för verksamhetens nyckeltal: leveransprecision, produktivitet och arbetsmiljö.</li>
<li>Driva förbättringsarbete enligt Lean och 5S tillsammans med teamet.</li>
<li>Samarbeta med kunder, transportörer och vår IT-avdelning kring vårt lagersystem (WMS).</li>
<li>Ha budget- och personalansvar, inklusive rekrytering och medarbetarsamtal.</li>
</ul>
<h3>Krav</h3>
<ul>
<li>Minst 3 års erfarenhet av personalansvar inom lager eller logistik.</li>
<li>Truckkort A och B.</li>
<li>Erfarenhet av att arbeta i ett WMS, till exempel SAP EWM eller Astro WMS.</li>
<li>Flytande svenska i tal och skrift.</li>
</ul>
<h3>Meriterande</h3>
<ul>
<li>Utbildning i eller praktisk erfarenhet av Lean, 5S eller liknande förbättringsmetoder.</li>
<li>Erfarenhet av SAP EWM.</li>
<li>B-körkort.</li>
<li>Goda kunskaper i engelska.</li>
</ul>
<h3>Vi erbjuder</h3>
<p>En tillsvidareanställning med sex månaders provanställning, kollektivavtal, friskvårdsbidrag och goda möjligheter att utvecklas inom koncernen. Arbetstiden är förlagd till dagtid måndag till fredag, med viss flexibilitet under högsäsong.</p>
<p>Tillträde enligt överenskommelse. Urval sker löpande, så skicka gärna din ansökan redan i dag. Har du frågor om tjänsten är du välkommen att kontakta Erik Sandberg, rekryterare.</p>)TXT";

const char* const kDispatcherJobBody = R"TXT(<p>Die Norrsund Logistics GmbH ist die deutsche Tochter der schwedischen Norrsund-Gruppe. Von unserem Standort in Hamburg-Billbrook aus steuern wir Teil- und Komplettladungen zwischen Deutschland, Skandinavien und Osteuropa. Zur Verstärkung unseres Dispo-Teams suchen wir ab sofort eine/n Disponent/in in Vollzeit.</p>
<h3>Ihre Aufgaben</h3>
<ul>
<li>Planung und Steuerung von rund 60 eigenen und fremden Lkw im internationalen Fernverkehr.</li>
<li>Ansprechpartner/in für Fahrer, Kunden und Subunternehmer.</li>
<li>Überwachung der Lenk- und Ruhezeiten sowie der Ladungssicherung.</li>
<li>Preisverhandlungen mit Frachtführern und Auftragsannahme über unser Transportmanagementsystem.</li>
<li>Bearbeitung von Schadensfällen und Reklamationen.</li>
</ul>
<h3>Das bringen Sie mit (Muss)</h3>
<ul>
<li>Abgeschlossene Ausbildung als Kaufmann/-frau für Spedition und Logistikdienstleistung oder eine vergleichbare Qualifikation.</li>
<li>Mindestens 2 Jahre Berufserfahrung in der Disposition im Straßengüterverkehr.</li>
<li>Sehr gute Kenntnisse der Lenk- und Ruhezeiten nach VO (EG) 561/2006.</li>
<li>Verhandlungssichere Deutschkenntnisse.</li>
</ul>
<h3>Wünschenswert</h3>
<ul>
<li>Gute Englischkenntnisse; Polnisch oder eine skandinavische Sprache sind von Vorteil.</li>
<li>Erfahrung mit Frachtenbörsen und Transportplattformen wie Timocom oder Transporeon.</li>
<li>Erfahrung mit Kühl- oder Gefahrguttransporten (ADR).</li>
</ul>
<h3>Wir bieten</h3>
<p>Ein unbefristetes Arbeitsverhältnis, 30 Tage Urlaub, ein hybrides Arbeitsmodell mit einem Homeoffice-Tag pro Woche, ein Deutschlandticket als Jobticket, betriebliche Altersvorsorge und ein kollegiales Team mit kurzen Entscheidungswegen.</p>
<p>Wir freuen uns auf Ihre Bewerbung mit Gehaltsvorstellung und frühestem Eintrittstermin. Ihre Ansprechpartnerin ist Katrin Hoffmann aus dem Recruiting-Team.</p>)TXT";

const char* const kDesignerJobBody = R"TXT(<p>We are building a self-service portal where shippers book, track and pay for freight. We are looking for a product designer who loves turning messy operational workflows into calm, clear interfaces.</p>
<h3>Must-haves</h3>
<ul>
<li>At least 3 years of product design for web applications.</li>
<li>A portfolio that shows research, interaction design and visual design.</li>
<li>Fluent English.</li>
</ul>
<h3>Nice-to-haves</h3>
<ul>
<li>Experience with design systems in Figma.</li>
<li>B2B or logistics domain experience.</li>
</ul>)TXT";

const char* const kSupportJobBody = R"TXT(<p>Vår kundtjänst i Jönköping hjälper avsändare och mottagare med bokningar, spårning och reklamationer. Tjänsten är tillsatt.</p>
<h3>Krav</h3>
<ul>
<li>Flytande svenska och goda kunskaper i engelska.</li>
<li>Erfarenhet av kundservice per telefon och chatt.</li>
</ul>)TXT";

const char* const kResumeElin = R"TXT(# Elin Bergström
Senior Backend Engineer · Stockholm, Sweden
elin.bergstrom@example.com · 070-174 06 11 · Swedish citizen

## Summary
Backend engineer with 8 years of experience building high-throughput services in C++ and Go for logistics and transport companies. I enjoy turning hard optimisation problems into reliable production systems, and I care about good on-call hygiene.

## Experience
Fraktlinjen Nord AB — Senior Backend Engineer, 2020–present
- Lead developer of the ETA prediction service (C++20, gRPC) handling 9,000 requests per second.
- Designed the PostgreSQL schema and partitioning for 600 million shipment events; cut p99 query time from 1.2 s to 80 ms.
- Built Kafka-based event pipelines between warehouse systems and the route planner.
- Runs services on Kubernetes with Prometheus and OpenTelemetry; part of the on-call rotation.
- Mentors two junior engineers and leads the backend guild.
Kvadrat Mobility AB — Backend Developer, 2016–2020
- Go microservices for a ride-sharing dispatch platform; vehicle routing heuristics with OR-Tools.
- Introduced RabbitMQ for asynchronous job processing and PostgreSQL logical replication.

## Education
M.Sc. Computer Science, KTH Royal Institute of Technology, 2016

## Skills
C++17/20, Go, Python, PostgreSQL, Kafka, RabbitMQ, gRPC, Protocol Buffers, Kubernetes, Terraform

## Languages
Swedish (native), English (fluent))TXT";

const char* const kResumeRahul = R"TXT(# Rahul Menon
Software Engineer · Gothenburg, Sweden
rahul.menon@example.com · 07700 900 123 · EU Blue Card holder

## Summary
Software engineer with four years of backend experience, mostly in Java and Python, and recently moving into Go. I like clean APIs and well-tested code.

## Experience
Cargoview Systems AB — Software Engineer, 2021–present
- Java 17 and Spring Boot services for shipment tracking, backed by PostgreSQL and Redis.
- Wrote two internal Go services for label printing and carrier integrations.
- Migrated nightly batch jobs to AWS Lambda and SQS.
Infotrail Solutions, Bengaluru — Junior Developer, 2019–2021
- Python (Django) REST APIs for an e-commerce client; MySQL.

## Education
B.Tech. Information Technology, 2019

## Skills
Java, Spring Boot, Python, Go (basic), PostgreSQL, Redis, Docker, AWS

## Languages
English (fluent), Hindi, Malayalam, Swedish (beginner))TXT";

const char* const kResumeOskar = R"TXT(# Oskar Nyberg
Frontend Developer · Uppsala
oskar.nyberg@example.com · 070-174 06 23

## Profile
Creative frontend developer with two years of experience building responsive web apps in React and TypeScript. Passionate about design systems and accessibility.

## Experience
Webbyrån Pixelhavet — Frontend Developer, 2022–present
- Built customer-facing React and Next.js sites for retail brands.
- Maintained a Storybook component library used by four teams.
Café Lyktan — Barista, 2019–2022

## Education
Frontend Developer, vocational programme (Yrkeshögskola), 2022

## Skills
React, TypeScript, CSS, Figma, Storybook, Jest

## Languages
Swedish (native), English (good))TXT";

const char* const kResumeDaniel = R"TXT(# Daniel Okafor
Senior C++ Engineer · Manchester, United Kingdom
daniel.okafor@example.com · 07700 900 456

## Summary
C++ engineer with 7 years in low-latency systems for trading and logistics. Looking to relocate to Stockholm; I would need visa sponsorship.

## Experience
Meridian Freight Tech Ltd — Senior Software Engineer, 2020–present
- C++17 route-costing engine used to price 1.5 million pallet movements per month.
- PostgreSQL and TimescaleDB for vehicle telemetry; Kafka consumers written in Go.
- Led the migration of eleven services to Kubernetes.
Harbourline Capital — Software Engineer, 2017–2020
- Low-latency market data handlers in C++14; multicast networking and kernel bypass.

## Education
MEng Electronic Engineering, University of Leeds, 2017

## Skills
C++, Go, PostgreSQL, Kafka, gRPC, Linux performance tuning, Kubernetes

## Languages
English (native), Yoruba (native))TXT";

const char* const kResumeSam = R"TXT(# Sam Lee
Software developer.
References available on request.)TXT";

const char* const kResumeJohanna = R"TXT(# Johanna Virtanen
Backend Engineer · Helsinki, Finland (open to relocating to Stockholm)
johanna.virtanen@example.com · 070-174 06 31

## Summary
Backend engineer with six years of experience in Go and Rust, building distributed event-processing systems for vehicle telematics.

## Experience
Saimaa Telematics Oy — Backend Engineer, 2019–present
- Go services ingesting GPS telemetry from 30,000 vehicles through Kafka into Cassandra.
- Rewrote the geofencing engine in Rust, reducing CPU usage by 60 %.
- Kubernetes, Prometheus and Grafana; shares the on-call rotation.
Pohjola Games Oy — Server Developer, 2017–2019
- Multiplayer game servers in Go backed by MongoDB.

## Education
M.Sc. (Tech.), Aalto University, 2017

## Skills
Go, Rust, Kafka, Cassandra, MongoDB, gRPC, Kubernetes, Prometheus

## Languages
Finnish (native), English (fluent), Swedish (good))TXT";

const char* const kResumeMaria = R"TXT(# Maria Åkesson
Lagerchef · Jönköping
maria.akesson@example.com · 070-174 06 42

## Profil
Erfaren lagerchef med sju års personalansvar inom tredjepartslogistik. Jag tror på tydliga mål, delaktighet och ett säkert arbetsklimat – och på att förbättringar görs tillsammans med dem som arbetar på golvet.

## Erfarenhet
Vätterhamn Logistik AB — Lagerchef, 2019–idag
- Personalansvar för 38 medarbetare och två teamledare i tvåskift.
- Införde 5S och dagliga tavlemöten; leveransprecisionen ökade från 96,1 % till 99,3 %.
- Projektledare vid bytet till SAP EWM 2021.
- Budgetansvar på 42 miljoner kronor per år.
Nordkyl Distribution AB — Teamledare lager, 2016–2019
- Arbetsledning av 12 personer, schemaläggning och introduktion av nyanställda.
- Dagligt arbete i Astro WMS.

## Utbildning
Logistikekonom, Jönköping University, 2016
Lean Green Belt, 2020

## Certifikat
Truckkort A och B (TLP10), B-körkort

## Språk
Svenska (modersmål), engelska (mycket goda kunskaper))TXT";

const char* const kResumeAhmed = R"TXT(# Ahmed Yusuf
Lagerarbetare och teamledare · Huskvarna
ahmed.yusuf@example.com · 070-174 06 53

## Profil
Noggrann och driven lagermedarbetare med fem års erfarenhet av plock, inleverans och truckkörning. Sedan ett år tillbaka vikarierande teamledare.

## Erfarenhet
Smålandslager i Huskvarna AB — Teamledare (vikariat), 2023–idag
- Fördelar arbetet för ett skift med nio personer och håller i morgonmöten.
Smålandslager i Huskvarna AB — Lagerarbetare, 2019–2023
- Plock och pack, inleverans och inventering i Astro WMS.
- Ledstaplare och motviktstruck.

## Utbildning
Gymnasieexamen, Handels- och administrationsprogrammet, 2018

## Certifikat
Truckkort A och B

## Språk
Svenska (flytande), somaliska (modersmål), engelska (goda kunskaper))TXT";

const char* const kResumeLinnea = R"TXT(# Linnea Sjöö
Butikssäljare · Jönköping
linnea.sjoo@example.com · 070-174 06 64

## Profil
Serviceinriktad säljare som trivs med högt tempo och vill ta nästa steg i karriären.

## Erfarenhet
Klädkedjan Vega — Butikssäljare, 2020–idag
- Kassa, varuinplock och skyltning.
Glassbaren Strandvik — Sommarjobb, 2018–2019

## Utbildning
Gymnasieexamen, Samhällsvetenskapsprogrammet, 2019

## Språk
Svenska, engelska)TXT";

const char* const kResumeTomasz = R"TXT(# Tomasz Kowalski
Warehouse Shift Supervisor · Borås, Sweden
tomasz.kowalski@example.com · 070-174 06 75

## Summary
Warehouse supervisor with four years of people management in cold-chain logistics. Currently improving my Swedish (SFI completed, now studying Swedish as a second language).

## Experience
Nordic Cold Chain AB, Borås — Shift Supervisor, 2021–present
- Leads a night shift of 22 operators; responsible for safety rounds, staffing and KPIs.
- Daily work in the Consafe Logistics WMS; key user during the 2022 upgrade.
Polfrost Sp. z o.o., Poznań — Team Leader, 2018–2021
- Managed 10 forklift operators and introduced 5S on the loading dock.

## Certificates
Forklift licence A and B (Swedish truckkort), driving licence category B

## Languages
Polish (native), English (fluent), Swedish (basic))TXT";

const char* const kResumeJana = R"TXT(# Jana Müller
Disponentin · Hamburg
jana.mueller@example.com · 07700 900 345

## Profil
Kauffrau für Spedition und Logistikdienstleistung mit fünf Jahren Erfahrung in der Disposition internationaler Teil- und Komplettladungen. Belastbar, lösungsorientiert und sicher im Umgang mit Fahrern, Kunden und Subunternehmern.

## Berufserfahrung
Elbtrans Spedition GmbH, Hamburg — Disponentin Fernverkehr, 2020–heute
- Disposition von 45 Lkw (Plane und Kühler) zwischen Deutschland, Polen und Skandinavien.
- Überwachung der Lenk- und Ruhezeiten nach VO (EG) 561/2006, Fahrerkommunikation per Telematik.
- Frachteinkauf über Timocom und Transporeon, Preisverhandlungen mit Subunternehmern.
Hanse Cargo Logistik GmbH, Hamburg — Auszubildende, 2017–2020
- Ausbildung zur Kauffrau für Spedition und Logistikdienstleistung (IHK), Abschlussnote 1,8.

## Weiterbildung
ADR-Schulung für Disponenten, 2022

## Sprachen
Deutsch (Muttersprache), Englisch (verhandlungssicher), Polnisch (gut))TXT";

const char* const kResumeLukas = R"TXT(# Lukas Schäfer
Berufskraftfahrer und stellvertretender Disponent · Lübeck
lukas.schaefer@example.com · 07700 900 567

## Profil
Zehn Jahre Erfahrung als Berufskraftfahrer im internationalen Fernverkehr; seit 2023 unterstütze ich die Disposition als Springer. Die Lenk- und Ruhezeiten kenne ich aus erster Hand.

## Berufserfahrung
Nordlicht Transporte GmbH, Lübeck — Berufskraftfahrer CE, 2014–heute
- Touren nach Skandinavien und ins Baltikum, Fähr- und Terminlogistik.
- Seit 2023 Vertretung in der Disposition: Tourenplanung für 15 Fahrzeuge.

## Ausbildung
Berufskraftfahrer (IHK), 2014

## Führerscheine
CE, Fahrerkarte, ADR-Basiskurs

## Sprachen
Deutsch (Muttersprache), Englisch (Grundkenntnisse), Schwedisch (Grundkenntnisse))TXT";

const char* const kResumeChloe = R"TXT(# Chloé Dubois
Marketing Coordinator · Lyon, France
chloe.dubois@example.com · 07700 900 678

## Summary
Marketing coordinator with three years of experience in social media campaigns and event management. Interested in moving to Hamburg.

## Experience
Agence Lumière, Lyon — Marketing Coordinator, 2021–present
- Campaigns for regional food brands; Instagram and LinkedIn content.
- Planning of trade fair appearances.

## Education
Licence in Communication, Université Lumière Lyon 2, 2021

## Languages
French (native), English (fluent), German (B1))TXT";

}  // namespace clara::ttsim::seed_text
