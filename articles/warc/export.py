"""Captures out as one WARC file, streamed: what pywb, SolrWayback and the Internet Archive's tools read."""
from .files import copy_range, warcinfo


class _Sink:
    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(data)


def warc_chunks(captures, filename, missing=None):
    """The bytes of a WARC file holding ``captures`` (an iterable of Capture), a capture's records at a time;
    a capture whose WARC file is gone or cut short is left out and added to ``missing``."""
    yield warcinfo(filename)
    for capture in captures:
        sink = _Sink()
        try:
            copy_range(capture.warc_file, capture.warc_offset, capture.warc_length, sink)
        except (OSError, ValueError) as error:
            if missing is not None:
                missing.append((capture, str(error)))
            continue  # a WARC file removed or cut short by hand: the others are still exported
        yield b"".join(sink.parts)
