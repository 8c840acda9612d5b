"""SMS through a port with two adapters. The service records every request and every outcome
as events; the adapter only delivers.

- FileSms (default): appends one JSON line per message to <data>/sms_outbox.jsonl.
- HttpSms: POSTs to a real provider (WCSO_SMS_URL, WCSO_SMS_SENDER, WCSO_SMS_API_KEY) and returns
  the provider's message id as the delivery receipt.
Recipients are groups ("district:LKO:supervisors", "msp_hq"), resolved to numbers from the
directory file (WCSO_SMS_DIRECTORY) so phone numbers live in one editable place, not in events.
"""
from __future__ import annotations

import http.client
import json
import threading
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from chassis.settings import ConfigError, Settings


@dataclass(frozen=True)
class SmsReceipt:
    delivered: bool
    provider_ref: str | None = None
    error: str | None = None


class SmsPort(Protocol):
    def send(self, request_id: str, recipient_group: str, message: str) -> SmsReceipt: ...


class SmsDirectory:
    def __init__(self, path: Path | None):
        self.groups: dict[str, list[str]] = json.loads(path.read_text()) if path else {}

    def numbers(self, group: str) -> list[str]:
        return self.groups.get(group, [])


class FileSms:
    def __init__(self, path: Path, directory: SmsDirectory):
        self.path = path
        self.directory = directory
        self._lock = threading.Lock()

    def send(self, request_id: str, recipient_group: str, message: str) -> SmsReceipt:
        line = {"at": datetime.now(timezone.utc).isoformat(), "request_id": request_id, "to": recipient_group,
                "numbers": self.directory.numbers(recipient_group), "message": message}
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as outbox:
                outbox.write(json.dumps(line, ensure_ascii=False) + "\n")
        return SmsReceipt(delivered=True, provider_ref=f"file:{request_id}")


class HttpSms:
    def __init__(self, url: str, sender: str, api_key: str, directory: SmsDirectory, timeout: float = 10.0):
        self.url, self.sender, self.api_key = url, sender, api_key
        self.directory = directory
        self.timeout = timeout

    def send(self, request_id: str, recipient_group: str, message: str) -> SmsReceipt:
        numbers = self.directory.numbers(recipient_group)
        if not numbers:
            return SmsReceipt(False, error=f"no numbers for recipient group {recipient_group} in the SMS directory")
        body = json.dumps({"sender": self.sender, "to": numbers, "message": message, "reference": request_id}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                receipt = json.loads(response.read() or b"{}")
            return SmsReceipt(True, provider_ref=str(receipt.get("id") or receipt.get("message_id") or ""))
        except (OSError, http.client.HTTPException, ValueError) as exc:  # URLError and timeouts are OSErrors
            return SmsReceipt(False, error=f"SMS provider error: {exc}"[:300])


def build_sms_port(settings: Settings) -> SmsPort:
    directory = SmsDirectory(settings.sms_directory)
    if settings.sms_adapter == "http":
        if not settings.sms_url or not settings.sms_api_key:
            raise ConfigError("WCSO_SMS_ADAPTER=http needs WCSO_SMS_URL and WCSO_SMS_API_KEY")
        return HttpSms(settings.sms_url, settings.sms_sender, settings.sms_api_key, directory)
    return FileSms(settings.data_dir / "sms_outbox.jsonl", directory)
