"""Hatchling build hook: puts the published traincmp binary into the wheel and tags the wheel for its platform.

tools/build_wheel.py sets the two variables below; without them there is no wheel, since one without the binary
would install a `traincmp` that cannot run.

  TRAINCMP_PUBLISH_DIR    the `dotnet publish` folder: traincmp, libSkiaSharp.so, libHarfBuzzSharp.so, fonts/
  TRAINCMP_WHEEL_PLATFORM the platform tag, e.g. manylinux_2_34_x86_64 (from the binary's glibc symbol versions)
"""

from __future__ import annotations

import os
import re

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class TraincmpBinaryHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        publish = os.environ.get("TRAINCMP_PUBLISH_DIR", "")
        platform = os.environ.get("TRAINCMP_WHEEL_PLATFORM", "")
        if not publish or not platform:
            raise RuntimeError("TRAINCMP_PUBLISH_DIR and TRAINCMP_WHEEL_PLATFORM are not set: "
                               "build the wheel with tools/build_wheel.py")
        if not re.fullmatch(r"[a-z0-9_]+", platform):
            raise RuntimeError(f"TRAINCMP_WHEEL_PLATFORM={platform!r} is not a platform tag")
        binary = "traincmp.exe" if platform.startswith("win") else "traincmp"
        if not os.path.isfile(os.path.join(publish, binary)):
            raise RuntimeError(f"{publish} has no {binary}: not a traincmp publish folder")
        for name in sorted(os.listdir(publish)):
            if name.endswith((".dbg", ".pdb", ".dSYM")):
                raise RuntimeError(f"{publish} holds debug files ({name}): publish without symbols")
        # any Python 3, no Python ABI (the package is pure Python beside a standalone binary), this platform only
        build_data["tag"] = f"py3-none-{platform}"
        build_data["pure_python"] = False
        build_data["force_include"][os.path.abspath(publish)] = "traincmp/bin"
