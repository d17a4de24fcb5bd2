"""The manylinux policy (scripts/manylinux_policy.py) and its check (ManylinuxPolicyTest): the
lowest tag for known needs, and the check's verdict on the built wheel and on copies of it whose
tags claim less or more than their ELF files allow (retagged).
"""

import os
import sys
import zipfile

from support import settings
from packaging_case import (MODULE, SOURCE_DIR, TemporaryDirectoryTest, readelf_dependencies,
                            record_hash, run, script, script_modules)


def retagged(wheel, out_dir, platforms, wheel_file_platforms=None):
    """A copy of the wheel whose name claims these platform tags, and whose WHEEL file claims
    wheel_file_platforms (the same by default). Its RECORD stays true."""
    _, manylinux_policy = script_modules()
    python, abi, _ = manylinux_policy.wheel_platforms(wheel)
    tags = [f"{python}-{abi}-{p}" for p in wheel_file_platforms or platforms]
    with zipfile.ZipFile(wheel) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    dist_info = next(name for name in contents if name.endswith(".dist-info/WHEEL")).split("/")[0]
    lines = contents[f"{dist_info}/WHEEL"].decode("utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("Tag:")] + [f"Tag: {t}" for t in tags]
    contents[f"{dist_info}/WHEEL"] = ("\n".join(lines) + "\n").encode("utf-8")
    record = f"{dist_info}/RECORD"
    contents[record] = ("".join(f"{name},{record_hash(data)},{len(data)}\n"
                                for name, data in contents.items() if name != record)
                        + f"{record},,\n").encode("utf-8")
    name = os.path.basename(wheel).rsplit("-", 1)[0] + f"-{'.'.join(platforms)}.whl"
    target = os.path.join(out_dir, name)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for member, data in contents.items():
            copy.writestr(member, data)
    return target


class ManylinuxPolicyTest(TemporaryDirectoryTest):
    """scripts/manylinux_policy.py, which tags the wheel and checks tags: it accepts the built
    wheel, and refuses wheels whose tags claim less or more than their ELF files allow."""

    needs = ("wheel",)

    def setUp(self):
        super().setUp()
        self.elf_dependencies, self.manylinux_policy = script_modules()
        self.policies = self.manylinux_policy.load_policies()
        with open(settings.OPTIONS.extension, "rb") as file:
            self.extension_bytes = file.read()
        self.platforms, _ = self.manylinux_policy.platform_tags(
            [self.elf_dependencies.dependencies(self.extension_bytes)], self.policies)

    def check(self, wheel):
        return run([sys.executable, script("manylinux_policy"), "check", wheel],
                   self.env, check=False)

    def assert_refused(self, wheel, *reasons):
        checked = self.check(wheel)
        self.assertEqual(checked.returncode, 1, checked.stdout + checked.stderr)
        for reason in reasons:
            self.assertIn(reason, checked.stdout)

    def test_the_elf_reader_finds_what_readelf_and_nm_find(self):
        mine = self.elf_dependencies.dependencies(self.extension_bytes)
        theirs = readelf_dependencies(settings.OPTIONS.extension)
        self.assertEqual(mine.machine, theirs.machine)
        self.assertEqual(mine.libraries, theirs.libraries)
        self.assertEqual({k: sorted(v) for k, v in mine.versions.items()},
                         {k: sorted(v) for k, v in theirs.versions.items()})
        self.assertEqual(sorted(mine.undefined_symbols), sorted(theirs.undefined_symbols))
        self.assertIn("libc.so.6", mine.libraries)

    def test_the_table_gives_the_lowest_policy_and_its_alias_for_known_needs(self):
        def tags(versions, libraries=("libc.so.6", "libstdc++.so.6"), undefined=(), machine=62):
            needs = self.elf_dependencies.Dependencies(machine, list(libraries),
                                                  {"libc.so.6": list(versions)}, list(undefined))
            return self.manylinux_policy.platform_tags([needs], self.policies)[0]

        self.assertEqual(tags(["GLIBC_2.5", "GLIBCXX_3.4.8", "CXXABI_1.3.1"]),
                         ["manylinux_2_5_x86_64", "manylinux1_x86_64"])
        self.assertEqual(tags(["GLIBC_2.12", "GLIBCXX_3.4.13"]),
                         ["manylinux_2_12_x86_64", "manylinux2010_x86_64"])
        self.assertEqual(tags(["GLIBC_2.14", "GLIBCXX_3.4.19", "GCC_4.8.0"]),
                         ["manylinux_2_17_x86_64", "manylinux2014_x86_64"])
        # No policy lies between manylinux_2_17 and manylinux_2_24.
        self.assertEqual(tags(["GLIBC_2.18"]), ["manylinux_2_24_x86_64"])
        self.assertEqual(tags(["GLIBC_2.32"]), ["manylinux_2_34_x86_64"])
        self.assertEqual(tags(["GLIBC_2.17", "GLIBCXX_3.4.30"]), ["manylinux_2_35_x86_64"])
        # Forbidden below manylinux_2_24, whatever the versions.
        self.assertEqual(tags(["GLIBC_2.5"], undefined=["__cxa_thread_atexit_impl"]),
                         ["manylinux_2_24_x86_64"])
        self.assertEqual(tags(["GLIBC_PRIVATE"]), ["linux_x86_64"])
        self.assertEqual(tags(["GLIBC_2.5"], libraries=["libc.so.6", "libpython3.11.so.1.0"]),
                         ["linux_x86_64"])
        self.assertEqual(tags(["GLIBC_2.5"], machine=183), ["linux_x86_64"])

    def test_the_check_accepts_the_built_wheel(self):
        checked = self.check(settings.OPTIONS.wheel)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)

    def test_the_check_refuses_a_tag_below_what_the_symbols_need(self):
        wheel = retagged(settings.OPTIONS.wheel, self.directory,
                         ["manylinux_2_5_x86_64", "manylinux1_x86_64"])
        self.assert_refused(wheel, "manylinux_2_5_x86_64 does not allow its ELF files: it needs "
                            "GLIBC_2.14 from libc.so.6, and manylinux_2_5 allows up to GLIBC_2.5",
                            f"should be {'.'.join(self.platforms)}")

    def test_the_check_refuses_a_tag_above_the_lowest(self):
        names = [policy.platform_tags()[0] for policy in self.policies]
        higher = names[names.index(self.platforms[0]) + 1]
        self.assert_refused(retagged(settings.OPTIONS.wheel, self.directory, [higher]),
                            f"its platform tags are {higher}, and should be "
                            f"{'.'.join(self.platforms)}")

    def test_the_check_refuses_a_wheel_file_whose_tags_differ_from_the_name(self):
        wheel = retagged(settings.OPTIONS.wheel, self.directory, self.platforms, ["linux_x86_64"])
        self.assert_refused(wheel, "its WHEEL file says Tag:")

    def test_a_library_outside_the_policy_makes_the_wheel_linux_and_a_manylinux_claim_fails(self):
        # The same extension, needing libq.so.6 in place of libc.so.6: no policy allows it.
        self.assertEqual(self.extension_bytes.count(b"\0libc.so.6\0"), 1)
        patched = os.path.join(self.directory, "extension",
                               os.path.basename(settings.OPTIONS.extension))
        os.mkdir(os.path.dirname(patched))
        with open(patched, "wb") as file:
            file.write(self.extension_bytes.replace(b"\0libc.so.6\0", b"\0libq.so.6\0"))
        dist = os.path.join(self.directory, "dist")
        built = run([sys.executable, script("build_wheel"),
                     "--name", MODULE, "--version", "0.1.0",
                     "--readme", os.path.join(SOURCE_DIR, "python", "README.md"),
                     "--extension", patched, "--stubs", os.path.join(SOURCE_DIR, "python",
                                                                     f"{MODULE}.pyi"),
                     "--out-dir", dist], self.env)
        self.assertIn("no manylinux policy allows it, so it stays linux_x86_64", built.stderr)
        self.assertIn("it needs libq.so.6, a library outside", built.stderr)
        wheel = built.stdout.strip()
        self.assertTrue(wheel.endswith("-linux_x86_64.whl"), wheel)
        checked = self.check(wheel)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        policy = self.platforms[0].removesuffix("_x86_64")
        self.assert_refused(retagged(wheel, self.directory, self.platforms),
                            f"it needs libq.so.6, a library outside {policy}",
                            "should be linux_x86_64")
