"""The lowest manylinux tag that an extension module's needs allow, and a check of a wheel's tag.

PEP 600 defines manylinux_2_X: a wheel of that tag runs on any Linux with glibc 2.X or newer. Its
ELF files may then need only the libraries of the policy, and only the symbol versions that the
policy lists for each prefix (GLIBC, GLIBCXX, CXXABI, GCC, ZLIB, LIBATOMIC). A few symbols of
libc, libm, libpthread and libz are forbidden below some policies. auditwheel keeps these
policies as data; manylinux_policy_x86_64.json holds their x86_64 part (its "source" field says
where it comes from). This file decides as auditwheel's `show` does, for x86_64 only: the tag is
the lowest policy that every ELF file in the wheel satisfies, with its legacy alias (manylinux2014
for manylinux_2_17) after it. Where no policy allows the files, the tag stays linux_x86_64.

auditwheel's `repair` would also copy outside libraries into the wheel. This file does not: a
library outside the policy makes the wheel linux_x86_64.

Usage:
  manylinux_policy.py show FILE.so...   what the files need, and the tag that allows it
  manylinux_policy.py check WHEEL...    each wheel's tag is the lowest that its ELF files allow;
                                        exits 1 with the reasons where it is not
"""
import argparse
import dataclasses
import json
import os
import re
import struct
import sys
import zipfile

import elf_dependencies

TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "manylinux_policy_x86_64.json")
ARCHITECTURE = "x86_64"
FALLBACK_PLATFORM = f"linux_{ARCHITECTURE}"


def version_key(version):
    """Sorts 3.4.9 before 3.4.10. Names such as FLOAT128 sort after every number."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in version.split(".")]


def is_loader(library):
    # The dynamic loader comes with libc; auditwheel leaves it out of every check.
    return library.startswith("ld-linux")


@dataclasses.dataclass(frozen=True)
class Policy:
    name: str
    aliases: tuple[str, ...]
    libraries: frozenset[str]
    symbol_versions: dict[str, frozenset[str]]
    blacklist: dict[str, frozenset[str]]

    def platform_tags(self):
        return [f"{name}_{ARCHITECTURE}" for name in (self.name,) + self.aliases]

    def limit(self, prefix):
        numbers = [v for v in self.symbol_versions[prefix] if re.fullmatch(r"[\d.]+", v)]
        return f"{prefix}_{max(numbers, key=version_key)}" if numbers else f"no {prefix} symbol"

    def violations(self, needs):
        """Why this policy does not allow an ELF file's Dependencies: an empty list if it does."""
        reasons = []
        if needs.machine != elf_dependencies.EM_X86_64:
            reasons.append(f"it is not an x86_64 file (ELF machine {needs.machine})")
        for library in needs.libraries:
            if not is_loader(library) and library not in self.libraries:
                reasons.append(f"it needs {library}, a library outside {self.name}")
        for library, versions in needs.versions.items():
            if is_loader(library):
                continue
            for version in sorted(versions, key=version_key):
                prefix, _, number = version.partition("_")
                allowed = self.symbol_versions.get(prefix)
                if allowed is not None and number not in allowed:
                    reasons.append(f"it needs {version} from {library}, and {self.name} "
                                   f"allows up to {self.limit(prefix)}")
        undefined = set(needs.undefined_symbols)
        for library in needs.libraries:
            for symbol in sorted(self.blacklist.get(library, frozenset()) & undefined):
                reasons.append(f"it uses {symbol} from {library}, which {self.name} forbids")
        return reasons


def load_policies(path=TABLE):
    """The policies of the table, lowest glibc first."""
    with open(path, encoding="utf-8") as file:
        table = json.load(file)
    policies = [Policy(entry["name"], tuple(entry["aliases"]), frozenset(entry["libraries"]),
                       {k: frozenset(v) for k, v in entry["symbol_versions"].items()},
                       {k: frozenset(v) for k, v in entry["blacklist"].items()})
                for entry in table["policies"]]
    # manylinux_2_17 sorts by 2.17.
    return sorted(policies, key=lambda p: version_key(p.name.split("_", 1)[1].replace("_", ".")))


def highest_versions(needs_list):
    """The highest version needed of each prefix, over several files: {"GLIBC": "GLIBC_2.32"}."""
    highest = {}
    for needs in needs_list:
        for library, versions in needs.versions.items():
            for version in versions:
                prefix, _, number = version.partition("_")
                if not is_loader(library) and (prefix not in highest or version_key(number) >
                                               version_key(highest[prefix].partition("_")[2])):
                    highest[prefix] = version
    return dict(sorted(highest.items()))


