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


GPL2 = """                    GNU GENERAL PUBLIC LICENSE
                       Version 2, June 1991

 Copyright (C) 1989, 1991 Free Software Foundation, Inc.
"""
LGPL21 = """                  GNU LESSER GENERAL PUBLIC LICENSE
                       Version 2.1, February 1999
  [This is the first released version of the Lesser GPL.  It also counts
 as the successor of the GNU Library Public License, version 2, hence
 the version number 2.1.]
 ...you may apply the terms of the ordinary GNU General Public License, version 2, instead...
"""
BSD3 = """Copyright (c) 2004-2010 The Trustees of Indiana University.  All rights reserved.
Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:
- Redistributions of source code must retain the above copyright
  notice, this list of conditions and the following disclaimer.
- Neither the name of the copyright holders nor the names of its
  contributors may be used to endorse or promote products derived from
  this software without specific prior written permission.
"""
MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy of this software...
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
"""


@pytest.mark.parametrize("text,spdx", [
    (GPL2, "GPL-2.0"), (LGPL21, "LGPL-2.1"), (BSD3, "BSD-3-Clause"), (MIT, "MIT"),
    (BSD3.replace("- Neither the name", "- Nor the name").replace("to endorse or promote", "for"), "BSD-2-Clause"),
    ("                                 Apache License\n                           Version 2.0, January 2004\n",
     "Apache-2.0"),
    (BSD3 + "- All advertising materials mentioning features or use of this software must display...\n", None),
    (GPL2 + "\nThe files in contrib/ are under this license:\n" + BSD3, None),  # two licenses: no guess
    ("This software may be used for any purpose, see the web site.\n", None),
    ("GROMACS is free software; you can redistribute it under the GNU Lesser General Public License.\n", None),
])
def test_a_license_file_is_one_of_a_few_texts_or_nothing(text, spdx):
    assert debian.identify_license(text) == spdx


def test_the_package_license_is_that_of_all_its_license_files_or_none(tmp_path):
    (tmp_path / "COPYING").write_text(LGPL21)
    (tmp_path / "COPYING.LIB").write_text(LGPL21)
    (tmp_path / "README").write_text(MIT)
    assert debian.package_license(tmp_path) == ("LGPL-2.1", "COPYING")
    (tmp_path / "LICENSE").write_text(GPL2)  # a GPL program beside an LGPL library
    assert debian.package_license(tmp_path) is None
    (tmp_path / "LICENSE").write_text("See COPYING and the headers of each file.\n")
    assert debian.package_license(tmp_path) is None
    assert debian.package_license(tmp_path / "missing") is None
