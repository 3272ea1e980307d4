// Texts of the seeded demo company (job ads in HTML, resumes in the resume_pdf.h markup). Kept
// apart from seed.cc so the structure of the company stays readable. Internal to the simulator.
#pragma once

namespace clara::ttsim::seed_text {

extern const char* const kBackendJobBody;
extern const char* const kWarehouseJobBody;
extern const char* const kDispatcherJobBody;
extern const char* const kDesignerJobBody;
extern const char* const kSupportJobBody;

extern const char* const kResumeElin;
extern const char* const kResumeRahul;
extern const char* const kResumeOskar;
extern const char* const kResumeDaniel;
extern const char* const kResumeSam;
extern const char* const kResumeJohanna;
extern const char* const kResumeMaria;
extern const char* const kResumeAhmed;
extern const char* const kResumeLinnea;
extern const char* const kResumeTomasz;
extern const char* const kResumeJana;
extern const char* const kResumeLukas;
extern const char* const kResumeChloe;

}  // namespace clara::ttsim::seed_text
