"""What a 64-bit little-endian ELF shared object needs from the system, read with the standard
library alone: its DT_NEEDED libraries, the symbol versions it needs from each (GLIBC_2.14,
GLIBCXX_3.4.29, ...) and the names of its undefined dynamic symbols.

pyelftools is not on PyPI's side of this machine, and pyenv's Pythons do not see Debian's copy.
The three tables sit in sections that the System V ABI and the GNU symbol versioning extension
describe (https://refspecs.linuxfoundation.org/LSB_5.0.0/LSB-Core-generic/LSB-Core-generic/symversion.html).
The tests compare this reader with readelf.

Usage: elf_dependencies.py FILE.so  (prints what it found, as JSON)
"""
import dataclasses
import json
import struct
import sys

EM_X86_64 = 62
SHT_DYNAMIC = 6
SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
DT_NULL = 0
DT_NEEDED = 1
SHN_UNDEF = 0

ELF_HEADER = struct.Struct("<16sHHIQQQIHHHHHH")
SECTION_HEADER = struct.Struct("<IIQQQQIIQQ")
DYNAMIC_ENTRY = struct.Struct("<qQ")
VERNEED = struct.Struct("<HHIII")
VERNAUX = struct.Struct("<IHHII")
SYMBOL = struct.Struct("<IBBHQQ")


class NotElfError(ValueError):
    pass


@dataclasses.dataclass
class Dependencies:
    machine: int
    # DT_NEEDED, in the order of the dynamic section.
    libraries: list[str]
    # The version names needed from each library, e.g. {"libc.so.6": ["GLIBC_2.14"]}.
    versions: dict[str, list[str]]
    undefined_symbols: list[str]


def is_elf(data):
    return data[:4] == b"\x7fELF"


def read_string(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode("utf-8", "replace")


def dependencies(data):
    """The Dependencies of an ELF file given as bytes."""
    if not is_elf(data):
        raise NotElfError("not an ELF file")
    # e_ident[4] is the class (2: 64-bit), e_ident[5] the byte order (1: little-endian).
    if data[4] != 2 or data[5] != 1:
        raise NotElfError("not a 64-bit little-endian ELF file")
    header = ELF_HEADER.unpack_from(data, 0)
    machine, section_offset = header[2], header[6]
    section_size, section_count = header[11], header[12]
    sections = [SECTION_HEADER.unpack_from(data, section_offset + index * section_size)
                for index in range(section_count)]

    def strings_of(section):
        # sh_link of these three sections names their string table, .dynstr.
        return sections[section[6]][4]

    libraries, versions, undefined = [], {}, []
    for section in sections:
        kind, offset, size = section[1], section[4], section[5]
        if kind == SHT_DYNAMIC:
            for position in range(offset, offset + size, DYNAMIC_ENTRY.size):
                tag, value = DYNAMIC_ENTRY.unpack_from(data, position)
                if tag == DT_NULL:
                    break
                if tag == DT_NEEDED:
                    libraries.append(read_string(data, strings_of(section) + value))
        elif kind == SHT_GNU_VERNEED:
            # sh_info counts the Verneed entries; each heads a chain of Vernaux entries.
            position = offset
            for _ in range(section[7]):
                _, count, file_name, aux, following = VERNEED.unpack_from(data, position)
                library = read_string(data, strings_of(section) + file_name)
                names = versions.setdefault(library, [])
                aux_position = position + aux
                for _ in range(count):
                    _, _, _, name, aux_following = VERNAUX.unpack_from(data, aux_position)
                    names.append(read_string(data, strings_of(section) + name))
                    aux_position += aux_following
                position += following
        elif kind == SHT_DYNSYM:
            for position in range(offset, offset + size, SYMBOL.size):
                name, _, _, section_index, _, _ = SYMBOL.unpack_from(data, position)
                if section_index == SHN_UNDEF and name:
                    undefined.append(read_string(data, strings_of(section) + name))
    return Dependencies(machine, libraries, versions, undefined)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.rstrip().rsplit("\n", 1)[-1], file=sys.stderr)
        return 2
    with open(argv[0], "rb") as file:
        print(json.dumps(dataclasses.asdict(dependencies(file.read())), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
