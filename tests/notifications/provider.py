"""A local stand-in for the WhatsApp Cloud API and an SMS gateway: an
http.server in a thread that records each request (path, headers, JSON body)
and answers from a script of responses (default: 200 with a message id). A
`hold` event keeps the next answer back until the test releases it (a send in
flight when the worker is killed)."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: dict | None = None
    headers: dict = field(default_factory=dict)


@dataclass
class Received:
    path: str
    headers: dict
    body: dict


class StandInProvider:
    def __init__(self):
        self.requests: list[Received] = []
        self.script: list[Answer] = []
        self.hold: threading.Event | None = None
        self.lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                with provider.lock:
                    number = len(provider.requests) + 1
                    provider.requests.append(
                        Received(self.path, dict(self.headers), json.loads(raw))
                    )
                    answer = provider.script.pop(0) if provider.script else None
                    hold = provider.hold
                if hold is not None:
                    hold.wait(60)
                answer = answer or Answer(
                    body={
                        "messaging_product": "whatsapp",
                        "messages": [{"id": f"wamid.TEST{number}"}],
                        "id": f"sms-{number}",
                    }
                )
                data = json.dumps(answer.body or {}).encode()
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client is gone (killed)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()
        self.server.server_close()
