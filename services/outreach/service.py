"""The outreach nameko service: parse, call the application, let typed errors travel back."""
from __future__ import annotations

from chassis.auth import Officer
from chassis.service import ApplicationProvider, ServiceEntrypoints, command, validated
from contracts.outreach import ActivityBody, ClosureBody, IncidentBody, PanicAlertBody, UnsafeStopBody
from services.outreach.application import OutreachApplication

class OutreachService(ServiceEntrypoints):
    name = "outreach"
    app: OutreachApplication = ApplicationProvider(OutreachApplication)

    @command
    def record_activity(self, payload: dict, officer: dict) -> dict:
        return self.app.record_activity(validated(ActivityBody, payload), Officer.from_claims(officer))

    @command
    def import_activities(self, district: str, sheet: str, officer: dict) -> dict:
        return self.app.import_activities(district, str(sheet), Officer.from_claims(officer))

    @command
    def activity_view(self, activity_id: str, officer: dict) -> dict:
        return self.app.activity_view(activity_id, Officer.from_claims(officer))

    @command
    def report_incident(self, payload: dict, officer: dict) -> dict:
        return self.app.report_incident(validated(IncidentBody, payload), Officer.from_claims(officer))

    @command
    def panic_alert(self, payload: dict, officer: dict) -> dict:
        return self.app.panic_alert(validated(PanicAlertBody, payload), Officer.from_claims(officer))

    @command
    def acknowledge_incident(self, incident_id: str, officer: dict) -> dict:
        return self.app.acknowledge_incident(incident_id, Officer.from_claims(officer))

    @command
    def close_incident(self, incident_id: str, payload: dict, officer: dict) -> dict:
        return self.app.close_incident(incident_id, validated(ClosureBody, payload), Officer.from_claims(officer))

    @command
    def incident_view(self, incident_id: str, officer: dict) -> dict:
        return self.app.incident_view(incident_id, Officer.from_claims(officer))

    @command
    def report_unsafe_stop(self, payload: dict) -> dict:
        return self.app.report_unsafe_stop(validated(UnsafeStopBody, payload))