def lowest_policy(needs_list, policies):
    """The lowest policy that allows every file, or None; and why each lower policy does not."""
    refusals = {}
    for policy in policies:
        reasons = [reason for needs in needs_list for reason in policy.violations(needs)]
        if not reasons:
            return policy, refusals
        refusals[policy.name] = reasons
    return None, refusals


def platform_tags(needs_list, policies):
    """The platform tags of a wheel of these files, and a sentence saying why."""
    policy, refusals = lowest_policy(needs_list, policies)
    needs = ", ".join(highest_versions(needs_list).values()) or "no versioned symbol"
    if policy is None:
        highest = policies[-1]
        return [FALLBACK_PLATFORM], (f"no manylinux policy allows it, so it stays "
                                     f"{FALLBACK_PLATFORM}: under {highest.name}, "
                                     + "; ".join(refusals[highest.name]))
    return policy.platform_tags(), f"{policy.name} is the lowest policy that allows {needs}"


def wheel_platforms(name):
    """The Python tag, ABI tag and platform tags of a wheel's file name. The name may compress
    several platform tags with dots."""
    parts = os.path.basename(name)[:-len(".whl")].split("-")
    if len(parts) not in (5, 6):
        raise ValueError(f"{name} is not a wheel's file name")
    return parts[-3], parts[-2], parts[-1].split(".")


def check_wheel(path, policies):
    """Every problem with the wheel's platform tags, as sentences; an empty list if none."""
    python, abi, claimed = wheel_platforms(path)
    problems = []
    with zipfile.ZipFile(path) as wheel:
        wheel_files = [n for n in wheel.namelist() if re.fullmatch(r"[^/]+\.dist-info/WHEEL", n)]
        if len(wheel_files) != 1:
            return [f"it holds {len(wheel_files)} .dist-info/WHEEL files, not one"]
        lines = wheel.read(wheel_files[0]).decode("utf-8").splitlines()
        tags = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Tag:")]
        needs_list = []
        for member in wheel.namelist():
            data = wheel.read(member)
            if elf_dependencies.is_elf(data):
                try:
                    needs_list.append(elf_dependencies.dependencies(data))
                except (ValueError, IndexError, struct.error) as error:
                    problems.append(f"{member} cannot be read: {error}")
    expected_tags = [f"{python}-{abi}-{platform}" for platform in claimed]
    if tags != expected_tags:
        problems.append(f"its WHEEL file says Tag: {', '.join(tags)}; its name says "
                        f"{', '.join(expected_tags)}")
    if not needs_list:
        problems.append("it holds no ELF file, so no platform tag applies to it")
        return problems

    expected, why = platform_tags(needs_list, policies)
    by_tag = {tag: policy for policy in policies for tag in policy.platform_tags()}
    for tag in claimed:
        policy = by_tag.get(tag)
        if policy is None and tag != FALLBACK_PLATFORM:
            problems.append(f"{tag} is no manylinux tag of {ARCHITECTURE} that this table knows")
        elif policy is not None:
            for reason in dict.fromkeys(r for n in needs_list for r in policy.violations(n)):
                problems.append(f"{tag} does not allow its ELF files: {reason}")
    if claimed != expected:
        problems.append(f"its platform tags are {'.'.join(claimed)}, and should be "
                        f"{'.'.join(expected)}: {why}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="what ELF files need, and the tag that allows it")
    show.add_argument("files", nargs="+")
    check = commands.add_parser("check", help="each wheel's tag is the lowest its files allow")
    check.add_argument("wheels", nargs="+")
    parser.add_argument("--table", default=TABLE, help="the policy table (JSON)")
    args = parser.parse_args(argv)
    policies = load_policies(args.table)

    if args.command == "show":
        needs_list = []
        for name in args.files:
            with open(name, "rb") as file:
                needs = elf_dependencies.dependencies(file.read())
            needs_list.append(needs)
            print(f"{name}: needs {', '.join(needs.libraries)}")
        tags, why = platform_tags(needs_list, policies)
        print(f"highest versions: {', '.join(highest_versions(needs_list).values())}")
        print(f"platform tag: {'.'.join(tags)} ({why})")
        return 0

    failed = False
    for wheel in args.wheels:
        problems = check_wheel(wheel, policies)
        if problems:
            failed = True
            print(f"{wheel}: FAILED", *(f"  {problem}" for problem in problems), sep="\n")
        else:
            print(f"{wheel}: its tag is the lowest that its ELF files allow")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
