"""The programs that tests/bundle/test_bundle.py runs, in the bundle and under python3: each prints
what it found as JSON, or text that the two must print alike."""

# What a process sees of the installed Pythons: the programs on PATH, and whether each of the
# paths given holds anything (a file, or a directory with entries).
HIDING_PROBE = """
import json, os, shutil, sys
def holds(path):
    return os.path.isfile(path) or (os.path.isdir(path) and bool(os.listdir(path)))
print(json.dumps({"which": {name: shutil.which(name) for name in sys.argv[1].split(",")},
                  "holds": {path: holds(path) for path in sys.argv[2:]}}))
"""
# The installed Python's files, as the reference names them.
INSTALLED_FILES = """
import json, os, sys, sysconfig
paths = [os.__file__, os.path.realpath(sys.executable), sysconfig.get_paths()["stdlib"],
         sysconfig.get_config_var("WHEEL_PKG_DIR") or "",
         os.path.join(sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME"))]
print(json.dumps([path for path in paths + sys.path[1:] if path]))
"""
# Where a Python finds itself.
LOCATION_PROBE = """
import json, sys, sysconfig
found = {"sys.executable": sys.executable, "sys.prefix": sys.prefix,
         "sys.base_prefix": sys.base_prefix, "sys.exec_prefix": sys.exec_prefix}
found.update({f"get_paths()[{key!r}]": value for key, value in sysconfig.get_paths().items()})
found.update({f"get_config_var({name!r})": sysconfig.get_config_var(name)
              for name in ("prefix", "exec_prefix", "BINDIR", "LIBDEST")})
print(json.dumps(found))
"""
# Where each module and each library in the process comes from, after many imports.
ORIGINS_PROBE = """
import json, site, sys
import asyncio, ctypes, decimal, email.parser, http.client, sqlite3, ssl
with open("/proc/self/maps") as maps:
    mapped = {line.split(maxsplit=5)[5].strip() for line in maps if len(line.split()) == 6}
print(json.dumps({"files": {name: getattr(module, "__file__", None)
                            for name, module in sys.modules.items()},
                  "json": json.__spec__.origin, "path": sys.path,
                  "json_loader": type(json.__loader__).__name__,
                  "user_site": site.getusersitepackages(),
                  "mapped": sorted(path for path in mapped if path.startswith("/"))}))
"""
# Each program runs inside the namespace and under python3, and must print the same.
STANDARD_LIBRARY_CASES = {
    "ssl_makes_a_default_context": """
        import ssl
        context = ssl.create_default_context()
        print(ssl.OPENSSL_VERSION, context.verify_mode, context.check_hostname)
        print(ssl.get_default_verify_paths(), context.cert_store_stats())""",
    "sqlite3_queries_a_database_in_memory": """
        import sqlite3
        db = sqlite3.connect(":memory:")
        db.execute("create table t (x)")
        db.executemany("insert into t values (?)", [(1,), (2.5,), ("text",)])
        print(db.execute("select count(*), sum(x), group_concat(x, '|') from t").fetchone())
        print(sqlite3.sqlite_version)""",
    "ctypes_calls_strlen_in_libc": """
        import ctypes, ctypes.util
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.strlen.restype, libc.strlen.argtypes = ctypes.c_size_t, [ctypes.c_char_p]
        print(ctypes.util.find_library("c"), libc.strlen(b"a bundle without Python"))""",
    "decimal_computes_with_libmpdec": """
        import decimal, _decimal
        decimal.getcontext().prec = 60
        print(decimal.Decimal(1) / 7, decimal.Decimal(2).sqrt(), _decimal.__libmpdec_version__)""",
    "hashlib_digests_sha256_md5_sha3_and_blake2b": """
        import hashlib
        for name in ("sha256", "md5", "sha3_256", "blake2b"):
            print(name, getattr(hashlib, name)(b"bundle").hexdigest(),
                  hashlib.new(name, b"bundle").hexdigest())
        print(sorted(hashlib.algorithms_available))""",
    "lzma_bz2_and_zlib_round_trip": """
        import bz2, hashlib, lzma, zlib
        data = bytes(range(256)) * 64 + "\u00e9\u20ac".encode() * 100
        for module in (lzma, bz2, zlib):
            packed = module.compress(data)
            print(module.__name__, module.decompress(packed) == data,
                  hashlib.sha256(packed).hexdigest())""",
    "readline_imports": """
        import readline
        print(readline._READLINE_LIBRARY_VERSION, readline._READLINE_VERSION)""",
    "zoneinfo_finds_a_real_zone": """
        import datetime, zoneinfo
        moment = datetime.datetime(2024, 7, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
        print(moment.isoformat(), moment.tzname(), moment.astimezone(datetime.timezone.utc))
        print(len(zoneinfo.available_timezones()) > 400)""",
}
