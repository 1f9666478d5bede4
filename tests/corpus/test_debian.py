"""deb-src entries (deb822 and one-line formats, idempotent, root only) and debian/copyright (DEP-5)."""

import pytest

from hpccoder.corpus import debian
from hpccoder.errors import HpcError

DEB822 = """Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""


def test_deb_src_stanzas_mirror_the_deb_ones_and_are_idempotent(tmp_path):
    d = tmp_path / "sources.list.d"
    d.mkdir()
    (d / "debian.sources").write_text(DEB822)
    path, changed = debian.enable_deb_src(d, tmp_path / "none.list", update=False, check_root=False)
    assert changed and path == d / debian.OUR_FILE
    text = path.read_text()
    assert text.count("Types: deb-src") == 2
    assert "Suites: bookworm bookworm-updates" in text and "Suites: bookworm-security" in text
    assert "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" in text
    assert debian.enable_deb_src(d, tmp_path / "none.list", update=False, check_root=False) == (path, False)
    assert path.read_text() == text


def test_existing_deb_src_entries_are_respected(tmp_path):
    d = tmp_path / "sources.list.d"
    d.mkdir()
    (d / "debian.sources").write_text(DEB822.replace("Types: deb\n", "Types: deb deb-src\n"))
    assert debian.deb_src_stanzas(d, tmp_path / "none.list") == ""
    one_line = tmp_path / "sources.list"
    one_line.write_text("deb [signed-by=/k.gpg] http://deb.debian.org/debian bookworm main contrib\n")
    text = debian.deb_src_stanzas(tmp_path / "empty", one_line)
    assert "Types: deb-src" in text and "Components: main contrib" in text and "Signed-By: /k.gpg" in text


def test_non_root_gets_a_clear_error(tmp_path, monkeypatch):
    d = tmp_path / "sources.list.d"
    d.mkdir()
    (d / "debian.sources").write_text(DEB822)
    monkeypatch.setattr(debian.os, "geteuid", lambda: 1000)
    with pytest.raises(HpcError, match="needs root"):
        debian.enable_deb_src(d, tmp_path / "none.list", update=False)


COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: demo

Files: *
Copyright: 2001 Someone
License: BSD-3-clause

Files: src/mpi/*.c
 src/extra/?.h
Copyright: 2005 Other
License: LGPL-2.1+
 The text of the license
 continues here.

Files: debian/*
Copyright: 2020 Packager
License: GPL-2+

License: BSD-3-clause
 Standalone license text.
"""


def test_dep5_last_matching_stanza_wins():
    c = debian.Copyright.parse(COPYRIGHT)
    assert c.license_for("README") == "BSD-3-clause"
    assert c.license_for("src/mpi/comm.c") == "LGPL-2.1+"
    assert c.license_for("src/mpi/sub/deep.c") == "LGPL-2.1+"  # '*' crosses '/' in DEP-5
    assert c.license_for("src/extra/a.h") == "LGPL-2.1+"
    assert c.license_for("src/extra/ab.h") == "BSD-3-clause"
    assert c.license_for("debian/rules") == "GPL-2+"


def test_free_form_copyright_is_not_machine_readable():
    assert debian.Copyright.parse("This package was debianized by someone.\nIt is GPL.\n") is None


def test_bad_package_names_are_refused(tmp_path):
    with pytest.raises(HpcError, match="not a Debian source package name"):
        debian.fetch("../etc", tmp_path)
