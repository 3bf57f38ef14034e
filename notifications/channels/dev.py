"""Stand-ins for development and tests, as Django's console and file email
backends: `console://` prints each message, `file:///folder` writes each one as
a JSON file (`<channel>-<reference>-<n>.json`, n counting a resend)."""

import dataclasses
import json
import sys
from pathlib import Path

from .base import ChannelBackend, OutgoingMessage


class ConsoleBackend(ChannelBackend):
    def __init__(self, channel: str):
        self.channel = channel

    def send(self, message: OutgoingMessage) -> str:
        record = {"channel": self.channel, **dataclasses.asdict(message)}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return f"console-{message.reference}"


class FileBackend(ChannelBackend):
    def __init__(self, channel: str, path: str):
        self.channel = channel
        self.folder = Path(path)

    def send(self, message: OutgoingMessage) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {"channel": self.channel, **dataclasses.asdict(message)}
        stem = f"{self.channel}-{message.reference}"
        n = len(list(self.folder.glob(f"{stem}-*.json")))
        path = self.folder / f"{stem}-{n + 1}.json"
        path.write_text(json.dumps(record, ensure_ascii=False))
        return f"file-{message.reference}"
