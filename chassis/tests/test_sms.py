"""The SMS port's two adapters: the file outbox, and the HTTP provider (a real local HTTP server)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from chassis.settings import ConfigError, load_settings
from chassis.sms import FileSms, HttpSms, SmsDirectory, build_sms_port


@pytest.fixture
def directory(tmp_path):
    path = tmp_path / "directory.json"
    path.write_text(json.dumps({"msp_hq": ["9000000000"], "district:LKO:supervisors": ["9000000001"]}))
    return SmsDirectory(path)


@pytest.fixture
def provider():
    """A fake SMS provider on loopback: records requests, answers with a message id or a 500."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append({"body": body, "auth": self.headers["Authorization"]})
            status, answer = (500, b"{}") if body["message"] == "fail" else (200, b'{"id": "prov-42"}')
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received
    server.shutdown()


def test_file_adapter_appends_one_line_per_message(tmp_path, directory):
    outbox = tmp_path / "sms_outbox.jsonl"
    sms = FileSms(outbox, directory)
    receipt = sms.send("sms-1", "msp_hq", "VIKALP complaint VK-LKO-2611-AAAAAA registered")
    assert receipt.delivered and receipt.provider_ref == "file:sms-1"
    line = json.loads(outbox.read_text().splitlines()[0])
    assert line["numbers"] == ["9000000000"] and line["to"] == "msp_hq"


def test_http_adapter_posts_to_the_provider_and_records_its_receipt(provider, directory):
    url, received = provider
    receipt = HttpSms(url, "WCSOUP", "secret-key", directory).send("sms-2", "district:LKO:supervisors", "hello")
    assert receipt.delivered and receipt.provider_ref == "prov-42"
    assert received[0]["body"] == {"sender": "WCSOUP", "to": ["9000000001"], "message": "hello", "reference": "sms-2"}
    assert received[0]["auth"] == "Bearer secret-key"


def test_http_adapter_reports_a_provider_failure_or_an_unknown_group(provider, directory):
    url, _ = provider
    sms = HttpSms(url, "WCSOUP", "secret-key", directory)
    failed = sms.send("sms-3", "msp_hq", "fail")
    assert not failed.delivered and "500" in failed.error
    unknown = sms.send("sms-4", "district:XYZ:supervisors", "hello")
    assert not unknown.delivered and "district:XYZ:supervisors" in unknown.error
    down = HttpSms("http://127.0.0.1:9/", "WCSOUP", "k", directory).send("sms-5", "msp_hq", "hello")
    assert not down.delivered and down.error.startswith("SMS provider error")


def test_http_adapter_needs_its_url_and_key(tmp_path):
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_SMS_ADAPTER": "http"})
    with pytest.raises(ConfigError, match="WCSO_SMS_URL and WCSO_SMS_API_KEY"):
        build_sms_port(settings)
