"""Authenticated encryption of backup files, streamed in chunks (a dump never sits
whole in memory, nor in clear on disk).

A file is a header (magic, random salt) and a run of records; each record is a
4-byte length and one AES-256-GCM chunk. The chunk key is derived per file from
BACKUP_ENCRYPTION_KEY and the salt (HKDF-SHA256, bound to the file's purpose, so
the dump and the media archive cannot be swapped); the nonce is the chunk's
index, and its associated data says whether it is the last one, so a reordered,
dropped, truncated or extended file fails like a changed byte or a wrong key.
"""

from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hmac import HMAC
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"KUKM-BACKUP\x01"
SALT_BYTES = 16
CHUNK_BYTES = 1 << 20
LENGTH_BYTES = 4
TAG_BYTES = 16
SCHEME = "AES-256-GCM, potongan 1 MiB, kunci per berkas HKDF-SHA256"


class BackupCipherError(Exception):
    """The file is not one of ours, or does not authenticate under the key."""


def key_id(key: bytes) -> str:
    """A fingerprint of the key for the manifest (tells "wrong key" apart from
    "damaged file"); reveals nothing about the key."""
    mac = HMAC(key, hashes.SHA256())
    mac.update(b"kukm-backup:key-id")
    return mac.finalize()[:8].hex()


def _cipher(key: bytes, salt: bytes, purpose: str) -> AESGCM:
    info = b"kukm-backup:" + purpose.encode()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info)
    return AESGCM(derived.derive(key))


def _nonce_and_aad(index: int, last: bool) -> tuple[bytes, bytes]:
    return index.to_bytes(12, "big"), b"last" if last else b"more"


class EncryptingWriter:
    """A write-only file object: what is written reaches `raw` encrypted; close()
    writes the last chunk (without it the file does not authenticate)."""

    def __init__(self, raw: BinaryIO, *, key: bytes, purpose: str, salt: bytes):
        self.raw = raw
        self.cipher = _cipher(key, salt, purpose)
        self.buffer = bytearray()
        self.index = 0
        self.closed = False
        raw.write(MAGIC + salt)

    def write(self, data) -> int:
        self.buffer += data
        # Strictly more than a chunk: what is left always makes the last one.
        while len(self.buffer) > CHUNK_BYTES:
            self._emit(bytes(self.buffer[:CHUNK_BYTES]), last=False)
            del self.buffer[:CHUNK_BYTES]
        return len(data)

    def flush(self) -> None:
        self.raw.flush()

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self.buffer), last=True)
            self.buffer.clear()
            self.raw.flush()
            self.closed = True

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce, aad = _nonce_and_aad(self.index, last)
        sealed = self.cipher.encrypt(nonce, plain, aad)
        self.raw.write(len(sealed).to_bytes(LENGTH_BYTES, "big") + sealed)
        self.index += 1


def decrypted_chunks(raw: BinaryIO, *, key: bytes, purpose: str) -> Iterator[bytes]:
    """The plain content, chunk by chunk, each authenticated before it is yielded;
    raises BackupCipherError at the first thing that does not authenticate."""
    header = raw.read(len(MAGIC) + SALT_BYTES)
    if len(header) != len(MAGIC) + SALT_BYTES or not header.startswith(MAGIC):
        raise BackupCipherError("not an encrypted backup file")
    cipher = _cipher(key, header[len(MAGIC) :], purpose)
    index = 0
    while True:
        length = raw.read(LENGTH_BYTES)
        if len(length) != LENGTH_BYTES:
            raise BackupCipherError("truncated: the last chunk is missing")
        size = int.from_bytes(length, "big")
        if not TAG_BYTES <= size <= CHUNK_BYTES + TAG_BYTES:
            raise BackupCipherError("damaged chunk length")
        sealed = raw.read(size)
        if len(sealed) != size:
            raise BackupCipherError("truncated chunk")
        plain, last = _open(cipher, index, sealed)
        yield plain
        if last:
            break
        index += 1
    if raw.read(1):
        raise BackupCipherError("data after the last chunk")


def _open(cipher: AESGCM, index: int, sealed: bytes) -> tuple[bytes, bool]:
    for last in (False, True):
        nonce, aad = _nonce_and_aad(index, last)
        try:
            return cipher.decrypt(nonce, sealed, aad), last
        except InvalidTag:
            continue
    raise BackupCipherError(f"chunk {index} does not authenticate")


class DecryptingReader:
    """A read-only, forward-only file object over decrypted_chunks (for tarfile's
    stream mode)."""

    def __init__(self, raw: BinaryIO, *, key: bytes, purpose: str):
        self.chunks = decrypted_chunks(raw, key=key, purpose=purpose)
        self.chunk = b""
        self.offset = 0  # into self.chunk: no copy of the rest on each read

    def read(self, size: int = -1) -> bytes:
        parts = []
        wanted = size
        while wanted != 0:
            if self.offset == len(self.chunk):
                chunk = next(self.chunks, None)  # None: authenticated to the end
                if chunk is None:
                    break
                self.chunk, self.offset = chunk, 0
                continue
            end = len(self.chunk) if wanted < 0 else self.offset + wanted
            part = self.chunk[self.offset : end]
            self.offset += len(part)
            parts.append(part)
            if wanted > 0:
                wanted -= len(part)
        return b"".join(parts)
