"""UI labels for values that templates translate dynamically (`{{ _(badge.achievement_type) }}`).

`N_` only marks a string for message extraction (`make messages`); the translation happens in the
template, through the catalog.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


ISSUER_KINDS = (N_("organization"), N_("person"))

ACHIEVEMENT_TYPES = (
    N_("Achievement"), N_("ApprenticeshipCertificate"), N_("Assessment"), N_("Assignment"),
    N_("AssociateDegree"), N_("Award"), N_("Badge"), N_("BachelorDegree"), N_("Certificate"),
    N_("CertificateOfCompletion"), N_("Certification"), N_("CommunityService"), N_("Competency"),
    N_("Course"), N_("CoCurricular"), N_("Degree"), N_("Diploma"), N_("DoctoralDegree"),
    N_("Fieldwork"), N_("GeneralEducationDevelopment"), N_("JourneymanCertificate"),
    N_("LearningProgram"), N_("License"), N_("Membership"), N_("ProfessionalDoctorate"),
    N_("QualityAssuranceCredential"), N_("MasterCertificate"), N_("MasterDegree"),
    N_("MicroCredential"), N_("ResearchDoctorate"), N_("SecondarySchoolDiploma"),
)  # fmt: skip
