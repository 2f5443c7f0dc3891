#!/usr/bin/env python3
"""Builds the traincmp wheel for one Linux platform: publishes the Native AOT binary, reads from its ELF files
which glibc it needs, and builds a wheel tagged manylinux_2_XX_<arch> with hatchling, offline.

    /usr/bin/python3 tools/build_wheel.py                      # linux-x64 (this machine), into artifacts/wheels/
    /usr/bin/python3 tools/build_wheel.py --rid linux-arm64    # cross-compiled with clang (see CROSS below)
    /usr/bin/python3 tools/build_wheel.py --publish-dir DIR    # wrap a folder `dotnet publish` already wrote

Needs Debian's python3-build and python3-hatchling (no build isolation: nothing comes from PyPI), binutils'
objdump, and the .NET SDK unless --publish-dir is given.

The tag is chosen from the binary, not assumed: manylinux_2_XX where 2.XX is the newest GLIBC_ symbol version any
of the ELF files asks for (objdump -p, "Version References"), and every library they link (NEEDED) must be one a
manylinux system provides. A binary linked on this Debian 12 machine asks for glibc 2.34 (the pthread and dl
functions moved into libc in 2.34), so the wheel installs on glibc 2.34 and newer (Ubuntu 22.04+, Debian 12+,
RHEL 9+) and pip refuses it elsewhere instead of installing a binary that cannot start.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "src" / "TrainCompare.Cli"

# the wheel's platform: RID -> (ELF e_machine, wheel arch, objdump to try first)
ARCH = {
    "linux-x64": (62, "x86_64", "objdump"),
    "linux-arm64": (183, "aarch64", "aarch64-linux-gnu-objdump"),
}
# Native AOT cross-compiling (x64 -> arm64): clang with lld, and Debian's arm64 multiarch C library in the host's
# own root (apt-get install clang lld libc6-dev:arm64 libgcc-12-dev:arm64 after dpkg --add-architecture arm64);
# gcc, which the project links with otherwise, takes no --target
CROSS = {
    ("linux-x64", "linux-arm64"): ["-p:CppCompilerAndLinker=clang", "-p:LinkerFlavor=lld", "-p:SysRoot=/"],
}
# libraries every manylinux system has (PEP 600 / auditwheel's policy): a binary may link these and nothing else
MANYLINUX_LIBS = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libpthread.so.0", "libgcc_s.so.1", "libstdc++.so.6",
    "libutil.so.1", "libresolv.so.2", "libnsl.so.1",
    "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
}
# the files a traincmp publish folder holds, and nothing else goes into the wheel
EXPECTED = ["traincmp", "libSkiaSharp.so", "libHarfBuzzSharp.so", "fonts"]
MAX_WHEEL_BYTES = 12 * 1000 * 1000  # the "under 12 MB" for linux x86_64


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rid", default=host_rid(), choices=sorted(ARCH), help="the .NET runtime identifier")
    parser.add_argument("--publish-dir", type=Path, help="a `dotnet publish` folder to wrap instead of publishing")
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "wheels", help="where the wheel goes")
    parser.add_argument("--publish-arg", action="append", default=[],
                        help="one more argument for dotnet publish (cross-compiling: -p:...)")
    args = parser.parse_args()

    check_build_tools()
    with tempfile.TemporaryDirectory(prefix="traincmp-wheel-") as tmp:
        publish = args.publish_dir
        if publish is None:
            publish = Path(tmp) / "publish"
            run(["dotnet", "publish", str(PROJECT), "-c", "Release", "-r", args.rid, "-o", str(publish),
                 "-p:CopyOutputSymbolsToPublishDirectory=false", *CROSS.get((host_rid(), args.rid), []),
                 *args.publish_arg])
        publish = publish.resolve()
        staged = Path(tmp) / "bin"
        stage(publish, staged)
        licenses(staged / "licenses")
        platform = platform_tag(staged, args.rid)
        print(f"platform tag: {platform}")
        args.out.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, TRAINCMP_PUBLISH_DIR=str(staged), TRAINCMP_WHEEL_PLATFORM=platform,
                   SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1704067200"))
        built = Path(tmp) / "dist"
        # --skip-dependency-check: Debian's hatchling declares `editables` (used by editable installs alone),
        # which Debian does not package; the build needs hatchling itself, checked above
        run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--skip-dependency-check",
             "--outdir", str(built), str(ROOT / "python")], env=env)
        wheels = list(built.glob("*.whl"))
        if len(wheels) != 1:
            sys.exit(f"build_wheel: expected one wheel, found {[w.name for w in wheels]}")
        wheel = args.out / wheels[0].name
        shutil.copyfile(wheels[0], wheel)
    check_wheel(wheel, platform)
    size = wheel.stat().st_size
    print(f"{wheel} ({size / 1e6:.1f} MB)")
    if args.rid == "linux-x64" and size >= MAX_WHEEL_BYTES:
        sys.exit(f"build_wheel: {wheel.name} is {size} bytes, over {MAX_WHEEL_BYTES}")
    return 0


def host_rid() -> str:
    machine = os.uname().machine
    return {"x86_64": "linux-x64", "aarch64": "linux-arm64"}.get(machine, "linux-x64")


def check_build_tools() -> None:
    for module in ("build", "hatchling"):
        try:
            __import__(module)
        except ImportError:
            sys.exit(f"build_wheel: {sys.executable} has no `{module}` module: apt-get install python3-build "
                     f"python3-hatchling, and run this with /usr/bin/python3")


def run(command: List[str], env: Optional[Dict[str, str]] = None) -> None:
    print("+ " + " ".join(command), flush=True)
    subprocess.run(command, check=True, env=env)


def stage(publish: Path, staged: Path) -> None:
    """Copies what the wheel carries: the binary, its two native libraries and the fonts. A symbol file or
    anything unexpected beside them stops the build rather than ship."""
    present = sorted(p.name for p in publish.iterdir())
    missing = [n for n in EXPECTED if n not in present]
    unexpected = [n for n in present if n not in EXPECTED]
    if missing or unexpected:
        sys.exit(f"build_wheel: {publish}: missing {missing}, unexpected {unexpected}")
    staged.mkdir()
    for name in EXPECTED:
        source = publish / name
        if source.is_dir():
            shutil.copytree(source, staged / name)
        else:
            shutil.copy2(source, staged / name)
    (staged / "traincmp").chmod(0o755)


def licenses(target: Path) -> None:
    """The notices of what the binary carries: the .NET runtime compiled into it (from the SDK's own root) and
    SkiaSharp's libraries, whose notices also cover Skia and HarfBuzz (from the NuGet package the build restored).
    The fonts carry theirs in fonts/."""
    target.mkdir()
    dotnet_root = Path(shutil.which("dotnet") or "dotnet").resolve().parent
    props = (ROOT / "Directory.Packages.props").read_text(encoding="utf-8")
    package = "SkiaSharp.NativeAssets.Linux.NoDependencies"
    m = re.search(rf'Include="{re.escape(package)}" Version="([^"]+)"', props)
    if not m:
        sys.exit(f"build_wheel: Directory.Packages.props does not pin {package}")
    nuget = Path(os.environ.get("NUGET_PACKAGES") or Path.home() / ".nuget" / "packages")
    skia = nuget / package.lower() / m.group(1)
    sources = {
        "dotnet-LICENSE.txt": dotnet_root / "LICENSE.txt",
        "dotnet-ThirdPartyNotices.txt": dotnet_root / "ThirdPartyNotices.txt",
        "SkiaSharp-LICENSE.txt": skia / "LICENSE.txt",
        "SkiaSharp-THIRD-PARTY-NOTICES.txt": skia / "THIRD-PARTY-NOTICES.txt",
    }
    for name, source in sources.items():
        if not source.is_file():
            sys.exit(f"build_wheel: {source} is missing: the wheel must carry it")
        shutil.copyfile(source, target / name)


def platform_tag(staged: Path, rid: str) -> str:
    machine, arch, objdump = ARCH[rid]
    if not shutil.which(objdump):
        objdump = "objdump"
    newest: Tuple[int, ...] = (2, 17)  # the oldest manylinux that pip still installs on its own
    for elf in (staged / "traincmp", staged / "libSkiaSharp.so", staged / "libHarfBuzzSharp.so"):
        found = elf_machine(elf)
        if found != machine:
            sys.exit(f"build_wheel: {elf.name} is for ELF machine {found}, not {arch} ({rid})")
        needed, versions = dynamic_info(objdump, elf)
        foreign = sorted(set(needed) - MANYLINUX_LIBS)
        if foreign:
            sys.exit(f"build_wheel: {elf.name} links {foreign}, which a manylinux system need not have")
        if "GLIBC_PRIVATE" in versions:
            sys.exit(f"build_wheel: {elf.name} uses GLIBC_PRIVATE symbols: it runs only on the glibc it was linked with")
        glibc = [tuple(int(x) for x in v.split("_", 1)[1].split(".")[:2]) for v in versions if v.startswith("GLIBC_2")]
        if glibc:
            newest = max(newest, max(glibc))
        shown = ".".join(map(str, max(glibc))) if glibc else "-"
        print(f"  {elf.name}: links {', '.join(needed)}; newest glibc symbol version {shown}")
    return f"manylinux_{newest[0]}_{newest[1]}_{arch}"


def elf_machine(path: Path) -> int:
    with open(path, "rb") as f:
        head = f.read(20)
    if head[:4] != b"\x7fELF":
        sys.exit(f"build_wheel: {path.name} is not an ELF file")
    return int.from_bytes(head[18:20], "little" if head[5] == 1 else "big")


def dynamic_info(objdump: str, elf: Path) -> Tuple[List[str], List[str]]:
    """NEEDED libraries and the symbol versions asked of them, from objdump -p."""
    out = subprocess.run([objdump, "-p", str(elf)], check=True, capture_output=True, text=True).stdout
    needed = re.findall(r"^\s*NEEDED\s+(\S+)", out, re.M)
    refs = out.split("Version References:", 1)[1] if "Version References:" in out else ""
    versions = re.findall(r"\b0x[0-9a-f]+\s+0x[0-9a-f]+\s+\d+\s+(\S+)", refs)
    if not needed or not versions:
        sys.exit(f"build_wheel: {objdump} -p {elf.name} shows no dynamic section: cannot tell which glibc it needs")
    return needed, versions


def check_wheel(wheel: Path, platform: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        info = z.getinfo("traincmp/bin/traincmp")
        if not (info.external_attr >> 16) & 0o111:
            sys.exit(f"build_wheel: traincmp/bin/traincmp is not executable in {wheel.name}")
        wheel_file = next(n for n in names if n.endswith(".dist-info/WHEEL"))
        text = z.read(wheel_file).decode()
        if f"Tag: py3-none-{platform}" not in text or "Root-Is-Purelib: false" not in text:
            sys.exit(f"build_wheel: {wheel_file} says:\n{text}")
        for needed in ("traincmp/bin/libSkiaSharp.so", "traincmp/bin/libHarfBuzzSharp.so",
                       "traincmp/bin/fonts/DejaVuSans.ttf", "traincmp/bin/fonts/LICENSE-DejaVu.txt",
                       "traincmp/bin/licenses/SkiaSharp-THIRD-PARTY-NOTICES.txt",
                       "traincmp/bin/licenses/dotnet-LICENSE.txt", "traincmp/__main__.py", "traincmp/py.typed"):
            if needed not in names:
                sys.exit(f"build_wheel: {wheel.name} lacks {needed}")
        bad = [n for n in names if n.endswith((".dbg", ".pdb", ".pyc"))]
        if bad:
            sys.exit(f"build_wheel: {wheel.name} carries {bad}")


if __name__ == "__main__":
    sys.exit(main())
