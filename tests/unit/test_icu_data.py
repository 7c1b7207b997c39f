"""The smaller ICU data library of the Linux package (issue 20, item 6: packaging/icu_data.py): read and written
again it is the same bytes, and Qt answers every kind of ICU question (collation, zone names, codecs, case) the
same with it as with Qt's own 32 MB data — over 22 locales (tests/support/icu_probe.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.process import script_module

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "tests" / "support" / "icu_probe.py"


ICU = script_module(ROOT / "packaging" / "icu_data.py", "icu_data")


def _qt_icu_data() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not found:
        pytest.skip("Qt carries its own ICU on Linux only")
    if not all(shutil.which(tool) for tool in ("nm", "readelf", "cc")):
        pytest.skip("needs binutils and a C compiler, as the Linux build does")
    return found[0]


def _probe(preload: Path | None = None) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if preload is not None:  # same SONAME, loaded first: Qt's ICU takes its data from this library
        env["LD_PRELOAD"] = str(preload)
    command = [sys.executable, str(PROBE)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=120)
    return done.stdout


def test_only_what_qt_never_asks_icu_for_is_dropped() -> None:
    for name in ("coll/de.res", "coll/ucadata.icu", "zone/de.res", "metaZones.res", "zoneinfo64.res", "root.res",
                 "de.res", "cnvalias.icu", "ibm-943_P15A-2003.cnv", "supplementalData.res", "likelySubtags.res"):
        assert not ICU.dropped(name), name
    for name in ("brkitr/cjdict.dict", "unit/de.res", "curr/de.res", "lang/de.res", "region/de.res",
                 "translit/root.res", "rbnf/de.res", "unames.icu", "uts46.nrm", "rfc3491.spp"):
        assert ICU.dropped(name), name


def test_the_package_read_and_written_again_is_the_same_bytes() -> None:
    _, common = ICU.common_data(_qt_icu_data())
    header, items = ICU.read_items(common)
    assert len(items) > 3000
    assert ICU.write_items(header, items) == common


def test_qt_answers_the_same_with_the_smaller_data(tmp_path: Path) -> None:
    library, kept, dropped = ICU.build(_qt_icu_data(), tmp_path / "small")
    assert library.name.startswith("libicudata.so.")
    assert kept > 1000
    assert dropped > 1000
    assert library.stat().st_size < 17e6  # from 32 MB
    full = _probe()
    assert '"Mitteleuropäische Normalzeit"' in full
    assert _probe(library) == full


def test_the_probe_notices_data_qt_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Dropping the collation tree too must change Qt's answers, else the comparison above proves nothing.
    monkeypatch.setattr(ICU, "DROPPED", (*ICU.DROPPED, "coll/*"))
    library, _, _ = ICU.build(_qt_icu_data(), tmp_path / "too-small")
    assert _probe(library) != _probe()
