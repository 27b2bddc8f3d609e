"""A ZIP archive written as a stream of chunks, for "download all".

`zipfile` writes into a small sink that the generator empties after every write, so neither the
archive nor a whole member is ever held in memory or written to disk: a worker holds one read
chunk and its copy at a time. The stream is not seekable, so zipfile writes each member's sizes
and CRC after its data (a data descriptor), which unzip tools read from the central directory.
"""
import io
import zipfile

CHUNK = 256 * 1024


class _Sink(io.RawIOBase):
    def __init__(self):
        self.pieces = []
        self.position = 0

    def writable(self):
        return True

    def write(self, data):
        self.pieces.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def drain(self):
        pieces, self.pieces = self.pieces, []
        return b"".join(pieces)


def stream_zip(members):
    """Yield the bytes of a ZIP of `members`: (name in the archive, date_time tuple, opener), where
    `opener()` returns a binary file object (closed here). Names are stored in UTF-8 (flag 0x800,
    set by zipfile for non-ASCII names). Members are stored as they are: PDFs and Office files are
    compressed already, and compressing again would cost CPU for nothing."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, date_time, opener in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED
            with opener() as source, archive.open(info, mode="w", force_zip64=True) as target:
                while True:
                    chunk = source.read(CHUNK)
                    if not chunk:
                        break
                    target.write(chunk)
                    yield sink.drain()
            yield sink.drain()
    yield sink.drain()


def unique_names(names):
    """The same names with " (2)", " (3)"... added to repeats, before the extension."""
    seen = set()
    for name in names:
        candidate, number = name, 1
        while candidate.lower() in seen:
            number += 1
            stem, dot, extension = name.rpartition(".")
            candidate = f"{stem} ({number}).{extension}" if dot else f"{name} ({number})"
        seen.add(candidate.lower())
        yield candidate
