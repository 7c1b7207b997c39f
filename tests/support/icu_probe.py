"""Print, as JSON, every kind of answer Qt Core gets from ICU: collation, time-zone names and IDs, codecs by name
and locale case mapping, over many locales. tests/unit/test_icu_data.py runs it with Qt's own ICU data and with
the smaller one the Linux package ships (packaging/icu_data.py) and expects the same output."""

from __future__ import annotations

import json
import sys
from functools import cmp_to_key

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCollator,
    QLocale,
    QStringConverter,
    QStringDecoder,
    QTimeZone,
    QXmlStreamReader,
)

LOCALES = ("en_US", "de_DE", "sv_SE", "tr_TR", "ja_JP", "zh_CN", "zh_TW", "ko_KR", "ar_EG", "fa_IR", "he_IL",
           "ru_RU", "el_GR", "lt_LT", "fr_CA", "es_ES", "pt_BR", "hi_IN", "th_TH", "da_DK", "pl_PL", "cs_CZ")
WORDS = ("Äpfel", "apfel", "Zebra", "zürich", "Öl", "ol", "ıi", "Ii", "ch", "cz", "Ångström", "10", "9", "ß", "ss",
         "日本", "中国", "한국", "ﺏ", "ب", "Ωμέγα", "ǅ", "ﬁ", "a-b", "ab", "Å", "aa")
ZONES = (b"Europe/Berlin", b"America/New_York", b"Asia/Tokyo", b"Asia/Kolkata", b"Australia/Lord_Howe", b"UTC",
         b"America/Sao_Paulo", b"Africa/Cairo", b"US/Pacific", b"Asia/Calcutta")
# Qt's name for a codec, Python's (to make the bytes Qt decodes), the text.
CODECS = (("Shift_JIS", "shift_jis", "日本語 ｶﾅ"), ("EUC-JP", "euc_jp", "日本語"),
          ("ISO-2022-JP", "iso2022_jp", "日本"), ("GB18030", "gb18030", "中国 €"), ("GBK", "gbk", "中国"),
          ("Big5", "big5", "臺灣"), ("EUC-KR", "euc_kr", "한국"),
          ("windows-1252", "cp1252", "Grüße €"), ("windows-1251", "cp1251", "Привет"), ("KOI8-R", "koi8_r", "Привет"),
          ("ISO-8859-15", "iso8859_15", "€uro"), ("IBM037", "cp037", "EBCDIC"), ("macintosh", "mac_roman", "Grüße"),
          ("TIS-620", "tis_620", "ไทย"), ("UTF-7", "utf_7", "Grüße"))


def answers() -> dict[str, object]:
    found: dict[str, object] = {}
    for name in LOCALES:
        locale = QLocale(name)
        for numeric in (False, True):
            collator = QCollator(locale)
            collator.setNumericMode(numeric)
            found[f"sorted {name} numeric={numeric}"] = sorted(WORDS, key=cmp_to_key(collator.compare))
        found[f"case {name}"] = [locale.toUpper("istanbul ǆ ß ﬁ"), locale.toLower("İSTANBUL ΣΟΦΟΣ ǅ")]
        for zone_id in ZONES:
            zone = QTimeZone(zone_id)
            found[f"zone {zone_id.decode()} {name}"] = [
                zone.displayName(kind, style, locale)
                for kind in (QTimeZone.TimeType.StandardTime, QTimeZone.TimeType.DaylightTime,
                             QTimeZone.TimeType.GenericTime)
                for style in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName,
                              QTimeZone.NameType.OffsetName)
            ]
    found["zone ids"] = [bytes(QTimeZone(zone_id).id().data()).decode() for zone_id in ZONES]
    found["codecs available"] = len(QStringConverter.availableCodecs())
    for qt_name, python_name, text in CODECS:
        # PySide6 does not bind QStringDecoder's decoding; QXmlStreamReader decodes with one named by the document
        xml = f'<?xml version="1.0" encoding="{qt_name}"?><t>{text}</t>'.encode(python_name)
        source = QBuffer()
        source.setData(QByteArray(xml))
        source.open(QBuffer.OpenModeFlag.ReadOnly)
        reader = QXmlStreamReader(source)
        while not reader.atEnd() and not reader.isCharacters():
            reader.readNext()
        found[f"codec {qt_name}"] = [QStringDecoder(qt_name).isValid(), reader.text(), reader.errorString()]
    return found


if __name__ == "__main__":
    json.dump(answers(), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
