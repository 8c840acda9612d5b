"""The complaints nameko service: parse, call the application, let typed errors travel back."""
from __future__ import annotations

from chassis.auth import Officer
from chassis.service import ApplicationProvider, ServiceEntrypoints, command, validated
from contracts.complaints import AtrBody, ComplaintRegistration, FeedbackBody, LadderStageBody, VettingBody
from services.complaints.application import ComplaintsApplication

class ComplaintsService(ServiceEntrypoints):
    name = "complaints"
    app: ComplaintsApplication = ApplicationProvider(ComplaintsApplication)

    @command
    def register(self, payload: dict) -> dict:
        return self.app.register(validated(ComplaintRegistration, payload))

    @command
    def complainant_view(self, complaint_id: str, access_code: str) -> dict:
        return self.app.complainant_view(complaint_id, access_code)

    @command
    def give_feedback(self, complaint_id: str, access_code: str, payload: dict) -> dict:
        return self.app.give_feedback(complaint_id, access_code, validated(FeedbackBody, payload))

    @command
    def give_ladder_feedback(self, complaint_id: str, access_code: str, payload: dict) -> dict:
        return self.app.give_ladder_feedback(complaint_id, access_code, validated(FeedbackBody, payload))

    @command
    def file_atr(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.file_atr(complaint_id, validated(AtrBody, payload), Officer.from_claims(officer))

    @command
    def record_ladder_stage(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_ladder_stage(complaint_id, validated(LadderStageBody, payload),
                                            Officer.from_claims(officer))

    @command
    def return_to_district(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.return_to_district(complaint_id, validated(VettingBody, payload), Officer.from_claims(officer))

    @command
    def police_view(self, complaint_id: str, officer: dict, include_identity: bool = False) -> dict:
        return self.app.police_view(complaint_id, Officer.from_claims(officer), bool(include_identity))
