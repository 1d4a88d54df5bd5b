#!/usr/bin/env python3
"""Lists what a Windows executable's resource section holds, and checks what Overstap needs:
an icon, a version block with ProductName and FileVersion, and the manifest's settings.

    scripts/pe-resources.py overstap.exe 0.1.0

Reads the PE headers directly (no Windows tools needed): the .rsrc directory tree, then the
VERSIONINFO strings (UTF-16) and the manifest XML. Exits non-zero naming what is missing."""
import struct
import sys

TYPES = {3: "ICON", 14: "GROUP_ICON", 16: "VERSION", 24: "MANIFEST"}


def main(path, version):
    data = open(path, "rb").read()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe:pe + 4] == b"PE\0\0", "not a PE file"
    sections, opt_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    subsystem = struct.unpack_from("<H", data, opt + 68)[0]
    dirs = opt + (112 if magic == 0x20B else 96)
    rsrc_rva = struct.unpack_from("<I", data, dirs + 2 * 8)[0]
    table = opt + opt_size
    rsrc_off = None
    for i in range(sections):
        name, vsize, va, rsize, raw = struct.unpack_from("<8sIIII", data, table + 40 * i)
        if va <= rsrc_rva < va + max(vsize, rsize):
            rsrc_off, rsrc_va = raw + (rsrc_rva - va), va - raw
    assert rsrc_off is not None, "no resource section"

    def entries(offset):
        named, ids = struct.unpack_from("<HH", data, rsrc_off + offset + 12)
        for i in range(named + ids):
            name, target = struct.unpack_from("<II", data, rsrc_off + offset + 16 + 8 * i)
            yield name, target

    def leaves(offset):
        for _, target in entries(offset):
            if target & 0x80000000:
                yield from leaves(target & 0x7FFFFFFF)
            else:
                rva, size = struct.unpack_from("<II", data, rsrc_off + target)
                yield data[rva - rsrc_va: rva - rsrc_va + size]

    found = {}
    for type_id, target in entries(0):
        found[TYPES.get(type_id, str(type_id))] = list(leaves(target & 0x7FFFFFFF))
    problems = []
    print("subsystem:", {2: "windows (GUI)", 3: "console"}.get(subsystem, subsystem))
    if subsystem != 2:
        problems.append("not a windowed (GUI subsystem) executable")
    for kind in ("ICON", "GROUP_ICON", "VERSION", "MANIFEST"):
        print(f"{kind}: {len(found.get(kind, []))} resource(s)")
        if not found.get(kind):
            problems.append(f"no {kind} resource")
    version_text = b"".join(found.get("VERSION", [])).decode("utf-16-le", "replace")
    for key, value in (("ProductName", "Overstap"), ("FileVersion", version), ("ProductVersion", version)):
        ok = key in version_text and value in version_text.split(key, 1)[-1][:80]
        print(f"version info {key} = {value}: {'yes' if ok else 'MISSING'}")
        if not ok:
            problems.append(f"version info lacks {key} {value}")
    manifest = b"".join(found.get("MANIFEST", [])).decode("utf-8", "replace")
    for needle in ('level="asInvoker"', "PerMonitorV2", "Microsoft.Windows.Common-Controls",
                   "<activeCodePage", ">UTF-8<"):
        ok = needle in manifest
        print(f"manifest {needle}: {'yes' if ok else 'MISSING'}")
        if not ok:
            problems.append(f"manifest lacks {needle}")
    if problems:
        print("PROBLEMS:", "; ".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
