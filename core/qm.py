"""Compile a Qt Linguist .ts file into the binary .qm that QTranslator loads, in pure Python.

Why: lrelease (Qt's compiler, Debian package qttools5-dev-tools) is not on every machine that builds the plugin
or runs it from a git checkout. The plugin compiles its .ts itself when no up-to-date .qm sits next to it
(plugin.py), and tools/build_translations.py / tools/package.py fall back to this compiler without lrelease.

The format is the one lrelease writes ("SaveEverything" mode; Qt's linguist/shared/qm.cpp, read by
QTranslator in qtbase/src/corelib/kernel/qtranslator.cpp): a 16-byte magic, then tagged sections
(tag byte, big-endian uint32 length, bytes). Only two are needed: `Hashes` — (ELF hash of the UTF-8 source
text + comment, offset of the message) pairs sorted by hash then offset — and `Messages` — each message a
list of tagged items: Translation (UTF-16BE), Comment, SourceText, Context (UTF-8), End. Plural forms
(numerus) are not used by the plugin and not supported here.
"""

import struct
import xml.etree.ElementTree as ET  # nosec B405 - the plugin's own .ts files, not untrusted input

MAGIC = bytes((0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95, 0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD))
TAG_END, TAG_TRANSLATION, TAG_SOURCE_TEXT, TAG_CONTEXT, TAG_COMMENT = 1, 3, 6, 7, 8
SECTION_HASHES, SECTION_MESSAGES, SECTION_LANGUAGE = 0x42, 0x69, 0xA7


def elf_hash(data):
    """Qt's elfHash() of the bytes (never 0)."""
    h = 0
    for byte in data:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h or 1


def read_ts(path):
    """[(context, source, comment, translation)] of a .ts file: the messages with a non-empty translation
    that is not obsolete (an « unfinished » translation that has a text is kept, as lrelease does)."""
    tree = ET.parse(str(path))  # nosec B314 - the plugin's own file
    messages = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            if element is None or element.get("type") in ("obsolete", "vanished"):
                continue
            text = element.text or ""
            if text:
                messages.append((name, message.findtext("source") or "", message.findtext("comment") or "", text))
    return messages


def _bytes_item(tag, data):
    return struct.pack(">BI", tag, len(data)) + data


def ts_language(path):
    """The `language` attribute of a .ts file ("en"), or ""."""
    return ET.parse(str(path)).getroot().get("language", "")  # nosec B314 - the plugin's own file


def compile_messages(messages, language=""):
    """The .qm bytes of [(context, source, comment, translation)] (`language`: QTranslator.language())."""
    body = bytearray()
    hashes = []
    for context, source, comment, translation in messages:
        source_b, comment_b, context_b = source.encode("utf-8"), comment.encode("utf-8"), context.encode("utf-8")
        hashes.append((elf_hash(source_b + comment_b), len(body)))
        body += _bytes_item(TAG_TRANSLATION, translation.encode("utf-16-be"))
        body += _bytes_item(TAG_COMMENT, comment_b)
        body += _bytes_item(TAG_SOURCE_TEXT, source_b)
        body += _bytes_item(TAG_CONTEXT, context_b)
        body.append(TAG_END)
    table = b"".join(struct.pack(">II", h, offset) for h, offset in sorted(hashes))
    head = _bytes_item(SECTION_LANGUAGE, language.encode("utf-8")) if language else b""
    return MAGIC + head + _bytes_item(SECTION_HASHES, table) + _bytes_item(SECTION_MESSAGES, bytes(body))


def compile_ts(ts_path, qm_path=None):
    """Compile `ts_path`; write `qm_path` when given. Returns the .qm bytes."""
    data = compile_messages(read_ts(ts_path), ts_language(ts_path))
    if qm_path is not None:
        with open(qm_path, "wb") as out:
            out.write(data)
    return data
